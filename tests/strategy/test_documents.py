"""The 効果検証 report as PDF and XLSX, from a report dict shaped like `report.report_data`."""

from __future__ import annotations

import copy
import io
import logging
import re
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sousei.ingest.wareki import fiscal_year_wareki
from sousei.strategy.documents import find_font, number, report_pdf, report_xlsx

FONT = find_font()
pytestmark = pytest.mark.skipif(FONT is None, reason="no Japanese font installed")

LONG_ANALYSIS = (
    "移住相談窓口の開設日を拡大し、首都圏での移住フェアへの出展回数を増やしたことで相談件数は"
    "前年度比で大きく伸びたものの、住まいの確保が追いつかず、相談から実際の移住に至った件数は"
    "目標の半分程度にとどまった。特に子育て世帯からは空き家バンクの登録物件が少ないこと、"
    "冬季の生活に関する不安、就業先の情報不足が多く寄せられており、"
) * 2


def kpi(name: str, **fields: Any) -> dict[str, Any]:
    base = {
        "id": abs(hash(name)) % 10_000,
        "kind": "KPI",
        "name": name,
        "unit": "人",
        "direction": "↑",
        "aggregation": "累計",
        "baseline_year": 2022,
        "baseline_value": 0.0,
        "target_year": 2027,
        "target_value": 500.0,
        "actuals": {},
        "actual": None,
        "achievement_rate": None,
        "expected_rate": None,
        "formula_text": "",
        "grade": "−",
        "department": "まちづくり推進課",
        "projects": [],
        "review": {},
    }
    return base | fields


MIGRANTS = kpi(
    "本市相談窓口を通じた移住者数",
    actuals={"2023": 80.0, "2024": 120.0},
    actual=200.0,
    achievement_rate=40.0,
    expected_rate=40.0,
    formula_text="(200 − 0) ÷ (500 − 0) × 100 = 40.0%",
    grade="○",
    projects=["移住定住促進事業", "空き家バンク事業"],
    review={
        "analysis": LONG_ANALYSIS,
        "issues": "住まいの確保と就業情報の提供",
        "next_step": "improve",
        "next_step_label": "改善継続",
        "council_comment": "空き家の活用を民間と連携して進めること。",
    },
)


def report(extra_kpis: int = 0) -> dict[str, Any]:
    office = kpi(
        "サテライトオフィスの稼働率",
        unit="%",
        aggregation="単年",
        baseline_value=35.5,
        target_value=80.0,
        actuals={"2023": 52.5, "2024": 61.25},
        achievement_rate=57.9,
        grade="△",
    )
    jobs = kpi(
        "市内高校・大学卒業生の市内就職率",
        kind="数値目標",
        unit="%",
        aggregation="単年",
        baseline_value=30.0,
        target_value=40.0,
        actuals={"2024": 41.0},
        achievement_rate=110.0,
        grade="◎",
    )
    injected = kpi("=SUM(A1:A9)", unit="-1", department="@dept")
    more = [kpi(f"追加指標その{i}", actuals={"2024": float(i)}) for i in range(extra_kpis)]
    return {
        "strategy": {
            "id": 1,
            "name": "第2期一関市まち・ひと・しごと創生総合戦略",
            "organisation": "一関市",
            "start_year": 2020,
            "end_year": 2024,
            "vision": "",
        },
        "fiscal_year": 2024,
        "years": [2020, 2021, 2022, 2023, 2024],
        "generated_at": "2026-11-29T10:00:00+09:00",
        "grading": {
            "id": "ino",
            "label": "◎○△×",
            "grades": [
                {"symbol": "◎", "ja": "目標値以上", "en": "at or above the target"},
                {"symbol": "○", "ja": "目標値と同等（90%以上）", "en": "close to the target"},
                {"symbol": "△", "ja": "目標値未満", "en": "below the target"},
                {"symbol": "×", "ja": "進捗なし", "en": "no progress"},
            ],
        },
        "goals": [
            {
                "number": 1,
                "name": "本市への人の流れをつくる",
                "pillar": "人の流れ",
                "directions": "",
                "targets": [jobs],
                "measures": [
                    {"name": "移住・定住の促進", "kpis": [copy.deepcopy(MIGRANTS), office]},
                    {"name": "関係人口の創出", "kpis": [injected, *more]},
                ],
            }
        ],
        "grade_counts": {"◎": 1, "○": 1, "△": 1, "×": 0, "−": 1 + extra_kpis},
        "kpi_count": 4 + extra_kpis,
        "donations": {
            "years": [2022],
            "rows": [
                {
                    "fiscal_year": 2022,
                    "project": "移住定住促進事業",
                    "donor": "株式会社SHOEI",
                    "amount": "100000",
                },
                {
                    "fiscal_year": 2022,
                    "project": "移住定住促進事業",
                    "donor": "株式会社パソナ",
                    "amount": "5000",
                },
            ],
            "by_project": [
                {
                    "project": "移住定住促進事業",
                    "donations": 2,
                    "by_year": {"2022": "105000"},
                    "total": "105000",
                }
            ],
            "by_year": {"2022": "105000"},
            "total": "105000",
        },
        "findings": [
            {
                "ja": "20〜30代の転出超過が続いている。",
                "en": "Net outflow of 20s-30s.",
                "kind": "concern",
            }
        ],
    }


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return report_pdf(report(), font=FONT)


