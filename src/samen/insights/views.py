"""Insight pages. Thin: reports build suppressed tables, charts and maps draw them, permissions decide.

Every number on these pages and in their CSV exports comes out of a suppressed table; the views
never read a signal, a person or an identity, only the summary tables.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen.insights import aggregates, permissions, reports, tracks
from samen.insights.charts import render_bar_chart, render_time_series
from samen.insights.forms import FILTERS, LEVELS, PERSON_BY, SIGNAL_BY, TRACK_BY, FilterForm, InterventionForm
from samen.insights.kpi_page import kpi_context
from samen.insights.maps import MUNICIPALITY, render_choropleth
from samen.insights.suppression import TOTAL
from samen.insights.waterbed_page import waterbed_analyses


def insights_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_view_insights(request.user):
            raise PermissionDenied(
                _("Insights are for analysts, coordinators, table members and national administrators.")
            )
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return wrapped


def _labels(choices: Sequence[tuple[str, object]]) -> dict[str, str]:
    return {code: str(label) for code, label in choices}


def _csv(request: HttpRequest, name: str, rows: list[list[str]], what: str) -> HttpResponse:
    if apps.is_installed("samen.audit"):
        from samen import audit

        audit.record(
            actor=request.user,
            action=audit.Action.EXPORT,
            object_type="insights_table",
            object_id=what,
            activity=("statistics", "SAMEN-INSIGHTS", "AVG art. 6(1)(e), 89"),
            origin=f"insights.{what}",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerows(rows)
    return response


def _one_way_csv(result: reports.OneWay, heading: str) -> list[list[str]]:
    rows = [[heading, reports.subject_label(result.subject)]]
    rows += [[label, cell.text()] for _code, label, cell in result.rows()]
    rows.append([_("Total"), result.table.total.text()])
    return rows


def _two_way_csv(result: reports.TwoWay) -> list[list[str]]:
    table = result.table
    header = ["", *(result.column_labels.get(c, c) for c in table.columns), _("Total")]
    body = [
        [result.row_labels.get(r, r), *(table[r, c].text() for c in table.columns), table[r, TOTAL].text()]
        for r in table.rows
    ]
    footer = [_("Total"), *(table[TOTAL, c].text() for c in table.columns), table[TOTAL, TOTAL].text()]
    return [header, *body, footer]


def _not_applied(form: FilterForm, filters: aggregates.Filters, subject: str) -> str:
    """The filters chosen that these counts do not hold, in words ("" when none): they are left out,
    and a figure shown under them would be mislabelled (found by exploratory testing)."""
    labels = [str(form.fields[name].label).lower() for name in filters.not_applying(subject)]
    return get_text_list(labels, _("and")) if labels else ""


def _with_not_applied(rows: list[list[str]], not_applied: str) -> list[list[str]]:
    return (
        [*rows, [_("Not filtered on %(not_applied)s: these counts do not hold it.") % {"not_applied": not_applied}]]
        if not_applied
        else rows
    )


def _chart(result: reports.OneWay, title: str) -> str:
    items = [(label, cell) for _code, label, cell in result.rows()]
    unit = reports.subject_label(result.subject)
    if result.by == "period":
        return mark_safe(render_time_series(items, title=title, y_label=unit, x_label=_("period")))  # noqa: S308
    return mark_safe(render_bar_chart(items, title=title, value_label=unit))  # noqa: S308


OVERVIEW_FIELDS = ["grain", "start", "end", "level", "region", "form"]
BREAKDOWN_FIELDS = ["subject", "by", "columns", "grain", "start", "end", "level", "region", *FILTERS]
MAP_FIELDS = ["subject", "level", "start", "end", *FILTERS]
COMPARE_FIELDS = ["subject", "level", "grain", "start", "end", "form"]


def _form(request: HttpRequest) -> FilterForm:
    return FilterForm(request.GET or None)


def _showing(form: FilterForm, **values: str) -> None:
    """What the page shows, as its selects' starting values: without one a select shows its first
    option, and "Show" then asked for that (months where the page showed quarters)."""
    for name, value in values.items():
        form.fields[name].initial = value
        if form.is_bound and not form.data.get(name):  # a query without it ("?areas=VR01") shows it too
            form.data[name] = value


def _fields(form: FilterForm, names: list[str]) -> list:
    return [form[name] for name in names]


def _render(request: HttpRequest, page: str, partial: str, context: dict) -> HttpResponse:
    context.setdefault("refreshed_at", aggregates.last_refresh())
    context.setdefault("threshold", reports.threshold())
    return render(request, partial if request.htmx else page, context)


@insights_required
def overview(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    grain = form.value("grain", "month")
    _showing(form, grain=grain)
    trend = reports.one_way(aggregates.SIGNALS, "period", filters, grain=grain)
    by_form = reports.one_way(aggregates.SIGNALS, "form", filters)
    victims = reports.one_way(aggregates.PERSONS, "age_band", replace(filters, role="victim"))
    context = {
        "form": form,
        "filter_fields": _fields(form, OVERVIEW_FIELDS),
        "signals_not_applied": _not_applied(form, filters, aggregates.SIGNALS),
        "victims_not_applied": _not_applied(form, filters, aggregates.PERSONS),
        "trend": trend,
        "trend_chart": _chart(trend, _("Signals per period")),
        "by_form": by_form,
        "form_chart": _chart(by_form, _("Signals by form of exploitation")),
        "victims": victims,
        "victim_chart": _chart(victims, _("Possible victims by age")),
    }
    return _render(request, "insights/overview.html", "insights/_overview_result.html", context)


@insights_required
def breakdown(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    subject = form.value("subject", aggregates.SIGNALS)
    allowed = _labels({aggregates.PERSONS: PERSON_BY, aggregates.TRACKS: TRACK_BY}.get(subject, SIGNAL_BY))
    by = form.value("by", "first_action" if subject == aggregates.TRACKS else "form")
    by = by if by in allowed else "period"
    columns = form.value("columns")
    columns = columns if columns in allowed and columns != by else ""
    grain = form.value("grain", "month")
    _showing(form, subject=subject, by=by, columns=columns, grain=grain)
    not_applied = _not_applied(form, filters, subject)
    context: dict = {
        "form": form,
        "filter_fields": _fields(form, BREAKDOWN_FIELDS),
        "not_applied": not_applied,
        "subject": subject,
        "by_label": allowed[by],
        "unit": reports.subject_label(subject),
    }
    if columns:
        result = reports.two_way(subject, by, columns, filters, grain=grain)
        if request.GET.get("format") == "csv":
            rows = _with_not_applied(_two_way_csv(result), not_applied)
            return _csv(request, f"samen-{subject}-{by}-{columns}", rows, "breakdown")
        context.update(two_way=result, columns_label=allowed[columns], grid=_grid(result))
    else:
        result = reports.one_way(subject, by, filters, grain=grain)
        if request.GET.get("format") == "csv":
            rows = _with_not_applied(_one_way_csv(result, allowed[by]), not_applied)
            return _csv(request, f"samen-{subject}-{by}", rows, "breakdown")
        title = _("%(subject)s by %(dimension)s") % {
            "subject": reports.subject_label(subject).capitalize(),
            "dimension": allowed[by],
        }
        context.update(one_way=result, chart=_chart(result, title), title=title)
    context["csv_query"] = _with_csv(request)
    if subject == aggregates.TRACKS:
        context["refreshed_at"] = tracks.last_count()
    return _render(request, "insights/breakdown.html", "insights/_breakdown_result.html", context)


def _grid(result: reports.TwoWay) -> dict:
    table = result.table
    return {
        "header": [result.column_labels.get(c, c) for c in table.columns],
        "rows": [
            (result.row_labels.get(r, r), [table[r, c] for c in table.columns], table[r, TOTAL]) for r in table.rows
        ],
        "totals": [table[TOTAL, c] for c in table.columns],
        "grand_total": table[TOTAL, TOTAL],
    }


def _with_csv(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


@insights_required
def map_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    subject = form.value("subject", aggregates.SIGNALS)
    level = filters.level
    _showing(form, subject=subject, level=level)
    # The map always shows the whole country; a chosen area is not a filter here.
    filters = replace(filters, region="")
    result = reports.one_way(subject, "area", filters)
    level_label = _labels(LEVELS)[level]
    not_applied = _not_applied(form, filters, subject)
    if request.GET.get("format") == "csv":
        rows = _with_not_applied(_one_way_csv(result, level_label), not_applied)
        return _csv(request, f"samen-map-{level}", rows, "map")
    title = _("%(subject)s per %(level)s") % {
        "subject": reports.subject_label(subject).capitalize(),
        "level": level_label,
    }
    svg = render_choropleth(
        {code: cell for code, cell in result.table.items()},
        title=title,
        value_label=reports.subject_label(subject),
        level=level,
    )
    context = {
        "form": form,
        "filter_fields": _fields(form, MAP_FIELDS),
        "unit": reports.subject_label(subject),
        "result": result,
        "title": title,
        "map": mark_safe(svg),  # noqa: S308 - built from escaped parts in maps.render_choropleth
        "level_label": level_label,
        "not_applied": not_applied,
        "csv_query": _with_csv(request),
    }
    return _render(request, "insights/map.html", "insights/_map_result.html", context)


@insights_required
def compare(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    subject = form.value("subject", aggregates.SIGNALS)
    grain = form.value("grain", "quarter")
    level = filters.level if filters.level != MUNICIPALITY else "safety_region"
    _showing(form, subject=subject, grain=grain, level=level)
    filters = replace(filters, level=level, region="")
    chosen = [code.strip().upper() for code in request.GET.getlist("areas") if code.strip()]
    names = reports.area_names(level)
    chosen = [code for code in chosen if code in names][:12]
    result = reports.two_way(subject, "area", "period", filters, grain=grain, only_rows=chosen or None)
    not_applied = _not_applied(form, filters, subject)
    if request.GET.get("format") == "csv":
        return _csv(request, f"samen-compare-{level}", _with_not_applied(_two_way_csv(result), not_applied), "compare")
    context = {
        "form": form,
        "filter_fields": _fields(form, COMPARE_FIELDS),
        "not_applied": not_applied,
        "level": level,
        "area_options": sorted(names.items(), key=lambda item: item[1]),
        "chosen": chosen,
        "two_way": result,
        "grid": _grid(result),
        "subject_label": reports.subject_label(subject),
        "level_label": _labels(LEVELS)[level],
        "csv_query": _with_csv(request),
    }
    return _render(request, "insights/compare.html", "insights/_compare_result.html", context)


@insights_required
def waterbed(request: HttpRequest) -> HttpResponse:
    context = {
        "analyses": waterbed_analyses(),
        "can_manage": permissions.can_manage_interventions(request.user),
    }
    return _render(request, "insights/waterbed.html", "insights/waterbed.html", context)


@insights_required
@require_http_methods(["GET", "POST"])
def intervention_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_interventions(request.user):
        raise PermissionDenied(_("Only coordinators and the national administrator record interventions."))
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from samen.insights.services import intervention_create as create

        create(
            region=form.cleaned_data["region"],
            start=form.cleaned_data["start"],
            form=form.cleaned_data["form"],
            label=form.cleaned_data["label"],
            actor=request.user,
        )
        messages.success(request, _("The intervention has been recorded."))
        return redirect("insights:waterbed")
    return render(request, "insights/intervention_form.html", {"form": form})


@insights_required
def kpis(request: HttpRequest) -> HttpResponse:
    return _render(request, "insights/kpis.html", "insights/kpis.html", kpi_context())
