"""Writes of the public side: a comment or a data request from anyone (rate-limited, honeypot,
length limits, text kept as typed and escaped when shown), and staff moderation — each action
logged, a published comment never edited, only hidden with a reason."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from sousei.clients import client_key
from sousei.errors import InvalidInput, NotFound, SouseiError
from sousei.orgs.models import EDITING_ROLES, Membership, Organisation
from sousei.orgs.services import require, require_unless_operator
from sousei.participation.models import (
    Comment,
    CommentStatus,
    DataRequest,
    ModerationAction,
    RequestStatus,
    Signup,
    Story,
    Target,
)

logger = logging.getLogger(__name__)
LIMITS = {"body": 2000, "display_name": 50, "title": 200, "description": 4000, "reason": 1000}


class RateLimited(SouseiError):
    status = 429
    code = "rate_limited"


# Clients refused lately, per process: their next posts are answered before any session,
# CSRF or database work (see `sousei.web.middleware.PostThrottleMiddleware`).
_REFUSED: dict[str, float] = {}
REFUSAL_SECONDS = 60


def forget_refusals() -> None:
    _REFUSED.clear()


def recently_refused(client: str) -> bool:
    until = _REFUSED.get(client)
    if until is None:
        return False
    if until < time.monotonic():
        _REFUSED.pop(client, None)
        return False
    return True


def _check_rate(client: str) -> None:
    """A burst limit per minute and a limit per hour, over comments, requests and sign-ups."""
    now = timezone.now()
    for window, limit in (
        (dt.timedelta(minutes=1), settings.SOUSEI_POST_BURST),
        (dt.timedelta(hours=1), settings.SOUSEI_POSTS_PER_HOUR),
    ):
        since = now - window
        posts = (
            Comment.objects.filter(client=client, created_at__gte=since).count()
            + DataRequest.objects.filter(client=client, created_at__gte=since).count()
            + Signup.objects.filter(client=client, created_at__gte=since).count()
        )
        if posts >= limit:
            if len(_REFUSED) > 10_000:
                _REFUSED.clear()
            _REFUSED[client] = time.monotonic() + REFUSAL_SECONDS
            raise RateLimited(
                "短時間に多くの投稿がありました。しばらくしてからもう一度お試しください。",
                "Too many posts in a short time; please try again later.",
            )


def _check_text(fields: dict[str, str]) -> None:
    for name, value in fields.items():
        if len(value) > LIMITS[name]:
            raise InvalidInput(
                f"「{name}」は {LIMITS[name]} 文字以内にしてください（{len(value)} 文字）。",
                f"{name} must be at most {LIMITS[name]} characters ({len(value)}).",
                code="too_long",
                details=[{"field": name, "limit": LIMITS[name]}],
            )


def _check_honeypot(honeypot: str) -> None:
    if honeypot:
        raise InvalidInput(
            "この投稿は受け付けられませんでした。", "This post was not accepted.", code="rejected"
        )


@transaction.atomic
def resident_signup(
    *, poster: Poster, username: str, password: str, email: str = "", honeypot: str = ""
) -> AbstractBaseUser:
    """A resident's account (no role in any organisation); sign-ups count against the same
    limits as posts, so a burst of accounts is refused too."""
    from sousei.orgs.services import user_create

    _check_honeypot(honeypot)
    _check_rate(poster.client)
    user = user_create(username=username, password=password, email=email)
    Signup.objects.create(user=user, client=poster.client)
    return user


@dataclass(frozen=True)
class Poster:
    """Who is posting: an address always, a logged-in resident sometimes."""

    address: str
    user: AbstractBaseUser | AnonymousUser | None = None

    @property
    def client(self) -> str:
        return client_key(self.address)

    @property
    def account(self) -> AbstractBaseUser | None:
        return self.user if self.user is not None and self.user.is_authenticated else None


def target_organisation(kind: str, key: str) -> Organisation:
    """The organisation answering for a public thing; anything not public is "not found"."""
    from sousei.catalog.models import Dataset
    from sousei.strategy.models import Indicator, Measure

    found = None
    if kind == Target.STORY and key.isdigit():
        found = Story.objects.filter(pk=int(key), published_at__isnull=False).first()
    elif kind == Target.DATASET:
        found = Dataset.objects.filter(name=key, is_private=False).first()
    elif kind in (Target.KPI, Target.MEASURE) and key.isdigit():
        model = Indicator if kind == Target.KPI else Measure
        strategy = "strategy" if kind == Target.KPI else "goal__strategy"
        found = model.objects.filter(
            pk=int(key), **{f"{strategy}__is_published": True, f"{strategy}__is_archived": False}
        ).first()
        found = found and (found.strategy if kind == Target.KPI else found.goal.strategy)
    if found is None:
        raise NotFound("対象が見つかりません。", "Nothing to comment on here.", code="not_found")
    return found.organisation


def _notify(organisation: Organisation, subject: str, body: str) -> None:
    """E-mail the organisation's editors; a failing mail server never loses the post."""
    emails = list(
        Membership.objects.filter(organisation=organisation, role__in=EDITING_ROLES)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not emails:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except OSError:
        logger.exception("could not send the notification for %s", organisation.slug)


@transaction.atomic
def comment_submit(
    *,
    poster: Poster,
    target_kind: str,
    target_key: str,
    body: str,
    display_name: str = "",
    email: str = "",
    honeypot: str = "",
) -> Comment:
    """A new comment waits for moderation; staff are told by e-mail."""
    _check_honeypot(honeypot)
    body, display_name = body.strip(), display_name.strip()
    if not body:
        raise InvalidInput("コメントを入力してください。", "Write a comment.", code="empty")
    _check_text({"body": body, "display_name": display_name})
    _check_rate(poster.client)
    organisation = target_organisation(target_kind, target_key)
    comment = Comment.objects.create(
        organisation=organisation,
        target_kind=target_kind,
        target_key=target_key,
        body=body,
        display_name=display_name,
        author=poster.account,
        email=email.strip(),
        client=poster.client,
    )
    transaction.on_commit(
        lambda: _notify(
            organisation,
            f"[sousei] 新しいコメント（承認待ち）#{comment.pk}",
            f"{target_kind}:{target_key}\n\n{body}\n",
        )
    )
    return comment


def _log(actor, action: str, reason: str = "", *, comment=None, data_request=None) -> None:
    ModerationAction.objects.create(
        actor=actor, action=action, reason=reason, comment=comment, data_request=data_request
    )


@transaction.atomic
def comment_moderate(
    *, actor: AbstractBaseUser, comment: Comment, action: str, reason: str = ""
) -> Comment:
    """Publish a pending comment, or hide one (a reason is required); nothing else changes it."""
    require(actor, comment.organisation, "edit")
    _check_text({"reason": reason})
    if action == "publish" and comment.status == CommentStatus.PENDING:
        comment.status, comment.published_at = CommentStatus.PUBLISHED, timezone.now()
    elif action == "hide" and comment.status != CommentStatus.HIDDEN:
        if not reason.strip():
            raise InvalidInput(
                "非表示にする理由を入力してください。", "Give a reason for hiding it.",
                code="reason_required",
            )  # fmt: skip
        comment.status, comment.hidden_reason = CommentStatus.HIDDEN, reason.strip()
    else:
        raise InvalidInput(
            "このコメントにはその操作はできません。",
            f"Cannot {action} a {comment.status} comment.",
            code="invalid_action",
        )
    comment.save()
    _log(actor, action, reason.strip(), comment=comment)
    return comment


@transaction.atomic
def comment_reply(*, actor: AbstractBaseUser, comment: Comment, text: str) -> Comment:
    """The organisation answers in public, as its department."""
    require(actor, comment.organisation, "edit")
    text = text.strip()
    _check_text({"body": text})
    if not text:
        raise InvalidInput("回答を入力してください。", "Write the reply.", code="empty")
    membership = Membership.objects.filter(user=actor, organisation=comment.organisation).first()
    comment.reply = text
    comment.reply_department = (membership and membership.department) or comment.organisation.name
    comment.replied_at = timezone.now()
    comment.save(update_fields=["reply", "reply_department", "replied_at"])
    _log(actor, "reply", comment=comment)
    return comment


@transaction.atomic
def request_submit(
    *,
    poster: Poster,
    organisation: Organisation,
    title: str,
    description: str = "",
    display_name: str = "",
    email: str = "",
    honeypot: str = "",
) -> DataRequest:
    _check_honeypot(honeypot)
    title, description, display_name = title.strip(), description.strip(), display_name.strip()
    if not title:
        raise InvalidInput("ほしいデータを入力してください。", "Say which data.", code="empty")
    _check_text({"title": title, "description": description, "display_name": display_name})
    _check_rate(poster.client)
    data_request = DataRequest.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        display_name=display_name,
        email=email.strip(),
        client=poster.client,
    )
    transaction.on_commit(
        lambda: _notify(
            organisation, f"[sousei] データの要望 #{data_request.pk}", f"{title}\n\n{description}"
        )
    )
    return data_request


