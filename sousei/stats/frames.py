"""Picking rows out of the standard tables without counting anything twice.

A standard table may hold the same people several times over: a total row and the male/female
rows, an all-ages row and the age classes, 5-year classes beside single years, a row for all
counterpart areas beside one per area. Every analysis asks for one *level* per dimension
("total" or "breakdown") and these helpers return exactly one non-overlapping set of rows,
preferring the published totals when they exist. 年齢不詳 (age unknown) stays a row of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import product
from typing import Literal

import pandas as pd

from sousei.stats.tables import age_bounds, five_year_label

Level = Literal["total", "breakdown"]
Dimension = Literal["sex", "age", "counterpart"]

TOTAL_AGE = "total"
UNKNOWN_AGE = "unknown"


class InsufficientData(ValueError):
    """The table does not hold what an analysis needs (a date, a year, an age breakdown …).

    Raised rather than guessing, so no figure is shown without the data behind it.
    """


def as_timestamp(value: object) -> pd.Timestamp:
    """A table date as a Timestamp; a bare year (2020) is read as 1 January of that year."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return pd.Timestamp(int(value), 1, 1)
    if isinstance(value, str) and value.isdigit() and len(value) == 4:
        return pd.Timestamp(int(value), 1, 1)
    if isinstance(value, pd.Timestamp | dt.date | str):
        return pd.Timestamp(value)
    raise TypeError(f"not a date: {value!r}")


