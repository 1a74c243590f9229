"""Actuals from data: statistics, a dataset column per fiscal year, a region's members."""

import pytest

from sousei.catalog.services import dataset_load_file
from sousei.errors import InvalidInput
from sousei.orgs.services import organisation_for_area
from sousei.stats.area import natural_change_rows
from sousei.strategy.links import DataLink, parse_link
from sousei.strategy.models import Indicator, Strategy
from sousei.strategy.selectors import kpi_view, kpi_views
from sousei.strategy.services import actual_set, strategy_import
from tests.strategy.example import example_plan, kpi

pytestmark = pytest.mark.django_db
SAMPLE_CITY = "992011"


def plan_with(row):
    plan = example_plan()
    plan.name = "データ連携の試験"
    plan.indicators = [row]
    return plan


def test_links_are_read_in_either_language_and_bad_ones_refused():
    assert parse_link("統計：出生数") == DataLink("stats", "出生数")
    assert parse_link("dataset:consultations:件数:平均") == DataLink(
        "dataset", "consultations", "件数", "avg"
    )
    assert parse_link("圏域:合計") == DataLink("region", "sum")
    assert parse_link("") is None
    with pytest.raises(InvalidInput, match="統計:出生数"):
        parse_link("統計:出産数")


def test_statistics_link_gives_the_births_from_the_baseline_year_on():
    organisation = organisation_for_area(code=SAMPLE_CITY)
    births = kpi(
        "出生数", "子育て支援の充実", unit="人", baseline_year=2019, data_link="統計:出生数"
    )
    strategy = strategy_import(actor=None, organisation=organisation, plan=plan_with(births))
    (view,) = kpi_views(strategy, 2024)
    expected = {
        r["year"]: r["births"] for r in natural_change_rows(SAMPLE_CITY) if r["year"] >= 2019
    }
    assert view.values == expected
    assert {a.origin for a in view.actuals.values()} == {"data"}


def test_a_manual_value_overrides_data_and_says_so():
    organisation = organisation_for_area(code=SAMPLE_CITY)
    births = kpi(
        "出生数", "子育て支援の充実", unit="人", baseline_year=2019, data_link="統計:出生数"
    )
    strategy = strategy_import(actor=None, organisation=organisation, plan=plan_with(births))
    indicator = strategy.indicators.get()
    from_data = kpi_view(indicator, 2024, strategy.grading).actuals[2024].value
    actual_set(actor=None, indicator=indicator, year=2024, value=from_data + 10)
    shown = kpi_view(indicator, 2024, strategy.grading).actuals[2024]
    assert (shown.value, shown.origin, shown.data_value) == (from_data + 10, "override", from_data)


def test_a_bad_link_is_named_by_its_workbook_row_and_nothing_is_stored():
    from sousei.strategy.workbook import read_workbook, write_workbook

    organisation = organisation_for_area(code=SAMPLE_CITY)
    plan = plan_with(kpi("出生数", "子育て支援の充実", data_link="統計:出産数"))
    with pytest.raises(InvalidInput) as error:
        read_workbook(write_workbook(plan))
    assert "「指標」シート 2行目「データ連携」列" in error.value.message_ja
    assert "Sheet 指標, row 2, column データ連携" in error.value.message_en
    with pytest.raises(InvalidInput, match="統計:出産数"):
        strategy_import(actor=None, organisation=organisation, plan=plan)
    assert not Strategy.objects.filter(name="データ連携の試験").exists()


def test_dataset_link_sums_per_fiscal_year_and_follows_new_versions(
    tmp_path, django_capture_on_commit_callbacks
):
    organisation = organisation_for_area(code=SAMPLE_CITY)
    path = tmp_path / "移住相談.csv"
    path.write_text("相談日,移住者数\n2023-04-10,3\n2024-03-31,2\n2024-04-01,5\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        dataset_load_file(actor=None, org_code=SAMPLE_CITY, dataset_name="iju-soudan", path=path)
    link = "データ:iju-soudan:移住者数:合計"
    movers = kpi("移住者数", "移住の促進", unit="人", baseline_year=2022, data_link=link)
    strategy = strategy_import(actor=None, organisation=organisation, plan=plan_with(movers))
    indicator = strategy.indicators.get()
    assert kpi_view(indicator, 2024, strategy.grading).values == {2023: 5.0, 2024: 5.0}
    path.write_text("相談日,移住者数\n2023-04-10,3\n2024-04-01,5\n2024-06-01,4\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        dataset_load_file(actor=None, org_code=SAMPLE_CITY, dataset_name="iju-soudan", path=path)
    assert kpi_view(indicator, 2024, strategy.grading).values == {2023: 3.0, 2024: 9.0}
    assert indicator.changes.filter(via="data", field="actual:2024", old=5.0, new=9.0).exists()


def test_region_kpi_is_the_sum_of_its_members_and_follows_their_edits():
    shared = Indicator.objects.get(
        strategy__organisation__slug="sample-region", name="移住相談窓口を通じた移住者数"
    )
    members = Indicator.objects.filter(name=shared.name).exclude(pk=shared.pk)
    total = sum(m.actuals.get(year=2023).value for m in members)
    assert kpi_view(shared, 2023, "abcd").actuals[2023].value == total
    city = members.get(strategy__organisation__slug=SAMPLE_CITY)
    actual_set(actor=None, indicator=city, year=2023, value=city.actuals.get(year=2023).value + 7)
    assert kpi_view(shared, 2023, "abcd").actuals[2023].value == total + 7
