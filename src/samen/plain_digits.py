"""Digits as people type them, read as the ASCII digits the checks expect.

A reporter on the Arabic page, or a phone with an Arabic or Persian keyboard, types ١٥٠٣ for
1503; text pasted from a PDF or a chat app brings full-width digits (１５０３) and invisible
direction marks or zero-width spaces along. Postcodes, BSNs and dates are checked against
ASCII digits, so they are read through `ascii_digits` first.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ascii_digits"]


def ascii_digits(text: str) -> str:
    """`text` with the decimal digits of any script as ASCII digits, compatibility forms
    (full-width letters and digits) folded by NFKC, and format characters (category Cf: the
    direction marks and zero-width spaces) left out. ASCII text is returned as it is."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text if unicodedata.category(ch) != "Cf"
    )
