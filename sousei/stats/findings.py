"""Plain-language findings (分析結果): rule-based sentences in Japanese and English.

Each rule is one small function over the standard tables returning a `Finding` or None. A rule
that lacks its data returns None — no sentence without the numbers behind it — and every
finding carries those numbers in `figures`. Trends follow `sousei.stats.trend` (least-squares
slope, ±2% of the mean level over the period, at least 3 years).

The rules:

- natural-change-trend: births, deaths and natural change trends (自然減が拡大/縮小 …).
- net-migration-streak: 転出超過 (or 転入超過) in each of the last N ≥ 2 consecutive years.
- moves-latest-year: moves in and out in the latest year against the year before.
- population-peak: the year of the largest population and the decline since.
- aging-rate-vs-reference: 高齢化率 against the nation or prefecture at the same date.
- ages-leaving-most / ages-arriving-most: the age classes with the largest net outflow/inflow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Literal, ParamSpec

import pandas as pd

from sousei.stats.change import natural_change, population_totals, social_change
from sousei.stats.frames import InsufficientData, as_timestamp, dates_of
from sousei.stats.moves import net_migration_by_age
from sousei.stats.structure import aging_rate
from sousei.stats.trend import Trend, trend
from sousei.stats.wording import (
    age_en,
    age_ja,
    number,
    percent,
    signed,
    wareki_long,
    wareki_short,
    western_year,
)

Kind = Literal["concern", "neutral", "positive"]
P = ParamSpec("P")


@dataclass(frozen=True)
class Finding:
    """One sentence about an area, in Japanese and English, with the figures it rests on.

    `kind` tells the page how to show it: "concern" (a problem for the strategy),
    "positive", or "neutral".
    """

    rule_id: str
    text_ja: str
    text_en: str
    figures: dict[str, object] = field(default_factory=dict)
    kind: Kind = "neutral"

    def text(self, language: str = "ja") -> str:
        return self.text_en if language == "en" else self.text_ja


def _needs_data(rule: Callable[P, Finding | None]) -> Callable[P, Finding | None]:
    """A rule whose data is missing says nothing, rather than failing or guessing."""

    @wraps(rule)
    def checked(*args: P.args, **kwargs: P.kwargs) -> Finding | None:
        try:
            return rule(*args, **kwargs)
        except (InsufficientData, KeyError):
            return None

    return checked


_TREND_JA = {"increasing": "増加傾向", "decreasing": "減少傾向", "flat": "横ばい"}
_TREND_EN = {"increasing": "rising", "decreasing": "falling", "flat": "flat"}


def _natural_conclusion(latest: int, direction: Trend) -> tuple[str, str, Kind]:
    if latest == 0:
        return "出生数と死亡数が均衡している", "births and deaths are in balance", "neutral"
    what_ja, what_en = (
        ("自然減", "natural decrease") if latest < 0 else ("自然増", "natural increase")
    )
    growing = "increasing" if latest > 0 else "decreasing"
    if direction == "flat":
        return (
            f"{what_ja}が続いている",
            f"the {what_en} continues",
            ("concern" if latest < 0 else "positive"),
        )
    if direction == growing:
        return (
            f"{what_ja}が拡大している",
            f"the {what_en} is widening",
            ("concern" if latest < 0 else "positive"),
        )
    return (
        f"{what_ja}が縮小している",
        f"the {what_en} is narrowing",
        ("neutral" if latest < 0 else "concern"),
    )


@_needs_data
def natural_change_trend(vital: pd.DataFrame) -> Finding | None:
    """Births, deaths and natural change (自然増減) over at least 3 years."""
    table = natural_change(vital)
    years = table["year"].tolist()
    births_trend = trend(years, table["births"].tolist())
    deaths_trend = trend(years, table["deaths"].tolist())
    change_trend = trend(years, table["natural_change"].tolist())
    if births_trend is None or deaths_trend is None or change_trend is None:
        return None
    first, last = table.iloc[0], table.iloc[-1]
    conclusion_ja, conclusion_en, kind = _natural_conclusion(int(last.natural_change), change_trend)
    deaths_ja = "横ばいで" if deaths_trend == "flat" else f"{_TREND_JA[deaths_trend]}にあり"
    span_ja = (
        f"{wareki_short(int(first.year))} {number(first.natural_change)} → "
        f"{wareki_short(int(last.year))} {number(last.natural_change)}"
    )
    span_en = (
        f"{int(first.year)} {number(first.natural_change)} → "
        f"{int(last.year)} {number(last.natural_change)}"
    )
    return Finding(
        rule_id="natural-change-trend",
        text_ja=f"出生数は{_TREND_JA[births_trend]}、死亡数は{deaths_ja}、{conclusion_ja}（{span_ja}）",
        text_en=(
            f"Births are {_TREND_EN[births_trend]} and deaths are {_TREND_EN[deaths_trend]}; "
            f"{conclusion_en} ({span_en})."
        ),
        figures={
            "years": years,
            "births": table["births"].tolist(),
            "deaths": table["deaths"].tolist(),
            "natural_change": table["natural_change"].tolist(),
            "births_trend": births_trend,
            "deaths_trend": deaths_trend,
            "natural_change_trend": change_trend,
        },
        kind=kind,
    )


def _latest_streak(years: list[int], values: list[int]) -> int:
    """How many consecutive latest years share the latest value's sign (0 if it is zero)."""
    sign = (values[-1] > 0) - (values[-1] < 0)
    count = 0
    for index in range(len(values) - 1, -1, -1):
        consecutive = index == len(values) - 1 or years[index] == years[index + 1] - 1
        if not consecutive or (values[index] > 0) - (values[index] < 0) != sign:
            break
        count += 1
    return count if sign else 0


