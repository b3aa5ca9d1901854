"""Choropleth maps of the Netherlands from the shipped TopoJSON boundaries.

This module owns turning ``geo/data/municipalities.topojson`` (CBS gebiedsindeling 2025, 342
municipalities, quantised arcs in WGS84) into SVG path strings, dissolving municipalities into
regions (safety region, police unit, RIEC, province or any mapping you pass), deriving which
areas are neighbours, and rendering an accessible choropleth.

* Arcs are decoded once per process (delta-decoded, de-quantised) and projected with a simple
  equirectangular projection scaled by cos(52 deg), which is close enough at the scale of the
  Netherlands. Paths are cached per level.
* Dissolving keeps only the arcs that are used exactly once within a group; shared internal
  borders cancel out. The remaining directed arcs are chained into closed rings, so a region
  is drawn as one outline, with holes where another region is enclosed.
* Two areas are neighbours when they share an arc (a stretch of border); touching at a single
  point or facing each other across water does not count.
* The choropleth takes values as ``int``, ``None`` or suppression ``Cell`` objects, so it never
  sees a suppressed value. Class breaks are computed from published values only.

No Django imports except translation; file paths are resolved relative to this package.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext, gettext_lazy

from samen.insights.suppression import Cell

DATA_DIR = Path(__file__).resolve().parent.parent / "geo" / "data"
TOPOLOGY_PATH = DATA_DIR / "municipalities.topojson"
MUNICIPALITIES_CSV = DATA_DIR / "municipalities.csv"
OBJECT_NAME = "gemeenten"
MAP_WIDTH = 500.0
REFERENCE_LATITUDE = 52.0

# ColorBrewer "Blues": single-hue sequential, readable for every kind of colour blindness.
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA_FILL = "#ffffff"
BORDER = "#4d4d4d"
HATCH = "#595959"
TEXT = "#1a1a1a"

MUNICIPALITY = "municipality"
LEVELS: dict[str, tuple[str, str]] = {
    # level: (code column, name column) in municipalities.csv
    "safety_region": ("veiligheidsregio_code", "veiligheidsregio"),
    "police_unit": ("politie_eenheid_code", "politie_eenheid"),
    "riec": ("politie_eenheid_code", "riec"),
    "province": ("provincie_code", "provincie"),
}
LEVEL_PLURALS = {
    MUNICIPALITY: gettext_lazy("municipalities"),
    "safety_region": gettext_lazy("safety regions"),
    "police_unit": gettext_lazy("police units"),
    "riec": gettext_lazy("RIEC regions"),
    "province": gettext_lazy("provinces"),
}
SUPPRESSED_LABEL = gettext_lazy("suppressed")

Value = int | None | Cell


@dataclass(frozen=True)
class AreaShape:
    code: str
    name: str
    path: str  # SVG path data in the map's coordinate system (viewBox 0 0 width height)


# --- decoding --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _topology() -> dict[str, Any]:
    with TOPOLOGY_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _quantised_arcs() -> tuple[tuple[tuple[int, int], ...], ...]:
    """Absolute quantised positions of every arc (TopoJSON stores deltas)."""
    arcs = []
    for arc in _topology()["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x, y))
        arcs.append(tuple(points))
    return tuple(arcs)


def _lon_lat(point: tuple[int, int]) -> tuple[float, float]:
    transform = _topology()["transform"]
    return (
        point[0] * transform["scale"][0] + transform["translate"][0],
        point[1] * transform["scale"][1] + transform["translate"][1],
    )


@lru_cache(maxsize=1)
def map_size() -> tuple[float, float]:
    """Width and height of the map in SVG user units."""
    lon_min, lat_min, lon_max, lat_max = _topology()["bbox"]
    x_scale = math.cos(math.radians(REFERENCE_LATITUDE))
    k = MAP_WIDTH / ((lon_max - lon_min) * x_scale)
    return MAP_WIDTH, round((lat_max - lat_min) * k, 1)


@lru_cache(maxsize=1)
def _projected_arcs() -> tuple[tuple[tuple[int, int], ...], ...]:
    """Arcs in map coordinates, in tenths of a unit (integers, so shared borders match exactly)."""
    lon_min, _, lon_max, lat_max = _topology()["bbox"]
    x_scale = math.cos(math.radians(REFERENCE_LATITUDE))
    k = MAP_WIDTH / ((lon_max - lon_min) * x_scale)
    projected = []
    for arc in _quantised_arcs():
        points = []
        for point in arc:
            lon, lat = _lon_lat(point)
            points.append((round((lon - lon_min) * x_scale * k * 10), round((lat_max - lat) * k * 10)))
        projected.append(tuple(points))
    return tuple(projected)


def _geometries() -> list[dict[str, Any]]:
    return _topology()["objects"][OBJECT_NAME]["geometries"]


def _rings(geometry: dict[str, Any]) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _arc_points(ref: int, arcs: Sequence[Sequence[tuple[int, int]]]) -> Sequence[tuple[int, int]]:
    return arcs[ref] if ref >= 0 else arcs[~ref][::-1]


def _ring_points(refs: Iterable[int]) -> list[tuple[int, int]]:
    arcs = _projected_arcs()
    points: list[tuple[int, int]] = []
    for ref in refs:
        segment = _arc_points(ref, arcs)
        points.extend(segment[1:] if points else segment)
    return points


def _tenths(value: int) -> str:
    return f"{value / 10:g}"


def _path(rings: Iterable[Iterable[int]]) -> str:
    """Compact path data: absolute move-to, then relative line-tos, one subpath per ring."""
    parts = []
    for refs in rings:
        points = _ring_points(refs)
        deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(deduplicated) < 3:
            continue
        x0, y0 = deduplicated[0]
        steps = " ".join(
            f"{_tenths(x - px)} {_tenths(y - py)}" for (px, py), (x, y) in itertools.pairwise(deduplicated)
        )
        parts.append(f"M{_tenths(x0)} {_tenths(y0)}l{steps}Z")
    return "".join(parts)


# --- shapes and regions ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def municipality_shapes() -> dict[str, AreaShape]:
    """All municipalities by CBS code (``GM0014``), each with its SVG path; cached per process."""
    shapes = {}
    for geometry in _geometries():
        code = geometry["id"]
        shapes[code] = AreaShape(code, geometry["properties"]["gemeentenaam"], _path(_rings(geometry)))
    return shapes


@lru_cache(maxsize=1)
def _municipality_rows() -> tuple[dict[str, str], ...]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _region_code(level: str, row: Mapping[str, str]) -> str:
    code = row[LEVELS[level][0]]
    # Mirrors samen.geo.reference.riec_code: RIEC regions follow the police units one to one.
    return f"RIEC-{code}" if level == "riec" else code


def region_mapping(level: str) -> dict[str, str]:
    """Municipality code -> region code for a level (safety_region, police_unit, riec, province)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose from {sorted(LEVELS)}")
    return {row["gemeentecode"]: _region_code(level, row) for row in _municipality_rows()}


