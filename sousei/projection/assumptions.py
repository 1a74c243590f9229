"""Assumptions for a set of areas over a projection period, as the engine takes them.

`assumptions_stack` turns parsed inputs into one array per assumption with a leading `areas`
axis and every per-step list extended to the number of steps (held at its last value).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sousei.errors import InvalidInput
from sousei.projection.ages import STEP_YEARS
from sousei.projection.inputs import AreaInput, hold_last


@dataclass(frozen=True)
class Assumptions:
    """A areas over T steps: population [A, 2, 19]; survival (生残率) and migration (純移動率)
    [A, T, 2, 18]; cwr (子ども女性比), sex_ratio, tfr_base [A, T] for the year each step ends
    (tfr_base NaN where an area gave none)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    base_year: int
    population: np.ndarray
    survival: np.ndarray
    migration: np.ndarray
    cwr: np.ndarray
    sex_ratio: np.ndarray
    tfr_base: np.ndarray

    @property
    def steps(self) -> int:
        return self.survival.shape[1]

    @property
    def years(self) -> tuple[int, ...]:
        """Base year first, then the end of every step."""
        return tuple(self.base_year + STEP_YEARS * k for k in range(self.steps + 1))

    @property
    def step_years(self) -> np.ndarray:
        """The year each step ends, the year its CWR and TFR belong to."""
        return np.array(self.years[1:], dtype=float)


def steps_to(base_year: int, to_year: int) -> int:
    """Number of 5-year steps from the base year to `to_year` (a multiple of 5 years later)."""
    span = to_year - base_year
    if span <= 0 or span % STEP_YEARS:
        raise InvalidInput(
            f"推計の終了年 {to_year} は基準年 {base_year} より後の5 年刻みの年である必要があります",
            f"the end year {to_year} must be after the base year {base_year}, in 5-year steps",
            code="invalid_projection_period",
        )
    return span // STEP_YEARS


def _tfr(area: AreaInput, steps: int) -> np.ndarray:
    if area.tfr_base is None:
        return np.full(steps, np.nan)
    return hold_last(area.tfr_base, steps)


def assumptions_stack(areas: Sequence[AreaInput], *, to_year: int) -> Assumptions:
    """Parsed areas (same base year) → `Assumptions` for the steps up to `to_year`."""
    base_year = areas[0].base_year
    steps = steps_to(base_year, to_year)
    return Assumptions(
        codes=tuple(a.code for a in areas),
        names=tuple(a.name for a in areas),
        base_year=base_year,
        population=np.stack([a.population for a in areas]),
        survival=np.stack([hold_last(a.survival, steps) for a in areas]),
        migration=np.stack([hold_last(a.net_migration, steps) for a in areas]),
        cwr=np.stack([hold_last(a.child_woman_ratio, steps) for a in areas]),
        sex_ratio=np.stack([hold_last(a.sex_ratio_0_4, steps) for a in areas]),
        tfr_base=np.stack([_tfr(a, steps) for a in areas]),
    )


def assumptions_concat(parts: Sequence[Assumptions]) -> Assumptions:
    """Several sets (e.g. one per scenario) as one, to project them in one vectorised run."""
    first = parts[0]
    return Assumptions(
        codes=tuple(c for p in parts for c in p.codes),
        names=tuple(n for p in parts for n in p.names),
        base_year=first.base_year,
        population=np.concatenate([p.population for p in parts]),
        survival=np.concatenate([p.survival for p in parts]),
        migration=np.concatenate([p.migration for p in parts]),
        cwr=np.concatenate([p.cwr for p in parts]),
        sex_ratio=np.concatenate([p.sex_ratio for p in parts]),
        tfr_base=np.concatenate([p.tfr_base for p in parts]),
    )
