"""Bring the manifests, the Parquet files and the DuckDB file back into agreement.

Runs under the writer lock at the start of every write (and on open when a crashed writer left a
journal). The rules, in order:

1. The journal names the write that was running when the process died. An unpublished load
   (its version is not in the manifest) is undone: table, catalogue row, file and temp files go.
   An interrupted drop is finished.
2. Temp files of interrupted atomic writes are removed (only a writer makes them, and we are the
   only writer).
3. The manifest decides what is published. A version the manifest lists but DuckDB lacks is
   re-created in DuckDB from its Parquet file; one whose Parquet file is lost is re-written from
   its DuckDB table. DuckDB versions the manifest does not list are dropped, except when a
   manifest was lost outright: versions with both a catalogue row and a table are adopted back.
4. Parquet files no manifest lists are reported, never deleted without a journal saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from sousei.warehouse.catalog import (
    PARQUET_RE,
    RESOURCE_ID_RE,
    Layout,
    VersionInfo,
    clear_journal,
    read_journal,
    read_manifest,
    write_manifest,
)
from sousei.warehouse.errors import WarehouseError
from sousei.warehouse.publish import (
    catalogue_rows,
    create_table_from_parquet,
    drop_resource,
    drop_version,
    existing_tables,
    export_table_to_parquet,
    insert_row,
    rollback_quietly,
    undo_load,
)


@dataclass
class ReconcileReport:
    actions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def reconcile(con: duckdb.DuckDBPyConnection, layout: Layout) -> ReconcileReport:
    """Repair what a crash or outside damage left; the caller holds the writer lock."""
    report = ReconcileReport()
    journal = read_journal(layout)
    if journal is not None:
        _finish(con, layout, journal, report)
    for tmp in list(layout.temp_files()):
        tmp.unlink(missing_ok=True)
        report.actions.append(f"removed temp file {tmp.name}")
    rows = catalogue_rows(con, layout)
    tables = existing_tables(con)
    resource_ids = set(layout.resource_ids()) | {r for r, _ in rows} | {r for r, _ in tables}
    for resource_id in sorted(resource_ids):
        mine_rows = {v: info for (r, v), info in rows.items() if r == resource_id}
        mine_tables = {v for r, v in tables if r == resource_id}
        _agree(con, layout, resource_id, mine_rows, mine_tables, report)
    if journal is not None:
        clear_journal(layout)
    return report


def _finish(
    con: duckdb.DuckDBPyConnection, layout: Layout, journal: dict, report: ReconcileReport
) -> None:
    op, resource_id, version = journal.get("op"), journal.get("resource_id"), journal.get("version")
    if not isinstance(resource_id, str) or not RESOURCE_ID_RE.fullmatch(resource_id):
        report.problems.append(f"ignored an unreadable journal: {journal!r}")
        return
    if op == "load" and isinstance(version, int):
        published = {v.version for v in read_manifest(layout, resource_id)}
        if version not in published:
            undo_load(con, layout, resource_id, version)
            report.actions.append(f"undid the interrupted load of {resource_id} v{version}")
    elif op == "drop":
        drop_resource(con, layout, resource_id)
        report.actions.append(f"finished the interrupted drop of {resource_id}")


def _agree(
    con: duckdb.DuckDBPyConnection,
    layout: Layout,
    resource_id: str,
    rows: dict[int, VersionInfo],
    tables: set[int],
    report: ReconcileReport,
) -> None:
    try:
        manifest = read_manifest(layout, resource_id)
    except WarehouseError as exc:
        report.problems.append(f"{resource_id}: left untouched, {exc.message_en}")
        return
    listed = {info.version: info for info in manifest}
    if not layout.manifest_path(resource_id).exists():
        adopt = [info for v, info in rows.items() if v in tables]
        if adopt:
            write_manifest(layout, resource_id, adopt)
            listed = {info.version: info for info in adopt}
            report.actions.append(f"rebuilt the lost manifest of {resource_id} from DuckDB")
    for version in sorted((set(rows) | tables) - set(listed)):
        drop_version(con, resource_id, version)
        report.actions.append(f"dropped unpublished table of {resource_id} v{version}")
    for version, info in sorted(listed.items()):
        _repair(con, info, has_row=version in rows, has_table=version in tables, report=report)
    _report_unlisted(layout, resource_id, set(listed), report)


def _repair(
    con: duckdb.DuckDBPyConnection,
    info: VersionInfo,
    *,
    has_row: bool,
    has_table: bool,
    report: ReconcileReport,
) -> None:
    name = f"{info.resource_id} v{info.version}"
    if not info.parquet_path.exists():
        if not has_table:
            report.problems.append(f"{name}: both the Parquet file and the table are lost")
            return
        export_table_to_parquet(con, info.table_name, info.parquet_path)
        report.actions.append(f"re-wrote the lost Parquet file of {name} from DuckDB")
    if has_row and has_table:
        return
    drop_version(con, info.resource_id, info.version)
    con.execute("BEGIN TRANSACTION")
    try:
        create_table_from_parquet(con, info.table_name, info.parquet_path)
        insert_row(con, info)
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise
    report.actions.append(f"re-created the DuckDB table of {name} from Parquet")


def _report_unlisted(
    layout: Layout, resource_id: str, listed: set[int], report: ReconcileReport
) -> None:
    directory = layout.resource_dir(resource_id)
    if not directory.is_dir():
        return
    entries = list(directory.iterdir())
    if not entries:
        directory.rmdir()
        return
    for path in entries:
        match = PARQUET_RE.fullmatch(path.name)
        if match and int(match.group(1)) not in listed:
            report.problems.append(f"{resource_id}: {path.name} is in no manifest (kept)")
