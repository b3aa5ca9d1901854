"""The suppressed tables behind every insight page: one function per kind of table.

Each returns a suppressed table (`suppression.Table1D`/`Table2D`) plus labels; the page draws
its chart, its table and its CSV from that one result, so totals and cells always agree and a
suppressed value never reaches a template.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from samen.insights import aggregates, dimensions
from samen.insights.aggregates import PERSONS, SIGNALS, TRACKS, Filters
from samen.insights.maps import MUNICIPALITY, region_mapping, region_names
from samen.insights.suppression import Table1D, Table2D, rows_of, suppress_1d, suppress_2d
from samen.intake.models import Channel, Gender, PersonRole, ReporterType, Sector


def threshold() -> int:
    return int(getattr(settings, "SAMEN_SUPPRESSION_THRESHOLD", 10))


def area_names(level: str) -> dict[str, str]:
    return region_names(level)


# Track dimensions that always have a value: no "unknown" category.
ALWAYS_KNOWN = frozenset({"kind", "state", "first_action"})


def category_labels(name: str, level: str = MUNICIPALITY) -> dict[str, str]:
    """Display labels of the values of a dimension ("" is "unknown", or for an outcome "none")."""
    from samen.insights.forms import TRACK_CHOICES, form_choices, form_name
    from samen.partners.models import ExploitationForm

    unknown = {"": _("unknown")}
    if name == "form":
        # The sub-forms too ("Bedelarij"): a signal may name one alone, and its code showed as the label.
        forms = {form.code: form_name(form) for form in ExploitationForm.objects.all()}
        return {**unknown, **forms, **{code: str(label) for code, label in form_choices()}}
    if name == "area":  # "": the reporter did not know the municipality
        return {**unknown, **area_names(level)}
    if name in TRACK_CHOICES:
        labels = {str(code): str(label) for code, label in TRACK_CHOICES[name]}
        return labels if name in ALWAYS_KNOWN else {**unknown, **labels}
    choices = {
        "sector": Sector.choices,
        "channel": Channel.choices,
        "reporter_type": ReporterType.choices,
        "role": PersonRole.choices,
        "gender": Gender.choices,
        "age_band": dimensions.AGE_BANDS,
        "nationality_group": dimensions.NATIONALITY_GROUPS,
    }.get(name)
    return {**unknown, **{str(code): str(label) for code, label in choices}} if choices else {}


def categories(name: str, filters: Filters, grain: str, subject: str = SIGNALS) -> list[str]:
    """Every category of a dimension, in display order, including those with no signals."""
    if name == "period":
        span = aggregates.months_covered(subject)
        if span is None:
            return []
        first = max(span[0], filters.start) if filters.start else span[0]
        last = min(span[1], filters.end) if filters.end else span[1]
        return aggregates.period_labels(first, last, grain) if first <= last else []
    if name == "area":
        names = area_names(filters.level)
        if filters.region:
            if filters.level == MUNICIPALITY:
                return [filters.region]
            return [filters.region] if filters.region in names else []
        return sorted(names, key=lambda code: names[code])
    labels = category_labels(name, filters.level)
    if name in ALWAYS_KNOWN:
        return list(labels)
    return [code for code in labels if code != ""] + [""]


@dataclass(frozen=True)
class OneWay:
    subject: str
    by: str
    table: Table1D
    labels: dict[str, str]

    def rows(self) -> list[tuple[str, str, object]]:
        """(code, label, cell) per category; suppressed cells carry no value."""
        return [(key, self.labels.get(key, key), cell) for key, cell in self.table.items()]


@dataclass(frozen=True)
class TwoWay:
    subject: str
    by: str
    columns_by: str
    table: Table2D
    row_labels: dict[str, str]
    column_labels: dict[str, str]


def one_way(subject: str, by: str, filters: Filters, *, grain: str = "month") -> OneWay:
    raw = aggregates.counts(subject, [by], filters, grain=grain)
    keys = categories(by, filters, grain, subject)
    values = {key: raw.get((key,), 0) for key in keys}
    # A category we did not list (should not happen) is still counted, never silently dropped.
    for (key,), n in raw.items():
        if key not in values:
            values[key] = n
    labels = category_labels(by, filters.level) if by != "period" else {k: k for k in values}
    return OneWay(subject, by, suppress_1d(values, threshold=threshold()), labels)


def two_way(
    subject: str,
    by: str,
    columns_by: str,
    filters: Filters,
    *,
    grain: str = "month",
    only_rows: list[str] | None = None,
) -> TwoWay:
    """A two-way table; ``only_rows`` shows some of its categories, cut from the whole table after
    suppression (`suppression.rows_of`): suppressed on their own, their totals gave away counts the
    whole table hides."""
    raw: Counter = aggregates.counts(subject, [by, columns_by], filters, grain=grain)
    rows = categories(by, filters, grain, subject)
    columns = categories(columns_by, filters, grain, subject)
    rows += [r for r, _ in raw if r not in rows]
    columns += [c for _, c in raw if c not in columns]
    # Drop rows and columns that are entirely empty: they carry no information and make the
    # table (and its suppression) larger.
    row_totals, column_totals = Counter(), Counter()
    for (r, c), n in raw.items():
        row_totals[r] += n
        column_totals[c] += n
    rows = [r for r in rows if row_totals[r]] or rows[:1]
    columns = [c for c in columns if column_totals[c]] or columns[:1]
    table = suppress_2d(dict(raw), rows=rows, columns=columns, threshold=threshold())
    if only_rows is not None:
        table = rows_of(table, only_rows)
        rows = list(table.rows)
    return TwoWay(
        subject,
        by,
        columns_by,
        table,
        category_labels(by, filters.level) if by != "period" else {r: r for r in rows},
        category_labels(columns_by, filters.level) if columns_by != "period" else {c: c for c in columns},
    )


def subject_label(subject: str) -> str:
    if subject == TRACKS:
        return _("tracks")
    return _("persons in signals") if subject == PERSONS else _("signals")


def region_of_level(level: str) -> dict[str, str]:
    return region_mapping(level) if level != MUNICIPALITY else {}
