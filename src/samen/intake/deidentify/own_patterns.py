"""Everything Samen's own patterns (not deduce) find in a text."""

from __future__ import annotations

from collections.abc import Iterable

from samen.intake.deidentify.addresses import STREET, foreign_street_spans
from samen.intake.deidentify.dates import DATES
from samen.intake.deidentify.emails import EMAIL, EMAIL_SPELLED, spoken_email_spans
from samen.intake.deidentify.identity_numbers import BSN_LIKE, DOCUMENT, DOCUMENT_AFTER_WORDS, iban_spans
from samen.intake.deidentify.introduced_names import introduced_name_spans
from samen.intake.deidentify.name_cues import quoted_name_spans
from samen.intake.deidentify.online import HANDLE, HANDLE_CUED, URL_BARE, URL_MARKED, handle_spans
from samen.intake.deidentify.persons import name_spans
from samen.intake.deidentify.phones import phone_spans, spelled_phone_spans
from samen.intake.deidentify.plates import (
    PLATE_COMPACT,
    PLATE_DASHED,
    PLATE_SPACED,
    cued_plate_spans,
    foreign_plate_spans,
)
from samen.intake.deidentify.spans import Span, cued_spans, value_key
from samen.intake.validators import is_valid_bsn


def find_own_identifiers(
    text: str, known_names: Iterable[str] = (), introduced: list[Span] | None = None
) -> list[Span]:
    """Spans found by Samen's own patterns (not deduce), unmerged and unsorted.

    `introduced` are the spans of `introduced_name_spans(text)`, where the caller has them already.
    """
    spans, _person_of = name_spans(text, known_names)
    spans.extend(Span(m.start(), m.end(), "EMAILADRES", value_key(m.group())) for m in EMAIL.finditer(text))
    spans.extend(Span(m.start(), m.end(), "EMAILADRES", value_key(m.group())) for m in EMAIL_SPELLED.finditer(text))
    spans.extend(spoken_email_spans(text))
    spans.extend(Span(m.start(), m.end(), "ACCOUNT", value_key(m.group())) for m in HANDLE.finditer(text))
    spans.extend(cued_spans(HANDLE_CUED, "handle", "ACCOUNT", text))
    spans.extend(handle_spans(text))
    spans.extend(cued_plate_spans(text))
    for pattern in (DOCUMENT, DOCUMENT_AFTER_WORDS):
        spans.extend(cued_spans(pattern, "number", "DOCUMENTNUMMER", text))
    spans.extend(Span(m.start(), m.end(), "LOCATIE", value_key(m.group())) for m in STREET.finditer(text))
    spans.extend(foreign_street_spans(text))
    spans.extend(introduced_name_spans(text) if introduced is None else introduced)
    spans.extend(quoted_name_spans(text))
    for pattern in (URL_BARE, URL_MARKED):
        spans.extend(Span(m.start(), m.end(), "URL", value_key(m.group())) for m in pattern.finditer(text))
    spans.extend(iban_spans(text))
    for pattern in (PLATE_DASHED, PLATE_COMPACT, PLATE_SPACED):
        spans.extend(Span(m.start(), m.end(), "KENTEKEN", value_key(m.group())) for m in pattern.finditer(text))
    spans.extend(foreign_plate_spans(text))
    spans.extend(
        Span(m.start(), m.end(), "BSN", value_key(m.group()))
        for m in BSN_LIKE.finditer(text)
        if is_valid_bsn(m.group())
    )
    for pattern in DATES:
        spans.extend(Span(m.start(), m.end(), "DATUM", value_key(m.group())) for m in pattern.finditer(text))
    spans.extend(phone_spans(text))
    spans.extend(spelled_phone_spans(text))
    return spans
