"""`sousei strategy`: the 手引き example typed into the template, imported, reported, exported."""

import io

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from sousei.cli import main
from sousei.orgs.services import organisation_for_area, user_create
from sousei.strategy.models import Strategy
from sousei.strategy.workbook import read_workbook
from tests.strategy.example import GOAL, JOBS, MOVERS, OFFICE

pytestmark = pytest.mark.django_db

HEADERS = ("基本目標", "区分", "施策", "指標名", "単位", "方向", "集計", "基準年度", "基準値",
           "目標年度", "目標値", "担当課", "事業")  # fmt: skip
ROWS = (
    (GOAL, "KPI", "UIJターンによる起業・就業者創出", MOVERS, "人", "↑", "累計", "R4", 0,
     "R9", 500, "政策企画課", "移住・交流相談促進事業", {"2023年度実績": 80, "2024年度実績": 120}),
    (GOAL, "KPI", "テレワーク環境の整備", OFFICE, "%", "↑", "単年", "2022年度", 50, "2027年度",
     70, "商工労働課", "サテライトオフィス整備事業", {"2024年度実績": 60}),
    (GOAL, "KPI", "市内の企業や大学等の魅力向上", JOBS, "%", "↑", "単年", 2022, 30, 2027, 40,
     "商工労働課", "産学官連携推進事業", {"2024年度実績": 31}),
)  # fmt: skip


def filled_template(tmp_path, runner):
    """What a member of staff does: take the template and type the example into it."""
    template = tmp_path / "template.xlsx"
    result = runner.invoke(main, ["strategy", "template", str(template), "--start", "2023"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(template)
    head = book["戦略"]
    for row in head.iter_rows(min_row=1):
        if row[0].value == "名称":
            row[1].value = "第3期一関市まち・ひと・しごと創生総合戦略"
        if row[0].value == "評価方式":
            row[1].value = "◎○△×"
    sheet = book["指標"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for r, values in enumerate(ROWS, start=2):
        for header, value in zip(HEADERS, values, strict=False):
            sheet.cell(r, columns[header], value)
        for header, value in values[-1].items():
            if header not in columns:
                columns[header] = sheet.max_column + 1
                sheet.cell(1, columns[header], header)
            sheet.cell(r, columns[header], value)
    gifts = book["寄附"]
    gifts.append([2022, "市内外から人が集うまちをつくる事業", "株式会社SHOEI", 100000])
    gifts.append(["R4", "いちのせき起業応援事業", "株式会社パソナ", "5,000"])
    path = tmp_path / "一関市総合戦略.xlsx"
    book.save(path)
    return path


def test_the_guide_example_from_the_template_to_the_report(tmp_path):
    runner = CliRunner()
    path = filled_template(tmp_path, runner)
    result = runner.invoke(main, ["strategy", "import", str(path), "--org", "03209"])
    assert result.exit_code == 0, result.output
    assert "寄附 105,000千円" in result.output
    strategy = Strategy.objects.get(organisation__slug="032093", name__startswith="第3期一関市")
    assert strategy.grading == "ino"
    pdf = tmp_path / "report.pdf"
    result = runner.invoke(
        main,
        ["strategy", "report", "--strategy", str(strategy.pk), "--year", "2024",
         "--format", "pdf", "--output", str(pdf)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 指標 / indicators: ◎ 0, ○ 0, △ 3, × 0, − 0" in result.output
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in (MOVERS, OFFICE, JOBS, "105,000"):
        assert expected in text
    for fmt in ("html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        args = ["strategy", "report", "--strategy", str(strategy.pk), "--year", "2024"]
        assert runner.invoke(main, [*args, "--format", fmt, "--output", str(out)]).exit_code == 0
    assert "40.0%" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_export_gives_back_what_was_imported(tmp_path):
    runner = CliRunner()
    path = filled_template(tmp_path, runner)
    runner.invoke(main, ["strategy", "import", str(path), "--org", "032093"])
    strategy = Strategy.objects.get(organisation__slug="032093", name__startswith="第3期一関市")
    out = tmp_path / "export.xlsx"
    result = runner.invoke(
        main, ["strategy", "export", "--strategy", str(strategy.pk), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert read_workbook(out.read_bytes()) == read_workbook(path.read_bytes())
    recorded = strategy.changes.count()
    again = runner.invoke(main, ["strategy", "import", str(out), "--org", "032093"])
    assert again.exit_code == 0
    assert strategy.changes.count() == recorded


def test_a_bad_workbook_names_sheet_row_and_column(tmp_path):
    runner = CliRunner()
    path = filled_template(tmp_path, runner)
    book = openpyxl.load_workbook(path)
    sheet = book["指標"]
    direction = next(c.column for c in sheet[1] if c.value == "方向")
    sheet.cell(3, direction, "上")
    book.save(path)
    result = runner.invoke(main, ["strategy", "import", str(path), "--org", "032093"])
    assert result.exit_code == 1
    assert "「指標」シート 3行目「方向」列" in result.output
    assert "Sheet 指標, row 3, column 方向" in result.output
    assert "Traceback" not in result.output


def test_staff_of_another_municipality_cannot_import_or_publish_by_cli(tmp_path):
    runner = CliRunner()
    path = filled_template(tmp_path, runner)
    organisation_for_area(code="032093")
    user_create(
        username="kurashiki",
        password="a-long-test-passphrase",
        organisation=organisation_for_area(code="332020"),
    )
    result = runner.invoke(
        main, ["strategy", "import", str(path), "--org", "032093", "--as", "kurashiki"]
    )
    assert result.exit_code == 1 and "may not" in result.output
    assert not Strategy.objects.filter(name__startswith="第3期一関市").exists()
    runner.invoke(main, ["strategy", "import", str(path), "--org", "032093"])
    strategy = Strategy.objects.get(name__startswith="第3期一関市")
    args = ["strategy", "report", "--strategy", str(strategy.pk), "--year", "2024"]
    out = str(tmp_path / "r.html")
    published = runner.invoke(
        main, [*args, "--format", "html", "--output", out, "--publish", "--as", "kurashiki"]
    )
    assert published.exit_code == 1
    assert not strategy.reports.exists()


def test_template_lists_the_years_and_reads_back_empty(tmp_path):
    runner = CliRunner()
    out = tmp_path / "t.xlsx"
    runner.invoke(main, ["strategy", "template", str(out), "--start", "2025", "--end", "2029"])
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["指標"][1]]
    assert "2025年度実績" in headers and "2029年度実績" in headers
