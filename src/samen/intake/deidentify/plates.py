"""Licence plates: Dutch sidecodes, the plates of the victims' countries, any plate after its word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samen.intake.deidentify.spans import Span, value_key
from samen.intake.deidentify.words import WORD, common_words, fold, is_ordinary

# The Dutch licence-plate sidecodes 1-14 (L = letter, D = digit).
_SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip


def _sidecode_regex(sidecode: str, separator: str) -> str:
    groups = ["".join("[A-Z]" if ch == "L" else r"\d" for ch in group) for group in sidecode.split("-")]
    return separator.join(groups)


_PLATE_BOUNDARY_BEFORE = r"(?<![\w-])"
_PLATE_BOUNDARY_AFTER = r"(?![\w-])"
# With dashes any case is a plate; without dashes only upper case, to spare ordinary words.
PLATE_DASHED = re.compile(
    _PLATE_BOUNDARY_BEFORE
    + "(?:"
    + "|".join(_sidecode_regex(s, "-") for s in _SIDECODES)
    + ")"
    + _PLATE_BOUNDARY_AFTER,
    re.IGNORECASE,
)
PLATE_COMPACT = re.compile(
    _PLATE_BOUNDARY_BEFORE + "(?:" + "|".join(_sidecode_regex(s, "") for s in _SIDECODES) + ")" + _PLATE_BOUNDARY_AFTER
)

# Plates of the countries most foreign victims in Dutch signals come from, in capitals (with
# their Cyrillic look-alikes), without the word "kenteken" before them. Each format mixes letters
# and digits in a fixed order, which prose in capitals ("AVG 2018", "CAO 2024") does not.
_CAPITAL = "A-ZА-ЯІЇЄҐ"
_PLATE_FOREIGN = re.compile(
    _PLATE_BOUNDARY_BEFORE
    + "(?:"
    + "|".join(
        (
            rf"[{_CAPITAL}]{{1,2}} ?\d{{2,3}} ?[{_CAPITAL}]{{3}}",  # Romania: B 920 BXK, CJ 12 ABC
            rf"[{_CAPITAL}]{{1,2}} ?\d{{4}} ?[{_CAPITAL}]{{2}}",  # Bulgaria, Ukraine: CA 1234 AB, АА 1234 ВВ
            # Poland: two letters and five characters from a digit on (WZ 12345, PO 4XY12), or three
            # letters and four or five with a letter among them (KRA 12AB): four digits alone are a year.
            r"[A-Z]{2}[ -]?\d[A-Z0-9]{4}",
            r"[A-Z]{3}[ -]?(?=\d)(?=[0-9]*[A-Z])[A-Z0-9]{4,5}",
            r"[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?\d{1,4}[EH]?",  # Germany: B-AB 1234
            r"[1-9]-[A-Z]{3}-\d{3}",  # Belgium: 1-ABC-123
            r"(?:0[1-9]|[1-7]\d|8[01]) ?[A-Z]{1,3} ?\d{2,4}",  # Turkey: a province 01-81 first, 34 KLM 281
        )
    )
    + ")"
    + _PLATE_BOUNDARY_AFTER
)

# A plate written with spaces in capitals ("PG 06 54"); in lower case "10 en 12" would be one.
PLATE_SPACED = re.compile(
    _PLATE_BOUNDARY_BEFORE + "(?:" + "|".join(_sidecode_regex(s, " ") for s in _SIDECODES) + ")" + _PLATE_BOUNDARY_AFTER
)
# After the word for it, any plate: foreign ones ("kenteken TM-49-TCB", "B 920 BXK") and Dutch ones
# in lower case without dashes ("kenteken gk01xz"): up to four groups, holding a digit.
# Between the word and the plate a reporter may hedge ("kenteken, iets met cb 4418", "something like")
# or name the vehicle first, up to a colon in the same sentence ("Kenteken van zijn bus is: dw 7k221").
_PLATE_CUED = re.compile(
    r"(?i)(?<!\w)(?:kentekenplaat|kentekens?|nummerbord|nummerplaat|plates?|numery)(?!\w)\s*(?:nr\.?|nummer)?"
    r"(?:[^.:;!?\n\d]{1,40}:|\s*,?\s*(?:iets|zoiets|something)\s+(?:met|van|als|zoals|like)|\s*,?\s*begint\s+met)?"
    r"\s*:?\s*(?P<plate>[a-z0-9]{5,8}|[a-z0-9]{1,4}(?:[ -][a-z0-9]{1,5}){1,3})(?![\w-])"
)


def cued_plate_spans(text: str) -> Iterator[Span]:
    for match in _PLATE_CUED.finditer(text):
        groups = re.split(r"([ -])", match.group("plate"))
        # "kenteken 12 is ..." : a trailing lower-case word is the sentence, not the plate.
        while len(groups) > 1 and not any(ch.isdigit() for ch in groups[-1]) and groups[-1].islower():
            groups = groups[:-2]
        # "kenteken is 12-ABC-3", "plate was B 123 ABC": so is a leading one before a space.
        start = match.start("plate")
        while len(groups) > 2 and groups[1] == " " and groups[0].islower() and is_ordinary(groups[0]):
            start += len(groups[0]) + 1
            groups = groups[2:]
        plate = "".join(groups)
        if any(ch.isdigit() for ch in plate):
            yield Span(start, start + len(plate), "KENTEKEN", value_key(plate))


def foreign_plate_spans(text: str) -> Iterator[Span]:
    """Foreign plates, unless the words around them are capitals too, or the letters of one are a
    word: that is shouting, not a plate ("HIJ KOMT OM 12 UUR")."""
    for match in _PLATE_FOREIGN.finditer(text):
        before = WORD.findall(text[max(0, match.start() - 30) : match.start()])[-1:]
        after = WORD.findall(text[match.end() : match.end() + 30])[:1]
        shouting = any(len(word) > 1 and word.isupper() for word in before + after)
        words = [word for word in WORD.findall(match.group()) if len(word) >= 3]
        if not shouting and not any(fold(word) in common_words() for word in words):
            yield Span(match.start(), match.end(), "KENTEKEN", value_key(match.group()))
