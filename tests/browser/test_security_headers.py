"""The Content-Security-Policy holds in Chromium: the pages that draw charts, export PNGs and
preview stories do all of it without a single refused script, style or image."""

from __future__ import annotations

from pathlib import Path

PAGES = (
    "/",
    "/areas/992011/stats/",
    "/areas/992011/projection/",
    "/regions/sample-region/",
    "/stories/population-of-sample-city/",
    "/datasets/public-facilities-992011/",
    "/api/v1/docs",
)


def test_no_page_breaks_the_content_security_policy(page, portal):
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    for path in PAGES:
        response = page.goto(portal + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    page.goto(portal + "/areas/992011/stats/")
    with page.expect_download() as png:
        page.locator("figure.chart").first.get_by_role("button", name="PNG をダウンロード").click()
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")
    assert refused == []
