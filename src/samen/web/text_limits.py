"""A text's length limit, told in words instead of cut off by the browser.

A browser cuts a pasted text at a field's `maxlength` without a word: in a usability test a
14,400-character account was stored as its first 10,000. A form with `TextLimitsTold` renders no
`maxlength` (the `field` template tag) and refuses a text that is too long with how much too long
it is, while the form shows it again, whole, to be shortened.

Numbers are written as Django's formats write them in the page's language (10.000, 10,000,
10 000; Arabic and Bulgarian without grouping).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.translation import ngettext

__all__ = ["TextLimitsTold", "grouped", "too_long"]


def thousands_separator() -> str:
    """What the active language puts between groups of three digits; "" where it groups none."""
    return str(get_format("THOUSAND_SEPARATOR")) if get_format("NUMBER_GROUPING") else ""


def grouped(number: int) -> str:
    """`number` with its digits grouped as the active language does: 10.000, 10,000, 10 000, 10000."""
    return f"{number:,}".replace(",", thousands_separator())


def _at_most(limit: int) -> str:
    message = ngettext(
        "You can write at most %(count)s character.", "You can write at most %(count)s characters.", limit
    )
    return message % {"count": grouped(limit)}


def _too_long(limit: int, length: int) -> str:
    over = length - limit
    message = ngettext(
        "This text is %(count)s character too long. Make it shorter.",
        "This text is %(count)s characters too long. Make it shorter.",
        over,
    )
    # Two sentences, so that each noun follows its own number ("4 400 znaków", "40 حرفًا").
    return f"{message % {'count': grouped(over)}} {_at_most(limit)}"


# Lazy: a form cleaned before a language switch shows its messages in the language switched to.
too_long = lazy(_too_long, str)


def _told(error: ValidationError) -> ValidationError:
    params = getattr(error, "params", None) or {}
    limit, length = params.get("limit_value"), params.get("show_value")
    if error.code != "max_length" or not isinstance(limit, int) or not isinstance(length, int):
        return error
    return ValidationError(too_long(limit, length), code="max_length")


class TextLimitsTold(forms.BaseForm):
    """A form that tells its length limits instead of letting the browser cut a text short.

    The `field` template tag renders its fields without `maxlength`; every `max_length` error says
    how much too long the text is (Django's own, "Ensure this value has at most 10000 characters
    (it has 14400).", does not).
    """

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, ValidationError) and not hasattr(error, "error_dict"):
            error = ValidationError([_told(each) for each in error.error_list])
        super().add_error(field, error)
