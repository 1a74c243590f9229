"""The public side over HTTP: stories with live embeds, comments, requests, moderation, feed."""

import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from sousei.demo import DEMO_USERNAME
from sousei.orgs.services import organisation_for_area, user_create
from sousei.participation.models import Comment, CommentStatus, DataRequest, Story
from sousei.participation.services import story_save
from sousei.stats.area import population_rows

pytestmark = pytest.mark.django_db
STORY = "/stories/population-of-sample-city/"


def comments_url() -> str:
    """Comments on a story are keyed by its id, so a new URL name keeps them."""
    return f"/comments/story/{Story.objects.get(slug='population-of-sample-city').pk}/"


PASSWORD = "a-long-test-passphrase"


def test_story_embeds_live_charts_and_figures_with_links_to_the_data(client):
    page = client.get(STORY).content.decode()
    assert page.count('class="story-embed"') == 4
    assert 'href="/areas/992011/stats/"' in page
    latest = population_rows("992011")[-1]
    assert f"{latest['total']:,}人" in page
    assert "embed-missing" not in page


def test_story_markdown_is_sanitised():
    from sousei.web.stories import render_story

    html = str(render_story("<script>alert(1)</script>\n\n[x](javascript:alert(1)) [[kpi:0]]"))
    assert "<script" not in html and "javascript:" not in html
    assert "embed-missing" in html


def test_comments_show_only_after_moderation_with_the_reply(client):
    page = client.get(STORY).content.decode()
    assert "若い人が残れる仕事" in page and "創業支援の拡充" in page
    assert "土曜開所" not in page and "spam.example" not in page


def test_posting_a_comment_and_a_burst_gets_429(client):
    form = {"body": "地区別の数字も見たい", "next": STORY, "website": ""}
    response = client.post(comments_url(), form, REMOTE_ADDR="192.0.2.200")
    assert response.status_code == 302 and response["Location"] == STORY + "#comments"
    assert Comment.objects.filter(
        body="地区別の数字も見たい", status=CommentStatus.PENDING
    ).exists()
    for _ in range(2):
        client.post(comments_url(), form, REMOTE_ADDR="192.0.2.200")
    refused = client.post(comments_url(), form, REMOTE_ADDR="192.0.2.200")
    assert refused.status_code == 429
    assert client.get("/", REMOTE_ADDR="192.0.2.200").status_code == 200


def test_email_is_never_shown(client):
    form = {"body": "連絡ください", "email": "secret@example.jp", "next": STORY}
    client.post(comments_url(), form, REMOTE_ADDR="192.0.2.201")
    comment = Comment.objects.get(body="連絡ください")
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.PUBLISHED)
    assert "secret@example.jp" not in client.get(STORY).content.decode()


def test_comment_on_a_private_dataset_is_404(client):
    response = client.post("/comments/dataset/internal-memo/", {"body": "x"})
    assert response.status_code == 404


def test_request_statuses_are_public_and_link_the_dataset(client):
    page = client.get("/requests/").content.decode()
    for status in ("受付", "検討中", "公開済み", "対応不可"):
        assert status in page
    created = client.post(
        "/requests/new/",
        {"organisation": organisation_for_area(code="992011").pk, "title": "バス停の一覧"},
        REMOTE_ADDR="192.0.2.210",
    )
    assert created.status_code == 302
    assert "バス停の一覧" in client.get(created["Location"]).content.decode()
    answered = DataRequest.objects.get(title="公共施設の一覧")
    page = client.get(f"/requests/{answered.pk}/").content.decode()
    assert 'href="/datasets/public-facilities-992011/"' in page and "公開済み" in page


def test_moderation_queue_only_has_the_staff_members_organisation(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=DEMO_USERNAME))
    page = client.get("/moderation/").content.decode()
    assert "土曜開所" in page and "AED設置箇所の一覧" in page
    other = user_create(
        username="other", password=PASSWORD, organisation=organisation_for_area(code="332020")
    )
    client.force_login(other)
    page = client.get("/moderation/").content.decode()
    assert "土曜開所" not in page and "AED" not in page
    pending = Comment.objects.get(body__startswith="子育て支援センター")
    refused = client.post(f"/moderation/comments/{pending.pk}/", {"action": "publish"})
    assert refused.status_code == 403


def test_draft_story_is_hidden_and_preview_does_not_save(client):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username=DEMO_USERNAME)
    story_save(
        actor=staff,
        organisation=organisation_for_area(code="992011"),
        slug="draft",
        title="下書き",
        body="[[figure:population:992011]]",
    )
    assert client.get("/stories/draft/").status_code == 404
    client.force_login(staff)
    form = {
        "organisation": organisation_for_area(code="992011").pk,
        "slug": "preview-only",
        "title": "試し",
        "body": "[[chart:population:992011]]",
        "action": "preview",
    }
    page = client.post("/stories/new/", form).content.decode()
    assert 'class="story-embed"' in page
    assert not Story.objects.filter(slug="preview-only").exists()


def test_a_frozen_story_keeps_its_figures(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=DEMO_USERNAME))
    client.post(f"{STORY}state/", {"action": "freeze"})
    story = Story.objects.get(slug="population-of-sample-city")
    assert story.frozen_at is not None and "story-embed" in story.frozen_html
    Story.objects.filter(pk=story.pk).update(body="変更後の本文")
    assert "変更後の本文" not in client.get(STORY).content.decode()