@transaction.atomic
def request_update(
    *,
    actor: AbstractBaseUser,
    data_request: DataRequest,
    status: str,
    reason: str = "",
    dataset_name: str = "",
) -> DataRequest:
    """Staff move a request on: 検討中 (optionally naming the dataset that will answer it),
    公開済み (the dataset must exist and be public), 対応不可 (a reason is required)."""
    from sousei.catalog.models import Dataset

    require(actor, data_request.organisation, "edit")
    reason, dataset_name = reason.strip(), dataset_name.strip()
    _check_text({"reason": reason})
    if status not in RequestStatus.values:
        raise InvalidInput(f"状態「{status}」はありません。", f"Unknown status {status!r}.")
    if status == RequestStatus.DECLINED and not reason:
        raise InvalidInput(
            "対応できない理由を入力してください。", "Give the reason it cannot be done.",
            code="reason_required",
        )  # fmt: skip
    public = Dataset.objects.filter(
        name=dataset_name,
        organisation=data_request.organisation,
        is_private=False,
        resources__current_version__isnull=False,
    ).exists()
    if status == RequestStatus.PUBLISHED and not public:
        raise InvalidInput(
            f"公開済みのデータセット「{dataset_name}」がありません。",
            f"No published dataset {dataset_name!r}.",
            code="dataset_not_found",
        )
    data_request.status, data_request.reason = status, reason
    data_request.dataset_name = dataset_name
    data_request.save()
    _log(actor, f"status:{status}", reason, data_request=data_request)
    return data_request


