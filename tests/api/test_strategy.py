"""`/api/v1/…strategies…`: the issue's oracles through the API, visibility and writes."""

import pytest

from sousei.orgs.services import organisation_for_area, user_create
from sousei.strategy.models import Indicator
from sousei.strategy.services import strategy_import, strategy_publish
from tests.strategy.example import MOVERS, example_plan

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase"


@pytest.fixture
def strategy():
    imported = strategy_import(
        actor=None, organisation=organisation_for_area(code="032093"), plan=example_plan()
    )
    strategy_publish(actor=None, strategy=imported)
    return imported


def test_kpis_of_a_year_with_achievement_and_grade(client, strategy):
    body = client.get(f"/api/v1/strategies/{strategy.pk}/kpis?year=2024").json()
    movers = next(k for k in body["results"] if k["name"] == MOVERS)
    assert movers["actuals"] == {"2023": 80.0, "2024": 120.0}
    assert (movers["actual"], movers["achievement_rate"], movers["expected_rate"]) == (
        200.0,
        40.0,
        40.0,
    )
    assert movers["direction"] == "↑" and movers["aggregation"] == "cumulative"
    assert movers["baseline"] == {"year": 2022, "value": 0.0}
    assert movers["grade"] == "D" and movers["on_track"] is True
    assert sum(body["grade_counts"].values()) == body["count"] == 4


def test_donations_total_105000_thousand_yen(client, strategy):
    body = client.get(f"/api/v1/strategies/{strategy.pk}/donations").json()
    assert body["unit"] == "千円"
    assert body["total"] == 105000
    assert body["by_year"] == {"2022": 105000}
    assert [r["donor"] for r in body["rows"]] == ["株式会社SHOEI", "株式会社パソナ"]


def test_org_lists_only_what_the_caller_may_see(client, strategy):
    listed = client.get("/api/v1/orgs/032093/strategies").json()
    assert [s["id"] for s in listed["results"]] == [strategy.pk]
    strategy_publish(actor=None, strategy=strategy, published=False)
    assert client.get("/api/v1/orgs/032093/strategies").json()["count"] == 0
    assert client.get(f"/api/v1/strategies/{strategy.pk}/donations").status_code == 404
    staff = user_create(username="ed", password=PASSWORD, organisation=strategy.organisation)
    client.force_login(staff)
    assert client.get("/api/v1/orgs/032093/strategies").json()["count"] == 1


def test_staff_enter_an_actual_through_the_api(client, strategy):
    staff = user_create(username="ed", password=PASSWORD, organisation=strategy.organisation)
    kpi = Indicator.objects.get(strategy=strategy, name=MOVERS)
    url = f"/api/v1/strategies/{strategy.pk}/kpis/{kpi.pk}/actuals/2025"
    assert client.put(url, {"value": 100}, content_type="application/json").status_code == 401
    client.force_login(staff)
    body = client.put(url, {"value": 100}, content_type="application/json").json()
    assert body["actual"] == 300.0 and body["achievement_rate"] == 60.0
    assert kpi.changes.filter(field="actual:2025", via="api", user=staff).exists()


def test_unknown_strategy_and_bad_year_are_4xx(client, strategy):
    assert client.get("/api/v1/strategies/999999/kpis").status_code == 404
    assert client.get(f"/api/v1/strategies/{strategy.pk}/kpis?year=abc").status_code == 400
