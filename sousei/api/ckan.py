"""CKAN Action API compatibility (`/api/3/action/<name>`), so existing CKAN clients
(`ckanapi`, harvesters, the national catalogue) read sousei as they read CKAN.

Every action goes through the catalog's selectors, so visibility rules are the same as on the
pages. Responses use CKAN's envelope: `{"help", "success", "result"}` or
`{"help", "success": false, "error": {"__type", "message"}}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from sousei.catalog import selectors
from sousei.catalog.selectors import DatasetView, ResourceView
from sousei.catalog.services import warehouse
from sousei.errors import InvalidInput, NotFound, PermissionDenied, SouseiError
from sousei.orgs import selectors as orgs
from sousei.warehouse import WarehouseError

ROWS_DEFAULT = 100
ROWS_MAX = 32000
SEARCH_ROWS_MAX = 1000

ERROR_TYPES = {
    NotFound: (404, "Not Found Error"),
    PermissionDenied: (403, "Authorization Error"),
    InvalidInput: (409, "Validation Error"),
}


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat()


def _int(params: dict[str, Any], name: str, default: int, maximum: int) -> int:
    raw = params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{name} は整数で指定してください。", f"{name} must be an integer.", code="invalid"
        ) from None
    if value < 0:
        raise InvalidInput(
            f"{name} は 0 以上にしてください。", f"{name} must not be negative.", code="invalid"
        )
    return min(value, maximum)


def _json_param(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if isinstance(value, str) and value.strip():
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise InvalidInput(
                f"{name} は JSON で指定してください。", f"{name} must be JSON.", code="invalid"
            ) from None
    return value


def organization_dict(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = orgs.organisation_get(slug=slug)
    return _organization(org.slug, org.name, org.description)


def _organization(slug: str, name: str, description: str) -> dict[str, Any]:
    return {
        "id": slug,
        "name": slug,
        "title": name,
        "display_name": name,
        "description": description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": None,
    }


def resource_dict(request: HttpRequest, resource: ResourceView, position: int = 0) -> dict:
    current = resource.current
    download = request.build_absolute_uri(
        reverse("resource_download", args=[resource.dataset_name, resource.id, "csv"])
    )
    return {
        "id": resource.id,
        "package_id": resource.dataset_id,
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "url": download,
        "url_type": "upload",
        "mimetype": "text/csv",
        "size": current.size if current else None,
        "hash": f"sha256:{current.sha256}" if current else "",
        "created": _iso(resource.created_at),
        "last_modified": _iso(current.created_at) if current else None,
        "datastore_active": current is not None,
        "position": position,
        "state": "active",
        "version": resource.current_version,
        "schema": resource.schema_id or None,
    }


def package_dict(request: HttpRequest, dataset: DatasetView) -> dict[str, Any]:
    resources = [resource_dict(request, r, i) for i, r in enumerate(dataset.resources)]
    return {
        "id": dataset.id,
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.description,
        "type": "dataset",
        "state": "active",
        "private": dataset.is_private,
        "owner_org": dataset.organisation_slug,
        "organization": _organization(
            dataset.organisation_slug,
            dataset.organisation_name,
            dataset.organisation_description,
        ),
        "license_id": dataset.licence_id,
        "license_title": dataset.licence_title_ja,
        "license_url": dataset.licence_url,
        "isopen": dataset.licence_open,
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.modified_at),
        "author": None,
        "author_email": None,
        "maintainer": dataset.contact or None,
        "maintainer_email": None,
        "url": None,
        "version": None,
        "num_resources": len(resources),
        "resources": resources,
        "num_tags": len(dataset.tags),
        "tags": [{"name": t, "display_name": t, "state": "active"} for t in dataset.tags],
        "groups": [],
        "extras": [
            {"key": "spatial", "value": ",".join(dataset.spatial)},
            {"key": "update_frequency", "value": dataset.update_frequency},
        ],
        "relationships_as_subject": [],
        "relationships_as_object": [],
    }


def package_list(request: HttpRequest, params: dict[str, Any]) -> list[str]:
    offset = _int(params, "offset", 0, 10**9)
    limit = _int(params, "limit", SEARCH_ROWS_MAX, SEARCH_ROWS_MAX)
    found = selectors.dataset_search(user=request.user, sort="name asc", rows=limit, start=offset)
    return [d.name for d in found.results]


def package_show(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    key = str(params.get("id") or params.get("name") or "")
    return package_dict(request, selectors.dataset_get(user=request.user, name_or_id=key))


def package_search(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    sort = params.get("sort") or "metadata_modified desc"
    found = selectors.dataset_search(
        user=request.user,
        q=str(params.get("q") or "").replace("*:*", ""),
        filters=selectors.parse_fq(str(params.get("fq") or "")),
        sort=sort,
        rows=_int(params, "rows", 10, SEARCH_ROWS_MAX),
        start=_int(params, "start", 0, 10**9),
    )
    wanted = _json_param(params, "facet.field") or []
    if isinstance(wanted, str):
        wanted = [wanted]
    facets = {f: dict(found.facets.get(f, [])) for f in wanted if f in found.facets}
    return {
        "count": found.count,
        "results": [package_dict(request, d) for d in found.results],
        "sort": sort,
        "facets": facets,
        "search_facets": {
            f: {
                "title": f,
                "items": [{"name": k, "display_name": k, "count": n} for k, n in counts.items()],
            }
            for f, counts in facets.items()
        },
    }


def organization_list(request: HttpRequest, params: dict[str, Any]) -> list[Any]:
    slugs = [o.slug for o in orgs.organisation_list()]
    if str(params.get("all_fields", "")).lower() in ("true", "1"):
        return [organization_dict(request, s) for s in slugs]
    return slugs


def organization_show(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    result = organization_dict(request, str(params.get("id") or ""))
    if str(params.get("include_datasets", "")).lower() in ("true", "1"):
        found = selectors.dataset_search(
            user=request.user, filters={"organization": result["name"]}, rows=1000
        )
        result["packages"] = [package_dict(request, d) for d in found.results]
    return result


def resource_show(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    resource = selectors.resource_get(user=request.user, resource_id=str(params.get("id") or ""))
    return resource_dict(request, resource)


DATASTORE_TYPES = {"integer": "int", "decimal": "numeric", "boolean": "bool", "date": "date"}


def _parse_sort(raw: Any) -> list[tuple[str, bool]]:
    parts = raw if isinstance(raw, list) else str(raw or "").split(",")
    sort = []
    for part in parts:
        words = str(part).split()
        if words:
            sort.append((words[0].strip('"'), len(words) > 1 and words[1].lower() == "desc"))
    return sort


def datastore_search(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    resource_id = str(params.get("resource_id") or params.get("id") or "")
    resource = selectors.resource_get(user=request.user, resource_id=resource_id)
    limit = _int(params, "limit", ROWS_DEFAULT, ROWS_MAX)
    offset = _int(params, "offset", 0, 10**9)
    filters = _json_param(params, "filters") or {}
    fields = _json_param(params, "fields")
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    if not isinstance(filters, dict):
        raise InvalidInput("filters は辞書で指定してください。", "filters must be an object.")
    version = _int(params, "version", resource.current_version or 0, 10**9) or None
    try:
        found = warehouse().search(
            resource.warehouse_id,
            version=version,
            filters=filters,
            q=str(params.get("q") or "") or None,
            fields=fields or None,
            sort=_parse_sort(params.get("sort")) or [("_id", False)],
            limit=limit,
            offset=offset,
            include_total=str(params.get("include_total", "true")).lower() != "false",
        )
    except WarehouseError as exc:
        raise InvalidInput(exc.message_ja, exc.message_en, code=exc.code) from exc
    columns = {c["machine_name"]: c for c in resource.current.report["columns"]}
    ordered = sorted(found.columns, key=lambda name: name != "_id")  # CKAN lists _id first
    field_list = [
        {
            "id": name,
            "type": "int"
            if name == "_id"
            else DATASTORE_TYPES.get(columns.get(name, {}).get("type"), "text"),
            **({"info": {"label": columns[name]["name"], "notes": ""}} if name in columns else {}),
        }
        for name in ordered
    ]
    base = reverse("ckan_action", args=["datastore_search"]) + f"?resource_id={resource.id}"
    links = {"start": base}
    if found.total is None or offset + limit < found.total:
        links["next"] = f"{base}&offset={offset + limit}"
    return {
        "resource_id": resource.id,
        "fields": field_list,
        "records": [dict(zip(found.columns, _jsonable(row), strict=True)) for row in found.rows],
        "filters": filters,
        "limit": limit,
        "offset": offset,
        "total": found.total,
        "total_was_estimated": False,
        "_links": links,
    }


def _jsonable(row: tuple) -> list[Any]:
    return [v.isoformat() if hasattr(v, "isoformat") else v for v in row]


ACTIONS: dict[str, Callable[[HttpRequest, dict[str, Any]], Any]] = {
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "resource_show": resource_show,
    "datastore_search": datastore_search,
}


def _params(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, values in request.GET.lists():
        params[key] = values if key == "facet.field" and len(values) > 1 else values[-1]
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"{}")
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise InvalidInput("JSON が正しくありません。", "Malformed JSON body.") from None
            if not isinstance(body, dict):
                raise InvalidInput(
                    "JSON はオブジェクトにしてください。", "JSON body must be an object."
                )
            params.update(body)
        else:
            params.update(request.POST.dict())
    return params


def _envelope(request: HttpRequest, name: str, **body: Any) -> dict[str, Any]:
    help_url = request.build_absolute_uri(reverse("ckan_action", args=["help_show"]))
    return {"help": f"{help_url}?name={name}", **body}


@csrf_exempt
def action(request: HttpRequest, name: str) -> JsonResponse:
    """One entry point for every action, as CKAN has; GET and POST (JSON or form) alike."""
    handler = ACTIONS.get(name)
    try:
        if handler is None:
            raise NotFound(
                f"アクション「{name}」はありません。",
                f"Action {name!r} is not known.",
            )
        if request.method not in ("GET", "POST"):
            raise InvalidInput("GET か POST を使ってください。", "Use GET or POST.")
        result = handler(request, _params(request))
    except SouseiError as exc:
        status, kind = next(
            ((s, k) for cls, (s, k) in ERROR_TYPES.items() if isinstance(exc, cls)),
            (exc.status, "Validation Error"),
        )
        error = {"__type": kind, "message": f"{exc.message_ja} / {exc.message_en}"}
        return JsonResponse(
            _envelope(request, name, success=False, error=error),
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        _envelope(request, name, success=True, result=result),
        json_dumps_params={"ensure_ascii": False},
    )
