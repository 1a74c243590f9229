"""Assumptions estimated from population snapshots: what goes in comes back out."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sousei.projection import child_woman_ratio, parse_inputs, projection_run
from sousei.projection.ages import AGE_CLASSES
from sousei.projection.engine import step
from sousei.projection.estimate import cohort_change_ratios, estimate_assumptions, snapshot
from sousei.projection.schedule import NATIONAL_TFR, national_schedule
from sousei.stats.frames import InsufficientData
from sousei.stats.tables import age_bounds

MIGRATION = np.tile(np.linspace(-0.08, 0.03, 18), (2, 1))


def _rows(code: str, date: dt.date, counts: np.ndarray, labels=AGE_CLASSES, unknown=(0, 0)):
    for s, sex in enumerate(("male", "female")):
        for label, value in zip(labels, counts[s], strict=True):
            low, high = age_bounds(label)
            yield code, date, sex, label, low, high, round(float(value))
        if unknown[s]:
            yield code, date, sex, "unknown", None, None, unknown[s]


def _table(snapshots: dict[int, np.ndarray], code: str = "992011", **options) -> pd.DataFrame:
    rows = [
        row
        for year, counts in snapshots.items()
        for row in _rows(code, dt.date(year, 10, 1), counts, **options)
    ]
    columns = ["area_code", "date", "sex", "age", "age_from", "age_to", "value"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _history(start: np.ndarray, first_year: int, steps: int) -> dict[int, np.ndarray]:
    """Snapshots made by the engine itself with national survival and known migration."""
    schedule = national_schedule()
    found = {first_year: start}
    for k in range(steps):
        year = first_year + 5 * k
        survival = schedule.survival_for([year])[0]
        after = step(
            start[None], survival[None], MIGRATION[None], np.array([0.2]), np.array([105.0])
        )
        start = np.round(after[0])
        found[year + 5] = start
    return found


BASE = np.array([[3000.0 - 100 * x for x in range(19)], [2900.0 - 90 * x for x in range(19)]])


def test_migration_comes_back_as_the_remainder_after_national_survival():
    history = _history(BASE, 2010, 1)
    estimate = estimate_assumptions(_table(history), code="992011", name="サンプル市")
    area = estimate.area
    assert area.base_year == 2015 and estimate.base_period_years == 5
    np.testing.assert_allclose(area.population, history[2015])
    # the ratios observed 2010→2015 minus the national survival of 2010→2015: the migration
    # put in, up to the rounding of the snapshots to whole people
    np.testing.assert_allclose(area.net_migration[0], MIGRATION, atol=2e-3)
    assert not np.allclose(area.net_migration[0], MIGRATION, atol=1e-6)  # rounding is real


def test_cwr_follows_the_national_trend_and_tfr_scales_with_it():
    history = _history(BASE, 2010, 1)
    area = estimate_assumptions(_table(history), code="992011").area
    schedule = national_schedule()
    own = float(child_woman_ratio(history[2015]))
    assert area.child_woman_ratio[0] == pytest.approx(
        own * schedule.cwr_in(2020) / schedule.cwr_in(2015)
    )
    assert area.tfr_base[0] == pytest.approx(NATIONAL_TFR * own / schedule.cwr_in(2015))


def test_age_unknown_is_apportioned_and_counted():
    history = _history(BASE, 2010, 1)
    table = _table(history, unknown=(190, 0))
    counts, apportioned = snapshot(table, pd.Timestamp(2015, 10, 1))
    assert apportioned == 190
    assert counts[0].sum() == pytest.approx(history[2015][0].sum() + 190)
    assert counts[1].sum() == pytest.approx(history[2015][1].sum())
    shares = counts[0] / counts[0].sum()
    np.testing.assert_allclose(shares, history[2015][0] / history[2015][0].sum())


def test_an_85_plus_table_is_split_at_90_by_the_national_share():
    history = _history(BASE, 2010, 1)
    labels = [*AGE_CLASSES[:17], "85+"]
    short = {y: np.concatenate([c[:, :17], c[:, 17:].sum(axis=1, keepdims=True)], axis=1)
             for y, c in history.items()}  # fmt: skip
    counts, _ = snapshot(_table(short, labels=labels), 2015)
    share = national_schedule().share_90_in(2015)
    np.testing.assert_allclose(counts[:, 18], short[2015][:, 17] * share)
    np.testing.assert_allclose(counts[:, 17:].sum(axis=1), short[2015][:, 17])


def test_small_areas_pool_two_periods_and_warn():
    tiny = np.round(BASE / 200)
    history = _history(tiny, 2005, 2)
    estimate = estimate_assumptions(_table(history, code="992011-001"), code="992011-001")
    assert estimate.base_period_years == 10
    assert [d.year for d in estimate.snapshots] == [2005, 2010, 2015]
    ratios = cohort_change_ratios(history[2005] + history[2010], history[2010] + history[2015])
    survival = national_schedule().survival_for([2005, 2010]).mean(axis=0)
    np.testing.assert_allclose(estimate.area.net_migration[0], ratios - survival)
    ((warning_ja, warning_en),) = estimate.warnings
    assert "少なく" in warning_ja and "uncertain" in warning_en


def test_one_snapshot_is_not_enough():
    with pytest.raises(InsufficientData):
        estimate_assumptions(_table({2015: BASE}), code="992011")


def test_the_estimate_is_a_valid_input_for_the_engine():
    history = _history(BASE, 2010, 1)
    estimate = estimate_assumptions(_table(history), code="992011", name="市")
    (through_json,) = projection_run(parse_inputs(estimate.as_input()), to_year=2065)
    (direct,) = projection_run([estimate.area], to_year=2065)
    assert through_json.years == tuple(range(2015, 2070, 5))
    assert through_json.total[0] == history[2015].sum()
    np.testing.assert_allclose(through_json.total, direct.total, rtol=1e-5)


def test_a_base_date_between_census_years_is_estimated():
    """住基 tables are dated 30 September 2017 and so on: years off the 5-year grid."""
    history = {2012: BASE, 2017: np.round(BASE * 0.97)}
    frame = _table(history)
    estimate = estimate_assumptions(frame, code="281018")
    assert estimate.area.base_year == 2017
    np.testing.assert_array_equal(estimate.area.survival[0], national_schedule().survival[2015])
