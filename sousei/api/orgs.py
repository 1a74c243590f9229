"""`/api/v1/orgs`: organisations that publish data."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from sousei.api.errors import ERROR_RESPONSES
from sousei.orgs import selectors

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    area_code: str | None
    area_kind: str | None
    prefecture: str | None
    region_slug: str | None
    description: str
    is_sample: bool


class OrganisationListOut(Schema):
    count: int
    results: list[OrganisationOut]


@router.get("/orgs", response={200: OrganisationListOut, **ERROR_RESPONSES})
def orgs_list(request: HttpRequest) -> dict:
    orgs = selectors.organisation_list()
    return {"count": len(orgs), "results": orgs}


@router.get("/orgs/{slug}", response={200: OrganisationOut, **ERROR_RESPONSES})
def orgs_show(request: HttpRequest, slug: str) -> object:
    """One organisation by slug (a municipality's slug is its 6-digit area code)."""
    return selectors.organisation_get(slug=slug)
