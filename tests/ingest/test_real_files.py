"""Real published files load as a person reading them would expect (values checked by hand)."""

from __future__ import annotations

from collections import Counter

import pytest

from sousei.ingest import list_sheets, read_table
from tests.ingest.files import real


@pytest.fixture(scope="module")
def ssdse():
    return read_table(real("ssdse-a-2025.cp932.csv"))


def test_ssdse_layout(ssdse) -> None:
    report = ssdse.report
    assert report.ok and report.problems == []
    assert (report.format, report.encoding, report.delimiter) == ("csv", "cp932", ",")
    assert report.header_rows == [1, 2, 3]  # indicator codes, years, Japanese labels
    assert report.first_data_row == 4
    assert report.row_count == 1741
    assert report.title is None and report.notes == []


def test_ssdse_names_types_and_codes(ssdse) -> None:
    columns = ssdse.report.columns
    assert len(columns) == 128
    assert Counter(c.type for c in columns) == {"integer": 123, "text": 3, "decimal": 2}
    assert [(c.name, c.machine_name, c.type) for c in columns[:6]] == [
        ("地域コード", "ssdse_a_2025", "text"),
        ("都道府県", "prefecture", "text"),
        ("市区町村", "municipality", "text"),
        ("総人口", "a1101", "integer"),
        ("総人口（男）", "a110101", "integer"),
        ("総人口（女）", "a110102", "integer"),
    ]
    assert columns[3].header == ["A1101", "2020", "総人口"]
    by_machine = {c.machine_name: c for c in columns}
    assert by_machine["d2203"].name == "経常収支比率（市町村財政）"
    assert by_machine["d2203"].type == "decimal"
    assert by_machine["c210840"].name == "事業所数（民営）（運輸業、郵便業）"
    assert by_machine["c210840"].type == "integer"
    assert len({c.machine_name for c in columns}) == 128


def test_ssdse_values(ssdse) -> None:
    rows = ssdse.data.to_pylist()
    sapporo, hakodate, yonaguni = rows[0], rows[1], rows[-1]
    assert (sapporo["ssdse_a_2025"], sapporo["prefecture"], sapporo["municipality"]) == (
        "R01100",
        "北海道",
        "札幌市",
    )
    assert (sapporo["a1101"], sapporo["a110101"], sapporo["a110102"]) == (1973395, 918682, 1054713)
    assert (sapporo["a4101"], sapporo["a4200"], sapporo["a7101"]) == (11172, 23561, 969161)
    assert (sapporo["d2203"], sapporo["d2211"]) == (93.0, 2.7)
    assert (hakodate["municipality"], hakodate["a1101"], hakodate["d2203"]) == (
        "函館市",
        251084,
        91.2,
    )
    assert (yonaguni["ssdse_a_2025"], yonaguni["municipality"], yonaguni["a1101"]) == (
        "R47382",
        "与那国町",
        1676,
    )
    assert all(
        code.startswith("R") and len(code) == 6 for code in ssdse.data["ssdse_a_2025"].to_pylist()
    )


@pytest.fixture(scope="module")
def kobe_city():
    return read_table(real("kobe-population-by-town-age-2017-09.xlsx"))


def test_kobe_xlsx_sheets(kobe_city) -> None:
    sheets = ["神戸市", "東灘区", "灘区", "中央区", "兵庫区", "北区", "長田区", "須磨本区",
              "北須磨", "垂水区", "西区"]  # fmt: skip
    assert kobe_city.report.sheets == sheets
    assert list_sheets(real("kobe-population-by-town-age-2017-09.xlsx")) == sheets


def test_kobe_xlsx_city_sheet(kobe_city) -> None:
    report = kobe_city.report
    assert (report.format, report.sheet, report.encoding) == ("xlsx", "神戸市", None)
    assert report.title.startswith(
        "町別世帯数年齢１歳階級別人口統計（全市） 平成２９年９月３０日現在"
    )
    assert report.header_rows == [2]
    assert report.row_count == 48
    assert report.ok
    names = [c.name for c in report.columns]
    assert names[:8] == ["区CD", "行政区CD", "区名", "支所・出張所", "性別", "世帯数", "人口_総数",
                         "人口_0歳"]  # fmt: skip
    assert names[-2:] == ["人口_100歳以上", "再_65歳以上"]
    assert len(names) == 109
    types = {c.name: c.type for c in report.columns}
    assert types["区CD"] == types["行政区CD"] == types["性別"] == "text"
    assert types["人口_総数"] == types["人口_100歳以上"] == "integer"
    rows = kobe_city.data.to_pylist()
    first = rows[0]
    assert (first["cd"], first["cd_2"], first["c3"], first["c4"], first["c5"]) == (
        "28100",
        "00000",
        "全市",
        "＊合計＊",  # subtotal rows are data rows
        "＊合計＊",
    )
    assert (first["c6"], first["c7"], first["c8"]) == (752112, 1542375, 11194)
    assert rows[1]["c5"] == "男" and rows[1]["c7"] == 732264
    assert rows[-1]["c4"] == "西神中央出張所" and rows[-1]["c7"] == 45385


