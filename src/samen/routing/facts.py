"""Building routing facts from a municipality and what is known about the signal."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation

from samen.geo.models import Municipality, Region
from samen.partners.models import ExploitationForm
from samen.routing.engine import SignalFacts

_FORM_NAMES: dict[str, dict[str, str]] | None = None


def form_names() -> dict[str, dict[str, str]]:
    """Each form of exploitation's name in Dutch and English, by code; read once per process."""
    global _FORM_NAMES
    if _FORM_NAMES is None:
        _FORM_NAMES = {f.code: {"nl": f.name_nl, "en": f.name_en} for f in ExploitationForm.objects.all()}
    return _FORM_NAMES


def _in_both_languages(region: Region) -> dict[str, str]:
    """A region's name with its kind ("Politie-eenheid Rotterdam"), for a reason read in either
    language: made in the active one, it stayed English for Dutch readers after an English user
    moved the signal (found by exploratory testing)."""
    names = {}
    for language in ("nl", "en"):
        with translation.override(language):
            names[language] = region.display_name
    return names


def signal_facts(
    *,
    municipality: Municipality | None,
    form_codes: Iterable[str] = (),
    is_minor: bool | None = None,
    roles: Iterable[str] = (),
    channel: str = "",
) -> SignalFacts:
    regions = municipality.regions if municipality is not None else []
    return SignalFacts(
        municipality_id=municipality.pk if municipality else None,
        municipality_name=municipality.name if municipality else "",
        region_ids=frozenset(r.pk for r in regions),
        region_names={r.pk: _in_both_languages(r) for r in regions},
        form_codes=frozenset(form_codes),
        form_names=form_names(),
        is_minor=is_minor,
        roles=frozenset(roles),
        channel=channel,
    )
