"""A visitor on a phone reads a story, follows a chart to its data, comments and asks for data;
staff moderate, reply and publish the dataset; the visitor sees it all. Every page accessible."""

from __future__ import annotations

from tests.browser.conftest import serious_violations
from tests.browser.test_publish import _fill_new_dataset, _log_in

STORY = "/stories/population-of-sample-city/"


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_public_side_pages_have_no_serious_violations(page, portal):
    for path in (STORY, "/stories/", "/requests/", "/requests/new/", "/requests/1/"):
        page.goto(portal + path)
        assert serious_violations(page) == [], path
    _log_in(page, portal)
    page.goto(portal + "/moderation/")
    assert serious_violations(page) == []
    page.goto(portal + "/stories/new/")
    assert serious_violations(page) == []


def test_a_visitor_comments_and_sees_it_after_moderation_with_the_reply(phone, page, portal):
    phone.goto(portal + "/stories/")
    phone.get_by_role("link", name="データで見るサンプル市の人口").click()
    assert _no_sideways_scroll(phone)
    phone.get_by_role("link", name="このグラフのデータを見る").first.click()
    assert phone.url.endswith("/areas/992011/stats/")
    phone.go_back()
    phone.get_by_label("コメント:", exact=True).fill("駅前の人口の推移も知りたいです。")
    phone.get_by_label("表示する名前（任意）:").fill("駅前の住民")
    phone.get_by_role("button", name="コメントを送る").click()
    assert phone.get_by_text("コメントは職員が確認した後に掲載されます。").first.is_visible()
    assert phone.get_by_text("駅前の人口の推移も知りたいです。").count() == 0

    _log_in(page, portal)
    page.goto(portal + "/moderation/")
    waiting = page.locator("article", has_text="駅前の人口の推移も知りたいです。")
    waiting.get_by_role("button", name="公開する").click()
    published = page.locator("article", has_text="駅前の人口の推移も知りたいです。")
    published.get_by_label("公開で回答する").fill("地区別の推移を次回の更新で掲載します。")
    published.get_by_role("button", name="回答を掲載").click()

    phone.goto(portal + STORY)
    assert phone.get_by_text("駅前の人口の推移も知りたいです。").is_visible()
    assert phone.get_by_text("地区別の推移を次回の更新で掲載します。").is_visible()
    assert phone.get_by_text("政策企画課 からの回答").first.is_visible()


def test_a_request_turns_published_when_staff_publish_the_dataset(phone, page, portal):
    phone.goto(portal + "/requests/new/")
    assert _no_sideways_scroll(phone)
    phone.get_by_label("要望先の団体:").select_option(label="サンプル市")
    phone.get_by_label("ほしいデータ:").fill("バス停の一覧")
    phone.get_by_role("button", name="要望を送る").click()
    assert phone.locator(".request-status").inner_text() == "受付"
    request_url = phone.url

    _log_in(page, portal)
    page.goto(portal + "/moderation/")
    item = page.locator("article", has_text="バス停の一覧")
    item.get_by_label("状態").select_option(label="検討中")
    item.get_by_label("対応するデータセット（URL 名）").fill("bus-stops")
    item.get_by_role("button", name="更新").click()
    phone.goto(request_url)
    assert phone.locator(".request-status").inner_text() == "検討中"

    page.goto(portal + "/")
    _fill_new_dataset(
        page, "bus-stops", "バス停.csv", "停留所,緯度,経度\n駅前,35.0,135.0\n".encode()
    )
    page.wait_for_url(portal + "/datasets/bus-stops/")
    phone.goto(request_url)
    assert phone.locator(".request-status").inner_text() == "公開済み"
    phone.get_by_role("link", name="bus-stops").click()
    assert phone.url.endswith("/datasets/bus-stops/")


def test_the_story_is_previewed_while_writing(page, portal):
    _log_in(page, portal)
    page.goto(portal + "/stories/new/")
    page.get_by_label("URL 名:").fill("live-preview")
    page.get_by_label("タイトル:", exact=True).fill("試し書き")
    page.get_by_label("本文（Markdown、データの埋め込み可）:").fill(
        "人口は [[figure:population:992011]] です。\n\n[[chart:population:992011]]"
    )
    live = page.locator("[data-story-live]")
    live.locator(".story-embed").wait_for()
    assert "人（" in live.inner_text()
    assert page.url.endswith("/stories/new/")
