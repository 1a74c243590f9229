"""影響度: how much a 地方人口ビジョン's natural and social change would matter.

As the Cabinet Office's worksheet defines it, in the target year (default 2040):

- 自然増減の影響度 = シミュレーション1 ÷ パターン1 (fertility alone),
- 社会増減の影響度 = シミュレーション2 ÷ シミュレーション1 (migration alone),

each written as a percentage and bucketed 1-5:

| level | natural | social |
| --- | --- | --- |
| 1 | < 100% | < 100% |
| 2 | 100-105% | 100-110% |
| 3 | 105-110% | 110-120% |
| 4 | 110-115% | 120-130% |
| 5 | ≥ 115% | ≥ 130% |

Source of the thresholds: ../shared/reference/projection-and-evaluation.md §2.3, which marks
them [M] (not yet checked against the worksheet itself); they are parameters here. The
percentage is rounded to one decimal before bucketing, so the level always agrees with the
figure printed beside it (新庄市 2040: 27,848 ÷ 27,018 = 103.07… → 103.1% → level 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NATURAL_THRESHOLDS: tuple[float, ...] = (100.0, 105.0, 110.0, 115.0)
SOCIAL_THRESHOLDS: tuple[float, ...] = (100.0, 110.0, 120.0, 130.0)
DEFAULT_IMPACT_YEAR = 2040


def impact_percent(numerator: float, denominator: float) -> float:
    """numerator ÷ denominator as a percentage rounded to one decimal (103.1)."""
    return round(numerator / denominator * 100, 1)


def impact_level(percent: float, thresholds: Sequence[float]) -> int:
    """1 below the first threshold, +1 for every threshold reached."""
    return 1 + sum(percent >= t for t in thresholds)


@dataclass(frozen=True)
class Impact:
    """自然増減 and 社会増減 の影響度 in one year."""

    year: int
    natural_percent: float
    natural_level: int
    social_percent: float
    social_level: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "year": self.year,
            "natural_percent": self.natural_percent,
            "natural_level": self.natural_level,
            "social_percent": self.social_percent,
            "social_level": self.social_level,
        }


def impact_of(
    *, pattern1: float, sim1: float, sim2: float, year: int = DEFAULT_IMPACT_YEAR
) -> Impact:
    """The 影響度 from the three totals in the target year."""
    natural = impact_percent(sim1, pattern1)
    social = impact_percent(sim2, sim1)
    return Impact(
        year=year,
        natural_percent=natural,
        natural_level=impact_level(natural, NATURAL_THRESHOLDS),
        social_percent=social,
        social_level=impact_level(social, SOCIAL_THRESHOLDS),
    )
