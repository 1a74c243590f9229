"""The chart partial in Chromium, off a file:// page: PNG download, table view, phone, axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sousei.web.charts import Series, bar_chart, line_chart, pyramid_chart
from tests.browser.conftest import serious_violations

STATIC = Path(__file__).resolve().parents[2] / "sousei" / "web" / "static" / "sousei"
YEARS = [2018, 2019, 2020, 2021, 2022]
BIRTHS = [626, 545, 555, 482, 444]  # 一関市, seed 004
DEATHS = [1953, 1949, 1799, 1898, 2078]


def _chart(name: str, title: str, svg: str, headers: list[str], rows: list[list]) -> dict:
    return {
        "id": f"chart-{name}",
        "title": title,
        "svg": mark_safe(svg),  # charts escape every text they draw
        "summary": f"{title}の要約",
        "table_headers": headers,
        "table_rows": rows,
        "csv_url": f"{name}.csv",
        "png_name": f"032093-{name}",
    }


def _charts() -> list[dict]:
    natural = [b - d for b, d in zip(BIRTHS, DEATHS, strict=True)]
    rows = [[y, b, d, b - d] for y, b, d in zip(YEARS, BIRTHS, DEATHS, strict=True)]
    headers = ["年", "出生", "死亡", "自然増減"]
    ages = [f"{5 * i}–{5 * i + 4}" for i in range(18)] + ["90+"]
    male = [900 + 120 * min(i, 13) for i in range(19)]
    female = [950 + 125 * min(i, 14) for i in range(19)]
    return [
        _chart(
            "births-deaths",
            "出生数と死亡数",
            line_chart("出生数と死亡数", YEARS, [Series("出生", BIRTHS), Series("死亡", DEATHS)]),
            headers,
            rows,
        ),
        _chart(
            "natural-change",
            "自然増減",
            bar_chart("自然増減", YEARS, [Series("自然増減", natural)], unit="人"),
            headers,
            rows,
        ),
        _chart(
            "pyramid",
            "人口ピラミッド",
            pyramid_chart(
                "人口ピラミッド",
                ages,
                male,
                female,
                overlay_male=male[::-1],
                overlay_female=female[::-1],
                overlay_label="2000年",
            ),
            ["年齢", "男", "女"],
            [[a, m, f] for a, m, f in zip(ages, male, female, strict=True)],
        ),
    ]


@pytest.fixture
def chart_page(tmp_path) -> str:
    """A minimal page with three charts, the site's styles and the vendored script, by file://."""
    figures = "".join(render_to_string("web/_chart.html", {"chart": c}) for c in _charts())
    html = f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>charts</title>
<link rel="stylesheet" href="{(STATIC / "site.css").as_uri()}">
<link rel="stylesheet" href="{(STATIC / "charts.css").as_uri()}">
</head><body><main id="main"><h1>グラフ</h1>{figures}</main>
<script src="{(STATIC / "charts.js").as_uri()}"></script></body></html>"""
    path = tmp_path / "charts.html"
    path.write_text(html, encoding="utf-8")
    return path.as_uri()


@pytest.mark.parametrize("name", ["births-deaths", "natural-change", "pyramid"])
def test_png_button_downloads_a_png_of_the_chart(page, chart_page, name):
    page.goto(chart_page)
    button = page.locator(f"#chart-{name} [data-chart-png]")
    with page.expect_download() as download:
        button.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    assert download.value.suggested_filename == f"032093-{name}.png"
    width = int.from_bytes(data[16:20], "big")
    assert width >= 2 * 440  # drawn at twice the chart's size
    assert button.is_enabled()


def test_charts_fit_a_phone_and_open_as_a_table(phone, chart_page):
    phone.goto(chart_page)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    svg_width = phone.locator("#chart-natural-change svg").bounding_box()["width"]
    assert 300 <= svg_width <= 375
    figure = phone.locator("#chart-natural-change")
    table = figure.get_by_role("table")
    assert not table.is_visible()
    figure.locator("summary").click()
    assert table.is_visible() and figure.get_by_role("cell", name="-1327").is_visible()
    assert figure.get_by_role("link", name="CSV").get_attribute("download") is not None


def test_charts_are_images_with_names(page, chart_page):
    page.goto(chart_page)
    assert page.get_by_role("img", name="自然増減").count() == 1
    assert page.get_by_role("img", name="人口ピラミッド").count() == 1


def test_chart_page_has_no_serious_accessibility_violations(page, chart_page):
    page.goto(chart_page)
    page.locator("#chart-natural-change summary").click()
    assert serious_violations(page) == []
