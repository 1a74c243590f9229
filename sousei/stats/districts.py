"""District breakdown (地域別人口): each district's population, share and trend.

Districts are the areas below a municipality (旧町村の地域, wards, 町丁); the caller passes
their population rows, one area_code per district.
"""

from __future__ import annotations

import pandas as pd

from sousei.stats.change import growth_rate, population_totals
from sousei.stats.frames import as_timestamp
from sousei.stats.trend import trend


def district_breakdown(population: pd.DataFrame, when: object | None = None) -> pd.DataFrame:
    """Each district's total at `when` (default: the latest date), share and change.

    Columns area_code, total, share (% of all the districts' total), first_date,
    first_total, change and growth_rate (% since the district's first date), trend
    (see `sousei.stats.trend`; None with fewer than 3 dates). Largest district first.
    """
    records = []
    for code, rows in population.groupby("area_code", sort=True):
        totals = population_totals(rows)
        years = [as_timestamp(date).year for date in totals.index]
        if when is None:
            at = totals.iloc[-1]
        else:
            matches = [
                value
                for date, value in totals.items()
                if (as_timestamp(date).year == when if isinstance(when, int) else date == when)
            ]
            if not matches:
                continue
            at = matches[-1]
        first = int(totals.iloc[0])
        records.append(
            {
                "area_code": code,
                "total": int(at),
                "first_date": totals.index[0],
                "first_total": first,
                "change": int(at) - first,
                "growth_rate": growth_rate(first, int(at)) if first else None,
                "trend": trend(years, totals.tolist()),
            }
        )
    table = pd.DataFrame.from_records(records)
    if table.empty:
        return table
    table.insert(2, "share", table["total"] / table["total"].sum() * 100)
    return table.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)
