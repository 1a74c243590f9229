"""The shipped national pyramid is the census series, and reads as a standard table."""

from __future__ import annotations

import csv

import pytest

from sousei.stats.analysis import pyramid
from sousei.stats.reference import national_census_year, national_population
from tests.conftest import shared_data


@pytest.mark.parametrize(
    ("year", "census"), [(2020, 2020), (2024, 2020), (2019, 2015), (1900, 1920)]
)
def test_the_census_that_stands_for_a_year(year, census):
    assert national_census_year(year) == census


def test_2020_is_the_census_series_cell_for_cell():
    with shared_data("japan-pyramid-1920-2020.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["year"] == "2020"]
    table = national_population(2020)
    assert table["value"].sum() == sum(int(r["value"]) for r in rows)
    women_90_94 = next(r for r in rows if r["sex"] == "女性" and r["age"] == "90~94歳")
    cell = table[(table["sex"] == "female") & (table["age"] == "90-94")]["value"].item()
    assert cell == int(women_90_94["value"])


def test_the_pyramid_analyses_read_it():
    shape = pyramid(national_population(2020), 2020, open_from=90)
    assert shape.classes["age"].tolist()[-1] == "90+"
    assert shape.total == national_population(2020)["value"].sum()
