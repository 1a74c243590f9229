"""Reader sandboxes are kept for the next reader of the same files, and only when still pristine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sousei.warehouse import Warehouse, engine
from sousei.warehouse.engine import EngineSettings, connect_reader, lock_reader


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, ...]]]:
    """The file lists of the sandbox databases opened during the test (none kept before it)."""
    engine.close_idle_readers()
    calls: list[tuple[str, ...]] = []
    real = engine._open_sandbox

    def counting(settings: EngineSettings, files: tuple[str, ...]) -> duckdb.DuckDBPyConnection:
        calls.append(files)
        return real(settings, files)

    monkeypatch.setattr(engine, "_open_sandbox", counting)
    yield calls
    engine.close_idle_readers()


def test_searches_of_one_version_share_a_sandbox(loaded: Warehouse, opened):
    for _ in range(3):
        assert loaded.search("pop", filters={"年度": "R1"}, sort=[("人口", True)]).total == 1
    assert len(opened) == 1


def test_a_kept_sandbox_is_still_locked_and_reads_only_its_files(loaded: Warehouse, tmp_path):
    loaded.search("pop")
    path = loaded.current("pop").parquet_path
    outside = tmp_path / "outside.parquet"
    pq.write_table(pa.table({"secret": [42]}), outside)
    with connect_reader(EngineSettings(), [path]) as con:
        lock_reader(con)  # already locked: no error
        with pytest.raises(duckdb.Error):
            con.sql("SET enable_external_access = true")
        with pytest.raises(duckdb.PermissionException):
            con.sql(f"SELECT * FROM read_parquet('{outside}')").fetchall()
        assert con.sql("SELECT count(*) FROM read_parquet(?)", params=[str(path)]).fetchall() == [
            (4,)
        ]


def test_user_sql_never_runs_on_a_kept_sandbox(loaded: Warehouse, opened):
    loaded.query("SELECT count(*) FROM pop")
    loaded.query("SELECT count(*) FROM pop")
    loaded.query("SELECT 1")
    loaded.query("SELECT 1")
    assert len(opened) == 4


def test_views_interrupts_and_unlocked_sandboxes_are_not_kept(tmp_path: Path, opened):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"x": [1]}), path)
    with connect_reader(EngineSettings(), [path]) as con:
        lock_reader(con)
        con.interrupt()
    with connect_reader(EngineSettings(), [path]) as con:
        con.execute(f"CREATE VIEW v AS SELECT * FROM read_parquet('{path}')")
        lock_reader(con)
    with connect_reader(EngineSettings(), [path]):
        pass  # never locked
    with connect_reader(EngineSettings(), [path]) as con:
        lock_reader(con)
    with connect_reader(EngineSettings(), [path]) as con:  # the last one, kept
        assert con.sql("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall() == [
            (0,)
        ]
    assert len(opened) == 4


def test_a_file_replaced_at_the_same_path_is_read_afresh(wh: Warehouse):
    """A rolled-back version number is used again; a kept sandbox must not remember the old file."""
    wh.load("pop", pa.table({"x": [1, 2, 3]}))
    assert wh.search("pop").total == 3
    wh.drop("pop")
    wh.load("pop", pa.table({"x": [7]}))
    found = wh.search("pop", filters={"x": {"gt": 0}})
    assert (found.rows, found.total) == ([(7, 1)], 1)


def test_the_number_of_kept_sandboxes_is_bounded(tmp_path: Path):
    for i in range(engine.IDLE_READERS + 3):
        path = tmp_path / f"t{i}.parquet"
        pq.write_table(pa.table({"x": [i]}), path)
        with connect_reader(EngineSettings(), [path]) as con:
            lock_reader(con)
    assert len(engine._POOL._idle) == engine.IDLE_READERS
