"""DuckDB connections: a sandboxed in-memory reader per request, a short-lived writer per write.

There is no network at run time, so extension auto-install/auto-load is off everywhere (Parquet
is built in). Readers never open `warehouse.duckdb`: DuckDB lets one process write a file or many
read it, never both, and the web runs several worker processes while a load may be writing.

Opening an in-memory DuckDB costs ~20 ms (DuckDB 2.0), more than a filtered, sorted page of a
million-row Parquet file, so a reader's sandbox database is kept for the next reader of the same
files: each reader gets its own connection (`cursor()`) on it, and only a database that was
locked and then ran nothing but our own SELECTs goes back (see `ReaderConnection`).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def base_config(settings: EngineSettings) -> dict[str, object]:
    return {
        "threads": settings.threads,
        "memory_limit": settings.memory_limit,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        # A query must never read the caller's Python variables by name.
        "python_enable_replacements": False,
    }


IDLE_READERS = 8  # sandbox databases kept per process (each ~5 MB and 9 idle DuckDB threads)
LOCK_SQL = "SET lock_configuration = true"


@dataclass(eq=False)
class _Sandbox:
    """An in-memory database that may read `key`'s files; `locked` once its settings are."""

    key: tuple[EngineSettings, tuple[str, ...]]
    db: duckdb.DuckDBPyConnection
    locked: bool = False


class _SandboxPool:
    """Idle sandboxes, most recently used last; thread-safe, forgotten in a forked child."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._idle: list[_Sandbox] = []
        self._pid = os.getpid()
        self._orphans: list[_Sandbox] = []  # a parent's databases: never closed in the child

    def take(self, key: tuple[EngineSettings, tuple[str, ...]]) -> _Sandbox | None:
        with self._mutex:
            self._forget_after_fork()
            for i in range(len(self._idle) - 1, -1, -1):
                if self._idle[i].key == key:
                    return self._idle.pop(i)
        return None

    def give(self, sandbox: _Sandbox) -> None:
        with self._mutex:
            self._forget_after_fork()
            self._idle.append(sandbox)
            evicted = self._idle[:-IDLE_READERS]
            del self._idle[:-IDLE_READERS]
        for old in evicted:
            old.db.close()

    def clear(self) -> None:
        with self._mutex:
            idle, self._idle = self._idle, []
        for sandbox in idle:
            sandbox.db.close()

    def _forget_after_fork(self) -> None:
        if self._pid != os.getpid():
            self._orphans.extend(self._idle)
            self._idle, self._pid = [], os.getpid()


_POOL = _SandboxPool()
# DuckDB's threads are not forked: a database that crosses a fork hangs or aborts the child.
os.register_at_fork(before=_POOL.clear)


class ReaderConnection:
    """A connection on a sandbox database; `close()` keeps the database for the next reader.

    Only `sql` (our SELECTs) and `lock_reader` leave the database reusable. Anything else the
    caller does (`execute` for views, `interrupt`, user SQL via `untrusted`) retires it at close,
    so a reused sandbox is exactly what a fresh one is after `lock_reader`: same files, same
    locked settings, an empty catalogue, no query left running.
    """

    def __init__(self, sandbox: _Sandbox) -> None:
        self._sandbox = sandbox
        self._con: duckdb.DuckDBPyConnection | None = sandbox.db.cursor()
        self._reusable = True

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise duckdb.ConnectionException("Connection already closed!")
        return self._con

    def sql(self, query: str, **kwargs: Any) -> duckdb.DuckDBPyRelation | None:
        relation = self.con.sql(query, **kwargs)
        if relation is None:  # a statement that was not a query ran
            self._reusable = False
        return relation

    def lock(self) -> None:
        if not self._sandbox.locked:
            self.con.execute(LOCK_SQL)
            self._sandbox.locked = True

    def untrusted(self) -> None:
        self._reusable = False

    def interrupt(self) -> None:
        self._reusable = False
        self.con.interrupt()

    def __getattr__(self, name: str) -> Any:
        self._reusable = False  # execute, register, cursor, …: the database is not reused
        return getattr(self.con, name)

    def close(self) -> None:
        con, self._con = self._con, None
        if con is None:
            return
        try:
            con.close()
        finally:
            if self._reusable and self._sandbox.locked:
                _POOL.give(self._sandbox)
            else:
                self._sandbox.db.close()

    def __enter__(self) -> ReaderConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect_reader(settings: EngineSettings, files: list[Path]) -> ReaderConnection:
    """A connection to an in-memory database that may read `files` and nothing else.

    The caller creates its views, then calls `lock_reader`; after that no statement can widen
    file access, attach a database, change settings or load an extension. The database may be
    one a previous reader of the same files left (locked already; see `ReaderConnection`).
    """
    key = (settings, tuple(str(f) for f in files))
    sandbox = _POOL.take(key)
    if sandbox is None:
        sandbox = _Sandbox(key, _open_sandbox(settings, key[1]))
    return ReaderConnection(sandbox)


def _open_sandbox(settings: EngineSettings, files: tuple[str, ...]) -> duckdb.DuckDBPyConnection:
    config = base_config(settings)
    config["temp_directory"] = ""  # no spilling to disk: the memory limit is the bound
    # A kept sandbox must never answer from a file's old bytes (a rolled-back version number is
    # used again), nor hold file data between readers: no file cache, whatever the default.
    config["enable_external_file_cache"] = False
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute("SET allowed_paths = ?", [list(files)])
        con.execute("SET enable_external_access = false")
    except BaseException:
        con.close()
        raise
    return con


Connection = duckdb.DuckDBPyConnection | ReaderConnection


def lock_reader(con: Connection) -> None:
    if isinstance(con, ReaderConnection):
        con.lock()
    else:
        con.execute(LOCK_SQL)


def untrusted(con: Connection) -> None:
    """User SQL runs on this connection: its database is not handed to another reader."""
    if isinstance(con, ReaderConnection):
        con.untrusted()


def close_idle_readers() -> None:
    """Close the kept sandbox databases (tests; a process that wants its memory back)."""
    _POOL.clear()


def connect_writer(settings: EngineSettings, db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file read-write; "busy" if another process holds it open.

    A damaged file is an "io_error": move it aside and call `Warehouse.reconcile()`, which
    re-creates every published table from its Parquet file.
    """
    try:
        return duckdb.connect(str(db_path), config=base_config(settings))
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
