"""A text's length limit, told in words instead of cut off by the browser.

A browser cuts a pasted text at a field's `maxlength` without a word: in a usability test a
14,400-character account was stored as its first 10,000. A form with `TextLimitsTold` renders no
`maxlength` (the `field` template tag), shows a count under each textarea with a limit
(`web/character-count.js`), and refuses a text that is too long with how much too long it is,
while the form shows it again, whole, to be shortened.

Numbers are written as Django's formats write them in the page's language (10.000, 10,000,
10 000; Arabic without grouping), here and in the count alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.translation import ngettext

__all__ = ["PLURAL_SAMPLES", "TextLimitsTold", "character_count", "grouped", "too_long"]

# A whole number in each plural category of the Unicode plural rules, which the browser's
# `Intl.PluralRules` names: a category's words in the count are gettext's for its number. This one
# table fits all seven languages of the public form (`test_browser_character_count` checks it
# against the browser's rules).
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


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

    The `field` template tag renders its fields without `maxlength`, and a textarea with a limit
    with a count under it; every `max_length` error says how much too long the text is (Django's
    own, "Ensure this value has at most 10000 characters (it has 14400).", does not).
    """

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, ValidationError) and not hasattr(error, "error_dict"):
            error = ValidationError([_told(each) for each in error.error_list])
        super().add_error(field, error)


def _left(count: int) -> str:
    return ngettext("You have %(count)s character left", "You have %(count)s characters left", count)


def _too_many(count: int) -> str:
    return ngettext("You have %(count)s character too many", "You have %(count)s characters too many", count)


def _per_category(words: Callable[[int], str]) -> dict[str, str]:
    """`words` in each plural category that has words of its own, and in "other" for the rest."""
    other = words(PLURAL_SAMPLES["other"])
    return {"other": other} | {category: text for category, n in PLURAL_SAMPLES.items() if (text := words(n)) != other}


def character_count(bound: forms.BoundField) -> dict[str, str] | None:
    """For the `field` tag: the hint under a textarea with a limit, and what its count needs.

    None for a field without a count: not a textarea, no limit, or a form that does not tell
    its limits (`TextLimitsTold`), whose fields keep the browser's `maxlength`."""
    limit = getattr(bound.field, "max_length", None)
    if not (isinstance(bound.form, TextLimitsTold) and isinstance(bound.field.widget, forms.Textarea) and limit):
        return None
    config = {
        "limit": limit,
        "separator": thousands_separator(),
        "left": _per_category(_left),
        "too_many": _per_category(_too_many),
    }
    return {"hint": _at_most(limit), "config": json.dumps(config, ensure_ascii=False)}
