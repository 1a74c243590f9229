"""Page views: read through selectors, hand plain data to templates, nothing else."""

from __future__ import annotations

import sys
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sousei.api.errors import error_response, unexpected_error, with_retry_after
from sousei.areas import selectors as areas
from sousei.catalog import selectors as catalog
from sousei.errors import InvalidInput, NotFound, SouseiError
from sousei.orgs import selectors as orgs
from sousei.stats.area import MEMBER_INDICATORS, member_comparison, member_indicator
from sousei.web.context import english
from sousei.web.middleware import respond_error
from sousei.web.stats import csv_response, region_map

AREAS_PER_PAGE = 100
LATEST_DATASETS = 6


def home(request: HttpRequest) -> HttpResponse:
    organisations = orgs.organisation_list()
    regions = areas.region_list()
    return render(
        request,
        "web/home.html",
        {
            "organisations": organisations,
            "regions": regions,
            "datasets": catalog.dataset_search(user=request.user, rows=LATEST_DATASETS).results,
            "has_sample": any(o.is_sample for o in organisations)
            or any(r.is_sample for r in regions),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = orgs.organisation_get(slug=slug)
    area = areas.area_get(code=organisation.area_code) if organisation.area_code else None
    region = areas.region_get(slug=organisation.region_slug) if organisation.region_slug else None
    return render(
        request,
        "web/organisation.html",
        {
            "organisation": organisation,
            "area": area,
            "region": region,
            "regions": areas.regions_of_area(code=area.code) if area else [],
            "datasets": catalog.dataset_search(
                user=request.user, filters={"organization": organisation.slug}, rows=100
            ).results,
        },
    )


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/region_list.html", {"regions": areas.region_list()})


def _region_indicator(request: HttpRequest) -> str:
    indicator = request.GET.get("indicator") or "aging_rate"
    if indicator not in MEMBER_INDICATORS:
        raise InvalidInput(
            f"指標「{indicator}」はありません。", f"Unknown indicator {indicator!r}."
        )
    return indicator


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = areas.region_get(slug=slug)
    comparison = member_comparison([member.code for member in region.members])
    indicator = _region_indicator(request)
    members = [
        {
            "area": member,
            "organisation": orgs.organisation_of_area(code=member.code),
            "figures": figures,
        }
        for member, figures in zip(region.members, comparison, strict=True)
    ]
    csv_url = reverse("region_map_csv", args=[slug]) + "?" + urlencode({"indicator": indicator})
    chart = region_map(region.members, comparison, indicator, csv_url=csv_url)
    return render(
        request,
        "web/region.html",
        {
            "region": region,
            "members": members,
            "indicator": indicator,
            "indicators": [(k, v[1] if english() else v[0]) for k, v in MEMBER_INDICATORS.items()],
            "map": chart,
        },
    )


def region_map_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The figures the region map is coloured by, one row per member."""
    region = areas.region_get(slug=slug)
    indicator = _region_indicator(request)
    comparison = member_comparison([member.code for member in region.members])
    label_ja, label_en, unit = MEMBER_INDICATORS[indicator]
    headers = ["code", "name", f"{label_en if english() else label_ja} ({unit})"]
    rows = [
        [member.code, member.name, member_indicator(row, indicator)]
        for member, row in zip(region.members, comparison, strict=True)
    ]
    return csv_response(f"{slug}-{indicator}.csv", headers, rows)


def _page_number(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInput(
            f"ページ番号「{raw}」が正しくありません。",
            f"Invalid page number {raw!r}.",
            code="invalid_page",
        )
    return int(raw)


def area_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    prefecture = request.GET.get("prefecture", "")
    kind = request.GET.get("kind", "")
    results = areas.area_list(prefecture=prefecture or None, kind=kind or None, q=q or None)
    paginator = Paginator(results, AREAS_PER_PAGE)
    number = _page_number(request.GET.get("page"))
    if number > paginator.num_pages:
        raise NotFound(
            f"{number} ページ目はありません。", f"There is no page {number}.", code="no_page"
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/area_list.html",
        {
            "page": paginator.page(number),
            "count": len(results),
            "q": q,
            "prefecture": prefecture,
            "kind": kind,
            "kinds": areas.kind_choices(),
            "prefectures": areas.area_list(kind="prefecture", include_sample=True),
            "query": query.urlencode(),
        },
    )


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = areas.area_get(code=code)
    return render(
        request,
        "web/area.html",
        {
            "area": area,
            "children": areas.area_children(code=area.code),
            "organisation": orgs.organisation_of_area(code=area.code),
            "regions": areas.regions_of_area(code=area.code),
        },
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return respond_error(request, InvalidInput("リクエストが正しくありません。", "Bad request."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return respond_error(
        request,
        SouseiError("この操作の権限がありません。", "Permission denied.", status=403),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return respond_error(request, NotFound("ページが見つかりません。", "Page not found."))


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the context processors' database reads, which may be what failed. A
    lost database is 503 with Retry-After, so harvesters and monitors know to come back."""
    error = unexpected_error(sys.exc_info()[1])
    if request.path.startswith("/api/"):
        return error_response(request, error)
    page = HttpResponse(
        f"<!doctype html><html lang=ja><title>{error.status}</title><h1>{error.status}</h1>"
        f"<p>{error.message_ja} / {error.message_en}</p></html>",
        status=error.status,
    )
    return with_retry_after(page, error)
