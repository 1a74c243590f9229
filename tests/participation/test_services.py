"""Comments, moderation, data requests and abuse protection, against the demo's public data."""

import pytest
from django.core import mail

from sousei.errors import InvalidInput, NotFound, PermissionDenied
from sousei.orgs.services import organisation_for_area, user_create
from sousei.participation.models import (
    Comment,
    CommentStatus,
    DataRequest,
    ModerationAction,
    RequestStatus,
)
from sousei.participation.services import (
    Poster,
    RateLimited,
    client_key,
    comment_moderate,
    comment_reply,
    comment_submit,
    request_submit,
    request_update,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase"
DATASET = "public-facilities-992011"


@pytest.fixture
def city():
    return organisation_for_area(code="992011")


@pytest.fixture
def editor(city):
    return user_create(
        username="ed",
        password=PASSWORD,
        email="ed@example.jp",
        organisation=city,
        department="政策企画課",
    )


def post(address="192.0.2.1", **kwargs):
    fields = {"target_kind": "dataset", "target_key": DATASET, "body": "データをもっと"} | kwargs
    return comment_submit(poster=Poster(address), **fields)


def test_a_comment_waits_for_moderation_and_staff_are_mailed(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post(display_name="市民A", email="a@example.jp")
    assert comment.status == CommentStatus.PENDING
    assert [m.to for m in mail.outbox] == [["ed@example.jp"]]
    assert "データをもっと" in mail.outbox[0].body


def test_publish_reply_and_hide_are_logged_with_who_and_why(editor):
    comment = post()
    comment_moderate(actor=editor, comment=comment, action="publish")
    comment_reply(actor=editor, comment=comment, text="次の更新で追加します。")
    assert comment.reply_department == "政策企画課"
    with pytest.raises(InvalidInput):
        comment_moderate(actor=editor, comment=comment, action="hide")
    comment_moderate(actor=editor, comment=comment, action="hide", reason="個人情報を含むため")
    actions = list(ModerationAction.objects.filter(comment=comment).values_list("action", "reason"))
    assert sorted(actions) == [("hide", "個人情報を含むため"), ("publish", ""), ("reply", "")]
    assert all(a.actor == editor for a in ModerationAction.objects.filter(comment=comment))


def test_sign_ups_count_against_the_same_limits(city):
    from sousei.participation.services import resident_signup

    for number in range(3):
        resident_signup(
            poster=Poster("203.0.113.40"), username=f"resident{number}", password=PASSWORD
        )
    with pytest.raises(RateLimited):
        resident_signup(poster=Poster("203.0.113.40"), username="resident9", password=PASSWORD)


def test_a_published_comment_cannot_be_published_again(editor):
    comment = post()
    comment_moderate(actor=editor, comment=comment, action="publish")
    with pytest.raises(InvalidInput):
        comment_moderate(actor=editor, comment=comment, action="publish")
    assert not hasattr(
        __import__("sousei.participation.services").participation.services, "comment_edit"
    )


def test_staff_of_another_municipality_cannot_moderate(editor):
    other = user_create(
        username="other", password=PASSWORD, organisation=organisation_for_area(code="332020")
    )
    comment = post()
    with pytest.raises(PermissionDenied):
        comment_moderate(actor=other, comment=comment, action="publish")
    with pytest.raises(PermissionDenied):
        comment_reply(actor=other, comment=comment, text="x")
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING


def test_private_or_missing_targets_take_no_comment():
    with pytest.raises(NotFound):
        post(target_key="internal-memo")
    with pytest.raises(NotFound):
        post(target_kind="kpi", target_key="999999")


def test_bursts_are_refused_and_other_clients_are_not(editor):
    for _ in range(3):
        post(address="198.51.100.7")
    with pytest.raises(RateLimited) as refused:
        post(address="198.51.100.7")
    assert refused.value.status == 429
    post(address="198.51.100.8")


def test_honeypot_and_length_limits():
    before = Comment.objects.count()
    with pytest.raises(InvalidInput):
        post(honeypot="http://spam.example")
    with pytest.raises(InvalidInput, match="2000"):
        post(body="あ" * 2001)
    assert Comment.objects.count() == before


def test_the_address_is_kept_only_as_a_keyed_hash():
    comment = post(address="203.0.113.9")
    assert comment.client == client_key("203.0.113.9") and "203.0.113.9" not in comment.client


def test_a_request_is_answered_when_its_dataset_is_published(
    city, editor, tmp_path, django_capture_on_commit_callbacks
):
    asked = request_submit(poster=Poster("192.0.2.50"), organisation=city, title="AED の場所")
    with pytest.raises(InvalidInput):
        request_update(actor=editor, data_request=asked, status=RequestStatus.DECLINED)
    request_update(
        actor=editor, data_request=asked, status=RequestStatus.CONSIDERING, dataset_name="aed"
    )
    with pytest.raises(InvalidInput):
        request_update(actor=editor, data_request=asked, status=RequestStatus.PUBLISHED,
                       dataset_name="aed")  # fmt: skip
    from sousei.catalog.services import dataset_load_file

    path = tmp_path / "aed.csv"
    path.write_text("名称,緯度,経度\n市役所,35.0,135.0\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        dataset_load_file(actor=None, org_code="992011", dataset_name="aed", path=path)
    answered = DataRequest.objects.get(pk=asked.pk)
    assert (answered.status, answered.dataset_name) == (RequestStatus.PUBLISHED, "aed")
    assert answered.actions.filter(action="status:published", actor=None).exists()


def test_another_organisations_dataset_does_not_answer_a_request(city, editor):
    asked = request_submit(poster=Poster("192.0.2.51"), organisation=city, title="施設一覧")
    with pytest.raises(InvalidInput):
        request_update(
            actor=editor,
            data_request=asked,
            status=RequestStatus.PUBLISHED,
            dataset_name="public-facilities-993417",
        )