def region_names(level: str) -> dict[str, str]:
    """Region code -> display name for a level."""
    if level == MUNICIPALITY:
        return {code: shape.name for code, shape in municipality_shapes().items()}
    return {_region_code(level, row): row[LEVELS[level][1]] for row in _municipality_rows()}


def _chain(refs: list[int]) -> list[list[int]]:
    """Join directed arcs into closed rings by matching end points to start points."""
    arcs = _quantised_arcs()
    by_start: dict[tuple[int, int], list[int]] = defaultdict(list)
    for ref in refs:
        by_start[_arc_points(ref, arcs)[0]].append(ref)
    rings = []
    for start_refs in list(by_start.values()):
        while start_refs:
            first = start_refs.pop()
            ring = [first]
            origin = _arc_points(first, arcs)[0]
            end = _arc_points(first, arcs)[-1]
            while end != origin:
                candidates = by_start.get(end)
                if not candidates:
                    raise ValueError("dissolved outline is not closed; is the mapping complete?")
                ref = candidates.pop()
                ring.append(ref)
                end = _arc_points(ref, arcs)[-1]
            rings.append(ring)
    return rings


def dissolve(mapping: Mapping[str, str], names: Mapping[str, str] | None = None) -> dict[str, AreaShape]:
    """One outline per group of municipalities (municipality code -> group code).

    Municipalities missing from ``mapping`` are left out. Arcs used once within a group form
    its outline; arcs shared by two members are internal and dropped.
    """
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for geometry in _geometries():
        group = mapping.get(geometry["id"])
        if group is not None:
            members[group].append(geometry)
    shapes = {}
    for group, geometries in members.items():
        refs = [ref for geometry in geometries for ring in _rings(geometry) for ref in ring]
        uses = Counter(ref if ref >= 0 else ~ref for ref in refs)
        outline = [ref for ref in refs if uses[ref if ref >= 0 else ~ref] == 1]
        name = (names or {}).get(group, group)
        shapes[group] = AreaShape(group, name, _path(_chain(outline)))
    return shapes


