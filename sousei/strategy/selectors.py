"""Reads of strategies, decided once: published strategies are public, unpublished ones exist
only for their organisation's members (and site administrators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from sousei.errors import NotFound
from sousei.orgs.models import Membership
from sousei.strategy.donations import DonationSummary, summarise_donations
from sousei.strategy.evaluation import (
    GRADE_SCALES,
    KpiFigures,
    achievement,
    grade_counts,
    kpi_actual,
    planned_path,
)
from sousei.strategy.models import Actual, Indicator, Measure, Origin, Review, Strategy
from sousei.strategy.plan import (
    Aggregation,
    Direction,
    DonationRow,
    Funding,
    GoalRow,
    IndicatorKind,
    IndicatorRow,
    Pillar,
    Plan,
    ProjectRow,
)

User = AbstractBaseUser | AnonymousUser


def visible_strategies(user: User) -> QuerySet[Strategy]:
    strategies = Strategy.objects.filter(is_archived=False).select_related("organisation")
    if user.is_authenticated and user.is_superuser:
        return strategies
    visible = Q(is_published=True)
    if user.is_authenticated:
        orgs = Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        visible |= Q(organisation_id__in=list(orgs))
    return strategies.filter(visible)


def _pk(value: int | str) -> int:
    """An id from a URL or an API path; anything else matches nothing."""
    text = str(value)
    return int(text) if text.isdigit() else -1


def strategy_get(*, user: User, strategy_id: int | str) -> Strategy:
    """One visible strategy; absent and unpublished-elsewhere answer the same 404."""
    strategy = visible_strategies(user).filter(pk=_pk(strategy_id)).first()
    if strategy is None:
        raise NotFound("戦略が見つかりません。", "No such strategy.", code="strategy_not_found")
    return strategy


def current_fiscal_year(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return today.year if today.month >= 4 else today.year - 1


@dataclass
class ActualView:
    value: float
    origin: str  # "manual", "data" or "override" (manual over a value from data)
    data_value: float | None = None
    note: str = ""


@dataclass
class KpiView:
    """One indicator evaluated for one fiscal year, as pages, API and reports show it."""

    id: int
    number: int
    kind: str
    goal: str
    measure: str
    name: str
    unit: str
    direction: str
    aggregation: str
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    interim_targets: dict[int, float]
    department: str
    source: str
    data_link: str
    projects: list[str]
    actuals: dict[int, ActualView]
    year: int
    actual: float | None
    achievement_rate: float | None
    expected_rate: float | None
    pace: float | None
    on_track: bool | None
    formula: str
    formula_text: str
    grade: str
    review: dict[str, str] = field(default_factory=dict)
    measure_id: int | None = None

    @property
    def arrow(self) -> str:
        return Direction(self.direction).arrow

    @property
    def aggregation_label(self) -> str:
        return Aggregation(self.aggregation).label

    @property
    def kind_label(self) -> str:
        return IndicatorKind(self.kind).label

    @property
    def values(self) -> dict[int, float]:
        return {year: actual.value for year, actual in sorted(self.actuals.items())}

    def figures(self) -> KpiFigures:
        return KpiFigures(
            direction=Direction(self.direction),
            aggregation=Aggregation(self.aggregation),
            baseline_year=self.baseline_year,
            baseline_value=self.baseline_value,
            target_year=self.target_year,
            target_value=self.target_value,
            actuals=self.values,
            interim_targets=self.interim_targets,
        )

    def path(self, years: range) -> dict[int, float]:
        return planned_path(self.figures(), years)

    def cumulative(self, year: int) -> float | None:
        return kpi_actual(self.figures(), year)


def _actual_views(indicator: Indicator) -> dict[int, ActualView]:
    data: dict[int, Any] = {}
    manual: dict[int, Any] = {}
    for row in indicator.actuals.all():
        if row.value is None:  # cleared, kept for the record
            continue
        (manual if row.origin == Origin.MANUAL else data)[row.year] = row
    views = {}
    for year in sorted(set(data) | set(manual)):
        if year in manual:
            override = year in data and data[year].value != manual[year].value
            views[year] = ActualView(
                manual[year].value,
                "override" if override else "manual",
                data[year].value if year in data else None,
                manual[year].note,
            )
        else:
            views[year] = ActualView(data[year].value, "data", data[year].value, data[year].note)
    return views


def effective_actuals(indicator: Indicator) -> dict[int, float]:
    """The actual each year counts with: a manual value over one from data."""
    return {year: view.value for year, view in sorted(_actual_views(indicator).items())}


def _review(indicator: Indicator, year: int) -> dict[str, str]:
    for review in indicator.reviews.all():
        if review.year == year:
            return {
                "analysis": review.analysis,
                "issues": review.issues,
                "next_step": review.next_step,
                "next_step_label": review.get_next_step_display() if review.next_step else "",
                "council_comment": review.council_comment,
            }
    return {}


def kpi_view(indicator: Indicator, year: int, grading: str) -> KpiView:
    actuals = _actual_views(indicator)
    view = KpiView(
        id=indicator.pk,
        number=indicator.number,
        kind=indicator.kind,
        goal=indicator.goal.name,
        measure=indicator.measure.name if indicator.measure else "",
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        aggregation=indicator.aggregation,
        baseline_year=indicator.baseline_year,
        baseline_value=indicator.baseline_value,
        target_year=indicator.target_year,
        target_value=indicator.target_value,
        interim_targets={int(y): v for y, v in indicator.interim_targets.items()},
        department=indicator.department,
        source=indicator.source,
        data_link=indicator.data_link,
        projects=[p.name for p in indicator.projects.all()],
        actuals=actuals,
        year=year,
        actual=None,
        achievement_rate=None,
        expected_rate=None,
        pace=None,
        on_track=None,
        formula="",
        formula_text="",
        grade="",
        review=_review(indicator, year),
        measure_id=indicator.measure_id,
    )
    figures = view.figures()
    result = achievement(figures, year)
    view.actual = kpi_actual(figures, year)
    view.grade = GRADE_SCALES[grading].grade(figures, result)
    if result is not None:
        view.achievement_rate = round(result.rate, 1)
        view.expected_rate = None if result.expected is None else round(result.expected, 1)
        view.pace = None if result.pace is None else round(result.pace, 1)
        view.on_track = result.on_track
        view.formula, view.formula_text = result.formula, result.formula_text
    return view


def _indicators(strategy: Strategy) -> QuerySet[Indicator]:
    return (
        strategy.indicators.filter(is_retired=False)
        .select_related("goal", "measure")
        .prefetch_related("actuals", "projects", "reviews")
        .order_by("number")
    )


def kpi_views(strategy: Strategy, year: int) -> list[KpiView]:
    return [kpi_view(i, year, strategy.grading) for i in _indicators(strategy)]


def kpi_get(strategy: Strategy, indicator_id: int | str) -> Indicator:
    indicator = strategy.indicators.filter(pk=_pk(indicator_id)).first()
    if indicator is None:
        raise NotFound("指標が見つかりません。", "No such indicator.", code="kpi_not_found")
    return indicator


def measure_get(strategy: Strategy, measure_id: int | str) -> Measure:
    measure = (
        Measure.objects.select_related("goal")
        .filter(pk=_pk(measure_id), goal__strategy=strategy)
        .first()
    )
    if measure is None:
        raise NotFound("施策が見つかりません。", "No such measure.", code="measure_not_found")
    return measure


def years_of(strategy: Strategy) -> list[int]:
    """The fiscal years a report can cover: the period, and any earlier year with actuals."""
    first = min([strategy.start_year, *_actual_years(strategy)])
    return list(range(first, strategy.end_year + 1))


def _actual_years(strategy: Strategy) -> list[int]:
    return list(
        Actual.objects.filter(indicator__strategy=strategy, value__isnull=False)
        .values_list("year", flat=True)
        .distinct()
    )


def default_year(strategy: Strategy) -> int:
    """The latest fiscal year with an actual, else the current one inside the period."""
    years = _actual_years(strategy)
    if years:
        return min(max(years), strategy.end_year)
    return min(max(current_fiscal_year(), strategy.start_year), strategy.end_year)


@dataclass
class GoalNode:
    name: str
    number: int
    pillar: str
    directions: str
    targets: list[KpiView]
    measures: list[tuple[Measure, list[KpiView]]]


def strategy_tree(strategy: Strategy, kpis: list[KpiView]) -> list[GoalNode]:
    """基本目標 → 数値目標 and 施策 → KPI, in the strategy's order."""
    nodes = []
    for goal in strategy.goals.prefetch_related("measures"):
        mine = [k for k in kpis if k.goal == goal.name]
        measures = [(m, [k for k in mine if k.measure_id == m.pk]) for m in goal.measures.all()]
        nodes.append(
            GoalNode(
                name=goal.name,
                number=goal.number,
                pillar=goal.pillar,
                directions=goal.directions,
                targets=[k for k in mine if k.kind == IndicatorKind.GOAL_TARGET],
                measures=[(measure, items) for measure, items in measures if items],
            )
        )
    return nodes