def test_find_font_falls_back_to_an_installed_font():
    found = find_font("/nonexistent")
    assert found is not None and found.is_file()
    assert find_font(str(found)) == found


def test_numbers_and_eras():
    assert [number(1234.0), number(87.5), number(None), number("105000")] == [
        "1,234",
        "87.5",
        "−",
        "105,000",
    ]
    assert [fiscal_year_wareki(2024), fiscal_year_wareki(2019), fiscal_year_wareki(2018)] == [
        "令和6",
        "令和元",
        "平成30",
    ]


def test_pdf_text_reads_back(pdf):
    text = pdf_text(pdf)
    squashed = re.sub(r"\s", "", text)
    assert (
        "第2期一関市まち・ひと・しごと創生総合戦略効果検証報告書（2024年度/令和6年度）" in squashed
    )
    for name in ("本市相談窓口を通じた移住者数", "サテライトオフィスの稼働率"):
        assert name in squashed
    assert "市内高校・大学卒業生の市内就職率" in squashed
    assert "105,000" in text and "100,000" not in text  # the total, not the donor rows
    for symbol in "◎○△×":
        assert symbol in text
    assert "40%" in text and "61.25" in text and "2026年11月29日" in text
    assert LONG_ANALYSIS[:40] in squashed and "【有識者会議の意見】" in squashed


def test_pdf_embeds_a_font_subset(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert len(fonts) == 1
    descendant = fonts[0]["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
    assert re.fullmatch(r"/[A-Z]{6}\+\w+", fonts[0]["/BaseFont"])
    assert len(pdf) < 200_000  # a subset, not the 19 MB CJK font


def test_pdf_has_no_missing_glyphs(caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        report_pdf(report(), font=FONT)
    assert "missing" not in caplog.text


def test_pdf_grows_with_many_kpis_and_every_page_reads(pdf):
    big = report_pdf(report(extra_kpis=80), font=FONT)
    reader = PdfReader(io.BytesIO(big))
    assert len(reader.pages) > len(PdfReader(io.BytesIO(pdf)).pages)
    texts = [page.extract_text() for page in reader.pages]
    assert all(texts)
    assert "追加指標その79" in "".join(texts)
    assert f"{len(reader.pages)} / {len(reader.pages)}" in texts[-1]  # footer page numbers


def test_long_review_wraps_inside_the_page(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    right_edge = float(reader.pages[0].mediabox.width)
    xs: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert xs and max(xs) < right_edge - 12 * 72 / 25.4 / 2


def test_xlsx_sheets_and_indicator_rows():
    book = load_workbook(io.BytesIO(report_xlsx(report())))
    assert book.sheetnames == ["概要", "指標", "寄附", "人口の動向"]
    sheet = book["指標"]
    head = [c.value for c in sheet[1]]
    assert head[:4] == ["基本目標", "区分", "施策", "指標名"]
    assert "2024年度実績" in head and head[-2:] == ["担当課", "事業"]
    rows = [dict(zip(head, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    migrants = next(r for r in rows if r["指標名"] == "本市相談窓口を通じた移住者数")
    assert migrants["基本目標"] == "1. 本市への人の流れをつくる"
    assert migrants["施策"] == "移住・定住の促進"
    assert (migrants["目標年度"], migrants["目標値"], migrants["2024年度実績"]) == (2027, 500, 120)
    assert migrants["2022年度実績"] is None
    assert (migrants["達成率（%）"], migrants["評価"]) == (40, "○")
    assert migrants["要因分析"] == LONG_ANALYSIS and migrants["今後の方向性"] == "改善継続"
    assert migrants["事業"] == "移住定住促進事業、空き家バンク事業"
    assert rows[0]["区分"] == "数値目標" and rows[0]["施策"] is None
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_xlsx_donations_are_numbers():
    book = load_workbook(io.BytesIO(report_xlsx(report())))
    rows = [[c.value for c in row if c.value is not None] for row in book["寄附"].iter_rows()]
    assert rows[0] == ["事業", "2022年度（千円）", "合計（千円）"]
    assert ["合計", 105000, 105000] in rows
    assert [2022, "移住定住促進事業", "株式会社SHOEI", 100000] in rows
    assert book["概要"]["B2"].value == "第2期一関市まち・ひと・しごと創生総合戦略"
    assert book["人口の動向"]["B2"].value == "20〜30代の転出超過が続いている。"


def test_xlsx_formula_looking_text_stays_text():
    data = report_xlsx(report())
    book = load_workbook(io.BytesIO(data))
    names = [c.value for c in book["指標"]["D"]]
    assert "=SUM(A1:A9)" in names
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml
