"""Staff publish through the browser: new datasets, new versions, metadata; bad files are a
4xx that changes nothing; big files go to the background worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sousei.catalog.models import Dataset, Resource
from sousei.jobs.models import Job
from sousei.jobs.worker import run_worker
from sousei.orgs.models import Organisation
from sousei.orgs.services import organisation_for_area, user_create

pytestmark = pytest.mark.django_db

INGEST_DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
DEMO_DATASET = "public-facilities-992011"
POPULATION_CP932 = "地区,人口\n本町,1953\n新町,△394\n".encode("cp932")


@pytest.fixture
def staff(client):
    """An editor of サンプル市 (992011), logged in."""
    user = user_create(
        username="kikaku",
        password="x-long-passphrase",
        organisation=Organisation.objects.get(slug="992011"),
    )
    client.force_login(user)
    return user


def _file(name: str = "人口.csv", content: bytes = POPULATION_CP932) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _new_dataset(client, name="town-population", upload=None, headers=None, **fields):
    data = {
        "organisation": "992011",
        "name": name,
        "title": "地区別人口",
        "description": "**住民基本台帳**<script>alert(1)</script>",
        "tags": "人口、住基, 地区",
        "licence_id": "cc-by-4.0",
        "file": upload or _file(),
        **fields,
    }
    return client.post("/datasets/new/", data, headers=headers or {})


def _current_versions(name: str) -> dict[str, int | None]:
    return dict(Resource.objects.filter(dataset__name=name).values_list("name", "current_version"))


def test_publishing_a_new_dataset_reads_the_cp932_file(client, staff):
    response = _new_dataset(client)
    assert response.status_code == 302
    assert response["Location"] == "/datasets/town-population/"
    dataset = Dataset.objects.get(name="town-population")
    assert dataset.tags == ["人口", "住基", "地区"]
    assert _current_versions("town-population") == {"人口": 1}
    page = client.get("/datasets/town-population/").content.decode()
    assert "<strong>住民基本台帳</strong>" in page and "<script>alert" not in page
    assert "-394" in page and "版 1 を公開しました" in page


def test_a_new_version_goes_to_the_existing_resource(client, staff):
    _new_dataset(client)
    newer = "地区,人口\n本町,2000\n".encode("cp932")
    response = client.post(
        "/datasets/town-population/upload/", {"file": _file(content=newer), "resource_name": "人口"}
    )
    assert response.status_code == 302
    assert _current_versions("town-population") == {"人口": 2}


def test_a_file_not_following_the_declared_standard_is_refused(client, staff):
    before = _current_versions(DEMO_DATASET)
    response = client.post(
        f"/datasets/{DEMO_DATASET}/upload/",
        {"file": _file(), "resource_name": next(iter(before))},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "schema_mismatch"
    assert _current_versions(DEMO_DATASET) == before


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("empty.csv", "empty-file"),
        ("binary-renamed.csv", "binary-file"),
        ("password-protected.xlsx", "password-protected"),
        ("zip-bomb.xlsx", "zip-bomb"),
        ("truncated.xlsx", "corrupt-file"),
        ("html-table.xls", "unsupported-format"),
        ("ragged.csv", "invalid_file"),
    ],
)
def test_a_bad_file_is_a_4xx_and_changes_nothing(client, staff, fixture, code):
    before = _current_versions(DEMO_DATASET)
    content = (INGEST_DATA / fixture).read_bytes()
    response = client.post(
        f"/datasets/{DEMO_DATASET}/upload/",
        {"file": _file(fixture, content), "resource_name": next(iter(before))},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["messages"]["ja"] and error["messages"]["en"]
    assert _current_versions(DEMO_DATASET) == before
    assert not any((Path(_data_dir()) / "incoming").iterdir())


def _data_dir() -> str:
    from django.conf import settings

    return settings.DATA_DIR


def test_a_ragged_file_names_the_row_on_the_page(client, staff):
    content = (INGEST_DATA / "ragged.csv").read_bytes()
    response = _new_dataset(client, name="ragged-data", upload=_file("ragged.csv", content))
    assert response.status_code == 400
    page = response.content.decode()
    assert "ファイルで見つかった問題" in page and "行目" in page
    assert not Dataset.objects.filter(name="ragged-data").exists()


def test_a_file_over_the_limit_is_413(client, staff):
    with override_settings(SOUSEI_MAX_UPLOAD_BYTES=10):
        response = _new_dataset(client, name="too-big", headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert not Dataset.objects.filter(name="too-big").exists()


def test_a_taken_or_reserved_name_is_refused_before_reading(client, staff):
    for name in (DEMO_DATASET, "new"):
        response = _new_dataset(client, name=name)
        assert response.status_code == 400
    assert Job.objects.count() == 0


def test_big_files_are_read_by_the_worker(client, staff):
    with override_settings(SOUSEI_INLINE_UPLOAD_BYTES=0):
        response = _new_dataset(
            client, name="background-load", headers={"Accept": "application/json"}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "queued" and body["redirect"] == f"/jobs/{body['job']}/"
    assert "処理の順番を待っています" in client.get(body["redirect"]).content.decode()
    assert run_worker(once=True) == 1
    job = client.get(f"/api/v1/jobs/{body['job']}").json()
    assert job["status"] == "succeeded" and job["result"]["row_count"] == 2
    assert "データセットを開く" in client.get(body["redirect"]).content.decode()
    assert _current_versions("background-load") == {"人口": 1}


def test_a_background_failure_is_shown_on_the_job_page(client, staff):
    content = (INGEST_DATA / "binary-renamed.csv").read_bytes()
    with override_settings(SOUSEI_INLINE_UPLOAD_BYTES=0):
        response = _new_dataset(client, name="bad-background", upload=_file("x.csv", content))
    run_worker(once=True)
    page = client.get(response["Location"]).content.decode()
    assert "失敗しました" in page and "何も変更していません" in page
    assert not Dataset.objects.filter(name="bad-background").exists()


def test_staff_of_another_organisation_cannot_upload_or_edit(client):
    other = user_create(
        username="kurashiki",
        password="x-long-passphrase",
        organisation=organisation_for_area(code="332020"),
    )
    client.force_login(other)
    before = _current_versions(DEMO_DATASET)
    assert client.post(f"/datasets/{DEMO_DATASET}/upload/", {"file": _file()}).status_code == 403
    assert client.post(f"/datasets/{DEMO_DATASET}/edit/", {"title": "x"}).status_code == 403
    response = _new_dataset(client, name="hijack")
    assert response.status_code == 400  # 992011 is not among their organisations
    assert _current_versions(DEMO_DATASET) == before
    assert Dataset.objects.get(name=DEMO_DATASET).title != "x"


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/datasets/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_editing_metadata(client, staff):
    response = client.post(
        f"/datasets/{DEMO_DATASET}/edit/",
        {
            "title": "公共施設一覧（改訂）",
            "description": "説明",
            "tags": "施設,公共施設",
            "licence_id": "cc-zero",
            "update_frequency": "annual",
            "spatial": "99201, 993417",
            "temporal_start": "2024-04-01",
            "temporal_end": "2025-03-31",
            "contact": "サンプル市 政策企画課",
        },
    )
    assert response.status_code == 302
    dataset = Dataset.objects.get(name=DEMO_DATASET)
    assert dataset.licence_id == "cc-zero" and dataset.spatial == ["992011", "993417"]
    page = client.get(f"/datasets/{DEMO_DATASET}/").content.decode()
    assert "毎年" in page and "サンプル東町" in page and "政策企画課" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("spatial", "12345"), ("temporal_end", "2020-01-01"), ("licence_id", "gpl")],
)
def test_bad_metadata_is_a_400_and_saves_nothing(client, staff, field, value):
    data = {
        "title": "変更後",
        "licence_id": "cc-by-4.0",
        "temporal_start": "2024-04-01",
        field: value,
    }
    response = client.post(f"/datasets/{DEMO_DATASET}/edit/", data)
    assert response.status_code == 400
    assert Dataset.objects.get(name=DEMO_DATASET).title != "変更後"
