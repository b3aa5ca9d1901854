"""Phone numbers, also international ones phonenumbers misses and ones written out in words."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from samen.intake.deidentify.spans import Span, value_key

# Safety net for international numbers phonenumbers does not recognise (new or unusual
# ranges): a + or 00 followed by 8-15 digits in the usual groupings.
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)[1-9](?:[ .\-/]?\(?\d+\)?){1,7}(?![\w])")


def phone_spans(text: str) -> Iterator[Span]:
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = sum(ch.isdigit() for ch in match.raw_string)
        # POSSIBLE also matches counts like "12.000" and year ranges like "2018-2020";
        # a real number has nine digits or more, or is valid for its country.
        if digits >= 9 or phonenumbers.is_valid_number(match.number):
            # "(06-12345678" is matched with the bracket of the surrounding sentence.
            start = match.start
            if match.raw_string.startswith("(") and ")" not in match.raw_string:
                start += 1
            yield Span(
                start,
                match.end,
                "TELEFOONNUMMER",
                phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
            )
    for match in _INTERNATIONAL_PHONE.finditer(text):
        if 8 <= sum(ch.isdigit() for ch in match.group()) <= 15:
            # "(tel. +48 512 345 678)": the closing bracket is the sentence's, not the number's.
            end = match.end() - (match.group().endswith(")") and "(" not in match.group())
            yield Span(match.start(), end, "TELEFOONNUMMER", value_key(text[match.start() : end]))


# A phone number written in words, as a reporter who fears a filter (or a speech-to-text app) writes
# it: "nul zes twaalf drie vier vijf zes zeven acht", "zero six one two three four five six seven
# eight". The rule: a run of Dutch or English number words from 0 to 99, apart by spaces, commas or
# hyphens, that spells at least eight digits (a word for 0-9 is one digit, for 10-99 two), as a
# Dutch number has ten and the shortest foreign ones eight. Fewer is a count ("drie of vier
# mannen"), and one or two number words in a sentence never come near.
_UNITS = {
    **dict.fromkeys(("nul", "zero", "oh"), 0),
    **{word: n for n, word in enumerate("een twee drie vier vijf zes zeven acht negen".split(), 1)},
    **{word: n for n, word in enumerate("one two three four five six seven eight nine".split(), 1)},
    "één": 1,
}
_DUTCH_TENS = "twintig dertig veertig vijftig zestig zeventig tachtig negentig".split()
_ENGLISH_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_TWO_DIGIT_WORDS = frozenset(
    [
        *"tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien".split(),
        *"ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(),
        *_DUTCH_TENS,
        *_ENGLISH_TENS,
        # "vierendertig", "tweeëntwintig"; "twenty-four" (also "twenty four", two words of one number)
        *(
            unit + ("ën" if unit.endswith("e") else "en") + tens
            for unit in "een twee drie vier vijf zes zeven acht negen".split()
            for tens in _DUTCH_TENS
        ),
        *(
            tens + "-" + unit
            for tens in _ENGLISH_TENS
            for unit in "one two three four five six seven eight nine".split()
        ),
    ]
)
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TWO_DIGIT_WORDS], key=len, reverse=True))
_SPELLED_PHONE = re.compile(
    rf"(?i)(?<![\w-])(?:{_NUMBER_WORD})(?:(?:[ \t]*+[,\-–][ \t]*+|[ \t]++)(?:{_NUMBER_WORD})(?![\w-]))+"
)


def spelled_phone_spans(text: str) -> Iterator[Span]:
    for match in _SPELLED_PHONE.finditer(text):
        words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", match.group().casefold())
        digits = 0
        for index, word in enumerate(words):
            # "twenty four" is one number: the unit after English tens adds no digit.
            after_tens = index > 0 and words[index - 1] in _ENGLISH_TENS and word in _UNITS and word != "oh"
            digits += 0 if after_tens else 2 if word in _TWO_DIGIT_WORDS else 1
        if digits >= 8:
            yield Span(match.start(), match.end(), "TELEFOONNUMMER", value_key(match.group()))
