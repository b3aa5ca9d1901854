"""Waterbed-effect detection: does an intervention push exploitation elsewhere?

This module owns the statistical test for displacement. A waterbed effect is reported only when
*both* of these hold, comparing a window of months before the intervention with an equally long
window after it:

1. signals in the intervention region (for the targeted form of exploitation, or in total) fell
   significantly, and
2. signals rose significantly in at least one neighbouring region (each neighbour separately,
   and all neighbours together), or, when the intervention targets one form of exploitation,
   in another form in the same region.

Test: for counts ``x_before`` over ``t_before`` months and ``x_after`` over ``t_after`` months,
the conditional (exact) test for two Poisson rates: given ``n = x_before + x_after``,
``x_after ~ Binomial(n, t_after / (t_before + t_after))`` when the rate did not change. It is
one-sided (a fall for the intervention region, a rise for the candidates). The rises are a
family of tests, so their p-values are Holm-adjusted. A change must also be at least
``min_relative_change`` (default 20%) to count, so that tiny shifts in large counts are not
reported. Computed with the standard library only.

Limitations, stated in the result's words too: it shows coincidence in time and place, not
cause; seasonality and registration changes can produce the same pattern; neighbours are those
sharing a border (see ``maps.neighbours_from_topology``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext


@dataclass(frozen=True)
class MonthlyCount:
    """Signals in one region (and form of exploitation, "" if not broken down) in one month."""

    region: str
    month: date
    count: int
    form: str = ""


@dataclass(frozen=True)
class Intervention:
    region: str
    start: date  # first month in which the intervention is in force
    form: str | None = None  # the targeted form of exploitation; None: all forms
    label: str = ""


class Direction(StrEnum):
    FALL = "fall"
    RISE = "rise"


class CandidateKind(StrEnum):
    INTERVENTION = "intervention"
    NEIGHBOUR = "neighbour"
    NEIGHBOURS_TOGETHER = "neighbours_together"
    OTHER_FORM = "other_form"


@dataclass(frozen=True)
class RateComparison:
    """Before/after counts of one series with its one-sided test."""

    kind: CandidateKind
    region: str  # for NEIGHBOURS_TOGETHER: the neighbours joined with "+"
    form: str | None
    direction: Direction
    before_count: int
    after_count: int
    before_months: int
    after_months: int
    p_value: float
    adjusted_p_value: float
    significant: bool

    @property
    def rate_before(self) -> float:
        return self.before_count / self.before_months

    @property
    def rate_after(self) -> float:
        return self.after_count / self.after_months

    @property
    def relative_change(self) -> float | None:
        """(after - before) / before, per month; None when there was nothing before."""
        if self.rate_before == 0:
            return None
        return (self.rate_after - self.rate_before) / self.rate_before


@dataclass(frozen=True)
class WaterbedAnalysis:
    intervention: Intervention
    window_months: int
    alpha: float
    fall: RateComparison
    candidates: tuple[RateComparison, ...]
    detected: bool
    explanation: str

    @property
    def displacements(self) -> tuple[RateComparison, ...]:
        return tuple(c for c in self.candidates if c.significant)


# --- statistics -----------------------------------------------------------------------------


def _log_binomial_pmf(i: int, n: int, p: float) -> float:
    return math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * math.log(p) + (n - i) * math.log1p(-p)


def binomial_tail(k: int, n: int, p: float, *, upper: bool) -> float:
    """P(X >= k) if ``upper`` else P(X <= k), for X ~ Binomial(n, p), 0 < p < 1."""
    if not 0 < p < 1:
        raise ValueError("p must be strictly between 0 and 1")
    terms = range(max(k, 0), n + 1) if upper else range(0, min(k, n) + 1)
    return min(1.0, math.fsum(math.exp(_log_binomial_pmf(i, n, p)) for i in terms))


def poisson_rate_test(
    before: int, after: int, before_exposure: float, after_exposure: float, *, direction: Direction
) -> float:
    """One-sided exact conditional p-value that the rate after is lower (FALL) / higher (RISE)."""
    if before < 0 or after < 0 or before_exposure <= 0 or after_exposure <= 0:
        raise ValueError("counts must be non-negative and exposures positive")
    n = before + after
    if n == 0:
        return 1.0
    share_after = after_exposure / (before_exposure + after_exposure)
    return binomial_tail(after, n, share_after, upper=direction is Direction.RISE)


def holm_adjust(p_values: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


# --- series -----------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, offset: int) -> date:
    index = month.year * 12 + month.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


class _Series:
    def __init__(self, counts: Iterable[MonthlyCount]) -> None:
        self.by_key: dict[tuple[str, str], dict[date, int]] = defaultdict(lambda: defaultdict(int))
        self.forms: dict[str, set[str]] = defaultdict(set)
        months = set()
        for record in counts:
            if record.count < 0:
                raise ValueError("counts must be non-negative")
            month = month_start(record.month)
            months.add(month)
            self.by_key[record.region, record.form][month] += record.count
            self.forms[record.region].add(record.form)
        self.first = min(months, default=None)
        self.last = max(months, default=None)

    def total(self, region: str, form: str | None, start: date, months: int) -> int:
        window = {add_months(start, i) for i in range(months)}
        forms = self.forms.get(region, set()) if form is None else {form}
        return sum(count for f in forms for month, count in self.by_key.get((region, f), {}).items() if month in window)


# --- analysis ---------------------------------------------------------------------------------


def _large_enough(comparison: RateComparison, min_relative_change: float) -> bool:
    change = comparison.relative_change
    if comparison.direction is Direction.RISE:
        if change is None:
            return comparison.after_count > 0
        return change >= min_relative_change
    return change is not None and change <= -min_relative_change


def _percent(change: float | None) -> str:
    return "\u2013" if change is None else f"{change * 100:+.0f}%"


def _describe(comparison: RateComparison, names: Mapping[str, str], form_names: Mapping[str, str]) -> str:
    if comparison.kind is CandidateKind.NEIGHBOURS_TOGETHER:
        where = gettext("all neighbouring regions together")
    elif comparison.kind is CandidateKind.OTHER_FORM:
        form = comparison.form or ""
        where = gettext("%(form)s in %(region)s") % {
            "form": form_names.get(form, form),
            "region": names.get(comparison.region, comparison.region),
        }
    else:
        where = names.get(comparison.region, comparison.region)
    return gettext("%(where)s: from %(before).1f to %(after).1f per month (%(change)s, adjusted p = %(p).2g)") % {
        "where": where,
        "before": comparison.rate_before,
        "after": comparison.rate_after,
        "change": _percent(comparison.relative_change),
        "p": comparison.adjusted_p_value,
    }


def analyse_waterbed(
    counts: Iterable[MonthlyCount],
    intervention: Intervention,
    neighbours: Mapping[str, Collection[str]],
    *,
    window_months: int = 6,
    alpha: float = 0.01,
    min_relative_change: float = 0.2,
    names: Mapping[str, str] | None = None,
    form_names: Mapping[str, str] | None = None,
) -> WaterbedAnalysis:
    """Test for a waterbed effect around ``intervention``; always returns the evidence.

    Months without a record count as zero signals, but both windows must lie within the months
    covered by ``counts`` (otherwise ValueError), so that missing data is not read as a fall.
    """
    if window_months < 1:
        raise ValueError("window_months must be at least 1")
    names = names or {}
    form_names = form_names or {}
    series = _Series(counts)
    start = month_start(intervention.start)
    before_start = add_months(start, -window_months)
    after_last = add_months(start, window_months - 1)
    if series.first is None or series.last is None or before_start < series.first or after_last > series.last:
        raise ValueError(
            f"need data from {before_start:%Y-%m} to {after_last:%Y-%m}; "
            f"have {series.first and f'{series.first:%Y-%m}'} to {series.last and f'{series.last:%Y-%m}'}"
        )

    def counts_for(region: str, form: str | None) -> tuple[int, int]:
        return (
            series.total(region, form, before_start, window_months),
            series.total(region, form, start, window_months),
        )

    region, form = intervention.region, intervention.form
    before, after = counts_for(region, form)
    p_fall = poisson_rate_test(before, after, window_months, window_months, direction=Direction.FALL)
    fall = RateComparison(
        CandidateKind.INTERVENTION,
        region,
        form,
        Direction.FALL,
        before,
        after,
        window_months,
        window_months,
        p_fall,
        p_fall,
        False,
    )
    fall = replace(fall, significant=p_fall <= alpha and _large_enough(fall, min_relative_change))

    raw: list[tuple[CandidateKind, str, str | None, int, int]] = []
    around = sorted(set(neighbours.get(region, ())) - {region})
    for neighbour in around:
        raw.append((CandidateKind.NEIGHBOUR, neighbour, form, *counts_for(neighbour, form)))
    if len(around) > 1:
        pooled = [counts_for(n, form) for n in around]
        raw.append(
            (
                CandidateKind.NEIGHBOURS_TOGETHER,
                "+".join(around),
                form,
                sum(b for b, _ in pooled),
                sum(a for _, a in pooled),
            )
        )
    if form is not None:
        for other in sorted(series.forms.get(region, set()) - {form}):
            raw.append((CandidateKind.OTHER_FORM, region, other, *counts_for(region, other)))
    p_values = [
        poisson_rate_test(b, a, window_months, window_months, direction=Direction.RISE) for _, _, _, b, a in raw
    ]
    candidates = []
    for (kind, where, what, b, a), p, adjusted in zip(raw, p_values, holm_adjust(p_values), strict=True):
        comparison = RateComparison(
            kind, where, what, Direction.RISE, b, a, window_months, window_months, p, adjusted, False
        )
        candidates.append(
            replace(comparison, significant=adjusted <= alpha and _large_enough(comparison, min_relative_change))
        )
    displaced = [c for c in candidates if c.significant]
    detected = fall.significant and bool(displaced)

    where = names.get(region, region)
    context = {
        "label": intervention.label or gettext("the intervention"),
        "region": where,
        "month": f"{start:%Y-%m}",
        "before": fall.rate_before,
        "after": fall.rate_after,
        "change": _percent(fall.relative_change),
        "p": fall.p_value,
        "months": window_months,
    }
    fall_words = (
        gettext(
            "Comparing %(months)s months before and after %(label)s in %(region)s (from %(month)s): signals "
            "there went from %(before).1f to %(after).1f per month (%(change)s, p = %(p).2g)."
        )
        % context
    )
    if detected:
        explanation = " ".join(
            [
                gettext("Possible waterbed effect."),
                fall_words,
                gettext("At the same time signals rose significantly in: %(targets)s.")
                % {"targets": "; ".join(_describe(c, names, form_names) for c in displaced)},
                gettext(
                    "This shows a shift in time and place, not its cause; check seasonality and changes in "
                    "registration before drawing conclusions."
                ),
            ]
        )
    elif not fall.significant:
        explanation = " ".join(
            [
                gettext("No waterbed effect: signals in %(region)s did not fall significantly.") % context,
                fall_words,
            ]
        )
    else:
        explanation = " ".join(
            [
                gettext("No waterbed effect: signals in %(region)s fell significantly,") % context,
                gettext(
                    "but no neighbouring region or other form of exploitation rose significantly at alpha %(alpha)s."
                )
                % {"alpha": alpha},
                fall_words,
            ]
        )
    return WaterbedAnalysis(intervention, window_months, alpha, fall, tuple(candidates), detected, explanation)


def detect_waterbed(
    counts: Iterable[MonthlyCount],
    intervention: Intervention,
    neighbours: Mapping[str, Collection[str]],
    *,
    window_months: int = 6,
    alpha: float = 0.01,
    min_relative_change: float = 0.2,
    names: Mapping[str, str] | None = None,
    form_names: Mapping[str, str] | None = None,
) -> WaterbedAnalysis | None:
    """Like :func:`analyse_waterbed`, but ``None`` unless a waterbed effect is detected."""
    analysis = analyse_waterbed(
        counts,
        intervention,
        neighbours,
        window_months=window_months,
        alpha=alpha,
        min_relative_change=min_relative_change,
        names=names,
        form_names=form_names,
    )
    return analysis if analysis.detected else None
