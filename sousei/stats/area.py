"""What the pages and the API show for an area, a region or the nation: stored figures read
back through `selectors` and put through the pure analyses. One place, so a chart, its table,
its CSV and its JSON can never disagree."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sousei.areas.selectors import area_get, district_names
from sousei.stats import analysis
from sousei.stats.findings import Finding, area_findings
from sousei.stats.frames import InsufficientData, dates_of
from sousei.stats.reference import national_census_year, national_population
from sousei.stats.selectors import national_table, series_views, stat_table, store_stamp
from sousei.stats.tables import NATION_CODE

CACHE_SIZE = 2048


def cached(function: Callable[..., Any]) -> Callable[..., Any]:
    """Remember a derived view until the next import: a dashboard's pandas work is done once per
    area and store state, not once per visit. Callers must not mutate what they get."""
    memo = functools.lru_cache(maxsize=CACHE_SIZE)(lambda stamp, *a, **k: function(*a, **k))

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return memo(store_stamp(), *args, **kwargs)

    wrapper.cache_clear = memo.cache_clear  # type: ignore[attr-defined]
    return wrapper


def _clean(value: Any) -> Any:
    """JSON-safe: numpy numbers to Python, NaN to None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@cached
def population_rows(area_code: str, *, start: int | None = None, end: int | None = None) -> list:
    """人口構成 by date: totals by sex, the three age groups, aging rate and 年齢不詳."""
    population = stat_table("population", area_code)
    if population.empty:
        return []
    series = analysis.age_structure_series(population)
    rows = []
    for record in series.to_dict("records"):
        year = pd.Timestamp(record["date"]).year
        if (start and year < start) or (end and year > end):
            continue
        rows.append(
            {
                "year": year,
                "date": pd.Timestamp(record["date"]).date().isoformat(),
                "total": _clean(record.get("total")),
                "male": _clean(record.get("male")),
                "female": _clean(record.get("female")),
                "age_0_14": _clean(record.get("age_0_14")),
                "age_15_64": _clean(record.get("age_15_64")),
                "age_65_plus": _clean(record.get("age_65_plus")),
                "aging_rate": _round(record.get("aging_rate")),
                "unknown_age": _clean(record.get("unknown_age")),
            }
        )
    return rows


def _round(value: Any, digits: int = 1) -> float | None:
    value = _clean(value)
    return None if value is None else round(float(value), digits)


@dataclass(frozen=True)
class PyramidView:
    year: int
    date: str
    classes: list[dict[str, Any]]
    unknown_male: int
    unknown_female: int


@cached
def pyramid_view(area_code: str, *, year: int | None = None) -> PyramidView | None:
    """人口ピラミッド at the latest date of `year` (or the latest date of all)."""
    population = stat_table("population", area_code)
    if population.empty:
        return None
    dates = [pd.Timestamp(d) for d in dates_of(population)]
    if year is not None:
        dates = [d for d in dates if d.year == year]
    for when in sorted(dates, reverse=True):
        try:
            shape = analysis.pyramid(population, when)
        except InsufficientData:
            continue
        classes = [
            {"age": row["age"], "male": int(row["male"]), "female": int(row["female"])}
            for row in shape.classes.to_dict("records")
        ]
        if len(classes) > 1:
            date = when.date().isoformat()
            return PyramidView(when.year, date, classes, shape.unknown_male, shape.unknown_female)
    return None


@dataclass(frozen=True)
class PyramidOverlay:
    """The area's pyramid with another drawn over it, both on the same classes.

    `against` is "first" (the area's first date held), "prefecture" or "nation" (scaled to the
    area's total, so that shapes compare, not sizes); `label` names the date or census year."""

    against: str
    label: str
    area_code: str
    classes: list[dict[str, Any]]  # age, male, female, male_overlay, female_overlay


OVERLAYS = ("first", "prefecture", "nation")


def _reference(area_code: str, against: str, when: pd.Timestamp) -> tuple[Any, Any, str, str]:
    """(frame, date, code, label) of what to overlay, or frame None when it is not held."""
    if against == "nation":
        year = national_census_year(when.year)
        return national_population(year), year, NATION_CODE, str(year)
    if against == "prefecture":
        code = area_get(code=area_code).prefecture_code
        frame = stat_table("population", code)
        dates = [pd.Timestamp(d) for d in dates_of(frame)] if not frame.empty else []
        earlier = [d for d in dates if d <= when] or dates
        if not earlier:
            return None, None, code, ""
        return frame, earlier[-1], code, earlier[-1].date().isoformat()
    population = stat_table("population", area_code)
    first = pd.Timestamp(dates_of(population)[0])
    return population, first, area_code, first.date().isoformat()


