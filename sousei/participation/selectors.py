"""Reads of the public side: what residents see (published comments, public stories, every
request's status) and what staff see (their organisations' queues)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from sousei.errors import NotFound
from sousei.orgs.selectors import organisations_editable_by
from sousei.participation.models import (
    Comment,
    CommentStatus,
    DataRequest,
    RequestStatus,
    Story,
)

User = AbstractBaseUser | AnonymousUser


def published_comments(kind: str, key: str) -> QuerySet[Comment]:
    return Comment.objects.filter(
        target_kind=kind, target_key=key, status=CommentStatus.PUBLISHED
    ).order_by("published_at", "id")


def comment_queue(user: User) -> QuerySet[Comment]:
    """Pending comments of the organisations the user moderates, oldest first."""
    return Comment.objects.filter(
        organisation__in=organisations_editable_by(user), status=CommentStatus.PENDING
    ).select_related("organisation")


def published_replied(user: User) -> QuerySet[Comment]:
    return Comment.objects.filter(
        organisation__in=organisations_editable_by(user), status=CommentStatus.PUBLISHED
    ).order_by("-published_at")[:30]


def open_requests(user: User) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(
        organisation__in=organisations_editable_by(user),
        status__in=[RequestStatus.RECEIVED, RequestStatus.CONSIDERING],
    ).select_related("organisation")


def visible_stories(user: User) -> QuerySet[Story]:
    """Published stories, plus drafts of the organisations the user edits."""
    visible = Q(published_at__isnull=False)
    if user.is_authenticated:
        visible |= Q(organisation__in=organisations_editable_by(user))
    return Story.objects.filter(visible).select_related("organisation")


def story_get(*, user: User, slug: str) -> Story:
    story = visible_stories(user).filter(slug=slug).first()
    if story is None:
        raise NotFound("記事が見つかりません。", "No such story.", code="story_not_found")
    return story


def public_requests(limit: int = 200) -> QuerySet[DataRequest]:
    """Every request and its status: they are public, newest first."""
    return DataRequest.objects.select_related("organisation")[:limit]


def request_get(request_id: int) -> DataRequest:
    data_request = DataRequest.objects.select_related("organisation").filter(pk=request_id).first()
    if data_request is None:
        raise NotFound("要望が見つかりません。", "No such request.", code="request_not_found")
    return data_request
