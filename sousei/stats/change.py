"""Population change (人口増減): totals, change between two dates, natural and social change.

Total change between two dates splits into 自然増減 (births − deaths), 社会増減 (moves in −
moves out) and a residual (その他・統計上の誤差: corrections of the register, acquisitions and
losses of residence other than moves, timing differences between the population dates and the
event years). The residual is reported, never hidden in one of the other two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from sousei.stats.frames import (
    InsufficientData,
    all_ages_rows,
    as_timestamp,
    dates_of,
    known_age_rows,
    pick_by_group,
    rows_at,
    single_area,
    unknown_age_rows,
)


def population_total(population: pd.DataFrame, when: object, *, sex: str = "total") -> int:
    """Total population (総人口) of one area at a date, 年齢不詳 included.

    Uses the published all-ages row when there is one, else the age classes plus 年齢不詳
    (each by the published sex total, else male + female), so nothing is counted twice.
    """
    rows = rows_at(single_area(population), when)
    published = all_ages_rows(rows, sex)
    if not published.empty:
        return int(published["value"].sum())
    parts = pd.concat([known_age_rows(rows, sex), unknown_age_rows(rows, sex)])
    if parts.empty:
        raise InsufficientData(f"no {sex} population for {when!r}")
    return int(parts["value"].sum())


def population_totals(population: pd.DataFrame, *, sex: str = "total") -> pd.Series:
    """Total population at every date of the table, oldest first (the 人口推移 line)."""
    dates = dates_of(single_area(population))
    by_date = dict(tuple(population.groupby(population["date"].map(as_timestamp))))
    values = [population_total(by_date[as_timestamp(when)], when, sex=sex) for when in dates]
    return pd.Series(values, index=pd.Index(dates, name="date"), name="total", dtype="int64")


def growth_rate(start_value: float, end_value: float) -> float:
    """Growth rate (増減率) in percent: (end − start) / start × 100."""
    if start_value == 0:
        raise ZeroDivisionError("growth rate from zero is undefined")
    return (end_value - start_value) / start_value * 100


@dataclass(frozen=True)
class PopulationChange:
    """Total population at two dates and the change between them (人口増減数, 増減率 %)."""

    start: object
    end: object
    start_total: int
    end_total: int

    @property
    def change(self) -> int:
        return self.end_total - self.start_total

    @property
    def growth_rate(self) -> float:
        return growth_rate(self.start_total, self.end_total)


def population_change(
    population: pd.DataFrame, start: object, end: object, *, sex: str = "total"
) -> PopulationChange:
    """Change of total population (人口増減) between two dates of one area."""
    return PopulationChange(
        start=start,
        end=end,
        start_total=population_total(population, start, sex=sex),
        end_total=population_total(population, end, sex=sex),
    )


def _yearly(frame: pd.DataFrame, column: str, names: dict[str, str]) -> pd.DataFrame:
    if frame.empty:
        raise InsufficientData(f"no {'/'.join(names)} rows")
    wide = frame.pivot_table(index="year", columns=column, values="value", aggfunc="sum").rename(
        columns=names
    )
    missing = [name for name in names.values() if name not in wide.columns]
    if missing:
        raise InsufficientData(f"no {missing} rows")
    wide = wide[list(names.values())].dropna().astype("int64")
    wide.index = wide.index.astype(int)
    return wide.reset_index().rename_axis(columns=None)


def natural_change(vital: pd.DataFrame) -> pd.DataFrame:
    """自然増減 per year: columns year, births (出生数), deaths (死亡数), natural_change.

    Only years with both births and deaths appear: half a year's events tell nothing.
    """
    single_area(vital)
    table = _yearly(vital, "event", {"births": "births", "deaths": "deaths"})
    table["natural_change"] = table["births"] - table["deaths"]
    return table


def migration_totals(migration: pd.DataFrame) -> pd.DataFrame:
    """Moves in and out per year and direction, all counterparts, sexes and ages together.

    Prefers the published totals; falls back to summing counterparts, sexes or age classes.
    """
    return pick_by_group(
        single_area(migration), ["year", "direction"], ["counterpart", "sex", "age"]
    )


def social_change(migration: pd.DataFrame) -> pd.DataFrame:
    """社会増減 per year: columns year, moves_in (転入数), moves_out (転出数), social_change.

    Only years with both directions appear.
    """
    rows = migration_totals(migration)
    table = _yearly(rows, "direction", {"in": "moves_in", "out": "moves_out"})
    table["social_change"] = table["moves_in"] - table["moves_out"]
    return table


def event_years(start: object, end: object) -> list[int]:
    """Calendar years whose events fall between two population dates.

    A year counts when its middle (1 July) lies after `start` and on or before `end`: exact for
    dates at 1 January or 31 December, the nearest fit for 1 October census dates (the
    mismatch goes to the residual). A bare year is read as 1 January.
    """
    first, last = as_timestamp(start), as_timestamp(end)
    return [
        year
        for year in range(first.year - 1, last.year + 1)
        if first < pd.Timestamp(year, 7, 1) <= last
    ]


@dataclass(frozen=True)
class ChangeDecomposition:
    """Total change between two dates = natural + social + residual (人口増減の要因分解)."""

    start: object
    end: object
    years: tuple[int, ...]
    total_change: int
    natural_change: int
    social_change: int

    @property
    def residual(self) -> int:
        """その他・統計上の誤差: what births, deaths and moves do not explain."""
        return self.total_change - self.natural_change - self.social_change


def _sum_over(table: pd.DataFrame, column: str, years: list[int], what: str) -> int:
    present = set(table["year"])
    missing = [year for year in years if year not in present]
    if missing:
        raise InsufficientData(f"no {what} for {missing}")
    return int(table.loc[table["year"].isin(years), column].sum())


def change_decomposition(
    population: pd.DataFrame,
    vital: pd.DataFrame,
    migration: pd.DataFrame,
    start: object,
    end: object,
    *,
    years: Iterable[int] | None = None,
) -> ChangeDecomposition:
    """Split the change between two population dates into natural, social and residual.

    `years` are the event years to count; by default those of `event_years(start, end)`.
    Every one of them must have births, deaths and both directions of moves.
    """
    chosen = list(years) if years is not None else event_years(start, end)
    if not chosen:
        raise InsufficientData(f"no whole event year between {start!r} and {end!r}")
    change = population_change(population, start, end)
    return ChangeDecomposition(
        start=start,
        end=end,
        years=tuple(chosen),
        total_change=change.change,
        natural_change=_sum_over(natural_change(vital), "natural_change", chosen, "births/deaths"),
        social_change=_sum_over(social_change(migration), "social_change", chosen, "moves"),
    )
