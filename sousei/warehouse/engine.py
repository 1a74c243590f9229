"""DuckDB connections: a sandboxed in-memory reader per request, a short-lived writer per write.

There is no network at run time, so extension auto-install/auto-load is off everywhere (Parquet
is built in). Readers never open `warehouse.duckdb`: DuckDB lets one process write a file or many
read it, never both, and the web runs several worker processes while a load may be writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from sousei.warehouse.errors import WarehouseError


@dataclass(frozen=True)
class EngineSettings:
    threads: int = 2
    memory_limit: str = "1GB"


def quote_ident(name: str) -> str:
    """A DuckDB identifier, whatever characters it holds ("" doubles an embedded quote)."""
    if "\x00" in name:
        raise WarehouseError(
            "列名に NUL 文字は使えません。", "Names cannot contain NUL.", code="invalid_name"
        )
    return '"' + name.replace('"', '""') + '"'


def quote_string(value: str) -> str:
    """A SQL string literal; used only for our own file paths where DuckDB takes no parameter."""
    return "'" + value.replace("'", "''") + "'"


def _base_config(settings: EngineSettings) -> dict[str, object]:
    return {
        "threads": settings.threads,
        "memory_limit": settings.memory_limit,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        # A query must never read the caller's Python variables by name.
        "python_enable_replacements": False,
    }


def connect_reader(settings: EngineSettings, files: list[Path]) -> duckdb.DuckDBPyConnection:
    """An in-memory connection that may read `files` and nothing else on the machine.

    The caller creates its views, then calls `lock_reader`; after that no statement can widen
    file access, attach a database, change settings or load an extension.
    """
    config = _base_config(settings)
    config["temp_directory"] = ""  # no spilling to disk: the memory limit is the bound
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute("SET allowed_paths = ?", [[str(f) for f in files]])
        con.execute("SET enable_external_access = false")
    except BaseException:
        con.close()
        raise
    return con


def lock_reader(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("SET lock_configuration = true")


def connect_writer(settings: EngineSettings, db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file read-write; "busy" if another process holds it open.

    A damaged file is an "io_error": move it aside and call `Warehouse.reconcile()`, which
    re-creates every published table from its Parquet file.
    """
    try:
        return duckdb.connect(str(db_path), config=_base_config(settings))
    except duckdb.Error as exc:
        held = isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()
        if held or isinstance(exc, duckdb.ConnectionException):  # open elsewhere / in-process
            raise WarehouseError(
                "ウェアハウスのファイルがほかのプロセスで開かれています。",
                f"The warehouse file is open in another process: {exc}",
                code="busy",
            ) from exc
        raise WarehouseError(
            "ウェアハウスのファイルを開けません。",
            f"Cannot open the warehouse file {db_path}: {exc}",
            code="io_error",
        ) from exc
