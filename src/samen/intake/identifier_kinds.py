"""Which kinds of identifier a text seems to hold, for a text written for readers who must not get them.

A table's minutes are read by every member organisation, and a transfer's reason by the
organisation asked to take a track over, which sees only the de-identified copy of the signal
until it accepts. Samen's own patterns (`intake.deidentify`) find what can be found without a
language model: a phone number, a BSN, a name after "heet"; a surname alone is not found, and the
forms' help texts still ask for none.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from samen.intake.deidentify import find_own_identifiers

# What is refused, by the tag the patterns give it. Not dates (a meeting plans by them) nor web addresses.
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
}


def identifier_kinds(text: str) -> list[str]:
    """The kinds of identifier found in `text`, in the active language, in a fixed order; never the values."""
    tags = {span.tag for span in find_own_identifiers(text)}
    return [str(kind) for tag, kind in _REFUSED.items() if tag in tags]
