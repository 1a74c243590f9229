"""The mapping screen (対応づけ画面): staff say which column of a published file holds the area,
the date, the sex, the age and the numbers, and the file becomes a standard statistics table —
for files no layout recognises. Later versions of the file are read the same way when they land
(`sousei.stats.services.on_version_published`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sousei.catalog.models import ResourceVersion
from sousei.errors import NotFound, SouseiError
from sousei.stats.mapping import Mapping, MappingError, mapping_from_dict
from sousei.stats.models import StatSeries
from sousei.stats.services import stats_map_version
from sousei.stats.tables import Provenance
from sousei.web.context import english
from sousei.web.forms import StatisticsMappingForm
from sousei.web.publish import editable_dataset

TEMPLATE = "web/resource_statistics.html"


def _columns(version: ResourceVersion) -> list[tuple[str, str]]:
    return [(c["machine_name"], c["name"]) for c in version.report["columns"]]


def _initial(series: list[StatSeries], area_code: str | None) -> dict[str, Any]:
    """The form as last used: the stored mapping, or the organisation's area for a new one."""
    mapped = next((s for s in series if s.layout == "mapping"), None)
    if mapped is None:
        return {"area_code": area_code or "", "source": "juki"}
    m = mapping_from_dict(mapped.notes["mapping"])
    initial = {k: v for k, v in vars(m).items() if k not in ("provenance", "fixed_date", "labels")}
    initial["fixed_year"] = m.fixed_date if isinstance(m.fixed_date, int) else None
    if m.provenance is not None:
        initial.update(source=m.provenance.source, vintage=m.provenance.vintage)
    return {k: ("" if v is None else v) for k, v in initial.items()}


def _mapping(data: dict[str, Any]) -> Mapping:
    def column(name: str) -> str | None:
        return data.get(name) or None

    return Mapping(
        kind=data["kind"],
        value=data["value"],
        area=column("area"),
        area_code=None if column("area") else (data.get("area_code") or None),
        area_name=column("area_name"),
        date=column("date"),
        fixed_date=data.get("fixed_year"),
        sex=column("sex"),
        fixed_sex=data.get("fixed_sex") or "total",
        age=column("age"),
        event=column("event"),
        fixed_event=column("fixed_event"),
        direction=column("direction"),
        fixed_direction=column("fixed_direction"),
        counterpart_code=column("counterpart_code"),
        counterpart_name=column("counterpart_name"),
        provenance=Provenance(
            data["source"], data.get("vintage") or "", is_projection=data["source"] == "projection"
        ),
    )


@login_required
def resource_statistics(request: HttpRequest, name: str, resource_id: str) -> HttpResponse:
    dataset = editable_dataset(request, name)
    resource = dataset.resources.filter(pk=resource_id).first() if _is_uuid(resource_id) else None
    version = resource.versions.order_by("-version").first() if resource else None
    if version is None:
        raise NotFound("そのリソースはありません。", "No such resource.", code="no_resource")
    series = list(StatSeries.objects.filter(resource_version__resource=resource))
    columns = _columns(version)
    area_code = dataset.organisation.area_id
    form = StatisticsMappingForm(
        request.POST or None, columns=columns, initial=_initial(series, area_code)
    )
    context = {"dataset": dataset, "resource": resource, "version": version, "form": form}
    status, result, problems = 200, None, []
    if request.method == "POST" and ("recognise" in request.POST or form.is_valid()):
        mapping = None if "recognise" in request.POST else _mapping(form.cleaned_data)
        try:
            result = stats_map_version(actor=request.user, version=version, mapping=mapping)
            series = result.series
        except MappingError as error:
            status, problems, context["error"] = 400, _cells(error), _message(error)
        except SouseiError as error:
            status, context["error"] = error.status, _message(error)
    elif request.method == "POST":
        status = 400
    context.update(series=series, result=result, problems=problems, columns=columns)
    return render(request, TEMPLATE, context, status=status)


def _cells(error: MappingError) -> list[dict[str, Any]]:
    """The bad cells with their row, column and the message in the page's language."""
    key = "message_" + _lang()
    return [
        {"row": d.get("row"), "column": d.get("column_name"), "text": d[key]}
        for d in error.details or []
        if key in d
    ]


def _lang() -> str:
    return "en" if english() else "ja"


def _message(error: SouseiError) -> str:
    return error.message(_lang())


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