def test_kobe_xlsx_ward_sheet_with_suppressed_towns() -> None:
    table = read_table(real("kobe-population-by-town-age-2017-09.xlsx"), sheet="東灘区")
    report = table.report
    assert report.sheet == "東灘区"
    assert report.row_count == 205
    assert report.first_data_row == 3
    by_name = {c.name: c for c in report.columns}
    assert by_name["区コード"].type == "text"  # '28101' and 28101 in one column
    assert by_name["町コード"].type == "text"
    assert by_name["世帯数"].type == "integer"
    # 秘匿: small towns are published with empty cells (merged into a neighbour).
    assert by_name["世帯数"].nulls == 13
    assert by_name["世帯数"].markers == {}
    rows = table.data.to_pylist()
    assert rows[0]["c1"] == "＊東灘区計＊" and rows[0]["c5"] == 100888 and rows[0]["c3"] is None
    assert (
        rows[1]["c2"] == "28101"
        and rows[1]["c3"] == "101001001"
        and rows[1]["c4"] == "魚崎北町１丁目"
    )
    suppressed = rows[67 - 3]
    assert suppressed["c4"] == "向洋町西６丁目"
    assert suppressed["c5"] is None and suppressed["c8"] is None


@pytest.fixture(scope="module")
def kobe_estimate():
    return read_table(real("kobe-estimated-population-2012-01.xls"))


def test_kobe_xls_layout(kobe_estimate) -> None:
    report = kobe_estimate.report
    assert (report.format, report.sheet, report.sheets) == (
        "xls",
        "１月推計 (HP)",
        ["１月推計 (HP)"],
    )
    assert report.title.split("\n")[:2] == ["神戸市の推計人口", "Estimated Population of Kobe"]
    assert report.header_rows == [8, 9]  # a Japanese row and an English row
    assert report.first_data_row == 10
    assert report.row_count == 22
    assert report.notes[0].startswith("* 世帯数・人口については")
    assert report.notes[-1] == "ＵＲＬ:http://www.city.kobe.lg.jp/toukei/"
    extra = [p for p in report.problems if p.code == "extra-content"]
    assert extra and extra[0].row == 33  # the second table (人口動態) is reported, not read
    assert {p.code for p in report.problems} == {"extra-content", "blank-header"}


def test_kobe_xls_columns(kobe_estimate) -> None:
    columns = kobe_estimate.report.columns
    assert [(c.index, c.name, c.machine_name, c.type, c.unit) for c in columns] == [
        (1, '年月 Year and Month_区別 Ward ("ku")', "year_and_month_ward_ku", "text", None),
        (2, "列2", "c2", "text", None),  # Nov., Dec. … and the wards' English names
        (3, "列3", "c3", "integer", None),  # the Gregorian year beside the 和暦 rows
        (4, "面積_Area", "area", "decimal", "k㎡"),
        (5, "世帯数_Households", "households", "integer", None),
        (6, "人口Population_総数 Total", "population_total", "integer", None),
        (7, "人口Population_男 Males", "population_males", "integer", None),
        (8, "人口Population_女 Females", "population_females", "integer", None),
        (9, "人口動態 Population Change_対前月 Change from Previous Month",
         "population_change_change_from_previous_month", "integer", None),
        (10, "人口動態 Population Change_対前年同月 Change from Previous Year",
         "population_change_change_from_previous_year", "integer", None),
        (11, "人口密度 1k㎡当たり_Population Density per k㎡", "c1km2_population_density_per_km2",
         "decimal", None),
        (12, "女 100に 対する男_Males per 100females", "c100_males_per_100females", "decimal",
         None),
    ]  # fmt: skip
    change = columns[8]
    assert change.markers == {"…": 4}  # 「…」 not available


