"""Which kinds of identifier a text seems to hold, for a text written for readers who must not get them.

A table's minutes are read by every member organisation, a transfer's reason by the organisation
asked to take a track over (which sees only the de-identified copy of the signal until it accepts),
a message to the reporter by whoever holds the receipt code and secret, and a correction's reason
on the timeline by every owner, for as long as the signal is kept. Samen's own patterns
(`intake.deidentify`) find what can be found without a language model: a phone number, a BSN, a
street address, a date after "geboren", a name after "heet"; a surname alone is not found, and
the forms' help texts still ask for none. Where the caller knows names (the people of a signal, its
own staff), those are found as the de-identification finds them: in any case ("Markiem Kowalskim"
for Marek Kowalski), without accents, and without a cue.

The general phone numbers and e-mail addresses of the organisations in the partner register are
public, and are what a message most often needs: "bel ons op 030 …" is not refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import phonenumbers
from django.utils.translation import gettext_lazy

from samen.intake.deidentify import STREET, Span, find_own_identifiers
from samen.partners.selectors import general_contact_details

# What is refused, by the tag the patterns give it. Not dates (a meeting plans by them) but a date
# of birth, and not web addresses.
_REFUSED = {
    "BSN": gettext_lazy("a BSN"),
    "TELEFOONNUMMER": gettext_lazy("a phone number"),
    "EMAILADRES": gettext_lazy("an e-mail address"),
    "IBAN": gettext_lazy("a bank account number"),
    "KENTEKEN": gettext_lazy("a licence plate"),
    "DOCUMENTNUMMER": gettext_lazy("a document number"),
    "ACCOUNT": gettext_lazy("an account name"),
    "PERSOON": gettext_lazy("a name"),
    "LOCATIE": gettext_lazy("an address"),
    "GEBOORTEDATUM": gettext_lazy("a date of birth"),
}

# The patterns take a capitalised street ("Dorpsstraat 12") for deduce to find; here there is no deduce.
_STREET_ANY_CASE = re.compile(STREET.pattern, re.IGNORECASE)
# What comes just before a date of birth: "geboren 03-04-2001", "(geb. 3 april 2001)", "DOB: 2001-04-03".
_BIRTH_CUE = re.compile(
    r"(?i)(?:\bgeboren|\bgeb\.|\bgeboortedatum|\bborn|\bdate of birth|\bd\.?o\.?b\.?)[\s:]*(?:op\s+|on\s+)?$"
)


# After "weekeinde 3" or "Arbeidsmarkt 2025" comes a month or stood a year, not a house number:
# ordinary sentences that the street pattern would refuse (found in review).
_MONTH_AFTER = re.compile(
    r"\s*(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sept?|okt|nov|dec)\b",
    re.IGNORECASE,
)


class KnownNames(NamedTuple):
    """Names the caller knows in this context, reported as `kind` where a text holds one."""

    kind: str
    names: Sequence[str]
    # Only a whole name counts, not one of its words alone: a colleague's surname is often a word
    # at the start of a sentence too ("Politie Rotterdam…" from Pim Politie, "Bos…").
    whole_only: bool = False


def identifier_kinds(text: str, known_names: Sequence[KnownNames | tuple[str, Sequence[str]]] = ()) -> list[str]:
    """The kinds of identifier found in `text`, in the active language, in a fixed order; never the values.

    `known_names` are the names the caller knows in this context (`KnownNames`, or (kind, names)
    pairs), each found reported as its kind, before the others.
    """
    groups = [KnownNames(*group) for group in known_names]
    names = [name for group in groups for name in group.names]
    group_of = [group for group in groups for _name in group.names]
    found = find_own_identifiers(text, names)
    by_name = {span: index for span in found if (index := _name_index(span, len(names))) is not None}
    known = {span: index for span, index in by_name.items() if _written_as_a_name(text, span)}
    partial = _words_of_a_name_alone(text, {span: i for span, i in known.items() if group_of[i].whole_only}, names)
    known = {span: index for span, index in known.items() if span not in partial}
    numbers = [span for span in found if span.tag in ("BSN", "IBAN")]
    # A BSN reads as a phone number too ("111222333" is +31 111 222 333), as does the end of an IBAN
    # ("NL91 ABNA 0417 1643 00"), and a known name may also follow a cue ("heet Jan de Vries"): each
    # is reported once, as what it is.
    spans = [
        span
        for span in found
        if span not in by_name
        and not (span.tag == "TELEFOONNUMMER" and _overlaps(span, numbers))
        and not (span.tag == "PERSOON" and _overlaps(span, known))
        and (span.tag != "LOCATIE" or _an_address(text, span.start, span.end))
    ]
    reachable = any(span.tag in ("EMAILADRES", "TELEFOONNUMMER") for span in spans)
    public = general_contact_details() if reachable else frozenset()
    tags = {span.tag for span in spans if not _public(text, span, public)}
    if any(_an_address(text, *m.span()) for m in _STREET_ANY_CASE.finditer(text)):
        tags.add("LOCATIE")
    if any(span.tag == "DATUM" and _BIRTH_CUE.search(text[max(0, span.start - 30) : span.start]) for span in spans):
        tags.add("GEBOORTEDATUM")
    named = [str(group_of[index].kind) for index in sorted(known.values())]
    return [*dict.fromkeys(named), *(str(kind) for tag, kind in _REFUSED.items() if tag in tags)]


def _name_index(span: Span, count: int) -> int | None:
    """The index in the known names of the one `span` is, if it is one: `find_own_identifiers` keys
    their spans "person:<index>"."""
    prefix, _colon, index = span.key.partition(":")
    if span.tag != "PERSOON" or prefix != "person" or not index.isdigit() or int(index) >= count:
        return None
    return int(index)


def _written_as_a_name(text: str, span: Span) -> bool:
    """Not a single word in lower case, which is read as the word it also is: "het bos", "een wit
    busje" and "de boer" are no Hanna Bos, Maria de Wit or Kees de Boer. A name is written with a
    capital, or in a script without capitals."""
    found = text[span.start : span.end]
    return not found[:1].islower() or len(found.split()) > 1


def _words_of_a_name_alone(text: str, spans: dict[Span, int], names: list[str]) -> set[Span]:
    """Of these spans of known names, those that are not the whole name: fewer of its words than it
    has, also counting the spans of the same name right beside them ("Markiem Kowalskim")."""
    alone = set()
    for span, index in spans.items():
        together = [other for other, i in spans.items() if i == index]
        words = sum(len(text[o.start : o.end].split()) for o in together if _beside(text, span, o))
        if words < len(names[index].split()):
            alone.add(span)
    return alone


def _beside(text: str, span: Span, other: Span) -> bool:
    """Whether `other` is `span` itself, or only spaces stand between the two."""
    start, end = (span.end, other.start) if span.start <= other.start else (other.end, span.start)
    return other == span or not text[start:end].strip()


def _overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(other.start < span.end and span.start < other.end for other in others)


def _an_address(text: str, start: int, end: int) -> bool:
    """Whether a street-and-number match is one: not when a month follows or the number is a year."""
    if not _STREET_ANY_CASE.fullmatch(text, start, end):
        return True  # an address as written abroad ("ul. Długa 5"), from its own pattern
    number = re.search(r"\d+", text[start:end]).group()
    is_year = len(number) == 4 and number.startswith(("19", "20"))
    return not is_year and not _MONTH_AFTER.match(text, end)


def _public(text: str, span: Span, public: frozenset[str]) -> bool:
    """Whether the span is one of the `public` phone numbers or e-mail addresses (`general_contact_details`)."""
    found = text[span.start : span.end]
    if span.tag == "EMAILADRES":
        return found.strip().casefold() in public
    if span.tag == "TELEFOONNUMMER":
        try:
            number = phonenumbers.parse(found, "NL")
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) in public
    return False
