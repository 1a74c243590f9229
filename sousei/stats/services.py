"""Getting statistics in: a file is published in the catalog (every version kept), recognised
as standard tables, and its figures stored — all or nothing.

Staff may store figures only for areas their organisation answers for: a municipality for
itself and its districts (`<code>-<n>`), a prefecture for its municipalities, a region for its
members. The operator at the server's shell (actor None) may load national files such as SSDSE.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sousei.areas.codes import district_parent
from sousei.areas.master import AreaKind
from sousei.areas.selectors import area_get
from sousei.areas.services import district_names_store
from sousei.catalog.models import ResourceVersion
from sousei.catalog.selectors import version_original_name
from sousei.catalog.services import LoadResult, dataset_publish_file
from sousei.errors import InvalidInput, PermissionDenied, SouseiError
from sousei.ingest import IngestError, Problem, Table, read_table
from sousei.orgs.models import Organisation
from sousei.orgs.services import organisation_for_writing, require
from sousei.stats.mapping import Mapping, map_table, mapping_as_dict, mapping_from_dict
from sousei.stats.models import StatSeries, StatValue
from sousei.stats.recognise import Recognition, recognise
from sousei.stats.selectors import stamp_forget
from sousei.stats.signals import statistics_stored
from sousei.stats.tables import Provenance, StatTable
from sousei.storage import local_copy

BATCH = 5000
logger = logging.getLogger("sousei.stats")


@dataclass(frozen=True)
class StatsImport:
    load: LoadResult
    recognition: Recognition
    series: list[StatSeries]


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def _figures(table: StatTable) -> Iterator[dict[str, Any]]:
    """The table's rows as `StatValue` fields; secret or missing cells are not figures."""
    for row in table.frame.to_dict("records"):
        value = row["value"]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        figure: dict[str, Any] = {"area_code": str(row["area_code"]), "value": round(value)}
        if table.kind in ("population", "households"):
            day = _day(row["date"])
            figure.update(measure=table.kind, date=day, year=day.year)
        else:
            measure = row["event"] if table.kind == "vital" else row["direction"]
            figure.update(measure=measure, year=int(row["year"]))
        for name in ("sex", "age", "age_from", "age_to", "counterpart_code", "counterpart_name"):
            if name in row and not _missing(row[name]):
                figure[name] = int(row[name]) if name.startswith("age_") else str(row[name])
        yield figure


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _jurisdiction(organisation: Organisation) -> tuple[str, set[str]]:
    """('prefecture', {'03'}) / ('codes', {...}): which area codes the organisation answers for."""
    if organisation.region_id:
        return "codes", set(organisation.region.memberships.values_list("area_id", flat=True))
    area = organisation.area
    if area.kind == AreaKind.PREFECTURE:
        return "prefecture", {area.code[:2]}
    return "codes", {area.code}


def _check_jurisdiction(
    actor: AbstractBaseUser | None, organisation: Organisation, tables: list[StatTable]
) -> None:
    if actor is None or actor.is_superuser:
        return
    scope, allowed = _jurisdiction(organisation)
    for table in tables:
        for code in table.frame["area_code"].astype(str).unique():
            base = district_parent(code) or code
            inside = base[:2] in allowed if scope == "prefecture" else base in allowed
            if not inside:
                raise PermissionDenied(
                    f"{organisation.name} は地域 {code} の統計を登録できません。",
                    f"{organisation.name} may not store statistics for area {code}.",
                )


def series_store(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    table: StatTable,
    layout: str,
    notes: dict[str, Any] | None = None,
    resource_version: ResourceVersion | None = None,
) -> StatSeries:
    """Store one standard table as a series (inside the caller's transaction)."""
    stamp_forget()
    _check_jurisdiction(actor, organisation, [table])
    provenance: Provenance = table.provenance
    series = StatSeries.objects.create(
        kind=table.kind,
        source=provenance.source,
        vintage=provenance.vintage,
        is_projection=provenance.is_projection,
        layout=layout,
        notes=notes or {},
        organisation=organisation,
        resource_version=resource_version,
        created_by=actor,
    )
    district_names_store(table.names)
    values = [StatValue(series=series, **figure) for figure in _figures(table)]
    StatValue.objects.bulk_create(values, batch_size=BATCH)
    StatSeries.objects.filter(pk=series.pk).update(row_count=len(values))
    series.row_count = len(values)
    codes = sorted(table.frame["area_code"].astype(str).unique())
    transaction.on_commit(lambda: statistics_stored.send(StatSeries, area_codes=codes))
    return series


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def stats_import_file(
    *,
    actor: AbstractBaseUser | None,
    area_code: str,
    path: Path,
    sheet: str | None = None,
    encoding: str | None = None,
    dataset_name: str | None = None,
    provenance: Provenance | None = None,
) -> StatsImport:
    """`sousei stats import`: publish the file as a dataset of the area's organisation, read
    it as standard tables and store them. Figures read from an earlier version of the same
    resource are replaced, so a corrected file never double-counts."""
    area = area_get(code=area_code)
    organisation = organisation_for_writing(actor, area.code)
    table = _read(path, sheet=sheet, encoding=encoding)
    recognition = recognise(table, area_code=area.code, provenance=provenance)
    _check_jurisdiction(actor, organisation, recognition.tables)
    with transaction.atomic():
        load = dataset_publish_file(
            actor=actor,
            organisation=organisation,
            dataset_name=dataset_name or f"statistics-{area.code}",
            path=path,
            title=f"{area.name}の統計",
            resource_name=(Path(path).stem + (f"-{sheet}" if sheet else "")),
            sheet=sheet,
            encoding=encoding,
        )
        notes = {"ja": recognition.notes_ja, "en": recognition.notes_en}
        series = _series_replace(
            actor, organisation, load.version, recognition.tables, recognition.layout, notes
        )
    return StatsImport(load=load, recognition=recognition, series=series)


