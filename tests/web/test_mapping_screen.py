"""The mapping screen: staff map a file no layout recognises; errors name row and column."""

from __future__ import annotations

import pytest

from sousei.catalog.services import dataset_publish_file
from sousei.orgs.models import Organisation
from sousei.orgs.services import organisation_for_area, user_create
from sousei.stats.models import StatSeries
from sousei.stats.selectors import stat_table

pytestmark = pytest.mark.django_db
CITY = "992011"


@pytest.fixture
def published(tmp_path):
    path = tmp_path / "地区別人口.csv"
    text = "地区コード,地区名,基準年,人数\n992011-91,旧東村,R2,4718\n992011-92,旧西村,R2,2079\n"
    path.write_bytes(text.encode("cp932"))
    return dataset_publish_file(
        actor=None,
        organisation=Organisation.objects.get(slug=CITY),
        dataset_name="district-population",
        path=path,
        resource_name="districts",
    )


@pytest.fixture
def staff(client):
    user = user_create(
        username="tokei",
        password="x-long-passphrase",
        organisation=Organisation.objects.get(slug=CITY),
    )
    client.force_login(user)
    return user


def _url(load) -> str:
    return f"/datasets/{load.dataset.name}/resources/{load.resource.pk}/statistics/"


FORM = {
    "kind": "population",
    "value": "人数",
    "area": "地区コード",
    "area_name": "地区名",
    "date": "基準年",
    "fixed_sex": "total",
    "source": "juki",
    "vintage": "令和2年",
}


def test_staff_see_the_columns_and_map_them(client, staff, published):
    page = client.get(_url(published)).content.decode()
    assert "地区コード" in page and "形式を自動で認識する" in page
    columns = {c["name"]: c["machine_name"] for c in published.version.report["columns"]}
    form = {k: columns.get(v, v) for k, v in FORM.items()}
    response = client.post(_url(published), form)
    assert response.status_code == 200
    assert "1 表を保存しました。" in response.content.decode()
    districts = stat_table("population", "992011-91")
    assert districts["value"].tolist() == [4718]
    from sousei.areas.selectors import district_names

    assert district_names(["992011-92"]) == {"992011-92": "旧西村"}
    # the form comes back as it was used
    again = client.get(_url(published)).content.decode()
    assert 'value="令和2年"' in again


def test_a_cell_that_does_not_read_is_a_400_naming_row_and_column(client, staff, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("地区コード,基準年,人数\n992011-01,R2,44718\n992011-02,令和何年,10\n".encode())
    load = dataset_publish_file(
        actor=None,
        organisation=Organisation.objects.get(slug=CITY),
        dataset_name="bad-districts",
        path=path,
    )
    columns = {c["name"]: c["machine_name"] for c in load.version.report["columns"]}
    form = {k: columns.get(v, v) for k, v in FORM.items() if k != "area_name"}
    response = client.post(_url(load), form)
    page = response.content.decode()
    assert response.status_code == 400 and "読めなかったセル" in page
    assert "<td>3</td><td>基準年</td>" in page
    assert not StatSeries.objects.filter(resource_version__resource=load.resource).exists()


def test_other_organisations_and_visitors_cannot_map(client, published):
    assert client.get(_url(published)).status_code == 302  # to the login page
    other = user_create(
        username="kurashiki-tokei",
        password="x-long-passphrase",
        organisation=organisation_for_area(code="332020"),
    )
    client.force_login(other)
    assert client.post(_url(published), {"recognise": "1"}).status_code == 403
    assert not StatSeries.objects.filter(resource_version__resource=published.resource).exists()