def grade_summary(strategy: Strategy, kpis: list[KpiView]) -> dict[str, int]:
    return grade_counts((k.grade for k in kpis), GRADE_SCALES[strategy.grading])


def current_donations(strategy: Strategy) -> QuerySet:
    return (
        strategy.donations.filter(withdrawn=False)
        .select_related("project")
        .order_by("fiscal_year", "id")
    )


def thousand_yen(amount: Decimal) -> Decimal:
    """An amount in 千円 without the database's trailing zeros: 100000.000 → 100000."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def donation_rows(strategy: Strategy, *, until: int | None = None) -> list[DonationRow]:
    """The strategy's current donations (up to fiscal year `until`) as the workbook lists them."""
    donations = current_donations(strategy)
    if until is not None:
        donations = donations.filter(fiscal_year__lte=until)
    return [
        DonationRow(d.fiscal_year, d.project.name, d.donor, thousand_yen(d.amount))
        for d in donations
    ]


def donation_summary(strategy: Strategy, *, until: int | None = None) -> DonationSummary:
    """企業版ふるさと納税 per project and fiscal year, in 千円, with totals (up to `until`)."""
    return summarise_donations(donation_rows(strategy, until=until))


def history(strategy: Strategy, *, limit: int = 500) -> QuerySet:
    return strategy.changes.select_related("user", "indicator")[:limit]


