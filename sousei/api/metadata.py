"""Catalogue metadata for machines: DCAT (Turtle, JSON-LD) and Frictionless datapackage.json."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from sousei.catalog import selectors
from sousei.catalog.datapackage import datapackage
from sousei.catalog.dcat import catalog_graph
from sousei.catalog.selectors import DatasetView

CATALOG_MAX = 10_000


def _urls(request: HttpRequest):
    def dataset_url(view: DatasetView) -> str:
        return request.build_absolute_uri(reverse("dataset", args=[view.name]))

    def download_url(view: DatasetView, resource_id: str, fmt: str) -> str:
        return request.build_absolute_uri(
            reverse("resource_download", args=[view.name, resource_id, fmt])
        )

    return dataset_url, download_url


def _public_graph(request: HttpRequest):
    # Always as an anonymous visitor: harvesters must never see private datasets.
    found = selectors.dataset_search(user=AnonymousUser(), rows=CATALOG_MAX)
    dataset_url, download_url = _urls(request)
    return catalog_graph(
        found.results,
        site_url=request.build_absolute_uri("/"),
        dataset_url=dataset_url,
        download_url=download_url,
    )


def catalog_turtle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        _public_graph(request).serialize(format="turtle"),
        content_type="text/turtle; charset=utf-8",
    )


def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        _public_graph(request).serialize(format="json-ld", auto_compact=True),
        content_type="application/ld+json; charset=utf-8",
    )


def dataset_datapackage(request: HttpRequest, name: str) -> JsonResponse:
    view = selectors.dataset_get(user=request.user, name_or_id=name)
    _, download_url = _urls(request)
    return JsonResponse(
        datapackage(view, download_url=download_url), json_dumps_params={"ensure_ascii": False}
    )
