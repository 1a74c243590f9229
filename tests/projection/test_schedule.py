"""The shipped national schedule is what the national series gives."""

from __future__ import annotations

import numpy as np
import pytest

from sousei.projection.schedule import (
    national_schedule,
    pyramids_from_csv,
    schedule_from_pyramids,
)
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def pyramids():
    return pyramids_from_csv(shared_data("japan-pyramid-projection-2015-2065.csv"))


def test_shipped_schedule_is_the_derivation_of_the_national_series(pyramids):
    derived = schedule_from_pyramids(pyramids)
    shipped = national_schedule()
    assert sorted(shipped.survival) == list(range(2015, 2065, 5))
    for year in derived.survival:
        np.testing.assert_allclose(shipped.survival[year], derived.survival[year], atol=1e-6)
    for year in derived.child_woman_ratio:
        assert shipped.child_woman_ratio[year] == pytest.approx(
            derived.child_woman_ratio[year], abs=1e-6
        )


def test_survival_is_the_cohort_ratio_capped_at_one(pyramids):
    survival = national_schedule().survival[2015]
    # men 85-89 and 90+ in 2015 → men 90+ in 2020, straight from the series
    men_2015 = pyramids[2015][0, 17:].sum()
    men_2020 = pyramids[2020][0, 18:].sum()
    assert survival[0, 17] == pytest.approx(men_2020 / men_2015, abs=1e-6)
    assert (survival <= 1).all() and (survival[:, 12:] < 1).all()
    assert (np.diff(survival[:, 8:], axis=1) < 0).all()  # falls with age from 40


def test_national_cwr_2015(pyramids):
    children = pyramids[2015][:, 0].sum()
    women = pyramids[2015][1, 3:10].sum()
    assert national_schedule().cwr_in(2015) == pytest.approx(children / women, abs=1e-6)
    assert national_schedule().cwr_in(2100) == national_schedule().cwr_in(2065)


def test_years_between_entries_use_the_period_they_fall_in():
    schedule = national_schedule()
    assert schedule.cwr_in(2017) == schedule.cwr_in(2015)
    np.testing.assert_array_equal(schedule.survival_for([2017])[0], schedule.survival[2015])
    assert schedule.cwr_in(1990) == schedule.cwr_in(2015)