@cached
def pyramid_overlay_view(
    area_code: str, *, year: int | None = None, against: str = "first"
) -> PyramidOverlay | None:
    """人口ピラミッド with an overlay: the first date held, the prefecture or the nation."""
    view = pyramid_view(area_code, year=year)
    if view is None or against not in OVERLAYS:
        return None
    when = pd.Timestamp(view.date)
    frame, date, code, label = _reference(area_code, against, when)
    if frame is None or (against == "first" and date == when):
        return None
    population = stat_table("population", area_code)
    options = {"compare_with": date} if against == "first" else {"reference": frame}
    if against != "first":
        options["reference_date"] = date
    try:
        table = analysis.pyramid_overlay(population, when, **options)
    except InsufficientData:
        return None
    suffix = "_compare" if against == "first" else "_reference"
    classes = [
        {
            "age": row["age"],
            "male": int(row["male"]),
            "female": int(row["female"]),
            "male_overlay": round(float(row[f"male{suffix}"])),
            "female_overlay": round(float(row[f"female{suffix}"])),
        }
        for row in table.to_dict("records")
    ]
    return PyramidOverlay(against, label, code, classes)


MOVE_YEARS = 5  # 転入転出 views sum the latest five years, as RESAS's 年齢階級別純移動 does


def _move_years(migration: pd.DataFrame, years: int) -> list[int]:
    held = sorted({int(y) for y in migration["year"].dropna()})
    return held[-years:]


@cached
def moves_by_age_rows(area_code: str, *, years: int = MOVE_YEARS) -> tuple[list[int], list]:
    """転入転出 by 5-year age class over the latest `years` years: which ages leave, which
    arrive. ([years summed], rows of age, moves_in, moves_out, net); no rows without ages."""
    migration = stat_table("migration", area_code)
    if migration.empty:
        return [], []
    summed = _move_years(migration, years)
    try:
        table = analysis.net_migration_by_age(migration, years=summed)
    except InsufficientData:
        return summed, []
    rows = table.drop(columns=["age_from"]).to_dict("records")
    return summed, [{k: _clean(v) for k, v in row.items()} for row in rows]


@cached
def counterpart_rows(area_code: str, *, years: int = MOVE_YEARS) -> tuple[list[int], list]:
    """転入元・転出先 over the latest `years` years, largest net loss first."""
    migration = stat_table("migration", area_code)
    if migration.empty:
        return [], []
    summed = _move_years(migration, years)
    try:
        table = analysis.top_counterparts(migration, by="out", years=summed, limit=1_000)
    except InsufficientData:
        return summed, []
    table = table.sort_values("net", kind="stable")
    return summed, [{k: _clean(v) for k, v in row.items()} for row in table.to_dict("records")]


@cached
def natural_change_rows(area_code: str) -> list[dict[str, Any]]:
    """自然増減 per year: births, deaths, natural_change."""
    vital = stat_table("vital", area_code)
    try:
        table = analysis.natural_change(vital)
    except InsufficientData:
        return []
    return [{k: _clean(v) for k, v in row.items()} for row in table.to_dict("records")]


@cached
def social_change_rows(area_code: str) -> list[dict[str, Any]]:
    """社会増減 per year: moves_in, moves_out, social_change."""
    migration = stat_table("migration", area_code)
    try:
        table = analysis.social_change(migration)
    except InsufficientData:
        return []
    return [{k: _clean(v) for k, v in row.items()} for row in table.to_dict("records")]


@cached
def population_change_rows(area_code: str) -> list[dict[str, Any]]:
    """人口増減 per year as its two parts: natural and social change, and their sum."""
    natural = {r["year"]: r["natural_change"] for r in natural_change_rows(area_code)}
    social = {r["year"]: r["social_change"] for r in social_change_rows(area_code)}
    return [
        {
            "year": year,
            "natural_change": natural[year],
            "social_change": social[year],
            "total_change": natural[year] + social[year],
        }
        for year in sorted(set(natural) & set(social))
    ]


@cached
def findings_for(area_code: str) -> list[Finding]:
    """分析結果: every rule the area's figures support, with the nation as the reference."""
    tables = {kind: stat_table(kind, area_code) for kind in ("population", "vital", "migration")}
    reference = stat_table("population", NATION_CODE)
    return area_findings(
        population=tables["population"] if not tables["population"].empty else None,
        vital=tables["vital"] if not tables["vital"].empty else None,
        migration=tables["migration"] if not tables["migration"].empty else None,
        reference=reference if not reference.empty else None,
    )


@cached
def sources_for(area_code: str) -> list[dict[str, Any]]:
    """出典: the imported series an area's figures come from."""
    ids: set[str] = set()
    for kind in ("population", "vital", "migration", "households"):
        ids |= set(stat_table(kind, area_code)["series_id"])
    return [vars(view) for view in series_views(ids)]


INDICATORS = {
    "population": ("総人口", "Population", True),
    "aging_rate": ("高齢化率（%）", "Aging rate (%)", True),
    "births_per_1000": ("出生率（人口千人当たり）", "Births per 1,000", True),
    "natural_change_per_1000": ("自然増減率（千人当たり）", "Natural change per 1,000", True),
    "social_change_per_1000": ("社会増減率（千人当たり）", "Social change per 1,000", True),
}


