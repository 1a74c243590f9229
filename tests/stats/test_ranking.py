"""Ranks and percentiles of an indicator nationwide, in the prefecture and in the size band."""

import pandas as pd
import pytest

from sousei.stats.ranking import SIZE_BANDS, rank_among, rank_area, ranking_table, size_band
from tests.stats.sample import ICHINOSEKI, ssdse

YOKOHAMA, MORIOKA, OSHU, FUTABA = "141003", "032018", "032158", "075469"


def population() -> pd.Series:
    frame = ssdse()
    return pd.Series(frame["a1101"].to_numpy(), index=frame["area_code"], dtype="float64")


def aging() -> pd.Series:
    frame = ssdse()
    known = frame["a1301"] + frame["a1302"] + frame["a1303"]
    return pd.Series((frame["a1303"] / known).to_numpy(), index=frame["area_code"])


def test_all_municipalities_are_ranked():
    values = population()
    assert len(values) == 1741
    assert values.sum() == 126146099  # the 2020 census total
    top = rank_among(values, YOKOHAMA)
    assert (top.position, top.count, top.percentile) == (1, 1741, 100.0)
    assert rank_among(values, FUTABA).percentile == 0.0  # 双葉町, nobody living there in 2020


def test_size_bands_are_documented_bounds():
    assert size_band(111932).label_en == "100,000–200,000"
    assert size_band(4999).label_en == "under 5,000"
    assert size_band(500000).label_en == "500,000 and over"
    assert [band.lower for band in SIZE_BANDS] == [
        0,
        5000,
        10000,
        30000,
        50000,
        100000,
        200000,
        500000,
    ]


def test_ichinoseki_population_rank_in_iwate_and_its_band():
    values = population()
    ranking = rank_area(values, ICHINOSEKI)
    # 岩手県: 盛岡市 289,731, 奥州市 112,937, 一関市 111,932 (33 municipalities)
    assert (ranking.prefecture.position, ranking.prefecture.count) == (3, 33)
    assert ranking.prefecture.percentile == pytest.approx(30 / 32 * 100)
    assert ranking.band.label_ja == "10万〜20万人"
    assert ranking.similar.count == 153
    smaller_in_band = sum(1 for v in values if 100000 <= v < 111932)
    assert ranking.similar.position == 153 - smaller_in_band
    larger = sum(1 for v in values if v > 111932)
    assert ranking.nation.position == larger + 1


def test_aging_rate_ranked_among_peers_by_population():
    values, sizes = aging(), population()
    ranking = rank_area(values, ICHINOSEKI, populations=sizes)
    assert ranking.value == pytest.approx(41306 / 111239)
    iwate = [v for code, v in values.items() if code.startswith("03")]
    assert ranking.prefecture.position == 1 + sum(1 for v in iwate if v > ranking.value)
    peers = [v for code, v in values.items() if 100000 <= sizes[code] < 200000]
    assert ranking.similar.count == len(peers) == 153
    assert ranking.similar.position == 1 + sum(1 for v in peers if v > ranking.value)


def test_lower_first_ranking():
    values = population()
    smallest = rank_among(values, FUTABA, descending=False)
    assert smallest.position == 1
    assert smallest.percentile == 0.0


def test_ranking_table_for_one_prefecture_keeps_national_ranks():
    table = ranking_table(population(), prefecture="03")
    assert len(table) == 33
    first = table.iloc[0]
    assert first["area_code"] == MORIOKA
    assert first["prefecture_rank"] == 1
    assert table.iloc[1]["area_code"] == OSHU
    assert first["size_band"] == "200,000–500,000"
    assert first["rank"] == 1 + sum(1 for v in population() if v > 289731)
