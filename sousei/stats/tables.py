"""The standard statistics tables (標準統計表): the shapes every analysis reads.

Each table is a long pandas DataFrame with fixed columns, plus a `Provenance` saying where the
numbers come from. Keeping one long shape per kind of statistic lets any file — a wide table with
years as columns, the SSDSE indicator file, a 住基 age table — be mapped once and then analysed
the same way. 年齢不詳 (age unknown) is a row of its own (`age == "unknown"`), never spread.

Age classes are labelled `"0-4"`, `"5-9"`, …, an open top class `"85+"` / `"90+"`, single years
`"0"`, `"1"`, …, `"total"` for all ages and `"unknown"` for 年齢不詳. `age_from`/`age_to` give the
bounds in years (`age_to` is None for the open class and for total/unknown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Source = Literal["juki", "census", "estimate", "projection", "other"]
# 全国: not a 全国地方公共団体コード, but the tables need a key for the nation.
NATION_CODE = "000000"
SEXES = ("total", "male", "female")
EVENTS = ("births", "deaths")
DIRECTIONS = ("in", "out")

POPULATION_COLUMNS = ["area_code", "date", "sex", "age", "age_from", "age_to", "value"]
VITAL_COLUMNS = ["area_code", "year", "event", "value"]
MIGRATION_COLUMNS = [
    "area_code",
    "year",
    "direction",
    "counterpart_code",
    "counterpart_name",
    "sex",
    "age",
    "age_from",
    "age_to",
    "value",
]
HOUSEHOLD_COLUMNS = ["area_code", "date", "value"]

TABLE_COLUMNS = {
    "population": POPULATION_COLUMNS,
    "vital": VITAL_COLUMNS,
    "migration": MIGRATION_COLUMNS,
    "households": HOUSEHOLD_COLUMNS,
}

_RANGE = re.compile(r"^(\d+)-(\d+)$")
_OPEN = re.compile(r"^(\d+)\+$")
_SINGLE = re.compile(r"^(\d+)$")


@dataclass(frozen=True)
class Provenance:
    """Where a table's numbers come from (出典): shown beside every figure derived from it.

    `source` is 住民基本台帳 (juki), 国勢調査 (census), 推計人口 (estimate) or a projection;
    `vintage` is the edition (e.g. "2020年国勢調査", "令和4年住基"); `dataset`/`version` point to
    the catalog resource version the table was read from, when there is one.
    """

    source: Source
    vintage: str = ""
    dataset: str = ""
    resource_id: str = ""
    version: int | None = None
    is_projection: bool = False

    def label(self, language: str = "ja") -> str:
        names_ja = {
            "juki": "住民基本台帳",
            "census": "国勢調査",
            "estimate": "推計人口",
            "projection": "将来推計",
            "other": "その他",
        }
        names_en = {
            "juki": "Resident register",
            "census": "Census",
            "estimate": "Population estimate",
            "projection": "Projection",
            "other": "Other",
        }
        name = (names_en if language == "en" else names_ja)[self.source]
        parts = [name, self.vintage, f"{self.dataset} v{self.version}" if self.dataset else ""]
        return " / ".join(p for p in parts if p)


@dataclass(frozen=True)
class StatTable:
    """One standard table: its kind, its rows and where they come from."""

    kind: Literal["population", "vital", "migration", "households"]
    frame: pd.DataFrame
    provenance: Provenance
    names: dict[str, str] = field(default_factory=dict)  # district code → name as written


def age_bounds(label: str) -> tuple[int | None, int | None]:
    """(age_from, age_to) for an age label; (None, None) for total and unknown."""
    if m := _RANGE.match(label):
        return int(m[1]), int(m[2])
    if m := _OPEN.match(label):
        return int(m[1]), None
    if m := _SINGLE.match(label):
        return int(m[1]), int(m[1])
    return None, None


def five_year_label(age_from: int, open_from: int = 90) -> str:
    """The 5-year class containing a single age, with the open class from `open_from`."""
    if age_from >= open_from:
        return f"{open_from}+"
    start = age_from - age_from % 5
    return f"{start}-{start + 4}"


def check_table(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with exactly the standard columns, in order; raises ValueError if any is
    missing, a sex/event/direction is unknown, or a value is negative where it cannot be."""
    columns = TABLE_COLUMNS[kind]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{kind} table lacks columns {missing}")
    frame = frame[columns].copy()
    allowed = {"sex": SEXES, "event": EVENTS, "direction": DIRECTIONS}
    for column, values in allowed.items():
        if column in frame.columns:
            bad = set(frame[column].dropna()) - set(values)
            if bad:
                raise ValueError(f"{kind} table has unknown {column} values {sorted(bad)}")
    return frame.reset_index(drop=True)