def _latest_population(frame: pd.DataFrame, age: str) -> pd.Series:
    rows = frame[(frame["sex"] == "total") & (frame["age"] == age)]
    latest = rows.sort_values("date").groupby("area_code").tail(1)
    return latest.set_index("area_code")["value"].astype(float)


def _latest_events(frame: pd.DataFrame, column: str, measure: str) -> pd.Series:
    rows = frame[frame[column] == measure]
    if "sex" in rows:
        rows = rows[(rows["sex"] == "total") & (rows["age"] == "total")]
    if "counterpart_code" in rows:
        rows = rows[rows["counterpart_code"].isna()]
    latest = rows.sort_values("year").groupby("area_code").tail(1)
    return latest.set_index("area_code")["value"].astype(float)


def _per(numerator: pd.Series, denominator: pd.Series, scale: float) -> pd.Series:
    """A rate per `scale` residents, undefined (missing) where nobody lives: 双葉町 counted no
    residents in 2020 yet registered births and moves, which must not rank first as ∞."""
    return scale * numerator / denominator.where(denominator > 0)


def indicator_values(indicator: str) -> tuple[pd.Series, pd.Series]:
    """(values, populations) of every municipality for a ranking, by 6-digit code."""
    population = national_table("population", sex="total", ages=("total", "65+", "unknown"))
    totals = _latest_population(population, "total") if not population.empty else pd.Series()
    totals = totals[totals.index != NATION_CODE]
    if indicator == "population":
        return totals, totals
    if indicator == "aging_rate":
        known = totals - _latest_population(population, "unknown").reindex(totals.index).fillna(0)
        return _per(_latest_population(population, "65+"), known, 100), totals
    vital = national_table("vital", sex="total", ages=("total",))
    births = _latest_events(vital, "event", "births")
    if indicator == "births_per_1000":
        return _per(births, totals, 1000), totals
    if indicator == "natural_change_per_1000":
        return _per(births - _latest_events(vital, "event", "deaths"), totals, 1000), totals
    migration = national_table("migration", sex="total", ages=("total",))
    moves_in = _latest_events(migration, "direction", "in")
    return _per(moves_in - _latest_events(migration, "direction", "out"), totals, 1000), totals


@cached
def ranking_rows(indicator: str, *, prefecture: str | None = None) -> list[dict[str, Any]]:
    """All municipalities ranked on an indicator (largest first)."""
    values, populations = indicator_values(indicator)
    values = values.dropna()
    if values.empty:
        return []
    table = analysis.ranking_table(values, prefecture=prefecture, populations=populations)
    return [{k: _clean(v) for k, v in row.items()} for row in table.to_dict("records")]


def area_names(codes: list[str]) -> dict[str, str]:
    """Display names (都道府県 + 市区町村) for ranking rows."""
    from sousei.areas.models import Area

    found = Area.objects.filter(code__in=codes).values_list("code", "prefecture", "name")
    return {code: f"{prefecture} {name}" for code, prefecture, name in found}


@cached
def district_rows(area_code: str) -> list[dict[str, Any]]:
    """地域別: each district's latest population, share of the area and change since the first
    date held."""
    from sousei.stats.selectors import district_table

    population = district_table("population", area_code)
    if population.empty:
        return []
    try:
        frame = analysis.district_breakdown(population)
    except InsufficientData:
        return []
    names = district_names(frame["area_code"].tolist())
    return [
        {**{k: _clean(v) for k, v in row.items()}, "name": names.get(row["area_code"], "")}
        for row in frame.to_dict("records")
    ]


def member_comparison(codes: list[str]) -> list[dict[str, Any]]:
    """Members side by side (圏域比較): latest population and aging rate, latest natural and
    social change, each with its year; None where a member has no figures."""
    rows = []
    for code in codes:
        population = population_rows(code)
        natural = natural_change_rows(code)
        social = social_change_rows(code)
        latest = population[-1] if population else {}
        rows.append(
            {
                "area_code": code,
                "population": latest.get("total"),
                "population_year": latest.get("year"),
                "aging_rate": latest.get("aging_rate"),
                "natural_change": natural[-1]["natural_change"] if natural else None,
                "natural_year": natural[-1]["year"] if natural else None,
                "social_change": social[-1]["social_change"] if social else None,
                "social_year": social[-1]["year"] if social else None,
            }
        )
    return rows


MEMBER_INDICATORS = {
    "aging_rate": ("高齢化率", "Aging rate", "%"),
    "population": ("総人口", "Population", "人"),
    "natural_change_per_1000": ("自然増減率（千人当たり）", "Natural change per 1,000", "‰"),
    "social_change_per_1000": ("社会増減率（千人当たり）", "Social change per 1,000", "‰"),
}


def member_indicator(row: dict[str, Any], indicator: str) -> float | None:
    """One member's figure on a map indicator, from its `member_comparison` row; the rates per
    1,000 divide the latest change by the latest population, so areas of any size compare."""
    population = row.get("population")
    if indicator in ("population", "aging_rate"):
        return row.get(indicator)
    change = row.get(indicator.removesuffix("_per_1000"))
    if change is None or not population:
        return None
    return round(1000 * change / population, 2)
