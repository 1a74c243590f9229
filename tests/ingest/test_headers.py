"""Column names from header rows, units, footnotes and machine names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.ingest.headers import (
    HeaderColumn,
    build_header,
    finish_names,
    looks_like_code_column,
    machine_name,
    split_unit,
    tidy,
    unit_in_text,
)
from sousei.ingest.text import clean_label, strip_footnotes


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("総 数 Total", "総数 Total"),
        ("神　戸　市　の　推　計　人　口 ", "神戸市の推計人口"),
        ("人口　平成27年", "人口 平成27年"),
        (" 北    \u3000区    ", "北区"),
        ("年  月 Year and Month", "年月 Year and Month"),
        ("女 100に   対する男", "女 100に 対する男"),
    ],
)
def test_clean_label(text: str, label: str) -> None:
    assert clean_label(text) == label


@pytest.mark.parametrize(
    ("text", "label", "marks"),
    [
        ("人口 平成27年 (a)", "人口 平成27年", "(a)"),
        ("人口 平成22年（組替） 2)", "人口 平成22年（組替）", "2)"),
        ("面積（km2） (b) 1) 2)", "面積（km2）", "(b) 1) 2)"),
        ("人口密度 (a)/(b) 2)", "人口密度", "(a)/(b) 2)"),
        ("境域年次(2015)", "境域年次(2015)", ""),
        ("22年 a)ｂ）", "22年", "a)ｂ）"),
        ("人口※1", "人口", "※1"),
        ("(a)", "(a)", ""),
    ],
)
def test_strip_footnotes(text: str, label: str, marks: str) -> None:
    assert strip_footnotes(text) == (label, marks)


@pytest.mark.parametrize(
    ("text", "label", "unit"),
    [
        ("歳出額（千円）", "歳出額", "千円"),
        ("歳出額(千円)", "歳出額", "千円"),
        ("人口（人）", "人口", "人"),
        ("割合（％）", "割合", "%"),
        ("面積（㎢）", "面積", "㎢"),
        ("Area(k㎡)", "Area", "k㎡"),
        ("面積（km2）　(b) 1) 2)", "面積", "km2"),
        ("延長(m)", "延長", "m"),
        ("単価（単位：円）", "単価", "円"),
        ("総人口（男）", "総人口（男）", None),
        ("総面積（北方地域及び竹島を除く）", "総面積（北方地域及び竹島を除く）", None),
    ],
)
def test_units(text: str, label: str, unit: str | None) -> None:
    assert tidy(text) == (label, unit)


def test_unit_helpers() -> None:
    assert split_unit("（人）") == ("", "人")
    assert unit_in_text("人口推計（単位：千人）") == "千人"
    assert unit_in_text("人口推計") is None


def names(rows: list[list[str]]) -> list[str]:
    return [c.name for c in build_header(rows, max(len(r) for r in rows))]


def test_two_row_header_spans_left_label() -> None:
    assert names([["地域", "人口", "", "", "世帯数"], ["", "総数", "男", "女", ""]]) == [
        "地域",
        "人口_総数",
        "人口_男",
        "人口_女",
        "世帯数",
    ]


def test_repeated_upper_labels_are_not_doubled() -> None:
    assert names([["出生数", "出生数", "出生数"], ["総数", "男", "女"]]) == [
        "出生数_総数",
        "出生数_男",
        "出生数_女",
    ]


def test_unit_row_gives_units() -> None:
    columns = build_header([["出生数", "死産数", "婚姻件数"], ["（人）", "（胎）", "（件）"]], 3)
    assert [c.name for c in columns] == ["出生数", "死産数", "婚姻件数"]
    assert [c.unit for c in columns] == ["人", "胎", "件"]


def test_ssdse_header_rows() -> None:
    columns = build_header(
        [
            ["SSDSE-A-2025", "Prefecture", "Municipality", "A1101", "A110101"],
            ["", "", "年度", "2020", "2020"],
            ["地域コード", "都道府県", "市区町村", "総人口", "総人口（男）"],
        ],
        5,
    )
    assert [c.name for c in columns] == [
        "地域コード",
        "都道府県",
        "市区町村",
        "総人口",
        "総人口（男）",
    ]
    assert [c.code for c in columns] == [
        "SSDSE-A-2025",
        "Prefecture",
        "Municipality",
        "A1101",
        "A110101",
    ]
    assert [machine_name(c) for c in columns] == [
        "ssdse_a_2025",
        "prefecture",
        "municipality",
        "a1101",
        "a110101",
    ]
    assert columns[3].cells == ["A1101", "2020", "総人口"]


def test_year_row_joins_names_only_where_they_repeat() -> None:
    assert names([["地域", "人口", "人口"], ["", "2015", "2020"]]) == [
        "地域",
        "人口_2015",
        "人口_2020",
    ]


def test_bilingual_two_row_header() -> None:
    columns = build_header(
        [["人口Population", "", "世帯数       "], ["総 数 Total", "男 Males", "Households"]], 3
    )
    assert [c.name for c in columns] == [
        "人口Population_総数 Total",
        "人口Population_男 Males",
        "世帯数_Households",
    ]
    assert [machine_name(c) for c in columns] == [
        "population_total",
        "population_males",
        "households",
    ]


def test_machine_names() -> None:
    def column(name: str, index: int = 3, code: str | None = None) -> HeaderColumn:
        return HeaderColumn(index=index, name=name, unit=None, code=code)

    assert machine_name(column("人口")) == "c3"
    assert machine_name(column("population_jp")) == "population_jp"
    assert machine_name(column("Ｈ３０")) == "h30"
    assert machine_name(column("2020")) == "c3"
    assert machine_name(column("1km2当たり")) == "c1km2"
    assert machine_name(column("人口", code="A1101")) == "a1101"
    assert machine_name(column("x" * 100)) == "x" * 60


def test_finish_names_fixes_blank_and_duplicate_names() -> None:
    columns = [
        HeaderColumn(index=i, name=n, unit=None, code=None)
        for i, n in enumerate(["人口", "人口", "", "ID", "id"], start=1)
    ]
    names, machines, problems = finish_names(columns)
    assert names == ["人口", "人口_2", "列3", "ID", "id"]
    assert machines == ["c1", "c2", "c3", "id", "id_2"]
    assert [(p.code, p.column, p.severity) for p in problems] == [
        ("duplicate-header", 2, "warning"),
        ("blank-header", 3, "warning"),
    ]
    assert "column 3" in problems[1].message_en and "3 列目" in problems[1].message_ja


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("地域コード", True),
        ("団体コード", True),
        ("郵便番号", True),
        ("電話番号", True),
        ("区CD", True),
        ("ID", True),
        ("lgcode", False),
        ("zip code", True),
        ("人口", False),
        ("number_of_births", False),
    ],
)
def test_code_columns(name: str, code: bool) -> None:
    assert looks_like_code_column(name) is code


@given(st.lists(st.text(max_size=12), min_size=1, max_size=25))
def test_machine_names_are_safe_and_unique(labels: list[str]) -> None:
    columns = [
        HeaderColumn(index=i, name=clean_label(label), unit=None, code=None)
        for i, label in enumerate(labels, start=1)
    ]
    names, machines, _ = finish_names(columns)
    assert len(set(machines)) == len(machines)
    assert len(set(names)) == len(names)
    for machine in machines:
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,59}", machine)


def test_counts_about_post_offices_are_not_codes() -> None:
    assert not looks_like_code_column("事業所数（民営）（運輸業、郵便業）")
    assert not looks_like_code_column("電話相談件数")
