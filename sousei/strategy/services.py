"""Writes to strategies. Every write checks the actor's role in the strategy's organisation and
keeps what it changed (who, when, old, new) as a `Change`; nothing is hard-deleted."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sousei.areas.models import Region
from sousei.errors import InvalidInput, NotFound, PermissionDenied
from sousei.orgs.models import Organisation
from sousei.orgs.services import (
    organisation_for_region,
    organisation_for_writing,
    require,
    require_unless_operator,
)
from sousei.storage import keep_bytes, report_name
from sousei.strategy.evaluation import GRADE_SCALES
from sousei.strategy.links import parse_link
from sousei.strategy.models import (
    Actual,
    Change,
    Donation,
    Goal,
    Indicator,
    Measure,
    NextStep,
    Origin,
    Project,
    Report,
    Review,
    Strategy,
)
from sousei.strategy.plan import REVIEW_LABELS, DonationRow, IndicatorKind, IndicatorRow, Plan
from sousei.strategy.selectors import current_donations, donation_rows, strategy_get
from sousei.strategy.sources import refresh_links, refresh_regions_of

REVIEW_FIELDS = tuple(REVIEW_LABELS)


def organisation_for_strategy(actor: AbstractBaseUser | None, org: str) -> Organisation:
    """The organisation named by a region's slug or a municipality code (as for any write)."""
    region = Region.objects.filter(slug=org).first()
    if region is None:
        return organisation_for_writing(actor, org)
    if actor is None or actor.is_superuser:
        return organisation_for_region(region=region)
    organisation = Organisation.objects.filter(region=region).first()
    if organisation is None:
        raise PermissionDenied(
            f"組織 {org} に書き込む権限がありません。", f"You may not write for {org}."
        )
    require(actor, organisation, "edit")
    return organisation


def _record(strategy, field, old, new, *, actor, via, indicator=None) -> None:
    if old != new:
        Change.objects.create(
            strategy=strategy,
            indicator=indicator,
            field=field,
            old=old,
            new=new,
            user=actor,
            via=via,
        )


def _json_years(values: dict[int, Any]) -> dict[str, Any]:
    return {str(year): values[year] for year in sorted(values)}


def _indicator_values(row: IndicatorRow) -> dict[str, Any]:
    return {
        "kind": row.kind.value,
        "unit": row.unit,
        "direction": row.direction.value,
        "aggregation": row.aggregation.value,
        "baseline_year": row.baseline_year,
        "baseline_value": row.baseline_value,
        "target_year": row.target_year,
        "target_value": row.target_value,
        "interim_targets": _json_years(row.interim_targets),
        "department": row.department,
        "source": row.source,
        "data_link": row.data_link,
    }


def _check_grading(grading: str) -> None:
    if grading not in GRADE_SCALES:
        raise InvalidInput(
            f"評価方式「{grading}」はありません（{'、'.join(GRADE_SCALES)}）。",
            f"Unknown grading {grading!r}; use one of {', '.join(GRADE_SCALES)}.",
            code="invalid_grading",
        )


def _check_links(plan: Plan) -> None:
    """A plan built in code gets the same check the workbook gives each データ連携 cell."""
    for row in plan.indicators:
        parse_link(row.data_link)


@transaction.atomic
def strategy_import(
    *,
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    plan: Plan,
    via: str = "import",
) -> Strategy:
    """Create the strategy, or update the one of the same name: changes are kept as history,
    indicators no longer listed are retired, not deleted."""
    require_unless_operator(actor, organisation)
    _check_grading(plan.grading)
    _check_links(plan)
    strategy = Strategy.objects.filter(
        organisation=organisation, name=plan.name, is_archived=False
    ).first()
    if strategy is None:
        strategy = Strategy.objects.create(organisation=organisation, name=plan.name, **_head(plan))
    else:
        for field, new in _head(plan).items():
            _record(strategy, field, getattr(strategy, field), new, actor=actor, via=via)
            setattr(strategy, field, new)
        strategy.save()
    goals = _goals(strategy, plan)
    projects = _projects(strategy, plan)
    seen = [
        _indicator(strategy, goals, projects, row, number, actor=actor, via=via)
        for number, row in enumerate(plan.indicators, start=1)
    ]
    for gone in strategy.indicators.filter(is_retired=False).exclude(pk__in=[i.pk for i in seen]):
        gone.is_retired = True
        gone.save(update_fields=["is_retired"])
        _record(strategy, "retired", False, True, actor=actor, via=via, indicator=gone)
    _donations(strategy, projects, plan, actor=actor, via=via)
    refresh_links(strategy)
    refresh_regions_of(strategy)
    return strategy


def _head(plan: Plan) -> dict[str, Any]:
    return {
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "vision": plan.vision,
        "grading": plan.grading,
        "foundations": list(plan.foundations),
    }


