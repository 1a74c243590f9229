"""Assumptions estimated from an area's own population table (仮定値の推計).

From the standard population table (`sousei.stats.tables`), by sex and 5-year class:

- **cohort-change ratios** (コーホート変化率) between the latest snapshot and the one 5 years
  before: ``CCR[x] = P[x+5](t) / P[x](t−5)`` (the open class from 85-89 and 90+ together);
- **survival** (生残率) from the national schedule (`schedule`), for the base period and for
  every future period;
- **net migration** (純移動率) as the remainder ``M = CCR − S(base period)``, held for the
  future (kept at least ``−S`` so that no class turns negative);
- **CWR** (子ども女性比) from the latest snapshot, moved along the national trend:
  ``CWR(y) = CWR_area × CWR_nation(y) / CWR_nation(base)``; the base TFR is the national TFR
  scaled the same way (``1.44 × CWR_area / CWR_nation(base)``), for the simulations;
- **sex ratio 0–4** from the snapshot, or the national one when there are few children.

Small areas (町丁 and districts, or fewer than `SMALL_AREA` people) use a 10-year base period
when a snapshot 10 years back exists — the ratios pooled over two 5-year periods, as IPSS
stabilises small populations — and carry a warning when counts are too small to mean much.
年齢不詳 is apportioned over the known ages (IPSS's 按分), and the count apportioned is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sousei.projection.ages import CHILDBEARING, CLASS_COUNT, FEMALE, MALE, SEXES, STEP_YEARS
from sousei.projection.engine import child_woman_ratio
from sousei.projection.inputs import AreaInput
from sousei.projection.schedule import NATIONAL_TFR, NationalSchedule, national_schedule
from sousei.stats.frames import InsufficientData, as_timestamp, dates_of
from sousei.stats.pyramid import open_class_start, pyramid

SMALL_AREA = 5_000  # people: below this, the 10-year base period when it exists
TOO_SMALL = 500  # people: below this, a warning that the projection means little
FEW_CHILDREN = 100  # children 0–4: below this, the national sex ratio


@dataclass(frozen=True)
class Estimate:
    """An area's assumptions as the projection input, and how they were found."""

    area: AreaInput
    snapshots: tuple[pd.Timestamp, ...]  # oldest first; the last is the base
    base_period_years: int
    apportioned: int  # 年齢不詳 spread over the known ages
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (ja, en)

    def warnings_in(self, language: str) -> list[str]:
        return [en if language == "en" else ja for ja, en in self.warnings]

    def as_input(self) -> dict[str, object]:
        """The JSON input format (`sousei project`), with the estimate's provenance."""
        area = self.area
        assert area.tfr_base is not None
        return {
            "code": area.code,
            "name": area.name,
            "base_year": area.base_year,
            "population": {s: area.population[i].tolist() for i, s in enumerate(SEXES)},
            "survival": {s: area.survival[:, i].round(6).tolist() for i, s in enumerate(SEXES)},
            "net_migration": {
                s: area.net_migration[:, i].round(6).tolist() for i, s in enumerate(SEXES)
            },
            "child_woman_ratio": area.child_woman_ratio.round(6).tolist(),
            "sex_ratio_0_4": area.sex_ratio_0_4.round(4).tolist(),
            "tfr_base": area.tfr_base.round(4).tolist(),
        }


