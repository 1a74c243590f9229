"""`sousei backup` and `sousei restore` as real subprocesses: the demo restored onto an empty
instance holds the same rows and the same files, byte for byte."""

import hashlib
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.processes import embedded_env
from tests.processes import sousei as run_sousei

DUMP = ["manage", "dumpdata", "--natural-foreign", "--exclude", "contenttypes",
        "--exclude", "auth.permission", "--exclude", "sessions"]  # fmt: skip


def sousei(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_sousei(embedded_env(data_dir), *args)


def checksums(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "write.lock"
    }


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory):
    work = tmp_path_factory.mktemp("backup")
    assert sousei(work / "a", "demo", "--no-serve").returncode == 0
    made = sousei(work / "a", "backup", str(work / "a.tar.gz"))
    assert made.returncode == 0, made.stderr
    return work


def test_the_demo_restores_onto_an_empty_instance_byte_for_byte(demo_backup):
    work = demo_backup
    assert sousei(work / "b", "init").returncode == 0
    restored = sousei(work / "b", "restore", str(work / "a.tar.gz"))
    assert restored.returncode == 0, restored.stderr
    assert "復元しました / restored" in restored.stdout
    assert sousei(work / "b", *DUMP).stdout == sousei(work / "a", *DUMP).stdout
    for name in ("warehouse", "uploads"):
        assert checksums(work / "b" / name) == checksums(work / "a" / name), name
    csv_a = sousei(work / "a", "manage", "shell", "-c", READ_VERSION).stdout
    assert csv_a and csv_a == sousei(work / "b", "manage", "shell", "-c", READ_VERSION).stdout


READ_VERSION = (
    "from sousei.catalog.models import Resource; from sousei.catalog.services import warehouse;"
    "r = Resource.objects.filter(current_version__isnull=False).order_by('name').first();"
    "print(warehouse().search(r.warehouse_id, limit=5).rows)"
)


def test_an_instance_with_data_is_not_overwritten(demo_backup):
    refused = sousei(demo_backup / "a", "restore", str(demo_backup / "a.tar.gz"))
    assert refused.returncode == 1
    assert "already holds data" in refused.stderr


def test_a_tampered_archive_is_refused(demo_backup, tmp_path):
    work = demo_backup
    with tarfile.open(work / "a.tar.gz") as tar:
        tar.extractall(tmp_path, filter="data")
    database = tmp_path / "backup" / "database.json"
    database.write_text(database.read_text(encoding="utf-8").replace("サンプル市", "ニセ市", 1))
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        tar.add(tmp_path / "backup", arcname="backup")
    assert sousei(tmp_path / "c", "init").returncode == 0
    refused = sousei(tmp_path / "c", "restore", str(bad))
    assert refused.returncode == 1
    assert "database.json" in refused.stderr and "checksum" in refused.stderr


@pytest.mark.django_db  # so the PostgreSQL pass of bin/test, which runs django_db tests, has it
def test_the_demo_restores_byte_for_byte_on_postgresql(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL: bin/test runs it in its PostgreSQL pass")
    import psycopg

    base, _, _ = url.rpartition("/")
    names = ["sousei_backup_a", "sousei_backup_b"]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
    try:
        a, b = (
            {"SOUSEI_DATA_DIR": str(tmp_path / n), "DATABASE_URL": f"{base}/{n}"} for n in names
        )

        def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
            return run_sousei({**os.environ, **env}, *args)

        assert run(a, "demo", "--no-serve").returncode == 0
        made = run(a, "backup", str(tmp_path / "pg.tar.gz"))
        assert made.returncode == 0, made.stderr
        assert run(b, "init").returncode == 0
        restored = run(b, "restore", str(tmp_path / "pg.tar.gz"))
        assert restored.returncode == 0, restored.stderr
        assert run(b, *DUMP).stdout == run(a, *DUMP).stdout
        assert checksums(tmp_path / names[1] / "warehouse") == checksums(
            tmp_path / names[0] / "warehouse"
        )
        added = run(b, "manage", "shell", "-c", ADD_ORGANISATION)
        assert added.returncode == 0, added.stderr  # the id sequences moved past the rows
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


ADD_ORGANISATION = (
    "from sousei.orgs.services import organisation_for_area;"
    "print(organisation_for_area(code='032093').pk)"
)
