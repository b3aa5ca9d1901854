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


# A province as written after a place name, in full or abbreviated: "Hengelo (Gld)", "Bergen (NH)".
PROVINCES = {
    key: province
    for province, keys in {
        "Groningen": ("gr", "gn", "gron"),
        "Fryslân": ("fryslan", "friesland", "fr", "f"),
        "Drenthe": ("drenthe", "dr"),
        "Overijssel": ("overijssel", "ov", "o"),
        "Flevoland": ("flevoland", "fl"),
        "Gelderland": ("gelderland", "gld", "gl", "g"),
        "Utrecht": ("ut", "u"),
        "Noord-Holland": ("noord holland", "nh", "n h"),
        "Zuid-Holland": ("zuid holland", "zh", "z h"),
        "Zeeland": ("zeeland", "zl", "z"),
        "Noord-Brabant": ("noord brabant", "nb", "n br", "n b", "brabant"),
        "Limburg": ("limburg", "lb", "l", "li"),
    }.items()
    for key in keys
}
# The country, as reporters add it in their own language: never a municipality's name.
COUNTRY = frozenset(
    {
        "nederland", "netherlands", "the netherlands", "holland", "holandia", "niderlandy", "olanda",
        "tarile de jos", "нидерландия", "холандия", "нидерландии", "нідерланди", "голландія", "هولندا",
        "nl", "holandii", "нидерланды", "голландия", "niederlande", "pays bas", "paises bajos",
    }
)  # fmt: skip
