"""Normalising place names so 'Den Haag', 'den  haag' and "'s-Gravenhage" can be compared."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\-]+")
_DROP = re.compile(r"[^\w ]")


def search_key(name: str) -> str:
    """Lowercase, without diacritics, punctuation or repeated spaces; hyphens become spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = without_marks.casefold().replace("'", "")
    return _SPACES.sub(" ", _DROP.sub("", lowered.replace("-", " "))).strip()
