import pytest

from tests.oracles import AREA_ORACLES

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


@pytest.mark.parametrize(("code", "name", "prefecture", "kind", "parent"), AREA_ORACLES)
def test_area_oracles(client, code, name, prefecture, kind, parent):
    status, body = get(client, f"/api/v1/areas/{code}")
    assert status == 200
    assert {k: body[k] for k in ("code", "name", "prefecture", "kind", "parent")} == {
        "code": code,
        "name": name,
        "prefecture": prefecture,
        "kind": kind,
        "parent": parent,
    }
    assert body["kana"]


def test_five_digit_code_is_completed(client):
    status, body = get(client, "/api/v1/areas/03209")
    assert status == 200
    assert body["code"] == "032093"


def test_wrong_check_digit_is_400_in_japanese_and_english(client):
    status, body = get(client, "/api/v1/areas/032094")
    assert status == 400
    error = body["error"]
    assert error["code"] == "invalid_area_code"
    assert "032093" in error["messages"]["ja"]
    assert "032093" in error["messages"]["en"]
    assert error["message"] == error["messages"]["ja"]


def test_english_message_on_request(client):
    _, body = get(client, "/api/v1/areas/032094?lang=en")
    assert body["error"]["message"] == body["error"]["messages"]["en"]
    _, body = get(client, "/api/v1/areas/032094", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert body["error"]["message"] == body["error"]["messages"]["en"]


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [
        ("03299", 404, "area_not_found"),  # valid check digit once completed, no such town
        ("032999", 404, "area_not_found"),
        ("999999", 400, "invalid_area_code"),  # the check digit of 99999 is 7
    ],
)
def test_unknown_and_invalid_codes(client, code, status, error):
    got, body = get(client, f"/api/v1/areas/{code}")
    assert got == status
    assert body["error"]["status"] == status
    assert body["error"]["code"] == error


@pytest.mark.parametrize("code", ["abc", "1", "0320931", "０３２０９３x", "%E2%80%8B"])
def test_malformed_codes_are_400(client, code):
    status, body = get(client, f"/api/v1/areas/{code}")
    assert status == 400
    assert body["error"]["messages"]["en"]


def test_municipality_count_is_1741(client):
    status, body = get(client, "/api/v1/areas?kind=municipality")
    assert status == 200
    assert body["count"] == 1741
    assert len(body["results"]) == 1741
    kinds = {r["kind"] for r in body["results"]}
    assert kinds == {"designated_city", "city", "town", "village", "special_ward"}


def test_prefecture_and_query_filters(client):
    _, body = get(client, "/api/v1/areas?prefecture=岩手県&kind=municipality")
    assert body["count"] == 33
    _, body = get(client, "/api/v1/areas?q=倉敷")
    assert [r["code"] for r in body["results"]] == ["332020"]


def test_paging_keeps_the_total_count(client):
    _, body = get(client, "/api/v1/areas?kind=prefecture&limit=10&offset=40")
    assert body["count"] == 47
    assert [r["code"][:2] for r in body["results"]] == [str(n) for n in range(41, 48)]


@pytest.mark.parametrize(
    "query",
    [
        "kind=metropolis",
        "prefecture=ムー大陸",
        "limit=0",
        "limit=abc",
        "offset=-1",
        "include_sample=perhaps",
        "q=" + "x" * 500,
    ],
)
def test_bad_filters_are_400_with_the_error_shape(client, query):
    status, body = get(client, f"/api/v1/areas?{query}")
    assert status == 400
    assert set(body["error"]) >= {"status", "code", "message", "messages"}
    assert set(body["error"]["messages"]) == {"ja", "en"}


def test_children_of_a_designated_city_are_its_wards(client):
    _, body = get(client, "/api/v1/areas/01100/children")
    assert body["count"] == 10
    assert body["results"][0]["name"] == "札幌市中央区"


def test_regions_and_organisations(client):
    _, body = get(client, "/api/v1/regions")
    sample = next(r for r in body["results"] if r["slug"] == "sample-region")
    assert sample["name"] == "サンプル圏域"
    assert len(sample["members"]) == 3
    status, body = get(client, "/api/v1/regions/no-such-region")
    assert status == 404
    _, body = get(client, "/api/v1/orgs")
    assert body["count"] >= 4
    status, _ = get(client, "/api/v1/orgs/no-such-org")
    assert status == 404