def test_kobe_xls_values(kobe_estimate) -> None:
    rows = kobe_estimate.data.to_pylist()
    # 和暦 rows with footnote letters; the era of "21年" is the one above (平成).
    assert [r["year_and_month_ward_ku"] for r in rows[:4]] == [
        "平成20年 a)",
        "21年 a)",
        "22年 a)ｂ）",
        "23年 a)",
    ]
    assert rows[0]["population_total"] == 1536433
    assert rows[0]["area"] == 552.8
    assert rows[0]["population_change_change_from_previous_month"] is None
    assert rows[6]["year_and_month_ward_ku"] == "平成24年１月"
    assert rows[6]["population_change_change_from_previous_month"] == -160
    assert [r["c3"] for r in rows[:7]] == [2008, 2009, 2010, 2011, 2011, 2011, 2012]
    assert rows[7]["c2"] == "Higashinada-ku" and rows[7]["households"] == 95120
    assert rows[7]["c3"] is None
    assert (
        rows[-1]["year_and_month_ward_ku"] == "西神中央" and rows[-1]["population_total"] == 83776
    )


def test_census_headers_with_full_width_spaces_and_footnotes() -> None:
    table = read_table(real("census-2015-population-by-area.csv"))
    report = table.report
    assert (report.encoding, report.header_rows, report.row_count) == ("utf-8", [1], 6353)
    assert [(c.name, c.type, c.unit) for c in report.columns] == [
        ("地域コード", "text", None),
        ("地域識別コード", "text", None),
        ("境域年次(2015)", "integer", None),
        ("境域年次(2000)", "integer", None),
        ("列5", "text", None),
        ("人口 平成27年", "integer", None),  # "人口　平成27年　(a)"
        ("人口 平成22年（組替）", "integer", None),  # "人口　平成22年（組替） 2)"
        ("平成22年～27年の人口増減数", "integer", None),
        ("平成22年～27年の人口増減率", "decimal", "%"),
        ("面積", "decimal", "km2"),  # "面積（km2）　(b) 1) 2)"
        ("人口密度（1km2当たり）", "decimal", None),
        ("世帯数 平成27年", "integer", None),
        ("世帯数 平成22年（組替）", "integer", None),
        ("平成22年～27年の世帯数増減数", "integer", None),
        ("平成22年～27年の世帯数増減率", "decimal", "%"),
    ]
    assert report.columns[5].header == ["人口　平成27年　(a)"]
    assert [(p.code, p.column) for p in report.problems] == [("blank-header", 5)]
    assert report.columns[6].markers == {"-": 52}
    rows = table.data.to_pylist()
    nation = rows[0]
    assert (nation["c1"], nation["c5"], nation["c6"], nation["c7"]) == (
        "0",
        "全国",
        127094745,
        128057352,
    )
    assert (nation["c8"], nation["c10"], nation["c12"]) == (-962607, 377970.75, 53448685)
    assert rows[3]["c1"] == "1000" and rows[3]["c5"] == "北海道"
    last = rows[-1]
    assert (last["c1"], last["c5"], last["c6"], last["c7"]) == (
        "47362",
        "八重瀬町\u3000人口集中地区",
        8212,
        None,
    )
    assert table.data.column("c3").null_count == 2918


def test_prefecture_thousands_with_comma_and_trailing_space() -> None:
    table = read_table(real("prefecture-population-2019-thousands.csv"))
    report = table.report
    assert report.ok and report.row_count == 47
    assert [(c.name, c.machine_name, c.type) for c in report.columns] == [
        ("ID", "id", "text"),
        ("name", "name", "text"),
        ("name_jp", "name_jp", "text"),
        ("population_jp", "population_jp", "integer"),
        ("population_jp_male", "population_jp_male", "integer"),
        ("population_jp_female", "population_jp_female", "integer"),
        ("population_jp_ja", "population_jp_ja", "integer"),
        ("population_jp_ja_male", "population_jp_ja_male", "integer"),
        ("population_jp_ja_female", "population_jp_ja_female", "integer"),
    ]
    rows = table.data.to_pylist()
    assert rows[0] == {
        "id": "01",
        "name": "Hokkaido",
        "name_jp": "北海道",
        "population_jp": 5250,
        "population_jp_male": 2472,
        "population_jp_female": 2778,
        "population_jp_ja": 5211,
        "population_jp_ja_male": 2455,
        "population_jp_ja_female": 2756,
    }
    assert (rows[12]["name_jp"], rows[12]["population_jp"]) == ("東京都", 13921)
    assert (rows[46]["id"], rows[46]["name_jp"], rows[46]["population_jp"]) == (
        "47",
        "沖縄県",
        1453,
    )
    assert report.columns[3].maximum == 13921
