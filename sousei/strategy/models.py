"""The 総合戦略 in the database: strategy → goals → measures → indicators → actuals and reviews,
projects and donations, every change kept, published reports frozen."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sousei.orgs.models import Organisation
from sousei.strategy.evaluation import DEFAULT_SCALE, GRADE_SCALES
from sousei.strategy.plan import Aggregation, Direction, Funding, IndicatorKind, Pillar


def _choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in enum]


class Strategy(models.Model):
    """地方版総合戦略 of one organisation (a municipality, or a region sharing one)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="strategies"
    )
    name = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField(help_text="開始年度 (fiscal year)")
    end_year = models.PositiveSmallIntegerField(help_text="終了年度 (fiscal year)")
    vision = models.TextField(blank=True, help_text="地域ビジョン")
    grading = models.CharField(
        max_length=16,
        choices=[(s.id, s.label) for s in GRADE_SCALES.values()],
        default=DEFAULT_SCALE,
    )
    foundations = models.JSONField(default=list, blank=True, help_text="デジタル実装の基礎条件")
    is_published = models.BooleanField(default=False)
    is_archived = models.BooleanField(default=False, help_text="withdrawn; never hard-deleted")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "-start_year", "name"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """基本目標 with its 基本的方向 and the national pillar it serves."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    pillar = models.CharField(max_length=16, choices=_choices(Pillar), blank=True)
    directions = models.TextField(blank=True, help_text="基本的方向")

    class Meta:
        ordering = ["strategy_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="unique_goal_name")
        ]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """具体的な施策 under a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["goal_id", "number"]
        constraints = [models.UniqueConstraint(fields=["goal", "name"], name="unique_measure_name")]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """事業 carrying out measures, with its budget (千円) per fiscal year and its funding."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=300)
    department = models.CharField(max_length=128, blank=True)
    funding = models.CharField(max_length=24, choices=_choices(Funding), default=Funding.GENERAL)
    budgets = models.JSONField(default=dict, blank=True, help_text='{"2024": "1500"} in 千円')

    class Meta:
        ordering = ["strategy_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="unique_project_name")
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A goal's 数値目標 (measure empty) or a measure's KPI."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=_choices(IndicatorKind))
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=32, blank=True)
    direction = models.CharField(max_length=8, choices=_choices(Direction))
    aggregation = models.CharField(max_length=16, choices=_choices(Aggregation))
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    interim_targets = models.JSONField(default=dict, blank=True, help_text='{"2025": 300}')
    department = models.CharField(max_length=128, blank=True, help_text="担当課")
    source = models.CharField(max_length=300, blank=True, help_text="出典")
    data_link = models.CharField(
        max_length=300, blank=True, help_text="データ連携, e.g. 統計:出生数"
    )
    projects = models.ManyToManyField(Project, blank=True, related_name="indicators")
    is_retired = models.BooleanField(default=False, help_text="dropped from the strategy; kept")

    class Meta:
        ordering = ["strategy_id", "number"]

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    MANUAL = "manual", "manual"
    DATA = "data", "data"


class Actual(models.Model):
    """実績値 of one indicator in one fiscal year; a manual value overrides one from data.

    A cleared value is kept as null, never deleted."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MANUAL)
    note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "origin"], name="unique_actual_per_origin"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value} ({self.origin})"


class NextStep(models.TextChoices):
    """今後の方向性."""

    EXPAND = "expand", "拡大"
    IMPROVE = "improve", "改善継続"
    CONTINUE = "continue", "継続"
    STOP = "stop", "中止"
    END = "end", "終了"


class Review(models.Model):
    """One year's verification of an indicator: 要因分析, 課題, 今後の方向性, 有識者会議の意見."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField()
    analysis = models.TextField(blank=True)
    issues = models.TextField(blank=True)
    next_step = models.CharField(max_length=8, choices=NextStep.choices, blank=True)
    council_comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_review_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}"


class Donation(models.Model):
    """企業版ふるさと納税: a company's donation (千円) to one project in one fiscal year."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="donations")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="donations")
    fiscal_year = models.PositiveSmallIntegerField()
    donor = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=15, decimal_places=3, help_text="千円")
    withdrawn = models.BooleanField(default=False, help_text="replaced by a later import; kept")

    class Meta:
        ordering = ["strategy_id", "fiscal_year", "id"]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.donor} {self.amount}千円"


class Change(models.Model):
    """One kept change (who, when, old, new) to a strategy's figures or texts."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="changes")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    field = models.CharField(max_length=64, help_text='e.g. "target_value" or "actual:2024"')
    old = models.JSONField(null=True)
    new = models.JSONField(null=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    via = models.CharField(max_length=16, help_text="web, api, cli, import, data")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"


class Report(models.Model):
    """A published 効果検証 report: a frozen snapshot of what it said on the day."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reports")
    fiscal_year = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(auto_now_add=True)
    files = models.JSONField(
        default=dict, blank=True, help_text="format → name in the file store, as made that day"
    )
    job = models.UUIDField(
        null=True, blank=True, unique=True, help_text="the background job that published it"
    )

    class Meta:
        ordering = ["strategy_id", "-fiscal_year", "-published_at"]

    def __str__(self) -> str:
        return f"{self.strategy_id} {self.fiscal_year}"
