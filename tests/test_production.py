"""Production shape, as real processes: `sousei serve` with two web worker processes behind one
address and two `sousei worker` processes publish six uploads into one warehouse while three
reader processes query it over HTTP. DuckDB's one-writer rule holds (versions 1–7, none lost,
none half-made) and every answer is one whole version. On PostgreSQL in bin/test's second pass."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import django_shell
from tests.processes import sousei_ok as run

UPLOADS = 6

READER = r"""
import json, os, sys, time, urllib.request
url, stop = sys.argv[1], sys.argv[2]
seen, errors, reads = set(), [], 0
end = time.monotonic() + 300
while not os.path.exists(stop) and time.monotonic() < end:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            result = json.load(answer)["result"]
    except Exception as exc:
        errors.append(repr(exc)[:200])
        continue
    reads += 1
    edition = next(f["id"] for f in result["fields"] if f.get("info", {}).get("label") == "版")
    editions = {row[edition] for row in result["records"]}
    if len(editions) != 1 or result["total"] != 1000 * editions.pop():
        errors.append(f"mixed versions: total {result['total']}, editions {editions}")
    seen.add(result["total"])
print(json.dumps({"reads": reads, "errors": errors, "totals": sorted(seen)}))
"""

ENQUEUE = """
import shutil, uuid
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from sousei.catalog.tasks import PUBLISH_FILE
from sousei.jobs.services import job_enqueue
from sousei.orgs.models import Organisation
staff = get_user_model().objects.get(username="loader")
ids = []
for edition in range(2, {last} + 1):
    folder = Path(settings.DATA_DIR) / "incoming" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    shutil.copy(f"{folder_in}/e{{edition}}/facilities.csv", folder / "facilities.csv")
    job = job_enqueue(PUBLISH_FILE, {{"path": str(folder / "facilities.csv"),
        "actor_id": staff.pk, "options": {{"dataset_name": "facilities",
        "filename": "facilities.csv"}}}}, actor=staff,
        organisation=Organisation.objects.get(area_id="032093"))
    ids.append(str(job.pk))
print(" ".join(ids))
"""

STATE = """
import json
from sousei.catalog.models import Resource
from sousei.catalog.services import warehouse
from sousei.jobs.models import Job
r = Resource.objects.get(dataset__name="facilities")
print(json.dumps({"resource": str(r.id), "current": r.current_version,
    "versions": [[v.version, v.row_count] for v in warehouse().versions(r.warehouse_id)],
    "jobs": sorted(Job.objects.values_list("status", flat=True))}))
"""


def edition_csv(path: Path, edition: int) -> Path:
    """Edition k has 1000·k rows, each carrying k, so a reader can tell versions apart."""
    rows = [f"{edition},施設{i:05d},03209{i % 10}" for i in range(1000 * edition)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("版,名称,地域コード\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def environment(tmp_path):
    """SQLite in the first pass of bin/test; a database of its own on the PostgreSQL server in
    the second."""
    env = {**os.environ, "SOUSEI_DATA_DIR": str(tmp_path / "data")}
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    base = url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS sousei_production")
        admin.execute("CREATE DATABASE sousei_production")
    yield {**env, "DATABASE_URL": f"{base}/sousei_production"}
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS sousei_production WITH (FORCE)")


def _wait_until_serving(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server never answered")


@pytest.mark.django_db  # so the PostgreSQL pass of bin/test, which runs django_db tests, has it
def test_uploads_through_two_workers_while_readers_query_two_web_workers(environment, tmp_path):
    env = environment
    run(env, "init")
    run(env, "createuser", "loader", "--org", "032093", "--password-stdin", stdin="pw-12345678\n")
    first = edition_csv(tmp_path / "e1" / "facilities.csv", 1)
    run(env, "load", str(first), "--org", "032093", "--dataset", "facilities")
    for edition in range(2, UPLOADS + 2):
        edition_csv(tmp_path / f"e{edition}" / "facilities.csv", edition)
    resource = json.loads(django_shell(env, STATE))["resource"]

    stop = tmp_path / "stop-reading"
    port = _port()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "sousei", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_serving(f"{base}/api/3/action/package_list", processes[0])
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "sousei", "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        query = f"{base}/api/3/action/datastore_search?resource_id={resource}&limit=5&sort=c2+desc"
        readers = [
            subprocess.Popen(
                [sys.executable, "-c", READER, query, str(stop)], stdout=subprocess.PIPE, text=True
            )
            for _ in range(3)
        ]
        code = ENQUEUE.format(last=UPLOADS + 1, folder_in=tmp_path)
        jobs = django_shell(env, code).split()
        assert len(jobs) == UPLOADS
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            state = json.loads(django_shell(env, STATE))
            if "queued" not in state["jobs"] and "running" not in state["jobs"]:
                break
            time.sleep(1)
        time.sleep(2)  # readers see the last version too
        stop.touch()  # the readers ran for as long as the uploads did, however slow the machine
        reports = [json.loads(reader.communicate(timeout=120)[0]) for reader in readers]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)

    assert state["jobs"] == ["succeeded"] * UPLOADS
    assert [version for version, _ in state["versions"]] == list(range(1, UPLOADS + 2))
    assert sorted(rows for _, rows in state["versions"]) == [
        1000 * k for k in range(1, UPLOADS + 2)
    ]
    assert state["current"] == UPLOADS + 1
    for report in reports:
        assert report["errors"] == [] and report["reads"] > 10, report
    assert len(set().union(*(r["totals"] for r in reports))) >= 2  # reads saw versions change
    leftovers = list((Path(env["SOUSEI_DATA_DIR"]) / "warehouse").rglob(".*"))
    assert leftovers == []
