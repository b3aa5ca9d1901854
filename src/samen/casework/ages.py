"""Minor or adult, read from an approximate age as reporters write it, in the form's languages.

The age field is free text ("about 20", "onder de 18", "poniżej 18", "أقل من ١٨", "16-17",
"dziecko", "geboren 2009"): routing sends a minor victim to the children's route, so a phrase that
says "under 18" must not be read as the number 18 (an adult), and a word for "child" counts in
every language of the public form, not in Dutch and English only. Where the words leave both
possible ("under 25", "over 15", "more than 17") the answer is unknown; a range or a year of birth
that allows an age under 18 is a minor: a possible minor is treated as one until known otherwise.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from samen.intake.validators import age_in_years, parse_dutch_date

ADULT_AGE = 18

# "under", "below", "almost", "turning" 18, and "not over" it: nl, en, pl, ro, bg, uk, ar (and "<").
_UNDER = (
    r"niet\s+ouder\s+dan|niet\s+boven|not\s+over|not\s+older\s+than"
    r"|onder(?:\s+de)?|beneden|jonger\s+dan|minder\s+dan|bijna|nog\s+geen|wordt(?:\s+binnenkort)?"
    r"|under|below|younger\s+than|less\s+than|almost|nearly|not\s+yet|turning|turns|will\s+be"
    r"|poniżej|mniej\s+niż|młodsz[aey]\s+niż|prawie|niespełna"
    r"|sub|mai\s+puțin\s+de|mai\s+mic[ăa]?\s+de|aproape"
    r"|под|до|по-малко\s+от|почти"
    r"|під|менше(?:\s+ніж)?|молодш[аеи]\s+(?:за|ніж)|майже"
    r"|أقل\s+من|تحت|دون|أصغر\s+من|قرابة"
    r"|<"
)
# "over", "above", "older than": the same languages.
_OVER = (
    r"boven(?:\s+de)?|ouder\s+dan|meer\s+dan"
    r"|over|above|older\s+than|more\s+than"
    r"|powyżej|ponad|starsz[aey]\s+niż"
    r"|peste|mai\s+mare\s+de"
    r"|над|по-голям[аo]?\s+от|повече\s+от"
    r"|понад|більше(?:\s+ніж)?|старш[аеи]\s+(?:за|ніж)"
    r"|أكثر\s+من|فوق|أكبر\s+من"
    r"|>"
)
_START = r"(?:^|(?<=\W))"
_NUMBER = r"(\d{1,4})"
_UNDER_NUMBER = re.compile(rf"{_START}(?:{_UNDER})\s*(?:de\s+|the\s+|age\s+of\s+|leeftijd\s+van\s+)?{_NUMBER}")
_OVER_NUMBER = re.compile(rf"{_START}(?:{_OVER})\s*(?:de\s+|the\s+)?{_NUMBER}")
# "18-": Dutch shorthand for under 18 (not the start of a range).
_NUMBER_MINUS = re.compile(rf"{_NUMBER}\s*-(?!\s*\d)")
_NUMBER_PLUS = re.compile(rf"{_NUMBER}\s*\+")
_RANGE = re.compile(rf"{_NUMBER}\s*(?:-|–|—|/|tot|to|à|a|do|până\s+la|до|і|и|إلى)\s*{_NUMBER}")
_MONTHS = re.compile(rf"{_NUMBER}\s*(?:maand|mnd|month|mies|lun|месец|місяц|міс|شهر|أشهر)", re.IGNORECASE)
_ANY_NUMBER = re.compile(_NUMBER)
# Words for a child or a minor, whole or as a word's start where every ending means the same.
_MINOR_WORDS = re.compile(
    rf"{_START}(?:"
    r"minderjarig\w*|kind|kinderen|kindje|tiener\w*|puber\w*|scholier\w*|baby\w*"
    r"|minors|child|children|kid|kids|teen|teens|teenager\w*|underage|under\s+age|juvenile\w*"
    r"|dziec\w*|nieletni\w*|małoletni\w*|nastolat\w*"
    r"|copil\w*|minor[ăe]?|adolescent\w*|elev[ăa]?"
    r"|дете|деца|непълнолет\w*|тийнейджър\w*|юнош\w*"
    r"|дитин\w*|діти|неповнолітн\w*|підліт\w*"
    r"|طفل\w*|أطفال|قاصر\w*|مراهق\w*"
    r")(?!\w)"
)


def _years(digits: str, today: datetime.date) -> int:
    """An age in years; a year of birth ("geboren 2010") as the youngest age it allows."""
    number = int(digits)
    if len(digits) == 4 and 1900 <= number <= today.year:
        return today.year - number - 1
    return number


# What stands between the words of an age, where a date of birth may stand among them.
_BETWEEN_WORDS = re.compile(r"[\s,;:!?()]+")


# A date in digits wherever it stands, also stuck to a word or in quotes: "geb.12-05-1990".
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)")


def _age_by_date_of_birth(text: str, today: datetime.date) -> int | None:
    """The age of someone born on a date the text holds ("geboren 12-05-2010", "2010-05-12",
    "1 januari 1990", "the 1st of July, 1990"), read as intake reads a date of birth; a date that
    does not exist ("31-02-1990") still gives its year of birth."""
    words = [word for word in _BETWEEN_WORDS.split(text) if word]
    # "1st of July 1990" is four words, "12 mei 2010" three, "12-05-2010" one.
    windows = [" ".join(words[start : start + size]) for start in range(len(words)) for size in (4, 3, 1)]
    for candidate in [*(m.group(0) for m in _NUMERIC_DATE.finditer(text)), *windows]:
        try:
            born = parse_dutch_date(candidate.strip("."))
        except ValidationError as error:
            if error.code == "nonexistent" and error.params:
                return _years(str(error.params["year"]), today)
            continue
        return age_in_years(born, today=today)
    return None


def is_minor_age(age: str, *, today: datetime.date | None = None) -> bool | None:
    """Minor (True) or adult (False) from an approximate age as people write it; None if unknown."""
    text = " ".join(age.lower().split())
    if not text:
        return None
    today = today or timezone.localdate()
    if (age_by_date := _age_by_date_of_birth(text, today)) is not None:
        return age_by_date < ADULT_AGE
    if _MONTHS.search(text):
        return True
    if match := _RANGE.search(text):
        return min(_years(match.group(1), today), _years(match.group(2), today)) < ADULT_AGE
    if match := _UNDER_NUMBER.search(text) or _NUMBER_MINUS.search(text):
        return True if _years(match.group(1), today) <= ADULT_AGE else None
    if match := _OVER_NUMBER.search(text):
        return False if _years(match.group(1), today) >= ADULT_AGE else None
    if match := _NUMBER_PLUS.search(text):
        return False if _years(match.group(1), today) >= ADULT_AGE else None
    if match := _ANY_NUMBER.search(text):
        return _years(match.group(1), today) < ADULT_AGE
    if _MINOR_WORDS.search(text):
        return True
    return None
