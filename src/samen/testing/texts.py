"""Texts of an exact length, for the tests of each form's length limits (`samen.web.text_limits`).

A form with a limit tells it instead of letting the browser cut a pasted text short: a text one
character over comes back whole with this message, and a text at the limit is stored.
"""

from __future__ import annotations

# The Dutch message for a text one character too long (the page's default language).
TOO_LONG_BY_ONE = "Deze tekst is 1 teken te lang. Maak hem korter."

_WORDS = "Bel de opvang in Rotterdam en vraag naar een plek voor vannacht. "


def text_of(length: int) -> str:
    """Dutch words, `length` characters long.

    It ends in a full stop, so that a form, which strips spaces at either end, counts every
    character; and holds nothing HTML escapes, so that a page that shows it again holds it as is.
    """
    return (_WORDS * (length // len(_WORDS) + 1))[: length - 1] + "."
