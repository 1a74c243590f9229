"""パターン1, シミュレーション1 and 2, custom paths."""

import numpy as np
import pytest

from sousei.errors import InvalidInput
from sousei.projection import (
    assumptions_stack,
    base,
    custom,
    parse_inputs,
    projection_run,
    sim1,
    sim2,
    tfr_sim,
)
from sousei.projection.scenarios import scenario_apply

from .tiny import tiny


def test_tfr_sim_rises_linearly_to_the_target_then_stays():
    years = np.array([2025.0, 2030.0, 2035.0, 2040.0])
    got = tfr_sim(np.full(4, 1.5), years, base_year=2020, target=2.1, reach_year=2030)
    np.testing.assert_allclose(got, [1.8, 2.1, 2.1, 2.1])
    later = tfr_sim(np.full(4, 1.5), years, base_year=2020, target=2.1, reach_year=2040)
    np.testing.assert_allclose(later, [1.65, 1.8, 1.95, 2.1])


def test_sim1_scales_each_steps_cwr_by_tfr_sim_over_tfr_base():
    stacked = assumptions_stack(parse_inputs(tiny()), to_year=2030)
    changed = scenario_apply(stacked, sim1())
    # CWR 0.2 × 1.8 / 1.5 in 2025, 0.1 × 2.1 / 1.5 in 2030.
    np.testing.assert_allclose(changed.cwr, [[0.24, 0.14]])
    np.testing.assert_array_equal(changed.migration, stacked.migration)
    np.testing.assert_array_equal(changed.survival, stacked.survival)


def test_sim2_is_sim1_with_zero_net_migration():
    data = tiny()
    still = tiny(net_migration={"male": [0.0] * 18, "female": [0.0] * 18})
    (via_sim2,) = projection_run(parse_inputs(data), to_year=2070, scenarios=[sim2()])
    (by_hand,) = projection_run(parse_inputs(still), to_year=2070, scenarios=[sim1()])
    np.testing.assert_allclose(via_sim2.male, by_hand.male)
    np.testing.assert_allclose(via_sim2.female, by_hand.female)


def test_base_scenario_leaves_the_assumptions_alone():
    stacked = assumptions_stack(parse_inputs(tiny()), to_year=2070)
    same = scenario_apply(stacked, base())
    np.testing.assert_array_equal(same.cwr, stacked.cwr)
    np.testing.assert_array_equal(same.migration, stacked.migration)


def test_custom_tfr_path_and_migration_multiplier():
    stacked = assumptions_stack(parse_inputs(tiny()), to_year=2035)
    changed = scenario_apply(stacked, custom(tfr_path=[1.5, 3.0], migration_multiplier=0.5))
    # The path holds 3.0 for 2035; CWR there is the held 0.1 → 0.2.
    np.testing.assert_allclose(changed.cwr, [[0.2, 0.2, 0.2]])
    np.testing.assert_allclose(changed.migration, stacked.migration * 0.5)


def test_scenarios_need_tfr_base_and_say_which_area():
    data = tiny(code="13101")
    del data["tfr_base"]
    with pytest.raises(InvalidInput) as error:
        projection_run(parse_inputs(data), to_year=2030, scenarios=[sim1()])
    assert "tfr_base" in error.value.message_en
    assert "13101" in error.value.message_ja


def test_reach_year_must_follow_the_base_year():
    with pytest.raises(InvalidInput):
        projection_run(parse_inputs(tiny()), to_year=2030, scenarios=[sim1(reach_year=2020)])


def test_higher_fertility_raises_the_total_and_zero_outflow_raises_it_more():
    results = projection_run(parse_inputs(tiny()), to_year=2040, scenarios=[base(), sim1(), sim2()])
    pattern1, s1, s2 = (r.total_in(2040) for r in results)
    assert pattern1 < s1
    assert [r.scenario.name for r in results] == ["base", "sim1", "sim2"]
    assert s1 < s2
