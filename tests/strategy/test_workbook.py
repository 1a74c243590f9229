"""The strategy workbook: lossless round trip, lenient reading, every problem reported."""

from __future__ import annotations

import copy
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from sousei.errors import InvalidInput
from sousei.strategy.plan import (
    Aggregation,
    Direction,
    DonationRow,
    Funding,
    GoalRow,
    IndicatorKind,
    IndicatorRow,
    Pillar,
    Plan,
    ProjectRow,
)
from sousei.strategy.workbook import read_workbook, write_template, write_workbook

FLOW = "本市への人の流れをつくる"
MEASURE = "UIJターンによる起業・就業者創出"


def kpi(name: str, unit: str = "%", **kw) -> IndicatorRow:
    values = {
        "goal": FLOW,
        "kind": IndicatorKind.KPI,
        "measure": MEASURE,
        "name": name,
        "unit": unit,
        "direction": Direction.UP,
        "aggregation": Aggregation.SINGLE_YEAR,
        "baseline_year": 2022,
        "baseline_value": None,
        "target_year": 2027,
        "target_value": None,
    }
    return IndicatorRow(**(values | kw))


def sample_plan() -> Plan:
    """The 手引き example: 人の流れ with its KPIs and two corporate donations."""
    return Plan(
        name="第2期一関市まち・ひと・しごと創生総合戦略",
        start_year=2023,
        end_year=2027,
        vision="若者が集い、\n誰もが住み続けたいまち",
        grading="ino",
        foundations=["デジタル基盤の整備", "デジタル人材の育成・確保"],
        goals=[GoalRow(FLOW, Pillar.FLOW, "移住・定住を促進する\n関係人口を増やす")],
        indicators=[
            kpi(
                "本市相談窓口を通じた移住者数",
                unit="人",
                aggregation=Aggregation.CUMULATIVE,
                baseline_value=0,
                target_value=500,
                department="まちづくり推進課",
                projects=["移住・交流相談促進事業"],
                actuals={2023: 80, 2024: 120},
                interim_targets={2025: 250},
                source="移住相談記録",
            ),
            kpi(
                "サテライトオフィスの稼働率",
                baseline_value=42.5,
                target_value=80,
                actuals={2023: 12.5, 2024: 1 / 3},
            ),
            kpi(
                "市内高校・大学卒業生の市内就職率",
                target_value=35,
                data_link="データ:shushoku-chosa:市内就職率:平均",
            ),
            IndicatorRow(
                goal=FLOW,
                kind=IndicatorKind.GOAL_TARGET,
                measure="",
                name="転出者数",
                unit="人",
                direction=Direction.DOWN,
                aggregation=Aggregation.LATEST,
                baseline_year=2022,
                baseline_value=3500,
                target_year=2027,
                target_value=3000,
                actuals={2023: -5},
            ),
        ],
        projects=[
            ProjectRow(
                "移住・交流相談促進事業",
                "まちづくり推進課",
                Funding.GRANT,
                {2024: Decimal("1500.5"), 2025: Decimal("2000")},
            ),
            ProjectRow("市内外から人が集うまちをつくる事業", funding=Funding.CORPORATE_DONATION),
            ProjectRow("いちのせき起業応援事業", funding=Funding.CORPORATE_DONATION),
        ],
        donations=[
            DonationRow(
                2022, "市内外から人が集うまちをつくる事業", "株式会社SHOEI", Decimal("100000")
            ),
            DonationRow(2022, "いちのせき起業応援事業", "株式会社パソナ", Decimal("5000")),
        ],
    )


def without_rows(plan: Plan) -> Plan:
    plan = copy.deepcopy(plan)
    for item in [*plan.goals, *plan.indicators, *plan.projects, *plan.donations]:
        item.row = 0
    return plan


