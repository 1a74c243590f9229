"""A failed or killed load leaves the last good version current and nothing of itself behind."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from sousei.warehouse import Warehouse, WarehouseError, publish, store
from tests.warehouse.conftest import duck_state, population, spawn, temp_files

BIG_ROWS = 3_000_000


def assert_only_version_one(root: Path) -> None:
    wh = Warehouse(root)
    assert [v.version for v in wh.versions("pop")] == [1]
    assert wh.search("pop").rows[0][:3] == ("H30", "032093", 121583)
    assert wh.search("pop").total == 4
    assert temp_files(root) == []
    assert sorted(p.name for p in (root / "parquet" / "pop").iterdir()) == [
        "_manifest.json",
        "v1.parquet",
    ]
    assert not (root / "journal.json").exists()
    assert duck_state(root) == ({"r_pop_v1"}, [("pop", 1)])


def failing_reader(schema: pa.Schema) -> pa.RecordBatchReader:
    def batches():
        yield pa.record_batch([pa.array(["R9"]), pa.array([1])], names=["年度", "人口"])
        raise RuntimeError("the source broke halfway")

    return pa.RecordBatchReader.from_batches(schema, batches())


def test_data_that_fails_midway_changes_nothing(loaded: Warehouse, tmp_path):
    schema = pa.schema([("年度", pa.string()), ("人口", pa.int64())])
    with pytest.raises(RuntimeError, match="halfway"):
        loaded.load("pop", failing_reader(schema))
    assert_only_version_one(tmp_path / "wh")


def test_a_failing_progress_callback_changes_nothing(loaded: Warehouse, tmp_path):
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        loaded.load("pop", population(), on_progress=stop)
    assert_only_version_one(tmp_path / "wh")


@pytest.mark.parametrize("step", ["write_parquet", "publish_table", "write_manifest"])
def test_a_failure_at_any_step_changes_nothing(loaded: Warehouse, tmp_path, monkeypatch, step):
    real = getattr(store, step)

    def run_then_fail(*args, **kwargs):
        real(*args, **kwargs)  # the step's work is done (file renamed, DuckDB committed …)
        raise OSError(f"disk trouble after {step}")

    monkeypatch.setattr(store, step, run_then_fail)
    with pytest.raises(WarehouseError) as err:
        loaded.load("pop", population())
    assert err.value.code == "load_failed"
    assert "disk trouble" in err.value.message_en
    monkeypatch.undo()
    assert_only_version_one(tmp_path / "wh")
    assert loaded.load("pop", population()).version == 2  # the number is reused


def test_a_copy_failing_while_the_file_is_written_changes_nothing(
    loaded: Warehouse, tmp_path, monkeypatch
):
    """The in-memory copy runs beside the Parquet writer; its failure still undoes both."""

    def broken_copy(*args, **kwargs):
        raise duckdb.IOException("no space left while copying")

    monkeypatch.setattr(publish, "create_table_from_arrow", broken_copy)
    with pytest.raises(WarehouseError) as err:
        loaded.load("pop", population())
    assert err.value.code == "load_failed"
    monkeypatch.undo()
    assert_only_version_one(tmp_path / "wh")


def test_a_failed_first_load_leaves_no_resource(wh: Warehouse, tmp_path):
    schema = pa.schema([("年度", pa.string()), ("人口", pa.int64())])
    with pytest.raises(RuntimeError):
        wh.load("new", failing_reader(schema))
    assert wh.current("new") is None
    assert not (tmp_path / "wh" / "parquet" / "new").exists()
    assert duck_state(tmp_path / "wh") == (set(), [])


def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.005)


def test_sigkill_while_writing_parquet(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    child = spawn(str(root), "pop", str(BIG_ROWS))
    wait_for(lambda: list((root / "parquet" / "pop").glob(".v2.parquet.*.tmp")))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert (root / "journal.json").exists()
    assert temp_files(root)  # the kill really left a half-written file …
    assert_only_version_one(root)  # … which opening the warehouse again removed


def test_sigkill_after_the_duckdb_commit_before_publish(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    child = spawn(str(root), "pop", str(BIG_ROWS), "--stall-before-publish")
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == "committed":
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert (root / "parquet" / "pop" / "v2.parquet").exists()  # fully written, not published
    assert [v.version for v in loaded.versions("pop")] == [1]  # readers never saw it
    assert_only_version_one(root)


def test_sigkill_at_an_arbitrary_moment_is_all_or_nothing(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    child = spawn(str(root), "pop", str(BIG_ROWS))
    wait_for(lambda: (root / "parquet" / "pop" / "v2.parquet").exists())  # in the DuckDB step
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    wh = Warehouse(root)
    versions = [v.version for v in wh.versions("pop")]
    assert temp_files(root) == []
    if versions == [1, 2]:  # the kill came after the publish: version 2 is whole
        assert wh.search("pop").total == BIG_ROWS
        assert duck_state(root)[1] == [("pop", 1), ("pop", 2)]
    else:
        assert_only_version_one(root)


def test_recovery_waits_while_the_writer_is_alive(loaded: Warehouse, tmp_path):
    """Opening the warehouse during a write must not undo the write in progress."""
    root = tmp_path / "wh"
    child = spawn(str(root), "pop", "200000", "--stall-before-publish")
    assert child.stdout is not None
    assert child.stdout.readline().strip() in {"progress", "committed"}
    wait_for(lambda: (root / "parquet" / "pop" / "v2.parquet").exists())
    Warehouse(root)  # sees the journal, finds the lock held, leaves everything alone
    assert (root / "parquet" / "pop" / "v2.parquet").exists()
    assert (root / "journal.json").exists()
    child.kill()
    child.wait()
    assert_only_version_one(root)


def test_a_lost_duckdb_file_is_rebuilt_from_parquet(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    loaded.load("pop", population())
    (root / "warehouse.duckdb").unlink()
    assert loaded.search("pop", version=1).total == 4  # readers never needed it
    report = loaded.reconcile()
    assert any("re-created" in a for a in report.actions)
    assert duck_state(root) == ({"r_pop_v1", "r_pop_v2"}, [("pop", 1), ("pop", 2)])


def test_a_lost_manifest_is_rebuilt_from_duckdb(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    loaded.load("pop", population().slice(0, 1))
    (root / "parquet" / "pop" / "_manifest.json").unlink()
    assert loaded.current("pop") is None
    report = loaded.reconcile()
    assert any("manifest" in a for a in report.actions)
    assert [v.version for v in loaded.versions("pop")] == [1, 2]
    assert loaded.search("pop").total == 1


def test_a_lost_parquet_file_is_rewritten_from_duckdb(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    (root / "parquet" / "pop" / "v1.parquet").unlink()
    with pytest.raises(WarehouseError):
        loaded.search("pop")
    loaded.reconcile()
    assert loaded.search("pop").rows[0][:3] == ("H30", "032093", 121583)


def test_duckdb_tables_outside_the_manifest_are_dropped(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        con.execute("CREATE TABLE r_pop_v7 AS SELECT 1 AS x")
    report = loaded.reconcile()
    assert any("v7" in a for a in report.actions)
    assert duck_state(root) == ({"r_pop_v1"}, [("pop", 1)])


def test_an_interrupted_drop_is_finished(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    (root / "journal.json").write_text(json.dumps({"op": "drop", "resource_id": "pop"}))
    wh = Warehouse(root)  # the lock is free, so opening repairs
    assert wh.current("pop") is None
    assert duck_state(root) == (set(), [])
    assert not (root / "journal.json").exists()


def test_unlisted_files_are_reported_not_deleted(loaded: Warehouse, tmp_path):
    stray = tmp_path / "wh" / "parquet" / "pop" / "v9.parquet"
    stray.write_bytes(b"PAR1")
    report = loaded.reconcile()
    assert any("v9.parquet" in p for p in report.problems)
    assert stray.exists()


def test_a_damaged_manifest_is_an_error_not_an_empty_resource(loaded: Warehouse, tmp_path):
    (tmp_path / "wh" / "parquet" / "pop" / "_manifest.json").write_text("{not json")
    with pytest.raises(WarehouseError) as err:
        loaded.current("pop")
    assert err.value.code == "corrupt"
    report = loaded.reconcile()
    assert any("untouched" in p for p in report.problems)
    assert (tmp_path / "wh" / "parquet" / "pop" / "v1.parquet").exists()


def test_a_damaged_duckdb_file_does_not_stop_readers(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    db = root / "warehouse.duckdb"
    db.write_bytes(b"not a database" * 1000)
    (root / "journal.json").write_text(
        json.dumps({"op": "load", "resource_id": "pop", "version": 2})
    )
    wh = Warehouse(root)  # recovery fails quietly (logged); reads go on from Parquet
    assert wh.search("pop").total == 4
    with pytest.raises(WarehouseError) as err:
        wh.load("pop", population())
    assert err.value.code == "io_error"
    db.rename(root / "warehouse.duckdb.damaged")  # the documented way out
    wh.reconcile()
    assert duck_state(root) == ({"r_pop_v1"}, [("pop", 1)])
    assert wh.load("pop", population()).version == 2
