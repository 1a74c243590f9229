"""Dataset pages: search with facets, a dataset with its preview and report, downloads."""

from __future__ import annotations

import tempfile
from pathlib import Path

import markdown
import nh3
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from sousei.areas.selectors import AreaView, area_get
from sousei.catalog import selectors
from sousei.catalog.frequencies import FREQUENCIES_BY_ID
from sousei.catalog.licences import LICENCES_BY_ID
from sousei.catalog.services import warehouse
from sousei.errors import InvalidInput, NotFound, SouseiError
from sousei.orgs.models import Organisation
from sousei.orgs.selectors import organisation_list
from sousei.orgs.services import user_can
from sousei.warehouse import WarehouseError

PAGE_SIZE = 20
PREVIEW_ROWS = 50
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-cp932": ("text/csv; charset=shift_jis", "csv"),
    "json": ("application/json", "json"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def render_markdown(text: str) -> str:
    """Staff-written Markdown as safe HTML: no scripts, links marked nofollow."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(nh3.clean(html, link_rel="nofollow noopener"))  # noqa: S308 - sanitised


def _positive(raw: str | None, default: int) -> int:
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInput(
            f"ページ番号「{raw}」が正しくありません。",
            f"Invalid page {raw!r}.",
            code="invalid_page",
        )
    return int(raw)


def _facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple]]:
    """Facet values as people read them: publisher names, licence titles, area names."""
    language = get_language() or "ja"
    names = {o.slug: o.name for o in organisation_list()}
    labels = {
        "organization": names.get,
        "license_id": lambda v: (
            (LICENCES_BY_ID[v].title_en if language == "en" else LICENCES_BY_ID[v].title_ja)
            if v in LICENCES_BY_ID
            else v
        ),
    }
    return {
        facet: [(value, (labels.get(facet, str)(value) or value), count) for value, count in items]
        for facet, items in facets.items()
    }


def dataset_list(request: HttpRequest) -> HttpResponse:
    filters = {f: request.GET[f] for f in selectors.FACET_FIELDS if request.GET.get(f)}
    page = _positive(request.GET.get("page"), 1)
    found = selectors.dataset_search(
        user=request.user,
        q=request.GET.get("q", "")[:200],
        filters=filters,
        rows=PAGE_SIZE,
        start=(page - 1) * PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/dataset_list.html",
        {
            "found": found,
            "facets": _facet_labels(found.facets),
            "q": request.GET.get("q", ""),
            "filters": filters,
            "page": page,
            "has_next": page * PAGE_SIZE < found.count,
            "query": query.urlencode(),
        },
    )


def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    from sousei.participation.models import Target
    from sousei.web.residents import comments_context  # residents renders Markdown from here

    dataset = selectors.dataset_get(user=request.user, name_or_id=name)
    chosen = request.GET.get("resource")
    resource = next(
        (r for r in dataset.resources if r.id == chosen),
        dataset.resources[0] if dataset.resources else None,
    )
    preview = None
    if resource is not None:
        preview = _preview(request, resource)
    return render(
        request,
        "web/dataset.html",
        {
            "dataset": dataset,
            "description_html": render_markdown(dataset.description),
            "resource": resource,
            "preview": preview,
            "exports": list(EXPORTS),
            "can_edit": _can_edit(request, dataset),
            "frequency": _frequency_title(dataset.update_frequency),
            "spatial": [_area_or_code(code) for code in dataset.spatial],
            "commentable": not dataset.is_private,
            **comments_context(Target.DATASET, dataset.name),
        },
    )


def _can_edit(request: HttpRequest, dataset: selectors.DatasetView) -> bool:
    organisation = Organisation.objects.filter(slug=dataset.organisation_slug).first()
    return organisation is not None and user_can(request.user, organisation, "edit")


def _frequency_title(frequency_id: str) -> str:
    frequency = FREQUENCIES_BY_ID.get(frequency_id)
    if frequency is None:
        return frequency_id
    return frequency.title_en if (get_language() or "ja") == "en" else frequency.title_ja


def _area_or_code(code: str) -> AreaView | dict[str, str]:
    try:
        return area_get(code=code)
    except SouseiError:
        return {"code": code, "name": code}


def _preview(request: HttpRequest, resource: selectors.ResourceView) -> dict:
    report = resource.current.report
    columns = report["columns"]
    names = {c["machine_name"] for c in columns}
    sort = request.GET.get("sort", "")
    descending = request.GET.get("desc") == "1"
    q = request.GET.get("q", "")[:200]
    try:
        found = warehouse().search(
            resource.warehouse_id,
            version=resource.current_version,
            q=q or None,
            sort=[(sort, descending)] if sort in names else [("_id", False)],
            limit=PREVIEW_ROWS,
        )
    except WarehouseError as exc:
        raise InvalidInput(exc.message_ja, exc.message_en, code=exc.code) from exc
    index = {c: i for i, c in enumerate(found.columns)}
    rows = [[row[index[c["machine_name"]]] for c in columns] for row in found.rows]
    return {
        "columns": columns,
        "rows": rows,
        "total": found.total,
        "sort": sort,
        "desc": descending,
        "q": q,
    }


def resource_download(request: HttpRequest, name: str, resource_id: str, fmt: str) -> HttpResponse:
    dataset = selectors.dataset_get(user=request.user, name_or_id=name)
    resource = next((r for r in dataset.resources if r.id == resource_id), None)
    if resource is None or fmt not in EXPORTS:
        raise NotFound("ダウンロードできません。", "No such download.", code="no_download")
    version = _positive(request.GET.get("version"), resource.current_version or 1)
    content_type, suffix = EXPORTS[fmt]
    tmp = Path(tempfile.mkdtemp()) / f"export.{suffix}"
    version_view = next((v for v in resource.versions if v.version == version), None)
    columns = version_view.report["columns"] if version_view else []
    headers = {c["machine_name"]: c["name"] for c in columns}
    try:
        path = warehouse().export(resource.warehouse_id, version, fmt, tmp, headers=headers)
    except WarehouseError as exc:
        raise NotFound(exc.message_ja, exc.message_en, code=exc.code) from exc
    filename = f"{dataset.name}-{Path(resource.name).stem}-v{version}.{suffix}"
    response = FileResponse(
        path.open("rb"), content_type=content_type, as_attachment=True, filename=filename
    )
    path.unlink()  # the open handle keeps the data until the response is sent
    return response