def _goals(strategy: Strategy, plan: Plan) -> dict[str, Goal]:
    goals = {}
    for number, row in enumerate(plan.goals, start=1):
        goals[row.name], _ = Goal.objects.update_or_create(
            strategy=strategy,
            name=row.name,
            defaults={
                "number": number,
                "pillar": row.pillar.value if row.pillar else "",
                "directions": row.directions,
            },
        )
    return goals


def _projects(strategy: Strategy, plan: Plan) -> dict[str, Project]:
    projects = {}
    for row in plan.projects:
        projects[row.name], _ = Project.objects.update_or_create(
            strategy=strategy,
            name=row.name,
            defaults={
                "department": row.department,
                "funding": row.funding.value,
                "budgets": {str(y): str(v) for y, v in sorted(row.budgets.items())},
            },
        )
    return projects


def _measure(goal: Goal, name: str) -> Measure | None:
    if not name:
        return None
    measure = goal.measures.filter(name=name).first()
    if measure is None:
        measure = Measure.objects.create(goal=goal, name=name, number=goal.measures.count() + 1)
    return measure


def _goal(strategy: Strategy, goals: dict[str, Goal], name: str) -> Goal:
    if name not in goals:
        goals[name], _ = Goal.objects.get_or_create(
            strategy=strategy, name=name, defaults={"number": len(goals) + 1}
        )
    return goals[name]


def _indicator(strategy, goals, projects, row: IndicatorRow, number: int, *, actor, via):
    goal = _goal(strategy, goals, row.goal)
    measure = _measure(goal, row.measure if row.kind is IndicatorKind.KPI else "")
    values = _indicator_values(row)
    indicator = Indicator.objects.filter(
        strategy=strategy, goal=goal, measure=measure, name=row.name
    ).first()
    if indicator is None:
        indicator = Indicator.objects.create(
            strategy=strategy, goal=goal, measure=measure, name=row.name, number=number, **values
        )
        _record(strategy, "created", None, row.name, actor=actor, via=via, indicator=indicator)
    else:
        for field, new in values.items():
            _record(strategy, field, getattr(indicator, field), new, actor=actor, via=via,
                    indicator=indicator)  # fmt: skip
            setattr(indicator, field, new)
        if indicator.is_retired:
            _record(strategy, "retired", True, False, actor=actor, via=via, indicator=indicator)
        indicator.number, indicator.is_retired = number, False
        indicator.save()
    indicator.projects.set([projects[name] for name in row.projects if name in projects])
    _sync_actuals(indicator, row.actuals, actor=actor, via=via)
    return indicator


def _sync_actuals(indicator: Indicator, actuals: dict[int, float], *, actor, via) -> None:
    """Manual actuals as listed; a listed value equal to the one from data is not an override."""
    rows = {(a.year, a.origin): a for a in indicator.actuals.all() if a.value is not None}
    years = {year for year, _ in rows} | set(actuals)
    for year in sorted(years):
        manual, data = rows.get((year, Origin.MANUAL)), rows.get((year, Origin.DATA))
        wanted = actuals.get(year)
        if wanted is not None and manual is None and data is not None and data.value == wanted:
            continue
        if wanted is None and manual is None:
            continue
        actual_set(actor=actor, indicator=indicator, year=year, value=wanted, via=via, checked=True)


def _donations(strategy, projects, plan: Plan, *, actor, via) -> None:
    """Replace the donations when the list differs; the old ones are kept, withdrawn."""

    def listed(rows: list[DonationRow]) -> list[list[Any]]:
        return [[d.fiscal_year, d.project, d.donor, str(d.amount)] for d in rows]

    old = donation_rows(strategy)
    if old == plan.donations:
        return
    current_donations(strategy).update(withdrawn=True)
    Donation.objects.bulk_create(
        Donation(
            strategy=strategy,
            project=projects[d.project],
            fiscal_year=d.fiscal_year,
            donor=d.donor,
            amount=d.amount,
        )
        for d in plan.donations
    )
    _record(strategy, "donations", listed(old), listed(plan.donations), actor=actor, via=via)


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2200:
        raise InvalidInput(
            f"年度 {year} は範囲外です。",
            f"Fiscal year {year} is out of range.",
            code="invalid_year",
        )


