"""Moves in and out (転入・転出): which ages leave and arrive, and to and from where.

Net is always moves in − moves out (転入超過 when positive, 転出超過 when negative).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from sousei.stats.frames import (
    UNKNOWN_AGE,
    InsufficientData,
    five_year_class,
    pick_by_group,
    single_area,
)
from sousei.stats.tables import age_bounds

CounterpartOrder = Literal["in", "out", "net_in", "net_out"]
_NO_OPEN_CLASS = 10_000


def _of_years(migration: pd.DataFrame, years: Iterable[int] | None) -> pd.DataFrame:
    migration = single_area(migration)
    if years is None:
        return migration
    return migration[migration["year"].isin(list(years))]


def _in_out(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    table = rows.pivot_table(index=key, columns="direction", values="value", aggfunc="sum")
    table = table.reindex(columns=["in", "out"]).fillna(0).astype("int64")
    table.columns = ["moves_in", "moves_out"]
    table["net"] = table["moves_in"] - table["moves_out"]
    return table.reset_index().rename_axis(columns=None)


def _open_start(labels: Iterable[str]) -> int:
    starts = [age_bounds(label)[0] for label in labels if age_bounds(label)[1] is None]
    return min((start for start in starts if start is not None), default=_NO_OPEN_CLASS)


def net_migration_by_age(
    migration: pd.DataFrame, *, years: Iterable[int] | None = None, five_year: bool = True
) -> pd.DataFrame:
    """Moves in, out and net by age class (年齢階級別純移動), summed over `years` (default all).

    Columns age, age_from, moves_in, moves_out, net, youngest first; single years are summed
    into 5-year classes unless `five_year` is False; 年齢不詳 is the last row, if any.
    """
    rows = pick_by_group(
        _of_years(migration, years),
        ["year", "direction"],
        ["counterpart", "sex", "age"],
        fixed={"age": "breakdown"},
    )
    if rows.empty:
        raise InsufficientData("no moves by age")
    labels = rows["age"].astype(str)
    if five_year:
        open_from = _open_start(labels.unique())
        known = labels != UNKNOWN_AGE
        labels = labels.where(~known, labels[known].map(lambda a: five_year_class(a, open_from)))
    table = _in_out(rows.assign(age=labels), "age")
    table.insert(1, "age_from", table["age"].map(lambda label: age_bounds(label)[0]))
    order = table["age_from"].fillna(float("inf"))
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def top_counterparts(
    migration: pd.DataFrame,
    *,
    by: CounterpartOrder = "net_out",
    years: Iterable[int] | None = None,
    limit: int = 10,
) -> pd.DataFrame:
    """The counterpart areas (転入元・転出先) with the most moves, summed over `years`.

    `by`: "in" most moves in, "out" most moves out, "net_in" largest net gain (areas people
    come from on balance), "net_out" largest net loss (areas people go to on balance).
    Columns counterpart_code, counterpart_name, moves_in, moves_out, net.
    """
    rows = pick_by_group(
        _of_years(migration, years),
        ["year", "direction"],
        ["counterpart", "sex", "age"],
        fixed={"counterpart": "breakdown"},
    )
    if rows.empty:
        raise InsufficientData("no moves by counterpart area")
    names = rows.groupby("counterpart_code")["counterpart_name"].first()
    table = _in_out(rows, "counterpart_code")
    table.insert(1, "counterpart_name", table["counterpart_code"].map(names))
    if by == "net_in":
        table = table[table["net"] > 0].sort_values("net", ascending=False, kind="stable")
    elif by == "net_out":
        table = table[table["net"] < 0].sort_values("net", kind="stable")
    else:
        column = "moves_in" if by == "in" else "moves_out"
        table = table.sort_values(column, ascending=False, kind="stable")
    return table.head(limit).reset_index(drop=True)
