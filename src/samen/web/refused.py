"""A form sent back with messages, shown again far down a long page."""

from __future__ import annotations

from django import forms


def focus_first_error(form: forms.BaseForm) -> None:
    """Give the first field with a message `autofocus`: the browser (or htmx, in what it swaps in)
    focuses it and scrolls it into view, so the user lands on what to correct instead of at the top
    of a page whose form sits thousands of pixels down. The first in the order of the form's fields,
    which is the page's: a message its `clean` adds comes last in `form.errors` even when its field
    comes first."""
    name = next((name for name in form.fields if name in form.errors), None)
    if name:
        form.fields[name].widget.attrs["autofocus"] = True
