"""The waterbed page's data: each recorded intervention tested against the summary tables.

Counts per month x region (at the intervention region's level) x form come from
`SignalRegionCount`; neighbours are regions sharing a border in the shipped boundaries. Numbers in
the evidence that fall below the suppression threshold are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from samen.geo.models import RegionKind
from samen.insights import reports
from samen.insights.maps import neighbours_from_topology, region_mapping, region_names
from samen.insights.models import Intervention, SignalRegionCount
from samen.insights.waterbed import Intervention as Plan
from samen.insights.waterbed import MonthlyCount, RateComparison, WaterbedAnalysis, analyse_waterbed

LEVEL_OF_KIND = {
    RegionKind.PROVINCE: "province",
    RegionKind.SAFETY_REGION: "safety_region",
    RegionKind.POLICE_UNIT: "police_unit",
    RegionKind.RIEC: "riec",
}


@lru_cache(maxsize=8)
def _neighbours(level: str) -> dict[str, frozenset[str]]:
    return neighbours_from_topology(region_mapping(level))


def monthly_counts(level: str) -> list[MonthlyCount]:
    """Signals per region x month x form at ``level``, from the region roll-up."""
    return [
        MonthlyCount(region, month, n, form)
        for region, month, form, n in SignalRegionCount.objects.filter(level=level).values_list(
            "region", "month", "form", "n"
        )
    ]


@dataclass(frozen=True)
class EvidenceRow:
    where: str
    what: str
    direction: str
    before: str
    after: str
    change: str
    p_value: str
    significant: bool


@dataclass(frozen=True)
class WaterbedResult:
    intervention: Intervention
    analysis: WaterbedAnalysis | None
    explanation: str
    evidence: list[EvidenceRow]


def _shown(count: int, threshold: int) -> str:
    return _("fewer than %(threshold)s") % {"threshold": threshold} if 0 < count < threshold else str(count)


def _row(comparison: RateComparison, names: dict[str, str], form_names: dict[str, str], threshold: int) -> EvidenceRow:
    where = " + ".join(names.get(code, code) for code in comparison.region.split("+"))
    change = comparison.relative_change
    return EvidenceRow(
        where=where,
        what=form_names.get(comparison.form or "", _("all forms")) if comparison.form is not None else _("all forms"),
        direction=_("fall") if comparison.direction == "fall" else _("rise"),
        before=_shown(comparison.before_count, threshold),
        after=_shown(comparison.after_count, threshold),
        change="—" if change is None else f"{change:+.0%}",
        p_value=f"{comparison.adjusted_p_value:.2g}",
        significant=comparison.significant,
    )


def waterbed_analyses() -> list[WaterbedResult]:
    threshold = reports.threshold()
    form_names = reports.category_labels("form")
    results = []
    cache: dict[str, list[MonthlyCount]] = {}
    for intervention in Intervention.objects.select_related("region"):
        level = LEVEL_OF_KIND.get(intervention.region.kind)
        if level is None:
            continue
        counts = cache.setdefault(level, monthly_counts(level))
        names = region_names(level)
        plan = Plan(intervention.region.code, intervention.start, intervention.form or None, intervention.label)
        try:
            analysis = analyse_waterbed(counts, plan, _neighbours(level), names=names, form_names=form_names)
        except ValueError:
            results.append(
                WaterbedResult(
                    intervention,
                    None,
                    _("Not enough months of data yet: the test compares six months before with six months after."),
                    [],
                )
            )
            continue
        comparisons = [analysis.fall, *analysis.candidates]
        small = any(0 < c.before_count < threshold or 0 < c.after_count < threshold for c in comparisons)
        explanation = analysis.explanation
        if small and (0 < analysis.fall.before_count < threshold or 0 < analysis.fall.after_count < threshold):
            # The explanation quotes monthly rates, from which small counts can be recovered.
            explanation = _("The counts in this region are too small to describe without revealing them.")
        evidence = [_row(c, names, form_names, threshold) for c in comparisons]
        results.append(WaterbedResult(intervention, analysis, explanation, evidence))
    return results
