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

from samen.intake.identifier_kinds import identifier_kinds


def validate_no_identifiers(text: str) -> None:
    """Refuse a text for the minutes that holds an identifier, saying which kinds (never the values)."""
    found = identifier_kinds(text)
    if found:
        kinds = get_text_list(found, _("and"))
        raise ValidationError(
            _(
                "This text seems to hold %(kinds)s. Every member organisation reads the minutes: "
                "write it without, and refer to the signal by its receipt code."
            )
            % {"kinds": kinds},
            code="identifying",
        )
