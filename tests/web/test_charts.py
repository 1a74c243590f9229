"""Server-drawn charts: well-formed, described SVG whose shapes sit where their values say."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from sousei.web.charts import (
    STYLES,
    Series,
    Style,
    bar_chart,
    line_chart,
    nice_ticks,
    number,
    pyramid_chart,
)

NS = "{http://www.w3.org/2000/svg}"
YEARS = [2018, 2019, 2020, 2021, 2022]
BIRTHS = [626, 545, 555, 482, 444]  # 一関市, seed 004
DEATHS = [1953, 1949, 1799, 1898, 2078]
NATURAL = [b - d for b, d in zip(BIRTHS, DEATHS, strict=True)]


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _tips(root: ET.Element, tag: str) -> dict[str, ET.Element]:
    """Data marks by their tooltip (backgrounds and legend swatches carry none)."""
    marks = ((el.find(f"{NS}title"), el) for el in root.iter(f"{NS}{tag}"))
    return {title.text: el for title, el in marks if title is not None}


def _zero_y(root: ET.Element) -> float:
    return float(next(el for el in root.iter(f"{NS}line") if el.get("class") == "zero").get("y1"))


def _labels(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text")]


def test_numbers_use_separators_and_the_true_minus():
    assert number(1953) == "1,953"
    assert number(-1327) == "\u22121,327"
    assert number(37.14) == "37.1"
    assert number(-0.0) == "0"


@pytest.mark.parametrize(("low", "high"), [(-1634, -1244), (0, 2078), (444, 2078), (0.2, 0.9)])
def test_ticks_step_by_one_two_five_and_cover_zero_and_the_data(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= min(low, 0) and ticks[-1] >= max(high, 0) and 0 in ticks
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    mantissa = f"{next(iter(steps)):e}".split("e")[0]
    assert float(mantissa) in (1, 2, 5)
    assert 3 <= len(ticks) <= 11


@pytest.mark.parametrize(
    "svg",
    [
        line_chart("出生と死亡", YEARS, [Series("出生", BIRTHS), Series("死亡", DEATHS)]),
        bar_chart("自然増減", YEARS, [Series("自然増減", NATURAL)]),
        pyramid_chart("人口ピラミッド", ["0–4", "5–9"], [10, 20], [11, 19]),
    ],
    ids=["line", "bar", "pyramid"],
)
def test_every_chart_is_an_accessible_scalable_image(svg):
    root = _root(svg)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert root.find(f"{NS}title").text and root.find(f"{NS}desc").text
    assert root.get("viewBox").startswith("0 0 ") and root.get("width") == "100%"
    assert "Noto Sans CJK JP" in root.get("font-family")


def test_the_summary_is_passed_through_or_made_from_the_data():
    given = _root(line_chart("t", YEARS, [Series("出生", BIRTHS)], summary="出生数は減少傾向"))
    assert given.find(f"{NS}desc").text == "出生数は減少傾向"
    made = _root(line_chart("出生数", YEARS, [Series("出生", BIRTHS)], unit="人"))
    assert made.find(f"{NS}desc").text == "出生数 (人): 出生 2018: 626 → 2022: 444."


def test_line_points_carry_tooltips_and_larger_values_sit_higher():
    root = _root(line_chart("t", YEARS, [Series("出生", BIRTHS), Series("死亡", DEATHS)]))
    points = _tips(root, "circle")
    assert "出生 2018: 626" in points and "死亡 2022: 2,078" in points
    ys = {tip: float(c.get("cy")) for tip, c in points.items()}
    assert ys["死亡 2022: 2,078"] == min(ys.values())  # SVG y grows downwards
    assert ys["出生 2022: 444"] == max(ys.values())
    assert float(points["出生 2018: 626"].get("cx")) < float(points["出生 2022: 444"].get("cx"))


def test_lines_differ_by_dash_as_well_as_colour_and_have_a_legend():
    root = _root(line_chart("t", YEARS, [Series("出生", BIRTHS), Series("死亡", DEATHS)]))
    lines = list(root.iter(f"{NS}polyline"))
    assert len({p.get("stroke") for p in lines}) == 2
    assert len({p.get("stroke-dasharray") for p in lines}) == 2
    assert {"出生", "死亡"} <= set(_labels(root))


def test_a_gap_breaks_the_line_instead_of_drawing_zero():
    root = _root(line_chart("t", YEARS, [Series("s", [1, 2, None, 4, 5])]))
    assert len(list(root.iter(f"{NS}polyline"))) == 2
    assert len(list(root.iter(f"{NS}circle"))) == 4


def test_tick_labels_use_separators_and_the_true_minus():
    labels = _labels(_root(bar_chart("自然増減", YEARS, [Series("差", NATURAL)])))
    assert "\u22121,000" in labels and "0" in labels
    assert not any(label.startswith("-") for label in labels)


def test_the_tallest_bar_is_the_largest_value():
    root = _root(bar_chart("出生", YEARS, [Series("出生", BIRTHS)]))
    bars = _tips(root, "rect")
    heights = {tip: float(r.get("height")) for tip, r in bars.items()}
    assert max(heights, key=heights.get) == "出生 2018: 626"
    assert heights["出生 2018: 626"] / heights["出生 2022: 444"] == pytest.approx(626 / 444, 0.01)


def test_negative_bars_hang_below_the_zero_line_in_their_own_colour():
    root = _root(bar_chart("自然増減", [2018, 2019], [Series("差", [-1327, 200])]))
    zero, bars = _zero_y(root), _tips(root, "rect")
    negative, positive = bars["差 2018: \u22121,327"], bars["差 2019: 200"]
    assert float(negative.get("y")) == pytest.approx(zero, abs=0.1)
    assert float(positive.get("y")) + float(positive.get("height")) == pytest.approx(zero, abs=0.1)
    assert negative.get("fill") != positive.get("fill")


def test_grouped_bars_sit_side_by_side_in_series_colours():
    root = _root(bar_chart("t", [2020], [Series("転入", [2513]), Series("転出", [2930])]))
    bars = _tips(root, "rect")
    moves_in, moves_out = bars["転入 2020: 2,513"], bars["転出 2020: 2,930"]
    assert float(moves_in.get("x")) < float(moves_out.get("x"))
    assert moves_in.get("fill") == STYLES[0].colour and moves_out.get("fill") == STYLES[1].colour


def test_stacked_bars_add_up_and_negatives_stack_downwards():
    series = [Series("a", [30]), Series("b", [70]), Series("c", [-40])]
    root = _root(bar_chart("t", [2020], series, stacked=True))
    bars, zero = _tips(root, "rect"), _zero_y(root)
    a, b, c = bars["a 2020: 30"], bars["b 2020: 70"], bars["c 2020: \u221240"]
    assert float(a.get("y")) + float(a.get("height")) == pytest.approx(zero, abs=0.1)
    assert float(b.get("y")) + float(b.get("height")) == pytest.approx(float(a.get("y")), abs=0.1)
    assert float(c.get("y")) == pytest.approx(zero, abs=0.1)


def test_a_given_style_wins():
    root = _root(line_chart("t", YEARS, [Series("s", BIRTHS, Style("#000000", "3 3"))]))
    line = next(root.iter(f"{NS}polyline"))
    assert (line.get("stroke"), line.get("stroke-dasharray")) == ("#000000", "3 3")


def test_series_must_match_the_years():
    with pytest.raises(ValueError, match="3 values for 5 years"):
        line_chart("t", YEARS, [Series("s", [1, 2, 3])])


def test_pyramid_puts_men_left_women_right_and_the_young_at_the_bottom():
    ages = ["0–4", "5–9", "90+"]
    root = _root(pyramid_chart("p", ages, [100, 300, 50], [90, 280, 120], labels=("男", "女")))
    bars = _tips(root, "rect")
    centre = float(root.get("viewBox").split()[2]) / 2
    for age in ages:
        man = next(r for k, r in bars.items() if k.startswith(f"男 {age}:"))
        woman = next(r for k, r in bars.items() if k.startswith(f"女 {age}:"))
        assert float(man.get("x")) + float(man.get("width")) < centre < float(woman.get("x"))
    young = next(r for k, r in bars.items() if k.startswith("男 0–4"))
    old = next(r for k, r in bars.items() if k.startswith("男 90+"))
    assert float(young.get("y")) > float(old.get("y"))
    widest = max(bars.items(), key=lambda item: float(item[1].get("width")))[0]
    assert widest == "男 5–9: 300"


def test_pyramid_axis_is_symmetric():
    root = _root(pyramid_chart("p", ["0–4"], [1000], [400]))
    centre = float(root.get("viewBox").split()[2]) / 2
    ticks: dict[str, list[float]] = {}
    for text in root.iter(f"{NS}text"):
        if text.text and text.text[0].isdigit() and "–" not in text.text:
            ticks.setdefault(text.text, []).append(float(text.get("x")))
    assert "1,000" in ticks
    for xs in ticks.values():
        left, right = sorted(xs)
        assert centre - left == pytest.approx(right - centre, abs=0.2)


def test_pyramid_overlay_is_an_outline_on_both_sides():
    root = _root(
        pyramid_chart(
            "p",
            ["0–4", "5–9"],
            [10, 20],
            [11, 19],
            overlay_male=[15, 15],
            overlay_female=[15, 15],
            overlay_label="2000年",
        )
    )
    outlines = [p for p in root.iter(f"{NS}path") if p.get("class") == "overlay"]
    assert len(outlines) == 2 and all(p.get("fill") == "none" for p in outlines)
    assert "2000年" in _labels(root)


def test_pyramid_overlay_must_match_the_classes():
    with pytest.raises(ValueError):
        pyramid_chart("p", ["0–4"], [1], [1], overlay_male=[1, 2], overlay_female=[1, 2])


def test_every_text_is_escaped():
    evil = '<script>alert("x")</script>'
    for svg in (
        line_chart(evil, YEARS, [Series(evil, BIRTHS)], unit=evil),
        bar_chart(evil, YEARS, [Series(evil, NATURAL)], summary=evil),
        pyramid_chart(evil, [evil], [1], [2], labels=(evil, evil), overlay_label=evil),
    ):
        assert "<script>" not in svg
        root = _root(svg)
        assert root.find(f"{NS}title").text == evil
        assert not list(root.iter(f"{NS}script")) and not list(root.iter("script"))


def _chart_context(svg: str) -> dict:
    return {
        "id": "chart-natural-change",
        "title": "自然増減",
        "svg": mark_safe(svg),
        "summary": "自然減が拡大している",
        "table_headers": ["年", "出生", "死亡", "自然増減"],
        "table_rows": [[y, b, d, b - d] for y, b, d in zip(YEARS, BIRTHS, DEATHS, strict=True)],
        "csv_url": "/areas/032093/stats/natural-change.csv",
        "png_name": "032093-natural-change",
    }


def test_partial_renders_figure_table_and_downloads():
    chart = _chart_context(bar_chart("自然増減", YEARS, [Series("自然増減", NATURAL)]))
    with override("en"):
        html = render_to_string("web/_chart.html", {"chart": chart})
    assert '<figure class="chart" id="chart-natural-change">' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # not escaped
    assert "Show as a table" in html and "Download PNG" in html and "Download CSV" in html
    assert '<th scope="col">出生</th>' in html and '<th scope="row">2018</th>' in html
    assert "<td>-1327</td>" in html  # the table keeps raw numbers
    assert 'data-filename="032093-natural-change"' in html
    assert 'href="/areas/032093/stats/natural-change.csv" download' in html


def test_partial_escapes_its_texts():
    chart = _chart_context("<svg/>") | {"title": "<b>x</b>", "summary": "<i>y</i>"}
    html = render_to_string("web/_chart.html", {"chart": chart})
    assert "<b>x</b>" not in html and "<i>y</i>" not in html