@_needs_data
def net_migration_streak(migration: pd.DataFrame) -> Finding | None:
    """転出超過 (or 転入超過) in each of the latest N ≥ 2 consecutive years, and its total."""
    table = social_change(migration)
    years, values = table["year"].tolist(), table["social_change"].tolist()
    streak = _latest_streak(years, values)
    if streak < 2:
        return None
    total = sum(values[-streak:])
    outflow = total < 0
    what_ja = "転出超過" if outflow else "転入超過"
    what_en = "Net out-migration" if outflow else "Net in-migration"
    return Finding(
        rule_id="net-migration-streak",
        text_ja=f"{what_ja}が続いている（{streak}年連続、計 {signed(total)}）",
        text_en=f"{what_en} continues ({streak} years in a row, total {signed(total)}).",
        figures={
            "years": years[-streak:],
            "social_change": values[-streak:],
            "streak_years": streak,
            "total": total,
        },
        kind="concern" if outflow else "positive",
    )


_MOVE_JA = {
    1: ("増加し", "増加した"),
    -1: ("減少し", "減少した"),
    0: ("前年と同数で", "前年と同数だった"),
}
_MOVE_EN = {1: "rose", -1: "fell", 0: "were unchanged"}


def _step(before: int, after: int) -> int:
    """1 for a rise, −1 for a fall, 0 for no change."""
    return (after > before) - (after < before)


@_needs_data
def moves_latest_year(migration: pd.DataFrame) -> Finding | None:
    """Moves in and out (転入・転出) in the latest year against the year before."""
    table = social_change(migration)
    if len(table) < 2:
        return None
    before, latest = table.iloc[-2], table.iloc[-1]
    year = int(latest.year)
    if int(before.year) != year - 1:
        return None
    step_in = _step(int(before.moves_in), int(latest.moves_in))
    step_out = _step(int(before.moves_out), int(latest.moves_out))
    if step_in == step_out:
        says_ja = f"転入・転出ともに{_MOVE_JA[step_in][1]}"
        says_en = f"both moves in and moves out {_MOVE_EN[step_in]}"
    else:
        says_ja = f"転入は{_MOVE_JA[step_in][0]}、転出は{_MOVE_JA[step_out][1]}"
        says_en = f"moves in {_MOVE_EN[step_in]} and moves out {_MOVE_EN[step_out]}"
    detail_ja = (
        f"転入 {number(before.moves_in)} → {number(latest.moves_in)}、"
        f"転出 {number(before.moves_out)} → {number(latest.moves_out)}"
    )
    detail_en = (
        f"in {number(before.moves_in)} → {number(latest.moves_in)}, "
        f"out {number(before.moves_out)} → {number(latest.moves_out)}"
    )
    return Finding(
        rule_id="moves-latest-year",
        text_ja=f"{wareki_long(year)}は{says_ja}（{detail_ja}）",
        text_en=f"In {year} {says_en} ({detail_en}).",
        figures={
            "year": year,
            "previous_year": year - 1,
            "moves_in": [int(before.moves_in), int(latest.moves_in)],
            "moves_out": [int(before.moves_out), int(latest.moves_out)],
        },
        kind="neutral",
    )


