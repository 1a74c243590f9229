"""District breakdown: totals, shares, change and trend of the areas below a whole."""

import pandas as pd
import pytest

from sousei.stats.districts import district_breakdown
from tests.stats.sample import kobe_population, population_row

# Census totals (prefecture-population-history.csv), used as the districts of Japan.
PREFECTURES = {
    "030007": [1416180, 1385041, 1330147, 1279594, 1210534],  # 岩手県
    "050008": [1189279, 1145501, 1085997, 1023119, 959502],  # 秋田県
    "130001": [12064101, 12576601, 13159388, 13515271, 14047594],  # 東京都
}
CENSUS = ["2000-10-01", "2005-10-01", "2010-10-01", "2015-10-01", "2020-10-01"]


def test_kobe_wards_shares_of_the_city():
    kobe = kobe_population()
    wards = kobe[kobe["area_code"] != "281000"]
    table = district_breakdown(wards).set_index("area_code")
    assert len(table) == 9
    assert table["total"].sum() == 1542375
    assert table.loc["281018", "total"] == 214157  # 東灘区
    assert table.loc["281018", "share"] == pytest.approx(214157 / 1542375 * 100)
    assert table.index[0] == "281115"  # 西区 245,149, the largest
    assert table.loc["281018", "trend"] is None  # one date is no trend


def test_each_district_has_its_change_and_trend():
    rows = [
        population_row(code, date, "total", "total", value)
        for code, values in PREFECTURES.items()
        for date, value in zip(CENSUS, values, strict=True)
    ]
    table = district_breakdown(pd.DataFrame(rows)).set_index("area_code")
    assert table.loc["050008", "change"] == 959502 - 1189279
    assert table.loc["050008", "growth_rate"] == pytest.approx(-19.3207, abs=1e-4)
    assert table.loc["050008", "trend"] == "decreasing"
    assert table.loc["130001", "trend"] == "increasing"
    assert table.loc["030007", "share"] == pytest.approx(1210534 / 16217630 * 100)
    earlier = district_breakdown(pd.DataFrame(rows), 2010).set_index("area_code")
    assert earlier.loc["130001", "total"] == 13159388
