"""Demo strategies for the fictional サンプル圏域: each municipality's 第2期総合戦略 (FY2020–2024)
with four basic goals, 20 indicators, yearly actuals (some read from its statistics), projects
and corporate donations; and the region's shared strategy rolled up from its members. Pure
Python; the same seed gives the same plan."""

from __future__ import annotations

import random
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

START, END, BASE = 2020, 2024, 2019
STRATEGY_NAME = "第2期まち・ひと・しごと創生総合戦略"
REGION_STRATEGY_NAME = "サンプル圏域 連携ビジョン"
SHARED_KPI = "移住相談窓口を通じた移住者数"
DONORS = (
    "株式会社サンプル商事",
    "サンプル電機株式会社",
    "株式会社みらい建設",
    "サンプル銀行株式会社",
)

# goal, pillar, directions, the goal's 数値目標 (name, unit, direction, data link), measures with
# their KPIs (name, unit, direction, aggregation, project).
GOALS = (
    (
        "地域に仕事をつくり、安心して働けるようにする",
        Pillar.WORK,
        "地場産業の付加価値を高め、若い世代が働きたいと思える雇用の場をつくる。",
        ("市内事業所の従業者数", "人", Direction.UP, ""),
        (
            (
                "地場産業の競争力強化",
                (
                    (
                        "新商品開発件数",
                        "件",
                        Direction.UP,
                        Aggregation.CUMULATIVE,
                        "特産品ブランド化事業",
                    ),
                    (
                        "農産物直売所の販売額",
                        "百万円",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "特産品ブランド化事業",
                    ),
                ),
            ),
            (
                "起業・事業承継の支援",
                (
                    (
                        "創業支援による起業件数",
                        "件",
                        Direction.UP,
                        Aggregation.CUMULATIVE,
                        "起業応援事業",
                    ),
                    (
                        "事業承継の相談件数",
                        "件",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "起業応援事業",
                    ),
                ),
            ),
        ),
    ),
    (
        "新しい人の流れをつくる",
        Pillar.FLOW,
        "移住・定住の相談から住まい・仕事までを一体で支援し、転出の超過を抑える。",
        ("転出者数", "人", Direction.DOWN, "統計:転出数"),
        (
            (
                "移住・定住の促進",
                (
                    (
                        SHARED_KPI,
                        "人",
                        Direction.UP,
                        Aggregation.CUMULATIVE,
                        "移住・交流相談促進事業",
                    ),
                    (
                        "空き家バンクの成約件数",
                        "件",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "空き家活用事業",
                    ),
                ),
            ),
            (
                "関係人口の創出",
                (
                    (
                        "お試し居住の利用者数",
                        "人",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "移住・交流相談促進事業",
                    ),
                    (
                        "サテライトオフィスの稼働率",
                        "%",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "サテライトオフィス整備事業",
                    ),
                ),
            ),
        ),
    ),
    (
        "結婚・出産・子育ての希望をかなえる",
        Pillar.FAMILY,
        "出会いから子育てまで切れ目なく支え、子どもを生み育てやすいまちにする。",
        ("出生数", "人", Direction.KEEP, "統計:出生数"),
        (
            (
                "子育て支援の充実",
                (
                    (
                        "待機児童数",
                        "人",
                        Direction.DOWN,
                        Aggregation.SINGLE_YEAR,
                        "保育環境整備事業",
                    ),
                    (
                        "子育て支援センターの利用者数",
                        "人",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "保育環境整備事業",
                    ),
                ),
            ),
            (
                "出会い・結婚の支援",
                (
                    (
                        "婚活イベントによる成婚数",
                        "組",
                        Direction.UP,
                        Aggregation.CUMULATIVE,
                        "結婚応援事業",
                    ),
                    (
                        "子育てしやすいと感じる市民の割合",
                        "%",
                        Direction.UP,
                        Aggregation.LATEST,
                        "結婚応援事業",
                    ),
                ),
            ),
        ),
    ),
    (
        "魅力的な地域をつくり、安心して暮らせるようにする",
        Pillar.COMMUNITY,
        "地域の交通と拠点を守り、デジタル技術で暮らしの利便性を高める。",
        ("総人口", "人", Direction.KEEP, "統計:総人口"),
        (
            (
                "地域交通の確保",
                (
                    (
                        "デマンド交通の利用者数",
                        "人",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "地域交通再編事業",
                    ),
                    (
                        "オンライン申請できる手続の割合",
                        "%",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "行政デジタル化事業",
                    ),
                ),
            ),
            (
                "観光・交流の推進",
                (
                    (
                        "観光入込客数",
                        "千人",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "観光交流推進事業",
                    ),
                    (
                        "ふるさと納税の寄附件数",
                        "件",
                        Direction.UP,
                        Aggregation.SINGLE_YEAR,
                        "観光交流推進事業",
                    ),
                ),
            ),
        ),
    ),
)
DONATED = ("サテライトオフィス整備事業", "観光交流推進事業", "起業応援事業")
GRANTED = ("移住・交流相談促進事業", "行政デジタル化事業")


def _series(rng: random.Random, base: float, direction: Direction, years: int) -> list[float]:
    """A plausible yearly path: drifting towards the goal with noise, one bad year."""
    step = base * rng.uniform(0.02, 0.08) * (-1 if direction is Direction.DOWN else 1)
    values, value = [], base
    for i in range(years):
        value += step * rng.uniform(0.2, 1.6) * (-0.8 if i == 1 else 1)
        values.append(max(value, 0))
    return values


def _round(value: float, unit: str) -> float:
    return round(value, 1) if unit == "%" else float(round(value))


