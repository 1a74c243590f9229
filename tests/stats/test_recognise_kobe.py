"""Kobe's town-by-age workbook: towns (町丁) per ward sheet, wards on the city sheet."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pyarrow as pa
import pytest

from sousei.ingest import list_sheets, read_table
from sousei.stats.recognise import recognise
from tests.conftest import shared_data

KOBE = "kobe-population-by-town-age-2017-09.xlsx"
UOZAKI_KITA_1 = "281018-101001001"  # 東灘区 魚崎北町１丁目
DATE = dt.date(2017, 9, 30)


@pytest.fixture(scope="module")
def higashinada_table():
    return read_table(shared_data(KOBE), sheet="東灘区")


@pytest.fixture(scope="module")
def higashinada(higashinada_table):
    return recognise(higashinada_table)


def _value(frame, **keys):
    rows = frame
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    return rows["value"].item()


def test_ward_sheet_is_read_town_by_town(higashinada) -> None:
    assert higashinada.layout == "kobe_town_age"
    population = higashinada.table("population").frame
    assert set(population["date"]) == {DATE}
    assert population["area_code"].nunique() == 191
    assert "13件" in higashinada.notes_ja[1]  # secret towns left out
    assert higashinada.table("population").provenance.source == "juki"


def test_one_town_has_its_published_figures(higashinada) -> None:
    town = higashinada.table("population").frame
    town = town[town.area_code == UOZAKI_KITA_1]
    assert _value(town, sex="total", age="total") == 846
    assert _value(town, sex="male", age="total") == 433
    assert _value(town, sex="female", age="total") == 413
    assert _value(town, sex="total", age="0") == 6
    assert _value(town, sex="total", age="1") == 8
    assert _value(town, sex="total", age="100+") == 0
    ages = town[(town.sex == "total") & ~town.age.isin(["total"])]
    assert len(ages) == 101 and ages["value"].sum() == 846
    households = higashinada.table("households").frame
    assert _value(households, area_code=UOZAKI_KITA_1) == 414


def test_towns_add_up_to_the_subtotal_row(higashinada) -> None:
    population = higashinada.table("population").frame
    totals = population[population.age == "total"].groupby("sex")["value"].sum()
    assert totals.to_dict() == {"female": 113641, "male": 100516, "total": 214157}  # ＊東灘区計＊
    assert higashinada.table("households").frame["value"].sum() == 100888
    assert higashinada.warnings == []


def test_a_subtotal_that_disagrees_is_a_located_warning(higashinada_table) -> None:
    data = higashinada_table.data
    index = data.schema.get_field_index("c8")  # 合計
    changed = data.column("c8").to_pylist()
    changed[0] += 1  # ＊東灘区計＊
    table = dataclasses.replace(
        higashinada_table, data=data.set_column(index, "c8", pa.array(changed))
    )
    (warning,) = recognise(table).warnings
    assert warning.code == "total-mismatch"
    assert warning.row == 3 and warning.column_name == "合計"


@pytest.mark.parametrize("sheet", ["北区", "北須磨"])
def test_every_ward_sheet_is_consistent(sheet: str) -> None:
    result = recognise(read_table(shared_data(KOBE), sheet=sheet))
    assert result.layout == "kobe_town_age"
    assert result.warnings == []


def test_workbook_has_the_city_and_ward_sheets() -> None:
    sheets = list_sheets(shared_data(KOBE))
    assert len(sheets) == 11 and sheets[0] == "神戸市"


def test_city_sheet_gives_wards_and_branches_by_sex_and_age() -> None:
    result = recognise(read_table(shared_data(KOBE), sheet="神戸市"))
    assert result.layout == "kobe_ward_age"
    frame = result.table("population").frame
    assert _value(frame, area_code="281000", sex="total", age="total") == 1542375
    assert _value(frame, area_code="281000", sex="male", age="0") == 5745
    assert _value(frame, area_code="281093", sex="total", age="total") == 220254  # 北区
    assert _value(frame, area_code="281093-20001", sex="male", age="total") == 41203  # 北神
    households = result.table("households").frame
    assert _value(households, area_code="281000") == 752112
    assert households["area_code"].nunique() == 16
    assert result.warnings == []
