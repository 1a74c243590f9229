"""The public side over HTTP: stories with live embeds, comments, requests, moderation, feed."""

import xml.etree.ElementTree as ET

import pytest

from sousei.demo import DEMO_USERNAME
from sousei.orgs.services import organisation_for_area, user_create
from sousei.participation.models import Comment, CommentStatus, Story
from sousei.participation.services import story_save
from sousei.stats.area import population_rows

pytestmark = pytest.mark.django_db
STORY = "/stories/population-of-sample-city/"
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
    response = client.post(
        "/comments/story/population-of-sample-city/", form, REMOTE_ADDR="192.0.2.200"
    )
    assert response.status_code == 302 and response["Location"] == STORY + "#comments"
    assert Comment.objects.filter(
        body="地区別の数字も見たい", status=CommentStatus.PENDING
    ).exists()
    for _ in range(2):
        client.post("/comments/story/population-of-sample-city/", form, REMOTE_ADDR="192.0.2.200")
    refused = client.post(
        "/comments/story/population-of-sample-city/", form, REMOTE_ADDR="192.0.2.200"
    )
    assert refused.status_code == 429
    assert client.get("/", REMOTE_ADDR="192.0.2.200").status_code == 200


def test_email_is_never_shown(client):
    form = {"body": "連絡ください", "email": "secret@example.jp", "next": STORY}
    client.post("/comments/story/population-of-sample-city/", form, REMOTE_ADDR="192.0.2.201")
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


def test_feed_lists_datasets_stories_and_reports(client):
    feed = ET.fromstring(client.get("/feeds/atom.xml").content)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t.startswith("記事: データで見るサンプル市の人口") for t in titles)
    assert any("新しいデータセット" in t or "版" in t for t in titles)


def test_a_resident_signs_up_and_comments_under_the_account(client):
    from sousei.participation.models import Comment

    response = client.post(
        "/accounts/signup/",
        {"username": "ekimae", "password": "a-long-test-passphrase", "next": STORY},
        REMOTE_ADDR="192.0.2.220",
    )
    assert response.status_code == 302 and response["Location"] == STORY
    client.post(
        "/comments/story/population-of-sample-city/",
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
    url = "/comments/story/population-of-sample-city/"
    for _ in range(4):
        client.post(url, form, REMOTE_ADDR="192.0.2.240")
    with django_assert_num_queries(0):
        again = client.post(url, form, REMOTE_ADDR="192.0.2.240")
    assert again.status_code == 429 and again["Retry-After"] == "60"
    assert "Too many posts" in again.content.decode()
    assert client.post(url, form, REMOTE_ADDR="192.0.2.241").status_code == 302
