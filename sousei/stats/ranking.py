"""Rank and percentile of an area's indicator: nationwide, in its prefecture, among its peers.

Peers (類似団体) are the municipalities in the same population size band, `SIZE_BANDS`:

| band | population |
| --- | --- |
| under 5,000 | 0 – 4,999 |
| 5,000–10,000 | 5,000 – 9,999 |
| 10,000–30,000 | 10,000 – 29,999 |
| 30,000–50,000 | 30,000 – 49,999 |
| 50,000–100,000 | 50,000 – 99,999 |
| 100,000–200,000 | 100,000 – 199,999 |
| 200,000–500,000 | 200,000 – 499,999 |
| 500,000 and over | 500,000 – |

The bounds follow the thresholds Japanese administration uses (5万 for a 市, 20万 for a 中核市,
50万 for a 政令指定都市) and split the 1,741 municipalities of the 2020 census into groups of
35 to 446. Rank 1 is the highest value unless `descending=False`; tied values share the best
rank (1, 2, 2, 4). The percentile is the share of the other areas with a smaller value:
100 for the largest, 0 for the smallest, whatever the ranking direction.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SizeBand:
    """A population size band (人口規模区分): lower ≤ population < upper."""

    lower: int
    upper: int | None
    label_ja: str
    label_en: str

    def contains(self, population: float) -> bool:
        return population >= self.lower and (self.upper is None or population < self.upper)


SIZE_BANDS = (
    SizeBand(0, 5_000, "5千人未満", "under 5,000"),
    SizeBand(5_000, 10_000, "5千〜1万人", "5,000–10,000"),
    SizeBand(10_000, 30_000, "1万〜3万人", "10,000–30,000"),
    SizeBand(30_000, 50_000, "3万〜5万人", "30,000–50,000"),
    SizeBand(50_000, 100_000, "5万〜10万人", "50,000–100,000"),
    SizeBand(100_000, 200_000, "10万〜20万人", "100,000–200,000"),
    SizeBand(200_000, 500_000, "20万〜50万人", "200,000–500,000"),
    SizeBand(500_000, None, "50万人以上", "500,000 and over"),
)


def size_band(population: float) -> SizeBand:
    """The size band (人口規模区分) a population falls in."""
    if population < 0:
        raise ValueError(f"a population cannot be negative: {population}")
    return next(band for band in SIZE_BANDS if band.contains(population))


def prefecture_digits(area_code: str) -> str:
    """The prefecture (都道府県) part of an area code: its first two digits."""
    return str(area_code)[:2]


@dataclass(frozen=True)
class Rank:
    """Place of one area among `count` areas (順位) and its percentile (0–100)."""

    position: int
    count: int
    percentile: float | None


def _ranks(values: pd.Series, descending: bool) -> pd.Series:
    return values.rank(method="min", ascending=not descending).astype("int64")


def _percentiles(values: pd.Series) -> pd.Series:
    if len(values) < 2:
        return pd.Series(None, index=values.index, dtype="float64")
    below = values.rank(method="min") - 1
    return below / (len(values) - 1) * 100


def rank_among(values: pd.Series, area_code: str, *, descending: bool = True) -> Rank:
    """Rank and percentile of one area among the areas of `values` (indexed by area code)."""
    values = values.dropna()
    if area_code not in values.index:
        raise KeyError(f"{area_code} has no value to rank")
    percentile = _percentiles(values)[area_code]
    return Rank(
        position=int(_ranks(values, descending)[area_code]),
        count=len(values),
        percentile=None if pd.isna(percentile) else float(percentile),
    )


@dataclass(frozen=True)
class AreaRanking:
    """One area's indicator ranked nationwide, in its prefecture and in its size band."""

    area_code: str
    value: float
    nation: Rank
    prefecture: Rank
    similar: Rank
    band: SizeBand


def rank_area(
    values: pd.Series,
    area_code: str,
    *,
    populations: pd.Series | None = None,
    descending: bool = True,
) -> AreaRanking:
    """Rank an area's indicator among all areas given, its prefecture's and its peers'.

    `values` and `populations` are indexed by 6-digit area code; `populations` (for the size
    bands) defaults to `values`, for when the indicator is the population itself.
    """
    values = values.dropna()
    populations = values if populations is None else populations
    pref = prefecture_digits(area_code)
    band = size_band(populations[area_code])
    in_pref = values[[prefecture_digits(code) == pref for code in values.index]]
    peers = [code for code in values.index if code in populations.index]
    in_band = values[peers][[band.contains(populations[code]) for code in peers]]
    return AreaRanking(
        area_code=area_code,
        value=float(values[area_code]),
        nation=rank_among(values, area_code, descending=descending),
        prefecture=rank_among(in_pref, area_code, descending=descending),
        similar=rank_among(in_band, area_code, descending=descending),
        band=band,
    )


def ranking_table(
    values: pd.Series,
    *,
    prefecture: str | None = None,
    populations: pd.Series | None = None,
    descending: bool = True,
) -> pd.DataFrame:
    """All areas ranked on an indicator (the national ranking page), best first.

    Columns area_code, value, rank, percentile, prefecture_rank, size_band (English band
    label). `prefecture` (two digits or a 6-digit code) keeps that prefecture's areas; ranks
    and percentiles stay nationwide.
    """
    values = values.dropna()
    populations = values if populations is None else populations
    table = pd.DataFrame({"area_code": values.index.astype(str), "value": values.to_numpy()})
    table["rank"] = _ranks(values, descending).to_numpy()
    table["percentile"] = _percentiles(values).to_numpy()
    prefs = table["area_code"].map(prefecture_digits)
    table["prefecture_rank"] = (
        table.groupby(prefs)["value"].rank(method="min", ascending=not descending).astype("int64")
    )
    table["size_band"] = table["area_code"].map(
        lambda code: size_band(populations[code]).label_en if code in populations.index else None
    )
    if prefecture is not None:
        table = table[prefs == prefecture_digits(prefecture)]
    return table.sort_values(["rank", "area_code"], kind="stable").reset_index(drop=True)
