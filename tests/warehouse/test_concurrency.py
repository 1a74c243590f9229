"""One writer at a time across processes; readers never wait for writers."""

from __future__ import annotations

import pytest

from sousei.warehouse import Warehouse, WarehouseError
from sousei.warehouse.locks import write_lock
from tests.warehouse.conftest import duck_state, population, spawn, temp_files


def test_two_writer_processes_take_turns(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    first = spawn(str(root), "pop", "300000", "--pause", "1.0")
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "progress"  # it holds the lock for a second
    second = spawn(str(root), "pop", "200000")
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert "version 2 rows 300000" in outputs[0][0]
    assert "version 3 rows 200000" in outputs[1][0]
    versions = loaded.versions("pop")
    assert [v.version for v in versions] == [1, 2, 3]
    for info in versions[1:]:
        found = loaded.search("pop", version=info.version, sort=[("n", True)], limit=1)
        assert found.total == info.row_count
        assert found.rows[0][0] == info.row_count - 1
    assert duck_state(root)[1] == [("pop", 1), ("pop", 2), ("pop", 3)]
    assert temp_files(root) == []


def test_readers_work_while_another_process_writes(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    writer = spawn(str(root), "pop", "2000000")
    seen = set()
    reads = 0
    while writer.poll() is None:
        seen.add(loaded.search("pop", limit=1).total)
        seen.add(loaded.query("SELECT count(*) FROM pop").rows[0][0])
        assert loaded.search("pop", version=1).total == 4
        reads += 1
    assert writer.returncode == 0, writer.communicate()
    assert reads > 3
    assert seen <= {4, 2_000_000}
    assert loaded.current("pop").row_count == 2_000_000


def test_a_writer_that_cannot_get_the_lock_is_told_busy(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    impatient = Warehouse(root, lock_timeout_s=0.2)
    with write_lock(root / "write.lock", 1.0):  # another writer holds it
        with pytest.raises(WarehouseError) as err:
            impatient.load("pop", population())
        assert err.value.code == "busy"
        assert err.value.status == 503
        assert loaded.search("pop").total == 4  # reads do not need the lock
    assert impatient.load("pop", population()).version == 2


def test_a_writer_process_waits_for_the_lock(loaded: Warehouse, tmp_path):
    root = tmp_path / "wh"
    with write_lock(root / "write.lock", 1.0):
        child = spawn(str(root), "pop", "10", "--lock-timeout", "0.3")
        _, err = child.communicate(timeout=60)
    assert child.returncode != 0
    assert "busy" in err or "書き込み" in err
    assert [v.version for v in loaded.versions("pop")] == [1]
