"""Minor or adult, read from an approximate age as reporters write it, in the form's languages.

The age field is free text ("about 20", "onder de 18", "poniżej 18", "أقل من ١٨", "16-17",
"dziecko"): routing sends a minor victim to the children's route, so a phrase that says "under
18" must not be read as the number 18 (an adult), and a word for "child" counts in every
language of the public form, not in Dutch and English only. Where a range or a comparison
leaves both possible ("under 25", "over 15") the answer is unknown, except a range that starts
under 18: a possible minor is treated as one until known otherwise.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

ADULT_AGE = 18

# "under", "below", "almost" 18: nl, en, pl, ro, bg, uk, ar (and "<").
_UNDER = (
    r"onder(?:\s+de)?|beneden|jonger\s+dan|minder\s+dan|bijna|nog\s+geen"
    r"|under|below|younger\s+than|less\s+than|almost|nearly|not\s+yet"
    r"|poniżej|mniej\s+niż|młodsz[aey]\s+niż|prawie|niespełna"
    r"|sub|mai\s+puțin\s+de|mai\s+mic[ăa]?\s+de|aproape"
    r"|под|до|по-малко\s+от|почти|под\s+възраст"
    r"|під|менше(?:\s+ніж)?|молодш[аеи]\s+(?:за|ніж)|майже|до"
    r"|أقل\s+من|تحت|دون|أصغر\s+من|قرابة"
    r"|<"
)
# "over", "above", "older than": the same languages.
_OVER = (
    r"boven(?:\s+de)?|ouder\s+dan|meer\s+dan|ruim"
    r"|over|above|older\s+than|more\s+than"
    r"|powyżej|ponad|starsz[aey]\s+niż"
    r"|peste|mai\s+mare\s+de"
    r"|над|по-голям[аo]?\s+от|повече\s+от"
    r"|понад|більше(?:\s+ніж)?|старш[аеи]\s+(?:за|ніж)"
    r"|أكثر\s+من|فوق|أكبر\s+من"
    r"|>"
)
_NUMBER = r"(\d{1,4})"
_UNDER_NUMBER = re.compile(rf"(?:^|(?<=\W))(?:{_UNDER})\s*(?:de\s+|the\s+|age\s+of\s+|leeftijd\s+van\s+)?{_NUMBER}")
_OVER_NUMBER = re.compile(rf"(?:^|(?<=\W))(?:{_OVER})\s*(?:de\s+|the\s+)?{_NUMBER}")
_NUMBER_PLUS = re.compile(rf"{_NUMBER}\s*\+")
_RANGE = re.compile(rf"{_NUMBER}\s*(?:-|–|—|/|tot|to|à|a|do|până\s+la|до|і|и|إلى)\s*{_NUMBER}")
_ANY_NUMBER = re.compile(_NUMBER)
# Words for a child or a minor, as a word's start ("kinderen", "nastolatka", "неповнолітня").
_MINOR_WORDS = re.compile(
    r"(?:^|(?<=\W))(?:"
    r"minderjarig|kind|tiener|puber|scholier|baby"
    r"|minor|child|kid|teen|underage|under\s+age|juvenile|schoolgirl|schoolboy"
    r"|dziec|nieletni|małoletni|nastolat"
    r"|copil|minor|adolescent|elev[ăa]?\b"
    r"|дете|деца|непълнолет|тийнейджър|юноша"
    r"|дитин|діти|неповнолітн|підліт"
    r"|طفل|أطفال|قاصر|مراهق"
    r")",
    re.IGNORECASE,
)


def _years(digits: str, today: datetime.date) -> int:
    """An age in years; a year of birth ("geboren 2010") counts from this year."""
    number = int(digits)
    return today.year - number if len(digits) == 4 and 1900 <= number <= today.year else number


def is_minor_age(age: str, *, today: datetime.date | None = None) -> bool | None:
    """Minor (True) or adult (False) from an approximate age as people write it; None if unknown."""
    text = " ".join(age.lower().split())
    if not text:
        return None
    today = today or timezone.localdate()
    if match := _UNDER_NUMBER.search(text):
        return True if _years(match.group(1), today) <= ADULT_AGE else None
    if match := _OVER_NUMBER.search(text):
        return False if _years(match.group(1), today) >= ADULT_AGE - 1 else None
    if match := _NUMBER_PLUS.search(text):
        return False if _years(match.group(1), today) >= ADULT_AGE else None
    if match := _RANGE.search(text):
        return min(_years(match.group(1), today), _years(match.group(2), today)) < ADULT_AGE
    if match := _ANY_NUMBER.search(text):
        return _years(match.group(1), today) < ADULT_AGE
    if _MINOR_WORDS.search(text):
        return True
    return None
