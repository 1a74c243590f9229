"""In-memory copies of large versions answer datastore_search exactly as the Parquet file does."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from sousei.warehouse import Warehouse, resident
from sousei.warehouse.engine import EngineSettings, close_idle_readers
from sousei.warehouse.query import RESIDENT_TABLE
from sousei.warehouse.resident import RESIDENT

ROWS = 3_000
TOWNS = ["本町1丁目", "栄町2丁目", "緑町3丁目", None]


@pytest.fixture(autouse=True)
def no_copies_between_tests():
    RESIDENT.clear()
    yield
    RESIDENT.clear()
    close_idle_readers()


def town_table(rows: int = ROWS, shift: int = 0) -> pa.Table:
    """Ties in 人口 (so `_id` decides), NULLs in every column, Japanese text for `q`."""
    return pa.table(
        {
            "町丁名": [TOWNS[i % 4] for i in range(rows)],
            "人口": [None if i % 97 == 0 else (i * 7 + shift) % 500 for i in range(rows)],
            "率": [None if i % 89 == 0 else i / 8 for i in range(rows)],
            "備考": [f"備考{i % 13}" if i % 5 else None for i in range(rows)],
        }
    )


def warehouses(root: Path, budget: int = 64 * 1024 * 1024) -> tuple[Warehouse, Warehouse]:
    """The same store read two ways: from Parquet only, and through in-memory copies."""
    return Warehouse(root), Warehouse(root, resident_bytes=budget, resident_min_rows=1)


SEARCHES = [
    {},
    {"filters": {"町丁名": "栄町2丁目"}, "sort": [("人口", True)], "limit": 50},
    {"filters": {"町丁名": "栄町2丁目"}, "sort": [("人口", True)], "limit": 50, "offset": 400},
    {"filters": {"町丁名": None}, "sort": [("率", False)], "limit": 20},
    {"filters": {"人口": {"gte": 250}}, "sort": [("人口", False), ("率", True)]},
    {"q": "備考1", "sort": [("人口", True)], "limit": 30, "offset": 5},
    {"filters": {"町丁名": ["本町1丁目", "緑町3丁目"]}, "fields": ["人口", "町丁名"]},
    {"filters": {"町丁名": "緑町3丁目"}, "include_total": False, "limit": 10},
]


@pytest.mark.parametrize("search", SEARCHES)
def test_a_copy_answers_as_the_parquet_file_does(tmp_path, search):
    from_parquet, from_memory = warehouses(tmp_path / "wh")
    from_parquet.load("towns", town_table())
    expected = from_parquet.search("towns", **search)
    assert RESIDENT.held_bytes() == 0
    got = from_memory.search("towns", **search)
    assert RESIDENT.held_bytes() > 0  # the copy was made and used
    assert got == expected
    assert from_memory.search("towns", **search) == expected  # and used again


def test_small_versions_stay_on_parquet(tmp_path):
    wh = Warehouse(tmp_path / "wh", resident_bytes=64 * 1024 * 1024)  # default minimum rows
    wh.load("towns", town_table())
    assert wh.search("towns", filters={"町丁名": "本町1丁目"}).total == ROWS // 4
    assert RESIDENT.held_bytes() == 0


def test_a_version_over_the_budget_is_read_from_parquet(tmp_path):
    from_parquet, _ = warehouses(tmp_path / "wh")
    tight = Warehouse(tmp_path / "wh", resident_bytes=1024, resident_min_rows=1)
    from_parquet.load("towns", town_table())
    search = SEARCHES[1]
    assert tight.search("towns", **search) == from_parquet.search("towns", **search)
    assert RESIDENT.held_bytes() == 0


def test_the_least_recently_used_copy_makes_room(tmp_path):
    _, roomy = warehouses(tmp_path / "wh")
    for name in ("a", "b", "c"):
        roomy.load(name, town_table())
    roomy.search("a")
    one = RESIDENT.held_bytes()
    budget = 2 * one + one // 2  # room for two copies, not three
    small = Warehouse(tmp_path / "wh", resident_bytes=budget, resident_min_rows=1)
    small.search("b")
    small.search("a")  # a is now the most recently used
    small.search("c")  # b goes
    assert RESIDENT.held_bytes() <= budget
    assert holds(small, "a")
    assert not holds(small, "b")
    assert holds(small, "c")


def holds(wh: Warehouse, resource_id: str) -> bool:
    info = wh.current(resource_id)
    return RESIDENT.holds(info.parquet_path, info.created_at.isoformat())


def test_a_reused_version_number_never_answers_from_the_old_copy(tmp_path):
    from_parquet, from_memory = warehouses(tmp_path / "wh")
    from_parquet.load("towns", town_table(shift=0))
    before = from_memory.search("towns", sort=[("人口", True)], limit=5)
    from_parquet.drop("towns")
    from_parquet.load("towns", town_table(shift=123))  # version 1 again, other numbers
    after = from_memory.search("towns", sort=[("人口", True)], limit=5)
    assert after == from_parquet.search("towns", sort=[("人口", True)], limit=5)
    assert after.rows != before.rows


def test_concurrent_first_searches_share_one_copy(tmp_path):
    from_parquet, from_memory = warehouses(tmp_path / "wh")
    from_parquet.load("towns", town_table())
    expected = {t: from_parquet.search("towns", filters={"町丁名": t}) for t in TOWNS}
    results: list[bool] = []

    def search(town: str | None) -> None:
        for _ in range(5):
            results.append(from_memory.search("towns", filters={"町丁名": town}) == expected[town])

    threads = [threading.Thread(target=search, args=(TOWNS[i % 4],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 40
    assert RESIDENT.copies() == 1


def test_a_search_started_on_a_copy_ends_well_when_the_copy_is_evicted(tmp_path):
    from_parquet, from_memory = warehouses(tmp_path / "wh")
    from_parquet.load("towns", town_table())
    info = from_parquet.current("towns")
    expected = from_parquet.search("towns", filters={"町丁名": "栄町2丁目"})
    cursor = RESIDENT.cursor(
        EngineSettings(),
        info.parquet_path,
        stamp=info.created_at.isoformat(),
        rows=info.row_count,
        columns=len(info.columns),
        budget=from_memory.resident_bytes,
        min_rows=1,
    )
    RESIDENT.clear()  # evicted while a search holds a cursor on it
    counted = cursor.execute(
        f"SELECT count(*) FROM {RESIDENT_TABLE} WHERE 町丁名 = ?", ["栄町2丁目"]
    ).fetchone()
    assert counted == (expected.total,)
    cursor.close()


def test_a_copy_that_fails_is_not_tried_again(tmp_path, monkeypatch):
    from_parquet, from_memory = warehouses(tmp_path / "wh")
    from_parquet.load("towns", town_table())
    expected = from_parquet.search("towns", **SEARCHES[1])
    tries = []

    def out_of_memory(*args):
        tries.append(args)
        raise duckdb.OutOfMemoryException("could not allocate")

    monkeypatch.setattr(resident, "_make_copy", out_of_memory)
    assert from_memory.search("towns", **SEARCHES[1]) == expected
    assert from_memory.search("towns", **SEARCHES[1]) == expected
    assert len(tries) == 1
    assert RESIDENT.copies() == 0


def test_a_search_while_a_copy_is_being_made_reads_parquet(tmp_path):
    from_parquet, from_memory = warehouses(tmp_path / "wh")
    from_parquet.load("towns", town_table())
    with RESIDENT._building:  # another thread is making a copy
        got = from_memory.search("towns", **SEARCHES[1])
    assert got == from_parquet.search("towns", **SEARCHES[1])
    assert RESIDENT.copies() == 0
    from_memory.search("towns", **SEARCHES[1])
    assert RESIDENT.copies() == 1


def test_no_more_than_max_copies_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(resident, "MAX_COPIES", 2)
    _, from_memory = warehouses(tmp_path / "wh")
    for name in ("a", "b", "c"):
        from_memory.load(name, town_table())
        from_memory.search(name)
    assert RESIDENT.copies() == 2
    assert not holds(from_memory, "a")


FORK = """
import os, sys
from pathlib import Path
from sousei.warehouse import Warehouse

wh = Warehouse(Path(sys.argv[1]), resident_bytes=64 << 20, resident_min_rows=1)
plain = Warehouse(Path(sys.argv[1]))
before = wh.search("towns", filters={"町丁名": "栄町2丁目"})  # the parent's copy
assert plain.search("towns", filters={"町丁名": "栄町2丁目"}) == before  # and idle sandbox
pid = os.fork()
if pid == 0:  # a gunicorn worker forked from a master that had searched
    after = wh.search("towns", filters={"町丁名": "栄町2丁目"})
    again = plain.search("towns", filters={"町丁名": "栄町2丁目"})
    sys.exit(0 if after == before == again else 3)  # a normal exit, finalisers and all
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_child_makes_its_own_copy_and_exits_cleanly(tmp_path):
    Warehouse(tmp_path / "wh").load("towns", town_table())
    done = subprocess.run(
        [sys.executable, "-c", FORK, str(tmp_path / "wh")], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
