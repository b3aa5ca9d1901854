"""Maps: the shipped boundaries decode, dissolve into regions and render as an accessible SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from samen.insights import maps
from samen.insights.suppression import CellStatus, suppress_1d

NS = "{http://www.w3.org/2000/svg}"
_NUMBER = r"-?(?:\d+\.?\d*|\.\d+)"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _signed_area(path: str) -> float:
    """Shoelace area of every subpath in our 'M x y l dx dy ... Z' path format."""
    total = 0.0
    for subpath in re.findall(r"M[^Z]*Z", path):
        start, steps = subpath[1:-1].split("l")
        x, y = map(float, start.split())
        deltas = list(map(float, re.findall(_NUMBER, steps)))
        points = [(x, y)]
        for dx, dy in zip(deltas[::2], deltas[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        total += sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)) / 2
    return total


def test_all_342_municipalities_are_decoded_with_a_non_empty_closed_path():
    shapes = maps.municipality_shapes()
    assert len(shapes) == 342
    for code, shape in shapes.items():
        assert re.fullmatch(r"GM\d{4}", code)
        assert shape.name
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        assert abs(_signed_area(shape.path)) > 1


def test_paths_lie_inside_the_map_and_the_map_has_the_shape_of_the_netherlands():
    width, height = maps.map_size()
    assert width == 500 and 560 < height < 620
    path = maps.municipality_shapes()["GM0363"].path
    x, y = map(float, path[1:].split("l")[0].split())
    assert 0 <= x <= width and 0 <= y <= height


@pytest.mark.parametrize(
    ("level", "expected"), [("safety_region", 25), ("police_unit", 10), ("riec", 10), ("province", 12)]
)
def test_dissolving_municipalities_yields_the_expected_number_of_regions(level, expected):
    shapes = maps.region_shapes(level)
    assert len(shapes) == expected
    assert all(shape.path.startswith("M") and shape.path.endswith("Z") for shape in shapes.values())


def test_a_dissolved_region_covers_exactly_the_area_of_its_members():
    mapping = maps.region_mapping("province")
    municipalities = maps.municipality_shapes()
    for code, shape in maps.region_shapes("province").items():
        members = sum(_signed_area(municipalities[m].path) for m, p in mapping.items() if p == code)
        assert _signed_area(shape.path) == pytest.approx(members, rel=1e-9)
        # The outline drops internal borders, so it is much shorter than the members' paths.
        assert len(shape.path) < sum(len(municipalities[m].path) for m, p in mapping.items() if p == code)


def test_neighbours_are_derived_from_shared_borders_and_are_symmetric():
    adjacency = maps.neighbours_from_topology()
    assert len(adjacency) == 342
    assert "GM0362" in adjacency["GM0363"]  # Amstelveen borders Amsterdam
    assert "GM0014" not in adjacency["GM0363"]
    for area, others in adjacency.items():
        assert area not in others
        assert all(area in adjacency[other] for other in others)


def test_region_neighbours_follow_the_mapping():
    adjacency = maps.neighbours_from_topology(maps.region_mapping("safety_region"))
    assert len(adjacency) == 25
    assert "VR12" in adjacency["VR13"]  # Kennemerland borders Amsterdam-Amstelland
    assert "VR01" not in adjacency["VR13"]


def test_a_choropleth_is_well_formed_accessible_and_marks_suppressed_areas():
    codes = sorted(maps.municipality_shapes())
    counts = {code: (3 if i % 17 == 0 else 10 + i % 90) for i, code in enumerate(codes)}
    table = suppress_1d(counts)
    values = dict(table.items())
    del values[codes[1]]  # an area without data
    svg = maps.render_choropleth(values, title="Signals per municipality", value_label="Signals")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == "Signals per municipality"
    desc = root.find(f"{NS}desc").text
    assert "342 municipalities" in desc and "suppressed" in desc and "1 areas have no data" in desc
    assert "<script" not in svg and "style=" not in svg
    areas = [node for node in root.iter(f"{NS}path") if "area" in node.get("class", "").split()]
    assert len(areas) == 342
    hidden = [node for node in areas if "suppressed" in node.get("class")]
    assert len(hidden) == sum(cell.status is not CellStatus.PUBLISHED for cell in table.cells.values() if cell)
    assert all(node.find(f"{NS}title").text.endswith(": suppressed") for node in hidden)
    assert {node.get("fill") for node in hidden} == {f"url(#{root.find(f'{NS}defs/{NS}pattern').get('id')})"}
    legend = " ".join(node.text for node in root.iter(f"{NS}text"))
    assert "suppressed" in legend and "no data" in legend


def test_a_region_choropleth_uses_five_classes_from_published_values_only():
    values = {code: 20 * (i + 1) for i, code in enumerate(sorted(maps.region_shapes("safety_region")))}
    values["VR05"] = None
    svg = maps.render_choropleth(values, title="Per safety region", value_label="Signals", level="safety_region")
    root = _parse(svg)
    classes = {node.get("class") for node in root.iter(f"{NS}path")}
    assert {f"area bin-{i}" for i in range(5)} <= classes
    assert "area suppressed" in classes


def test_class_breaks_are_increasing_and_start_at_the_minimum():
    assert maps.class_breaks([5, 1, 9, 12, 40, 41, 100]) == [1, 5, 9, 40, 41]
    assert maps.class_breaks([7, 7, 7]) == [7]
    assert maps.class_breaks([]) == []