@transaction.atomic
def actual_set(
    *,
    actor: AbstractBaseUser | None,
    indicator: Indicator,
    year: int,
    value: float | None,
    note: str = "",
    via: str = "web",
    checked: bool = False,
) -> None:
    """Enter (or clear, with None) the manual actual for a year; over a value from data it is
    an override, shown as such."""
    if not checked:
        require_unless_operator(actor, indicator.strategy.organisation)
    _check_year(year)
    current = Actual.objects.filter(indicator=indicator, year=year, origin=Origin.MANUAL).first()
    old = current.value if current else None
    if value is None:
        if current is not None:
            current.value = None
            current.entered_by = actor
            current.save(update_fields=["value", "entered_by", "updated_at"])
    else:
        Actual.objects.update_or_create(
            indicator=indicator,
            year=year,
            origin=Origin.MANUAL,
            defaults={"value": value, "note": note, "entered_by": actor},
        )
    _record(indicator.strategy, f"actual:{year}", old, value, actor=actor, via=via,
            indicator=indicator)  # fmt: skip
    refresh_regions_of(indicator.strategy)


@transaction.atomic
def review_set(
    *,
    actor: AbstractBaseUser | None,
    indicator: Indicator,
    year: int,
    via: str = "web",
    **fields: str,
) -> Review:
    """The year's 要因分析, 課題, 今後の方向性 and 有識者会議の意見 for one indicator."""
    require_unless_operator(actor, indicator.strategy.organisation)
    _check_year(year)
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise InvalidInput(
            f"項目 {', '.join(sorted(unknown))} はありません。",
            f"Unknown field(s): {', '.join(sorted(unknown))}.",
        )
    if fields.get("next_step") and fields["next_step"] not in NextStep.values:
        raise InvalidInput(
            f"今後の方向性「{fields['next_step']}」は選べません。",
            f"Unknown next step {fields['next_step']!r}; use one of {', '.join(NextStep.values)}.",
            code="invalid_next_step",
        )
    review, _ = Review.objects.get_or_create(indicator=indicator, year=year)
    for field, new in fields.items():
        _record(indicator.strategy, f"{field}:{year}", getattr(review, field), new,
                actor=actor, via=via, indicator=indicator)  # fmt: skip
        setattr(review, field, new)
    review.save()
    return review


@transaction.atomic
def target_set(
    *,
    actor: AbstractBaseUser | None,
    indicator: Indicator,
    target_value: float | None,
    target_year: int | None,
    via: str = "web",
) -> None:
    require_unless_operator(actor, indicator.strategy.organisation)
    for field, new in (("target_value", target_value), ("target_year", target_year)):
        _record(indicator.strategy, field, getattr(indicator, field), new, actor=actor, via=via,
                indicator=indicator)  # fmt: skip
        setattr(indicator, field, new)
    indicator.save(update_fields=["target_value", "target_year"])


@transaction.atomic
def strategy_publish(
    *, actor: AbstractBaseUser | None, strategy: Strategy, published: bool = True, via="web"
) -> None:
    require_unless_operator(actor, strategy.organisation)
    _record(strategy, "is_published", strategy.is_published, published, actor=actor, via=via)
    strategy.is_published = published
    strategy.save(update_fields=["is_published", "modified_at"])


def report_publish(
    *,
    actor: AbstractBaseUser | None,
    strategy: Strategy,
    year: int,
    via: str = "web",
    job: Any = None,
) -> Report:
    """Freeze the year's 効果検証 report as published today, with its PDF and Excel files
    kept as made; later edits never change them. The files are made and stored first, under
    names of their own and outside any transaction (on SQLite one would hold the database's
    write lock while the PDF is drawn); then the report row in one short transaction. A crash
    before it publishes nothing, and a retried `job` finds the report it already published."""
    from sousei.strategy.files import published_files
    from sousei.strategy.report import report_data

    require_unless_operator(actor, strategy.organisation)
    if job is not None and (done := Report.objects.filter(job=job).first()) is not None:
        return done
    snapshot = report_data(strategy, year)
    stamp = uuid.uuid4().hex
    files = {
        fmt: keep_bytes(report_name(strategy.pk, stamp, fmt), content)
        for fmt, content in published_files(snapshot).items()
    }
    with transaction.atomic():
        report = Report.objects.create(
            strategy=strategy,
            fiscal_year=year,
            snapshot=snapshot,
            published_by=actor,
            files=files,
            job=job,
        )
        _record(strategy, f"report:{year}", None, report.pk, actor=actor, via=via)
    return report


def strategy_for_write(actor: AbstractBaseUser | None, strategy_id: int) -> Strategy:
    """A strategy the actor may edit: one they cannot even see is absent (404), a published
    one of another organisation is forbidden (403)."""
    if actor is None:
        strategy = Strategy.objects.select_related("organisation").filter(pk=strategy_id).first()
        if strategy is None:
            raise NotFound("戦略が見つかりません。", "No such strategy.", code="strategy_not_found")
        return strategy
    strategy = strategy_get(user=actor, strategy_id=strategy_id)
    require(actor, strategy.organisation, "edit")
    return strategy
