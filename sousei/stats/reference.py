"""The nation's population by sex and 5-year class (census years 1920–2020), shipped with sousei
so that every pyramid can be held against Japan's shape without a download.

Derived once by `scripts/derive_national_pyramid.py` from the census series; returned as a
standard population table (area `NATION_CODE`) so that the pyramid analyses read it like any
area's.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pandas as pd

from sousei.stats.tables import NATION_CODE, POPULATION_COLUMNS, age_bounds

NATIONAL_FILE = Path(__file__).parent / "data" / "japan_pyramid.json"
_LABELS = [f"{a}-{a + 4}" for a in range(0, 100, 5)] + ["100+"]


@functools.cache
def _national() -> dict[int, dict[str, list[int]]]:
    data = json.loads(NATIONAL_FILE.read_text(encoding="utf-8"))
    return {int(year): counts for year, counts in data["years"].items()}


def national_census_year(year: int) -> int:
    """The census year whose pyramid stands for `year`: the latest not after it, else the first."""
    years = sorted(_national())
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


def national_population(year: int) -> pd.DataFrame:
    """Japan at the census (1 October) of `national_census_year(year)`, as a standard table."""
    census = national_census_year(year)
    counts = _national()[census]
    rows = []
    for sex in ("male", "female"):
        for label, value in zip(_LABELS, counts[sex], strict=True):
            low, high = age_bounds(label)
            rows.append((NATION_CODE, dt.date(census, 10, 1), sex, label, low, high, value))
    frame = pd.DataFrame(rows, columns=POPULATION_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame
