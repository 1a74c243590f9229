"""The cohort-component step: a hand-computed projection and the invariants."""

import numpy as np
import pytest

from sousei.projection import (
    assumptions_stack,
    child_woman_ratio,
    parse_area,
    parse_inputs,
    project,
    projection_run,
)
from sousei.projection.runs import project_assumptions

from .tiny import tiny

# Worked by hand from tests/projection/tiny.py.
# 2025 men: 0-4 = 0.2 × 7,200 women 15-49 (1,200 + 6 × 1,000) ÷ 2 = 720; 5-9 = 100 × 0.9;
# class x (10-14 … 85-89) = 100 x × 0.8 = 80 x; 90+ = (1,800 + 1,900) × 1.0.
MALE_2025 = [720, 90, 160, 240, 320, 400, 480, 560, 640, 720, 800, 880, 960, 1040, 1120, 1200,
             1280, 1360, 3700]  # fmt: skip
# 2025 women: 0-4 = 720; 15-19 = 1,000 × 1.2; others 1,000; 90+ = (1,000 + 1,000) × 0.5.
FEMALE_2025 = [720, 1000, 1000, 1200] + [1000] * 15
# 2030: women 15-49 = 1,200 + 1,200 + 5 × 1,000 = 7,400; × 0.1 = 740 → 444 boys, 296 girls
# (150 boys per 100 girls). Men: 5-9 = 720 × 0.9; 10-14 = 90 × 0.8; class x = 80 (x − 1) × 0.8
# = 64 (x − 1); 90+ = (1,360 + 3,700) × 1.0.
MALE_2030 = [444, 648, 72, 128, 192, 256, 320, 384, 448, 512, 576, 640, 704, 768, 832, 896,
             960, 1024, 5060]  # fmt: skip
FEMALE_2030 = [296, 720, 1000, 1200, 1200] + [1000] * 13 + [1000]


def _run(data, to_year=2030):
    return project_assumptions(assumptions_stack([parse_area(data)], to_year=to_year))


def test_hand_computed_two_step_projection_every_cell():
    out = _run(tiny())
    assert out.shape == (1, 3, 2, 19)
    np.testing.assert_allclose(out[0, 0, 0], [100 * (x + 1) for x in range(19)])
    np.testing.assert_allclose(out[0, 0, 1], [1000] * 19)
    np.testing.assert_allclose(out[0, 1, 0], MALE_2025, rtol=0, atol=1e-9)
    np.testing.assert_allclose(out[0, 1, 1], FEMALE_2025, rtol=0, atol=1e-9)
    np.testing.assert_allclose(out[0, 2, 0], MALE_2030, rtol=0, atol=1e-9)
    np.testing.assert_allclose(out[0, 2, 1], FEMALE_2030, rtol=0, atol=1e-9)


def test_hand_computed_totals_and_years_through_the_run():
    (result,) = projection_run(parse_inputs(tiny()), to_year=2030)
    assert result.years == (2020, 2025, 2030)
    assert result.total.tolist() == pytest.approx(
        [38_000, sum(MALE_2025) + sum(FEMALE_2025), sum(MALE_2030) + sum(FEMALE_2030)]
    )


def test_per_step_lists_give_the_same_as_constant_lists():
    data = tiny()
    data["survival"] = {sex: [rates, rates] for sex, rates in data["survival"].items()}
    np.testing.assert_array_equal(_run(data), _run(tiny()))


def test_survival_one_and_migration_zero_only_ages_the_population():
    data = tiny(
        survival={"male": [1.0] * 18, "female": [1.0] * 18},
        net_migration={"male": [0.0] * 18, "female": [0.0] * 18},
        child_woman_ratio=0.0,
    )
    out = _run(data, to_year=2025)[0]
    before, after = out[0], out[1]
    np.testing.assert_array_equal(after[:, 1:18], before[:, 0:17])
    np.testing.assert_array_equal(after[:, 18], before[:, 17] + before[:, 18])
    assert after.sum() == before.sum()


def test_zero_cwr_empties_0_4():
    out = _run(tiny(child_woman_ratio=0.0), to_year=2070)[0]
    assert (out[1:, :, 0] == 0).all()
    assert (out[1:, :, 1:] > 0).any()


def test_cwr_and_sex_split_arithmetic():
    # 0.25 × 7,000 women 15-49 = 1,750 children; 105 boys per 100 girls → 896.34 / 853.66.
    population = np.zeros((1, 2, 19))
    population[0, 1, 2:9] = 1000  # women 10-14 … 40-44 become 15-19 … 45-49
    population[0, 1, 9] = 1000  # and 45-49 becomes 50-54
    population[0, 1, 1] = 1000  # 5-9 becomes 10-14: not childbearing
    rates = np.ones((1, 1, 2, 18))
    out = project(population, rates, np.zeros_like(rates), np.array([[0.25]]), np.array([[105.0]]))
    women = out[0, 1, 1, 3:10].sum()
    assert women == 7000
    assert out[0, 1, 0, 0] == pytest.approx(896.3415, abs=1e-4)
    assert out[0, 1, 1, 0] == pytest.approx(853.6585, abs=1e-4)


def test_cwr_from_published_figures_chonan_2010_and_2015():
    # 長南町人口ビジョン: 2010 0-4 = 207, women 15-49 = 1,452 → 0.143; 2015 173 / 1,246 → 0.139.
    def snapshot(boys, girls, women_by_class):
        population = np.zeros((2, 19))
        population[0, 0], population[1, 0] = boys, girls
        population[1, 3:10] = women_by_class
        return population

    y2010 = snapshot(106, 101, [180, 170, 190, 210, 230, 230, 242])
    y2015 = snapshot(90, 83, [150, 140, 160, 180, 190, 200, 226])
    assert y2010[1, 3:10].sum() == 1452 and y2015[1, 3:10].sum() == 1246
    assert round(float(child_woman_ratio(y2010)), 3) == 0.143
    assert round(float(child_woman_ratio(y2015)), 3) == 0.139


def test_per_area_results_do_not_depend_on_the_other_areas_in_the_run():
    rng = np.random.default_rng(5)
    areas = []
    for i in range(5):
        data = tiny(code=f"a{i}")
        data["population"] = {s: rng.integers(0, 5000, 19).tolist() for s in ("male", "female")}
        data["child_woman_ratio"] = float(rng.uniform(0.1, 0.3))
        areas.append(data)
    together = projection_run(parse_inputs(areas), to_year=2070)
    alone = projection_run(parse_inputs([areas[3]]), to_year=2070)[0]
    subset = projection_run(parse_inputs([areas[4], areas[3]]), to_year=2070)[1]
    for other in (together[3], subset):
        np.testing.assert_array_equal(other.male, alone.male)
        np.testing.assert_array_equal(other.female, alone.female)
