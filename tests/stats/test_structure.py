"""Age structure: broad age groups, aging rate and dependency ratios, 年齢不詳 kept aside."""

import pandas as pd
import pytest

from sousei.stats.frames import InsufficientData
from sousei.stats.structure import age_structure, age_structure_series, aging_rate
from tests.stats.sample import (
    ICHINOSEKI,
    KOBE_DATE,
    japan_population,
    kobe_population,
    population_row,
    ssdse,
)

# Sums of the 2020 rows of japan-pyramid-1920-2020.csv (known ages only).
JAPAN_2020 = {"0-14": 14955692, "15-64": 72922764, "65+": 35335805, "75+": 18248742}
JAPAN_2020_KNOWN = 123214261
# SSDSE-A 2025 sums to the census total 126,146,099; the difference is 年齢不詳.
JAPAN_2020_UNKNOWN = 126146099 - 123214261


def test_japan_2020_shares_and_aging_rate():
    structure = age_structure(japan_population(), "2020-10-01")
    assert structure.known_age == JAPAN_2020_KNOWN
    assert structure.age_0_14 == JAPAN_2020["0-14"]
    assert structure.age_65_plus == JAPAN_2020["65+"]
    assert structure.age_75_plus == JAPAN_2020["75+"]
    assert structure.aging_rate == pytest.approx(28.6783, abs=1e-4)
    assert structure.share_75_plus == pytest.approx(14.8106, abs=1e-4)
    assert structure.share_0_14 + structure.share_15_64 + structure.aging_rate == pytest.approx(100)


def test_japan_2020_dependency_ratios():
    structure = age_structure(japan_population(), "2020-10-01")
    assert structure.young_dependency == pytest.approx(20.5089, abs=1e-4)
    assert structure.old_dependency == pytest.approx(48.4565, abs=1e-4)
    assert structure.total_dependency == pytest.approx(20.5089 + 48.4565, abs=2e-4)


def test_unknown_age_is_reported_and_left_out_of_denominators():
    unknown = pd.DataFrame(
        [population_row("000000", "2020-10-01", "total", "unknown", JAPAN_2020_UNKNOWN)]
    )
    structure = age_structure(pd.concat([japan_population(), unknown]), "2020-10-01")
    assert structure.unknown_age == 2931838
    assert structure.total == 126146099
    assert structure.aging_rate == pytest.approx(JAPAN_2020["65+"] / JAPAN_2020_KNOWN * 100)


def ichinoseki_2020() -> pd.DataFrame:
    """Ichinoseki, census 2020, from SSDSE-A: total and the three broad age groups."""
    row = ssdse().set_index("area_code").loc[ICHINOSEKI]
    values = {"total": row.a1101, "0-14": row.a1301, "15-64": row.a1302, "65+": row.a1303}
    return pd.DataFrame(
        [population_row(ICHINOSEKI, "2020-10-01", "total", a, int(v)) for a, v in values.items()]
    )


def test_broad_classes_give_the_aging_rate_but_not_75_plus():
    structure = age_structure(ichinoseki_2020(), 2020)
    assert structure.total == 111932
    assert structure.unknown_age == 693  # no 不詳 row: the published total minus the classes
    assert structure.known_age == 11563 + 58370 + 41306
    assert structure.aging_rate == pytest.approx(41306 / 111239 * 100)
    assert structure.age_75_plus is None


def test_kobe_single_years_give_the_published_65_plus():
    # The Kobe sheet publishes 再_65歳以上 = 420,661 for the city (1,542,375 people).
    kobe = kobe_population()
    structure = age_structure(kobe[kobe["area_code"] == "281000"], KOBE_DATE)
    assert structure.age_65_plus == 420661
    assert structure.total == 1542375
    assert aging_rate(kobe[kobe["area_code"] == "281000"], KOBE_DATE) == pytest.approx(
        420661 / 1542375 * 100
    )


def test_classes_that_do_not_split_at_65_give_no_structure():
    frame = pd.DataFrame([population_row(ICHINOSEKI, "2020-10-01", "total", "60+", 50000)])
    with pytest.raises(InsufficientData):
        age_structure(frame, 2020)


def test_series_has_one_row_per_census_with_sexes():
    series = age_structure_series(japan_population())
    assert len(series) == 21
    latest = series.iloc[-1]
    # male and female sums of the 2020 rows of the file
    assert (latest["male"], latest["female"]) == (59758438, 63455823)
    assert latest["aging_rate"] == pytest.approx(28.6783, abs=1e-4)
