"""Age structure (人口構成): the three broad age groups, 75+, aging rate, dependency ratios.

All shares and ratios are in percent and use only people whose age is known: 年齢不詳 is left
out of every denominator and reported beside the figures (`unknown_age`), the way the census
computes 高齢化率 (65歳以上人口 ÷ 年齢「不詳」を除く総人口).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from sousei.stats.change import population_total
from sousei.stats.frames import (
    InsufficientData,
    dates_of,
    known_age_rows,
    rows_at,
    single_area,
    unknown_age_rows,
)
from sousei.stats.tables import age_bounds


def age_classes(population: pd.DataFrame, when: object, *, sex: str = "total") -> pd.Series:
    """Population by age class at a date (one non-overlapping scheme), youngest first.

    Indexed by age label; 年齢不詳 is not among them (see `unknown_age`).
    """
    chosen = known_age_rows(rows_at(single_area(population), when), sex)
    if chosen.empty:
        raise InsufficientData(f"no age classes for {when!r}")
    sums = chosen.groupby("age", sort=False)["value"].sum()
    order = sorted(sums.index, key=lambda label: age_bounds(label)[0] or 0)
    return sums.loc[order].astype("int64")


def unknown_age(population: pd.DataFrame, when: object, *, sex: str = "total") -> int:
    """年齢不詳: the unknown-age row, or else the published total minus the age classes.

    SSDSE and many census tables print the total and the classes but no 不詳 row; the gap is
    exactly the people of unknown age, so it is reported rather than lost.
    """
    rows = rows_at(single_area(population), when)
    unknown = unknown_age_rows(rows, sex)
    if not unknown.empty:
        return int(unknown["value"].sum())
    known = int(known_age_rows(rows, sex)["value"].sum())
    return max(population_total(population, when, sex=sex) - known, 0)


def age_band_total(classes: pd.Series, start: int, end: int | None) -> int | None:
    """People aged `start` to `end` (None: and over), or None when a class straddles a bound.

    E.g. classes 0-14/15-64/65+ give 65+ but not 75+.
    """
    total = 0
    for label, value in classes.items():
        low, high = age_bounds(str(label))
        high_or_inf = float("inf") if high is None else high
        end_or_inf = float("inf") if end is None else end
        inside = low >= start and high_or_inf <= end_or_inf
        outside = high_or_inf < start or low > end_or_inf
        if not (inside or outside):
            return None
        total += int(value) if inside else 0
    return total


@dataclass(frozen=True)
class AgeStructure:
    """The broad age groups at one date; shares and ratios in percent of known ages."""

    date: object
    total: int
    known_age: int
    unknown_age: int
    age_0_14: int
    age_15_64: int
    age_65_plus: int
    age_75_plus: int | None

    def _share(self, count: int | None) -> float | None:
        if count is None or self.known_age == 0:
            return None
        return count / self.known_age * 100

    @property
    def share_0_14(self) -> float | None:
        """年少人口割合 (0–14)."""
        return self._share(self.age_0_14)

    @property
    def share_15_64(self) -> float | None:
        """生産年齢人口割合 (15–64)."""
        return self._share(self.age_15_64)

    @property
    def aging_rate(self) -> float | None:
        """高齢化率: share of 65 and over."""
        return self._share(self.age_65_plus)

    @property
    def share_75_plus(self) -> float | None:
        """後期高齢者割合: share of 75 and over (None when the classes do not split at 75)."""
        return self._share(self.age_75_plus)

    def _per_working_age(self, count: int) -> float | None:
        return count / self.age_15_64 * 100 if self.age_15_64 else None

    @property
    def young_dependency(self) -> float | None:
        """年少人口指数: 0–14 per 100 people aged 15–64."""
        return self._per_working_age(self.age_0_14)

    @property
    def old_dependency(self) -> float | None:
        """老年人口指数: 65+ per 100 people aged 15–64."""
        return self._per_working_age(self.age_65_plus)

    @property
    def total_dependency(self) -> float | None:
        """従属人口指数: (0–14 + 65+) per 100 people aged 15–64."""
        return self._per_working_age(self.age_0_14 + self.age_65_plus)

    def as_dict(self) -> dict[str, object]:
        """Counts, shares and ratios in one flat dict (for JSON and tables)."""
        names = [
            "share_0_14",
            "share_15_64",
            "aging_rate",
            "share_75_plus",
            "young_dependency",
            "old_dependency",
            "total_dependency",
        ]
        return asdict(self) | {name: getattr(self, name) for name in names}


def age_structure(population: pd.DataFrame, when: object, *, sex: str = "total") -> AgeStructure:
    """Age structure (年齢3区分別人口) of one area at a date.

    Raises InsufficientData when the age classes do not split at 15 and 65.
    """
    classes = age_classes(population, when, sex=sex)
    bands = {
        "age_0_14": age_band_total(classes, 0, 14),
        "age_15_64": age_band_total(classes, 15, 64),
        "age_65_plus": age_band_total(classes, 65, None),
    }
    lacking = [name for name, value in bands.items() if value is None]
    if lacking:
        raise InsufficientData(f"age classes {list(classes.index)} do not give {lacking}")
    return AgeStructure(
        date=when,
        total=population_total(population, when, sex=sex),
        known_age=int(classes.sum()),
        unknown_age=unknown_age(population, when, sex=sex),
        age_75_plus=age_band_total(classes, 75, None),
        **bands,
    )


def aging_rate(population: pd.DataFrame, when: object) -> float:
    """高齢化率 in percent: 65 and over ÷ population of known age × 100."""
    rate = age_structure(population, when).aging_rate
    if rate is None:
        raise InsufficientData(f"no population of known age at {when!r}")
    return rate


def age_structure_series(population: pd.DataFrame) -> pd.DataFrame:
    """Age structure at every date that has age classes, with male and female totals.

    One row per date: the figures of `AgeStructure.as_dict()` plus `male` and `female`
    (None where the table has no sex breakdown).
    """
    records = []
    for when in dates_of(single_area(population)):
        at_date = rows_at(population, when)  # once: each figure below reads only this date
        try:
            record = age_structure(at_date, when).as_dict()
        except InsufficientData:
            continue
        for sex in ("male", "female"):
            try:
                record[sex] = population_total(at_date, when, sex=sex)
            except InsufficientData:
                record[sex] = None
        records.append(record)
    return pd.DataFrame.from_records(records)
