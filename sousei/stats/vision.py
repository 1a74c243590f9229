"""人口ビジョン for an area: projections from its own population table under the standard
scenarios, and every stored projection held against the counts as they arrive.

The pages and the API read this one module, so a chart, its table, its downloads and its JSON
never disagree. Pure projection arithmetic lives in `sousei.projection`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sousei.errors import InvalidInput
from sousei.projection import (
    AreaInput,
    Impact,
    ProjectionResult,
    RealityGap,
    impact_of,
    projection_run,
    reality_finding,
    reality_gaps,
    scenario_named,
)
from sousei.projection.estimate import Estimate, estimate_assumptions
from sousei.projection.impact import DEFAULT_IMPACT_YEAR
from sousei.projection.inputs import check_area
from sousei.projection.scenarios import DEFAULT_REACH_YEAR, DEFAULT_TARGET_TFR, STANDARD
from sousei.stats.area import cached
from sousei.stats.change import population_totals
from sousei.stats.findings import Finding
from sousei.stats.frames import InsufficientData
from sousei.stats.selectors import SeriesView, projection_tables, series_views, stat_table
from sousei.stats.tables import Provenance

HORIZON = 2070


@dataclass(frozen=True)
class Settings:
    """What a visitor may change: the horizon and the fertility simulation's target."""

    to_year: int = HORIZON
    target_tfr: float = DEFAULT_TARGET_TFR
    reach_year: int = DEFAULT_REACH_YEAR


SETTING_NAMES = {
    "to": ("推計の終了年", "last year"),
    "target_tfr": ("目標の合計特殊出生率", "target fertility rate"),
    "reach_year": ("到達年", "year reached"),
}


def out_of_range(names: tuple[str, str], shown: object, low: float, high: float) -> InvalidInput:
    """The bilingual error for a value outside [low, high], naming what it is."""
    ja, en = names
    return InvalidInput(
        f"{ja}の値「{shown}」は {low:g}〜{high:g} の数値である必要があります。",
        f"{en}: {shown!r} must be a number from {low:g} to {high:g}.",
        code="invalid_assumption",
    )


def _within(name: str, value: float | None, low: float, high: float) -> float | None:
    if value is not None and not low <= value <= high:
        raise out_of_range(SETTING_NAMES[name], value, low, high)
    return value


def settings_for(
    base_year: int,
    *,
    to_year: float | None = None,
    target_tfr: float | None = None,
    reach_year: float | None = None,
) -> Settings:
    """The visitor's settings checked against the base year, defaults where none is given;
    the last year is taken down to a 5-year step from the base year."""
    to = _within("to", to_year, base_year + 5, 2100)
    to = HORIZON if to is None else int(to)
    to -= (to - base_year) % 5
    reach = _within("reach_year", reach_year, base_year + 1, 2100)
    tfr = _within("target_tfr", target_tfr, 0.5, 5.0)
    return Settings(
        to_year=max(to, base_year + 5),
        target_tfr=Settings.target_tfr if tfr is None else tfr,
        reach_year=Settings.reach_year if reach is None else int(reach),
    )


@dataclass(frozen=True)
class Edits:
    """Assumptions changed by hand, each replacing the estimate's for every step.

    survival and migration are [2, 18] with NaN where the estimate stands."""

    survival: np.ndarray | None = None
    migration: np.ndarray | None = None
    child_woman_ratio: float | None = None
    sex_ratio_0_4: float | None = None
    tfr_base: float | None = None

    @property
    def any(self) -> bool:
        cells = [a for a in (self.survival, self.migration) if a is not None]
        scalars = (self.child_woman_ratio, self.sex_ratio_0_4, self.tfr_base)
        return any((~np.isnan(a)).any() for a in cells) or any(v is not None for v in scalars)


@dataclass(frozen=True)
class StoredProjection:
    """A published projection of an area's total population (人口ビジョン, an IPSS vintage)."""

    series: SeriesView
    totals: dict[int, int]  # year → people


def _yearly(totals: pd.Series) -> dict[int, int]:
    """Totals by date as totals by year (the last date of each year)."""
    return {pd.Timestamp(d).year: int(v) for d, v in totals.items()}


@dataclass(frozen=True)
class Comparison:
    """One stored projection against the counts: the gaps and the finding of the latest."""

    projection: StoredProjection
    gaps: list[RealityGap]
    finding: Finding | None