@lru_cache(maxsize=8)
def region_shapes(level: str) -> dict[str, AreaShape]:
    """Shapes for a level: ``municipality`` or one of :data:`LEVELS`; cached per process."""
    if level == MUNICIPALITY:
        return municipality_shapes()
    return dissolve(region_mapping(level), region_names(level))


def neighbours_from_topology(mapping: Mapping[str, str] | None = None) -> dict[str, frozenset[str]]:
    """Adjacency from shared arcs: municipality codes, or group codes when ``mapping`` is given.

    Every area appears as a key (islands get an empty set). Municipalities missing from a
    mapping are ignored.
    """
    users: dict[int, set[str]] = defaultdict(set)
    for geometry in _geometries():
        area = geometry["id"] if mapping is None else mapping.get(geometry["id"])
        if area is None:
            continue
        for ring in _rings(geometry):
            for ref in ring:
                users[ref if ref >= 0 else ~ref].add(area)
    areas = {geometry["id"] for geometry in _geometries()}
    if mapping is not None:
        areas = {mapping[code] for code in areas if code in mapping}
    adjacency: dict[str, set[str]] = {area: set() for area in areas}
    for sharing in users.values():
        for area in sharing:
            adjacency[area].update(sharing - {area})
    return {area: frozenset(others) for area, others in adjacency.items()}


# --- choropleth -----------------------------------------------------------------------------


def _value(raw: Value) -> int | None:
    if isinstance(raw, Cell):
        return raw.value
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int)):
        raise TypeError(f"map values must be int, None or Cell, got {raw!r}")
    return raw