@_needs_data
def population_peak(population: pd.DataFrame) -> Finding | None:
    """The date of the largest population (人口のピーク) and the change since, over ≥ 3 dates."""
    totals = population_totals(population)
    if len(totals) < 3:
        return None
    dates = list(totals.index)
    peak_at = dates[int(totals.to_numpy().argmax())]
    peak, first_date, last_date = int(totals[peak_at]), dates[0], dates[-1]
    latest = int(totals.iloc[-1])
    figures = {
        "dates": [str(as_timestamp(d).date()) for d in dates],
        "totals": totals.tolist(),
        "peak_date": str(as_timestamp(peak_at).date()),
        "peak": peak,
        "latest": latest,
    }
    if latest == peak:
        return Finding(
            rule_id="population-peak",
            text_ja=(
                f"人口は{wareki_long(first_date)}以降で最も多い"
                f"（{wareki_short(last_date)} {number(latest)}人）"
            ),
            text_en=(
                f"The population is at its highest since {western_year(first_date)} "
                f"({western_year(last_date)}: {number(latest)})."
            ),
            figures=figures,
            kind="positive",
        )
    since_peak = (latest - peak) / peak * 100
    figures["change_from_peak_percent"] = since_peak
    if peak_at == first_date:
        text_ja = (
            f"人口は{wareki_long(first_date)}以降減少している（{wareki_short(first_date)} "
            f"{number(peak)}人 → {wareki_short(last_date)} {number(latest)}人、"
            f"{percent(since_peak)}）"
        )
        text_en = (
            f"The population has fallen since {western_year(first_date)} "
            f"({number(peak)} → {number(latest)} in {western_year(last_date)}, "
            f"{percent(since_peak)})."
        )
    else:
        text_ja = (
            f"人口は{wareki_long(peak_at)}の{number(peak)}人をピークに減少している"
            f"（{wareki_short(last_date)} {number(latest)}人、ピーク比 {percent(since_peak)}）"
        )
        text_en = (
            f"The population peaked at {number(peak)} in {western_year(peak_at)} and has "
            f"fallen since ({western_year(last_date)}: {number(latest)}, "
            f"{percent(since_peak)} from the peak)."
        )
    return Finding("population-peak", text_ja, text_en, figures, kind="concern")


def _common_date(population: pd.DataFrame, reference: pd.DataFrame) -> object:
    """The latest date of `population` whose year the reference also has."""
    reference_years = {as_timestamp(d).year for d in dates_of(reference)}
    shared = [d for d in dates_of(population) if as_timestamp(d).year in reference_years]
    if not shared:
        raise InsufficientData("the area and the reference share no year")
    return shared[-1]


@_needs_data
def aging_rate_vs_reference(
    population: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    reference_name_ja: str = "全国",
    reference_name_en: str = "Japan",
    when: object | None = None,
) -> Finding | None:
    """高齢化率 against the nation or prefecture in the same year, in percentage points."""
    when = _common_date(population, reference) if when is None else when
    year = as_timestamp(when).year
    own, theirs = aging_rate(population, when), aging_rate(reference, year)
    gap = round(own, 1) - round(theirs, 1)
    if abs(gap) < 0.05:
        says_ja, says_en = "と同じ水準にある", f"the same as {reference_name_en}"
    elif gap > 0:
        says_ja = f"を{gap:.1f}ポイント上回っている"
        says_en = f"{gap:.1f} points above {reference_name_en}"
    else:
        says_ja = f"を{-gap:.1f}ポイント下回っている"
        says_en = f"{-gap:.1f} points below {reference_name_en}"
    return Finding(
        rule_id="aging-rate-vs-reference",
        text_ja=(
            f"高齢化率は{percent(own)}で、{reference_name_ja}（{percent(theirs)}）"
            f"{says_ja}（{wareki_long(when)}）"
        ),
        text_en=(f"The aging rate is {percent(own)}, {says_en} ({percent(theirs)}) in {year}."),
        figures={
            "year": year,
            "aging_rate": own,
            "reference_aging_rate": theirs,
            "reference": reference_name_en,
            "difference_points": own - theirs,
        },
        kind="concern" if gap > 0 else "neutral",
    )


