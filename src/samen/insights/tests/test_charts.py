"""Charts: accessible, CSP-safe SVG that never shows a suppressed value."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from samen.insights.charts import data_table, describe_series, render_bar_chart, render_time_series
from samen.insights.suppression import suppress_1d, suppress_series

NS = "{http://www.w3.org/2000/svg}"
MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
COUNTS = [21, 24, 3, 30, 33, 17, 35, 38, 40, 41, 44, 46]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def _texts(root: ET.Element) -> list[str]:
    return [node.text or "" for node in root.iter() if node.tag in {f"{NS}text", f"{NS}title", f"{NS}desc"}]


def _series():
    return suppress_series(list(zip(MONTHS, COUNTS, strict=True)))


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _assert_accessible_and_csp_safe(svg: str) -> ET.Element:
    root = _parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "<script" not in svg and "<style" not in svg
    assert all("style" not in node.attrib for node in root.iter())
    assert not any(name.startswith("on") for node in root.iter() for name in node.attrib)
    return root


def _assert_information_colours_have_aa_contrast(root: ET.Element) -> None:
    decorative = {node for group in root.iter(f"{NS}g") if group.get("aria-hidden") for node in group.iter()}
    patterns = {node for pattern in root.iter(f"{NS}pattern") for node in pattern.iter()}
    for node in root.iter():
        if node in decorative or node in patterns:
            continue
        for attribute in ("fill", "stroke"):
            colour = node.get(attribute, "")
            if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
                assert _contrast_with_white(colour) >= 4.5, (node.tag, colour)


def test_a_line_chart_is_well_formed_accessible_svg_with_a_text_alternative():
    svg = render_time_series(_series().items(), title="Signals per month", y_label="Signals", x_label="Month")
    root = _assert_accessible_and_csp_safe(svg)
    desc = root.find(f"{NS}desc").text
    assert "Highest: 2024-12 (46)" in desc
    assert "rising" in desc
    assert "suppressed" in desc
    _assert_information_colours_have_aa_contrast(root)


def test_suppressed_values_do_not_appear_anywhere_in_the_chart_text():
    series = _series()
    hidden = [COUNTS[MONTHS.index(m)] for m, cell in series.items() if cell.suppressed]
    assert 3 in hidden and len(hidden) >= 2
    for kind in ("line", "bar"):
        svg = render_time_series(series.items(), title="Signals", y_label="Signals", x_label="Month", kind=kind)
        root = _assert_accessible_and_csp_safe(svg)
        words = " ".join(_texts(root))
        for value in hidden:
            assert not re.search(rf"(?<![\d.]){value}(?![\d.])", words), value
        assert svg.count('class="chart-suppressed"') == len(hidden)


def test_a_suppressed_point_breaks_the_line_into_separate_segments():
    points = [("Q1", 20), ("Q2", 25), ("Q3", None), ("Q4", 30), ("Q5", 31)]
    root = _parse(render_time_series(points, title="T", y_label="Signals", x_label="Quarter"))
    assert len(list(root.iter(f"{NS}polyline"))) == 2


def test_labels_and_titles_are_escaped():
    svg = render_bar_chart(
        [("<script>alert(1)</script>", 12), ("A & B", None)], title='Forms "&" <sectors>', value_label="Signals"
    )
    root = _assert_accessible_and_csp_safe(svg)
    assert "<script>" not in svg
    assert any("<script>alert(1)</script>" in text for text in _texts(root))


def test_a_horizontal_bar_chart_describes_largest_and_smallest_and_has_aa_colours():
    table = suppress_1d(
        {"Sexual exploitation": 120, "Labour exploitation": 80, "Criminal exploitation": 4, "Other": 15}
    )
    svg = render_bar_chart(table.items(), title="Signals by form", value_label="Signals")
    root = _assert_accessible_and_csp_safe(svg)
    desc = root.find(f"{NS}desc").text
    assert "Largest: Sexual exploitation (120)" in desc
    assert "2 of 4 values are suppressed" in desc
    assert " 4)" not in desc and "(15)" not in desc
    _assert_information_colours_have_aa_contrast(root)


def test_the_data_table_behind_a_chart_shows_the_marker_for_suppressed_values():
    rows = data_table(_series().items(), marker="x")
    assert rows[0] == ("2024-01", "21")
    assert ("2024-03", "x") in rows


def test_the_description_says_when_there_are_too_few_values_for_a_trend():
    text = describe_series([("a", 12), ("b", None)], "Signals", "signals")
    assert "Too few values" in text
    assert "falling" in describe_series([("a", 50), ("b", 40), ("c", 20)], "Signals", "signals")
    assert "stable" in describe_series([("a", 50), ("b", 52), ("c", 49)], "Signals", "signals")
