"""read_table on text and Excel files: layout, types, report, sheets, progress."""

from __future__ import annotations

import datetime as dt
import json

from sousei.ingest import Limits, read_table
from tests.ingest.files import fixture


def test_population_table_report() -> None:
    table = read_table(fixture("population-utf8.csv"))
    report = table.report
    assert report.ok
    assert report.format == "csv"
    assert report.title == "人口推計 令和2年（単位：人）"
    assert report.header_rows == [3, 4]
    assert report.first_data_row == 5
    assert report.notes == [
        "資料：総務省「住民基本台帳」",
        "注：藤沢町の男女別は秘匿。",
        "※ △は減少を示す。",
    ]
    assert report.row_count == 4
    total, male, female = report.columns[2:5]
    assert (total.name, total.type, total.unit, total.minimum, total.maximum) == (
        "人口_総数",
        "integer",
        "人",
        -394,
        111932,
    )
    assert male.markers == {"－": 1}
    assert female.markers == {"秘匿": 1}
    assert (female.nulls, female.index, female.header) == (1, 5, ["", "女"])
    assert table.data.column("c2").to_pylist() == ["一関市", "平泉町", "藤沢町", "花泉町"]
    body = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert body["ok"] is True
    assert body["columns"][2]["machine_name"] == "c3"


def test_wareki_columns() -> None:
    table = read_table(fixture("wareki.csv"))
    assert [(c.name, c.type) for c in table.report.columns] == [
        ("年", "year"),
        ("年度", "year"),
        ("年月", "year_month"),
        ("日付", "date"),
        ("調査日", "date"),
    ]
    rows = table.data.to_pylist()
    assert [r["c1"] for r in rows] == [2008, 2009, 2010, 2019, 2020]  # 21年 takes 平成 from above
    assert [r["c2"] for r in rows] == [2018, 2019, 2020, 2021, None]
    assert [r["c3"] for r in rows] == ["2018-04", "2019-03", "2019-05", "2020-04", "2020-06"]
    assert rows[1]["c4"] == dt.date(2020, 5, 1)
    assert rows[3]["c5"] == dt.date(1988, 1, 1)
    assert table.report.columns[1].markers == {"－": 1}


def test_codes_and_types() -> None:
    table = read_table(fixture("codes-and-types.csv"))
    assert [(c.name, c.type, c.unit) for c in table.report.columns] == [
        ("団体コード", "text", None),
        ("郵便番号", "text", None),
        ("電話番号", "text", None),
        ("区分", "text", None),
        ("人数", "integer", None),
        ("割合", "decimal", "%"),
        ("開設", "boolean", None),
        ("公開", "boolean", None),
        ("評価", "text", None),  # only ○: a tick mark, not a yes/no
    ]
    rows = table.data.to_pylist()
    assert [r["c1"] for r in rows] == ["011002", "012025", "13101"]
    assert rows[0]["c2"] == "0600001"
    assert rows[0]["c4"] == "不詳"
    assert [r["c5"] for r in rows] == [1953, -12, None]


def test_quoted_newlines_and_formula_text() -> None:
    table = read_table(fixture("quoted-newlines.csv"))
    assert table.data.column("c3").to_pylist() == ["土日は\r\n休館", "=SUM(A1:A2)"]
    assert table.report.columns[2].type == "text"


def test_row_numbers_count_records_not_lines() -> None:
    data = '名前,備考,数\n"a","one\ntwo\nthree",1\nb,c,2,extra\n'.encode()
    table = read_table(data)
    [problem] = table.report.problems
    assert (problem.code, problem.row, problem.column) == ("ragged-row", 3, 4)


