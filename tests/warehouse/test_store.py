"""Versions: load, current, describe, older versions kept, drop, validation."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pytest

from sousei.warehouse import VersionInfo, Warehouse, WarehouseError
from sousei.warehouse.publish import in_memory_copy
from tests.warehouse.conftest import duck_state, population


def test_load_publishes_version_one(wh: Warehouse, tmp_path):
    before = datetime.now(UTC)
    info = wh.load("pop", population())
    assert isinstance(info, VersionInfo)
    assert info.version == 1
    assert info.table_name == "r_pop_v1"
    assert info.parquet_path == tmp_path / "wh" / "parquet" / "pop" / "v1.parquet"
    assert info.parquet_path.exists()
    assert info.row_count == 4
    assert info.columns == [
        ("年度", "VARCHAR"),
        ("地域コード", "VARCHAR"),
        ("人口", "BIGINT"),
        ("増減", "BIGINT"),
        ("率", "DOUBLE"),
    ]
    assert info.created_at.tzinfo is not None and info.created_at >= before
    assert wh.current("pop") == info
    assert wh.versions("pop") == [info]
    assert wh.describe("pop") == info


def test_values_come_back_as_python_values(loaded: Warehouse):
    found = loaded.search("pop")
    assert found.columns == ["年度", "地域コード", "人口", "増減", "率", "_id"]
    assert found.rows[0] == ("H30", "032093", 121583, -1208, 1.5, 1)
    assert found.rows[3] == ("R3", None, 117000, None, 2.0, 4)
    assert found.total == 4
    assert not found.truncated
    assert loaded.query("SELECT sum(人口) AS s FROM pop").rows == [(477558,)]


def test_second_load_is_version_two_and_version_one_stays(loaded: Warehouse, tmp_path):
    second = loaded.load("pop", population().slice(0, 2))
    assert second.version == 2
    assert loaded.current("pop") == second
    assert [v.version for v in loaded.versions("pop")] == [1, 2]
    assert loaded.search("pop").total == 2
    assert loaded.search("pop", version=1).total == 4
    assert loaded.query("SELECT count(*) FROM r_pop_v1").rows == [(4,)]
    assert loaded.query("SELECT count(*) FROM pop").rows == [(2,)]
    out = loaded.export("pop", 1, "csv", tmp_path / "v1.csv")
    assert out.read_text(encoding="utf-8-sig").count("\n") == 5
    assert loaded.describe("pop", 1).row_count == 4
    assert duck_state(tmp_path / "wh") == ({"r_pop_v1", "r_pop_v2"}, [("pop", 1), ("pop", 2)])


def test_unknown_resource_and_version(loaded: Warehouse):
    assert loaded.current("nothing") is None
    assert loaded.versions("nothing") == []
    with pytest.raises(WarehouseError) as err:
        loaded.describe("nothing")
    assert err.value.code == "not_found"
    assert err.value.status == 404
    with pytest.raises(WarehouseError) as err:
        loaded.version("pop", 7)
    assert err.value.code == "version_not_found"
    with pytest.raises(WarehouseError) as err:
        loaded.search("pop", version=3)
    assert err.value.code == "version_not_found"


def test_error_carries_both_languages(wh: Warehouse):
    with pytest.raises(WarehouseError) as err:
        wh.describe("nothing")
    exc = err.value
    assert str(exc) == f"{exc.message_ja} / {exc.message_en}"
    assert "nothing" in exc.message_en
    assert exc.as_dict()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "resource_id", ["", "A", "a b", "a;drop", "x" * 65, "../etc", "a/b", "ａ", None, 5]
)
def test_resource_ids_are_validated(wh: Warehouse, resource_id):
    with pytest.raises(WarehouseError) as err:
        wh.load(resource_id, population())
    assert err.value.code == "invalid_resource_id"
    with pytest.raises(WarehouseError):
        wh.search(resource_id)


def test_resource_id_alphabet_and_uuid_hex(wh: Warehouse):
    for resource_id in ["a", "a-b_c", "0" * 64, "3f2c1d0e9b8a7f6e5d4c3b2a19081726"]:
        assert wh.load(resource_id, population()).version == 1
    assert wh.query('SELECT count(*) FROM "a-b_c"').rows == [(4,)]
    assert wh.query('SELECT count(*) FROM "r_a-b_c_v1"').rows == [(4,)]


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (["a", "A"], "invalid_column_name"),
        (["a", "_id"], "invalid_column_name"),
        (["file_row_number"], "invalid_column_name"),
        (["", "b"], "invalid_column_name"),
        (["a\x00b"], "invalid_column_name"),
    ],
)
def test_column_names_duckdb_cannot_hold_are_refused(wh: Warehouse, tmp_path, names, code):
    table = pa.table([pa.array([1]) for _ in names], names=names)
    with pytest.raises(WarehouseError) as err:
        wh.load("bad", table)
    assert err.value.code == code
    assert not (tmp_path / "wh").exists()  # refused before anything was written


def test_data_must_be_arrow(wh: Warehouse):
    with pytest.raises(WarehouseError) as err:
        wh.load("bad", [{"a": 1}])  # type: ignore[arg-type]
    assert err.value.code == "invalid_data"


def test_reads_on_an_empty_root_create_nothing(tmp_path):
    wh = Warehouse(tmp_path / "missing")
    assert wh.current("pop") is None
    with pytest.raises(WarehouseError):
        wh.search("pop")
    with pytest.raises(WarehouseError):
        wh.query("SELECT * FROM pop")
    assert wh.query("SELECT 42 AS answer").rows == [(42,)]
    assert not (tmp_path / "missing").exists()


def test_a_record_batch_reader_loads_and_reports_progress(wh: Warehouse):
    table = pa.table({"n": list(range(250_000))})
    seen = []
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(100_000))
    info = wh.load("stream", reader, on_progress=lambda done, total: seen.append((done, total)))
    assert info.row_count == 250_000
    assert seen[-1][0] == 250_000
    seen.clear()
    wh.load("stream", table, on_progress=lambda done, total: seen.append((done, total)))
    assert seen == [(100_000, 250_000), (200_000, 250_000), (250_000, 250_000)]


def test_empty_table_and_unusual_types(wh: Warehouse, tmp_path):
    from datetime import date
    from decimal import Decimal

    table = pa.table(
        {
            "d": pa.array([date(2020, 4, 1), None]),
            "t": pa.array([datetime(2020, 4, 1, 9, tzinfo=UTC), None]),
            "m": pa.array([Decimal("1.50"), None]),
            "b": pa.array([True, None]),
            "c": pa.array(["札幌", "札幌"]).dictionary_encode(),
            "z": pa.nulls(2),
        }
    )
    info = wh.load("types", table)
    row = wh.search("types").rows[0]
    assert row[:5] == (
        date(2020, 4, 1),
        datetime(2020, 4, 1, 9, tzinfo=UTC),
        Decimal("1.50"),
        True,
        "札幌",
    )
    assert wh.search("types", filters={"c": "札幌"}).total == 2
    assert dict(info.columns)["c"] == "VARCHAR"
    empty = wh.load("empty", table.slice(0, 0))
    assert empty.row_count == 0
    assert wh.search("empty").rows == []
    assert wh.search("empty").total == 0
    for fmt in ("csv", "csv-cp932", "json", "xlsx", "parquet"):
        assert wh.export("empty", None, fmt, tmp_path / f"e.{fmt}").stat().st_size > 0


def test_a_table_copied_from_memory_equals_one_read_from_its_parquet_file(wh: Warehouse, tmp_path):
    from datetime import date

    table = pa.table(
        {
            "s": ["札幌", None, ""],
            "i": [1, None, -(2**63)],
            "f": [1.5, None, float("nan")],
            "b": [True, None, False],
            "d": pa.array([date(2020, 4, 1), None, date(1868, 10, 23)]),
        }
    )
    assert in_memory_copy(table) is table
    info = wh.load("plain", table)
    with duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True) as con:
        from_memory = con.execute(f"DESCRIBE {info.table_name}").fetchall()
        rows = con.execute(f"SELECT * FROM {info.table_name}").fetchall()
        parquet = [str(info.parquet_path)]
        from_file = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", parquet).fetchall()
        file_rows = con.execute("SELECT * FROM read_parquet(?)", parquet).fetchall()
    assert [c[:2] for c in from_memory] == [c[:2] for c in from_file]
    assert str(rows) == str(file_rows)  # str: NaN != NaN


def test_only_plain_tables_are_copied_from_memory():
    assert in_memory_copy(pa.table({"c": pa.array(["a"]).dictionary_encode()})) is None
    assert in_memory_copy(pa.table({"n": pa.array([1], pa.int32())})) is None
    reader = pa.RecordBatchReader.from_batches(pa.schema([("n", pa.int64())]), [])
    assert in_memory_copy(reader) is None


def test_drop_removes_every_version(loaded: Warehouse, tmp_path):
    loaded.load("pop", population())
    loaded.load("other", population())
    loaded.drop("pop")
    assert loaded.current("pop") is None
    assert not (tmp_path / "wh" / "parquet" / "pop").exists()
    assert duck_state(tmp_path / "wh") == ({"r_other_v1"}, [("other", 1)])
    loaded.drop("pop")  # dropping nothing is no error
    assert loaded.load("pop", population()).version == 1  # a new life starts at 1
    assert loaded.search("other").total == 4
