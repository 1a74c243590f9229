"""Open the home page, switch language, log in; accessibility and phone width, in Chromium."""

import re

import pytest

from sousei.demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.browser.conftest import serious_violations

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/regions/",
    "/regions/sample-region/",
    "/areas/?prefecture=03",
    "/areas/992011/",
    "/datasets/",
    "/datasets/public-facilities-992011/",
    "/rankings/",
    "/strategies/",
    "/stories/",
    "/stories/population-of-sample-city/",
    "/en/stories/population-of-sample-city/",
    "/requests/",
    "/requests/new/",
    "/feeds/atom.xml",
    "/accounts/login/",
]
HTML_PAGES = [p for p in PUBLIC_PAGES if not p.endswith(".xml")]


def test_home_page_shows_the_sample_region(page, portal):
    page.goto(portal + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("サンプル圏域").first.is_visible()
    assert page.locator(".sample-notice").is_visible()


def test_switch_to_english_and_back(page, portal):
    page.goto(portal + "/regions/sample-region/")
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
    page.wait_for_url(portal + "/en/regions/sample-region/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Member municipalities", exact=True).is_visible()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    page.wait_for_url(portal + "/regions/sample-region/")
    assert page.get_by_role("heading", name="構成市町村", exact=True).is_visible()


def test_log_in_and_out_as_demo_staff(page, portal):
    page.goto(portal + "/")
    page.get_by_role("link", name="ログイン").click()
    page.get_by_label("ユーザー名").fill(DEMO_USERNAME)
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(portal + "/")
    logout = page.get_by_role("button", name=f"ログアウト ({DEMO_USERNAME})")
    assert logout.is_visible()
    logout.click()
    page.wait_for_url(portal + "/")
    assert page.get_by_role("link", name="ログイン").is_visible()


def test_wrong_password_shows_an_error(page, portal):
    page.goto(portal + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(DEMO_USERNAME)
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログイン").click()
    assert page.get_by_role("alert").is_visible()


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_have_no_serious_accessibility_violations(page, portal, path):
    page.goto(portal + path)
    assert serious_violations(page) == []


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_fit_a_phone_without_sideways_scrolling(phone, portal, path):
    phone.goto(portal + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    home = "Home" if path.startswith("/en/") else "ホーム"
    assert phone.get_by_role("link", name=home, exact=True).is_visible()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "home"),
        ("/regions/sample-region/", "region"),
        ("/stories/population-of-sample-city/", "story"),
        ("/requests/", "requests"),
    ],
)
def test_screenshots_at_phone_and_desktop_size(page, phone, portal, path, name, tmp_path_factory):
    """Kept in the pytest temp dir for a person to look at; asserts the page rendered."""
    out = tmp_path_factory.getbasetemp() / "screenshots"
    out.mkdir(exist_ok=True)
    for size, tab in (("desktop", page), ("phone", phone)):
        tab.goto(portal + path)
        png = out / f"{name}-{size}.png"
        tab.screenshot(path=png, full_page=True)
        assert png.stat().st_size > 10_000


def test_static_css_is_served_by_the_portal(page, portal):
    response = page.goto(portal + "/")
    assert response.ok
    color = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert color == "rgb(11, 92, 173)"


def test_a_data_request_can_be_sent_with_the_keyboard_alone(page, portal):
    page.goto(portal + "/requests/new/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.get_by_label("要望先の団体:").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("ごみ集積所の一覧")
    for _ in range(4):  # description, name, e-mail, then the button (the honeypot is skipped)
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "要望を送る"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/requests/\d+/(#main)?$"))
    assert page.get_by_role("heading", name="ごみ集積所の一覧").is_visible()
