"""KPI arithmetic against the issue's oracles and the published grading rules."""

import pytest

from sousei.strategy.evaluation import (
    GRADE_SCALES,
    NO_GRADE,
    KpiFigures,
    achievement,
    expected_rate,
    grade_counts,
    grade_scale,
    kpi_actual,
    planned_path,
)
from sousei.strategy.plan import Aggregation, Direction


def kpi(direction=Direction.UP, aggregation=Aggregation.SINGLE_YEAR, **kwargs):
    figures = {
        "baseline_year": 2022,
        "baseline_value": 100.0,
        "target_year": 2027,
        "target_value": 110.0,
        "actuals": {},
    } | kwargs
    return KpiFigures(direction=direction, aggregation=aggregation, **figures)


def test_rising_kpi_progress_is_fifty_percent():
    result = achievement(kpi(actuals={2024: 105}), 2024)
    assert result.formula == "progress"
    assert round(result.rate, 1) == 50.0
    assert result.formula_text == "(105 − 100) ÷ (110 − 100) × 100 = 50.0%"


def test_same_kpi_as_a_ratio_is_95_5_percent():
    result = achievement(kpi(Direction.KEEP, actuals={2024: 105}), 2024)
    assert result.formula == "ratio"
    assert round(result.rate, 1) == 95.5


def test_falling_kpi_mirrors_progress():
    waiting = kpi(Direction.DOWN, baseline_value=20, target_value=0, actuals={2024: 5})
    result = achievement(waiting, 2024)
    assert round(result.rate, 1) == 75.0
    assert result.formula_text.startswith("(20 − 5) ÷ (20 − 0)")


def test_cumulative_kpi_sums_since_baseline_and_is_on_track():
    movers = kpi(
        aggregation=Aggregation.CUMULATIVE,
        baseline_value=0,
        target_value=500,
        actuals={2022: 999, 2023: 80, 2024: 120},
    )
    assert kpi_actual(movers, 2024) == 200
    result = achievement(movers, 2024)
    assert round(result.rate, 1) == 40.0
    assert result.expected == pytest.approx(40.0)
    assert result.on_track is True
    assert achievement(movers, 2025) is None


def test_target_equal_to_baseline_uses_the_ratio():
    hold = kpi(baseline_value=80, target_value=80, actuals={2024: 76})
    result = achievement(hold, 2024)
    assert result.formula == "ratio"
    assert round(result.rate, 1) == 95.0


def test_falling_ratio_rewards_staying_below_the_target():
    hold = kpi(Direction.DOWN, baseline_value=10, target_value=10, actuals={2024: 8})
    assert round(achievement(hold, 2024).rate, 1) == 125.0


def test_average_and_latest():
    rates = kpi(aggregation=Aggregation.AVERAGE, actuals={2023: 102, 2024: 106})
    assert kpi_actual(rates, 2024) == 104
    latest = kpi(aggregation=Aggregation.LATEST, actuals={2023: 102})
    assert kpi_actual(latest, 2025) == 102
    assert kpi_actual(latest, 2022) is None


def test_interim_target_sets_the_expected_progress():
    plan = kpi(interim_targets={2024: 108})
    assert expected_rate(plan, 2024) == pytest.approx(80.0)
    assert expected_rate(plan, 2025) == pytest.approx(60.0)


def test_planned_path_runs_from_baseline_to_target():
    path = planned_path(kpi(interim_targets={2024: 109}), range(2021, 2029))
    assert path == {2022: 100, 2023: 102, 2024: 109, 2025: 106, 2026: 108, 2027: 110}


def test_no_actual_grades_as_dash():
    for scale in GRADE_SCALES.values():
        assert scale.grade(kpi(), achievement(kpi(), 2024)) == NO_GRADE


@pytest.mark.parametrize(
    ("scale", "actual", "grade"),
    [
        ("abcd", 110, "A"),
        ("abcd", 108, "B"),
        ("abcd", 105, "C"),
        ("abcd", 104, "D"),
        ("ino", 110, "◎"),
        ("ino", 109, "○"),
        ("ino", 101, "△"),
        ("ino", 99, "×"),
        ("nagayo", 111, "S"),
        ("nagayo", 109, "B"),
        ("nagayo", 80, "C"),
    ],
)
def test_grade_thresholds(scale, actual, grade):
    figures = kpi(actuals={2027: actual})
    assert GRADE_SCALES[scale].grade(figures, achievement(figures, 2027)) == grade


def test_nagayo_a_is_better_than_baseline_by_more_than_ten_percent():
    figures = kpi(baseline_value=100, target_value=150, actuals={2025: 120})
    assert GRADE_SCALES["nagayo"].grade(figures, achievement(figures, 2025)) == "A"


def test_tama_grades_against_the_pro_rated_target():
    # Year 1 of 5 expects 20 %; 2 of 10 gained is exactly on schedule.
    figures = kpi(baseline_year=2022, target_year=2027, actuals={2023: 102, 2024: 102.5, 2025: 103})
    tama = GRADE_SCALES["tama"]
    assert tama.grade(figures, achievement(figures, 2023)) == "①"
    assert achievement(figures, 2024).pace == pytest.approx(62.5)
    assert tama.grade(figures, achievement(figures, 2024)) == "②"
    assert tama.grade(figures, achievement(figures, 2025)) == "③"


def test_grade_counts_list_every_grade():
    counts = grade_counts(["◎"] * 30 + ["○"] * 13 + ["△"] * 32 + [NO_GRADE], GRADE_SCALES["ino"])
    assert counts == {"◎": 30, "○": 13, "△": 32, "×": 0, NO_GRADE: 1}
    assert sum(counts.values()) == 76


def test_scale_found_by_id_or_label():
    assert grade_scale("◎○△×") is GRADE_SCALES["ino"]
    assert grade_scale("tama") is GRADE_SCALES["tama"]
    assert grade_scale("five stars") is None
