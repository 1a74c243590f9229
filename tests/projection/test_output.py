"""The JSON shape, CSV and XLSX."""

import io

import numpy as np
from openpyxl import load_workbook

from sousei.projection import base, parse_inputs, projection_run, results_csv, results_xlsx, sim1

from .test_engine import FEMALE_2025, MALE_2025
from .tiny import tiny


def _results():
    return projection_run(parse_inputs(tiny()), to_year=2030, scenarios=[base(), sim1()])


def test_json_shape_one_inner_list_per_year():
    body = _results()[0].as_dict()
    assert body["years"] == [2020, 2025, 2030]
    assert body["scenario"] == "base"
    assert len(body["male"]) == len(body["female"]) == 3
    assert all(len(row) == 19 for row in body["male"] + body["female"])
    assert body["male"][1] == MALE_2025
    assert body["total"][0] == 38_000
    for y in range(3):
        shares = body["share_0_14"][y] + body["share_15_64"][y] + body["share_65_plus"][y]
        assert abs(shares - 100) < 0.02
    # 2020: 0-14 is men 100+200+300 and women 3 × 1,000 of 38,000.
    assert body["share_0_14"][0] == round(3600 / 38_000 * 100, 2)


def test_csv_has_japanese_headers_and_a_row_per_year_and_sex():
    text = results_csv(_results())
    lines = text.splitlines()
    assert lines[0].startswith("地域コード,地域名,シナリオ,年,男女,総数,0〜4歳,5〜9歳")
    assert lines[0].endswith("90歳以上,0〜14歳割合(%),15〜64歳割合(%),65歳以上割合(%)")
    assert len(lines) == 1 + 2 * 3 * 3
    male_2025 = lines[4].split(",")
    assert male_2025[3:6] == ["2025", "男", str(sum(MALE_2025))]
    assert male_2025[6:25] == [str(v) for v in MALE_2025]


def test_xlsx_has_a_totals_sheet_then_one_sheet_per_scenario_with_numbers():
    buffer = io.BytesIO()
    results = _results()
    results_xlsx(results, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames[0] == "総人口"
    assert book.sheetnames[1:] == [r.scenario.label_ja for r in results]
    totals = book["総人口"]
    assert [c.value for c in totals[1]][:4] == ["地域コード", "地域名", "シナリオ", "2020年"]
    assert totals["D2"].value == 38_000 and totals["D2"].data_type == "n"
    sheet = book[book.sheetnames[1]]
    row = [c.value for c in sheet[6]]  # 2025, 女
    assert row[3:5] == [2025, "女"]
    assert row[6:25] == FEMALE_2025
    assert all(isinstance(v, int | float) for v in row[5:])
    np.testing.assert_allclose(results[1].total[0], 38_000)


def test_a_name_that_looks_like_a_formula_stays_text():
    results = projection_run(
        parse_inputs(tiny(name='=HYPERLINK("http://evil.example")')),
        to_year=2025,
        scenarios=[base()],
    )
    assert results_csv(results).splitlines()[1].split(",")[1].startswith("\"'=HYPERLINK")
    buffer = io.BytesIO()
    results_xlsx(results, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    cell = book["総人口"]["B2"]
    assert cell.value.startswith("'=HYPERLINK") and cell.data_type == "s"
