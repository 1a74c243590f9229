"""One area's projection under one scenario, and its JSON shape.

JSON: ``{"area", "name", "scenario", "years": [...], "total": [...], "male": [[19] per year],
"female": [[19] per year], "share_0_14": [...], "share_15_64": [...], "share_65_plus": [...]}``.
People are kept unrounded in the arrays and written with 3 decimals; the shares (年齢3区分
割合) are percentages of the total with 2 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sousei.errors import InvalidInput
from sousei.projection.ages import OLD, WORKING, YOUNG
from sousei.projection.assumptions import Assumptions
from sousei.projection.scenarios import Scenario


@dataclass(frozen=True)
class ProjectionResult:
    """male and female are [years, 19]; `years` starts with the base year."""

    area: str
    name: str
    scenario: Scenario
    years: tuple[int, ...]
    male: np.ndarray
    female: np.ndarray

    @property
    def both(self) -> np.ndarray:
        return self.male + self.female

    @property
    def total(self) -> np.ndarray:
        return self.both.sum(axis=1)

    def share(self, ages: slice) -> np.ndarray:
        """Percentage of the total in the classes `ages`; 0 where nobody is left."""
        total = self.total
        part = self.both[:, ages].sum(axis=1)
        return np.divide(part * 100, total, out=np.zeros_like(total), where=total > 0)

    def total_in(self, year: int) -> float:
        if year not in self.years:
            raise InvalidInput(
                f"{year} 年は推計に含まれていません",
                f"{year} is not a year of this projection",
                code="invalid_projection_period",
            )
        return float(self.total[self.years.index(year)])

    def as_dict(self) -> dict[str, Any]:
        def rounded(values: np.ndarray, digits: int) -> list[Any]:
            return np.round(values, digits).tolist()

        return {
            "area": self.area,
            "name": self.name,
            "scenario": self.scenario.name,
            "years": list(self.years),
            "total": rounded(self.total, 3),
            "male": rounded(self.male, 3),
            "female": rounded(self.female, 3),
            "share_0_14": rounded(self.share(YOUNG), 2),
            "share_15_64": rounded(self.share(WORKING), 2),
            "share_65_plus": rounded(self.share(OLD), 2),
        }


def results_from(
    assumptions: Assumptions, scenario: Scenario, projected: np.ndarray
) -> list[ProjectionResult]:
    """The engine's [A, T + 1, 2, 19] as one result per area."""
    years = assumptions.years
    return [
        ProjectionResult(
            area=code,
            name=name,
            scenario=scenario,
            years=years,
            male=projected[a, :, 0],
            female=projected[a, :, 1],
        )
        for a, (code, name) in enumerate(zip(assumptions.codes, assumptions.names, strict=True))
    ]
