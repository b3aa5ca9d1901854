"""Reading a page's HTML in tests of its forms: which forms ask for something, and one field's tag."""

from __future__ import annotations

import re

_FORMS = re.compile(r"(<form\b[^>]*>)(.*?)</form>", re.S)
_FIELDS = re.compile(r"<textarea\b|<select\b|<input\b(?![^>]*type=\"hidden\")")


def forms_a_person_fills_in(page: str) -> list[str]:
    """The opening tags of the page's forms that hold a field to type in or choose from."""
    return [tag for tag, body in _FORMS.findall(page) if _FIELDS.search(body)]


def field_tag(page: str, name: str) -> str:
    """The opening tag of the field called `name`."""
    return re.search(rf'<(?:input|textarea|select)\b[^>]*name="{name}"[^>]*>', page).group(0)
