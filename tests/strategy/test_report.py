"""The 効果検証 report's content for the demo city: grades, donations, population findings."""

from decimal import Decimal

import pytest

from sousei.stats.area import findings_for
from sousei.strategy.models import Donation, Strategy
from sousei.strategy.report import report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return Strategy.objects.get(organisation__slug="992011")


def test_report_counts_every_indicator_once(city):
    report = report_data(city, 2024)
    listed = [
        k
        for goal in report["goals"]
        for k in goal["targets"] + [k for m in goal["measures"] for k in m["kpis"]]
    ]
    assert len(listed) == report["kpi_count"] == 20
    assert sum(report["grade_counts"].values()) == 20
    assert report["years"] == [2019, 2020, 2021, 2022, 2023, 2024]


def test_report_donations_stop_at_its_year(city):
    report = report_data(city, 2022)
    expected = sum(d.amount for d in Donation.objects.filter(strategy=city, fiscal_year__lte=2022))
    assert Decimal(report["donations"]["total"]) == expected
    assert all(row["fiscal_year"] <= 2022 for row in report["donations"]["rows"])


def test_report_carries_the_population_findings(city):
    findings = report_data(city, 2024)["findings"]
    assert findings and [f["ja"] for f in findings] == [f.text_ja for f in findings_for("992011")]


def test_a_retried_publication_job_finds_the_report_it_published(city):
    import uuid

    from sousei.storage import read_bytes
    from sousei.strategy.services import report_publish

    job = uuid.uuid4()
    first = report_publish(actor=None, strategy=city, year=2024, job=job)
    again = report_publish(actor=None, strategy=city, year=2024, job=job)
    assert again.pk == first.pk and city.reports.count() == 1
    assert read_bytes(first.files["xlsx"])[:2] == b"PK"  # the workbook made that day


def test_report_files_are_made_before_a_transaction_opens(city, monkeypatch):
    from django.db import connection

    from sousei.strategy import services

    depth_at_call = len(connection.savepoint_ids)
    depths = []
    real_keep = services.keep_bytes

    def keep_and_look(name, content):
        depths.append(len(connection.savepoint_ids))
        return real_keep(name, content)

    monkeypatch.setattr(services, "keep_bytes", keep_and_look)
    services.report_publish(actor=None, strategy=city, year=2024)
    assert depths == [depth_at_call, depth_at_call]  # PDF and XLSX, no atomic block around


def test_each_publication_keeps_files_of_its_own(city):
    from sousei.strategy.services import report_publish

    first = report_publish(actor=None, strategy=city, year=2024)
    second = report_publish(actor=None, strategy=city, year=2024)
    assert first.files["xlsx"] != second.files["xlsx"]