def single_area(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame itself, after checking it holds one area only (analyses are per area)."""
    codes = frame["area_code"].dropna().unique()
    if len(codes) > 1:
        raise ValueError(
            f"the table holds {len(codes)} areas; select one first (frame[frame.area_code == code])"
        )
    return frame


def rows_at(frame: pd.DataFrame, when: object) -> pd.DataFrame:
    """Rows of one date. An int matches every date in that year (2020 → 2020-10-01)."""
    if frame.empty:
        raise InsufficientData(f"no rows for {when!r}")
    stamps = frame["date"].map(as_timestamp)
    if isinstance(when, int) and not isinstance(when, bool):
        mask = stamps.map(lambda s: s.year) == when
    else:
        mask = stamps == as_timestamp(when)
    rows = frame[mask]
    if rows.empty:
        raise InsufficientData(f"no population rows for {when!r}")
    return rows


def dates_of(frame: pd.DataFrame) -> list[object]:
    """The distinct dates of a population table, oldest first (as written in the table)."""
    distinct = frame["date"].drop_duplicates().tolist()
    return sorted(distinct, key=as_timestamp)


def _width(label: str) -> int | None:
    start, end = age_bounds(label)
    if start is None or end is None:
        return None
    return end - start + 1


def age_scheme(labels: Iterable[str]) -> list[str]:
    """One non-overlapping set of age-class labels out of those given, youngest first.

    5-year classes are preferred, then single years, then any other classes (0-14, 15-64 …);
    the open top class that continues the chosen classes is added. Total and unknown are
    never part of a scheme.
    """
    labels = {str(label) for label in labels} - {TOTAL_AGE, UNKNOWN_AGE}
    bounded = [label for label in labels if _width(label) is not None]
    opens = [
        label for label in labels if age_bounds(label)[0] is not None and _width(label) is None
    ]
    for wanted in (5, 1, None):
        chosen = [label for label in bounded if wanted is None or _width(label) == wanted]
        if chosen:
            break
    else:
        return sorted(opens, key=lambda label: age_bounds(label)[0] or 0)[:1]
    top = max(age_bounds(label)[1] or 0 for label in chosen) + 1
    chosen += [label for label in opens if age_bounds(label)[0] == top]
    return sorted(chosen, key=lambda label: age_bounds(label)[0] or 0)


def five_year_class(label: str, open_from: int) -> str:
    """The 5-year class ("20-24", or the open "90+") an age class or single year falls in.

    Raises InsufficientData for a class wider than its 5-year class (0-14 cannot be split).
    """
    low, high = age_bounds(label)
    if low is None:
        raise InsufficientData(f"age label {label!r} is not an age class")
    if low >= open_from:
        return f"{open_from}+"
    start = low - low % 5
    if high is None or high > start + 4:
        raise InsufficientData(f"age class {label!r} does not fit a 5-year class")
    return five_year_label(low, open_from)


def _counterpart_is_total(frame: pd.DataFrame) -> pd.Series:
    code = frame["counterpart_code"]
    return code.isna() | code.astype(str).str.strip().isin(["", "total", "None", "nan"])


def _at_level(frame: pd.DataFrame, dimension: Dimension, level: Level) -> pd.DataFrame:
    if dimension == "sex":
        wanted = ["total"] if level == "total" else ["male", "female"]
        return frame[frame["sex"].isin(wanted)]
    if dimension == "counterpart":
        is_total = _counterpart_is_total(frame)
        return frame[is_total if level == "total" else ~is_total]
    if level == "total":
        return frame[frame["age"] == TOTAL_AGE]
    scheme = age_scheme(frame["age"].unique())
    if not scheme:
        return frame.iloc[0:0]
    return frame[frame["age"].isin([*scheme, UNKNOWN_AGE])]


def pick(
    frame: pd.DataFrame,
    dimensions: Iterable[Dimension],
    fixed: dict[Dimension, Level] | None = None,
) -> pd.DataFrame:
    """The rows of one group that count everybody exactly once.

    `fixed` says which level a dimension must have (e.g. age → breakdown for a pyramid); the
    free dimensions are tried at "total" first, so a published total wins over a sum of parts.
    An empty frame means no combination is present.
    """
    fixed = dict(fixed or {})
    free = [d for d in dimensions if d not in fixed]
    combos = sorted(
        product(("total", "breakdown"), repeat=len(free)), key=lambda c: c.count("breakdown")
    )
    for combo in combos:
        levels = {**dict(zip(free, combo, strict=True)), **fixed}
        rows = frame
        # Age last: its scheme depends on the rows the other dimensions leave.
        for dimension in sorted(levels, key=lambda d: d == "age"):
            rows = _at_level(rows, dimension, levels[dimension])
        if not rows.empty:
            return rows
    return frame.iloc[0:0]


def pick_by_group(
    frame: pd.DataFrame,
    keys: list[str],
    dimensions: Iterable[Dimension],
    fixed: dict[Dimension, Level] | None = None,
) -> pd.DataFrame:
    """`pick` applied to each group of `keys` (e.g. each year and direction) separately."""
    dimensions = list(dimensions)
    parts = [pick(group, dimensions, fixed) for _, group in frame.groupby(keys, sort=True)]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return frame.iloc[0:0]
    return pd.concat(parts)


def _sex_dimensions(sex: str) -> list[Dimension]:
    return ["sex"] if sex == "total" else []


def _of_sex(rows: pd.DataFrame, sex: str) -> pd.DataFrame:
    return rows if sex == "total" else rows[rows["sex"] == sex]


def known_age_rows(rows: pd.DataFrame, sex: str = "total") -> pd.DataFrame:
    """The age-class rows of one date and sex (one scheme, 年齢不詳 excluded)."""
    rows = _of_sex(rows, sex)
    rows = rows[rows["age"] != UNKNOWN_AGE]
    return pick(rows, [*_sex_dimensions(sex), "age"], fixed={"age": "breakdown"})


def unknown_age_rows(rows: pd.DataFrame, sex: str = "total") -> pd.DataFrame:
    """The 年齢不詳 rows of one date and sex; often published for both sexes together only."""
    rows = _of_sex(rows, sex)
    return pick(rows[rows["age"] == UNKNOWN_AGE], _sex_dimensions(sex))


def all_ages_rows(rows: pd.DataFrame, sex: str = "total") -> pd.DataFrame:
    """The published all-ages rows (age == "total") of one date and sex, if any."""
    rows = _of_sex(rows, sex)
    return pick(rows, _sex_dimensions(sex), fixed={"age": "total"})
