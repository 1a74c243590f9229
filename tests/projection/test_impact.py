"""影響度: 自然増減 (Sim1 / Pattern 1) and 社会増減 (Sim2 / Sim1), levels 1-5."""

import pytest

from sousei.projection import impact_level, impact_of, impact_percent, impact_run, parse_inputs
from sousei.projection.impact import NATURAL_THRESHOLDS, SOCIAL_THRESHOLDS

from .tiny import tiny


def test_shinjo_2040_natural_impact_is_103_1_percent_level_2():
    # 新庄市人口ビジョン p.24: 社人研 27,018, シミュレーション① 27,848 → 103.1%.
    assert impact_percent(27_848, 27_018) == 103.1
    impact = impact_of(pattern1=27_018, sim1=27_848, sim2=27_848, year=2040)
    assert impact.natural_percent == 103.1
    assert impact.natural_level == 2
    assert impact.social_percent == 100.0
    assert impact.social_level == 2


@pytest.mark.parametrize(
    ("percent", "natural", "social"),
    [
        (99.9, 1, 1),
        (100.0, 2, 2),
        (104.9, 2, 2),
        (105.0, 3, 2),
        (110.0, 4, 3),
        (115.0, 5, 3),
        (121.9, 5, 4),  # 新庄市 シミュレーション④ ÷ 社人研 2040
        (130.0, 5, 5),
    ],
)
def test_levels_at_the_thresholds(percent, natural, social):
    assert impact_level(percent, NATURAL_THRESHOLDS) == natural
    assert impact_level(percent, SOCIAL_THRESHOLDS) == social


def test_rounding_first_keeps_the_level_consistent_with_the_printed_figure():
    # 104.96% prints as 105.0% and is level 3, not 2.
    assert impact_percent(10_496, 10_000) == 105.0
    assert impact_of(pattern1=10_000, sim1=10_496, sim2=10_496).natural_level == 3


def test_impact_run_gives_each_area_its_own_impact():
    doubled = {"male": [v * 2 for v in tiny()["population"]["male"]], "female": [1000] * 19}
    areas = parse_inputs([tiny(code="x"), tiny(code="y", population=doubled)])
    impacts = impact_run(areas, year=2040)
    for area in areas:
        assert impacts[area.code] == impact_run([area], year=2040)[area.code]
    assert impacts["x"] != impacts["y"]
    assert impacts["x"].year == 2040 and impacts["x"].natural_percent > 100
