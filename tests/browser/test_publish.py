"""Staff publish a file in Chromium: the small one at once, the big one through the worker,
a bad one answered in place with nothing changed."""

from __future__ import annotations

import re

from sousei.demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.browser.conftest import serious_violations


def _log_in(page, portal):
    page.goto(portal + "/accounts/login/")
    page.get_by_label("ユーザー名").fill(DEMO_USERNAME)
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(portal + "/")


def _fill_new_dataset(page, name, filename, content):
    page.get_by_role("link", name="データを公開").click()
    page.get_by_label("URL 名").fill(name)
    page.get_by_label("タイトル").fill(f"テスト {name}")
    page.get_by_label("ファイル（CSV・TSV・Excel）").set_input_files(
        {"name": filename, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="公開する").click()


def test_publish_form_is_accessible(page, portal):
    _log_in(page, portal)
    page.goto(portal + "/datasets/new/")
    assert serious_violations(page) == []


def test_a_small_file_is_published_at_once(page, portal):
    _log_in(page, portal)
    _fill_new_dataset(page, "browser-small", "人口.csv", "地区,人口\n本町,1953\n".encode("cp932"))
    page.wait_for_url(portal + "/datasets/browser-small/")
    assert page.get_by_text("版 1 を公開しました（1 行）").is_visible()
    assert page.locator("table.preview").get_by_role("cell", name="1953").is_visible()


def test_a_big_file_goes_through_the_worker_with_progress(page, portal):
    _log_in(page, portal)
    rows = "".join(f"{i:06d},地区{i},{i * 3}\n" for i in range(70_000))
    content = ("コード,地区,人口\n" + rows).encode("cp932")
    assert len(content) > 1024 * 1024
    _fill_new_dataset(page, "browser-big", "big.csv", content)
    page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/$"))
    assert serious_violations(page) == []
    page.get_by_role("link", name="データセットを開く").click(timeout=60_000)
    page.wait_for_url(portal + "/datasets/browser-big/")
    row_count = page.locator("p[role=status]").inner_text()
    assert "70000" in row_count.replace(",", "")


def test_a_bad_file_is_explained_in_place(page, portal):
    _log_in(page, portal)
    _fill_new_dataset(page, "browser-bad", "data.csv", b"\x00\x01\x02PK\x03\x04" * 100)
    alert = page.locator("[data-upload-error]")
    alert.wait_for(state="visible")
    assert "バイナリ" in alert.inner_text() or "binary" in alert.inner_text().lower()
    assert page.url == portal + "/datasets/new/"
    assert page.goto(portal + "/datasets/browser-bad/").status == 404
