"""Wide tables with years as columns: seed 004's vital and migration tables, a census table."""

from __future__ import annotations

import datetime as dt

import pytest

from sousei.ingest import read_table
from sousei.stats.recognise import RecognitionError, recognise
from tests.stats.files import fixture

ICHINOSEKI = "032093"
YEARS = [2018, 2019, 2020, 2021, 2022]


def _series(frame, column, key):
    rows = frame[frame[column] == key].sort_values("year")
    return rows["value"].tolist()


def test_vital_rows_read_births_and_deaths_by_year() -> None:
    result = recognise(read_table(fixture("ichinoseki-vital-h30-r4.cp932.csv")), area_code="03209")
    assert result.layout == "vital_rows"
    frame = result.table("vital").frame
    assert set(frame["area_code"]) == {ICHINOSEKI}
    assert sorted(set(frame["year"])) == YEARS
    assert _series(frame, "event", "births") == [626, 545, 555, 482, 444]
    assert _series(frame, "event", "deaths") == [1953, 1949, 1799, 1898, 2078]


def test_vital_rows_say_what_they_read_and_keep_no_difference_row() -> None:
    result = recognise(read_table(fixture("ichinoseki-vital-h30-r4.cp932.csv")), area_code="032093")
    assert (
        result.notes_ja[0]
        == "年（H30〜R4）を列に、出生・死亡を行に持つ表として読みました（1表、10行）。"
    )
    assert "checked" in result.notes_en[1]
    assert len(result.tables) == 1 and len(result.tables[0].frame) == 10
    assert result.warnings == []


def test_provenance_comes_from_the_note_below_the_table() -> None:
    result = recognise(read_table(fixture("ichinoseki-vital-h30-r4.cp932.csv")), area_code="032093")
    assert result.table("vital").provenance.source == "juki"  # 資料：住民基本台帳


def test_migration_rows_read_moves_in_and_out() -> None:
    result = recognise(
        read_table(fixture("ichinoseki-migration-h30-r4.cp932.csv")), area_code="032093"
    )
    assert result.layout == "migration_rows"
    frame = result.table("migration").frame
    assert _series(frame, "direction", "in") == [2652, 2432, 2281, 2248, 2513]
    assert _series(frame, "direction", "out") == [3046, 3053, 2872, 2635, 2930]
    assert set(frame["sex"]) == {"total"} and set(frame["age"]) == {"total"}
    assert frame["counterpart_code"].isna().all()
    assert result.warnings == []  # △394 … agree with in − out


def test_a_wrong_difference_row_is_a_located_warning() -> None:
    text = "\tH30\tR1\n出生\t626\t545\n死亡\t1,953\t1,949\n差\t-1,327\t-1,400\n"
    result = recognise(read_table(text.encode()), area_code="032093")
    (warning,) = result.warnings
    assert warning.code == "difference-mismatch"
    assert warning.row == 4 and warning.column_name == "R1"
    assert "-1,404" in warning.message_ja


def test_seed_tab_layout_reads_as_published() -> None:
    text = "\tH30\tR1\tR2\tR3\tR4\n出生\t626\t545\t555\t482\t444\n"
    text += "死亡\t1,953\t1,949\t1,799\t1,898\t2,078\n差\t-1,327\t-1,404\t-1,244\t-1,416\t-1,634\n"
    frame = recognise(read_table(text.encode("cp932")), area_code="032093").table("vital").frame
    assert frame[(frame.year == 2022) & (frame.event == "deaths")]["value"].item() == 2078


def test_census_years_as_columns_give_population_and_households() -> None:
    result = recognise(read_table(fixture("ichinoseki-census-h22-r2.csv")), area_code="032093")
    assert result.layout == "wide_years"
    population = result.table("population")
    assert population.provenance.source == "census"
    frame = population.frame.set_index(["date", "sex"])["value"]
    assert frame[(dt.date(2020, 10, 1), "total")] == 111932
    assert frame[(dt.date(2015, 10, 1), "total")] == 121583
    assert frame[(dt.date(2020, 10, 1), "male")] == 54254
    households = result.table("households").frame
    assert households["value"].tolist() == [42633, 43046, 42232]
    assert [w.code for w in result.warnings] == ["missing-value"]  # the four "-" cells


def test_wide_table_without_an_area_asks_for_one() -> None:
    with pytest.raises(RecognitionError) as caught:
        recognise(read_table(fixture("ichinoseki-vital-h30-r4.cp932.csv")))
    assert caught.value.code == "area-required"
    assert "地域コード" in caught.value.message_ja


def test_second_table_in_one_file_is_reported_not_lost_silently() -> None:
    both = (
        fixture("ichinoseki-vital-h30-r4.cp932.csv").read_bytes()
        + b"\r\n"
        + fixture("ichinoseki-migration-h30-r4.cp932.csv").read_bytes()
    )
    result = recognise(read_table(both), area_code="032093")
    assert result.layout == "vital_rows"
    assert "extra-content" in {w.code for w in result.warnings}
