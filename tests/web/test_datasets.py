"""Dataset pages and downloads; private datasets invisible through every door."""

import csv
import io
import json

import openpyxl
import pyarrow.parquet as pq
import pytest

from sousei.catalog.services import dataset_load_file
from sousei.orgs.services import organisation_for_area, user_create
from tests.conftest import DEMO_DATASETS, SAMPLE_CITY_DATASETS

pytestmark = pytest.mark.django_db

PUBLIC = "public-facilities-992011"
SECRET_TEXT = "内部メモ"


@pytest.fixture
def private_dataset(tmp_path):
    source = tmp_path / "memo.csv"
    source.write_text(f'項目,値\n{SECRET_TEXT},42\n=HYPERLINK("http://evil"),1\n', encoding="utf-8")
    return dataset_load_file(
        actor=None, org_code="332020", dataset_name="kurashiki-memo", path=source, private=True
    )


def _resource_id(client, name=PUBLIC):
    body = client.get(f"/api/3/action/package_show?id={name}").json()
    return body["result"]["resources"][0]["id"]


def test_dataset_list_and_facets(client):
    html = client.get("/datasets/").content.decode()
    assert "サンプル市 公共施設一覧" in html
    filtered = client.get("/datasets/?organization=992011").content.decode()
    assert "サンプル東町" not in filtered.split("<main", 1)[1].split("</aside>", 1)[1]


def test_dataset_page_shows_preview_report_and_versions(client):
    html = client.get(f"/datasets/{PUBLIC}/").content.decode()
    assert "全国地方公共団体コード" in html
    assert "v2" in html and "v1" in html
    assert "public-facilities" in html


def test_preview_sorts_and_filters(client):
    html = client.get(f"/datasets/{PUBLIC}/?q=図書館").content.decode()
    assert "図書館" in html
    assert client.get(f"/datasets/{PUBLIC}/?sort=nonsense&desc=1").status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "csv-cp932", "json", "parquet", "xlsx"])
def test_downloads_in_every_format(client, fmt):
    resource_id = _resource_id(client)
    response = client.get(f"/datasets/{PUBLIC}/resources/{resource_id}/download/{fmt}/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 8
    elif fmt == "csv-cp932":
        assert "全国地方公共団体コード" in data.decode("cp932")
    elif fmt == "json":
        assert len(json.loads(data)) == 7
    elif fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == 7
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet.max_row == 8


def test_older_versions_stay_downloadable(client):
    resource_id = _resource_id(client)
    response = client.get(f"/datasets/{PUBLIC}/resources/{resource_id}/download/json/?version=1")
    assert len(json.loads(b"".join(response.streaming_content))) == 6


def test_exports_neutralise_formulas(client, private_dataset):
    client.force_login(user_create(username="root", password="x-long-passphrase", superuser=True))
    resource_id = str(private_dataset.resource.id)
    response = client.get(f"/datasets/kurashiki-memo/resources/{resource_id}/download/csv/")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def _doors(client, resource_id):
    return {
        "page": client.get("/datasets/kurashiki-memo/"),
        "list": client.get("/datasets/?q=kurashiki"),
        "home": client.get("/"),
        "org": client.get("/orgs/332020/"),
        "download": client.get(f"/datasets/kurashiki-memo/resources/{resource_id}/download/csv/"),
        "package_list": client.get("/api/3/action/package_list"),
        "package_search": client.get("/api/3/action/package_search?q=kurashiki"),
        "package_show": client.get("/api/3/action/package_show?id=kurashiki-memo"),
        "resource_show": client.get(f"/api/3/action/resource_show?id={resource_id}"),
        "datastore": client.get(f"/api/3/action/datastore_search?resource_id={resource_id}"),
        "org_show": client.get("/api/3/action/organization_show?id=332020&include_datasets=true"),
        "dcat": client.get("/catalog.ttl"),
        "datapackage": client.get("/datasets/kurashiki-memo/datapackage.json"),
    }


# Doors that take the dataset's name or resource id in the request: they answer 404, the
# same as for a name that does not exist; every other door must not mention it at all.
ADDRESSED_DIRECTLY = {
    "page",
    "download",
    "package_show",
    "resource_show",
    "datastore",
    "datapackage",
}


def _text(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_private_dataset_is_invisible_to_visitors_and_other_staff(client, private_dataset):
    resource_id = str(private_dataset.resource.id)
    other = user_create(
        username="ichinoseki",
        password="x-long-passphrase",
        organisation=organisation_for_area(code="032093"),
        role="admin",
    )
    for who in (None, other):
        if who:
            client.force_login(who)
        for door, response in _doors(client, resource_id).items():
            body = _text(response)
            assert SECRET_TEXT not in body, door
            if door in ADDRESSED_DIRECTLY:
                assert response.status_code == 404, door
            else:
                assert "kurashiki-memo" not in body, door


def test_members_see_their_private_dataset(client, private_dataset):
    member = user_create(
        username="kurashiki",
        password="x-long-passphrase",
        organisation=organisation_for_area(code="332020"),
        role="viewer",
    )
    client.force_login(member)
    assert client.get("/datasets/kurashiki-memo/").status_code == 200
    body = client.get("/api/3/action/package_show?id=kurashiki-memo").json()
    assert body["result"]["private"] is True
    assert "kurashiki-memo" not in client.get("/catalog.ttl").content.decode()


def test_facets_show_publisher_names_and_licence_titles(client):
    html = client.get("/datasets/").content.decode()
    facets = html.split('class="facets"', 1)[1].split("</aside>", 1)[0]
    assert f"サンプル市</a> ({SAMPLE_CITY_DATASETS})" in facets
    assert f"クリエイティブ・コモンズ 表示 4.0 国際</a> ({DEMO_DATASETS})" in facets
    english = client.get("/en/datasets/").content.decode()
    assert f"Creative Commons Attribution 4.0</a> ({DEMO_DATASETS})" in english


@pytest.mark.parametrize("url", ["/", "/datasets/", "/api/3/action/package_search?rows=1000"])
def test_listing_datasets_costs_the_same_queries_however_many_there_are(
    client, django_assert_max_num_queries, url
):
    from sousei.catalog.models import Dataset

    assert Dataset.objects.count() >= 12  # two queries each would be 24 or more
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
