"""A Frictionless Data Package descriptor for a dataset (`datapackage.json`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sousei.catalog.selectors import DatasetView

TABLE_SCHEMA_TYPES = {
    "integer": "integer",
    "decimal": "number",
    "date": "date",
    "year_month": "yearmonth",
    "year": "year",
    "boolean": "boolean",
    "text": "string",
}


def _schema(report: dict[str, Any]) -> dict[str, Any]:
    fields = []
    for column in report["columns"]:
        # Downloads carry the column names as written, so the schema does too.
        field = {
            "name": column["name"],
            "title": column["name"],
            "description": f"API: {column['machine_name']}",
            "type": TABLE_SCHEMA_TYPES.get(column["type"], "string"),
        }
        if column.get("unit"):
            field["description"] += f" / 単位: {column['unit']}"
        fields.append(field)
    return {"fields": fields}


def datapackage(
    view: DatasetView, *, download_url: Callable[[DatasetView, str, str], str]
) -> dict[str, Any]:
    resources = []
    for index, resource in enumerate(view.resources):
        current = resource.current
        if current is None:
            continue
        resources.append(
            {
                "name": f"resource-{index + 1}",
                "title": resource.name,
                "path": download_url(view, resource.id, "csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "profile": "tabular-data-resource",
                "schema": _schema(current.report),
            }
        )
    package: dict[str, Any] = {
        "name": view.name,
        "id": view.id,
        "title": view.title,
        "description": view.description,
        "keywords": view.tags,
        "profile": "tabular-data-package",
        "resources": resources,
        "created": view.created_at.isoformat(),
    }
    if view.licence_url:
        package["licenses"] = [
            {"name": view.licence_id, "path": view.licence_url, "title": view.licence_title_en}
        ]
    return package
