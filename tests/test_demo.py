import pytest
from django.contrib.auth import authenticate

from sousei.areas.codes import normalize_area_code
from sousei.areas.master import load_area_master
from sousei.areas.models import Area, Region
from sousei.demo import DEMO_PASSWORD, DEMO_USERNAME, SAMPLE_MUNICIPALITIES, demo_load
from sousei.orgs.models import Organisation
from sousei.orgs.services import user_can

pytestmark = pytest.mark.django_db


def test_sample_codes_are_valid_and_cannot_clash_with_real_ones():
    real_prefectures = {a.code[:2] for a in load_area_master()}
    for m in SAMPLE_MUNICIPALITIES:
        assert normalize_area_code(m.code) == m.code
        assert m.code[:2] not in real_prefectures


def test_demo_builds_the_sample_region_with_three_municipalities():
    region = Region.objects.get(slug="sample-region")
    assert region.name == "サンプル圏域"
    assert region.is_sample
    assert sorted(region.members.values_list("name", flat=True)) == sorted(
        m.name for m in SAMPLE_MUNICIPALITIES
    )
    assert Organisation.objects.filter(is_sample=True).count() == 4  # 3 towns + the region


def test_demo_is_idempotent_and_deterministic():
    before = list(Area.objects.filter(is_sample=True).values())
    demo_load()
    assert list(Area.objects.filter(is_sample=True).values()) == before
    assert Region.objects.filter(slug="sample-region").count() == 1


def test_demo_staff_login_edits_the_sample_city_only():
    user = authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert user is not None
    city = Organisation.objects.get(slug=SAMPLE_MUNICIPALITIES[0].code)
    town = Organisation.objects.get(slug=SAMPLE_MUNICIPALITIES[1].code)
    assert user_can(user, city, "edit")
    assert not user_can(user, town, "edit")


@pytest.mark.django_db
def test_demo_statistics_balance_every_year(client):
    """population(t+1) − population(t) = natural change + social change, for every year."""
    for code in ("992011", "993417", "993824"):
        population = {
            r["year"]: r["total"] for r in client.get(f"/api/v1/areas/{code}/population").json()
        }
        natural = {
            r["year"]: r["natural_change"]
            for r in client.get(f"/api/v1/areas/{code}/natural-change").json()
        }
        social = {
            r["year"]: r["social_change"]
            for r in client.get(f"/api/v1/areas/{code}/social-change").json()
        }
        assert len(population) >= 30
        for year in natural:
            assert population[year + 1] - population[year] == natural[year] + social[year]


@pytest.mark.django_db
def test_demo_dashboard_has_findings_and_charts(client):
    page = client.get("/areas/993824/stats/").content.decode()
    assert "以降減少している" in page and page.count("<svg") == 7


@pytest.mark.django_db
def test_demo_moves_by_age_and_place_add_up_to_the_totals(client):
    moves = client.get("/api/v1/areas/992011/moves").json()
    social = {r["year"]: r for r in client.get("/api/v1/areas/992011/social-change").json()}
    for direction in ("moves_in", "moves_out"):
        total = sum(social[year][direction] for year in moves["years"])
        assert sum(r[direction] for r in moves["by_age"]) == total
        assert sum(r[direction] for r in moves["by_place"]) == total
    assert moves["by_age"][4]["age"] == "20-24" and moves["by_age"][4]["net"] < 0


@pytest.mark.django_db
def test_demo_districts_have_names_and_sum_to_the_city(client):
    page = client.get("/areas/992011/stats/").content.decode()
    assert "中央地域" in page and "南部地域" in page
    from sousei.stats.area import district_rows, population_rows

    districts = district_rows("992011")
    assert [d["name"] for d in districts] == ["中央地域", "北部地域", "南部地域"]
    assert sum(d["total"] for d in districts) == population_rows("992011")[-1]["total"]
