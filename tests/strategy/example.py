"""The 手引き's worked example (seed 004) and Ichinoseki's donations as a Plan: the strategy
tests' common fixture."""

from decimal import Decimal

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

GOAL = "本市への人の流れをつくる"
MOVERS = "本市相談窓口を通じた移住者数"
OFFICE = "サテライトオフィスの稼働率"
JOBS = "市内高校・大学卒業生の市内就職率"
LEAVERS = "市外への転出者数"
GATHER = "市内外から人が集うまちをつくる事業"


def kpi(name, measure, **kwargs) -> IndicatorRow:
    fields = {
        "goal": GOAL,
        "kind": IndicatorKind.KPI,
        "measure": measure,
        "name": name,
        "unit": "%",
        "direction": Direction.UP,
        "aggregation": Aggregation.SINGLE_YEAR,
        "baseline_year": 2022,
        "baseline_value": 50.0,
        "target_year": 2027,
        "target_value": 70.0,
        "department": "政策企画課",
    } | kwargs
    return IndicatorRow(**fields)


def example_plan() -> Plan:
    return Plan(
        name="第3期まち・ひと・しごと創生総合戦略",
        start_year=2023,
        end_year=2027,
        vision="地域内外の大学や企業等と連携し、学びと雇用の魅力があふれる産学官協創都市",
        grading="abcd",
        foundations=["デジタル基盤の整備"],
        goals=[GoalRow(GOAL, Pillar.FLOW, "地方移住への関心の高まりを好機と捉える。")],
        indicators=[
            kpi(
                LEAVERS,
                "",
                kind=IndicatorKind.GOAL_TARGET,
                unit="人",
                direction=Direction.DOWN,
                baseline_value=3000.0,
                target_value=2500.0,
                actuals={2023: 2900.0, 2024: 2750.0},
            ),
            kpi(
                MOVERS,
                "UIJターンによる起業・就業者創出",
                unit="人",
                aggregation=Aggregation.CUMULATIVE,
                baseline_value=0.0,
                target_value=500.0,
                projects=["移住・交流相談促進事業"],
                actuals={2023: 80.0, 2024: 120.0},
            ),
            kpi(
                OFFICE,
                "テレワーク環境の整備",
                projects=["サテライトオフィス整備事業"],
                actuals={2023: 55.0, 2024: 60.0},
            ),
            kpi(
                JOBS,
                "市内の企業や大学等の魅力向上",
                baseline_value=30.0,
                target_value=40.0,
                projects=["産学官連携推進事業"],
                actuals={2024: 31.0},
            ),
        ],
        projects=[
            ProjectRow(
                "移住・交流相談促進事業", "政策企画課", Funding.GRANT, {2024: Decimal(1500)}
            ),
            ProjectRow("サテライトオフィス整備事業", "商工労働課", Funding.CORPORATE_DONATION),
            ProjectRow("産学官連携推進事業", "商工労働課"),
            ProjectRow(GATHER, "政策企画課", Funding.CORPORATE_DONATION),
        ],
        donations=[
            DonationRow(2022, GATHER, "株式会社SHOEI", Decimal(100000)),
            DonationRow(2022, GATHER, "株式会社パソナ", Decimal(5000)),
        ],
    )
