"""The 人口ビジョン page in Chromium: accessible, fits a phone, edits recompute, downloads."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import serious_violations

PAGE = "/areas/992011/projection/"


def test_vision_page_has_no_serious_accessibility_violations(page, portal):
    page.goto(portal + PAGE)
    assert serious_violations(page) == []


def test_on_a_phone_an_edit_recomputes_and_reset_restores(phone, portal):
    phone.goto(portal + "/areas/992011/stats/")
    phone.get_by_role("link", name="人口ビジョン").click()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert phone.get_by_text("推計以上に人口減少が進んでいる").is_visible()
    cell = phone.get_by_label("純移動率（女） 20-24→25-29")
    before = cell.input_value()
    cell.fill("0")
    phone.get_by_role("button", name="再計算").click()
    assert phone.get_by_text("入力した仮定値で計算しています。").is_visible()
    assert phone.get_by_label("純移動率（女） 20-24→25-29").input_value() == "0.0"
    phone.get_by_role("link", name="元に戻す").click()
    assert phone.get_by_label("純移動率（女） 20-24→25-29").input_value() == before


def test_totals_chart_downloads_as_png_and_all_results_as_excel(page, portal):
    page.goto(portal + PAGE)
    figure = page.locator("#chart-projection")
    with page.expect_download() as png:
        figure.get_by_role("button", name="PNG をダウンロード").click()
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="全結果を Excel で").click()
    assert xlsx.value.suggested_filename == "992011-projection.xlsx"
    assert Path(xlsx.value.path()).read_bytes().startswith(b"PK")
