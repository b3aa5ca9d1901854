"""The dimensions of the phenomenon picture: how raw answers become groups, and their labels.

Age is free text in a signal ("about 15", "30-35"); it becomes a band. Nationality is free text
("Pools", "Polish", "Roemeense"); it becomes a group. Several forms of exploitation on one signal
become "several forms", so that every signal is counted exactly once in every table.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

MULTIPLE_FORMS = "MULTI"
UNKNOWN = ""

AGE_BANDS: list[tuple[str, object]] = [
    ("0-11", _("under 12")),
    ("12-17", _("12 to 17")),
    ("18-22", _("18 to 22")),
    ("23-29", _("23 to 29")),
    ("30-39", _("30 to 39")),
    ("40-49", _("40 to 49")),
    ("50+", _("50 or older")),
    (UNKNOWN, _("unknown")),
]

NATIONALITY_GROUPS: list[tuple[str, object]] = [
    ("nl", _("Dutch")),
    ("eu_east", _("Central and Eastern EU")),
    ("eu_other", _("other EU")),
    ("europe_other", _("Europe outside the EU")),
    ("africa", _("Africa")),
    ("asia", _("Asia")),
    ("americas", _("the Americas")),
    ("other", _("other")),
    (UNKNOWN, _("unknown")),
]

# Stems of Dutch and English names, matched at the start of a lower-cased word.
_NATIONALITY_STEMS: dict[str, tuple[str, ...]] = {
    "nl": ("nederland", "dutch", "netherlands"),
    "eu_east": (
        "pol",
        "roem",
        "romania",
        "bulga",
        "hongaa",
        "hungar",
        "sloveen",
        "sloven",
        "slowa",
        "slova",
        "tsje",
        "czech",
        "litouw",
        "lithuan",
        "letl",
        "latvi",
        "est",
        "kroa",
        "croat",
    ),
    "eu_other": (
        "belg",
        "duits",
        "german",
        "frans",
        "french",
        "spa",
        "ital",
        "portug",
        "griek",
        "greek",
        "ier",
        "irish",
        "oostenr",
        "austri",
        "zweed",
        "swed",
        "deen",
        "dan",
        "fin",
    ),
    "europe_other": (
        "oekra",
        "ukrain",
        "moldav",
        "molda",
        "russ",
        "wit-rus",
        "belarus",
        "servi",
        "serb",
        "albane",
        "albani",
        "turk",
        "britse",
        "brits",
        "british",
        "bosni",
        "kosov",
        "macedon",
        "georg",
    ),
    "africa": (
        "eritre",
        "nigeria",
        "ethiop",
        "somal",
        "soedan",
        "sudan",
        "maroc",
        "marok",
        "ghana",
        "guine",
        "sierra",
        "kameroen",
        "cameroon",
        "egypt",
        "egypt",
        "congo",
        "keny",
        "ugand",
        "algerij",
        "alger",
        "tunes",
        "tunis",
    ),
    "asia": (
        "vietnam",
        "chin",
        "filip",
        "philip",
        "indone",
        "india",
        "pakist",
        "afghan",
        "syri",
        "irak",
        "iraq",
        "iran",
        "thai",
        "bangla",
        "sri",
        "nepal",
        "mongo",
    ),
    "americas": ("brazil", "braz", "colomb", "surinam", "venez", "amerik", "americ", "mexic", "domini", "antill"),
}


def month_of(moment: date) -> date:
    return date(moment.year, moment.month, 1)


def quarter_label(month: date) -> str:
    return f"{month.year}-Q{(month.month - 1) // 3 + 1}"


def period_key(month: date, grain: str) -> str:
    """The label of the period a month falls in: 2025-03, 2025-Q1 or 2025."""
    if grain == "quarter":
        return quarter_label(month)
    if grain == "year":
        return str(month.year)
    return f"{month:%Y-%m}"


_NUMBER = re.compile(r"\d{1,3}")


@lru_cache(maxsize=4096)
def age_band(text: str) -> str:
    """The band of an approximate age: the first number, or the middle of a range ("30-35")."""
    numbers = [int(n) for n in _NUMBER.findall(text or "")][:2]
    if not numbers:
        return UNKNOWN
    age = sum(numbers) // len(numbers)
    if age > 110:
        return UNKNOWN
    for band, upper in (("0-11", 11), ("12-17", 17), ("18-22", 22), ("23-29", 29), ("30-39", 39), ("40-49", 49)):
        if age <= upper:
            return band
    return "50+"


@lru_cache(maxsize=4096)
def nationality_group(text: str) -> str:
    words = re.findall(r"[a-zë-ü\-]+", (text or "").lower())
    if not words:
        return UNKNOWN
    for word in words:
        for group, stems in _NATIONALITY_STEMS.items():
            if any(word.startswith(stem) for stem in stems):
                return group
    return "other"


def form_key(codes: list[str]) -> str:
    """One key per signal: its form, "" when none was given, MULTI when several were."""
    if not codes:
        return UNKNOWN
    return codes[0] if len(codes) == 1 else MULTIPLE_FORMS