def test_blank_rows_and_empty_columns_are_dropped() -> None:
    data = "地域,,人口,\n一関市,,1,\n,,,\n平泉町,,2,\n\n".encode()
    table = read_table(data)
    assert [c.name for c in table.report.columns] == ["地域", "人口"]
    assert [c.index for c in table.report.columns] == [1, 3]
    assert table.data.to_pylist() == [{"c1": "一関市", "c3": 1}, {"c1": "平泉町", "c3": 2}]
    assert table.report.problems == []


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    read_table(fixture("population-cp932.csv"), on_progress=lambda d, t: calls.append((d, t)))
    assert len(calls) >= 3
    assert calls[-1] == (100, 100)
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_bytes_and_path_read_alike() -> None:
    path = fixture("population-cp932.csv")
    assert read_table(path.read_bytes()).data == read_table(path).data
    assert read_table(str(path)).data == read_table(path).data


def test_content_decides_format_not_the_name() -> None:
    as_csv = read_table(fixture("csv-named.xlsx"))
    assert as_csv.report.format == "csv"
    assert [(p.code, p.severity) for p in as_csv.report.problems] == [
        ("format-mismatch", "warning")
    ]
    assert ".xlsx" in as_csv.report.problems[0].message_en
    as_xlsx = read_table(fixture("xlsx-named.csv").read_bytes(), filename="upload.csv")
    assert as_xlsx.report.format == "xlsx"
    assert as_xlsx.report.problems[0].code == "format-mismatch"
    assert as_xlsx.data.to_pylist() == [{"c1": "一関市", "c2": 111932}]
    plain = read_table(fixture("xlsx-named.csv").read_bytes(), filename="upload.xlsx")
    assert plain.report.problems == []


# --- long files: the pyarrow path ----------------------------------------------------------


def _long_csv(rows: int, *, ragged_at: int | None = None) -> bytes:
    lines = ["人口推計　令和2年", "地域コード,地域名,人口,備考"]
    for i in range(rows):
        note = '"複数行の\n備考"' if i == 3 else ("－" if i % 7 == 0 else "")
        line = f'{i:05d},町{i},"{i * 1000:,}",{note}'
        if ragged_at is not None and i == ragged_at:
            line += ",余分"
        lines.append(line)
    lines += ["", "資料：住民基本台帳", "※ 概数"]
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


def test_long_file_reads_like_a_short_one() -> None:
    data = _long_csv(300)
    short = read_table(data)
    long = read_table(data, limits=Limits(head_rows=20))
    assert long.data == short.data
    assert long.report.as_dict() == short.report.as_dict()
    assert long.report.notes == ["資料：住民基本台帳", "※ 概数"]
    assert long.report.title == "人口推計 令和2年"
    assert long.data.column("c3").to_pylist()[299] == 299_000
    assert long.data.column("c4").to_pylist()[3] == "複数行の\n備考"


def test_long_file_with_a_ragged_row_reports_its_number() -> None:
    table = read_table(_long_csv(300, ragged_at=250), limits=Limits(head_rows=20))
    [problem] = table.report.problems
    # 2 rows above the data; the quoted line break in data row 4 is not a new row.
    assert (problem.code, problem.row, problem.column) == ("ragged-row", 253, 5)
    assert not table.report.ok


def test_long_file_with_trailing_delimiters() -> None:
    lines = ["a,b"] + [f"{i},{i * 2}," for i in range(100)]
    table = read_table("\n".join(lines).encode(), limits=Limits(head_rows=10))
    assert table.report.problems == []
    assert [c.name for c in table.report.columns] == ["a", "b"]
    assert table.data.column("b").to_pylist()[-1] == 198


def test_single_quotes_are_sniffed() -> None:
    table = read_table("'地域','備考'\n'一関市','a,b'\n'平泉町','c'\n".encode())
    assert table.data.to_pylist() == [
        {"c1": "一関市", "c2": "a,b"},
        {"c1": "平泉町", "c2": "c"},
    ]


def test_old_mac_line_ends() -> None:
    table = read_table("地域,人口\r一関市,1\r平泉町,2\r".encode("cp932"))
    assert table.data.column("c2").to_pylist() == [1, 2]
