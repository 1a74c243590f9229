"""Server-drawn charts: well-formed SVG with a title and description, values where they belong."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from sousei.web.chart_svg import Series, bar_chart, line_chart, nice_ticks, number, pyramid_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_numbers_use_separators_and_the_true_minus():
    assert number(1953) == "1,953"
    assert number(-1327) == "−1,327"
    assert number(37.14) == "37.1"


def test_ticks_are_round_and_cover_zero():
    ticks = nice_ticks(-1634, -1244)
    assert ticks[0] <= -1634 and ticks[-1] >= 0 and 0 in ticks
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and next(iter(steps)) in (200, 250, 500, 1000)


def test_line_chart_is_accessible_svg_with_a_point_per_value():
    root = _parse(
        line_chart("出生と死亡", [2018, 2019], [Series("出生", [626, 545])], summary="要約")
    )
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "出生と死亡"
    assert root.find(f"{SVG}desc").text == "要約"
    tips = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]
    assert tips == ["出生 2018: 626", "出生 2019: 545"]


def test_a_larger_value_is_drawn_higher():
    root = _parse(line_chart("t", [1, 2], [Series("s", [100, 900])]))
    low, high = (float(c.get("cy")) for c in root.iter(f"{SVG}circle"))
    assert high < low  # SVG y grows downwards


def test_negative_bars_hang_below_the_zero_line():
    root = _parse(bar_chart("自然増減", [2018, 2019], [Series("差", [-1327, 200])]))
    zero = next(
        float(line.get("y1")) for line in root.iter(f"{SVG}line") if line.get("stroke") == "#57606a"
    )
    negative, positive = list(root.iter(f"{SVG}rect"))[1:]
    assert float(negative.get("y")) == zero
    assert float(positive.get("y")) + float(positive.get("height")) == zero


def test_stacked_bars_add_up():
    root = _parse(bar_chart("t", [2020], [Series("a", [30]), Series("b", [70])], stacked=True))
    a, b = list(root.iter(f"{SVG}rect"))[1:]
    assert float(b.get("y")) + float(b.get("height")) == float(a.get("y"))


def test_pyramid_puts_men_left_and_women_right():
    root = _parse(pyramid_chart("人口ピラミッド", ["0-4", "5-9"], [100, 90], [95, 92]))
    width = float(root.get("viewBox").split()[2])
    men, women = [], []
    for rect in list(root.iter(f"{SVG}rect"))[1:]:
        tip = rect.find(f"{SVG}title").text
        (men if tip.startswith("男") else women).append(rect)
    assert all(float(r.get("x")) + float(r.get("width")) <= width / 2 for r in men)
    assert all(float(r.get("x")) >= width / 2 for r in women)


def test_text_is_escaped():
    svg = line_chart("<script>alert(1)</script>", [1], [Series("<b>", [1])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    _parse(svg)
