"""Reads of the catalog. Visibility is decided here, once: private datasets exist only for
members of their organisation (and site administrators), in every list, search, page and API."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from sousei.catalog.licences import LICENCES_BY_ID
from sousei.catalog.models import Dataset, Resource, ResourceVersion
from sousei.errors import InvalidInput, NotFound
from sousei.orgs.models import Membership
from sousei.storage import original_name

User = AbstractBaseUser | AnonymousUser

FACET_FIELDS = ("organization", "tags", "res_format", "license_id", "area")
SORTS = {
    "metadata_modified desc": ["-modified_at"],
    "metadata_modified asc": ["modified_at"],
    "metadata_created desc": ["-created_at"],
    "metadata_created asc": ["created_at"],
    "title_string asc": ["title"],
    "title_string desc": ["-title"],
    "name asc": ["name"],
    "name desc": ["-name"],
    "score desc, metadata_modified desc": ["-modified_at"],
}


@dataclass(frozen=True)
class VersionView:
    version: int
    filename: str
    format: str
    size: int
    sha256: str
    row_count: int
    created_at: datetime
    report: dict[str, Any]


@dataclass(frozen=True)
class ResourceView:
    id: str
    name: str
    description: str
    dataset_name: str
    dataset_id: str
    schema_id: str
    current_version: int | None
    created_at: datetime
    versions: list[VersionView] = field(default_factory=list)

    @property
    def current(self) -> VersionView | None:
        return next((v for v in self.versions if v.version == self.current_version), None)

    @property
    def format(self) -> str:
        current = self.current
        return current.format.upper() if current else ""

    @property
    def warehouse_id(self) -> str:
        return uuid.UUID(self.id).hex


@dataclass(frozen=True)
class DatasetView:
    id: str
    name: str
    title: str
    description: str
    organisation_slug: str
    organisation_name: str
    organisation_description: str
    tags: list[str]
    licence_id: str
    licence_title_ja: str
    licence_title_en: str
    licence_url: str
    licence_open: bool
    update_frequency: str
    spatial: list[str]
    temporal_start: str | None
    temporal_end: str | None
    contact: str
    is_private: bool
    is_sample: bool
    created_at: datetime
    modified_at: datetime
    resources: list[ResourceView]


@dataclass(frozen=True)
class SearchResult:
    count: int
    results: list[DatasetView]
    facets: dict[str, list[tuple[str, int]]]


def visible_datasets(user: User) -> QuerySet[Dataset]:
    """Public datasets, plus private ones of the user's organisations."""
    datasets = Dataset.objects.select_related("organisation")
    if user.is_authenticated and user.is_superuser:
        return datasets
    visible = Q(is_private=False)
    if user.is_authenticated:
        org_ids = Membership.objects.filter(user=user).values("organisation_id")
        visible |= Q(organisation_id__in=org_ids)
    return datasets.filter(visible)


def _resource_view(resource: Resource, dataset: Dataset) -> ResourceView:
    return ResourceView(
        id=str(resource.id),
        name=resource.name,
        description=resource.description,
        dataset_name=dataset.name,
        dataset_id=str(dataset.id),
        schema_id=resource.schema_id,
        current_version=resource.current_version,
        created_at=resource.created_at,
        versions=[
            VersionView(
                v.version,
                v.filename,
                v.format,
                v.size,
                v.sha256,
                v.row_count,
                v.created_at,
                v.report,
            )
            for v in resource.versions.all()
        ],
    )


