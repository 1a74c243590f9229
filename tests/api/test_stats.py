"""The statistics API returns the published figures of seed 004 and ranks all municipalities."""

from __future__ import annotations

import json

import pytest

from tests.stats.conftest import imported_stats  # noqa: F401 - module fixture

pytestmark = pytest.mark.django_db


def test_natural_change_reproduces_seed_004(client, imported_stats):  # noqa: F811
    rows = client.get("/api/v1/areas/03209/natural-change").json()
    assert [r["year"] for r in rows] == [2018, 2019, 2020, 2021, 2022]
    assert [r["natural_change"] for r in rows] == [-1327, -1404, -1244, -1416, -1634]


def test_social_change_reproduces_seed_004(client, imported_stats):  # noqa: F811
    rows = client.get("/api/v1/areas/032093/social-change").json()
    assert [r["social_change"] for r in rows] == [-394, -621, -591, -387, -417]
    assert rows[-1] == {"year": 2022, "moves_in": 2513, "moves_out": 2930, "social_change": -417}


def test_findings_in_both_languages(client, imported_stats):  # noqa: F811
    ja = [f["text"] for f in client.get("/api/v1/areas/032093/findings?lang=ja").json()["findings"]]
    assert (
        "出生数は減少傾向、死亡数は増加傾向にあり、自然減が拡大している（H30 −1,327 → R4 −1,634）"
        in ja
    )
    assert "転出超過が続いている（5年連続、計 −2,410）" in ja
    en = client.get("/api/v1/areas/032093/findings?lang=en").json()["findings"]
    streak = next(f for f in en if f["rule"] == "net-migration-streak")
    assert streak["figures"]["total"] == -2410 and "2,410" in streak["text"]


def test_population_structure_from_the_census(client, imported_stats):  # noqa: F811
    (row,) = client.get("/api/v1/areas/032093/population?from=2020&to=2020").json()
    assert row["total"] == 111932 and row["age_65_plus"] == 41306
    assert row["aging_rate"] == 37.1 and row["unknown_age"] == 693


def test_ranking_within_a_prefecture(client, imported_stats):  # noqa: F811
    body = client.get("/api/v1/rankings?indicator=population&prefecture=岩手県").json()
    assert body["count"] == 33
    top = [(r["name"], r["prefecture_rank"]) for r in body["results"][:3]]
    assert top == [("岩手県 盛岡市", 1), ("岩手県 奥州市", 2), ("岩手県 一関市", 3)]


def test_national_ranking_covers_every_municipality(client, imported_stats):  # noqa: F811
    assert client.get("/api/v1/rankings?indicator=population").json()["count"] == 1741
    body = client.get("/api/v1/rankings?indicator=aging_rate").json()
    assert body["count"] == 1740  # 双葉町 had no residents in 2020, so no aging rate
    assert "福島県 双葉町" not in {r["name"] for r in body["results"]}
    assert body["results"][0]["rank"] == 1 and body["results"][0]["percentile"] == 100.0


FUTABA = "075469"  # 双葉町


def _not_json(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON (Python's json module accepts it)")


def test_rates_are_undefined_where_nobody_lives(client, imported_stats):  # noqa: F811
    """双葉町 registered births and moves in a year its census counted no residents."""
    population = client.get("/api/v1/rankings?indicator=population").json()["results"]
    assert FUTABA in {r["area_code"] for r in population}  # ranked where no rate is needed
    for indicator in ("births_per_1000", "natural_change_per_1000", "social_change_per_1000"):
        response = client.get(f"/api/v1/rankings?indicator={indicator}")
        body = json.loads(response.content, parse_constant=_not_json)
        assert body["count"] == 1740
        assert FUTABA not in {r["area_code"] for r in body["results"]}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/rankings?indicator=happiness", 400),
        ("/api/v1/areas/99999/natural-change", 404),
        ("/api/v1/areas/abc/findings", 400),
        ("/api/v1/areas/032093/pyramid?year=1900", 404),
    ],
)
def test_bad_requests_are_4xx(client, imported_stats, url, status):  # noqa: F811
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["error"]["messages"]["en"]