def class_breaks(values: Iterable[int], bins: int = len(PALETTE)) -> list[int]:
    """Lower bounds of up to ``bins`` classes (quantiles of the published values, deduplicated)."""
    ordered = sorted(values)
    if not ordered:
        return []
    breaks = [ordered[min(len(ordered) - 1, (len(ordered) * k) // bins)] for k in range(bins)]
    breaks[0] = ordered[0]
    return sorted(set(breaks))


def _bin(value: int, breaks: Sequence[int]) -> int:
    index = 0
    for i, bound in enumerate(breaks):
        if value >= bound:
            index = i
    return index


def _palette(count: int) -> list[str]:
    if count <= 1:
        return [PALETTE[2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)]


def _bin_labels(breaks: Sequence[int], maximum: int) -> list[str]:
    labels = []
    for i, low in enumerate(breaks):
        high = breaks[i + 1] - 1 if i + 1 < len(breaks) else maximum
        labels.append(str(low) if high <= low else f"{low}\u2013{high}")
    return labels


def describe_map(
    values: Mapping[str, Value], names: Mapping[str, str], title: str, value_label: str, level: str
) -> str:
    """Text alternative: how many areas, highest and lowest, how many suppressed or missing."""
    shown = {code: _value(raw) for code, raw in values.items() if code in names}
    published = {code: v for code, v in shown.items() if v is not None}
    parts = [
        gettext("%(title)s: %(label)s for %(count)s %(areas)s.")
        % {"title": title, "label": value_label, "count": len(names), "areas": LEVEL_PLURALS.get(level, level)}
    ]
    if published:
        high = max(published, key=lambda c: (published[c], names[c]))
        low = min(published, key=lambda c: (published[c], names[c]))
        parts.append(
            gettext("Highest: %(name)s (%(value)s). Lowest: %(low_name)s (%(low_value)s).")
            % {"name": names[high], "value": published[high], "low_name": names[low], "low_value": published[low]}
        )
    hidden = sum(v is None for v in shown.values())
    if hidden:
        parts.append(gettext("%(count)s areas are suppressed to protect privacy.") % {"count": hidden})
    missing = len(set(names) - set(shown))
    if missing:
        parts.append(gettext("%(count)s areas have no data.") % {"count": missing})
    return " ".join(parts)


def render_choropleth(
    values: Mapping[str, Value],
    *,
    title: str,
    value_label: str,
    level: str = MUNICIPALITY,
    shapes: Mapping[str, AreaShape] | None = None,
    breaks: Sequence[int] | None = None,
    css_class: str = "samen-map",
    description: str | None = None,
) -> str:
    """SVG choropleth: one ``<path>`` per area, coloured by class, suppressed areas hatched.

    ``values`` maps area codes of ``level`` to a count, ``None`` or a suppression ``Cell``.
    Areas not in ``values`` are drawn as "no data" (pass 0 explicitly for no signals); codes
    that are not on the map are ignored.
    ``shapes`` overrides the level's shapes (e.g. the result of :func:`dissolve`).
    """
    areas = dict(shapes) if shapes is not None else region_shapes(level)
    names = {code: shape.name for code, shape in areas.items()}
    resolved = {code: _value(raw) for code, raw in values.items() if code in areas}
    published = [v for v in resolved.values() if v is not None]
    class_bounds = list(breaks) if breaks is not None else class_breaks(published)
    colours = _palette(len(class_bounds))
    width, height = map_size()
    digest = hashlib.sha256(repr((title, level, sorted(resolved.items()))).encode()).hexdigest()[:10]
    map_id = f"map-{digest}"
    hatch_id = f"{map_id}-hatch"
    desc = description or describe_map(values, names, title, value_label, level)
    legend_rows = len(class_bounds) + 2
    total_height = height + 28 + 20 * legend_rows
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {total_height:g}" role="img"'
        f' aria-labelledby="{map_id}-title {map_id}-desc" class={quoteattr(css_class)}>',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<desc id="{map_id}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{hatch_id}" width="5" height="5" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{HATCH}" stroke-width="1.5"/></pattern></defs>',
        f'<g class="map-areas" stroke="{BORDER}" stroke-width="{0.3 if level == MUNICIPALITY else 0.6}"'
        ' stroke-linejoin="round" fill-rule="evenodd">',
    ]
    suppressed_text = str(SUPPRESSED_LABEL)
    no_data_text = gettext("no data")
    for code in sorted(areas, key=lambda c: names[c]):
        shape = areas[code]
        if code not in resolved:
            fill, css, label = NO_DATA_FILL, "area no-data", no_data_text
        elif resolved[code] is None:
            fill, css, label = f"url(#{hatch_id})", "area suppressed", suppressed_text
        else:
            value = resolved[code]
            index = _bin(value, class_bounds) if class_bounds else 0
            fill, css, label = colours[index], f"area bin-{index}", str(value)
        out.append(
            f'<path d="{shape.path}" class="{css}" data-code={quoteattr(code)} fill="{fill}">'
            f"<title>{escape(f'{shape.name}: {label}')}</title></path>"
        )
    out.append("</g>")
    out.append(f'<g class="map-legend" font-size="12" fill="{TEXT}">')
    y = height + 16
    out.append(f'<text x="8" y="{y:g}">{escape(value_label)}</text>')
    entries = [
        (colour, label)
        for colour, label in zip(colours, _bin_labels(class_bounds, max(published, default=0)), strict=False)
    ]
    entries.append((f"url(#{hatch_id})", suppressed_text))
    entries.append((NO_DATA_FILL, no_data_text))
    for colour, label in entries:
        y += 20
        out.append(
            f'<rect x="8" y="{y - 11:g}" width="16" height="14" fill="{colour}" stroke="{BORDER}" stroke-width="0.5"/>'
            f'<text x="30" y="{y:g}">{escape(label)}</text>'
        )
    out.append("</g></svg>")
    return "".join(out)
