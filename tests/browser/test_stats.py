"""The area dashboard in Chromium: findings, charts with tables, PNG and CSV downloads, phone."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import serious_violations

DASHBOARD = "/areas/032093/stats/"


def test_dashboard_has_no_serious_accessibility_violations(page, portal):
    page.goto(portal + DASHBOARD)
    assert serious_violations(page) == []


def test_dashboard_fits_a_phone_and_shows_the_table_view(phone, portal):
    phone.goto(portal + DASHBOARD)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert phone.get_by_text("転出超過が続いている（5年連続、計 −2,410）").is_visible()
    figure = phone.locator("#chart-natural-change")
    figure.get_by_text("表で見る").click()
    assert figure.get_by_role("cell", name="−1,327").count() == 0  # raw numbers in the table
    assert figure.get_by_role("cell", name="-1327").is_visible()


def test_chart_downloads_as_png_and_csv(page, portal):
    page.goto(portal + DASHBOARD)
    figure = page.locator("#chart-natural-change")
    with page.expect_download() as png:
        figure.get_by_role("button", name="PNG をダウンロード").click()
    data = Path(png.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    assert png.value.suggested_filename == "032093-natural-change.png"
    with page.expect_download() as csv_file:
        figure.get_by_role("link", name="CSV をダウンロード").click()
    text = Path(csv_file.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[1] == "2018,626,1953,-1327"
