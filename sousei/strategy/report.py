"""The 効果検証 report of one fiscal year as plain JSON-ready data: what the page, the PDF and
the workbook show, and what a published report freezes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from sousei.strategy.evaluation import GRADE_SCALES
from sousei.strategy.models import Strategy
from sousei.strategy.plan import Pillar
from sousei.strategy.selectors import (
    KpiView,
    donation_summary,
    grade_summary,
    kpi_views,
    strategy_tree,
)

SHOWN_YEARS = 6  # actual columns in the report: the fiscal year and the five before


def _number(value: Decimal) -> str:
    return format(value, "f")


def _kpi(kpi: KpiView, years: list[int]) -> dict[str, Any]:
    return {
        "id": kpi.id,
        "kind": kpi.kind_label,
        "name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.arrow,
        "aggregation": kpi.aggregation_label,
        "baseline_year": kpi.baseline_year,
        "baseline_value": kpi.baseline_value,
        "target_year": kpi.target_year,
        "target_value": kpi.target_value,
        "actuals": {str(y): kpi.actuals[y].value for y in years if y in kpi.actuals},
        "actual": kpi.actual,
        "achievement_rate": kpi.achievement_rate,
        "expected_rate": kpi.expected_rate,
        "formula_text": kpi.formula_text,
        "grade": kpi.grade,
        "department": kpi.department,
        "projects": kpi.projects,
        "review": kpi.review,
    }


def _findings(strategy: Strategy) -> list[dict[str, str]]:
    area = strategy.organisation.area_id
    if area is None:
        return []
    from sousei.stats.area import findings_for

    return [{"ja": f.text_ja, "en": f.text_en, "kind": f.kind} for f in findings_for(area)]


def report_data(strategy: Strategy, year: int) -> dict[str, Any]:
    """Everything the year's report says, JSON-serialisable (years as string keys)."""
    kpis = kpi_views(strategy, year)
    known = [y for k in kpis for y in k.actuals if y <= year]
    first = max(min(known, default=year), year - SHOWN_YEARS + 1)
    years = list(range(first, year + 1))
    scale = GRADE_SCALES[strategy.grading]
    donations = donation_summary(strategy, until=year)
    goals = [
        {
            "number": node.number,
            "name": node.name,
            "pillar": Pillar(node.pillar).label if node.pillar else "",
            "directions": node.directions,
            "targets": [_kpi(k, years) for k in node.targets],
            "measures": [
                {"name": measure.name, "kpis": [_kpi(k, years) for k in items]}
                for measure, items in node.measures
            ],
        }
        for node in strategy_tree(strategy, kpis)
    ]
    return {
        "strategy": {
            "id": strategy.pk,
            "name": strategy.name,
            "organisation": strategy.organisation.name,
            "start_year": strategy.start_year,
            "end_year": strategy.end_year,
            "vision": strategy.vision,
        },
        "fiscal_year": year,
        "years": years,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "grading": {
            "id": scale.id,
            "label": scale.label,
            "grades": [
                {"symbol": g.symbol, "ja": g.meaning_ja, "en": g.meaning_en} for g in scale.grades
            ],
        },
        "goals": goals,
        "grade_counts": grade_summary(strategy, kpis),
        "kpi_count": len(kpis),
        "donations": {
            "years": donations.years,
            "rows": [{**row, "amount": _number(row["amount"])} for row in donations.rows],
            "by_project": [
                {
                    "project": p["project"],
                    "donations": p["donations"],
                    "by_year": {str(y): _number(v) for y, v in p["by_year"].items()},
                    "total": _number(p["total"]),
                }
                for p in donations.by_project
            ],
            "by_year": {str(y): _number(v) for y, v in donations.by_year.items()},
            "total": _number(donations.total),
        },
        "findings": _findings(strategy),
    }
