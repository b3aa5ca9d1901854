"""What a table may write into its minutes: no identifiers, since every member organisation reads them.

A decision or an action names the signal by its receipt code; the minutes say they hold no names or
other identifying data, and the help text asks for none. Typed anyway (a BSN, a phone number, a
name after "heet"), it went word for word into the printable minutes of all member organisations.
Samen's own patterns find what can be found without a language model (`intake.deidentify`); a
surname alone is not found, and the help text still asks for none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
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


def validate_no_identifiers(text: str) -> None:
    """Refuse a text for the minutes that holds an identifier, saying which kinds (never the values)."""
    tags = {span.tag for span in find_own_identifiers(text)}
    found = [tag for tag in _REFUSED if tag in tags]
    if found:
        kinds = get_text_list([str(_REFUSED[tag]) for tag in found], _("and"))
        raise ValidationError(
            _(
                "This text seems to hold %(kinds)s. Every member organisation reads the minutes: "
                "write it without, and refer to the signal by its receipt code."
            )
            % {"kinds": kinds},
            code="identifying",
        )
