"""`/api/v1/areas/{code}/projection…` and `/api/v1/projection`: the 人口ビジョン the pages show,
and the projection engine on any input in the documented format (docs/projection.md)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Body, Query, Router, Schema

from sousei.api.errors import ERROR_RESPONSES, request_language
from sousei.areas.selectors import area_get
from sousei.errors import InvalidInput, NotFound
from sousei.projection import parse_inputs, projection_run, scenario_named
from sousei.projection.scenarios import DEFAULT_REACH_YEAR, DEFAULT_TARGET_TFR
from sousei.projection.schedule import national_schedule
from sousei.stats import vision

router = Router(tags=["projection"])


class ResultOut(Schema):
    area: str
    name: str
    scenario: str
    scenario_label: str
    years: list[int]
    total: list[float]
    male: list[list[float]]
    female: list[list[float]]
    share_0_14: list[float]
    share_15_64: list[float]
    share_65_plus: list[float]


class ImpactOut(Schema):
    year: int
    natural_percent: float
    natural_level: int
    social_percent: float
    social_level: int


class AreaProjectionOut(Schema):
    area: str
    base_year: int
    settings: dict[str, Any]
    warnings: list[str]
    results: list[ResultOut]
    impact: ImpactOut | None


class AssumptionsOut(Schema):
    input: dict[str, Any]
    snapshots: list[str]
    base_period_years: int
    age_unknown_apportioned: int
    survival_source: str
    warnings: list[str]


class GapOut(Schema):
    year: int
    projected: float
    actual: float
    gap: float
    percent_gap: float


class ComparisonOut(Schema):
    name: str
    source: str
    dataset: str | None
    version: int | None
    totals: dict[int, int]
    gaps: list[GapOut]
    finding: str | None


class ProjectionsOut(Schema):
    results: list[ResultOut]


def _result(result: Any, language: str) -> dict[str, Any]:
    scenario = result.scenario
    label = scenario.label_en if language == "en" else scenario.label_ja
    return {**result.as_dict(), "scenario_label": label}


def _estimate(code: str) -> tuple[str, Any]:
    area = area_get(code=code)
    estimate = vision.area_estimate(area.code, area.name)
    if estimate is None:
        raise NotFound(
            "この地域には推計に必要な男女・5歳階級別の人口（5年離れた2時点）がありません。",
            "This area has no population by sex and 5-year age class at two dates 5 years apart.",
            code="no_projection",
        )
    return area.code, estimate


@router.get("/areas/{code}/projection", response={200: AreaProjectionOut, **ERROR_RESPONSES})
def area_projection(
    request: HttpRequest,
    code: str,
    to: int | None = None,
    target_tfr: float | None = None,
    reach_year: int | None = None,
) -> dict[str, Any]:
    """パターン1, シミュレーション1 and 2 from the area's own table, with the 影響度."""
    area_code, estimate = _estimate(code)
    language = request_language(request)
    settings = vision.settings_for(
        estimate.area.base_year, to_year=to, target_tfr=target_tfr, reach_year=reach_year
    )
    run = vision.area_vision(area_code, estimate.area.name, settings=settings)
    assert run is not None
    return {
        "area": area_code,
        "base_year": run.area.base_year,
        "settings": {
            "to": settings.to_year,
            "target_tfr": settings.target_tfr,
            "reach_year": settings.reach_year,
        },
        "warnings": estimate.warnings_in(language),
        "results": [_result(r, language) for r in run.results],
        "impact": run.impact.as_dict() if run.impact else None,
    }


@router.get(
    "/areas/{code}/projection/assumptions", response={200: AssumptionsOut, **ERROR_RESPONSES}
)
def area_assumptions(request: HttpRequest, code: str) -> dict[str, Any]:
    """The assumptions estimated from the area's table, in the input format `sousei project`
    and `POST /projection` take: edit and send them back."""
    _area_code, estimate = _estimate(code)
    language = request_language(request)
    return {
        "input": estimate.as_input(),
        "snapshots": [d.date().isoformat() for d in estimate.snapshots],
        "base_period_years": estimate.base_period_years,
        "age_unknown_apportioned": estimate.apportioned,
        "survival_source": national_schedule().source,
        "warnings": estimate.warnings_in(language),
    }


@router.get(
    "/areas/{code}/projection/reality", response={200: list[ComparisonOut], **ERROR_RESPONSES}
)
def area_reality(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """Every stored projection (人口ビジョン, IPSS vintages) against the counted population."""
    language = request_language(request)
    return [
        {
            "name": c.projection.series.vintage,
            "source": c.projection.series.source,
            "dataset": c.projection.series.dataset,
            "version": c.projection.series.version,
            "totals": c.projection.totals,
            "gaps": [g.as_dict() for g in c.gaps],
            "finding": c.finding.text(language) if c.finding else None,
        }
        for c in vision.comparisons(area_get(code=code).code)
    ]


@router.post("/projection", response={200: ProjectionsOut, **ERROR_RESPONSES})
def projection(
    request: HttpRequest,
    body: Any = Body(...),  # noqa: B008 - ninja's way to declare a body
    to: int = 2070,
    scenario: list[Literal["base", "sim1", "sim2"]] = Query(["base"]),  # noqa: B008
    target_tfr: float = DEFAULT_TARGET_TFR,
    reach_year: int = DEFAULT_REACH_YEAR,
) -> dict[str, Any]:
    """The engine on the documented input format: one area object, a list, or {code: area}."""
    if to > 2200:
        raise InvalidInput("推計の終了年は2200年までです。", "The last year is 2200 at most.")
    areas = parse_inputs(body)
    if len(areas) > 2000:
        raise InvalidInput("一度に推計できるのは2,000地域までです。", "At most 2,000 areas.")
    scenarios = [
        scenario_named(name, target_tfr=target_tfr, reach_year=reach_year)
        for name in dict.fromkeys(scenario)
    ]
    results = projection_run(areas, to_year=to, scenarios=scenarios)
    language = request_language(request)
    return {"results": [_result(r, language) for r in results]}
