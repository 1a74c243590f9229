"""The standard statistics as Parquet (標準統計の Parquet 出力), for engines beyond one machine.

The figures live in the application database because pages read a few hundred per area; a
national analysis (all 1,741 municipalities, many years, every age class) reads them all, which
is what Spark, Trino or DuckDB do best over plain files. `statistics_export` writes every stored
figure with its 出典, in a layout that only ever gains columns (`FORMAT`):

    _manifest.json                               format, sousei version, time, rows per measure
    series.parquet                               one row per imported table (StatSeries)
    figures/measure=<measure>/part-0.parquet     one row per figure (StatValue)

`figures` is partitioned Hive-style by `measure` (population, households, births, deaths, in,
out), so an engine reading `figures/` gets `measure` as a column and skips the measures it does
not need; rows are sorted by area code so a prefecture's own rows sit together. Projections and
districts are exported too (`series.is_projection`, codes `<area>-…`): what to count is the
reader's choice, made by the same rules as `selectors` (see `sousei.spark.job`).

The export replaces the directory as a whole (written beside it, then swapped in by two
renames), so a reader sees the previous export or the new one, or for an instant none; a failed
swap puts the previous one back. It refuses a non-empty directory that is not an export.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import OuterRef, Subquery

import sousei
from sousei.errors import InvalidInput
from sousei.stats.models import StatSeries, StatValue
from sousei.stats.selectors import VALUE_FIELDS

FORMAT = 1
MANIFEST = "_manifest.json"
SERIES_FILE = "series.parquet"
FIGURES_DIR = "figures"
PART_FILE = "part-0.parquet"
CHUNK_ROWS = 100_000  # rows read per query chunk, and per Parquet row group
_MEASURE_RE = re.compile(r"[a-z_]{1,16}")

SERIES_SCHEMA = pa.schema(
    [
        ("series_id", pa.string()),
        ("kind", pa.string()),
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("is_projection", pa.bool_()),
        ("layout", pa.string()),
        ("organisation", pa.string()),
        ("dataset", pa.string()),
        ("resource_id", pa.string()),
        ("version", pa.int32()),
        ("row_count", pa.int64()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("import_order", pa.int64()),
    ]
)
FIGURES_SCHEMA = pa.schema(
    [
        ("series_id", pa.string()),
        ("area_code", pa.string()),
        ("date", pa.date32()),
        ("year", pa.int32()),
        ("sex", pa.string()),
        ("age", pa.string()),
        ("age_from", pa.int32()),
        ("age_to", pa.int32()),
        ("counterpart_code", pa.string()),
        ("counterpart_name", pa.string()),
        ("value", pa.int64()),
    ]
)
_VALUE_FIELDS = tuple(f for f in VALUE_FIELDS if f != "measure")  # the partition key


@dataclass(frozen=True)
class StatisticsExport:
    """What one export wrote: where, how many series and how many figures per measure."""

    directory: Path
    series: int
    rows: dict[str, int] = field(default_factory=dict)


def _series_rows() -> tuple[list[dict[str, Any]], datetime | None]:
    """Every series with its 出典 and `import_order`: 1 for the first imported. Readers take the
    newest `created_at` and, on a tie, the lower `import_order`, as the application does."""
    first = StatValue.objects.filter(series=OuterRef("pk")).order_by("id").values("id")[:1]
    found = StatSeries.objects.select_related(
        "organisation", "resource_version__resource__dataset"
    ).annotate(first_value=Subquery(first))
    ordered = sorted(found, key=lambda s: (s.created_at, s.first_value or 0))
    rows = []
    for order, series in enumerate(ordered, start=1):
        version = series.resource_version
        rows.append(
            {
                "series_id": str(series.pk),
                "kind": series.kind,
                "source": series.source,
                "vintage": series.vintage,
                "is_projection": series.is_projection,
                "layout": series.layout,
                "organisation": series.organisation.slug if series.organisation else None,
                "dataset": version.resource.dataset.name if version else None,
                "resource_id": version.resource.warehouse_id if version else None,
                "version": version.version if version else None,
                "row_count": series.row_count,
                "created_at": series.created_at.astimezone(UTC),
                "import_order": order,
            }
        )
    return rows, max((row["created_at"] for row in rows), default=None)


def _figure_batch(rows: list[tuple]) -> pa.RecordBatch:
    columns = dict(zip(_VALUE_FIELDS, zip(*rows, strict=True), strict=True))
    columns["series_id"] = [str(v) for v in columns["series_id"]]
    for name in ("counterpart_code", "counterpart_name"):  # "" in the database means none
        columns[name] = [v or None for v in columns[name]]
    return pa.record_batch([list(columns[f.name]) for f in FIGURES_SCHEMA], schema=FIGURES_SCHEMA)


def _write_measure(directory: Path, measure: str, newest: datetime) -> int:
    """Stream one measure's figures into its partition, one query chunk per row group."""
    if not _MEASURE_RE.fullmatch(measure):
        raise InvalidInput(
            f"測定項目「{measure}」はファイル名に使えません。",
            f"The measure {measure!r} cannot be used as a file name.",
        )
    query = (
        StatValue.objects.filter(measure=measure, series__created_at__lte=newest)
        .order_by("area_code", "year", "date", "id")
        .values_list(*_VALUE_FIELDS)
    )
    target = directory / FIGURES_DIR / f"measure={measure}"
    target.mkdir(parents=True)
    count, chunk = 0, []
    with pq.ParquetWriter(target / PART_FILE, FIGURES_SCHEMA) as writer:
        for row in query.iterator(chunk_size=CHUNK_ROWS):
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                writer.write_batch(_figure_batch(chunk))
                count, chunk = count + len(chunk), []
        if chunk:
            writer.write_batch(_figure_batch(chunk))
            count += len(chunk)
    return count


def _write(directory: Path) -> StatisticsExport:
    series, newest = _series_rows()
    pq.write_table(pa.Table.from_pylist(series, schema=SERIES_SCHEMA), directory / SERIES_FILE)
    (directory / FIGURES_DIR).mkdir()
    rows: dict[str, int] = {}
    if newest is not None:
        measures = StatValue.objects.values_list("measure", flat=True).distinct()
        for measure in sorted(set(measures)):
            rows[measure] = _write_measure(directory, measure, newest)
    manifest = {
        "format": FORMAT,
        "sousei": sousei.__version__,
        "exported_at": datetime.now(UTC).isoformat(),
        "series": len(series),
        "rows": rows,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (directory / MANIFEST).write_text(text, encoding="utf-8")
    return StatisticsExport(directory, len(series), rows)


def statistics_export(directory: Path) -> StatisticsExport:
    """Write every stored figure and series as Parquet under `directory`, replacing an earlier
    export there as a whole: readers see the old files or the new, never a mixture."""
    directory = Path(directory).absolute()
    if directory.exists() and (
        not directory.is_dir()
        or (any(directory.iterdir()) and not (directory / MANIFEST).is_file())
    ):
        raise InvalidInput(
            f"{directory} は空でなく、統計の書き出し先でもないため上書きしません。",
            f"{directory} is not empty and not a statistics export, so it is not overwritten.",
            code="not_an_export",
        )
    directory.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(6)
    work = directory.with_name(f".{directory.name}.{token}.tmp")
    old = directory.with_name(f".{directory.name}.{token}.old")
    work.mkdir()
    try:
        summary = _write(work)
        if directory.exists():
            directory.rename(old)
        try:
            work.rename(directory)
        except OSError:
            if old.exists():
                old.rename(directory)  # the previous export stays, never neither
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return StatisticsExport(directory, summary.series, summary.rows)
