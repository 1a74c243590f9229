"""和暦 parsing: examples from real files, era boundaries, and round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.ingest.wareki import (
    ERAS,
    era_of,
    needs_era,
    parse_fiscal_year,
    parse_wareki_date,
    parse_wareki_month,
    parse_wareki_year,
    to_wareki,
    year_month_iso,
)

FULL_WIDTH = str.maketrans("0123456789.RHS", "０１２３４５６７８９．ＲＨＳ")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和元年", 2019),
        ("令和2年", 2020),
        ("令和２年", 2020),
        ("R1", 2019),
        ("R02", 2020),
        ("Ｒ２", 2020),
        ("r3", 2021),
        ("H30", 2018),
        ("H30年", 2018),
        ("平成30年", 2018),
        ("平成元年", 1989),
        ("S63", 1988),
        ("昭和63年", 1988),
        ("大正元年", 1912),
        ("T15", 1926),
        ("明治元年", 1868),
        ("M45", 1912),
        ("平成32年", 2020),  # plans written before 2019 count on past the era's end
        ("2020年", 2020),
        ("平成20年 a)", 2008),  # footnote letter, as in Kobe's tables
        ("令和 2 年", 2020),
    ],
)
def test_years(text: str, year: int) -> None:
    assert parse_wareki_year(text) == year


@pytest.mark.parametrize(
    "text", ["元年", "21年", "2020", "令和", "H", "X30", "平成0年", "", "不詳"]
)
def test_not_years(text: str) -> None:
    assert parse_wareki_year(text) is None


def test_era_carried_from_above() -> None:
    assert parse_wareki_year("　　21年", era="平成") == 2009
    assert parse_wareki_year("元年", era="令和") == 2019
    assert parse_wareki_year("22年 a)ｂ）", era="平成") == 2010
    assert needs_era("　　21年") and needs_era("元年") and needs_era("2年4月")
    assert not needs_era("平成21年") and not needs_era("2021年")
    assert era_of("平成20年 a)") == "平成"
    assert era_of("H30/4") == "平成"
    assert era_of("R2.4.1") == "令和"
    assert era_of("2020年") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("平成30年度", 2018),
        ("令和元年度", 2019),
        ("R2年度", 2020),
        ("Ｈ３０年度", 2018),
        ("2018年度", 2018),
        ("FY2018", 2018),
    ],
)
def test_fiscal_years(text: str, year: int) -> None:
    assert parse_fiscal_year(text) == year


def test_fiscal_year_is_not_a_calendar_year() -> None:
    assert parse_fiscal_year("平成30年") is None
    assert parse_wareki_year("平成30年度") is None
    assert parse_fiscal_year("30年度", era="平成") == 2018


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H30/4", (2018, 4)),
        ("R2.4", (2020, 4)),
        ("令和2年4月", (2020, 4)),
        ("平成23年11月", (2011, 11)),
        ("平成24年１月", (2012, 1)),
        ("2020年4月", (2020, 4)),
        ("2020-04", (2020, 4)),
        ("2020/4", (2020, 4)),
        ("H30/13", None),
        ("2020.4", None),  # a decimal number, not a month
    ],
)
def test_months(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_wareki_month(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和2年4月1日", dt.date(2020, 4, 1)),
        ("令和２年４月１日", dt.date(2020, 4, 1)),
        ("R2.4.1", dt.date(2020, 4, 1)),
        ("R02.04.01", dt.date(2020, 4, 1)),
        ("H30/4/1", dt.date(2018, 4, 1)),
        ("S63-1-1", dt.date(1988, 1, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("令和二年四月一日", dt.date(2020, 4, 1)),
        ("平成三十一年四月三十日", dt.date(2019, 4, 30)),
        ("昭和六十四年一月七日", dt.date(1989, 1, 7)),
        ("2020/4/1", dt.date(2020, 4, 1)),
        ("2020-04-01", dt.date(2020, 4, 1)),
        ("2020年4月1日", dt.date(2020, 4, 1)),
        ("2020-04-01 00:00:00", dt.date(2020, 4, 1)),
        ("令和元年4月30日", None),  # 令和 began on 1 May 2019
        ("H31.2.30", None),
        ("R2.4/1", None),  # mixed separators
        ("2020/13/1", None),
        ("令和2年", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_wareki_date(text) == expected


@pytest.mark.parametrize(
    ("day", "kanji", "letters"),
    [
        (dt.date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (dt.date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (dt.date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (dt.date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (dt.date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
    ],
)
def test_to_wareki(day: dt.date, kanji: str, letters: str) -> None:
    assert to_wareki(day) == kanji
    assert to_wareki(day, letters=True) == letters


def test_year_month_iso() -> None:
    assert year_month_iso(2020, 4) == "2020-04"


dates = st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates)
def test_round_trip_kanji(day: dt.date) -> None:
    assert parse_wareki_date(to_wareki(day)) == day


@given(dates)
def test_round_trip_letters_and_full_width(day: dt.date) -> None:
    letters = to_wareki(day, letters=True)
    assert parse_wareki_date(letters) == day
    assert parse_wareki_date(letters.translate(FULL_WIDTH)) == day


@given(dates)
def test_year_and_month_follow_the_date(day: dt.date) -> None:
    kanji = to_wareki(day)
    year_part = kanji.split("年")[0] + "年"
    assert parse_wareki_year(year_part) == day.year
    assert parse_wareki_month(kanji.split("月")[0] + "月") == (day.year, day.month)
    assert parse_fiscal_year(year_part + "度") == day.year


@given(st.sampled_from(ERAS), st.integers(min_value=1, max_value=99))
def test_every_era_year(era, number: int) -> None:
    expected = era.start.year - 1 + number
    assert parse_wareki_year(f"{era.name}{number}年") == expected
    assert parse_wareki_year(f"{era.letter}{number}") == expected
    assert parse_fiscal_year(f"{era.name}{number}年度") == expected
    assert parse_wareki_year(f"{number}年", era=era.name) == expected


@given(st.text(max_size=20))
def test_never_raises(text: str) -> None:
    parse_wareki_year(text)
    parse_fiscal_year(text)
    parse_wareki_month(text)
    parse_wareki_date(text)
    era_of(text)
    needs_era(text)
