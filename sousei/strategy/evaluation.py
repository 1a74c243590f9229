"""KPI arithmetic: the figure compared with the target, achievement, expected pace, grades (pure).

Formulas follow the 効果検証 practice of Japanese municipalities:
- 進捗率 (progress) ``(actual − baseline) ÷ (target − baseline) × 100`` for ↑, and its mirror
  ``(baseline − actual) ÷ (baseline − target) × 100`` for ↓;
- 達成率 (ratio) ``actual ÷ target × 100`` for → and whenever target equals baseline
  (for ↓ the ratio is ``target ÷ actual``, since lower is better);
- the expected progress in an interim year is pro-rated over the period, or taken from the
  interim target set for that year.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sousei.strategy.plan import Aggregation, Direction

NO_GRADE = "−"


@dataclass(frozen=True)
class KpiFigures:
    """What the arithmetic needs to know about one KPI (or 数値目標)."""

    direction: Direction
    aggregation: Aggregation
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    actuals: Mapping[int, float] = field(default_factory=dict)
    interim_targets: Mapping[int, float] = field(default_factory=dict)


def _since_baseline(kpi: KpiFigures, year: int) -> list[float]:
    start = kpi.baseline_year if kpi.baseline_year is not None else -math.inf
    return [value for y, value in sorted(kpi.actuals.items()) if start < y <= year]


def kpi_actual(kpi: KpiFigures, year: int) -> float | None:
    """実績値 as of fiscal `year`, aggregated the KPI's way; None when that year has no actual.

    累計 and 平均 run over the years after the baseline year up to `year`; 最新 takes the most
    recent actual up to `year`.
    """
    if kpi.aggregation is Aggregation.LATEST:
        known = [y for y in kpi.actuals if y <= year]
        return kpi.actuals[max(known)] if known else None
    if year not in kpi.actuals:
        return None
    if kpi.aggregation is Aggregation.CUMULATIVE:
        return math.fsum(_since_baseline(kpi, year))
    if kpi.aggregation is Aggregation.AVERAGE:
        values = _since_baseline(kpi, year)
        return math.fsum(values) / len(values)
    return kpi.actuals[year]


def uses_ratio(kpi: KpiFigures) -> bool:
    """達成率 instead of 進捗率: for → KPIs, or when there is no distance to travel."""
    return (
        kpi.direction is Direction.KEEP
        or kpi.baseline_value is None
        or kpi.target_value == kpi.baseline_value
    )


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _rate(kpi: KpiFigures, value: float) -> tuple[float, str] | None:
    """The rate for `value` in percent with its formula written out, or None if undefined."""
    target, baseline = kpi.target_value, kpi.baseline_value
    if target is None:
        return None
    if uses_ratio(kpi):
        if kpi.direction is Direction.DOWN:
            if value == 0:
                return 100.0, f"{_fmt(target)} ÷ {_fmt(value)}"
            return target / value * 100, f"{_fmt(target)} ÷ {_fmt(value)} × 100"
        if target == 0:
            return None
        return value / target * 100, f"{_fmt(value)} ÷ {_fmt(target)} × 100"
    assert baseline is not None
    if kpi.direction is Direction.DOWN:
        text = f"({_fmt(baseline)} − {_fmt(value)}) ÷ ({_fmt(baseline)} − {_fmt(target)}) × 100"
        return (baseline - value) / (baseline - target) * 100, text
    text = f"({_fmt(value)} − {_fmt(baseline)}) ÷ ({_fmt(target)} − {_fmt(baseline)}) × 100"
    return (value - baseline) / (target - baseline) * 100, text


def expected_rate(kpi: KpiFigures, year: int) -> float | None:
    """The progress (percent) the KPI should show in `year` to be on schedule.

    An interim target set for the year wins; otherwise progress is pro-rated from the baseline
    year to the target year. A ratio KPI is expected at 100 % throughout.
    """
    if year in kpi.interim_targets:
        rate = _rate(kpi, kpi.interim_targets[year])
        return rate[0] if rate else None
    if uses_ratio(kpi):
        return 100.0
    start, end = kpi.baseline_year, kpi.target_year
    if start is None or end is None or end <= start:
        return None
    return min(max((year - start) / (end - start), 0.0), 1.0) * 100


@dataclass(frozen=True)
class Achievement:
    """One KPI in one fiscal year: the figure, the rate with its formula, the expected pace."""

    year: int
    actual: float
    rate: float  # percent, unrounded
    formula: str  # "progress" (進捗率) or "ratio" (達成率)
    formula_text: str
    expected: float | None

    @property
    def pace(self) -> float | None:
        """達成度: the rate against the expected progress, in percent."""
        if self.expected is None or self.expected <= 0:
            return None
        return self.rate / self.expected * 100

    @property
    def on_track(self) -> bool | None:
        if self.expected is None:
            return None
        return round(self.rate, 6) >= round(self.expected, 6)


def achievement(kpi: KpiFigures, year: int) -> Achievement | None:
    """The KPI's achievement in fiscal `year`; None when there is no actual or no target."""
    value = kpi_actual(kpi, year)
    if value is None:
        return None
    rate = _rate(kpi, value)
    if rate is None:
        return None
    percent, text = rate
    return Achievement(
        year=year,
        actual=value,
        rate=percent,
        formula="ratio" if uses_ratio(kpi) else "progress",
        formula_text=f"{text} = {percent:.1f}%",
        expected=expected_rate(kpi, year),
    )


