"""Large versions kept in memory for `datastore_search`, compressed, up to a budget per process.

A filtered, sorted page of a million-row Parquet file costs DuckDB a decode of every column of
every row group (about 17 ms on two cores). A copy of the version in an in-memory database,
compressed as DuckDB compresses its own files (dictionaries, so a filter on a column of town
names tests 40 strings, not a million), answers the same page and its total in under 10 ms,
and a substring `q` in about 10 ms instead of 40, in an eighth of a plain table's memory.

The first search of a version with at least `min_rows` rows makes the copy (about 0.3 s per
million rows; the plain table exists until it is compressed, so versions whose plain table
might pass `TRANSIENT_BYTES` are left on Parquet). Searches meanwhile, and of other versions
while one copy is being made, read Parquet instead of waiting; a copy that fails or comes out
over the budget is not tried again. The least recently used copies make room, at most
`MAX_COPIES` of them (each is a DuckDB database with its own threads).

A version never changes once published, but a rolled-back version number is used again, so a
copy is known by its file's identity (inode, size, modification time) and the version's
publication time, not by its path; a file that is gone or replaced is simply not found.
Copies hold only what the Parquet file holds: callers check access first, as for the file.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sousei.warehouse.engine import LOCK_SQL, EngineSettings, base_config, quote_ident
from sousei.warehouse.query import RESIDENT_DB, RESIDENT_TABLE, ROW_ID

# A value in a plain DuckDB table: 16 bytes, plus the text of strings over 12 bytes (町丁名 in
# UTF-8 is 15 or more): 32 is a fair guess for the short texts of statistics tables.
BYTES_PER_CELL = 32
TRANSIENT_BYTES = 500_000_000  # the plain table before compression: half DuckDB's 1GB limit
MIN_ROWS = 100_000  # smaller versions are read from Parquet in a few milliseconds anyway
MAX_COPIES = 16

Key = tuple[str, str, int, int, int]


@dataclass(eq=False)
class _Copy:
    db: duckdb.DuckDBPyConnection
    size: int  # bytes, as DuckDB counts its in-memory tables


class ResidentVersions:
    """This process's in-memory copies; thread-safe; a forked child starts empty."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()  # the map and its byte count
        self._building = threading.Lock()  # one copy made at a time per process
        self._copies: OrderedDict[Key, _Copy] = OrderedDict()  # least recently used first
        self._refused: set[Key] = set()  # failed, or came out over the budget
        self._pid = os.getpid()
        self._orphans: list[_Copy] = []  # a parent's databases: never closed in a forked child

    def cursor(
        self,
        settings: EngineSettings,
        path: Path,
        *,
        stamp: str,
        rows: int,
        columns: int,
        budget: int,
        min_rows: int = MIN_ROWS,
    ) -> duckdb.DuckDBPyConnection | None:
        """A connection where `RESIDENT_TABLE` is the version at `path` with `_id`, or None.

        `stamp` tells this publication of the version from an earlier one of the same number.
        """
        if rows < min_rows or rows * (columns + 1) * BYTES_PER_CELL > TRANSIENT_BYTES:
            return None
        key = _identity(path, stamp)
        if key is None or key in self._refused:
            return None
        found = self._take(key)
        if found is not None or not self._building.acquire(blocking=False):
            return found
        try:
            found = self._take(key)  # made by another thread meanwhile
            if found is not None:
                return found
            return self._make(settings, path, key, budget)
        finally:
            self._building.release()

    def _make(
        self, settings: EngineSettings, path: Path, key: Key, budget: int
    ) -> duckdb.DuckDBPyConnection | None:
        try:
            copy = _make_copy(settings, path)
        except duckdb.Error:
            self._refused.add(key)
            raise
        if copy.size > budget:  # never kept, nothing evicted
            copy.db.close()
            self._refused.add(key)
            return None
        with self._mutex:
            self._make_room(budget - copy.size, MAX_COPIES - 1)
            self._copies[key] = copy
            return copy.db.cursor()

    def clear(self) -> None:
        """Forget every copy (each goes when its last search ends; see `_make_room`)."""
        with self._mutex:
            self._copies, self._refused = OrderedDict(), set()

    def held_bytes(self) -> int:
        with self._mutex:
            return sum(c.size for c in self._copies.values())

    def copies(self) -> int:
        with self._mutex:
            return len(self._copies)

    def holds(self, path: Path, stamp: str) -> bool:
        """Whether the file now at `path`, published at `stamp`, has a copy."""
        key = _identity(path, stamp)
        with self._mutex:
            return key in self._copies

    def _take(self, key: Key) -> duckdb.DuckDBPyConnection | None:
        with self._mutex:
            if self._pid != os.getpid():  # closing a parent's database would crash the child
                self._orphans.extend(self._copies.values())
                self._copies, self._refused, self._pid = OrderedDict(), set(), os.getpid()
            copy = self._copies.get(key)
            if copy is None:
                return None
            self._copies.move_to_end(key)
            return copy.db.cursor()

    def _make_room(self, free: int, count: int) -> None:
        """Forget the least recently used copies until at most `count` are left, in `free` bytes.

        A forgotten copy is not closed: closing would close the cursors of searches still
        running on it. DuckDB frees the database when its last connection goes.
        """
        while len(self._copies) > count or sum(c.size for c in self._copies.values()) > free:
            self._copies.popitem(last=False)


def _identity(path: Path, stamp: str) -> Key | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stamp, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _make_copy(settings: EngineSettings, path: Path) -> _Copy:
    config = base_config(settings)
    config["temp_directory"] = ""
    db = duckdb.connect(":memory:", config=config)
    try:
        db.execute("SET allowed_paths = ?", [[str(path)]])
        db.execute("SET enable_external_access = false")
        db.execute(f"ATTACH ':memory:' AS {quote_ident(RESIDENT_DB)} (COMPRESS)")
        db.execute(
            f"CREATE TABLE {RESIDENT_TABLE} AS SELECT *, file_row_number + 1 AS "  # noqa: S608
            f"{quote_ident(ROW_ID)} FROM read_parquet(?)",
            [str(path)],
        )
        db.execute(f"CHECKPOINT {quote_ident(RESIDENT_DB)}")  # compresses the table
        db.execute(LOCK_SQL)
        counted = db.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
    except BaseException:
        db.close()
        raise
    return _Copy(db, int(counted[0] or 0) if counted else 0)


RESIDENT = ResidentVersions()
os.register_at_fork(before=RESIDENT.clear)  # see engine: no DuckDB database crosses a fork