def _kpi(rng, goal, measure, spec, size: float) -> IndicatorRow:
    name, unit, direction, aggregation, project = spec
    years = list(range(START, END + 1))
    if aggregation is Aggregation.CUMULATIVE:
        yearly = [float(rng.randint(3, 12)) * size * 4 for _ in years]
        baseline, target = 0.0, float(round(sum(yearly) * rng.uniform(0.9, 1.3)))
        values = [float(round(v)) for v in yearly]
    else:
        baseline = _round(rng.uniform(20, 80) if unit == "%" else rng.uniform(40, 400) * size, unit)
        if name == "待機児童数":
            baseline = float(rng.randint(8, 25))
        values = [_round(v, unit) for v in _series(rng, baseline, direction, len(years))]
        growth = rng.uniform(0.1, 0.3) * (-1 if direction is Direction.DOWN else 1)
        target = 0.0 if name == "待機児童数" else _round(baseline * (1 + growth), unit)
    if rng.random() < 0.15:  # this year's figure not in yet: graded "−"
        years, values = years[:-1], values[:-1]
    return IndicatorRow(
        goal=goal,
        kind=IndicatorKind.KPI,
        measure=measure,
        name=name,
        unit=unit,
        direction=direction,
        aggregation=aggregation,
        baseline_year=BASE,
        baseline_value=baseline,
        target_year=END,
        target_value=target,
        department=rng.choice(("政策企画課", "商工観光課", "子育て支援課", "まちづくり課")),
        projects=[project],
        actuals=dict(zip(years, values, strict=True)),
    )


def _goal_target(goal: str, spec, baselines: dict[str, float]) -> IndicatorRow:
    """A goal's 数値目標, read from the municipality's statistics through its data link."""
    name, unit, direction, link = spec
    base = baselines.get(name)
    change = {Direction.UP: 1.05, Direction.DOWN: 0.9, Direction.KEEP: 1.0}[direction]
    return IndicatorRow(
        goal=goal,
        kind=IndicatorKind.GOAL_TARGET,
        measure="",
        name=name,
        unit=unit,
        direction=direction,
        aggregation=Aggregation.SINGLE_YEAR,
        baseline_year=BASE,
        baseline_value=base,
        target_year=END,
        target_value=None if base is None else float(round(base * change)),
        department="政策企画課",
        source="住民基本台帳" if link else "経済センサス",
        data_link=link,
    )


def demo_plan(rng: random.Random, name: str, baselines: dict[str, float], size: float) -> Plan:
    """One municipality's strategy. `baselines` are its statistics in the baseline year (転出者数,
    出生数, 総人口); `size` scales the counts to the municipality."""
    indicators = []
    for goal, _pillar, _text, target, measures in GOALS:
        indicators.append(_goal_target(goal, target, baselines))
        for measure, kpis in measures:
            indicators.extend(_kpi(rng, goal, measure, spec, size) for spec in kpis)
    employees = next(i for i in indicators if i.name == "市内事業所の従業者数")
    employees.baseline_value = float(round(baselines.get("総人口", 10000) * 0.42))
    employees.target_value = float(round(employees.baseline_value * 1.02))
    employees.aggregation = Aggregation.LATEST  # 経済センサス: every five years
    employees.actuals = {2021: float(round(employees.baseline_value * 0.98))}
    projects = sorted({p for i in indicators for p in i.projects})
    return Plan(
        name=STRATEGY_NAME,
        start_year=START,
        end_year=END,
        vision=f"ひと・しごと・暮らしがつながり、次の世代が住み続けたいと思える{name}",
        grading="abcd",
        foundations=["デジタル基盤の整備", "デジタル人材の育成・確保"],
        goals=[GoalRow(goal, pillar, text) for goal, pillar, text, _t, _m in GOALS],
        indicators=indicators,
        projects=[
            ProjectRow(
                project,
                "政策企画課",
                Funding.CORPORATE_DONATION
                if project in DONATED
                else Funding.GRANT
                if project in GRANTED
                else Funding.GENERAL,
                {year: Decimal(rng.randrange(800, 12000, 100)) for year in range(START, END + 1)},
            )
            for project in projects
        ],
        donations=[
            DonationRow(year, project, rng.choice(DONORS), Decimal(rng.randrange(100, 5000, 50)))
            for year in range(START + 1, END + 1)
            for project in DONATED
            if rng.random() < 0.6
        ],
    )


def region_plan(leavers_baseline: float, movers_target: float) -> Plan:
    """The region's shared strategy: KPIs that are the sum of its members' KPIs of that name."""
    goal = "圏域全体で新しい人の流れをつくる"
    return Plan(
        name=REGION_STRATEGY_NAME,
        start_year=START,
        end_year=END,
        vision="1市1町1村が連携し、圏域全体で選ばれる地域をめざす",
        goals=[GoalRow(goal, Pillar.FLOW, "移住相談と情報発信を圏域で一体的に行う。")],
        indicators=[
            IndicatorRow(
                goal=goal,
                kind=IndicatorKind.KPI,
                measure="圏域一体の移住促進",
                name=SHARED_KPI,
                unit="人",
                direction=Direction.UP,
                aggregation=Aggregation.CUMULATIVE,
                baseline_year=BASE,
                baseline_value=0.0,
                target_year=END,
                target_value=movers_target,
                department="サンプル市 政策企画課",
                data_link="圏域:合計",
            ),
            IndicatorRow(
                goal=goal,
                kind=IndicatorKind.KPI,
                measure="圏域一体の移住促進",
                name="転出者数",
                unit="人",
                direction=Direction.DOWN,
                aggregation=Aggregation.SINGLE_YEAR,
                baseline_year=BASE,
                baseline_value=leavers_baseline,
                target_year=END,
                target_value=float(round(leavers_baseline * 0.9)),
                department="サンプル市 政策企画課",
                data_link="圏域:合計",
            ),
        ],
    )