def requests_fulfil(*, dataset) -> int:
    """Requests waiting for this dataset become 公開済み when it is published."""
    if dataset.is_private:
        return 0
    waiting = DataRequest.objects.filter(
        dataset_name=dataset.name,
        organisation=dataset.organisation,
        status__in=[RequestStatus.RECEIVED, RequestStatus.CONSIDERING],
    )
    count = 0
    for data_request in waiting:
        data_request.status = RequestStatus.PUBLISHED
        data_request.save(update_fields=["status", "updated_at"])
        _log(None, f"status:{RequestStatus.PUBLISHED}", "dataset published",
             data_request=data_request)  # fmt: skip
        count += 1
    return count


def _check_story_slug(slug: str, story) -> None:
    clash = Story.objects.filter(slug=slug).exclude(pk=getattr(story, "pk", None)).exists()
    if clash:
        raise InvalidInput(
            f"URL 名「{slug}」は既に使われています。", f"The URL name {slug!r} is taken.",
            code="slug_taken",
        )  # fmt: skip


@transaction.atomic
def story_save(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    slug: str,
    title: str,
    body: str,
    department: str = "",
    story=None,
):
    """Create or edit a story (a frozen one keeps showing what was frozen until unfrozen); an
    edit that moves it to another organisation needs the right in both."""
    for org in {organisation, getattr(story, "organisation", organisation)}:
        require_unless_operator(actor, org)
    _check_story_slug(slug, story)
    story = story or Story(author=actor)
    story.organisation, story.slug, story.title = organisation, slug, title.strip()
    story.body, story.department = body, department.strip()
    story.save()
    return story


@transaction.atomic
def story_publish(*, actor: AbstractBaseUser | None, story, published: bool = True):
    require_unless_operator(actor, story.organisation)
    story.published_at = (story.published_at or timezone.now()) if published else None
    story.save(update_fields=["published_at", "updated_at"])
    return story


@transaction.atomic
def story_freeze(*, actor: AbstractBaseUser | None, story, html: str | None):
    """Keep the story as it reads now (`html`), or follow the data again (None)."""
    require_unless_operator(actor, story.organisation)
    story.frozen_html = html or ""
    story.frozen_at = timezone.now() if html else None
    story.save(update_fields=["frozen_html", "frozen_at", "updated_at"])
    return story
