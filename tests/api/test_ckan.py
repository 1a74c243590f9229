"""CKAN Action API compatibility, checked with the real `ckanapi` client over HTTP."""

import ckanapi
import pytest

from tests.conftest import PORTAL_PUBLIC_DATASETS, PRIVATE_DATASET, SAMPLE_CITY_DATASETS

SAMPLE_CITY = "992011"


@pytest.fixture(scope="module")
def ckan(portal):
    return ckanapi.RemoteCKAN(portal, user_agent="sousei-tests/1.0")


def test_package_list_shows_public_datasets_only(ckan):
    names = ckan.action.package_list()
    assert f"public-facilities-{SAMPLE_CITY}" in names
    assert f"population-by-area-age-{SAMPLE_CITY}" in names
    assert PRIVATE_DATASET not in names
    assert names == sorted(names)


def test_package_show_has_ckan_shape_and_resources(ckan):
    package = ckan.action.package_show(id=f"public-facilities-{SAMPLE_CITY}")
    assert package["name"] == f"public-facilities-{SAMPLE_CITY}"
    assert package["organization"]["name"] == SAMPLE_CITY
    assert package["license_id"] == "cc-by-4.0"
    assert package["num_resources"] == 1
    resource = package["resources"][0]
    assert resource["datastore_active"] is True
    assert resource["version"] == 2
    for key in ("id", "title", "notes", "metadata_modified", "tags", "private", "state"):
        assert key in package


def test_package_search_counts_pages_and_facets(ckan):
    everything = ckan.action.package_search(rows=2, start=0)
    assert everything["count"] == PORTAL_PUBLIC_DATASETS
    assert len(everything["results"]) == 2
    second = ckan.action.package_search(rows=2, start=2)
    assert {r["name"] for r in second["results"]}.isdisjoint(
        r["name"] for r in everything["results"]
    )
    faceted = ckan.action.package_search(
        fq=f"organization:{SAMPLE_CITY}", **{"facet.field": ["tags", "organization"]}
    )
    assert faceted["count"] == SAMPLE_CITY_DATASETS
    assert faceted["search_facets"]["organization"]["items"][0]["count"] == SAMPLE_CITY_DATASETS
    assert ckan.action.package_search(q="internal-memo")["count"] == 0


def test_missing_and_private_datasets_are_the_same_not_found(ckan):
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=PRIVATE_DATASET)


def test_organization_list_and_show(ckan):
    assert SAMPLE_CITY in ckan.action.organization_list()
    org = ckan.action.organization_show(id=SAMPLE_CITY, include_datasets=True)
    assert org["title"] == "サンプル市"
    assert len(org["packages"]) == SAMPLE_CITY_DATASETS


def test_datastore_search_filters_sorts_and_pages(ckan):
    package = ckan.action.package_show(id=f"public-facilities-{SAMPLE_CITY}")
    resource_id = package["resources"][0]["id"]
    assert ckan.action.resource_show(id=resource_id)["id"] == resource_id
    first = ckan.action.datastore_search(resource_id=resource_id, limit=3)
    assert first["total"] == 7  # version 2 has one facility more than version 1
    assert first["fields"][0]["id"] == "_id"
    assert len(first["records"]) == 3
    labels = {f["info"]["label"] for f in first["fields"] if "info" in f}
    assert "全国地方公共団体コード" in labels
    code_field = next(
        f["id"]
        for f in first["fields"]
        if f.get("info", {}).get("label") == "全国地方公共団体コード"
    )
    assert {r[code_field] for r in first["records"]} == {SAMPLE_CITY}
    rest = ckan.action.datastore_search(resource_id=resource_id, limit=3, offset=3)
    assert {r["_id"] for r in rest["records"]}.isdisjoint(r["_id"] for r in first["records"])
    ordered = ckan.action.datastore_search(resource_id=resource_id, sort="_id desc", limit=1)
    assert ordered["records"][0]["_id"] == 7
    kind_field = next(f["id"] for f in first["fields"] if f.get("info", {}).get("label") == "種別")
    filtered = ckan.action.datastore_search(resource_id=resource_id, filters={kind_field: "図書館"})
    assert filtered["total"] >= 1
    assert {r[kind_field] for r in filtered["records"]} == {"図書館"}


def test_datastore_search_on_an_unknown_column_is_a_validation_error(ckan):
    package = ckan.action.package_show(id=f"public-facilities-{SAMPLE_CITY}")
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.datastore_search(
            resource_id=package["resources"][0]["id"], filters={"no_such_column": 1}
        )


def test_unknown_action_is_a_ckan_error(portal):
    import requests

    response = requests.get(f"{portal}/api/3/action/no_such_action", timeout=10)
    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False
    assert body["error"]["__type"] == "Not Found Error"


def test_package_list_pages_with_limit_and_offset(ckan):
    names = ckan.action.package_list()
    assert ckan.action.package_list(limit=2, offset=1) == names[1:3]
    with pytest.raises(ckanapi.ValidationError):
        ckan.action.package_list(limit="many")
