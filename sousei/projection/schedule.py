"""The national schedule (全国の仮定値) every area's assumptions start from.

Derived once from IPSS's national projection (平成29年推計, 出生中位・死亡中位, by sex and 5-year
class, 2015–2065) by `scripts/derive_national_schedule.py` and shipped as
`data/national_schedule.json`; the source file itself is not shipped.

- 生残率 per 5-year period and transition: the national cohort ratio ``P[x+5](t+5) / P[x](t)``
  capped at 1. For the whole country net international migration is small, so the ratio is
  survival, except at young adult ages where immigration lifts it above 1 (hence the cap).
- 子ども女性比 per year: children 0–4 ÷ women 15–49 of the national projection, whose trend
  scales an area's own ratio (the IPSS municipal convention: the area keeps its distance from
  the national ratio).
- the 0–4 sex ratio and the share of 90+ within 85+ per year, for areas whose tables stop at 85+.
"""

from __future__ import annotations

import csv
import functools
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sousei.projection.ages import CLASS_COUNT, FEMALE, MALE, STEP_YEARS
from sousei.projection.engine import child_woman_ratio

SCHEDULE_FILE = Path(__file__).parent / "data" / "national_schedule.json"
# IPSS 平成29年推計 出生中位 long-run total fertility rate; the base TFR of an area is this
# scaled by the area's CWR relative to the nation's (see `estimate`).
NATIONAL_TFR = 1.44
SOURCE = "国立社会保障・人口問題研究所「日本の将来推計人口（平成29年推計）」出生中位・死亡中位"


@dataclass(frozen=True)
class NationalSchedule:
    """Per period start year: survival [2, 18]; per year: CWR, sex ratio 0–4, 90+ share of 85+."""

    survival: Mapping[int, np.ndarray]
    child_woman_ratio: Mapping[int, float]
    sex_ratio_0_4: Mapping[int, float]
    share_90_of_85: Mapping[int, np.ndarray]  # [2]
    source: str = SOURCE

    def survival_for(self, start_years: Iterable[int]) -> np.ndarray:
        """[T, 2, 18] for periods starting in these years (see `_nearest` for years between)."""
        return np.stack([self.survival[_nearest(self.survival, y)] for y in start_years])

    def cwr_in(self, year: int) -> float:
        return self.child_woman_ratio[_nearest(self.child_woman_ratio, year)]

    def sex_ratio_in(self, year: int) -> float:
        return self.sex_ratio_0_4[_nearest(self.sex_ratio_0_4, year)]

    def share_90_in(self, year: int) -> np.ndarray:
        return self.share_90_of_85[_nearest(self.share_90_of_85, year)]

    def as_dict(self) -> dict[str, object]:
        def rounded(values: np.ndarray) -> list:
            return np.round(values, 6).tolist()

        return {
            "source": self.source,
            "survival": {str(y): rounded(s) for y, s in self.survival.items()},
            "child_woman_ratio": {str(y): round(v, 6) for y, v in self.child_woman_ratio.items()},
            "sex_ratio_0_4": {str(y): round(v, 4) for y, v in self.sex_ratio_0_4.items()},
            "share_90_of_85": {str(y): rounded(v) for y, v in self.share_90_of_85.items()},
        }


def _nearest(table: Mapping[int, object], year: int) -> int:
    """The entry that stands for `year`: the latest not after it (a 2017 base uses the
    2015→2020 period), else the first."""
    earlier = [y for y in sorted(table) if y <= year]
    return earlier[-1] if earlier else min(table)


def schedule_from_pyramids(pyramids: Mapping[int, np.ndarray]) -> NationalSchedule:
    """The schedule from national pyramids, year → [2, 20+] counts by 5-year class from 0-4
    (classes past 90-94 are summed into 90+ here)."""
    years = sorted(pyramids)
    full = {y: _nineteen(pyramids[y]) for y in years}
    survival = {}
    for a, b in itertools.pairwise(years):
        if b - a != STEP_YEARS:
            raise ValueError(f"national pyramids {a} and {b} are not 5 years apart")
        ratio = full[b][:, 1:].copy()
        ratio[:, :-1] /= full[a][:, :-2]
        ratio[:, -1] /= full[a][:, -2] + full[a][:, -1]
        survival[a] = np.minimum(ratio, 1.0)
    shares = {}
    for y in years:
        open_85 = np.asarray(pyramids[y], dtype=float)[:, 17:].sum(axis=1)
        shares[y] = np.asarray(pyramids[y], dtype=float)[:, 18:].sum(axis=1) / open_85
    return NationalSchedule(
        survival=survival,
        child_woman_ratio={y: float(child_woman_ratio(full[y])) for y in years},
        sex_ratio_0_4={y: float(full[y][MALE, 0] / full[y][FEMALE, 0] * 100) for y in years},
        share_90_of_85=shares,
    )


def pyramids_from_csv(path: Path) -> dict[int, np.ndarray]:
    """year → [2, 21] by class 0-4 … 95-99, 100+, from the CSV layout of the national series
    (columns year, sex 男性/女性, age 0~4歳 … 100歳以上, value)."""
    sexes = {"男性": MALE, "女性": FEMALE}
    cells: dict[int, np.ndarray] = defaultdict(lambda: np.zeros((2, 21)))
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            low = int(row["age"].split("~")[0].replace("歳以上", ""))
            cells[int(row["year"])][sexes[row["sex"]], low // 5] += float(row["value"])
    return dict(cells)


def _nineteen(classes: np.ndarray) -> np.ndarray:
    classes = np.asarray(classes, dtype=float)
    out = classes[:, :CLASS_COUNT].copy()
    out[:, -1] += classes[:, CLASS_COUNT:].sum(axis=1)
    return out


@functools.cache
def national_schedule() -> NationalSchedule:
    """The shipped schedule."""
    data = json.loads(SCHEDULE_FILE.read_text(encoding="utf-8"))
    return NationalSchedule(
        survival={int(y): np.array(v) for y, v in data["survival"].items()},
        child_woman_ratio={int(y): float(v) for y, v in data["child_woman_ratio"].items()},
        sex_ratio_0_4={int(y): float(v) for y, v in data["sex_ratio_0_4"].items()},
        share_90_of_85={int(y): np.array(v) for y, v in data["share_90_of_85"].items()},
        source=data["source"],
    )
