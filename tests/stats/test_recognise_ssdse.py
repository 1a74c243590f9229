"""The SSDSE-A file: all 1,741 municipalities in one step, each indicator checked by its label."""

from __future__ import annotations

import datetime as dt

import pytest

from sousei.ingest import read_table
from sousei.stats.recognise import recognise
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def ssdse():
    return recognise(read_table(shared_data("ssdse-a-2025.cp932.csv")))


def _value(frame, **keys):
    rows = frame
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    return rows["value"].item()


def test_layout_and_all_municipalities(ssdse) -> None:
    assert ssdse.layout == "ssdse"
    frame = ssdse.table("population").frame
    assert frame["area_code"].nunique() == 1741
    assert frame[frame.area_code.str.startswith("01")]["area_code"].nunique() == 179  # 北海道
    assert "1,741" in ssdse.notes_ja[0]
    assert ssdse.warnings == []


def test_sapporo_population_by_sex(ssdse) -> None:
    frame = ssdse.table("population").frame
    sapporo = frame[(frame.area_code == "011002") & (frame.age == "total")]
    assert set(sapporo["date"]) == {dt.date(2020, 10, 1)}
    assert _value(sapporo, sex="total") == 1973395
    assert _value(sapporo, sex="male") + _value(sapporo, sex="female") == 1973395


def test_broad_age_classes_and_age_unknown(ssdse) -> None:
    frame = ssdse.table("population").frame
    city = frame[(frame.area_code == "032093") & (frame.sex == "total")]
    assert _value(city, age="0-14") == 11563
    assert _value(city, age="15-64") == 58370
    assert _value(city, age="65+") == 41306
    assert _value(city, age="75+") == 22181
    row = city[city.age == "0-14"].iloc[0]
    assert (row.age_from, row.age_to) == (0, 14)
    unknown = _value(city, age="unknown")
    assert 11563 + 58370 + 41306 + unknown == 111932


def test_vital_migration_and_households_with_their_years(ssdse) -> None:
    vital = ssdse.table("vital")
    assert set(vital.frame["year"]) == {2022}
    assert _value(vital.frame, area_code="011002", event="births") == 11172
    assert _value(vital.frame, area_code="011002", event="deaths") == 23561
    migration = ssdse.table("migration")
    assert set(migration.frame["year"]) == {2023}
    assert _value(migration.frame, area_code="011002", direction="in") == 111776
    assert _value(migration.frame, area_code="011002", direction="out") == 102951
    households = ssdse.table("households").frame
    assert _value(households, area_code="011002") == 969161


def test_each_table_says_which_survey_it_comes_from(ssdse) -> None:
    sources = {t.kind: (t.provenance.source, t.provenance.vintage) for t in ssdse.tables}
    assert sources["population"] == ("census", "2020年国勢調査（SSDSE-A）")
    assert sources["migration"][0] == "juki"
    assert sources["vital"][1] == "2022年人口動態統計（SSDSE-A）"
