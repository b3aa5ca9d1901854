"""Street addresses deduce misses: Dutch ones in lower case, foreign ones written as at home."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samen.intake.deidentify.spans import Span, value_key

# A street and house number in lower case ("noordeinde 44d"), which deduce's capitalised lists miss
# (public: `identifier_kinds` reads it in any case, where there is no deduce).
_STREET_SUFFIXES = "straat|weg|laan|plein|kade|gracht|dijk|singel|steeg|pad|dreef|baan|einde|markt|wal|allee|boulevard"
STREET = re.compile(rf"(?<![\w-])[a-z][a-z'\-]*(?:{_STREET_SUFFIXES})\s+\d{{1,4}}(?:\s?[a-z]\b|-\d+)?(?![\w-])")
# An address as written at home, the word for street first: Romanian "Str. Florilor nr. 17, bl. C3,
# ap. 12", Polish "ul. Długa 5/12", Bulgarian "ул. „Васил Левски“ 12Б", Ukrainian "вул. Шевченка 3,
# кв. 5": up to three capitalised words of street name (`foreign_street_spans` checks the
# capitals), then the number and its block, staircase, floor and flat. Lower case it would be
# prose: Dutch "woont daar al. Ze werkt 60 uur", Romanian "pe strada timp de 3 nopti".
_FOREIGN_STREET = re.compile(
    r"(?<![\w.])(?i:str\.|strada|bd\.|bulevardul|calea|aleea|ul\.|ulica|aleja|osiedle|"
    r"ул\.|улица|бул\.|булевард|ж\.к\.|вул\.|вулиця|просп\.|проспект)(?:(?<=\.)|(?!\w))"
    r"[ \t]*(?P<quote>[„\"“«])?(?P<street>[^\W\d_][\w'’-]{0,30}(?:[ \t]+[^\W\d_][\w'’-]{0,30}){0,2})[“\"”»]?,?[ \t]+"
    r"(?i:nr\.?[ \t]*|№[ \t]*)?\d{1,4}(?i:[a-zа-я])?(?:/\d{1,4})?(?![\w/])"
    r"(?:,?[ \t]*+(?i:bl|sc|et|ap|m|lok|кв|бл|вх|ет|ап)\.?[ \t]*+\w{1,4}(?!\w))*"
)
# In Arabic script, which has no capitals, only with "number": "شارع الحرية رقم 12".
_ARABIC_STREET = re.compile(r"(?<!\w)(?:شارع|زنقة)(?:[ \t]+[\u0600-\u06ff]{1,20}){1,3}[ \t]+رقم[ \t]*\d{1,4}(?!\w)")


def foreign_street_spans(text: str) -> Iterator[Span]:
    for match in _FOREIGN_STREET.finditer(text):
        words = match.group("street").split()
        # A quoted name need only start with a capital: "бул. „Цариградско шосе“ 115".
        if all(word[0].isupper() for word in (words[:1] if match.group("quote") else words)):
            yield Span(match.start(), match.end(), "LOCATIE", value_key(match.group()))
    for match in _ARABIC_STREET.finditer(text):
        yield Span(match.start(), match.end(), "LOCATIE", value_key(match.group()))
