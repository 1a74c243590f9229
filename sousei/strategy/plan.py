"""A strategy as plain data, the shape the Excel workbook reads into and writes from (pure).

The database models mirror these rows; import and export go through this module so the
workbook layout is defined in one place and tested without Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Direction(StrEnum):
    """方向: which way a KPI should move."""

    UP = "up"
    DOWN = "down"
    KEEP = "keep"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "keep": "→"}[self.value]


class Aggregation(StrEnum):
    """集計: how yearly actuals become the figure compared with the target."""

    SINGLE_YEAR = "single_year"  # 単年
    CUMULATIVE = "cumulative"  # 累計 (since the baseline year)
    AVERAGE = "average"  # 平均 (since the baseline year)
    LATEST = "latest"  # 最新

    @property
    def label(self) -> str:
        return {"single_year": "単年", "cumulative": "累計", "average": "平均", "latest": "最新"}[
            self.value
        ]


class IndicatorKind(StrEnum):
    """区分: a basic goal's outcome target (数値目標) or a measure's KPI."""

    GOAL_TARGET = "goal_target"  # 数値目標
    KPI = "kpi"

    @property
    def label(self) -> str:
        return "数値目標" if self is IndicatorKind.GOAL_TARGET else "KPI"


class Pillar(StrEnum):
    """The national basic goals (デジタル田園都市国家構想総合戦略) a local goal serves."""

    WORK = "work"  # 地方に仕事をつくる
    FLOW = "flow"  # 人の流れをつくる
    FAMILY = "family"  # 結婚・出産・子育ての希望をかなえる
    COMMUNITY = "community"  # 魅力的な地域をつくる

    @property
    def label(self) -> str:
        return {
            "work": "仕事",
            "flow": "人の流れ",
            "family": "結婚・出産・子育て",
            "community": "魅力的な地域",
        }[self.value]


# デジタル実装の基礎条件: the three foundations of the national strategy.
FOUNDATIONS = ("デジタル基盤の整備", "デジタル人材の育成・確保", "誰一人取り残されないための取組")


# What staff write per KPI per year in the 効果検証 (the verification), with its Japanese label.
REVIEW_LABELS = {
    "analysis": "要因分析",
    "issues": "課題",
    "next_step": "今後の方向性",
    "council_comment": "有識者会議の意見",
}


class Funding(StrEnum):
    """財源 of a project."""

    GENERAL = "general"  # 一般財源
    GRANT = "grant"  # 交付金
    CORPORATE_DONATION = "corporate_donation"  # 企業版ふるさと納税

    @property
    def label(self) -> str:
        return {
            "general": "一般財源",
            "grant": "交付金",
            "corporate_donation": "企業版ふるさと納税",
        }[self.value]


@dataclass
class GoalRow:
    """基本目標 with its 基本的方向 and the national pillar it serves."""

    name: str
    pillar: Pillar | None = None
    directions: str = ""  # 基本的方向, free text (one paragraph per line)
    row: int = field(default=0, compare=False)  # where it was read, for messages


@dataclass
class IndicatorRow:
    """One line of the 指標 sheet: a 数値目標 of a goal or a KPI of a measure."""

    goal: str
    kind: IndicatorKind
    measure: str
    name: str
    unit: str
    direction: Direction
    aggregation: Aggregation
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    department: str = ""
    projects: list[str] = field(default_factory=list)
    actuals: dict[int, float] = field(default_factory=dict)
    interim_targets: dict[int, float] = field(default_factory=dict)
    source: str = ""  # 出典
    data_link: str = ""  # データ連携, e.g. "統計:出生数"
    row: int = field(default=0, compare=False)  # where it was read, for messages


@dataclass
class ProjectRow:
    """事業: who runs it, how it is funded, its budget per fiscal year in 千円."""

    name: str
    department: str = ""
    funding: Funding = Funding.GENERAL
    budgets: dict[int, Decimal] = field(default_factory=dict)
    row: int = field(default=0, compare=False)  # where it was read, for messages


@dataclass
class DonationRow:
    """企業版ふるさと納税: one donation in 千円 to one project."""

    fiscal_year: int
    project: str
    donor: str
    amount: Decimal  # 千円
    row: int = field(default=0, compare=False)  # where it was read, for messages


@dataclass
class Plan:
    """A whole 総合戦略 as the workbook holds it."""

    name: str
    start_year: int
    end_year: int
    vision: str = ""
    grading: str = "abcd"
    foundations: list[str] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    donations: list[DonationRow] = field(default_factory=list)
