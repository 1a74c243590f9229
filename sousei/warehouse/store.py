"""The analytical store: each load of a resource becomes an immutable, versioned table.

Design (why it is shaped this way)
----------------------------------
* **Two copies of every version.** A load writes `parquet/<id>/v<n>.parquet` and a DuckDB table
  `r_<id>_v<n>` in `warehouse.duckdb`. The Parquet file is what this package reads and serves;
  it is also what Spark/Trino read at national scale. The DuckDB file holds the same tables plus
  the `_versions` catalogue, for notebooks and tools that want one database file.
* **Readers never open the DuckDB file.** DuckDB allows one read-write process *or* many
  read-only ones, and the web runs several workers while a load may be writing. Each search,
  query or export reads through an in-memory DuckDB (or plain pyarrow) over the immutable Parquet
  file(s) of the version(s) it needs (searches reuse a locked sandbox of the same files, see
  `engine`), found through the resource's manifest
  (`parquet/<id>/_manifest.json`). No reader waits for a writer, and no writer for a reader.
* **Atomic publish.** A write takes an exclusive flock on `write.lock` (waiting at most
  `lock_timeout_s`, else WarehouseError "busy"), records what it is about to do in
  `journal.json`, writes the Parquet file to a hidden temp name, fsyncs and renames it, creates
  the DuckDB table and its `_versions` row in ONE transaction, and finally renames a new manifest
  into place. The manifest rename is the publish step and the manifest is the source of truth for
  "current" (its last version). A crash before it leaves the old manifest, so readers still see
  the last good version; the journal then tells the next writer (or the next `Warehouse()` that
  finds the lock free) what to undo: temp file, final file, table and row (see `reconcile`).
* **Bounded reads.** Every search and query has a time limit (a worker thread and
  `connection.interrupt()`, code "timeout"), a row cap (`max_rows`, `truncated` flag), bound
  parameters, and names checked against the schema and quoted. `query()` runs one SELECT on a
  sandbox: an in-memory database that may read only the Parquet files of the views it exposes
  (`enable_external_access=false` with `allowed_paths`), with its configuration locked, no
  extension loading and no access to Python variables.
* **Repair.** Every write first reconciles the three copies (`reconcile.py`): the manifest
  decides what is published; DuckDB is rebuilt from Parquet where it lacks a version, a lost
  Parquet file is re-written from DuckDB, a lost manifest is rebuilt from `_versions`. A damaged
  `warehouse.duckdb` stops writes ("io_error") but not reads: move it aside and call
  `reconcile()`. A rolled-back version number is used again by the next load.
* **Limits.** Each connection uses `threads` (2) and `memory_limit` ("1GB"); readers do not spill
  to disk, so a query over the limit fails ("too_large") rather than filling the disk.
* **Row ids.** Search results and query views carry CKAN's `_id`: the 1-based position of the row
  in the loaded data (DuckDB's `file_row_number` + 1), so `_id` is not stored and the Parquet file
  is exactly the data that was loaded. `_id` and `file_row_number` are therefore reserved names.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from sousei.warehouse.catalog import (
    Layout,
    VersionInfo,
    check_resource_id,
    check_version,
    clear_journal,
    read_manifest,
    write_journal,
    write_manifest,
)
from sousei.warehouse.engine import (
    EngineSettings,
    connect_reader,
    connect_writer,
    lock_reader,
    quote_ident,
    quote_string,
)
from sousei.warehouse.errors import WarehouseError, not_found, version_not_found
from sousei.warehouse.export import export_version
from sousei.warehouse.locks import write_lock
from sousei.warehouse.publish import (
    Progress,
    drop_resource,
    ensure_catalogue,
    in_memory_copy,
    prepare,
    publish_table,
    undo_load,
    unpublish,
    write_parquet,
)
from sousei.warehouse.query import (
    Deadline,
    Params,
    QueryResult,
    SearchSpec,
    check_select,
    run_bounded,
    search_sql,
    with_row_id,
)
from sousei.warehouse.reconcile import ReconcileReport, reconcile
from sousei.warehouse.resident import MIN_ROWS, RESIDENT

__all__ = ["QueryResult", "VersionInfo", "Warehouse", "WarehouseError"]

log = logging.getLogger(__name__)


class Warehouse:
    """One warehouse root. Cheap to create: it opens nothing until a call needs it."""

    def __init__(
        self,
        root: Path,
        *,
        max_rows: int = 10_000,
        time_limit_s: float = 5.0,
        memory_limit: str = "1GB",
        threads: int = 2,
        lock_timeout_s: float = 30.0,
        resident_bytes: int = 0,
        resident_min_rows: int = MIN_ROWS,
    ) -> None:
        self.root = Path(root)
        self.max_rows = max_rows
        self.time_limit_s = time_limit_s
        self.lock_timeout_s = lock_timeout_s
        self.resident_bytes = resident_bytes  # see sousei.warehouse.resident; 0: off
        self.resident_min_rows = resident_min_rows
        self._layout = Layout(self.root)
        self._engine = EngineSettings(threads=threads, memory_limit=memory_limit)
        if self._layout.journal_path.exists():
            self._recover_if_idle()

    # --- writes ---------------------------------------------------------------------------

    def load(
        self,
        resource_id: str,
        data: pa.Table | pa.RecordBatchReader,
        *,
        on_progress: Progress | None = None,
    ) -> VersionInfo:
        """Publish `data` (Table or RecordBatchReader) as the resource's next version, or nothing.

        `on_progress(rows_written, total_rows)` is called after each batch (total is 0 when a
        RecordBatchReader does not say).
        """
        resource_id = check_resource_id(resource_id)
        source = prepare(data)
        layout = self._layout
        with self._writing() as (con, _):
            versions = read_manifest(layout, resource_id)
            version = versions[-1].version + 1 if versions else 1
            write_journal(layout, "load", resource_id, version)
            try:
                target = layout.parquet_path(resource_id, version)
                info = publish_table(
                    con,
                    layout,
                    resource_id,
                    version,
                    lambda: write_parquet(source, target, on_progress),
                    in_memory_copy(data),
                )
                write_manifest(layout, resource_id, [*versions, info])
            except BaseException as exc:
                self._undo(con, resource_id, version)
                if _is_storage_error(exc):
                    raise _load_failed(exc) from exc
                raise
            clear_journal(layout)
        return info

    def drop(self, resource_id: str) -> None:
        """Remove every version of a resource (tables and files). Dropping nothing is no error."""
        resource_id = check_resource_id(resource_id)
        with self._writing() as (con, _):
            write_journal(self._layout, "drop", resource_id, None)
            drop_resource(con, self._layout, resource_id)
            clear_journal(self._layout)

    def snapshot(self, dest: Path) -> None:
        """Copy the whole store (DuckDB file and Parquet files) to `dest` under the writer's
        lock, so no load can change it mid-copy; readers never write, so they may go on."""
        with write_lock(self._layout.lock_path, self.lock_timeout_s):
            shutil.copytree(self.root, dest, ignore=shutil.ignore_patterns("write.lock"))

    def reconcile(self) -> ReconcileReport:
        """Check and repair manifests, files and DuckDB now (every write does this first)."""
        with self._writing() as (_, report):
            return report

    @contextmanager
    def _writing(
        self, timeout_s: float | None = None
    ) -> Iterator[tuple[duckdb.DuckDBPyConnection, ReconcileReport]]:
        """The writer's session: lock, DuckDB read-write, and a reconciled starting point."""
        self._layout.parquet_dir.mkdir(parents=True, exist_ok=True)
        wait = self.lock_timeout_s if timeout_s is None else timeout_s
        with (
            write_lock(self._layout.lock_path, wait),
            closing(connect_writer(self._engine, self._layout.db_path)) as con,
        ):
            ensure_catalogue(con)
            report = reconcile(con, self._layout)
            for problem in report.problems:
                log.warning("warehouse %s: %s", self.root, problem)
            yield con, report

    def _undo(self, con: duckdb.DuckDBPyConnection, resource_id: str, version: int) -> None:
        """Roll back a load that raised, even one whose manifest rename already happened."""
        try:
            published = read_manifest(self._layout, resource_id)
            if any(v.version == version for v in published):
                unpublish(self._layout, resource_id, version, published)
            undo_load(con, self._layout, resource_id, version)
            clear_journal(self._layout)
        except Exception:  # the journal stays; the next writer finishes the undo
            log.exception("warehouse: undo of %s v%s failed", resource_id, version)

    def _recover_if_idle(self) -> None:
        """A journal with the lock free means a writer died: repair now, not at the next write."""
        try:
            with self._writing(timeout_s=0.0):
                pass
        except WarehouseError as exc:
            if exc.code != "busy":  # busy: the writer is alive and will finish its own work
                log.warning("warehouse %s: recovery failed: %s", self.root, exc)
        except Exception:  # reads do not depend on it; the next write tries again
            log.exception("warehouse %s: recovery failed", self.root)

    # --- catalogue reads ------------------------------------------------------------------

    def versions(self, resource_id: str) -> list[VersionInfo]:
        """Published versions, oldest first; [] for an unknown resource."""
        return read_manifest(self._layout, check_resource_id(resource_id))

    def current(self, resource_id: str) -> VersionInfo | None:
        versions = self.versions(resource_id)
        return versions[-1] if versions else None

    def version(self, resource_id: str, version: int) -> VersionInfo:
        version = check_version(version)
        versions = self.versions(resource_id)
        if not versions:
            raise not_found(resource_id)
        for info in versions:
            if info.version == version:
                return info
        raise version_not_found(resource_id, version)

    def describe(self, resource_id: str, version: int | None = None) -> VersionInfo:
        """A version's schema and counts (the current one when `version` is None)."""
        if version is not None:
            return self.version(resource_id, version)
        info = self.current(resource_id)
        if info is None:
            raise not_found(resource_id)
        return info

    # --- bounded data reads ---------------------------------------------------------------

    def search(
        self,
        resource_id: str,
        *,
        version: int | None = None,
        filters: dict[str, Any] | None = None,
        q: str | None = None,
        fields: list[str] | None = None,
        sort: list[tuple[str, bool]] | None = None,
        limit: int = 100,
        offset: int = 0,
        include_total: bool = True,
    ) -> QueryResult:
        """CKAN datastore_search over one version.

        filters: column → value (=), list (IN; None in it matches NULL), None (IS NULL) or
        {"lt"|"lte"|"gt"|"gte"|"eq"|"ne": value}. q: case-insensitive substring of any text
        column. Without `fields` the columns are the data's, then `_id`. Rows are ordered by
        `sort`, then `_id`. A `limit` above `max_rows` is cut to it with `truncated` set.
        """
        info = self.describe(resource_id, version)
        spec = SearchSpec(filters, q, fields, sort, limit, offset)
        plan = search_sql(info, spec, cap=self.max_rows)  # a bad request stops here
        resident = self._resident(info)
        if resident is not None:
            plan = search_sql(info, spec, cap=self.max_rows, resident=True)
        rows_sql, rows_params, count_sql, count_params = plan
        deadline = Deadline(self.time_limit_s)
        with closing(resident or connect_reader(self._engine, [info.parquet_path])) as con:
            if resident is None:
                lock_reader(con)
            columns, rows, truncated = run_bounded(
                con, rows_sql, rows_params, max_rows=self.max_rows, deadline=deadline
            )
            total = None
            if include_total and count_sql is None:
                total = info.row_count
            elif include_total:
                _, counted, _ = run_bounded(
                    con, count_sql, count_params, max_rows=1, deadline=deadline
                )
                total = int(counted[0][0])
        return QueryResult(columns, rows, total, truncated)

    def _resident(self, info: VersionInfo) -> duckdb.DuckDBPyConnection | None:
        """A connection to the version's in-memory copy, when it is large and fits the budget."""
        if not self.resident_bytes:
            return None
        try:
            return RESIDENT.cursor(
                self._engine,
                info.parquet_path,
                stamp=info.created_at.isoformat(),
                rows=info.row_count,
                columns=len(info.columns),
                budget=self.resident_bytes,
                min_rows=self.resident_min_rows,
            )
        except duckdb.Error:  # e.g. over DuckDB's memory limit: Parquet answers, now and later
            log.warning("warehouse: no in-memory copy of %s", info.table_name, exc_info=True)
            return None

    def query(
        self, sql: str, params: Params = None, *, resources: Iterable[str] | None = None
    ) -> QueryResult:
        """One read-only SELECT over the published versions, capped and time-limited.

        Each resource's current version is a view named by its id, and every version a view
        named by its table name (`r_<id>_v<n>`); quote ids that are not plain identifiers.
        `resources` limits which resources are visible (pass those the caller may read).
        """
        deadline = Deadline(self.time_limit_s)
        views = self._views_for(sql, resources)
        with closing(connect_reader(self._engine, [path for _, path in views])) as con:
            check_select(con, sql)
            for name, path in views:
                # Our own view name and file path, quoted; DuckDB takes no parameter in a view.
                rows = with_row_id(quote_string(str(path)))
                con.execute(f"CREATE VIEW {quote_ident(name)} AS SELECT * FROM {rows}")  # noqa: S608
            lock_reader(con)
            columns, rows, truncated = run_bounded(
                con, sql, params, max_rows=self.max_rows, deadline=deadline
            )
        return QueryResult(columns, rows, None, truncated)

    def per_fiscal_year(
        self, resource_id: str, *, value: str, year: str, year_type: str, how: str
    ) -> dict[int, float]:
        """`how` (sum, avg, count, max, min) of column `value` per fiscal year of column `year`.

        A date or year-month before April counts to the previous fiscal year (年度); a year
        column is taken as it is. Column names are quoted, the aggregate is one of five words.
        """
        if how not in FISCAL_AGGREGATES:
            raise ValueError(f"unknown aggregate {how!r}")
        column = quote_ident(year)
        if year_type == "date":
            fy = f"year({column}) - CASE WHEN month({column}) < 4 THEN 1 ELSE 0 END"
        elif year_type == "year_month":
            month = f"CAST(substr({column}, 6, 2) AS INTEGER)"
            fy = (
                f"CAST(substr({column}, 1, 4) AS INTEGER) - CASE WHEN {month} < 4 THEN 1 ELSE 0 END"
            )
        else:
            fy = f"CAST({column} AS INTEGER)"
        sql = (
            f"SELECT {fy} AS fy, {how}({quote_ident(value)}) AS v "  # noqa: S608 - quoted names
            f"FROM {quote_ident(resource_id)} GROUP BY fy HAVING fy IS NOT NULL ORDER BY fy"
        )
        result = self.query(sql, resources=[resource_id])
        return {int(fy): float(v) for fy, v in result.rows if v is not None}

    def _views_for(self, sql: str, resources: Iterable[str] | None) -> list[tuple[str, Path]]:
        """Views for the resources the SQL text mentions (creating all of them would be slow)."""
        text = sql.lower() if isinstance(sql, str) else ""
        ids = self._layout.resource_ids() if resources is None else list(resources)
        views = []
        for resource_id in ids:
            if check_resource_id(resource_id) not in text:
                continue
            versions = read_manifest(self._layout, resource_id)
            if not versions:
                continue
            views.append((resource_id, versions[-1].parquet_path))
            views.extend((v.table_name, v.parquet_path) for v in versions if v.table_name in text)
        return views

    def export(
        self,
        resource_id: str,
        version: int | None,
        fmt: str,
        dest: Path,
        *,
        cp932_errors: str = "strict",
        headers: Mapping[str, str] | None = None,
    ) -> Path:
        """Write a version as parquet, csv (UTF-8 + BOM), csv-cp932, json or xlsx to `dest`."""
        info = self.describe(resource_id, version)
        return export_version(info, fmt, Path(dest), cp932_errors=cp932_errors, headers=headers)


FISCAL_AGGREGATES = frozenset({"sum", "avg", "count", "max", "min"})


def _is_storage_error(exc: BaseException) -> bool:
    """Engine and file errors become WarehouseError; the caller's own exceptions pass unchanged."""
    return isinstance(exc, duckdb.Error | OSError | pa.ArrowException)


def _load_failed(exc: BaseException) -> WarehouseError:
    return WarehouseError(
        "データを保存できませんでした。以前の版はそのままです。",
        f"The data could not be stored; the previous version is unchanged ({exc}).",
        code="load_failed",
    )
