"""The write path of one version: Parquet file first, then the DuckDB table + catalogue row.

Order matters for crash safety. The Parquet file is written under a hidden temp name, fsync'ed and
renamed; then one DuckDB transaction creates the table from it and inserts its `_versions` row;
only then does the manifest rename publish it. Until that rename readers cannot see any of it, and
the journal written beforehand tells the next writer exactly what to undo.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sousei.warehouse.catalog import (
    TABLE_RE,
    Layout,
    VersionInfo,
    fsync_dir,
    table_name,
    temp_path,
    utc_now,
    write_manifest,
)
from sousei.warehouse.engine import quote_ident
from sousei.warehouse.errors import WarehouseError

Progress = Callable[[int, int], None]
BATCH_ROWS = 100_000
RESERVED = {"_id", "file_row_number"}  # the row id we add, and the DuckDB column it comes from
# Arrow types DuckDB reads from memory exactly as from the Parquet file pyarrow writes for them.
PLAIN_TYPES = frozenset({pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()})
_ARROW_VIEW = "_sousei_load_source"

VERSIONS_DDL = """
CREATE TABLE IF NOT EXISTS _versions (
    resource_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    parquet VARCHAR NOT NULL,
    row_count BIGINT NOT NULL,
    columns VARCHAR NOT NULL,          -- JSON [[name, duckdb type], ...]
    created_at TIMESTAMP NOT NULL,     -- UTC
    PRIMARY KEY (resource_id, version)
)
"""


@dataclass
class Source:
    """The data of one load as a schema plus a stream of batches (not all in memory twice)."""

    schema: pa.Schema
    batches: Iterator[pa.RecordBatch]
    total: int  # rows when known up front, else 0 (progress then reports rows done only)


def prepare(data: object) -> Source:
    """Accept a pyarrow Table or RecordBatchReader whose column names DuckDB can hold."""
    if isinstance(data, pa.Table):
        source = Source(data.schema, iter(data.to_batches(BATCH_ROWS)), data.num_rows)
    elif isinstance(data, pa.RecordBatchReader):
        source = Source(data.schema, iter(data), 0)
    else:
        raise WarehouseError(
            "読み込むデータは pyarrow の Table か RecordBatchReader にしてください。",
            f"Data must be a pyarrow Table or RecordBatchReader, not {type(data).__name__}.",
            code="invalid_data",
        )
    check_columns(source.schema)
    return source


def check_columns(schema: pa.Schema) -> None:
    """DuckDB names are case-insensitive, so "A" and "a" would collide in the table."""
    if not schema.names:
        raise WarehouseError("列がありません。", "The data has no columns.", code="no_columns")
    seen: set[str] = set()
    for position, name in enumerate(schema.names, start=1):
        problem = None
        if not name.strip() or "\x00" in name:
            problem = ("列名が空か、使えない文字を含みます", "is empty or has a NUL character")
        elif name.lower() in RESERVED:
            problem = ("は予約された列名です", "is a reserved column name")
        elif name.lower() in seen:
            problem = (
                "が重複しています（大文字小文字は区別されません）",
                "is duplicated (case-insensitively)",
            )
        if problem:
            raise WarehouseError(
                f"{position} 列目の列名「{name}」{problem[0]}。",
                f"Column {position} name {name!r} {problem[1]}.",
                code="invalid_column_name",
                details=[{"column": position, "name": name}],
            )
        seen.add(name.lower())


def write_parquet(source: Source, target: Path, on_progress: Progress | None) -> int:
    """Stream the batches to a temp file, fsync, rename to `target`; the number of rows written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    rows = 0
    try:
        with tmp.open("wb") as fh:
            writer = pq.ParquetWriter(fh, source.schema, compression="zstd")
            try:
                for batch in source.batches:
                    writer.write_batch(batch)
                    rows += batch.num_rows
                    if on_progress is not None:
                        on_progress(rows, max(source.total, rows))
            finally:
                writer.close()
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(tmp.parent)
    return rows


def ensure_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(VERSIONS_DDL)


def in_memory_copy(data: object) -> pa.Table | None:
    """`data` when DuckDB may copy it from memory: a Table whose every column has the same DuckDB
    type read from Arrow as read from its Parquet file (what `sousei.ingest` produces).

    Copying from memory skips decompressing the file just written, the slowest step of a load.
    """
    if isinstance(data, pa.Table) and all(t in PLAIN_TYPES for t in data.schema.types):
        return data
    return None


def publish_table(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    resource_id: str,
    version: int,
    write_file: Callable[[], int],
    data: pa.Table | None = None,
) -> VersionInfo:
    """Write the version's Parquet file with `write_file()` (it returns the rows written), then
    create its table and catalogue row in one transaction.

    With `data` (see `in_memory_copy`) DuckDB copies the table from memory while the file is
    being written (see `_copy_while_writing`); without, the table is read from the finished
    file. Nothing commits unless the file was written whole.
    """
    name = table_name(resource_id, version)
    path = layout.parquet_path(resource_id, version)
    created_at = utc_now()
    con.execute("BEGIN TRANSACTION")
    try:
        if data is None:
            rows = write_file()
            create_table_from_parquet(con, name, path)
        else:
            rows = _copy_while_writing(con, name, data, write_file)
        columns = table_columns(con, name)
        counted = con.execute(f"SELECT count(*) FROM {quote_ident(name)}").fetchone()  # noqa: S608
        count = counted[0] if counted else -1
        if count != rows:
            raise WarehouseError(
                "書き込んだ行数と表の行数が一致しません。",
                f"Wrote {rows} rows but the table holds {count}.",
                code="load_failed",
            )
        info = VersionInfo(resource_id, version, name, path, rows, columns, created_at)
        insert_row(con, info)
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise
    return info