def _published_resources(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    return resources.filter(current_version__isnull=False).prefetch_related("versions")


def _dataset_view(dataset: Dataset) -> DatasetView:
    licence = LICENCES_BY_ID[dataset.licence_id]
    published = getattr(dataset, "published_resources", None)
    if published is None:
        published = _published_resources(dataset.resources.all())
    resources = [_resource_view(r, dataset) for r in published]
    return DatasetView(
        id=str(dataset.id),
        name=dataset.name,
        title=dataset.title,
        description=dataset.description,
        organisation_slug=dataset.organisation.slug,
        organisation_name=dataset.organisation.name,
        organisation_description=dataset.organisation.description,
        tags=list(dataset.tags),
        licence_id=licence.id,
        licence_title_ja=licence.title_ja,
        licence_title_en=licence.title_en,
        licence_url=licence.url,
        licence_open=licence.open,
        update_frequency=dataset.update_frequency,
        spatial=list(dataset.spatial),
        temporal_start=dataset.temporal_start.isoformat() if dataset.temporal_start else None,
        temporal_end=dataset.temporal_end.isoformat() if dataset.temporal_end else None,
        contact=dataset.contact,
        is_private=dataset.is_private,
        is_sample=dataset.organisation.is_sample,
        created_at=dataset.created_at,
        modified_at=dataset.modified_at,
        resources=resources,
    )


def _not_found(what: str) -> NotFound:
    # The same answer for "absent" and "private": existence must not leak.
    return NotFound(
        f"データセット「{what}」は見つかりません。",
        f"No dataset {what!r}.",
        code="dataset_not_found",
    )


def dataset_get(*, user: User, name_or_id: str) -> DatasetView:
    datasets = visible_datasets(user)
    try:
        dataset = datasets.filter(Q(name=name_or_id) | Q(id=uuid.UUID(name_or_id))).first()
    except ValueError:
        dataset = datasets.filter(name=name_or_id).first()
    if dataset is None:
        raise _not_found(name_or_id)
    return _dataset_view(dataset)


def resource_get(*, user: User, resource_id: str) -> ResourceView:
    try:
        key = uuid.UUID(resource_id)
    except ValueError:
        key = None
    resource = (
        Resource.objects.filter(
            pk=key, dataset__in=visible_datasets(user), current_version__isnull=False
        )
        .select_related("dataset")
        .first()
        if key
        else None
    )
    if resource is None:
        raise NotFound(
            f"リソース「{resource_id}」は見つかりません。",
            f"No resource {resource_id!r}.",
            code="resource_not_found",
        )
    return _resource_view(resource, resource.dataset)


FQ_TERM = re.compile(r'(\w+):(?:"([^"]*)"|(\S+))')


def parse_fq(fq: str) -> dict[str, str]:
    """CKAN's `fq` (`organization:foo tags:"人口"`), the subset of Solr syntax clients send."""
    terms = {}
    for key, quoted, bare in FQ_TERM.findall(fq or ""):
        terms[key.lstrip("+")] = quoted or bare
    return terms


def _facet_values(view: DatasetView, facet: str) -> list[str]:
    if facet == "organization":
        return [view.organisation_slug]
    if facet == "tags":
        return view.tags
    if facet == "res_format":
        return sorted({r.format for r in view.resources if r.format})
    if facet == "license_id":
        return [view.licence_id]
    if facet == "area":
        return view.spatial
    return []


def _matches(view: DatasetView, q: str) -> bool:
    """Every word of `q` appears in the title, description, name, tags or publisher."""
    text = " ".join(
        [view.title, view.description, view.name, view.organisation_name, *view.tags]
    ).casefold()
    return all(word.casefold() in text for word in (q or "").split())


def dataset_search(
    *,
    user: User,
    q: str = "",
    filters: dict[str, str] | None = None,
    sort: str = "metadata_modified desc",
    rows: int = 20,
    start: int = 0,
) -> SearchResult:
    """Search visible datasets; facet counts are over all matches, not just the page."""
    if sort not in SORTS:
        raise InvalidInput(
            f"並べ替え「{sort}」は使えません（{', '.join(SORTS)}）。",
            f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.",
            code="invalid_sort",
        )
    datasets = (
        visible_datasets(user)
        .order_by(*SORTS[sort])
        .prefetch_related(  # three queries for the whole catalogue, not two per dataset
            Prefetch(
                "resources",
                queryset=_published_resources(Resource.objects.all()),
                to_attr="published_resources",
            )
        )
    )
    views = [v for v in map(_dataset_view, datasets) if _matches(v, q)]
    for key, value in (filters or {}).items():
        if key not in FACET_FIELDS:
            raise InvalidInput(
                f"絞り込み項目「{key}」は使えません（{', '.join(FACET_FIELDS)}）。",
                f"Unknown filter {key!r}; use one of {', '.join(FACET_FIELDS)}.",
                code="invalid_filter",
            )
        views = [v for v in views if value in _facet_values(v, key)]
    facets = {
        facet: Counter(value for v in views for value in _facet_values(v, facet)).most_common()
        for facet in FACET_FIELDS
    }
    return SearchResult(count=len(views), results=views[start : start + rows], facets=facets)


def version_original_name(version: ResourceVersion) -> str:
    """The kept file's name (see `sousei.storage`), read again to map it to statistics."""
    return original_name(version.resource.warehouse_id, version.version, version.filename)
