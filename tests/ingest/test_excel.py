"""Excel workbooks: sheets, cell values, formulas, zip checks, styled empty cells."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from sousei.ingest import IngestError, Limits, list_sheets, read_table
from sousei.ingest.excel import cell_text, check_zip, number_text
from tests.ingest.files import fixture


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (2008.0, "2008"),
        (552.83, "552.83"),
        (1e-05, "0.00001"),
        (12345678901234567890.0, "12345678901234567000"),
        (-0.5, "-0.5"),
        (7, "7"),
        (True, "true"),
        (False, "false"),
        (dt.datetime(2020, 4, 1), "2020-04-01"),
        (dt.datetime(2020, 4, 1, 9, 30), "2020-04-01T09:30:00"),
        (dt.date(2020, 4, 1), "2020-04-01"),
        (dt.time(9, 30), "09:30:00"),
        ("　一関市 ", "　一関市 "),
        ("#N/A", "#N/A"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_number_text_round_trips() -> None:
    for value in (0.1, 2779.3650506512304, 1e20, 123456.789, 1e-7):
        assert float(number_text(value)) == value


def test_check_zip_passes_a_real_workbook() -> None:
    check_zip(fixture("town-population.xlsx").read_bytes(), Limits())


def test_xlsx_default_sheet_is_the_first_with_values() -> None:
    table = read_table(fixture("town-population.xlsx"))
    report = table.report
    assert report.format == "xlsx"
    assert report.encoding is None
    assert report.sheets == ["表紙", "人口", "メモ"]
    assert report.sheet == "人口"
    assert report.title == "町丁別人口（令和2年10月1日現在）"
    assert report.header_rows == [2]
    assert report.notes == ["※空欄は秘匿。"]
    assert [(c.name, c.type) for c in report.columns] == [
        ("町コード", "text"),
        ("町名", "text"),
        ("世帯数", "integer"),
        ("人口", "integer"),
        ("基準日", "date"),
        ("前年比", "decimal"),
    ]
    rows = table.data.to_pylist()
    assert rows[0]["c1"] == "0101"
    assert rows[1]["c4"] == 190  # a formula: its cached value, not "=SUM(F3:F4)"
    assert rows[0]["c6"] == 1.05
    assert rows[0]["c5"] == dt.date(2020, 4, 1)
    assert report.columns[5].markers == {"x": 1, "＊": 1}


def test_xlsx_sheet_by_name() -> None:
    table = read_table(fixture("town-population.xlsx"), sheet="メモ")
    assert table.report.sheet == "メモ"
    assert [c.name for c in table.report.columns] == ["作成：企画課"]
    assert table.report.row_count == 0


def test_xlsx_missing_sheet() -> None:
    with pytest.raises(IngestError) as caught:
        read_table(fixture("town-population.xlsx"), sheet="人口推計")
    assert caught.value.code == "sheet-not-found"
    assert "表紙" in caught.value.message_ja and "人口推計" in caught.value.message_en


def test_list_sheets() -> None:
    assert list_sheets(fixture("town-population.xlsx")) == ["表紙", "人口", "メモ"]
    assert list_sheets(fixture("population-utf8.csv")) == []
    assert list_sheets(fixture("town-population.xlsx").read_bytes()) == ["表紙", "人口", "メモ"]


def test_sheet_full_of_styled_empty_cells(tmp_path) -> None:
    """Excel's whole-row styles: thousands of value-less cells per row are skipped quickly."""

    source = zipfile.ZipFile(fixture("xlsx-named.csv"))
    empties = "".join(f'<c r="{c}{{row}}" s="0"/>' for c in ("D", "E", "F", "G", "H", "I") * 300)
    rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>地域</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>人口</t></is></c>' + empties.format(row=1) + "</row>"
    ]
    for r in range(2, 60):
        rows.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>町{r}</t></is></c>'
            f'<c r="C{r}"><v>{r * 10}</v></c>' + empties.format(row=r) + "</row>"
        )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
        'schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    assert len(sheet) > 1024 * 1024
    path = tmp_path / "styled.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = sheet.encode()
            target.writestr(member, body)
    table = read_table(path)
    assert [(c.name, c.index) for c in table.report.columns] == [("地域", 1), ("人口", 3)]
    assert table.report.row_count == 58
    assert table.data.column("c3").to_pylist()[-1] == 590
