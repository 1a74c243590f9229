"""The 総合戦略 pages in Chromium: a resident on a phone follows a KPI to its chart and data;
staff enter a year's actual and verification; every page is accessible."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import serious_violations
from tests.browser.test_publish import _log_in

CITY_STRATEGY = "第2期まち・ひと・しごと創生総合戦略"


def _open_city_strategy(page, portal):
    page.goto(portal + "/strategies/")
    page.locator("li", has_text="サンプル市").get_by_role("link", name=CITY_STRATEGY).click()


def test_strategy_kpi_and_report_pages_have_no_serious_violations(page, portal):
    _open_city_strategy(page, portal)
    assert serious_violations(page) == []
    page.get_by_role("link", name="待機児童数").click()
    assert serious_violations(page) == []
    page.go_back()
    page.get_by_role("link", name="2024年度 効果検証報告書").click()
    assert serious_violations(page) == []


def test_a_resident_on_a_phone_follows_a_kpi_to_its_chart_and_data(phone, portal):
    _open_city_strategy(phone, portal)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert phone.get_by_role("heading", name="2024年度の評価").is_visible()
    phone.get_by_role("link", name="待機児童数").click()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    figure = phone.locator("#chart-kpi")
    with phone.expect_download() as png:
        figure.get_by_role("button", name="PNG をダウンロード").click()
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with phone.expect_download() as csv:
        figure.get_by_role("link", name="CSV をダウンロード").click()
    assert Path(csv.value.path()).read_text(encoding="utf-8-sig").startswith("年度,実績値,計画値")


def test_staff_enter_the_actual_and_the_verification(page, portal):
    _log_in(page, portal)
    _open_city_strategy(page, portal)
    page.get_by_role("link", name="子育て支援センターの利用者数").click()
    page.get_by_role("link", name="2024年度の実績と検証を入力する").click()
    assert serious_violations(page) == []
    page.get_by_label("実績値:", exact=True).fill("1,234")
    page.get_by_label("要因分析").fill("土曜開所を始めて利用が増えた。")
    page.get_by_label("今後の方向性").select_option(label="拡大")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("保存しました。").is_visible()
    assert page.get_by_text("土曜開所を始めて利用が増えた。").first.is_visible()
    row = page.locator("tr", has_text="2024").filter(has_text="1234")
    assert row.count() >= 1
    with page.expect_download() as pdf:
        page.goto(page.url.split("/kpis/")[0] + "/report/2024/")
        page.get_by_role("link", name="PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
