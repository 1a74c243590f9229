"""The cohort-component step (コーホート要因法), vectorised over areas.

One 5-year step, sexes separate, 19 classes (see `ages`):

- ages 5 and over: ``P[x+5](t+5) = P[x](t) × (S[x] + M[x])``, with `S` the 生残率 (survival
  ratio) and `M` the 純移動率 (net migration rate) relative to the population at the start of
  the period — the IPSS municipal convention;
- the open class: ``P[90+](t+5) = (P[85-89](t) + P[90+](t)) × (S[90+] + M[90+])``;
- ages 0-4: ``P[0-4](t+5) = CWR(t+5) × Σ women 15-49 at t+5`` (子ども女性比), split by the
  0-4 sex ratio `SR` (boys per 100 girls): boys ``× SR / (SR + 100)``, girls ``× 100 / (SR + 100)``.

Every function takes arrays with a leading `areas` axis so that all 1,741 municipalities (and
all scenarios, stacked as more "areas") move in one numpy operation per step; no area's result
depends on which other areas share the run, unless a control total is given (see `raking`).
"""

from __future__ import annotations

import numpy as np

from sousei.projection.ages import CHILDBEARING, CLASS_COUNT, FEMALE, MALE
from sousei.projection.raking import RakeBy, rake


def child_woman_ratio(population: np.ndarray) -> np.ndarray:
    """子ども女性比 = children 0-4 (both sexes) ÷ women 15-49, for population [..., 2, 19].

    The inverse of the births rule, for deriving a CWR from a census snapshot.
    """
    population = np.asarray(population, dtype=float)
    children = population[..., MALE, 0] + population[..., FEMALE, 0]
    return children / population[..., FEMALE, CHILDBEARING].sum(axis=-1)


def births_split(births: np.ndarray, sex_ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Boys and girls aged 0-4 from both sexes together and the sex ratio (boys per 100 girls)."""
    boys = births * sex_ratio / (sex_ratio + 100.0)
    return boys, births * 100.0 / (sex_ratio + 100.0)


def _advance(
    population: np.ndarray, rate: np.ndarray, cwr: np.ndarray, sex_ratio: np.ndarray
) -> np.ndarray:
    """One step with the combined rate S + M already summed."""
    after = np.empty_like(population, dtype=float)
    np.multiply(population[..., : CLASS_COUNT - 2], rate[..., :-1], out=after[..., 1:-1])
    np.multiply(population[..., -2] + population[..., -1], rate[..., -1], out=after[..., -1])
    women = after[:, FEMALE, CHILDBEARING].sum(axis=-1)
    boys, girls = births_split(cwr * women, sex_ratio)
    after[:, MALE, 0] = boys
    after[:, FEMALE, 0] = girls
    return after


def step(
    population: np.ndarray,
    survival: np.ndarray,
    migration: np.ndarray,
    cwr: np.ndarray,
    sex_ratio: np.ndarray,
) -> np.ndarray:
    """One 5-year step. population [A, 2, 19]; survival, migration [A, 2, 18]; cwr, sex_ratio [A].

    Returns the population 5 years later, [A, 2, 19].
    """
    return _advance(np.asarray(population, dtype=float), survival + migration, cwr, sex_ratio)


def project(
    population: np.ndarray,
    survival: np.ndarray,
    migration: np.ndarray,
    cwr: np.ndarray,
    sex_ratio: np.ndarray,
    *,
    control: np.ndarray | None = None,
    rake_by: RakeBy = "sex_age",
) -> np.ndarray:
    """Project T steps. population [A, 2, 19]; survival, migration [A, T, 2, 18]; cwr,
    sex_ratio [A, T] (the values for the year each step *ends*).

    Returns [A, T + 1, 2, 19], the base year first. With `control` ([T, 2, 19] for
    ``rake_by="sex_age"``, [T] for ``"total"``) the areas are raked to the control at the end
    of every step, and the next step starts from the raked population (see `raking`).
    """
    population = np.asarray(population, dtype=float)
    # Step-major copies, so that every step reads and writes contiguous memory.
    rate = np.ascontiguousarray(np.moveaxis(survival + migration, 1, 0))
    cwr_t, ratio_t = np.ascontiguousarray(cwr.T), np.ascontiguousarray(sex_ratio.T)
    out = np.empty((rate.shape[0] + 1, *population.shape), dtype=float)
    out[0] = population
    for t in range(rate.shape[0]):
        after = _advance(out[t], rate[t], cwr_t[t], ratio_t[t])
        out[t + 1] = after if control is None else rake(after, control[t], by=rake_by)
    return np.moveaxis(out, 0, 1)
