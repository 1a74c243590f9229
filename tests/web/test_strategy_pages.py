"""Strategy pages, downloads and staff forms over the 手引き example."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pypdf import PdfReader

from sousei.jobs.worker import run_worker
from sousei.orgs.services import organisation_for_area, user_create
from sousei.storage import read_bytes
from sousei.strategy.models import Change, Indicator, Report
from sousei.strategy.services import strategy_import, strategy_publish
from tests.strategy.example import MOVERS, example_plan

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase"


@pytest.fixture
def strategy():
    organisation = organisation_for_area(code="032093")
    imported = strategy_import(actor=None, organisation=organisation, plan=example_plan())
    strategy_publish(actor=None, strategy=imported)
    return imported


@pytest.fixture
def editor(strategy):
    return user_create(username="ed", password=PASSWORD, organisation=strategy.organisation)


def movers(strategy):
    return Indicator.objects.get(strategy=strategy, name=MOVERS)


def test_tree_shows_goals_kpis_grades_and_donations(client, strategy):
    page = client.get(f"/strategies/{strategy.pk}/?year=2024").content.decode()
    assert "本市への人の流れをつくる" in page and "UIJターンによる起業・就業者創出" in page
    assert MOVERS in page and "40.0%" in page
    assert "株式会社" not in page  # donors are in the report, the tree shows totals
    assert "105,000" in page


def test_kpi_page_has_chart_formula_and_csv(client, strategy):
    kpi = movers(strategy)
    page = client.get(f"/strategies/{strategy.pk}/kpis/{kpi.pk}/?year=2024").content.decode()
    assert 'id="chart-kpi"' in page
    assert "(200 − 0) ÷ (500 − 0) × 100 = 40.0%" in page
    rows = client.get(f"/strategies/{strategy.pk}/kpis/{kpi.pk}.csv").content.decode("utf-8-sig")
    lines = rows.splitlines()
    assert lines[0] == "年度,実績値,計画値"
    assert "2024,200.0,200.0" in lines


def test_report_downloads_as_pdf_and_excel(client, strategy):
    pdf = client.get(f"/strategies/{strategy.pk}/report/2024.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert MOVERS in text and "105,000" in text
    xlsx = client.get(f"/strategies/{strategy.pk}/report/2024.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert "指標" in book.sheetnames


def test_unknown_format_is_404_not_500(client, strategy):
    assert client.get(f"/strategies/{strategy.pk}/report/2024.doc").status_code == 404


def test_unpublished_strategy_is_404_for_residents(client, strategy):
    strategy_publish(actor=None, strategy=strategy, published=False)
    assert client.get(f"/strategies/{strategy.pk}/").status_code == 404
    assert client.get(f"/api/v1/strategies/{strategy.pk}/kpis").status_code == 404
    assert client.get(f"/strategies/{strategy.pk}/export.xlsx").status_code == 404
    assert client.get(f"/strategies/{strategy.pk}/report/2024.pdf").status_code == 404
    assert strategy.name not in client.get("/strategies/").content.decode()


def test_staff_enter_actual_and_verification_and_it_is_kept(client, strategy, editor):
    client.force_login(editor)
    kpi = movers(strategy)
    url = f"/strategies/{strategy.pk}/kpis/{kpi.pk}/edit/?year=2024"
    form = {"actual": "１３０", "note": "", "analysis": "相談件数が増えた", "next_step": "expand"}
    assert client.post(url, form).status_code == 302
    assert ("actual:2024", 120.0, 130.0) in Change.objects.filter(user=editor).values_list(
        "field", "old", "new"
    )
    page = client.get(f"/strategies/{strategy.pk}/kpis/{kpi.pk}/?year=2024").content.decode()
    assert "相談件数が増えた" in page and "拡大" in page
    bad = client.post(url, {**form, "actual": "たくさん"})
    assert bad.status_code == 400


def test_published_report_is_frozen(client, strategy, editor):
    client.force_login(editor)
    response = client.post(f"/strategies/{strategy.pk}/report/2024/publish/")
    assert "/jobs/" in response["Location"] and not Report.objects.exists()
    assert run_worker(once=True) == 1
    report = Report.objects.get(strategy=strategy)
    assert (
        f"/strategies/{strategy.pk}/reports/{report.pk}/"
        in client.get(response["Location"]).content.decode()
    )
    xlsx = f"/strategies/{strategy.pk}/reports/{report.pk}.xlsx"
    kept = read_bytes(report.files["xlsx"])
    assert client.get(xlsx).content == kept
    kpi = movers(strategy)
    client.post(
        f"/strategies/{strategy.pk}/kpis/{kpi.pk}/edit/?year=2024", {"actual": "300", "note": ""}
    )
    frozen = client.get(f"/strategies/{strategy.pk}/reports/{report.pk}/").content.decode()
    live = client.get(f"/strategies/{strategy.pk}/report/2024/").content.decode()
    assert "40.0%" in frozen and "40.0%" not in live.split(MOVERS, 1)[1].split("</tr>")[0]
    assert client.get(xlsx).content == kept


def test_staff_of_another_municipality_cannot_edit_or_publish(client, strategy):
    other = user_create(
        username="kurashiki",
        password=PASSWORD,
        organisation=organisation_for_area(code="332020"),
    )
    client.force_login(other)
    kpi = movers(strategy)
    base = f"/strategies/{strategy.pk}"
    assert client.post(f"{base}/kpis/{kpi.pk}/edit/?year=2024", {"actual": "1"}).status_code == 403
    assert client.post(f"{base}/report/2024/publish/").status_code == 403
    assert client.post(f"{base}/publish/", {"published": "0"}).status_code == 403
    assert client.get(f"{base}/history/").status_code == 403
    api = client.put(
        f"/api/v1/strategies/{strategy.pk}/kpis/{kpi.pk}/actuals/2024",
        {"value": 1},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not Change.objects.filter(user=other).exists()
    assert not Report.objects.exists()


def test_the_import_form_refuses_another_municipality(client, strategy):
    from sousei.strategy.models import Strategy
    from sousei.strategy.workbook import write_workbook

    other = user_create(
        username="kurashiki",
        password=PASSWORD,
        organisation=organisation_for_area(code="332020"),
    )
    client.force_login(other)
    plan = example_plan()
    plan.name = "他市の戦略"
    upload = io.BytesIO(write_workbook(plan))
    upload.name = "strategy.xlsx"
    response = client.post(
        "/strategies/import/", {"organisation": strategy.organisation.pk, "file": upload}
    )
    assert response.status_code == 400
    assert not Strategy.objects.filter(name="他市の戦略").exists()


def test_a_bad_workbook_upload_lists_sheet_row_and_column(client, strategy, editor):
    from sousei.strategy.workbook import write_workbook

    client.force_login(editor)
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(example_plan())))
    sheet = book["指標"]
    column = next(c.column for c in sheet[1] if c.value == "方向")
    sheet.cell(3, column, "上")
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "strategy.xlsx"
    response = client.post(
        "/strategies/import/", {"organisation": strategy.organisation.pk, "file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "<td>指標</td><td>3</td><td>方向</td>" in page
