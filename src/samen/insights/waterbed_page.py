"""The waterbed page's data: each recorded intervention tested against the summary tables.

Counts per month x region (at the intervention region's level) x form come from
`SignalRegionCount`; neighbours are regions sharing a border in the shipped boundaries. Counts in
the evidence below the suppression threshold are not shown, nor anything they could be recovered
from: the change and p-value of their row, the neighbours' joint count, the explanation's rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from samen.geo.models import RegionKind
from samen.insights import reports
from samen.insights.maps import neighbours_from_topology, region_mapping, region_names
from samen.insights.models import Intervention, SignalRegionCount
from samen.insights.waterbed import (
    CandidateKind,
    MonthlyCount,
    RateComparison,
    WaterbedAnalysis,
    analyse_waterbed,
)
from samen.insights.waterbed import Intervention as Plan

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


def _small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def _hidden_counts(analysis: WaterbedAnalysis, threshold: int) -> dict[RateComparison, tuple[bool, bool]]:
    """Per comparison: whether its count before and its count after may not be shown.

    A count under the threshold is hidden. So is the joint count of the neighbours when one
    neighbour's count is hidden: the joint count minus the neighbours shown would reveal it
    (complementary suppression).
    """
    comparisons = [analysis.fall, *analysis.candidates]
    hidden = {c: (_small(c.before_count, threshold), _small(c.after_count, threshold)) for c in comparisons}
    neighbours = [c for c in comparisons if c.kind == CandidateKind.NEIGHBOUR]
    for joint in (c for c in comparisons if c.kind == CandidateKind.NEIGHBOURS_TOGETHER):
        parts = [hidden[c] for c in neighbours if c.form == joint.form and c.region in joint.region.split("+")]
        before, after = hidden[joint]
        hidden[joint] = (before or any(b for b, _ in parts), after or any(a for _, a in parts))
    return hidden


def _shown(count: int, hide: bool, threshold: int) -> str:
    if not hide:
        return str(count)
    if _small(count, threshold):
        return _("fewer than %(threshold)s") % {"threshold": threshold}
    return _("not shown")


def _row(
    comparison: RateComparison,
    hide: tuple[bool, bool],
    names: dict[str, str],
    form_names: dict[str, str],
    threshold: int,
) -> EvidenceRow:
    where = " + ".join(names.get(code, code) for code in comparison.region.split("+"))
    change = comparison.relative_change
    # The change and the exact test's p-value are functions of both counts: with one count
    # shown, either would give the other away.
    exact = not any(hide)
    return EvidenceRow(
        where=where,
        what=form_names.get(comparison.form or "", _("all forms")) if comparison.form is not None else _("all forms"),
        direction=_("fall") if comparison.direction == "fall" else _("rise"),
        before=_shown(comparison.before_count, hide[0], threshold),
        after=_shown(comparison.after_count, hide[1], threshold),
        change="—" if change is None or not exact else f"{change:+.0%}",
        p_value=f"{comparison.adjusted_p_value:.2g}" if exact else "—",
        significant=comparison.significant,
    )


def evidence(
    analysis: WaterbedAnalysis, names: dict[str, str], form_names: dict[str, str], threshold: int
) -> tuple[str, list[EvidenceRow]]:
    """The explanation and the evidence table of an analysis, with small counts kept back."""
    hidden = _hidden_counts(analysis, threshold)
    explanation = analysis.explanation
    # The explanation quotes the monthly rates of the fall and of every displacement.
    if any(any(hidden[c]) for c in (analysis.fall, *analysis.displacements)):
        explanation = _("The counts in this region are too small to describe without revealing them.")
    rows = [_row(c, hidden[c], names, form_names, threshold) for c in (analysis.fall, *analysis.candidates)]
    return explanation, rows


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
        explanation, rows = evidence(analysis, names, form_names, threshold)
        results.append(WaterbedResult(intervention, analysis, explanation, rows))
    return results
