"""Raking a set of areas to a control total (一律補正), as IPSS does with the municipalities.

IPSS makes the sum of its municipal projections equal the national projection by sex × age;
the Cabinet Office's recovery run does the same "一律補正". Here every cell (sex, age class) of
every area is multiplied by ``control[cell] / Σ areas[cell]`` (``by="sex_age"``, the default),
or every cell of every area by ``control / Σ all`` (``by="total"``). Inside `engine.project`
this happens at the end of each step, so each step starts from the controlled population.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from sousei.errors import InvalidInput

RakeBy = Literal["sex_age", "total"]


def _factors(sums: np.ndarray, control: np.ndarray) -> np.ndarray:
    """control / sums, 1 where both are zero; a positive control over no people is an error."""
    impossible = (sums == 0) & (control != 0)
    if impossible.any():
        raise InvalidInput(
            "管理合計に一致させられません（対象地域の人口が 0 の区分に正の管理合計があります）",
            "cannot rake to the control total: a cell with no people has a positive control",
            code="rake_impossible",
        )
    safe = np.where(sums == 0, 1.0, sums)
    return np.where(sums == 0, 1.0, control / safe)


def rake(
    population: np.ndarray, control: np.ndarray | float, *, by: RakeBy = "sex_age"
) -> np.ndarray:
    """Scale population [A, 2, 19] so that its sum over areas equals `control`.

    `control` is [2, 19] for ``by="sex_age"`` or a number for ``by="total"``.
    """
    population = np.asarray(population, dtype=float)
    control = np.asarray(control, dtype=float)
    if by == "sex_age":
        return population * _factors(population.sum(axis=0), control)
    if by == "total":
        return population * _factors(population.sum(), control)
    raise ValueError(f"unknown raking {by!r}")
