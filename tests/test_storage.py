"""Kept files on an S3-compatible bucket: a real S3 server (moto's, on loopback) holds the demo's
uploads and Parquet copies, statistics are read back from it, and a backup of that instance
restores onto another bucket byte for byte."""

import hashlib
import socket
import subprocess
from pathlib import Path

import pytest

from sousei.config import ConfigError, storage_backend
from tests.processes import django_shell, embedded_env, sousei
from tests.test_backup import DUMP

BUCKET = "sousei-test"


def test_no_url_keeps_files_in_the_data_folder():
    backend = storage_backend("")
    assert backend["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert backend["OPTIONS"] == {"allow_overwrite": True}  # a retried job writes the same name


def test_an_s3_url_names_bucket_prefix_endpoint_and_region():
    backend = storage_backend(
        "s3://city-data/sousei/", endpoint_url="https://s3.example.jp", region="ap-northeast-1"
    )
    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    options = backend["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("city-data", "sousei")
    assert options["endpoint_url"] == "https://s3.example.jp"
    assert options["region_name"] == "ap-northeast-1"


@pytest.mark.parametrize("url", ["ftp://host/x", "s3://", "/var/sousei"])
def test_other_storage_urls_are_refused_with_both_languages(url):
    with pytest.raises(ConfigError, match=r"SOUSEI_STORAGE_URL.*バケット"):
        storage_backend(url)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3():
    import boto3
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"AWS_ACCESS_KEY_ID": "sousei", "AWS_SECRET_ACCESS_KEY": "sousei-secret"}
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield (
        client,
        {**credentials, "SOUSEI_S3_ENDPOINT_URL": endpoint, "SOUSEI_S3_REGION": "us-east-1"},
    )
    server.stop()


def objects(client, prefix: str) -> dict[str, str]:
    """Each object under `prefix` (name relative to it) with the sha256 of its bytes."""
    names = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        names += [item["Key"] for item in page.get("Contents", [])]
    return {
        name.removeprefix(prefix): hashlib.sha256(
            client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        ).hexdigest()
        for name in names
    }


def run(data_dir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return sousei(embedded_env(data_dir, **env), *args)


VERSIONS = (
    "from sousei.catalog.models import ResourceVersion as V\n"
    "for v in V.objects.select_related('resource__dataset').order_by('pk'):\n"
    "    print(v.resource.warehouse_id, v.version, v.filename, v.sha256,"
    " int(v.resource.dataset.is_private))"
)
REMAP = (
    "from sousei.stats.models import StatSeries\n"
    "from sousei.stats.services import stats_map_version\n"
    "s = StatSeries.objects.filter(resource_version__isnull=False).order_by('created_at').first()\n"
    "print(sum(x.row_count for x in stats_map_version(actor=None, version=s.resource_version)"
    ".series), s.row_count)"
)


@pytest.fixture(scope="module")
def demo_on_s3(s3, tmp_path_factory):
    client, env = s3
    work = tmp_path_factory.mktemp("s3")
    env_a = {**env, "SOUSEI_STORAGE_URL": f"s3://{BUCKET}/a"}
    made = run(work / "a", env_a, "demo", "--no-serve")
    assert made.returncode == 0, made.stderr
    memo = work / "memo.csv"
    memo.write_text("件名,担当\n予算案,財政課\n", encoding="utf-8")
    private = run(work / "a", env_a, "load", str(memo), "--org", "032093", "--dataset", "memo",
                  "--private")  # fmt: skip
    assert private.returncode == 0, private.stderr
    return client, env, env_a, work


def test_uploads_and_parquet_copies_go_to_the_bucket(demo_on_s3):
    client, _, env_a, work = demo_on_s3
    versions = django_shell(embedded_env(work / "a", **env_a), VERSIONS).split()
    kept = objects(client, "a/")
    rows = list(zip(*[iter(versions)] * 5, strict=True))
    assert len(rows) >= 6
    privates = 0
    for resource_id, version, filename, sha256, private in rows:
        assert kept[f"{resource_id}/v{version}/{filename}"] == sha256
        copy = kept.get(f"parquet/{resource_id}/v{version}.parquet")
        if private == "1":
            assert copy is None  # a private dataset's table never leaves the warehouse
            privates += 1
            continue
        local = work / "a" / "warehouse" / "parquet" / resource_id / f"v{version}.parquet"
        assert copy == hashlib.sha256(local.read_bytes()).hexdigest()
    assert privates == 1
    assert not (work / "a" / "uploads").exists()


def test_statistics_are_read_again_from_the_bucket(demo_on_s3):
    _, _, env_a, work = demo_on_s3
    remapped = run(work / "a", env_a, "manage", "shell", "-v", "0", "-c", REMAP)
    assert remapped.returncode == 0, remapped.stderr
    rows, before = remapped.stdout.split()
    assert int(rows) == int(before) > 0


def test_a_backup_from_one_bucket_restores_onto_another_byte_for_byte(demo_on_s3):
    client, env, env_a, work = demo_on_s3
    made = run(work / "a", env_a, "backup", str(work / "a.tar.gz"))
    assert made.returncode == 0, made.stderr
    env_b = {**env, "SOUSEI_STORAGE_URL": f"s3://{BUCKET}/b"}
    assert run(work / "b", env_b, "init").returncode == 0
    restored = run(work / "b", env_b, "restore", str(work / "a.tar.gz"))
    assert restored.returncode == 0, restored.stderr
    assert objects(client, "b/") == objects(client, "a/")
    assert run(work / "b", env_b, *DUMP).stdout == run(work / "a", env_a, *DUMP).stdout


def test_keeping_a_name_again_replaces_the_file_in_the_folder_store(tmp_path, settings):
    from sousei.storage import keep, local_copy

    settings.MEDIA_ROOT = tmp_path / "store"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("版\n1\n", encoding="utf-8")
    second.write_text("版\n2\n", encoding="utf-8")
    assert keep("r1/v1/人口.csv", first) == keep("r1/v1/人口.csv", second) == "r1/v1/人口.csv"
    with local_copy("r1/v1/人口.csv") as path:
        assert path.read_text(encoding="utf-8") == "版\n2\n"