def _read(path: Path, *, sheet: str | None, encoding: str | None) -> Table:
    try:
        return read_table(path, sheet=sheet, encoding=encoding)
    except IngestError as exc:
        raise InvalidInput(exc.message_ja, exc.message_en, code=exc.code) from exc


def _series_replace(
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    version: ResourceVersion,
    tables: list[StatTable],
    layout: str,
    notes: dict[str, Any],
) -> list[StatSeries]:
    """The version's tables stored in place of everything the resource gave before, so a
    corrected or newer file never double-counts."""
    with transaction.atomic():
        StatSeries.objects.filter(resource_version__resource=version.resource).delete()
        return [
            series_store(
                actor=actor,
                organisation=organisation,
                table=table,
                layout=layout,
                notes=notes,
                resource_version=version,
            )
            for table in tables
        ]


# --- reading a published version as statistics: the mapping screen, and new versions ---------


@dataclass(frozen=True)
class StatsMapping:
    """What reading a version gave: the series stored and the rows left out (warnings)."""

    version: ResourceVersion
    series: list[StatSeries]
    warnings: list[Problem]
    layout: str


def stats_map_version(
    *,
    actor: AbstractBaseUser | None,
    version: ResourceVersion,
    mapping: Mapping | None = None,
    provenance: Provenance | None = None,
) -> StatsMapping:
    """Read a published version as standard tables — by the mapping screen's `mapping`, or
    recognised when there is none — replacing what the resource's earlier versions gave.
    Errors name the file's row and column; nothing is stored unless every row reads."""
    organisation = version.resource.dataset.organisation
    if actor is not None:
        require(actor, organisation, "edit")
    with local_copy(version_original_name(version)) as path:
        table = _read(path, sheet=version.sheet or None, encoding=version.encoding or None)
    if mapping is None:
        area_code = organisation.area_id or None
        recognition = recognise(table, area_code=area_code, provenance=provenance)
        tables, warnings, layout = recognition.tables, recognition.warnings, recognition.layout
        notes: dict[str, Any] = {"ja": recognition.notes_ja, "en": recognition.notes_en}
    else:
        stat, warnings = map_table(table, mapping)
        tables, layout = [stat], "mapping"
        notes = {"mapping": mapping_as_dict(mapping)}
    _check_jurisdiction(actor, organisation, tables)
    series = _series_replace(actor, organisation, version, tables, layout, notes)
    return StatsMapping(version, series, warnings, layout)


def stats_remap_new_version(version: ResourceVersion) -> StatsMapping | None:
    """A new version of a resource read as statistics is read the same way (the same mapping,
    or recognised again); None when the resource was never read as statistics, or this version
    already was (`stats import` stores its own)."""
    if StatSeries.objects.filter(resource_version=version).exists():
        return None
    earlier = (
        StatSeries.objects.filter(resource_version__resource=version.resource)
        .exclude(resource_version=version)
        .first()
    )
    if earlier is None:
        return None
    mapping = mapping_from_dict(earlier.notes["mapping"]) if earlier.layout == "mapping" else None
    provenance = None
    if mapping is None and earlier.is_projection:
        provenance = Provenance("projection", earlier.vintage, is_projection=True)
    return stats_map_version(actor=None, version=version, mapping=mapping, provenance=provenance)


def on_version_published(sender: object, version: ResourceVersion, **kwargs: Any) -> None:
    """Keep statistics in step with their files; a version that no longer reads leaves the
    figures of the earlier one in place, and says why in the log."""
    try:
        stats_remap_new_version(version)
    except SouseiError as exc:
        logger.warning(
            "statistics not updated from %s v%s: %s", version.resource_id, version.version, exc
        )