def reviews_of(indicator: Indicator) -> QuerySet[Review]:
    return indicator.reviews.all()


def strategy_plan(strategy: Strategy) -> Plan:
    """The strategy as the workbook holds it: export writes this, import reads it back.

    Actuals are the effective ones (a manual value over one from data), so a round trip through
    Excel leaves the data-linked years as they were.
    """
    indicators = list(_indicators(strategy))
    return Plan(
        name=strategy.name,
        start_year=strategy.start_year,
        end_year=strategy.end_year,
        vision=strategy.vision,
        grading=strategy.grading,
        foundations=list(strategy.foundations),
        goals=[
            GoalRow(g.name, Pillar(g.pillar) if g.pillar else None, g.directions)
            for g in strategy.goals.all()
        ],
        indicators=[_indicator_row(i) for i in indicators],
        projects=[
            ProjectRow(
                p.name,
                p.department,
                Funding(p.funding),
                {int(y): Decimal(v) for y, v in p.budgets.items()},
            )
            for p in strategy.projects.all()
        ],
        donations=donation_rows(strategy),
    )


def _indicator_row(indicator: Indicator) -> IndicatorRow:
    return IndicatorRow(
        goal=indicator.goal.name,
        kind=IndicatorKind(indicator.kind),
        measure=indicator.measure.name if indicator.measure else "",
        name=indicator.name,
        unit=indicator.unit,
        direction=Direction(indicator.direction),
        aggregation=Aggregation(indicator.aggregation),
        baseline_year=indicator.baseline_year,
        baseline_value=indicator.baseline_value,
        target_year=indicator.target_year,
        target_value=indicator.target_value,
        department=indicator.department,
        projects=[p.name for p in indicator.projects.all()],
        actuals=effective_actuals(indicator),
        interim_targets={int(y): v for y, v in sorted(indicator.interim_targets.items())},
        source=indicator.source,
        data_link=indicator.data_link,
    )
