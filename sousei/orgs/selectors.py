"""Reads of organisations, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sousei.errors import NotFound
from sousei.orgs.models import EDITING_ROLES, Membership, Organisation


@dataclass(frozen=True)
class OrganisationView:
    slug: str
    name: str
    kind: str  # "area" or "region"
    area_code: str | None
    area_kind: str | None
    prefecture: str | None
    region_slug: str | None
    description: str
    is_sample: bool


def _view(org: Organisation) -> OrganisationView:
    area = org.area
    return OrganisationView(
        slug=org.slug,
        name=org.name,
        kind="area" if area else "region",
        area_code=area.code if area else None,
        area_kind=area.kind if area else None,
        prefecture=area.prefecture if area else None,
        region_slug=org.region.slug if org.region else None,
        description=org.description,
        is_sample=org.is_sample,
    )


def organisation_list() -> list[OrganisationView]:
    return [_view(o) for o in Organisation.objects.select_related("area", "region")]


def organisation_get(*, slug: str) -> OrganisationView:
    org = Organisation.objects.select_related("area", "region").filter(slug=slug).first()
    if org is None:
        raise NotFound(
            f"組織「{slug}」は見つかりません。",
            f"No organisation {slug!r}.",
            code="organisation_not_found",
        )
    return _view(org)


def organisation_of_area(*, code: str) -> OrganisationView | None:
    org = Organisation.objects.select_related("area", "region").filter(area_id=code).first()
    return _view(org) if org else None


@dataclass(frozen=True)
class MembershipView:
    organisation_slug: str
    organisation_name: str
    role: str
    department: str


def memberships_of(user: AbstractBaseUser | AnonymousUser) -> list[MembershipView]:
    if not user.is_authenticated:
        return []
    return [
        MembershipView(m.organisation.slug, m.organisation.name, m.role, m.department)
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def organisations_editable_by(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Organisation]:
    """Where `user` may publish: every organisation for a site administrator, else those in
    which the user is an editor or admin."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("slug")
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=EDITING_ROLES
    ).order_by("slug")
