"""Reads of the public side: what residents see (published comments, public stories, every
request's status) and what staff see (their organisations' queues)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from sousei.errors import NotFound
from sousei.orgs.models import Membership, Organisation, Role
from sousei.participation.models import (
    Comment,
    CommentStatus,
    DataRequest,
    RequestStatus,
    Story,
)

User = AbstractBaseUser | AnonymousUser


def editable_organisations(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = Membership.objects.filter(user=user, role__in=[Role.EDITOR, Role.ADMIN]).values_list(
        "organisation_id", flat=True
    )
    return Organisation.objects.filter(pk__in=list(ids))


def published_comments(kind: str, key: str) -> QuerySet[Comment]:
    return Comment.objects.filter(
        target_kind=kind, target_key=key, status=CommentStatus.PUBLISHED
    ).order_by("published_at", "id")


def comment_queue(user: User) -> QuerySet[Comment]:
    """Pending comments of the organisations the user moderates, oldest first."""
    return Comment.objects.filter(
        organisation__in=editable_organisations(user), status=CommentStatus.PENDING
    ).select_related("organisation")


def published_replied(user: User) -> QuerySet[Comment]:
    return Comment.objects.filter(
        organisation__in=editable_organisations(user), status=CommentStatus.PUBLISHED
    ).order_by("-published_at")[:30]


def open_requests(user: User) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(
        organisation__in=editable_organisations(user),
        status__in=[RequestStatus.RECEIVED, RequestStatus.CONSIDERING],
    ).select_related("organisation")


def visible_stories(user: User) -> QuerySet[Story]:
    """Published stories, plus drafts of the organisations the user edits."""
    visible = Q(published_at__isnull=False)
    if user.is_authenticated:
        visible |= Q(organisation__in=editable_organisations(user))
    return Story.objects.filter(visible).select_related("organisation")


def story_get(*, user: User, slug: str) -> Story:
    story = visible_stories(user).filter(slug=slug).first()
    if story is None:
        raise NotFound("記事が見つかりません。", "No such story.", code="story_not_found")
    return story


def request_get(request_id: int) -> DataRequest:
    data_request = DataRequest.objects.select_related("organisation").filter(pk=request_id).first()
    if data_request is None:
        raise NotFound("要望が見つかりません。", "No such request.", code="request_not_found")
    return data_request