def _ages_by_net(by_age: pd.DataFrame, *, leaving: bool, top: int) -> pd.DataFrame:
    table = by_age[by_age["age"] != "unknown"]
    table = table[table["net"] < 0] if leaving else table[table["net"] > 0]
    return table.sort_values("net", ascending=leaving, kind="stable").head(top)


def _ages_finding(
    migration: pd.DataFrame, *, leaving: bool, top: int, by_age: pd.DataFrame | None = None
) -> Finding | None:
    """`by_age`, the table's `net_migration_by_age`, when the caller has it already."""
    by_age = net_migration_by_age(migration) if by_age is None else by_age
    table = _ages_by_net(by_age, leaving=leaving, top=top)
    years = sorted(int(y) for y in migration["year"].unique())
    if table.empty:
        return None
    if len(years) == 1:
        period_ja, period_en = f"{wareki_short(years[0])}は", f"In {years[0]}"
    else:
        period_ja = f"{wareki_short(years[0])}〜{wareki_short(years[-1])}の計で、"
        period_en = f"Over {years[0]}–{years[-1]}"
    parts_ja = [f"{age_ja(r.age)}（{signed(r.net)}）" for r in table.itertuples()]
    parts_en = [f"{age_en(r.age)} ({signed(r.net)})" for r in table.itertuples()]
    what_ja = "転出超過" if leaving else "転入超過"
    what_en = "net out-migration" if leaving else "net in-migration"
    text_ja = f"{period_ja}{what_ja}が最も大きいのは{parts_ja[0]}"
    text_en = f"{period_en}, {what_en} was largest at ages {parts_en[0]}"
    if len(parts_ja) > 1:
        text_ja += "、次いで" + "、".join(parts_ja[1:])
        text_en += ", then " + ", ".join(parts_en[1:])
    return Finding(
        rule_id="ages-leaving-most" if leaving else "ages-arriving-most",
        text_ja=text_ja,
        text_en=text_en + ".",
        figures={"years": years, "ages": table["age"].tolist(), "net": table["net"].tolist()},
        kind="concern" if leaving else "positive",
    )


@_needs_data
def ages_leaving_most(migration: pd.DataFrame, *, top: int = 2) -> Finding | None:
    """The age classes with the largest net out-migration (転出超過), over all years given."""
    return _ages_finding(migration, leaving=True, top=top)


@_needs_data
def ages_arriving_most(migration: pd.DataFrame, *, top: int = 2) -> Finding | None:
    """The age classes with the largest net in-migration (転入超過), over all years given."""
    return _ages_finding(migration, leaving=False, top=top)


def _age_findings(migration: pd.DataFrame, top: int = 2) -> list[Finding | None]:
    """Ages leaving and arriving most, from one `net_migration_by_age` of the table."""
    try:
        by_age = net_migration_by_age(migration)
    except (InsufficientData, KeyError):
        return []
    return [
        _ages_finding(migration, leaving=leaving, top=top, by_age=by_age)
        for leaving in (True, False)
    ]


def area_findings(
    *,
    population: pd.DataFrame | None = None,
    vital: pd.DataFrame | None = None,
    migration: pd.DataFrame | None = None,
    reference: pd.DataFrame | None = None,
    reference_name_ja: str = "全国",
    reference_name_en: str = "Japan",
) -> list[Finding]:
    """Every finding the given tables support, in a fixed order (population, natural, social)."""
    found: list[Finding | None] = []
    if population is not None:
        found.append(population_peak(population))
        if reference is not None:
            found.append(
                aging_rate_vs_reference(
                    population,
                    reference,
                    reference_name_ja=reference_name_ja,
                    reference_name_en=reference_name_en,
                )
            )
    if vital is not None:
        found.append(natural_change_trend(vital))
    if migration is not None:
        found += [net_migration_streak(migration), moves_latest_year(migration)]
        found += _age_findings(migration)
    return [finding for finding in found if finding is not None]
