"""Importing statistics: the file lands in the catalog, its figures are stored, and staff may
only store figures for their own areas."""

from __future__ import annotations

import pytest

from sousei.catalog.models import Resource
from sousei.errors import PermissionDenied
from sousei.orgs.services import organisation_for_area, user_create
from sousei.stats.models import StatSeries, StatValue
from sousei.stats.selectors import stat_table
from sousei.stats.services import stats_import_file
from tests.stats.conftest import DATA, ICHINOSEKI

pytestmark = pytest.mark.django_db


def test_the_file_is_published_and_its_figures_stored(imported_stats):
    vital = imported_stats[0]
    assert vital.recognition.layout == "vital_rows"
    assert vital.load.dataset.name == "statistics-032093"
    births = StatValue.objects.get(
        area_code=ICHINOSEKI, measure="births", year=2018, series=vital.series[0]
    )
    assert births.value == 626


def test_ssdse_is_imported_for_every_municipality(imported_stats):
    ssdse = imported_stats[2]
    population = next(s for s in ssdse.series if s.kind == "population")
    codes = StatValue.objects.filter(series=population, age="total", sex="total")
    assert codes.values("area_code").distinct().count() == 1741
    assert codes.get(area_code="011002").value == 1_973_395


def test_an_area_reads_one_series_not_a_blend(imported_stats):
    """SSDSE's 2022 births (人口動態統計, 440) must not replace the register's (住基, 444)."""
    vital = stat_table("vital", ICHINOSEKI)
    births = vital[vital["event"] == "births"].set_index("year")["value"].to_dict()
    assert births == {2018: 626, 2019: 545, 2020: 555, 2021: 482, 2022: 444}
    assert vital["series_id"].nunique() == 1


def test_a_new_version_replaces_the_figures_of_the_old(imported_stats, tmp_path):
    source = (DATA / "ichinoseki-vital-h30-r4.cp932.csv").read_bytes()
    again = tmp_path / "ichinoseki-vital-h30-r4.cp932.csv"
    again.write_bytes(source)
    result = stats_import_file(actor=None, area_code=ICHINOSEKI, path=again)
    assert result.load.version.version == 2
    resource = Resource.objects.get(pk=result.load.resource.pk)
    assert StatSeries.objects.filter(resource_version__resource=resource).count() == 1


def test_staff_cannot_store_figures_for_another_area(imported_stats):
    kurashiki = organisation_for_area(code="332020")
    staff = user_create(
        username="kurashiki-stats", password="x-long-passphrase", organisation=kurashiki
    )
    before = StatValue.objects.count()
    with pytest.raises(PermissionDenied):
        stats_import_file(
            actor=staff, area_code="332020", path=DATA / "kobe-higashinada-juki-5year-2017-09.csv"
        )
    assert StatValue.objects.count() == before


def test_kobe_city_sheet_gives_pyramids_from_single_years():
    from sousei.stats.area import pyramid_view
    from tests.conftest import shared_data

    kobe = shared_data("kobe-population-by-town-age-2017-09.xlsx")
    stats_import_file(actor=None, area_code="281000", path=kobe, sheet="神戸市")
    city = pyramid_view("281000")
    assert city.date == "2017-09-30"
    assert city.classes[0]["age"] == "0-4" and city.classes[0]["male"] == 30755
    assert (
        sum(c["male"] + c["female"] for c in city.classes)
        + city.unknown_male
        + (city.unknown_female)
        == 1_542_375
    )


def test_kobe_ward_sheet_gives_towns_as_districts():
    from sousei.stats.area import district_rows
    from tests.conftest import shared_data

    kobe = shared_data("kobe-population-by-town-age-2017-09.xlsx")
    stats_import_file(actor=None, area_code="281000", path=kobe, sheet="東灘区")
    towns = district_rows("281018")
    assert len(towns) > 100
    assert sum(t["total"] for t in towns) == 214_157  # ＊東灘区計＊ in the file
    assert all(t["area_code"].startswith("281018-") for t in towns)
    first = next(t for t in towns if t["area_code"] == "281018-101001001")
    assert (first["name"], first["total"]) == ("魚崎北町１丁目", 846)
