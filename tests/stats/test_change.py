"""Population change, natural change, social change and the decomposition of change."""

import pandas as pd
import pytest

from sousei.stats.change import (
    change_decomposition,
    event_years,
    growth_rate,
    natural_change,
    population_change,
    population_totals,
    social_change,
)
from sousei.stats.frames import InsufficientData
from tests.stats.sample import (
    ICHINOSEKI,
    ichinoseki_migration,
    ichinoseki_vital,
    japan_population,
    migration_row,
    population_row,
)


def ichinoseki_census() -> pd.DataFrame:
    """Ichinoseki's census totals: 2015 121,583 and 2010 127,642 (census-2015 file),
    2020 111,932 (SSDSE-A 2025)."""
    return pd.DataFrame(
        [
            population_row(ICHINOSEKI, "2010-10-01", "total", "total", 127642),
            population_row(ICHINOSEKI, "2015-10-01", "total", "total", 121583),
            population_row(ICHINOSEKI, "2020-10-01", "total", "total", 111932),
        ]
    )


def test_natural_change_is_births_minus_deaths_per_year():
    table = natural_change(ichinoseki_vital())
    assert table["year"].tolist() == [2018, 2019, 2020, 2021, 2022]
    assert table["natural_change"].tolist() == [-1327, -1404, -1244, -1416, -1634]


def test_social_change_is_moves_in_minus_moves_out_per_year():
    table = social_change(ichinoseki_migration())
    assert table["social_change"].tolist() == [-394, -621, -591, -387, -417]
    assert table["social_change"].sum() == -2410


def test_social_change_counts_published_totals_once_beside_breakdowns():
    # Counterpart rows beside the totals (illustrative numbers) must not be added to them.
    extra = pd.DataFrame(
        [
            migration_row(2022, "in", 300, code="032018", name="盛岡市"),
            migration_row(2022, "out", 420, code="032018", name="盛岡市"),
        ]
    )
    table = social_change(pd.concat([ichinoseki_migration(), extra]))
    assert table.set_index("year").loc[2022, "social_change"] == -417


def test_social_change_sums_breakdowns_when_no_total_is_published():
    by_sex = pd.DataFrame(
        [
            migration_row(2022, "in", 1300, sex="male"),
            migration_row(2022, "in", 1213, sex="female"),
            migration_row(2022, "out", 1500, sex="male"),
            migration_row(2022, "out", 1430, sex="female"),
        ]
    )
    row = social_change(by_sex).iloc[0]
    assert (row.moves_in, row.moves_out, row.social_change) == (2513, 2930, -417)


def test_growth_rate_matches_the_census_published_rate():
    # census-2015 file: Ichinoseki 2010 → 2015, −6,059, −4.7468701525 %
    assert growth_rate(127642, 121583) == pytest.approx(-4.7468701525)


def test_population_change_between_two_census_dates():
    change = population_change(ichinoseki_census(), "2015-10-01", "2020-10-01")
    assert change.change == 111932 - 121583 == -9651
    assert change.growth_rate == pytest.approx(-9651 / 121583 * 100)


def test_population_totals_sum_sexes_and_ages_when_no_total_row():
    totals = population_totals(japan_population())
    # sums of the 2005 and 2020 rows of japan-pyramid-1920-2020.csv (known ages)
    assert totals["2005-10-01"] == 127285653
    assert totals["2020-10-01"] == 123214261
    assert len(totals) == 21


def test_event_years_between_population_dates():
    assert event_years("2018-01-01", "2023-01-01") == [2018, 2019, 2020, 2021, 2022]
    assert event_years("2017-12-31", "2022-12-31") == [2018, 2019, 2020, 2021, 2022]
    assert event_years("2015-10-01", "2020-10-01") == [2016, 2017, 2018, 2019, 2020]


def test_decomposition_splits_change_into_natural_social_and_residual():
    # Events are the published H30–R4 figures; the two register totals are illustrative.
    population = pd.DataFrame(
        [
            population_row(ICHINOSEKI, "2018-01-01", "total", "total", 120000),
            population_row(ICHINOSEKI, "2023-01-01", "total", "total", 110500),
        ]
    )
    parts = change_decomposition(
        population, ichinoseki_vital(), ichinoseki_migration(), "2018-01-01", "2023-01-01"
    )
    assert parts.years == (2018, 2019, 2020, 2021, 2022)
    assert parts.total_change == -9500
    assert parts.natural_change == -7025  # −1,327 −1,404 −1,244 −1,416 −1,634
    assert parts.social_change == -2410
    assert parts.residual == -9500 + 7025 + 2410 == -65


def test_decomposition_refuses_years_without_events():
    # 2015→2020 census needs events for 2016–2020; the seed has only 2018–2022.
    with pytest.raises(InsufficientData, match="2016"):
        change_decomposition(
            ichinoseki_census(),
            ichinoseki_vital(),
            ichinoseki_migration(),
            "2015-10-01",
            "2020-10-01",
        )
