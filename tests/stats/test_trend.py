"""The trend rule: least-squares slope over the period against 2% of the mean level."""

import pytest

from sousei.stats.trend import relative_change, slope, trend
from tests.stats.sample import BIRTHS, DEATHS, YEARS

# Tokyo, census 1975–1995 (prefecture-population-history.csv): the 1980s plateau.
TOKYO_YEARS = [1975, 1980, 1985, 1990, 1995]
TOKYO = [11673554, 11618281, 11829363, 11855563, 11773605]


def test_slope_is_least_squares_per_year():
    # Σ(x−x̄)(y−ȳ) / Σ(x−x̄)² for Ichinoseki's deaths H30–R4: 199 / 10.
    assert slope(YEARS, DEATHS) == pytest.approx(19.9)


def test_births_fall_and_deaths_rise_in_ichinoseki():
    assert trend(YEARS, BIRTHS) == "decreasing"
    assert trend(YEARS, DEATHS) == "increasing"
    # deaths: fitted change 19.9 × 4 years over a mean of 1,935.4
    assert relative_change(YEARS, DEATHS) == pytest.approx(79.6 / 1935.4)


def test_a_plateau_under_two_percent_is_flat():
    # fitted change 8,747.68/yr × 20 yr = 174,954 over a mean of 11,750,073: 1.49%
    assert relative_change(TOKYO_YEARS, TOKYO) == pytest.approx(0.01489, abs=1e-5)
    assert trend(TOKYO_YEARS, TOKYO) == "flat"


def test_two_years_are_no_trend():
    assert trend(YEARS[:2], BIRTHS[:2]) is None
