"""Shared fixtures: the test database holds the national area master and the demo region."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(name: str) -> Path:
    """A real public file from ../shared/data; its absence fails the test loudly."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.fail(f"real test data missing: {path} (../shared/data must sit beside the repo)")
    return path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the area master and the demo once per session; tests roll back their own changes.

    The warehouse and uploads go to a session temp dir, never to a real instance's data.
    """
    from django.test import override_settings

    from sousei.areas.services import area_master_sync
    from sousei.demo import demo_load

    data_dir = tmp_path_factory.mktemp("data")
    override = override_settings(DATA_DIR=data_dir, MEDIA_ROOT=data_dir / "uploads")
    override.enable()
    with django_db_blocker.unblock():
        area_master_sync()
        demo_load()
    yield
    override.disable()


PRIVATE_DATASET = "internal-memo"
# The demo's public datasets: six in 自治体標準 formats, and one of statistics and one 人口ビジョン
# per municipality; the portal adds statistics-032093 (seed 004's tables).
DEMO_DATASETS = 12
PORTAL_PUBLIC_DATASETS = DEMO_DATASETS + 1
# サンプル市's public datasets: public facilities, population by area and age, statistics, vision.
SAMPLE_CITY_DATASETS = 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> str:
    """The real demo portal (`sousei demo --no-serve`, then `sousei serve` on gunicorn with its
    background worker) on a free loopback port, with a private dataset added; its base URL.
    Always on SQLite."""
    data_dir: Path = tmp_path_factory.mktemp("portal")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SOUSEI_DATA_DIR"] = str(data_dir)
    env["SOUSEI_INLINE_UPLOAD_MB"] = "1"  # browser tests upload both sides of this line
    cmd = [sys.executable, "-m", "sousei"]
    subprocess.run([*cmd, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    secret = data_dir / "secret.csv"
    secret.write_text("項目,値\n内部メモ,42\n", encoding="utf-8")
    subprocess.run(
        [*cmd, "load", str(secret), "--org", "992011", "--dataset", PRIVATE_DATASET, "--private"],
        env=env,
        check=True,
        capture_output=True,
    )
    for name in ("ichinoseki-vital-h30-r4.cp932.csv", "ichinoseki-migration-h30-r4.cp932.csv"):
        stats_file = REPO / "tests" / "stats" / "data" / name
        subprocess.run(
            [*cmd, "stats", "import", str(stats_file), "--area", "03209"],
            env=env,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    log = (data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [*cmd, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError((data_dir / "server.log").read_text()) from None
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(autouse=True)
def _forget_refused_clients():
    """The post throttle remembers refused clients per process; tests start with none."""
    yield
    from sousei.participation.services import forget_refusals

    forget_refusals()
