"""Normalisation of personal identifiers before they are encoded.

This module owns the question "when do two spellings count as the same value?".
Everything here is deterministic plain-text processing that every participating
organisation runs locally before hashing, so two organisations that wrote down
the same person differently still produce overlapping n-grams:

* names: transliteration of Cyrillic (Ukrainian, Russian, Bulgarian) and Arabic
  script to Latin, removal of diacritics, case folding, removal of Dutch and other
  name particles ("van der", "de", "ten", "al-", ...) and folding of common
  transliteration variants ("sj"/"sh", "oe"/"u", "kh"/"h", ...);
* dates of birth in ISO, Dutch day-month-year and written-out formats
  ("1 juli 1990"), including year-only and month-year dates;
* sex, place of birth and free text.

Nothing in here is secret; the secret only enters in :mod:`samen.linkage.encoding`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from samen.transliteration import fold_variants, normalise_text, to_latin

__all__ = [
    "BirthDate",
    "fold_variants",
    "normalise_family_name",
    "normalise_given_names",
    "normalise_place",
    "normalise_sex",
    "normalise_text",
    "parse_birth_date",
    "split_particles",
    "to_latin",
]

# Name particles that organisations write inconsistently ("van der Berg",
# "Berg, van der", "Berg vd"). They are dropped from the compared core.
PARTICLES = frozenset(
    {
        "van", "der", "den", "de", "het", "t", "te", "ter", "ten", "in", "op", "aan",
        "bij", "uit", "vd", "v", "d", "l", "la", "le", "les", "du", "des", "del", "della",
        "di", "da", "do", "dos", "das", "von", "zu", "zum", "zur", "vom", "al", "el",
        "ibn", "bin", "ben", "bint", "abu", "y", "e",
    }
)  # fmt: skip


def split_particles(family_name: str | None) -> tuple[str, str]:
    """Split a family name into (core, particles), both normalised.

    "van der Berg", "Berg, van der" and "VAN DER BERG" all give ("berg", "van der").
    A name that consists only of particles ("Van") is kept as its own core.
    """
    if not family_name:
        return "", ""
    raw = to_latin(str(family_name))
    if "," in raw:
        # "Berg, van der" (sorted-list notation): the part after the comma holds particles.
        head, _, tail = raw.partition(",")
        raw = f"{tail} {head}"
    # "al-Hassan", "d'Ancona", "ter-Horst": particles glued on with - or '.
    words = normalise_text(raw.replace("-", " ").replace("'", " ").replace("’", " ")).split()
    core = [w for w in words if w not in PARTICLES]
    particles = [w for w in words if w in PARTICLES]
    if not core:
        return " ".join(words), ""
    return " ".join(core), " ".join(particles)


def normalise_family_name(family_name: str | None) -> str:
    """The comparable core of a family name: particles removed, variants folded, no spaces."""
    core, _ = split_particles(family_name)
    return "".join(fold_variants(w) for w in core.split())


def normalise_given_names(given_names: str | None) -> list[str]:
    """All given names, each normalised and variant-folded, in written order."""
    if not given_names:
        return []
    words = normalise_text(str(given_names).replace("-", " ")).split()
    return [fold_variants(w) for w in words if w]


def normalise_place(place: str | None) -> str:
    """A place name without articles, "gemeente" prefixes and spacing differences."""
    text = normalise_text(place)
    if not text:
        return ""
    text = _PLACE_ALIASES.get(text, text)
    words = [w for w in text.split() if w not in _PLACE_NOISE]
    return "".join(fold_variants(w) for w in words)


_PLACE_NOISE = frozenset({"gemeente", "gem", "stad", "city", "of", "the", "s"})
_PLACE_ALIASES = {
    "s gravenhage": "den haag",
    "the hague": "den haag",
    "s hertogenbosch": "den bosch",
    "kyiv": "kiev",
    "kyyiv": "kiev",
    "kharkiv": "kharkov",
    "lviv": "lvov",
}


_SEX = {
    "m": "m", "man": "m", "male": "m", "mannelijk": "m", "jongen": "m", "boy": "m", "h": "m",
    "v": "f", "vrouw": "f", "f": "f", "female": "f", "vrouwelijk": "f", "meisje": "f",
    "girl": "f", "w": "f", "x": "x", "o": "x", "anders": "x", "other": "x", "divers": "x",
    "non binary": "x", "nonbinary": "x",
}  # fmt: skip


def normalise_sex(sex: str | None) -> str:
    """'m', 'f' or 'x' (other), or '' when unknown."""
    return _SEX.get(normalise_text(sex), "")


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A possibly partial date of birth: year only, year and month, or complete."""

    year: int
    month: int | None = None
    day: int | None = None

    def digits(self) -> str:
        """yyyymmdd with '?' for unknown parts."""
        month = f"{self.month:02d}" if self.month else "??"
        day = f"{self.day:02d}" if self.day else "??"
        return f"{self.year:04d}{month}{day}"


_MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "febr": 2, "february": 2,
    "maart": 3, "mrt": 3, "maa": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5,
    "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7, "augustus": 8,
    "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_ISO = re.compile(r"^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[-/. ](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:e|st|nd|rd|th)?\s+)?([a-z]+)\.?\s+(\d{4})$")
_WORDS_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def _valid(year: int, month: int | None, day: int | None) -> BirthDate | None:
    if not 1850 <= year <= 2150:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None or not 1 <= day <= 31:
            return None
        days_in_month = (31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31,
                         30, 31, 30, 31, 31, 30, 31, 30, 31)  # fmt: skip
        if day > days_in_month[month - 1]:
            return None
    return BirthDate(year, month, day)


def parse_birth_date(value: object) -> BirthDate | None:
    """Parse a date of birth written in any of the formats partners use.

    Accepts ``datetime.date``, ISO ("1990-07-01"), Dutch day-month-year
    ("01-07-1990", "1/7/1990", "01.07.1990"), compact ("19900701"), written-out
    Dutch or English ("1 juli 1990", "July 1, 1990"), month-year ("07-1990",
    "juli 1990") and year-only ("1990"). Returns None when the text is not a date;
    day-month-year is assumed for ambiguous numeric dates, as is usual in the Netherlands.
    """
    if value is None:
        return None
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        return _valid(int(value.year), int(value.month), int(value.day))  # type: ignore[attr-defined]
    text = " ".join(str(value).strip().lower().replace(",", " ").split())
    text = text.replace(" - ", "-")
    if not text:
        return None
    if text.isdigit():
        if len(text) == 4:
            return _valid(int(text), None, None)
        if len(text) == 8:
            as_ymd = _valid(int(text[:4]), int(text[4:6]), int(text[6:]))
            return as_ymd or _valid(int(text[4:]), int(text[2:4]), int(text[:2]))
        return None
    if m := _ISO.match(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(text):
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    if m := _MY.match(text):
        return _valid(int(m[2]), int(m[1]), None)
    if (m := _WORDS.match(text)) and m[2] in _MONTHS:
        return _valid(int(m[3]), _MONTHS[m[2]], int(m[1]) if m[1] else None)
    if (m := _WORDS_US.match(text)) and m[1] in _MONTHS:
        return _valid(int(m[3]), _MONTHS[m[1]], int(m[2]))
    return None
