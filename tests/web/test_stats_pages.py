"""The area dashboard and the ranking page show the same figures as the API, with CSVs."""

from __future__ import annotations

import csv
import io

import pytest

from tests.stats.conftest import imported_stats  # noqa: F401 - module fixture

pytestmark = pytest.mark.django_db


def test_dashboard_shows_seed_004_findings_and_charts(client, imported_stats):  # noqa: F811
    page = client.get("/areas/032093/stats/").content.decode()
    assert "自然減が拡大している（H30 −1,327 → R4 −1,634）" in page
    assert "転出超過が続いている（5年連続、計 −2,410）" in page
    assert page.count('role="img"') >= 2 and "<desc>" in page
    assert "表で見る" in page and "natural-change.csv" in page


def test_dashboard_in_english(client, imported_stats):  # noqa: F811
    page = client.get("/en/areas/032093/stats/").content.decode()
    assert "the natural decrease is widening" in page and "Show as a table" in page


def test_chart_csv_is_the_api_rows(client, imported_stats):  # noqa: F811
    response = client.get("/areas/032093/stats/social-change.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["年", "転入", "転出", "社会増減"]
    assert rows[1:] == [
        [str(r["year"]), str(r["moves_in"]), str(r["moves_out"]), str(r["social_change"])]
        for r in client.get("/api/v1/areas/032093/social-change").json()
    ]


def test_an_area_without_statistics_says_so(client, imported_stats):  # noqa: F811
    page = client.get("/areas/281018/stats/").content.decode()
    assert "この団体の統計はまだ取り込まれていません" in page


def test_ranking_page_lists_the_prefecture_in_order(client, imported_stats):  # noqa: F811
    page = client.get("/rankings/?indicator=population&prefecture=03").content.decode()
    assert page.index("盛岡市") < page.index("奥州市") < page.index("一関市")
    assert "33" in page


@pytest.mark.parametrize(
    "url",
    ["/rankings/?indicator=happiness", "/areas/032093/stats/?year=abc", "/areas/0320/stats/"],
)
def test_bad_parameters_are_400(client, imported_stats, url):  # noqa: F811
    assert client.get(url).status_code == 400


def test_unknown_chart_csv_is_404(client, imported_stats):  # noqa: F811
    assert client.get("/areas/032093/stats/nothing.csv").status_code == 404


def test_region_page_compares_its_members(client, imported_stats):  # noqa: F811
    from sousei.areas.services import region_upsert

    region_upsert(slug="ryoban", name="両磐圏域", member_codes=["032093", "034029"])
    page = client.get("/regions/ryoban/").content.decode()
    assert "構成市町村の比較" in page
    assert "111932 (2020)" in page and "-1634 (2022)" in page and "-417 (2022)" in page


def test_demo_pyramid_shows_the_first_year_as_an_outline(client):
    page = client.get("/areas/993824/stats/").content.decode()
    pyramid = page.split('id="chart-pyramid"', 1)[1].split("</figure>", 1)[0]
    assert 'class="overlay"' in pyramid
    assert "枠線は 1995-01-01 の人口です。" in pyramid


@pytest.mark.parametrize(
    ("overlay", "outline"),
    [("nation", "全国 2020年（総数を合わせて換算）"), ("first", "1995-01-01")],
)
def test_pyramid_outlined_by_the_nation_or_the_first_year(client, overlay, outline):
    page = client.get(f"/areas/992011/stats/?overlay={overlay}").content.decode()
    assert f"枠線は {outline} の人口です。" in page


def test_api_pyramid_overlay_of_the_nation_has_the_areas_total(client):
    found = client.get("/api/v1/areas/992011/pyramid?overlay=nation").json()
    assert found["overlay"] == {"against": "nation", "area_code": "000000", "label": "2020"}
    own = sum(c["male"] + c["female"] for c in found["classes"])
    scaled = sum(c["male_overlay"] + c["female_overlay"] for c in found["classes"])
    assert abs(own - scaled) <= len(found["classes"])  # rounding of each scaled cell
    # the sample prefecture holds no statistics: no overlay, never a made-up one
    assert client.get("/api/v1/areas/992011/pyramid?overlay=prefecture").json()["overlay"] is None


def test_population_change_is_natural_plus_social_for_seed_004(client, imported_stats):  # noqa: F811
    rows = client.get("/api/v1/areas/032093/population-change").json()
    r4 = next(r for r in rows if r["year"] == 2022)
    # seed 004, R4: births 444 − deaths 2,078 = −1,634; moves in 2,513 − out 2,930 = −417
    assert (r4["natural_change"], r4["social_change"], r4["total_change"]) == (-1634, -417, -2051)
    page = client.get("/areas/032093/stats/").content.decode()
    assert 'id="chart-population-change"' in page


def test_pyramid_csv_carries_the_outline_shown(client):
    page = client.get("/areas/992011/stats/?overlay=nation").content.decode()
    assert "pyramid.csv?overlay=nation&amp;year=2025" in page
    text = client.get("/areas/992011/stats/pyramid.csv?overlay=nation&year=2025").content
    header, first, *_ = text.decode("utf-8-sig").splitlines()
    assert header.startswith("年齢,男,女,男 (全国 2020年")
    assert first.split(",")[:3] == ["0-4", "1299", "1240"]


def test_pyramid_csv_is_the_year_on_screen_even_without_an_outline(client):
    import csv
    import io

    from sousei.stats.area import pyramid_view

    page = client.get("/areas/992011/stats/?year=1995&overlay=first").content.decode()
    assert "/areas/992011/stats/pyramid.csv?year=1995" in page
    text = client.get("/areas/992011/stats/pyramid.csv?year=1995").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    expected = pyramid_view("992011", year=1995).classes
    assert [[int(r[1]), int(r[2])] for r in rows] == [[c["male"], c["female"]] for c in expected]
    assert expected != pyramid_view("992011").classes
