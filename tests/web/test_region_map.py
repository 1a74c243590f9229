"""The region map: members' outlines from a loaded N03 file, else a tile grid."""

from __future__ import annotations

import pytest

from sousei.areas.services import boundaries_store, region_upsert
from tests.conftest import shared_data

pytestmark = pytest.mark.django_db
IWATE_SOUTH = ["032093", "032158", "034029"]  # 一関市, 奥州市, 平泉町


@pytest.fixture
def outlines(db):
    stored, unknown = boundaries_store(
        shared_data("municipalities-2021.topojson").read_bytes(), source="N03 2021"
    )
    return stored, unknown


def test_loading_n03_stores_every_municipality_of_the_master(outlines):
    from sousei.areas.models import Area, Boundary

    stored, unknown = outlines
    assert stored == Boundary.objects.count()
    iwate = Area.objects.filter(code__startswith="03", kind__in=["city", "town", "village"])
    assert iwate.count() == 33  # 岩手県: 14 cities, 15 towns, 4 villages
    assert not iwate.filter(boundary__isnull=True).exists()
    assert all(code[:2] in ("01", "22") for code in unknown)  # 北方領土, 浜松市's old wards


def test_region_with_outlines_draws_a_choropleth(client, outlines):
    region_upsert(
        slug="iwate-south",
        name="岩手県南",
        member_codes=IWATE_SOUTH,
        core_code="032093",
    )
    page = client.get("/regions/iwate-south/?indicator=population").content.decode()
    assert page.count('<path d="M') == 3
    assert "一関市: " in page and "平泉町: " in page


def test_sample_region_without_outlines_draws_tiles(client):
    page = client.get("/regions/sample-region/?indicator=aging_rate").content.decode()
    assert 'id="chart-map"' in page and "<path d=" not in page
    for name in ("サンプル市", "サンプル東町", "サンプル西村"):  # one tile each, with its value
        assert f"<title>{name}: " in page
    assert client.get("/regions/sample-region/?indicator=nope").status_code == 400


def test_a_file_that_is_not_a_boundary_file_is_refused():
    from sousei.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        boundaries_store(b'{"type": "Topology", "objects": {}, "arcs": []}')
    assert "境界ファイル" in error.value.message_ja


def test_the_map_figures_download_as_csv(client):
    response = client.get("/regions/sample-region/map.csv?indicator=population")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "code,name,総人口 (人)"
    api = client.get("/api/v1/areas/992011/population").json()[-1]["total"]
    assert lines[1] == f"992011,サンプル市,{api}"
