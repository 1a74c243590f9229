"""`/api/v1/areas` and `/api/v1/regions`: the national area master and regions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sousei.api.errors import ERROR_RESPONSES
from sousei.areas import selectors

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str = Field(description="6-digit 全国地方公共団体コード with check digit")
    name: str
    kana: str
    prefecture: str
    prefecture_code: str
    kind: str = Field(
        description="prefecture, designated_city, city, town, village, special_ward or ward"
    )
    kind_label_ja: str
    kind_label_en: str
    parent: str | None = Field(
        description="Code of the prefecture (municipality) or designated city (ward)"
    )
    parent_name: str | None
    district: str = Field(description="郡 of a town or village, else empty")
    is_sample: bool = Field(description="Fictional demo area")


class AreaListOut(Schema):
    count: int
    results: list[AreaOut]


class AreaFilters(Schema):
    prefecture: str | None = Field(None, description="Name (岩手県, 岩手) or number (03)")
    kind: str | None = Field(
        None,
        description="municipality (市区町村: 1,741), prefecture, designated_city, city, town, "
        "village, special_ward, ward",
    )
    q: str | None = Field(None, max_length=100, description="Part of the name or kana")
    include_sample: bool = Field(False, description="Include the fictional demo areas")
    limit: int | None = Field(None, ge=1, le=2000)
    offset: int = Field(0, ge=0)


@router.get("/areas", response={200: AreaListOut, **ERROR_RESPONSES})
def areas_list(request: HttpRequest, filters: Query[AreaFilters]) -> dict:
    """Areas matching the filters; `count` is the number of matches before paging."""
    areas = selectors.area_list(
        prefecture=filters.prefecture,
        kind=filters.kind,
        q=filters.q,
        include_sample=filters.include_sample,
    )
    end = None if filters.limit is None else filters.offset + filters.limit
    page = areas[filters.offset : end]
    return {"count": len(areas), "results": [a.as_api() for a in page]}


@router.get("/areas/{code}", response={200: AreaOut, **ERROR_RESPONSES})
def areas_show(request: HttpRequest, code: str) -> dict:
    """One area by its 5- or 6-digit code (a 5-digit code gets its check digit)."""
    return selectors.area_get(code=code).as_api()


@router.get("/areas/{code}/children", response={200: AreaListOut, **ERROR_RESPONSES})
def areas_children(request: HttpRequest, code: str) -> dict:
    """Municipalities of a prefecture, or wards of a designated city."""
    area = selectors.area_get(code=code)
    children = selectors.area_children(code=area.code)
    return {"count": len(children), "results": [a.as_api() for a in children]}


class RegionOut(Schema):
    slug: str
    name: str
    name_en: str
    description: str
    is_sample: bool
    members: list[AreaOut]


class RegionListOut(Schema):
    count: int
    results: list[RegionOut]


@router.get("/regions", response={200: RegionListOut, **ERROR_RESPONSES}, tags=["regions"])
def regions_list(request: HttpRequest) -> dict:
    """Regions (圏域) and their member municipalities."""
    regions = selectors.region_list()
    return {"count": len(regions), "results": regions}


@router.get("/regions/{slug}", response={200: RegionOut, **ERROR_RESPONSES}, tags=["regions"])
def regions_show(request: HttpRequest, slug: str) -> object:
    return selectors.region_get(slug=slug)
