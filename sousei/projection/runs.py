"""Running projections: inputs × scenarios → results, in one vectorised engine call.

The one entry point the CLI (and later the API and pages) share. All scenarios of all areas
are stacked along the `areas` axis and projected together; with a control total the scenarios
are run one at a time instead, since raking couples the areas of one scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sousei.projection.assumptions import Assumptions, assumptions_concat, assumptions_stack
from sousei.projection.engine import project
from sousei.projection.impact import DEFAULT_IMPACT_YEAR, Impact, impact_of
from sousei.projection.inputs import AreaInput
from sousei.projection.raking import RakeBy
from sousei.projection.result import ProjectionResult, results_from
from sousei.projection.scenarios import (
    DEFAULT_REACH_YEAR,
    DEFAULT_TARGET_TFR,
    Scenario,
    base,
    scenario_apply,
    sim1,
    sim2,
)


def project_assumptions(
    assumptions: Assumptions, *, control: np.ndarray | None = None, rake_by: RakeBy = "sex_age"
) -> np.ndarray:
    """The engine on an `Assumptions`: [A, T + 1, 2, 19]."""
    return project(
        assumptions.population,
        assumptions.survival,
        assumptions.migration,
        assumptions.cwr,
        assumptions.sex_ratio,
        control=control,
        rake_by=rake_by,
    )


def projection_run(
    areas: Sequence[AreaInput],
    *,
    to_year: int,
    scenarios: Sequence[Scenario] = (),
    control: np.ndarray | None = None,
    rake_by: RakeBy = "sex_age",
) -> list[ProjectionResult]:
    """Every area under every scenario (default パターン1), scenario by scenario in order."""
    scenarios = list(scenarios) or [base()]
    stacked = assumptions_stack(areas, to_year=to_year)
    variants = [scenario_apply(stacked, s) for s in scenarios]
    if control is None:
        projected = project_assumptions(assumptions_concat(variants))
        parts = np.split(projected, len(variants))
    else:
        parts = [project_assumptions(v, control=control, rake_by=rake_by) for v in variants]
    return [
        result
        for variant, scenario, part in zip(variants, scenarios, parts, strict=True)
        for result in results_from(variant, scenario, part)
    ]


def impact_run(
    areas: Sequence[AreaInput],
    *,
    year: int = DEFAULT_IMPACT_YEAR,
    target_tfr: float = DEFAULT_TARGET_TFR,
    reach_year: int = DEFAULT_REACH_YEAR,
) -> dict[str, Impact]:
    """影響度 for each area: パターン1, シミュレーション1 and 2 projected to `year`."""
    scenarios = [base(), sim1(target_tfr=target_tfr, reach_year=reach_year)]
    scenarios.append(sim2(target_tfr=target_tfr, reach_year=reach_year))
    results = projection_run(areas, to_year=year, scenarios=scenarios)
    count = len(areas)
    return {
        results[i].area: impact_of(
            pattern1=results[i].total_in(year),
            sim1=results[count + i].total_in(year),
            sim2=results[2 * count + i].total_in(year),
            year=year,
        )
        for i in range(count)
    }