def test_feed_lists_datasets_stories_and_reports_but_nothing_private(client, tmp_path):
    from sousei.catalog.services import dataset_load_file
    from sousei.strategy.models import Strategy
    from sousei.strategy.services import report_publish

    secret = tmp_path / "memo.csv"
    secret.write_text("項目,値\n内部,1\n", encoding="utf-8")
    dataset_load_file(
        actor=None, org_code="992011", dataset_name="secret-memo", path=secret, private=True,
        title="非公開の内部メモ",
    )  # fmt: skip
    city = Strategy.objects.get(organisation__slug="992011")
    report_publish(actor=None, strategy=city, year=2024)
    feed = ET.fromstring(client.get("/feeds/atom.xml").content)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert titles[1] == f"効果検証報告書: {city.name}（2024年度）"  # newest first
    assert "記事: データで見るサンプル市の人口" in titles
    assert any(t.startswith("新しいデータセット: ") for t in titles)
    assert not any("非公開の内部メモ" in t for t in titles)


def test_a_resident_signs_up_and_comments_under_the_account(client):
    from sousei.participation.models import Comment

    response = client.post(
        "/accounts/signup/",
        {"username": "ekimae", "password": "a-long-test-passphrase", "next": STORY},
        REMOTE_ADDR="192.0.2.220",
    )
    assert response.status_code == 302 and response["Location"] == STORY
    client.post(
        comments_url(),
        {"body": "登録して書きました", "next": STORY},
        REMOTE_ADDR="192.0.2.220",
    )
    comment = Comment.objects.get(body="登録して書きました")
    assert comment.author.username == "ekimae" and comment.display_name == "ekimae"
    assert not comment.author.memberships.exists()


def test_a_measure_page_lists_its_kpis_and_takes_comments(client):
    from sousei.strategy.models import Measure

    measure = Measure.objects.get(
        goal__strategy__organisation__slug="992011", name="子育て支援の充実"
    )
    strategy_id = measure.goal.strategy_id
    page = client.get(f"/strategies/{strategy_id}/").content.decode()
    url = f"/strategies/{strategy_id}/measures/{measure.pk}/"
    assert f'href="{url}"' in page
    page = client.get(url).content.decode()
    assert "待機児童数" in page and 'id="comments"' in page
    sent = client.post(
        f"/comments/measure/{measure.pk}/", {"body": "保育園をふやして", "next": url},
        REMOTE_ADDR="192.0.2.230",
    )  # fmt: skip
    assert sent.status_code == 302


def test_a_refused_client_is_answered_before_any_database_work(client, django_assert_num_queries):
    form = {"body": "連投", "next": STORY}
    url = comments_url()
    for _ in range(4):
        client.post(url, form, REMOTE_ADDR="192.0.2.240")
    with django_assert_num_queries(0):
        again = client.post(url, form, REMOTE_ADDR="192.0.2.240")
    assert again.status_code == 429 and again["Retry-After"] == "60"
    assert "Too many posts" in again.content.decode()
    assert client.post(url, form, REMOTE_ADDR="192.0.2.241").status_code == 302


def test_links_in_comments_are_nofollow_and_text_is_escaped(client):
    client.post(
        comments_url(),
        {"body": "参考 https://example.jp/data <b>太字</b>", "next": STORY},
        REMOTE_ADDR="192.0.2.250",
    )
    Comment.objects.filter(body__startswith="参考").update(status=CommentStatus.PUBLISHED)
    page = client.get(STORY).content.decode()
    assert 'href="https://example.jp/data" rel="nofollow"' in page
    assert "&lt;b&gt;太字&lt;/b&gt;" in page and "<b>太字</b>" not in page


def test_a_published_comment_cannot_be_edited_only_hidden(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=DEMO_USERNAME))
    published = Comment.objects.filter(status=CommentStatus.PUBLISHED).first()
    before = published.body
    edited = client.post(
        f"/moderation/comments/{published.pk}/", {"action": "edit", "body": "書き換え"}
    )
    assert edited.status_code == 400
    assert Comment.objects.get(pk=published.pk).body == before


def test_staff_of_another_municipality_cannot_touch_stories_or_requests(client):
    other = user_create(
        username="kurashiki", password=PASSWORD, organisation=organisation_for_area(code="332020")
    )
    client.force_login(other)
    story = Story.objects.get(slug="population-of-sample-city")
    assert client.get(f"{STORY}edit/").status_code == 403
    assert client.post(f"{STORY}state/", {"action": "withdraw"}).status_code == 403
    assert client.post(f"{STORY}state/", {"action": "freeze"}).status_code == 403
    asked = DataRequest.objects.get(title="AED設置箇所の一覧")
    moved = client.post(f"/moderation/requests/{asked.pk}/", {"status": "declined", "reason": "x"})
    assert moved.status_code == 403
    story.refresh_from_db()
    assert story.published_at is not None and story.frozen_at is None
    assert DataRequest.objects.get(pk=asked.pk).status == "received"


def test_sign_up_never_redirects_off_the_site(client):
    for number, target in enumerate(("/\\evil.example", "//evil.example", "https://evil.example/")):
        response = client.post(
            "/accounts/signup/",
            {"username": f"resident{number}", "password": PASSWORD, "next": target},
            REMOTE_ADDR=f"192.0.2.{100 + number}",
        )
        assert response["Location"] == "/", target


@override_settings(SOUSEI_CLIENT_IP_HEADER="X-Forwarded-For")
def test_behind_a_proxy_each_client_has_its_own_limit(client):
    form = {"body": "プロキシ越し", "next": STORY}
    for _ in range(3):
        client.post(
            comments_url(),
            form,
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.60",
        )
    refused = client.post(
        comments_url(), form, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.60"
    )
    assert refused.status_code == 429
    other = client.post(
        comments_url(), form, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.61"
    )
    assert other.status_code == 302


def test_comments_stay_with_a_story_whose_url_name_changes(client):
    story = Story.objects.get(slug="population-of-sample-city")
    Story.objects.filter(pk=story.pk).update(slug="renamed")
    assert "若い人が残れる仕事" in client.get("/stories/renamed/").content.decode()
