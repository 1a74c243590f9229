"""Age, sex, event and year labels as Japanese tables write them."""

from __future__ import annotations

import pytest

from sousei.stats.labels import (
    Age,
    Year,
    is_difference,
    is_restatement,
    parse_age,
    parse_direction,
    parse_event,
    parse_sex,
    parse_year,
)
from sousei.stats.tables import age_bounds


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("0～4歳", Age("0-4", 0, 4)),
        ("０～４歳", Age("0-4", 0, 4)),
        ("5-9", Age("5-9", 5, 9)),
        ("0~4歳", Age("0-4", 0, 4)),
        ("15〜64歳", Age("15-64", 15, 64)),
        ("85歳以上", Age("85+", 85, None)),
        ("100歳～", Age("100+", 100, None)),
        ("90+", Age("90+", 90, None)),
        ("15歳未満", Age("0-14", 0, 14)),
        ("5歳", Age("5", 5, 5)),
        ("0", Age("0", 0, 0)),
        ("総数", Age("total", None, None)),
        ("計", Age("total", None, None)),
        ("不詳", Age("unknown", None, None)),
        ("年齢不詳", Age("unknown", None, None)),
    ],
)
def test_age_labels(label: str, expected: Age) -> None:
    assert parse_age(label) == expected


def test_age_bounds_agree_with_the_tables_helper() -> None:
    for label in ("0～4歳", "85歳以上", "5歳", "総数"):
        age = parse_age(label)
        assert age is not None
        assert age_bounds(age.label) == (age.age_from, age.age_to)


@pytest.mark.parametrize("label", ["人口", "男", "abc", "", "9～5歳"])
def test_not_an_age(label: str) -> None:
    assert parse_age(label) is None


@pytest.mark.parametrize(
    ("label", "sex"),
    [
        ("男", "male"),
        ("男性", "male"),
        ("女", "female"),
        ("女性", "female"),
        ("総数", "total"),
        ("計", "total"),
        ("＊合計＊", "total"),
        ("male", "male"),
        ("年齢", None),
    ],
)
def test_sex_labels(label: str, sex: str | None) -> None:
    assert parse_sex(label) == sex


def test_events_directions_and_differences() -> None:
    assert parse_event("出生") == "births"
    assert parse_event("死亡数（人）") == "deaths"
    assert parse_direction("転入者数") == "in"
    assert parse_direction("転出") == "out"
    assert parse_event("転入") is None
    assert is_difference("差") and is_difference("自然増減") and not is_difference("出生")


def test_restatement_columns() -> None:
    assert is_restatement("再_65歳以上")
    assert not is_restatement("65歳以上")


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("H30", Year(2018)),
        ("R1", Year(2019)),
        ("R4", Year(2022)),
        ("平成30年", Year(2018)),
        ("令和元年", Year(2019)),
        ("2018", Year(2018)),
        ("2018年", Year(2018)),
        (2020, Year(2020)),
        ("令和元年度", Year(2019, fiscal=True)),
        ("FY2019", Year(2019, fiscal=True)),
    ],
)
def test_year_headers(label: object, year: Year) -> None:
    assert parse_year(label) == year


@pytest.mark.parametrize("label", ["12", "区分", "出生", 5, None])
def test_not_a_year(label: object) -> None:
    assert parse_year(label) is None
