"""`/api/v1/…strategies…`: the 総合戦略 as data — strategies of an organisation, each KPI evaluated
for a fiscal year, donations — and entering an actual (logged-in staff of the organisation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.security import django_auth

from sousei.api.errors import ERROR_RESPONSES, ErrorOut
from sousei.orgs.selectors import organisation_get
from sousei.strategy import selectors, services
from sousei.strategy.evaluation import GRADE_SCALES

router = Router(tags=["strategy"])


class StrategyOut(Schema):
    id: int
    name: str
    organisation: str
    start_year: int
    end_year: int
    vision: str
    grading: str
    grading_label: str
    is_published: bool


class StrategyListOut(Schema):
    count: int
    results: list[StrategyOut]


class FigureOut(Schema):
    year: int | None
    value: float | None


class KpiOut(Schema):
    id: int
    kind: str
    goal: str
    measure: str
    name: str
    unit: str
    direction: str
    aggregation: str
    baseline: FigureOut
    target: FigureOut
    interim_targets: dict[str, float]
    actuals: dict[str, float]
    actual_origins: dict[str, str]
    actual: float | None
    achievement_rate: float | None
    expected_rate: float | None
    on_track: bool | None
    formula: str
    grade: str
    department: str
    data_link: str
    projects: list[str]


class KpiListOut(Schema):
    strategy: int
    year: int
    grading: str
    grade_counts: dict[str, int]
    count: int
    results: list[KpiOut]


class DonationOut(Schema):
    fiscal_year: int
    project: str
    donor: str
    amount: float


class ProjectTotalOut(Schema):
    project: str
    donations: int
    by_year: dict[str, float]
    total: float


class DonationListOut(Schema):
    unit: str
    rows: list[DonationOut]
    by_project: list[ProjectTotalOut]
    by_year: dict[str, float]
    total: float


class ActualIn(Schema):
    value: float | None
    note: str = ""


def _strategy(strategy) -> dict[str, Any]:
    return {
        "id": strategy.pk,
        "name": strategy.name,
        "organisation": strategy.organisation.slug,
        "start_year": strategy.start_year,
        "end_year": strategy.end_year,
        "vision": strategy.vision,
        "grading": strategy.grading,
        "grading_label": GRADE_SCALES[strategy.grading].label,
        "is_published": strategy.is_published,
    }


def _kpi(view: selectors.KpiView) -> dict[str, Any]:
    return {
        "id": view.id,
        "kind": view.kind,
        "goal": view.goal,
        "measure": view.measure,
        "name": view.name,
        "unit": view.unit,
        "direction": view.arrow,
        "aggregation": view.aggregation,
        "baseline": {"year": view.baseline_year, "value": view.baseline_value},
        "target": {"year": view.target_year, "value": view.target_value},
        "interim_targets": {str(y): v for y, v in sorted(view.interim_targets.items())},
        "actuals": {str(y): v for y, v in view.values.items()},
        "actual_origins": {str(y): a.origin for y, a in sorted(view.actuals.items())},
        "actual": view.actual,
        "achievement_rate": view.achievement_rate,
        "expected_rate": view.expected_rate,
        "on_track": view.on_track,
        "formula": view.formula_text,
        "grade": view.grade,
        "department": view.department,
        "data_link": view.data_link,
        "projects": view.projects,
    }


@router.get("/orgs/{slug}/strategies", response={200: StrategyListOut, **ERROR_RESPONSES})
def strategies_list(request: HttpRequest, slug: str) -> dict:
    """The organisation's strategies the caller may see (published ones, or its own)."""
    organisation_get(slug=slug)
    strategies = selectors.visible_strategies(request.user).filter(organisation__slug=slug)
    results = [_strategy(s) for s in strategies]
    return {"count": len(results), "results": results}


@router.get("/strategies/{strategy_id}", response={200: StrategyOut, **ERROR_RESPONSES})
def strategies_show(request: HttpRequest, strategy_id: int) -> dict:
    return _strategy(selectors.strategy_get(user=request.user, strategy_id=strategy_id))


@router.get("/strategies/{strategy_id}/kpis", response={200: KpiListOut, **ERROR_RESPONSES})
def strategies_kpis(request: HttpRequest, strategy_id: int, year: int | None = Query(None)) -> dict:
    """Each KPI and 数値目標 evaluated for fiscal `year` (default: the latest with actuals).

    `achievement_rate` is in percent, rounded to one decimal; `grade` follows the strategy's
    grading preset, "−" when there is no actual.
    """
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    fiscal_year = year or selectors.default_year(strategy)
    views = selectors.kpi_views(strategy, fiscal_year)
    return {
        "strategy": strategy.pk,
        "year": fiscal_year,
        "grading": strategy.grading,
        "grade_counts": selectors.grade_summary(strategy, views),
        "count": len(views),
        "results": [_kpi(v) for v in views],
    }


@router.get(
    "/strategies/{strategy_id}/donations", response={200: DonationListOut, **ERROR_RESPONSES}
)
def strategies_donations(request: HttpRequest, strategy_id: int) -> dict:
    """企業版ふるさと納税 to the strategy's projects; amounts in 千円 (thousand yen)."""
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    summary = selectors.donation_summary(strategy)
    return {
        "unit": "千円",
        "rows": summary.rows,
        "by_project": [
            {**p, "by_year": {str(y): v for y, v in p["by_year"].items()}}
            for p in summary.by_project
        ],
        "by_year": {str(y): v for y, v in summary.by_year.items()},
        "total": summary.total,
    }


@router.put(
    "/strategies/{strategy_id}/kpis/{kpi_id}/actuals/{year}",
    auth=django_auth,
    response={200: KpiOut, 401: ErrorOut, 403: ErrorOut, **ERROR_RESPONSES},
)
def strategies_actual_put(
    request: HttpRequest, strategy_id: int, kpi_id: int, year: int, payload: ActualIn
) -> dict:
    """Enter (or clear with `null`) the year's actual; staff of the organisation only."""
    strategy = services.strategy_for_write(request.user, strategy_id)
    indicator = selectors.kpi_get(strategy, kpi_id)
    services.actual_set(
        actor=request.user,
        indicator=indicator,
        year=year,
        value=payload.value,
        note=payload.note,
        via="api",
    )
    indicator.refresh_from_db()
    return _kpi(selectors.kpi_view(indicator, year, strategy.grading))