def snapshot(population: pd.DataFrame, when: object) -> tuple[np.ndarray, int]:
    """[2, 19] people by sex and class 0-4 … 90+ at a date, 年齢不詳 apportioned (and counted).

    A table whose open class is 85+ is split at 90 by the nation's share of 90+ within 85+.
    """
    start = open_class_start(population, when)
    if start is not None and start < 85:
        raise InsufficientData(f"the table's open age class starts at {start}; 85+ is needed")
    found = pyramid(population, when, open_from=90 if start is None or start >= 90 else 85)
    counts = np.zeros((2, CLASS_COUNT))
    for row in found.classes.itertuples():
        index = min(int(row.age_from) // 5, CLASS_COUNT - 1)
        counts[MALE, index] += row.male
        counts[FEMALE, index] += row.female
    if start == 85:
        share = national_schedule().share_90_in(as_timestamp(when).year)
        counts[:, -1] = counts[:, -2] * share
        counts[:, -2] -= counts[:, -1]
    unknown = np.array([found.unknown_male, found.unknown_female], dtype=float)
    known = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        counts += np.where(known > 0, counts / known, 0.0) * unknown[:, None]
    return counts, int(unknown.sum())


def _snapshot_or_none(population: pd.DataFrame, when: pd.Timestamp) -> tuple | None:
    try:
        return snapshot(population, when)
    except InsufficientData:
        return None


def _chain(population: pd.DataFrame, length: int = 3) -> list[tuple[pd.Timestamp, tuple]]:
    """The latest snapshot by sex and age and those 5 and 10 years before it, oldest first.

    Each earlier one is the date that year closest in the calendar to the latest (a 住基 table
    of 1 January keeps to 1 January); dates without an age breakdown are skipped."""
    dates = sorted((as_timestamp(d) for d in dates_of(population)), reverse=True)
    chain: list[tuple[pd.Timestamp, tuple]] = []
    for when in dates:
        if chain and when.year != chain[0][0].year - STEP_YEARS:
            continue
        if chain and when != min(
            (d for d in dates if d.year == when.year),
            key=lambda d: abs(d.day_of_year - chain[-1][0].day_of_year),
        ):
            continue
        found = _snapshot_or_none(population, when)
        if found is None:
            continue
        chain.insert(0, (when, found))
        if len(chain) == length:
            break
    return chain


def cohort_change_ratios(earlier: np.ndarray, later: np.ndarray) -> np.ndarray:
    """[2, 18]: P[x+5](later) / P[x](earlier), the open class from 85-89 and 90+; NaN for 0/0."""
    before = earlier[:, :-1].copy()
    before[:, -1] += earlier[:, -1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return later[:, 1:] / before


def estimate_assumptions(
    population: pd.DataFrame,
    *,
    code: str,
    name: str = "",
    small_area: bool | None = None,
    schedule: NationalSchedule | None = None,
) -> Estimate:
    """The projection input of one area from its population table (one area only).

    `small_area` (default: a district code `<area>-…` or under `SMALL_AREA` people) asks for
    the 10-year base period.
    """
    schedule = schedule or national_schedule()
    found = _chain(population)
    if not found:
        raise InsufficientData("no population by sex and 5-year age class")
    if len(found) < 2:
        raise InsufficientData(
            f"a snapshot by sex and age 5 years before {found[-1][0].date()} is needed"
        )
    chain = [when for when, _ in found]
    snaps = [snap for _, snap in found]
    base = chain[-1]
    latest, unknown = snaps[-1]
    small = ("-" in code or latest.sum() < SMALL_AREA) if small_area is None else small_area
    periods = 2 if small and len(chain) == 3 else 1
    used = chain[-periods - 1 :]
    warnings = _warnings(latest, small=small, periods=periods)
    survival_now = schedule.survival_for([d.year for d in used[:-1]]).mean(axis=0)
    earlier = sum(s for s, _ in snaps[-periods - 1 : -1])
    later = sum(s for s, _ in snaps[-periods:])
    ccr = cohort_change_ratios(earlier, later)
    ccr = np.where(np.isnan(ccr), survival_now, ccr)  # an empty cohort: survival, no migration
    migration_now = ccr - survival_now
    base_year = base.year
    future_survival = schedule.survival_for(range(base_year, 2100, STEP_YEARS))
    migration = np.maximum(migration_now[None], -future_survival)
    cwr_area = float(child_woman_ratio(latest))
    relative = cwr_area / schedule.cwr_in(base_year)
    years = range(base_year + STEP_YEARS, 2105, STEP_YEARS)
    cwr = np.array([schedule.cwr_in(y) * relative for y in years])
    children = latest[:, 0]
    sex_ratio = (
        children[MALE] / children[FEMALE] * 100
        if children.sum() >= FEW_CHILDREN and children[FEMALE] > 0
        else schedule.sex_ratio_in(base_year)
    )
    area = AreaInput(
        code=code,
        name=name,
        base_year=base_year,
        population=latest,
        survival=future_survival,
        net_migration=migration,
        child_woman_ratio=cwr,
        sex_ratio_0_4=np.array([sex_ratio]),
        tfr_base=np.array([NATIONAL_TFR * relative]),
    )
    return Estimate(area, tuple(used), periods * STEP_YEARS, unknown, warnings)


def _warnings(latest: np.ndarray, *, small: bool, periods: int) -> list[tuple[str, str]]:
    found = []
    total = round(float(latest.sum()))
    women = round(float(latest[FEMALE, CHILDBEARING].sum()))
    if total < TOO_SMALL:
        found.append(
            (
                f"人口が {total:,} 人と少なく、推計の誤差が大きくなります"
                f"（15〜49歳女性 {women:,} 人）",
                f"only {total:,} people ({women:,} women aged 15–49): the projection is very "
                "uncertain",
            )
        )
    if small and periods == 1:
        found.append(
            (
                "小地域ですが10年前の年齢別人口がないため、5年間の変化率で推計しました",
                "a small area, but without a snapshot 10 years back the 5-year ratios were used",
            )
        )
    return found
