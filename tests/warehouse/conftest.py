"""Fixtures for the warehouse: a fresh root per test and a small population table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from sousei.warehouse import Warehouse

CHILD = Path(__file__).with_name("child.py")
REPO = Path(__file__).resolve().parents[2]


def population() -> pa.Table:
    """Ichinoseki's population by year (as ingest delivers it: strings, ints, a float)."""
    return pa.table(
        {
            "年度": ["H30", "R1", "R2", "R3"],
            "地域コード": ["032093", "032093", "032093", None],
            "人口": [121583, 120250, 118725, 117000],
            "増減": [-1208, -1333, -1525, None],
            "率": [1.5, None, -0.25, 2.0],
        }
    )


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "wh")


@pytest.fixture
def loaded(wh: Warehouse) -> Warehouse:
    wh.load("pop", population())
    return wh


def duck_state(root: Path) -> tuple[set[str], list[tuple[str, int]]]:
    """(version tables, _versions rows) as the DuckDB file holds them; no writer may be running."""
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        tables = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE table_name <> '_versions'"
            ).fetchall()
        }
        rows = con.execute(
            "SELECT resource_id, version FROM _versions ORDER BY resource_id, version"
        ).fetchall()
    return tables, [(r, int(v)) for r, v in rows]


def temp_files(root: Path) -> list[Path]:
    return sorted(root.rglob(".*.tmp"))


def spawn(*args: str) -> subprocess.Popen:
    """Run tests/warehouse/child.py in its own Python process."""
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
