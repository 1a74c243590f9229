"""Raking a set of areas to a control total (一律補正)."""

import numpy as np
import pytest

from sousei.errors import InvalidInput
from sousei.projection import parse_inputs, projection_run, rake

from .tiny import tiny


def _areas():
    rng = np.random.default_rng(7)
    return rng.uniform(0, 1000, size=(4, 2, 19))


def test_raking_by_sex_and_age_makes_every_cell_sum_to_the_control():
    control = np.full((2, 19), 3000.0)
    raked = rake(_areas(), control)
    np.testing.assert_allclose(raked.sum(axis=0), control)


def test_raking_by_total_keeps_the_shape_and_meets_the_total():
    areas = _areas()
    raked = rake(areas, 50_000.0, by="total")
    assert raked.sum() == pytest.approx(50_000.0)
    np.testing.assert_allclose(raked / raked.sum(), areas / areas.sum())


def test_projection_raked_at_every_step_sums_to_the_control_each_year():
    areas = [tiny(code="a"), tiny(code="b", child_woman_ratio=0.3)]
    control = np.full(2, 70_000.0)
    results = projection_run(parse_inputs(areas), to_year=2030, control=control, rake_by="total")
    for year in (2025, 2030):
        assert sum(r.total_in(year) for r in results) == pytest.approx(70_000.0)


def test_a_positive_control_over_an_empty_cell_is_refused():
    areas = np.zeros((2, 2, 19))
    with pytest.raises(InvalidInput) as error:
        rake(areas, np.ones((2, 19)))
    assert error.value.code == "rake_impossible"
