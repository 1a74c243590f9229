"""A `sousei worker` killed with SIGKILL in the middle of a job, as real processes: the job is
retried by another worker and its data is whole, or — at its last attempt — failed with a
message in both languages. Nothing half-made is left behind."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import django_shell, embedded_env, sousei_ok

STALE_SECONDS = "2"


def _env(data_dir: Path) -> dict[str, str]:
    return embedded_env(data_dir, SOUSEI_JOB_STALE_SECONDS=STALE_SECONDS)


def sousei(data_dir: Path, *args: str) -> str:
    return sousei_ok(_env(data_dir), *args)


def shell(data_dir: Path, code: str) -> str:
    return django_shell(_env(data_dir), code)


def start_worker(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sousei", "worker"],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def job_row(data_dir: Path, job_id: str) -> dict:
    with sqlite3.connect(data_dir / "sousei.sqlite3", timeout=10) as db:
        db.row_factory = sqlite3.Row
        row = db.execute(
            "SELECT status, attempts, progress_done, result, error FROM jobs_job WHERE id = ?",
            (job_id.replace("-", ""),),
        ).fetchone()
    return dict(row)


def wait_for(data_dir: Path, job_id: str, ready, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = job_row(data_dir, job_id)
        if ready(row):
            return row
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} never got there: {row}")


def kill_while_running(data_dir: Path, job_id: str, started) -> subprocess.Popen:
    """Start a worker and SIGKILL it once `started(row)` holds for the job."""
    worker = start_worker(data_dir)
    try:
        wait_for(data_dir, job_id, started)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    return worker


def finish_with_a_new_worker(data_dir: Path, job_id: str) -> dict:
    worker = start_worker(data_dir)
    try:
        return wait_for(data_dir, job_id, lambda r: r["status"] in ("succeeded", "failed"))
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.fixture(scope="module")
def instance(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("faults")
    sousei(data_dir, "demo", "--no-serve")
    return data_dir


def big_csv(path: Path, rows: int) -> Path:
    lines = ["地域コード,年月,人口,世帯数"]
    lines += [
        f"{i % 1741:06d},2024-{1 + i % 12:02d},{1000 + i},{400 + i % 97}" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="cp932")
    return path


ENQUEUE_UPLOAD = """
import shutil, uuid
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from sousei.catalog.tasks import PUBLISH_FILE
from sousei.jobs.services import job_enqueue
from sousei.orgs.models import Organisation
staff = get_user_model().objects.get(username="demo-staff")
folder = Path(settings.DATA_DIR) / "incoming" / uuid.uuid4().hex
folder.mkdir(parents=True)
path = folder / "population.csv"
shutil.copy("{source}", path)
job = job_enqueue(PUBLISH_FILE, {{"path": str(path), "actor_id": staff.pk,
    "options": {{"dataset_name": "{name}", "filename": "population.csv"}}}},
    actor=staff, organisation=Organisation.objects.get(area_id="{area}"),
    max_attempts={attempts})
print(job.pk)
"""

VERSIONS = """
from sousei.catalog.models import Resource
from sousei.catalog.services import warehouse
r = Resource.objects.filter(dataset__name="{name}").first()
print([] if r is None else [(v.version, v.row_count) for v in warehouse().versions(r.warehouse_id)])
"""


def _demo_organisation(data_dir: Path) -> str:
    return shell(
        data_dir,
        "from django.contrib.auth import get_user_model;"
        "print(get_user_model().objects.get(username='demo-staff').memberships.first()"
        ".organisation.area_id)",
    )


def test_an_ingest_killed_midway_is_retried_and_published_whole(instance, tmp_path):
    source = big_csv(tmp_path / "population.csv", 400_000)
    area = _demo_organisation(instance)
    job_id = shell(
        instance,
        ENQUEUE_UPLOAD.format(source=source, name="killed-load", area=area, attempts=3),
    )
    kill_while_running(instance, job_id, lambda r: r["status"] == "running" and r["progress_done"])
    assert job_row(instance, job_id)["status"] == "running"  # killed before it ended
    assert shell(instance, VERSIONS.format(name="killed-load")) == "[]"

    done = finish_with_a_new_worker(instance, job_id)
    assert (done["status"], done["attempts"]) == ("succeeded", 2)
    assert json.loads(done["result"])["row_count"] == 400_000
    assert shell(instance, VERSIONS.format(name="killed-load")) == "[(1, 400000)]"
    resource_dirs = list((instance / "warehouse" / "parquet").glob("*/v1.parquet"))
    leftovers = [p for p in (instance / "warehouse").rglob("*") if p.name.startswith(".")]
    assert resource_dirs and not leftovers
    assert not list((instance / "incoming").iterdir())


def test_a_job_killed_at_its_last_attempt_fails_with_a_message(instance, tmp_path):
    source = big_csv(tmp_path / "population.csv", 400_000)
    area = _demo_organisation(instance)
    job_id = shell(
        instance, ENQUEUE_UPLOAD.format(source=source, name="given-up", area=area, attempts=1)
    )
    kill_while_running(instance, job_id, lambda r: r["status"] == "running" and r["progress_done"])
    done = finish_with_a_new_worker(instance, job_id)
    error = json.loads(done["error"])
    assert (done["status"], error["code"]) == ("failed", "worker_lost")
    assert (
        "ワーカーが停止" in error["messages"]["ja"] and "worker stopped" in error["messages"]["en"]
    )
    assert shell(instance, VERSIONS.format(name="given-up")) == "[]"


ENQUEUE_REPORT = """
from django.contrib.auth import get_user_model
from sousei.jobs.services import job_enqueue
from sousei.strategy.models import Strategy
from sousei.strategy.tasks import PUBLISH_REPORT
staff = get_user_model().objects.get(username="demo-staff")
strategy = Strategy.objects.get(organisation__memberships__user=staff)
job = job_enqueue(PUBLISH_REPORT, {"actor_id": staff.pk, "strategy_id": strategy.pk,
    "year": 2023}, actor=staff, organisation=strategy.organisation)
print(job.pk)
"""

REPORTS = """
from sousei.storage import file_store
from sousei.strategy.models import Report
for r in Report.objects.filter(fiscal_year=2023):
    print(r.pk, file_store().exists(r.files["xlsx"]))
"""


def test_a_report_killed_midway_is_published_once(instance):
    """The kill has to land between the claim and the end of a job that lasts under a second:
    a try where the job had already ended is not a kill midway, and is tried again."""
    for _ in range(5):
        job_id = shell(instance, ENQUEUE_REPORT)
        kill_while_running(instance, job_id, lambda r: r["status"] != "queued")
        if job_row(instance, job_id)["status"] == "running":
            break
        shell(instance, "from sousei.strategy.models import Report; Report.objects.all().delete()")
    else:
        pytest.fail("the worker always finished the report before it could be killed")
    done = finish_with_a_new_worker(instance, job_id)
    assert (done["status"], done["attempts"]) == ("succeeded", 2)
    report_id = json.loads(done["result"])["report"]
    assert shell(instance, REPORTS) == f"{report_id} True"  # one report, however late the kill
