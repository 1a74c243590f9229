"""Population pyramid (人口ピラミッド): men and women by 5-year age class at one date.

Single years of age are summed into 5-year classes; the open top class is the table's own
(85+, 90+, 100+) unless a lower one is asked for, so that two pyramids with different top
classes can be drawn on the same axis. 年齢不詳 is kept aside, never spread over the classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sousei.stats.frames import (
    UNKNOWN_AGE,
    InsufficientData,
    five_year_class,
    pick,
    rows_at,
    single_area,
)
from sousei.stats.tables import age_bounds

SEXES = ("male", "female")
_NO_OPEN_CLASS = 10_000


@dataclass(frozen=True)
class Pyramid:
    """Men and women by 5-year class (columns age, age_from, male, female) and 年齢不詳."""

    date: object
    classes: pd.DataFrame
    unknown_male: int
    unknown_female: int

    @property
    def total(self) -> int:
        """People of known age in the pyramid."""
        return int(self.classes["male"].sum() + self.classes["female"].sum())


def _sex_rows(population: pd.DataFrame, when: object, sex: str) -> pd.DataFrame:
    rows = rows_at(single_area(population), when)
    chosen = pick(rows[rows["sex"] == sex], ["age"], fixed={"age": "breakdown"})
    if chosen.empty:
        raise InsufficientData(f"no {sex} population by age at {when!r}")
    return chosen


def open_class_start(population: pd.DataFrame, when: object) -> int | None:
    """Where the table's open top class starts at a date (90 for "90+"), None if it has none."""
    starts = []
    for sex in SEXES:
        for label in _sex_rows(population, when, sex)["age"].unique():
            low, high = age_bounds(str(label))
            if low is not None and high is None:
                starts.append(low)
    return min(starts) if starts else None


def pyramid(population: pd.DataFrame, when: object, *, open_from: int | None = None) -> Pyramid:
    """The pyramid of one area at a date, single years summed into 5-year classes.

    `open_from` lowers the open top class (e.g. 85 → "85+"); by default the table's own.
    """
    if open_from is None:
        open_from = open_class_start(population, when) or _NO_OPEN_CLASS
    counts: dict[str, pd.Series] = {}
    unknown: dict[str, int] = {}
    for sex in SEXES:
        rows = _sex_rows(population, when, sex)
        unknown[sex] = int(rows.loc[rows["age"] == UNKNOWN_AGE, "value"].sum())
        known = rows[rows["age"] != UNKNOWN_AGE]
        labels = known["age"].map(lambda label: five_year_class(str(label), open_from))
        counts[sex] = known.groupby(labels)["value"].sum()
    classes = pd.DataFrame(counts).fillna(0).astype("int64").rename_axis("age").reset_index()
    classes.insert(1, "age_from", classes["age"].map(lambda label: age_bounds(label)[0]))
    classes = classes.sort_values("age_from").reset_index(drop=True)
    return Pyramid(when, classes, unknown_male=unknown["male"], unknown_female=unknown["female"])


def pyramid_overlay(
    population: pd.DataFrame,
    when: object,
    *,
    compare_with: object | None = None,
    reference: pd.DataFrame | None = None,
    reference_date: object | None = None,
) -> pd.DataFrame:
    """A pyramid with the same area at another date and a reference population overlaid.

    Columns age, age_from, male, female; male_compare, female_compare for `compare_with`;
    male_reference, female_reference for `reference` (the prefecture or the nation, at
    `reference_date`, default `when`) scaled so that its total equals this pyramid's total —
    the shapes compare, not the sizes. All share one open top class, the lowest of theirs.
    """
    sources = [(population, when, "")]
    if compare_with is not None:
        sources.append((population, compare_with, "_compare"))
    if reference is not None:
        sources.append(
            (reference, when if reference_date is None else reference_date, "_reference")
        )
    opens = [open_class_start(frame, date) for frame, date, _ in sources]
    open_from = min((start for start in opens if start is not None), default=None)
    pyramids = [
        (pyramid(frame, date, open_from=open_from), suffix) for frame, date, suffix in sources
    ]
    base = pyramids[0][0]
    table = base.classes.copy()
    for other, suffix in pyramids[1:]:
        extra = other.classes.set_index("age")[list(SEXES)]
        if suffix == "_reference":
            extra = extra * (base.total / other.total)
        table = table.merge(extra.add_suffix(suffix).reset_index(), on="age", how="outer")
    table["age_from"] = table["age"].map(lambda label: age_bounds(label)[0])
    table = table.fillna(dict.fromkeys(SEXES, 0)).astype(dict.fromkeys(SEXES, "int64"))
    return table.sort_values("age_from").reset_index(drop=True)