@dataclass(frozen=True)
class Vision:
    estimate: Estimate
    area: AreaInput  # the estimate with any edits applied
    results: list[ProjectionResult]  # one per scenario in STANDARD order
    impact: Impact | None
    edited: bool = False
    comparisons: list[Comparison] = field(default_factory=list)


@cached
def area_estimate(area_code: str, name: str = "") -> Estimate | None:
    """The area's assumptions from its table, or None when it lacks two snapshots by age."""
    population = stat_table("population", area_code)
    if population.empty:
        return None
    try:
        return estimate_assumptions(population, code=area_code, name=name)
    except InsufficientData:
        return None


def apply_edits(area: AreaInput, edits: Edits) -> AreaInput:
    """The area's input with the hand-made changes: a changed cell holds for every step."""
    changes: dict[str, object] = {}
    for name, cells in (("survival", edits.survival), ("net_migration", edits.migration)):
        if cells is not None and (~np.isnan(cells)).any():
            current = getattr(area, name)
            changes[name] = np.where(np.isnan(cells)[None], current, cells[None])
    if edits.child_woman_ratio is not None:
        path = area.child_woman_ratio
        changes["child_woman_ratio"] = path * (edits.child_woman_ratio / path[0])
    if edits.sex_ratio_0_4 is not None:
        changes["sex_ratio_0_4"] = np.array([edits.sex_ratio_0_4])
    if edits.tfr_base is not None:
        changes["tfr_base"] = np.array([edits.tfr_base])
    edited = dataclasses.replace(area, **changes)
    check_area(edited)
    return edited


def _impact(results: list[ProjectionResult]) -> Impact | None:
    years = [y for y in results[0].years if y >= DEFAULT_IMPACT_YEAR]
    if not years:
        return None
    year = years[0]
    totals = [r.total_in(year) for r in results]
    return impact_of(pattern1=totals[0], sim1=totals[1], sim2=totals[2], year=year)


def _run(area: AreaInput, settings: Settings) -> list[ProjectionResult]:
    scenarios = [
        scenario_named(name, target_tfr=settings.target_tfr, reach_year=settings.reach_year)
        for name in STANDARD
    ]
    return projection_run([area], to_year=settings.to_year, scenarios=scenarios)


@cached
def _default_results(area_code: str, name: str, settings: Settings) -> list[ProjectionResult]:
    estimate = area_estimate(area_code, name)
    assert estimate is not None
    return _run(estimate.area, settings)


def area_vision(
    area_code: str, name: str = "", *, settings: Settings | None = None, edits: Edits | None = None
) -> Vision | None:
    """Projections under every standard scenario, the 影響度 and the stored projections
    against the counts; None when the area's table cannot give assumptions."""
    estimate = area_estimate(area_code, name)
    if estimate is None:
        return None
    settings = settings or settings_for(estimate.area.base_year)
    edited = edits is not None and edits.any
    area = apply_edits(estimate.area, edits) if edited else estimate.area
    results = _run(area, settings) if edited else _default_results(area_code, name, settings)
    return Vision(estimate, area, results, _impact(results), edited, comparisons(area_code))


@cached
def actual_totals(area_code: str) -> tuple[dict[int, int], Provenance | None]:
    """Counted total population by year (the last date of each year), and its source."""
    population = stat_table("population", area_code)
    if population.empty:
        return {}, None
    (view, *_others) = series_views(population["series_id"].unique())
    provenance = Provenance(source=view.source)  # type: ignore[arg-type]
    return _yearly(population_totals(population)), provenance


@cached
def comparisons(area_code: str) -> list[Comparison]:
    """Every stored projection of the area against the counted totals: the finding speaks of
    the latest year both have, after the projection's own base year."""
    actual, provenance = actual_totals(area_code)
    found = []
    for series, table in projection_tables(area_code):
        stored = StoredProjection(series, _yearly(population_totals(table)))
        gaps = reality_gaps(stored.totals, actual)
        first = min(stored.totals)
        later = [g for g in gaps if g.year > first]
        finding = None
        if later and provenance is not None:
            finding = reality_finding(
                later[-1],
                source_ja=provenance.label("ja"),
                source_en=provenance.label("en").lower(),
                base=stored.totals[first],
            )
        found.append(Comparison(stored, gaps, finding))
    return found
