"""Server-rendered, accessible SVG charts for the insights pages.

This module owns the markup of trend charts (line or column, periods on the x axis) and
horizontal bar charts for breakdowns. Output is a self-contained ``<svg>`` string:

* ``role="img"`` with ``<title>`` and ``<desc>`` (a text alternative in words: range, highest
  and lowest value, trend, how many values were suppressed), linked by ``aria-labelledby``;
* no ``style`` attributes, ``<style>`` elements or scripts, so it passes a Content Security
  Policy without 'unsafe-inline'; colours are presentation attributes, classes are hooks for
  the site stylesheet;
* every colour that carries information has at least 4.5:1 contrast against white;
* suppressed values are drawn as a hatched marker and a gap in the line, with a legend entry;
  the charts never receive their values (pass :class:`~samen.insights.suppression.Cell`
  objects or ``None``), so they cannot leak them.

The table behind a chart comes from :func:`data_table` (or straight from the suppressed
table), so the page can show both.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext, gettext_lazy

from samen.insights.suppression import Cell

TEXT = "#1a1a1a"
MUTED_TEXT = "#595959"
AXIS = "#595959"
GRID = "#d9d9d9"  # decorative only: values are read from labels and the table
SERIES = "#154273"
HATCH = "#595959"
SUPPRESSED_NOTE = gettext_lazy("Not shown: suppressed to protect privacy")
SUPPRESSED_SHORT = gettext_lazy("suppressed")

Value = int | None | Cell


@dataclass(frozen=True)
class Point:
    label: str
    value: int | None  # None: suppressed


def _points(items: Sequence[tuple[object, Value]] | Sequence[Point]) -> list[Point]:
    points = []
    for item in items:
        if isinstance(item, Point):
            points.append(item)
            continue
        label, raw = item
        if isinstance(raw, Cell):
            value = raw.value
        elif raw is None:
            value = None
        elif isinstance(raw, bool) or not isinstance(raw, int):
            raise TypeError(f"chart values must be int, None or Cell, got {raw!r}")
        else:
            value = raw
        points.append(Point(str(label), value))
    return points


def data_table(items: Sequence[tuple[object, Value]], marker: str | None = None) -> list[tuple[str, str]]:
    """The (label, value text) rows behind a chart; suppressed values show ``marker``."""
    shown = str(SUPPRESSED_SHORT) if marker is None else marker
    return [(p.label, shown if p.value is None else str(p.value)) for p in _points(items)]


def _nice_ticks(maximum: int, target: int = 5) -> list[int]:
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


def _chart_id(kind: str, title: str, points: Sequence[Point]) -> str:
    digest = hashlib.sha256(repr((kind, title, [(p.label, p.value) for p in points])).encode()).hexdigest()
    return f"chart-{digest[:10]}"


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f" {name.replace('_', '-')}={quoteattr(value)}" for name, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _hatch_defs(pattern_id: str) -> str:
    return (
        f'<defs><pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6"'
        f' stroke="{HATCH}" stroke-width="2"/></pattern></defs>'
    )


def _open_svg(chart_id: str, width: int, height: int, title: str, desc: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}"'
        f' height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f" class={quoteattr(css_class)}>",
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _trend(points: Sequence[Point]) -> str:
    known = [(i, p.value) for i, p in enumerate(points) if p.value is not None]
    if len(known) < 3:
        return gettext("Too few values to describe a trend.")
    xs = [i for i, _ in known]
    ys = [v for _, v in known]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in known) / spread
    if mean_y == 0:
        return gettext("The trend is flat.")
    # Change of the least-squares line over the whole period, relative to the mean level.
    change = slope * (xs[-1] - xs[0]) / mean_y
    if change > 0.1:
        return gettext("The trend is rising (about %(change)s%% over the period).") % {"change": round(change * 100)}
    if change < -0.1:
        return gettext("The trend is falling (about %(change)s%% over the period).") % {"change": round(-change * 100)}
    return gettext("The trend is roughly stable.")


def _extremes(points: Sequence[Point], highest_msg: str, lowest_msg: str) -> list[str]:
    known = [p for p in points if p.value is not None]
    if not known:
        return [gettext("No values can be shown.")]
    high = max(known, key=lambda p: p.value or 0)
    low = min(known, key=lambda p: p.value or 0)
    return [
        highest_msg % {"label": high.label, "value": high.value},
        lowest_msg % {"label": low.label, "value": low.value},
    ]


def _suppressed_sentence(points: Sequence[Point]) -> list[str]:
    hidden = sum(p.value is None for p in points)
    if not hidden:
        return []
    return [
        gettext("%(count)s of %(total)s values are suppressed to protect privacy.")
        % {
            "count": hidden,
            "total": len(points),
        }
    ]


def describe_series(points_in: Sequence[tuple[object, Value]], title: str, unit: str) -> str:
    """Text alternative for a time series: range, highest and lowest period, trend, gaps."""
    points = _points(points_in)
    if not points:
        return gettext("%(title)s: no data.") % {"title": title}
    parts = [
        gettext("%(title)s, %(unit)s per period, from %(first)s to %(last)s.")
        % {"title": title, "unit": unit, "first": points[0].label, "last": points[-1].label},
        *_extremes(
            points,
            gettext("Highest: %(label)s (%(value)s)."),
            gettext("Lowest: %(label)s (%(value)s)."),
        ),
        _trend(points),
        *_suppressed_sentence(points),
    ]
    return " ".join(parts)


def describe_breakdown(items: Sequence[tuple[object, Value]], title: str, unit: str) -> str:
    """Text alternative for a breakdown: number of categories, largest, smallest, gaps."""
    points = _points(items)
    if not points:
        return gettext("%(title)s: no data.") % {"title": title}
    parts = [
        gettext("%(title)s: %(unit)s for %(count)s categories.") % {"title": title, "unit": unit, "count": len(points)},
        *_extremes(
            points,
            gettext("Largest: %(label)s (%(value)s)."),
            gettext("Smallest: %(label)s (%(value)s)."),
        ),
        *_suppressed_sentence(points),
    ]
    return " ".join(parts)


def _legend(x: float, y: float, series_label: str, kind: str, pattern_id: str, any_hidden: bool) -> list[str]:
    parts = ['<g class="chart-legend">']
    if kind == "line":
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 18:.1f}" y2="{y - 4:.1f}"'
            f' stroke="{SERIES}" stroke-width="2"/>'
        )
    else:
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{SERIES}"/>')
    parts.append(_text(x + 24, y, series_label, fill=TEXT, font_size="12"))
    if any_hidden:
        offset = x + 34 + 7 * len(series_label)
        parts.append(
            f'<rect x="{offset:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="url(#{pattern_id})"'
            f' stroke="{HATCH}" stroke-width="1"/>'
        )
        parts.append(_text(offset + 18, y, str(SUPPRESSED_NOTE), fill=TEXT, font_size="12"))
    parts.append("</g>")
    return parts


def render_time_series(
    points_in: Sequence[tuple[object, Value]],
    *,
    title: str,
    y_label: str,
    x_label: str,
    kind: Literal["line", "bar"] = "line",
    width: int = 720,
    height: int = 320,
    css_class: str = "samen-chart",
    description: str | None = None,
) -> str:
    """SVG trend chart of ``(period label, value)`` pairs; ``None``/suppressed cells are gaps."""
    points = _points(points_in)
    chart_id = _chart_id(kind, title, points)
    pattern_id = f"{chart_id}-hatch"
    desc = description or describe_series(points, title, y_label)
    left, right, top, bottom = 64, 16, 20, 76
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [p.value for p in points if p.value is not None]
    ticks = _nice_ticks(max(known, default=0))
    y_max = ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / y_max

    n = max(len(points), 1)
    band = plot_w / n

    def x_of(index: int) -> float:
        return left + band * (index + 0.5)

    out = _open_svg(chart_id, width, height, title, desc, css_class)
    out.append(_hatch_defs(pattern_id))
    out.append('<g class="chart-grid" aria-hidden="true">')
    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
    out.append("</g>")
    out.append('<g class="chart-axis chart-axis-y">')
    for tick in ticks:
        out.append(_text(left - 8, y_of(tick) + 4, str(tick), fill=MUTED_TEXT, font_size="12", text_anchor="end"))
    out.append(
        _text(
            16,
            top + plot_h / 2,
            y_label,
            fill=TEXT,
            font_size="12",
            text_anchor="middle",
            transform=f"rotate(-90 16 {top + plot_h / 2:.1f})",
        )
    )
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS}" stroke-width="1"/></g>')
    # Thin the labels so they do not overlap (about 64px per label).
    every = max(1, math.ceil(n / max(1, plot_w // 64)))
    out.append('<g class="chart-axis chart-axis-x">')
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"'
        f' stroke="{AXIS}" stroke-width="1"/>'
    )
    for index, point in enumerate(points):
        if index % every == 0:
            out.append(
                _text(
                    x_of(index), top + plot_h + 18, point.label, fill=MUTED_TEXT, font_size="12", text_anchor="middle"
                )
            )
    out.append(_text(left + plot_w / 2, top + plot_h + 40, x_label, fill=TEXT, font_size="12", text_anchor="middle"))
    out.append("</g>")

    out.append(f'<g class="chart-series chart-series-{kind}">')
    if kind == "line":
        segment: list[str] = []
        segments: list[list[str]] = []
        for index, point in enumerate(points):
            if point.value is None:
                if segment:
                    segments.append(segment)
                segment = []
            else:
                segment.append(f"{x_of(index):.1f},{y_of(point.value):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{SERIES}" stroke-width="2"/>')
    for index, point in enumerate(points):
        cx = x_of(index)
        if point.value is None:
            label = f"{point.label}: {SUPPRESSED_SHORT}"
            out.append(
                f'<rect class="chart-suppressed" x="{cx - min(band * 0.35, 10):.1f}" y="{top + plot_h - 12:.1f}"'
                f' width="{min(band * 0.7, 20):.1f}" height="12" fill="url(#{pattern_id})" stroke="{HATCH}"'
                f' stroke-width="1"><title>{escape(label)}</title></rect>'
            )
            continue
        label = f"{point.label}: {point.value}"
        if kind == "line":
            out.append(
                f'<circle cx="{cx:.1f}" cy="{y_of(point.value):.1f}" r="3.5" fill="{SERIES}">'
                f"<title>{escape(label)}</title></circle>"
            )
        else:
            bar_w = band * 0.7
            y = y_of(point.value)
            out.append(
                f'<rect x="{cx - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{top + plot_h - y:.1f}"'
                f' fill="{SERIES}"><title>{escape(label)}</title></rect>'
            )
    out.append("</g>")
    out.extend(_legend(left, height - 10, y_label, kind, pattern_id, any(p.value is None for p in points)))
    out.append("</svg>")
    return "".join(out)


def render_bar_chart(
    items: Sequence[tuple[object, Value]],
    *,
    title: str,
    value_label: str,
    width: int = 720,
    bar_height: int = 22,
    label_width: int = 200,
    css_class: str = "samen-chart",
    description: str | None = None,
) -> str:
    """Horizontal bar chart of ``(category, value)`` pairs in the given order."""
    points = _points(items)
    chart_id = _chart_id("hbar", title, points)
    pattern_id = f"{chart_id}-hatch"
    desc = description or describe_breakdown(points, title, value_label)
    top, bottom, right = 12, 64, 56
    gap = 6
    plot_h = max(1, len(points)) * (bar_height + gap)
    height = top + plot_h + bottom
    left = label_width
    plot_w = width - left - right
    ticks = _nice_ticks(max((p.value for p in points if p.value is not None), default=0))
    x_max = ticks[-1]

    def x_of(value: float) -> float:
        return left + plot_w * value / x_max

    out = _open_svg(chart_id, width, height, title, desc, css_class)
    out.append(_hatch_defs(pattern_id))
    out.append('<g class="chart-grid" aria-hidden="true">')
    for tick in ticks:
        x = x_of(tick)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{GRID}" stroke-width="1"/>')
    out.append("</g>")
    out.append('<g class="chart-axis chart-axis-x">')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    for tick in ticks:
        out.append(
            _text(x_of(tick), top + plot_h + 16, str(tick), fill=MUTED_TEXT, font_size="12", text_anchor="middle")
        )
    out.append(
        _text(left + plot_w / 2, top + plot_h + 36, value_label, fill=TEXT, font_size="12", text_anchor="middle")
    )
    out.append("</g>")
    out.append('<g class="chart-series chart-series-hbar">')
    for index, point in enumerate(points):
        y = top + index * (bar_height + gap) + gap / 2
        middle = y + bar_height / 2 + 4
        out.append(_text(left - 8, middle, point.label, fill=TEXT, font_size="12", text_anchor="end"))
        if point.value is None:
            label = f"{point.label}: {SUPPRESSED_SHORT}"
            out.append(
                f'<rect class="chart-suppressed" x="{left}" y="{y:.1f}" width="24" height="{bar_height}"'
                f' fill="url(#{pattern_id})" stroke="{HATCH}" stroke-width="1"><title>{escape(label)}</title></rect>'
            )
            out.append(_text(left + 30, middle, str(SUPPRESSED_SHORT), fill=MUTED_TEXT, font_size="12"))
            continue
        end = x_of(point.value)
        out.append(
            f'<rect x="{left}" y="{y:.1f}" width="{end - left:.1f}" height="{bar_height}" fill="{SERIES}">'
            f"<title>{escape(f'{point.label}: {point.value}')}</title></rect>"
        )
        out.append(_text(end + 6, middle, str(point.value), fill=TEXT, font_size="12"))
    out.append("</g>")
    if any(p.value is None for p in points):
        y = height - 10
        out.append(
            f'<g class="chart-legend"><rect x="{left}" y="{y - 10}" width="12" height="12"'
            f' fill="url(#{pattern_id})" stroke="{HATCH}" stroke-width="1"/>'
            f"{_text(left + 18, y, str(SUPPRESSED_NOTE), fill=TEXT, font_size='12')}</g>"
        )
    out.append("</svg>")
    return "".join(out)