def planned_path(kpi: KpiFigures, years: Iterable[int]) -> dict[int, float]:
    """The value the KPI should have each year: a straight line baseline → target, interim
    targets as set."""
    start, end = kpi.baseline_year, kpi.target_year
    base, target = kpi.baseline_value, kpi.target_value
    path: dict[int, float] = {}
    for year in years:
        if year in kpi.interim_targets:
            path[year] = kpi.interim_targets[year]
        elif None not in (start, end, base, target) and end > start and start <= year <= end:
            path[year] = base + (target - base) * (year - start) / (end - start)
    return path


# --- grading presets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    symbol: str
    meaning_ja: str
    meaning_en: str


@dataclass(frozen=True)
class GradeScale:
    """A grading preset: its grades best first and the rule picking one."""

    id: str
    label: str
    name_ja: str
    name_en: str
    grades: tuple[Grade, ...]
    rule: Callable[[KpiFigures, Achievement], str]

    @property
    def symbols(self) -> tuple[str, ...]:
        return (*(g.symbol for g in self.grades), NO_GRADE)

    def grade(self, kpi: KpiFigures, result: Achievement | None) -> str:
        return NO_GRADE if result is None else self.rule(kpi, result)


def _thresholds(value: float, steps: tuple[tuple[float, str], ...], last: str) -> str:
    for floor, symbol in steps:
        if round(value, 6) >= floor:
            return symbol
    return last


def _abcd(kpi: KpiFigures, result: Achievement) -> str:
    return _thresholds(result.rate, ((100, "A"), (80, "B"), (50, "C")), "D")


def _ino(kpi: KpiFigures, result: Achievement) -> str:
    if result.rate <= 0:
        return "×"
    return _thresholds(result.rate, ((100, "◎"), (90, "○")), "△")


def _nagayo(kpi: KpiFigures, result: Achievement) -> str:
    """長与町: S past the target, else A/B/C by the change from the baseline (±10 % is B)."""
    if result.rate >= 100:
        return "S"
    base = kpi.baseline_value
    if base is None:
        return "B"
    change = result.actual - base
    if kpi.direction is Direction.DOWN:
        change = -change
    band = abs(base) * 0.1
    if abs(change) <= band:
        return "B"
    return "A" if change > 0 else "C"


def _tama(kpi: KpiFigures, result: Achievement) -> str:
    """多摩市: the rate against the pro-rated expectation; ≥100 % ①, ≥60 % ②, else ③."""
    pace = result.pace if result.pace is not None else result.rate
    return _thresholds(pace, ((100, "①"), (60, "②")), "③")


GRADE_SCALES: dict[str, GradeScale] = {
    scale.id: scale
    for scale in (
        GradeScale(
            "abcd",
            "A/B/C/D",
            "A〜D（達成率）",
            "A–D (achievement)",
            (
                Grade("A", "目標達成（100%以上）", "target reached (100% or more)"),
                Grade("B", "概ね順調（80%以上）", "mostly on course (80% or more)"),
                Grade("C", "遅れ（50%以上）", "behind (50% or more)"),
                Grade("D", "大幅な遅れ（50%未満）", "far behind (under 50%)"),
            ),
            _abcd,
        ),
        GradeScale(
            "ino",
            "◎○△×",
            "◎○△×（いの町方式）",
            "◎○△× (Ino style)",
            (
                Grade("◎", "目標値以上", "at or above the target"),
                Grade("○", "目標値と同等（90%以上）", "close to the target (90% or more)"),
                Grade("△", "目標値未満", "below the target"),
                Grade("×", "進捗なし", "no progress"),
            ),
            _ino,
        ),
        GradeScale(
            "nagayo",
            "S/A/B/C",
            "S/A/B/C（基準値との比較）",
            "S/A/B/C (against the baseline)",
            (
                Grade("S", "目標値を達成", "target reached"),
                Grade("A", "基準値より改善", "better than the baseline"),
                Grade("B", "基準値から±10%以内", "within ±10% of the baseline"),
                Grade("C", "基準値より悪化", "worse than the baseline"),
            ),
            _nagayo,
        ),
        GradeScale(
            "tama",
            "①②③",
            "①②③（按分した目標との比較）",
            "①②③ (against the pro-rated target)",
            (
                Grade("①", "着実に進捗（100%以上）", "on schedule (100% or more)"),
                Grade("②", "概ね進捗（60%以上）", "mostly on schedule (60% or more)"),
                Grade("③", "改善が必要（60%未満）", "needs improvement (under 60%)"),
            ),
            _tama,
        ),
    )
}
DEFAULT_SCALE = "abcd"


def grade_scale(id_or_label: str) -> GradeScale | None:
    """The preset named by its id ("ino") or its label ("◎○△×"); None if unknown."""
    wanted = id_or_label.strip()
    for scale in GRADE_SCALES.values():
        if wanted in (scale.id, scale.label):
            return scale
    return None


def grade_counts(grades: Iterable[str], scale: GradeScale) -> dict[str, int]:
    """How many KPIs got each grade, every grade of the scale listed (e.g. ◎ 30, ○ 13 …)."""
    counts = dict.fromkeys(scale.symbols, 0)
    for symbol in grades:
        counts[symbol] = counts.get(symbol, 0) + 1
    return counts