def book_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edit(data: bytes, change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    return book_bytes(book)


def problem_of(data: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_workbook(data)
    assert caught.value.code == "invalid_workbook"
    return caught.value


def test_round_trip_is_lossless():
    plan = sample_plan()
    data = write_workbook(plan)
    back = read_workbook(data)
    assert without_rows(back) == plan
    assert back.indicators[1].actuals[2024] == 1 / 3  # openpyxl keeps 16 digits
    assert back.projects[0].budgets == {2024: Decimal("1500.5"), 2025: Decimal("2000")}
    assert back.indicators[0].row == 2
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["戦略", "基本目標", "指標", "事業", "寄附"]
    sheet = book["指標"]
    headers = [c.value for c in sheet[1]]
    assert headers[-3:] == ["2023年度実績", "2024年度実績", "2025年度目標"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet.cell(2, headers.index("2023年度実績") + 1).value == 80  # int, not 80.0
    assert book["寄附"]["D2"].value == 100000


def test_wareki_headers_and_years():
    plan = sample_plan()

    def rename(book):
        sheet = book["指標"]
        sheet.cell(1, 16).value = "R5実績"
        sheet.cell(1, 17).value = "H30実績"
        sheet["H2"].value = "令和4年度"  # 基準年度
        sheet["J2"].value = "R9"  # 目標年度
        book["戦略"]["B3"].value = "令和5年度"
        book["戦略"]["B4"].value = "令和元年度"

    data = edit(write_workbook(plan), rename)
    with pytest.raises(InvalidInput, match="終了年度"):
        read_workbook(data)  # 2023 > 2019
    back = read_workbook(edit(data, lambda b: b["戦略"].cell(4, 2, "R9")))
    assert back.start_year == 2023
    assert back.end_year == 2027
    first = back.indicators[0]
    assert first.actuals == {2023: 80, 2018: 120}
    assert (first.baseline_year, first.target_year) == (2022, 2027)


def test_full_width_and_triangle_numbers():
    def fill(book):
        sheet = book["指標"]
        sheet["I2"].value = "１，２３４"
        sheet["K2"].value = "△5"
        sheet["P2"].value = "12.5%"
        sheet["Q2"].value = "－"
        sheet["P3"].value = "…"

    back = read_workbook(edit(write_workbook(sample_plan()), fill))
    first = back.indicators[0]
    assert (first.baseline_value, first.target_value) == (1234, -5)
    assert first.actuals == {2023: 12.5}
    assert back.indicators[1].actuals == {2024: 1 / 3}


def test_bad_direction_names_sheet_row_and_column():
    def spoil(book):
        book["指標"]["F5"].value = "上"
        book["指標"]["P3"].value = "たくさん"

    error = problem_of(edit(write_workbook(sample_plan()), spoil))
    expected_ja = "「指標」シート 5行目「方向」列: 「上」は ↑ ↓ → のいずれかで書いてください"
    assert expected_ja in error.message_ja
    assert 'Sheet 指標, row 5, column 方向: "上" must be ↑, ↓ or →' in error.message_en
    places = [(d["sheet"], d["row"], d["column"]) for d in error.details]
    assert places == [("指標", 3, "2023年度実績"), ("指標", 5, "方向")]


def test_lenient_spellings_and_blank_defaults():
    def loosen(book):
        sheet = book["指標"]
        sheet["F2"].value = "増加"
        sheet["F3"].value = "down"
        sheet["G3"].value = None  # 集計 blank → 単年
        sheet["B5"].value = None  # 区分 blank, no 施策 → 数値目標
        sheet["M2"].value = "移住・交流相談促進事業；新規就業支援事業\n空き家バンク事業"
        sheet.cell(1, 4).value = " 指 標 名 "

    back = read_workbook(edit(write_workbook(sample_plan()), loosen))
    first, second, _, last = back.indicators
    assert first.direction is Direction.UP
    assert (second.direction, second.aggregation) == (Direction.DOWN, Aggregation.SINGLE_YEAR)
    assert last.kind is IndicatorKind.GOAL_TARGET
    assert first.projects == ["移住・交流相談促進事業", "新規就業支援事業", "空き家バンク事業"]
    assert [p.name for p in back.projects][-2:] == ["新規就業支援事業", "空き家バンク事業"]


def test_missing_column_is_named():
    error = problem_of(edit(write_workbook(sample_plan()), lambda b: b["指標"].delete_cols(6)))
    assert error.details[0] == {
        "sheet": "指標",
        "row": 1,
        "column": "方向",
        "problem_ja": "必須の列がありません",
        "problem_en": "required column is missing",
    }


def test_missing_sheet_and_goal_reference():
    error = problem_of(edit(write_workbook(sample_plan()), lambda b: b.remove(b["指標"])))
    assert "「指標」シート" in error.message_ja
    plan = sample_plan()
    plan.goals = []
    back = read_workbook(write_workbook(plan))
    assert back.goals == [GoalRow(FLOW)]


def test_not_an_xlsx():
    for data in (b"", b"PK\x03\x04 broken", "名称,開始年度\n".encode()):
        error = problem_of(data)
        assert "xlsx" in error.message_en
        assert error.__cause__ is None


def test_formula_looking_text_stays_text():
    plan = sample_plan()
    plan.indicators[0].name = '=HYPERLINK("http://evil.example","click")'
    plan.donations[0].donor = "@SUM(1)"
    plan.indicators[1].measure = "-1+1"
    plan.vision = "+81 3"
    data = write_workbook(plan)
    assert without_rows(read_workbook(data)) == plan
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in archive.read(name).decode()
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = book["指標"]["D2"]
    assert (cell.value, cell.data_type) == (plan.indicators[0].name, "s")


def test_template_has_drop_downs_and_reads_back_once_named():
    data = write_template(2025, 2029)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["戦略", "基本目標", "指標", "事業", "寄附", "記入方法"]
    headers = [c.value for c in book["指標"][1]]
    assert headers[-5:] == [f"{y}年度実績" for y in range(2025, 2030)]
    lists = {
        str(v.sqref).split(":")[0]: v.formula1
        for name in ("基本目標", "指標", "事業")
        for v in book[name].data_validations.dataValidation
    }
    assert lists["B2"] in ('"仕事,人の流れ,結婚・出産・子育て,魅力的な地域"', '"数値目標,KPI"')
    assert lists["F2"] == '"↑,↓,→"'
    assert lists["G2"] == '"単年,累計,平均,最新"'
    assert lists["C2"] == '"一般財源,交付金,企業版ふるさと納税"'
    assert "方向" in [c.value for c in book["記入方法"]["B"]]
    error = problem_of(data)
    assert error.details == [
        {
            "sheet": "戦略",
            "row": 2,
            "column": "名称",
            "problem_ja": "「名称」が空です",
            "problem_en": "名称 is empty",
        }
    ]
    book["戦略"]["B2"].value = "第3期総合戦略"
    plan = read_workbook(book_bytes(book))
    assert (plan.name, plan.start_year, plan.end_year) == ("第3期総合戦略", 2025, 2029)
    assert plan.indicators == [] and plan.projects == [] and plan.grading == "abcd"


def test_project_budgets():
    def fill(book):
        sheet = book["事業"]
        sheet.cell(1, 4).value = "R6予算(千円)"
        sheet.cell(1, 5).value = "2025年度予算（千円）"
        sheet["D3"].value = "１，２００"
        sheet["E3"].value = 300.25
        sheet["C3"].value = None  # 財源 blank → 一般財源

    back = read_workbook(edit(write_workbook(sample_plan()), fill))
    project = back.projects[1]
    assert project.budgets == {2024: Decimal("1200"), 2025: Decimal("300.25")}
    assert project.funding is Funding.GENERAL
    assert back.projects[0].budgets == {2024: Decimal("1500.5"), 2025: Decimal("2000")}


def test_donation_amount_must_be_positive():
    def spoil(book):
        book["寄附"]["D2"].value = 0
        book["寄附"]["D3"].value = "△10"

    error = problem_of(edit(write_workbook(sample_plan()), spoil))
    amount = "金額（千円）"
    assert [(d["row"], d["column"]) for d in error.details] == [(2, amount), (3, amount)]
    assert "金額は0より大きくしてください" in error.message_ja


def test_kpi_needs_measure_and_all_problems_are_listed():
    def spoil(book):
        sheet = book["指標"]
        sheet["C2"].value = None
        for row in range(2, 6):
            sheet.cell(row, 8).value = "いつか"
        sheet["D3"].value = None

    error = problem_of(edit(write_workbook(sample_plan()), spoil))
    assert len(error.details) == 6
    assert "ほか1件" in error.message_ja
    assert "and 1 more" in error.message_en
    assert {"sheet": "指標", "row": 2, "column": "施策"}.items() <= error.details[0].items()