def _copy_while_writing(
    con: duckdb.DuckDBPyConnection, name: str, data: pa.Table, write_file: Callable[[], int]
) -> int:
    """Copy `data` into table `name` on a side thread while `write_file()` runs; its rows.

    Both release the GIL, so they share the cores. When the file fails, the copy is
    interrupted and waited for, so nothing else uses `con` while it runs.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sousei-copy") as pool:
        created = pool.submit(create_table_from_arrow, con, name, data)
        try:
            rows = write_file()
        except BaseException:
            con.interrupt()
            raise
        created.result()
    return rows


def create_table_from_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
    sql = f"CREATE TABLE {quote_ident(name)} AS SELECT * FROM read_parquet(?)"  # noqa: S608
    con.execute(sql, [str(path)])


def create_table_from_arrow(con: duckdb.DuckDBPyConnection, name: str, data: pa.Table) -> None:
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
    con.register(_ARROW_VIEW, data)
    try:
        sql = f"CREATE TABLE {quote_ident(name)} AS SELECT * FROM {_ARROW_VIEW}"  # noqa: S608
        con.execute(sql)
    finally:
        con.unregister(_ARROW_VIEW)


def table_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    found = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns()"
        " WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [name],
    ).fetchall()
    return [(str(n), str(t)) for n, t in found]


def insert_row(con: duckdb.DuckDBPyConnection, info: VersionInfo) -> None:
    con.execute(
        "INSERT INTO _versions VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            info.resource_id,
            info.version,
            info.table_name,
            info.parquet_path.name,
            info.row_count,
            json.dumps([list(c) for c in info.columns], ensure_ascii=False),
            info.created_at.replace(tzinfo=None),
        ],
    )


def catalogue_rows(
    con: duckdb.DuckDBPyConnection, layout: Layout
) -> dict[tuple[str, int], VersionInfo]:
    """The `_versions` rows, as VersionInfo keyed by (resource, version)."""
    found = con.execute(
        "SELECT resource_id, version, table_name, parquet, row_count, columns, created_at"
        " FROM _versions ORDER BY resource_id, version"
    ).fetchall()
    rows = {}
    for rid, version, name, parquet, count, columns, created in found:
        info = VersionInfo(
            resource_id=rid,
            version=int(version),
            table_name=name,
            parquet_path=layout.resource_dir(rid) / parquet,
            row_count=int(count),
            columns=[(str(n), str(t)) for n, t in json.loads(columns)],
            created_at=_as_utc(created),
        )
        rows[(rid, info.version)] = info
    return rows


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def drop_version(con: duckdb.DuckDBPyConnection, resource_id: str, version: int) -> None:
    """Remove a version's table and catalogue row (one transaction)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(table_name(resource_id, version))}")
        con.execute(
            "DELETE FROM _versions WHERE resource_id = ? AND version = ?", [resource_id, version]
        )
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise


def undo_load(
    con: duckdb.DuckDBPyConnection, layout: Layout, resource_id: str, version: int
) -> None:
    """Remove every trace of an unpublished version: table, row, file and temp files."""
    drop_version(con, resource_id, version)
    directory = layout.resource_dir(resource_id)
    layout.parquet_path(resource_id, version).unlink(missing_ok=True)
    for tmp in directory.glob(f".v{version}.parquet.*.tmp"):
        tmp.unlink(missing_ok=True)
    if directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()  # a failed first load leaves no empty directory behind


def unpublish(layout: Layout, resource_id: str, version: int, published: list[VersionInfo]) -> None:
    """Take `version` out of the manifest again (before its files go)."""
    remaining = [v for v in published if v.version != version]
    if remaining:
        write_manifest(layout, resource_id, remaining)
    else:
        layout.manifest_path(resource_id).unlink(missing_ok=True)
        fsync_dir(layout.resource_dir(resource_id))


def drop_resource(con: duckdb.DuckDBPyConnection, layout: Layout, resource_id: str) -> None:
    """Unpublish first (manifest gone), then drop tables and rows, then delete the files."""
    layout.manifest_path(resource_id).unlink(missing_ok=True)
    directory = layout.resource_dir(resource_id)
    if directory.is_dir():
        fsync_dir(directory)
    versions = {v for (rid, v) in catalogue_rows(con, layout) if rid == resource_id} | {
        v for rid, v in existing_tables(con) if rid == resource_id
    }
    for version in sorted(versions):
        drop_version(con, resource_id, version)
    shutil.rmtree(directory, ignore_errors=True)


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[tuple[str, int]]:
    """(resource, version) of every version table in the DuckDB file."""
    names = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        " AND database_name = current_database()"
    ).fetchall()
    found = set()
    for (name,) in names:
        match = TABLE_RE.fullmatch(name)
        if match:
            found.add((match.group(1), int(match.group(2))))
    return found


def export_table_to_parquet(con: duckdb.DuckDBPyConnection, name: str, target: Path) -> None:
    """Rebuild a lost Parquet file from its DuckDB table (repair; types as DuckDB writes them)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    try:
        source = f"SELECT * FROM {quote_ident(name)}"  # noqa: S608 (checked name, quoted)
        con.execute(f"COPY ({source}) TO ? (FORMAT parquet, COMPRESSION zstd)", [str(tmp)])
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # the transaction may already be aborted
        con.execute("ROLLBACK")
