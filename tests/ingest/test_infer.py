"""Type inference per column, on plain lists and on columns big enough to be dictionary-encoded."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from sousei.ingest.infer import convert_column


def convert(values: list[str], *, name: str = "値", force_text: bool = False, repeat: int = 1):
    array = pa.array(values * repeat, pa.string())
    return convert_column(array, name=name, index=2, first_row=5, force_text=force_text)


@pytest.mark.parametrize("repeat", [1, 5000])  # 5,000 copies: the dictionary-encoded path
def test_integers_with_markers(repeat: int) -> None:
    found = convert(["1,953", "△394", "－", "秘匿", "", " 12 ", "x"], repeat=repeat)
    assert found.type == "integer"
    assert found.array.type == pa.int64()
    assert found.array.to_pylist()[:7] == [1953, -394, None, None, None, 12, None]
    assert found.markers == {"－": repeat, "x": repeat, "秘匿": repeat}
    assert found.nulls == 4 * repeat
    assert (found.minimum, found.maximum) == (-394, 1953)
    assert found.blank.to_pylist()[:7] == [False, False, False, False, True, False, False]


@pytest.mark.parametrize("repeat", [1, 5000])
def test_decimals_and_percent(repeat: int) -> None:
    found = convert(["12.5%", "-3.25%", "0%"], repeat=repeat)
    assert found.type == "decimal"
    assert found.unit == "%"
    assert found.array.to_pylist()[:3] == [12.5, -3.25, 0.0]


def test_leading_zero_keeps_codes_as_text() -> None:
    found = convert(["01100", "13101", "47382"])
    assert found.type == "text"
    assert found.array.to_pylist() == ["01100", "13101", "47382"]


def test_code_named_columns_stay_text() -> None:
    found = convert(["1100", "13101"], force_text=True)
    assert found.type == "text"
    assert found.array.to_pylist() == ["1100", "13101"]


def test_huge_numbers_are_identifiers() -> None:
    assert convert(["12345678901234567890123"]).type == "text"


def test_overflowing_decimals_are_text() -> None:
    assert convert(["1.5", "1e999"]).type == "text"


def test_category_fumei_is_text() -> None:
    found = convert(["1", "2", "不詳"])
    assert found.type == "text"
    assert found.array.to_pylist() == ["1", "2", "不詳"]


def test_text_keeps_letter_markers_but_drops_dashes() -> None:
    found = convert(["S", "M", "X", "-", "…"])
    assert found.type == "text"
    assert found.array.to_pylist() == ["S", "M", "X", None, None]
    assert found.markers == {"-": 1, "…": 1}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["true", "false", "TRUE"], [True, False, True]),
        (["はい", "いいえ", ""], [True, False, None]),
        (["有", "無", "－"], [True, False, None]),
        (["あり", "なし"], [True, False]),
        (["○", "×", "○"], [True, False, True]),
    ],
)
def test_booleans(values: list[str], expected: list[bool | None]) -> None:
    found = convert(values)
    assert found.type == "boolean"
    assert found.array.to_pylist() == expected


@pytest.mark.parametrize("values", [["○", "○", ""], ["1", "0"], ["有", "maybe"]])
def test_not_booleans(values: list[str]) -> None:
    assert convert(values).type != "boolean"


@pytest.mark.parametrize("repeat", [1, 5000])
def test_dates(repeat: int) -> None:
    found = convert(["令和2年4月1日", "R2.4.2", "2020/4/3", "…"], repeat=repeat)
    assert found.type == "date"
    assert found.array.type == pa.date32()
    assert found.array.to_pylist()[:4] == [
        dt.date(2020, 4, 1),
        dt.date(2020, 4, 2),
        dt.date(2020, 4, 3),
        None,
    ]
    assert (found.minimum, found.maximum) == ("2020-04-01", "2020-04-03")


def test_year_months() -> None:
    found = convert(["H30/4", "平成30年5月", "2018-06"])
    assert found.type == "year_month"
    assert found.array.to_pylist() == ["2018-04", "2018-05", "2018-06"]
    assert (found.minimum, found.maximum) == ("2018-04", "2018-06")


def test_years_and_fiscal_years() -> None:
    found = convert(["平成30年度", "令和元年度", "R2", "2021年"])
    assert found.type == "year"
    assert found.array.to_pylist() == [2018, 2019, 2020, 2021]


def test_plain_years_stay_integers() -> None:
    assert convert(["2019", "2020"]).type == "integer"


@pytest.mark.parametrize("repeat", [1, 5000])
def test_era_carried_down_in_file_order(repeat: int) -> None:
    found = convert(["昭和63年", "平成元年", "2年", "3年", "令和元年", "2年"], repeat=repeat)
    assert found.type == "year"
    assert found.array.to_pylist()[:6] == [1988, 1989, 1990, 1991, 2019, 2020]


def test_era_less_year_without_an_era_above_is_text() -> None:
    assert convert(["21年", "平成22年"]).type == "text"


def test_mixed_kinds_are_text() -> None:
    assert convert(["平成30年", "平成30年4月"]).type == "text"


def test_almost_numeric_column_warns_with_row_and_value() -> None:
    found = convert([str(i) for i in range(20)] + ["12a"])
    assert found.type == "text"
    [problem] = found.problems
    assert problem.code == "type-error"
    assert problem.severity == "warning"
    assert problem.row == 25  # first_row 5 + position 20
    assert problem.column == 2
    assert "12a" in problem.message_ja and "12a" in problem.message_en


def test_almost_numeric_warning_on_the_dictionary_path() -> None:
    values = [str(i % 100) for i in range(20_000)]
    values[15_000] = "12a"
    found = convert(values)
    assert found.problems[0].row == 15_005


def test_all_blank_column() -> None:
    found = convert(["", " ", "\u3000"])
    assert found.type == "text"
    assert found.empty
    assert found.nulls == 3


def test_chunked_input() -> None:
    chunked = pa.chunked_array([pa.array(["1", "2"]), pa.array(["△3"])])
    found = convert_column(chunked, name="n", index=1, first_row=2)
    assert found.array.to_pylist() == [1, 2, -3]
