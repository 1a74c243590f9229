"""Long tables: columns named 市区町村コード, 基準日, 性別, 年齢階級, 人口 (or year, sex, age …)."""

from __future__ import annotations

import datetime as dt

import pytest

from sousei.ingest import read_table
from sousei.stats.recognise import RecognitionError, recognise
from sousei.stats.tables import Provenance
from tests.conftest import shared_data
from tests.stats.files import fixture


def _value(frame, **keys):
    rows = frame
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    return rows["value"].item()


def test_juki_age_table_with_full_width_ages() -> None:
    result = recognise(read_table(fixture("kobe-higashinada-juki-5year-2017-09.csv")))
    assert result.layout == "long"
    frame = result.table("population").frame
    assert set(frame["area_code"]) == {"281018"}
    assert set(frame["date"]) == {dt.date(2017, 9, 30)}
    assert _value(frame, sex="total", age="total") == 214157
    assert _value(frame, sex="male", age="total") == 100516
    assert _value(frame, sex="total", age="0-4") == 9296
    assert _value(frame, sex="female", age="100+") == 86
    classes = frame[(frame.sex == "total") & (frame.age != "total")]
    assert classes["value"].sum() == 214157


def test_long_table_agrees_with_the_single_years_it_was_summed_from() -> None:
    long = recognise(read_table(fixture("kobe-higashinada-juki-5year-2017-09.csv")))
    kobe = recognise(
        read_table(shared_data("kobe-population-by-town-age-2017-09.xlsx"), sheet="神戸市")
    )
    single = kobe.table("population").frame
    single = single[(single.area_code == "281018") & (single.sex == "male")]
    fives = long.table("population").frame
    assert (
        _value(fives, sex="male", age="20-24")
        == single[single.age_from.between(20, 24) & single.age.str.isdigit()]["value"].sum()
    )


def test_national_pyramid_without_an_area_column() -> None:
    table = read_table(shared_data("japan-pyramid-1920-2020.csv"))
    result = recognise(table, area_code="000000", provenance=Provenance(source="census"))
    frame = result.table("population").frame
    assert len(frame) == 780
    assert set(frame["sex"]) == {"male", "female"}
    assert _value(frame, date=dt.date(2020, 10, 1), sex="female", age="100+") == 69757
    assert _value(frame, date=dt.date(1920, 10, 1), sex="male", age="0-4") == 3752627


def test_long_table_without_area_asks_for_one() -> None:
    with pytest.raises(RecognitionError) as caught:
        recognise(read_table(shared_data("japan-pyramid-1920-2020.csv")))
    assert caught.value.code == "area-required"


def test_vital_events_in_a_column() -> None:
    text = '年,区分,人数\nH30,出生,626\nH30,死亡,"1,953"\nR4,出生,444\nR4,死亡,"2,078"\n'
    result = recognise(read_table(text.encode("cp932")), area_code="032093")
    frame = result.table("vital").frame
    assert _value(frame, year=2022, event="deaths") == 2078
    assert _value(frame, year=2018, event="births") == 626


def test_unrecognised_file_names_what_was_looked_for() -> None:
    text = "項目,内容\n会議名,有識者会議\n日時,令和5年7月27日\n"
    with pytest.raises(RecognitionError) as caught:
        recognise(read_table(text.encode()), area_code="032093")
    error = caught.value
    assert error.status == 400 and error.code == "not-recognised"
    assert "SSDSE" in error.message_ja and "縦持ち" in error.message_ja
    assert "years as columns" in error.message_en


def test_district_names_are_kept_with_their_codes() -> None:
    text = (
        "地域コード,地区名,年月日,性別,人口\n"
        "032093-01,一関地域,令和2年10月1日,計,55197\n"
        "032093-02,花泉地域,令和2年10月1日,計,12345\n"
    )
    table = recognise(read_table(text.encode("cp932"))).table("population")
    assert table.names == {"032093-01": "一関地域", "032093-02": "花泉地域"}
    assert _value(table.frame, area_code="032093-01") == 55197


def test_moves_by_place_read_from_counterpart_columns() -> None:
    text = (
        "年,区分,相手先コード,相手先,人数\n"
        "R4,転入,,計,2513\nR4,転出,,計,2930\n"
        "R4,転入,041009,仙台市,300\nR4,転出,041009,仙台市,420\n"
    )
    frame = recognise(read_table(text.encode("cp932")), area_code="032093").table("migration").frame
    sendai = frame[frame["counterpart_code"] == "041009"]
    assert sendai.set_index("direction")["value"].to_dict() == {"in": 300, "out": 420}
    assert set(sendai["counterpart_name"]) == {"仙台市"}
    assert _value(frame[frame["counterpart_code"].isna()], direction="out") == 2930
