"""Names quoted inside a sentence of a right-to-left language (Arabic)."""

from __future__ import annotations

from django.utils.translation import get_language_bidi

FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(text: str) -> str:
    """`text` as a unit of its own direction in a right-to-left sentence, as it is in any other.

    In an Arabic message a Latin name's brackets and full stop were drawn on the wrong side and a
    list of names came out in the wrong order ("Bergen (L.)، Bergen (NH.) أو Tubbergen").
    """
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}" if get_language_bidi() else text
