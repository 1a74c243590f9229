"""query(): one read-only SELECT on a sandbox, capped and time-limited."""

from __future__ import annotations

import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sousei.warehouse import Warehouse, WarehouseError


def test_views_for_current_and_each_version(loaded: Warehouse):
    loaded.load("pop", pa.table({"年度": ["R4"], "人口": [116000]}))
    assert loaded.query("SELECT 年度, 人口, _id FROM pop").rows == [("R4", 116000, 1)]
    assert loaded.query("SELECT count(*) FROM r_pop_v1").rows == [(4,)]
    both = loaded.query(
        "SELECT v.年度 FROM r_pop_v1 v JOIN r_pop_v2 w ON v.人口 > w.人口 ORDER BY v._id LIMIT 2"
    )
    assert both.rows == [("H30",), ("R1",)]
    with pytest.raises(WarehouseError):
        loaded.query("SELECT * FROM r_pop_v3")


def test_params_are_bound_positionally_or_by_name(loaded: Warehouse):
    found = loaded.query("SELECT 年度 FROM pop WHERE 人口 < ? ORDER BY 1", [120000])
    assert found.rows == [("R2",), ("R3",)]
    assert found.total is None
    named = loaded.query("SELECT 年度 FROM pop WHERE 年度 = $y", {"y": "R1"})
    assert named.rows == [("R1",)]
    assert loaded.query("SELECT 年度 FROM pop WHERE 年度 = ?", ["R1' OR '1'='1"]).rows == []


def test_with_values_and_from_first_are_selects(loaded: Warehouse):
    assert loaded.query("WITH t AS (SELECT 人口 FROM pop) SELECT max(人口) FROM t").rows == [
        (121583,)
    ]
    assert loaded.query("FROM pop SELECT count(*)").rows == [(4,)]
    assert loaded.query("VALUES (1, 'a')").rows == [(1, "a")]
    assert loaded.query("SELECT 1 -- trailing comment").rows == [(1,)]
    assert loaded.query("SELECT 1;").rows == [(1,)]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO r_pop_v1 VALUES ('x', 'y', 1, 2, 3.0)",
        "DELETE FROM r_pop_v1",
        "UPDATE r_pop_v1 SET 人口 = 0",
        "DROP VIEW pop",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH '/tmp/evil.duckdb' AS evil",
        "COPY (SELECT 1) TO '/tmp/evil.csv'",
        "COPY r_pop_v1 FROM '/etc/passwd'",
        "EXPORT DATABASE '/tmp/evil'",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "PRAGMA database_list",
        "CALL pragma_version()",
        "INSTALL httpfs",
        "LOAD httpfs",
        "EXPLAIN SELECT 1",
        "SELECT 1; SELECT 2",
        "SELECT 1; DROP VIEW pop",
        "",
        "   ",
    ],
)
def test_anything_but_one_select_is_refused(loaded: Warehouse, sql):
    with pytest.raises(WarehouseError) as err:
        loaded.query(sql)
    assert err.value.code in {"not_select", "single_statement", "sql_empty"}
    assert loaded.query("SELECT count(*) FROM pop").rows == [(4,)]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM read_json('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
    ],
)
def test_functions_that_read_files_are_blocked(loaded: Warehouse, sql):
    with pytest.raises(WarehouseError) as err:
        loaded.query(sql)
    assert err.value.code in {"forbidden", "query_failed"}
    assert "root:" not in str(err.value)


def test_only_the_exposed_parquet_files_are_readable(loaded: Warehouse, tmp_path):
    outside = tmp_path / "outside.parquet"
    pq.write_table(pa.table({"secret": [42]}), outside)
    with pytest.raises(WarehouseError) as err:
        loaded.query(f"SELECT * FROM read_parquet('{outside}')")
    assert err.value.code == "forbidden"
    # a file the warehouse itself holds is readable only through a view it exposes
    loaded.load("private", pa.table({"memo": ["内部"]}))
    with pytest.raises(WarehouseError):
        loaded.query("SELECT * FROM private", resources=["pop"])
    assert loaded.query("SELECT * FROM private", resources=["private"]).rows == [("内部", 1)]


def test_python_variables_are_not_tables(loaded: Warehouse):
    secret_table = pa.table({"password": ["hunter2"]})  # noqa: F841 (what a replacement scan would find)
    with pytest.raises(WarehouseError):
        loaded.query("SELECT * FROM secret_table")


def test_settings_cannot_be_changed_from_a_select(loaded: Warehouse):
    found = loaded.query("SELECT current_setting('enable_external_access')")
    assert found.rows == [(False,)]
    with pytest.raises(WarehouseError):
        loaded.query("SELECT * FROM query('SET enable_external_access = true')")


def test_row_cap_sets_truncated(tmp_path):
    wh = Warehouse(tmp_path / "wh", max_rows=5)
    capped = wh.query("SELECT * FROM range(1000000000)")
    assert len(capped.rows) == 5
    assert capped.truncated
    exact = wh.query("SELECT * FROM range(5)")
    assert len(exact.rows) == 5
    assert not exact.truncated


def test_a_slow_query_is_interrupted_at_the_time_limit(tmp_path):
    wh = Warehouse(tmp_path / "wh", time_limit_s=0.5)
    slow = (
        "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range * b.range = 17"
    )
    started = time.monotonic()
    with pytest.raises(WarehouseError) as err:
        wh.query(slow)
    elapsed = time.monotonic() - started
    assert err.value.code == "timeout"
    assert "0.5" in err.value.message_en
    assert elapsed < 2.0  # ~2x the limit, with room for a loaded machine
    assert wh.query("SELECT 1").rows == [(1,)]  # the next query is unaffected


def test_syntax_errors_and_missing_params_are_warehouse_errors(loaded: Warehouse):
    with pytest.raises(WarehouseError) as err:
        loaded.query("SELEC 1")
    assert err.value.code == "sql_syntax"
    with pytest.raises(WarehouseError):
        loaded.query("SELECT * FROM pop WHERE 人口 = ?")


def test_duckdb_rebinds_views_so_files_must_be_allowed_by_path(tmp_path):
    """Why the sandbox sets `allowed_paths`: in DuckDB 2.0 a view reads its file when queried,
    so turning external access off after creating the views would break them."""
    import duckdb

    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"x": [1]}), path)
    con = duckdb.connect()
    con.execute(f"CREATE VIEW v AS SELECT * FROM read_parquet('{path}')")
    con.execute("SET enable_external_access = false")
    with pytest.raises(duckdb.PermissionException):
        con.execute("SELECT * FROM v").fetchall()
    allowed = duckdb.connect()
    allowed.execute("SET allowed_paths = ?", [[str(path)]])
    allowed.execute("SET enable_external_access = false")
    allowed.execute(f"CREATE VIEW v AS SELECT * FROM read_parquet('{path}')")
    assert allowed.execute("SELECT * FROM v").fetchall() == [(1,)]
