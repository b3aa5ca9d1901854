"""Form fields shared by every app's forms."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Control characters but the tab and the line feed (a carriage return is a line break, read first),
# and a terminal's escape sequence as a whole: "\x1b[31mrood" is "rood", not "[31mrood".
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise_line_breaks(text: str) -> str:
    """Every line break as one LF: a browser sends CRLF but counts it as one character for `maxlength`."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def visible_or_empty(text: str) -> str:
    """`text`, or "" when nothing in it is visible: only spaces, zero-width spaces, direction marks
    or a byte-order mark. Nothing was written, and a required field must say so."""
    return text if any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text) else ""


class TypedTextField(forms.CharField):
    """Text typed in a textarea, with line breaks counted and stored as the browser counts them.

    Without this a text the textarea accepted (`maxlength` counts a line break once) is refused
    by `max_length` here, which sees each line break as the two characters CR and LF; and the
    same text would be stored with CRLF from a browser and LF from the API.
    """

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        # A control character is no text anyone typed: pasted from a terminal (an ANSI colour
        # escape), it would go on to whoever opens an export in one, and PostgreSQL refuses a NUL.
        text = _CONTROL.sub("", normalise_line_breaks(super().to_python(value)))
        return visible_or_empty(text)


class TypedCharField(forms.CharField):
    """A line of typed text, without control characters; one of only invisible characters is no
    text, as in `TypedTextField`.

    A name of two zero-width spaces was stored as a person's name, listed as an empty one, and
    linked by its blind index to every other such "name" (found by exploratory testing).
    """

    def to_python(self, value: Any) -> str:
        return visible_or_empty(_CONTROL.sub("", super().to_python(value)))


class DateInput(forms.DateInput):
    """The browser's date picker, given its value as `2027-12-31` whatever the page's language.

    A browser reads the value of `<input type="date">` in ISO format only; Django's `DateInput`
    writes a date in the active language's format ("31-12-2027" in Dutch), which the browser
    drops: an edit form showed an empty end date and saved the agreement without one.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def due_not_in_the_past(value: datetime.date | None) -> None:
    """An action agreed now is not due before today: the minutes showed one agreed today "due 1
    January 2020", and the work pages listed it as overdue at once (found by exploratory testing)."""
    if value is not None and value < timezone.localdate():
        raise ValidationError(_("The date by which the action must be done lies in the past."), code="past")
