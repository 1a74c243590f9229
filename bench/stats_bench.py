"""Statistics benchmark: the area dashboard and the national ranking with all 1,741
municipalities loaded (SSDSE-A), server-side render time, beside the same figures computed
naively in pandas from the file.

Runs in one process on a throwaway instance: `sousei init`, `sousei stats import` of SSDSE-A,
then Django's test client renders pages in-process (no network in the measurement).

    .venv/bin/python bench/stats_bench.py [--requests 200] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SSDSE = HERE.parent.parent / "shared" / "data" / "ssdse-a-2025.cp932.csv"
VENV_BIN = Path(sys.executable).parent


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(call, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def _setup(work: Path) -> None:
    env = {**os.environ, "SOUSEI_DATA_DIR": str(work)}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(VENV_BIN / "sousei"), "init"], env=env, check=True, capture_output=True)
    subprocess.run(
        [
            str(VENV_BIN / "sousei"),
            "stats",
            "import",
            str(SSDSE),
            "--area",
            "032093",
            "--dataset",
            "ssdse-a-2025",
        ],
        env=env,
        check=True,
        capture_output=True,
    )


def _pandas_naive(codes: list[str], count: int) -> tuple[list[float], list[float]]:
    """What a data scientist would write: read the file, compute the figures, each time."""
    import pandas as pd

    def frame() -> pd.DataFrame:
        data = pd.read_csv(SSDSE, encoding="cp932", skiprows=[1, 2], dtype={"SSDSE-A-2025": str})
        return data.rename(columns={data.columns[0]: "code"})

    def dashboard() -> None:
        data = frame()
        row = data[data["code"] == "R" + random.choice(codes)[:5]].iloc[0]
        known = row["A1301"] + row["A1302"] + row["A1303"]
        _ = (row["A4101"] - row["A4200"], row["A5101"] - row["A5102"], row["A1303"] / known)

    def ranking() -> None:
        data = frame()
        aging = data["A1303"] / (data["A1301"] + data["A1302"] + data["A1303"])
        data.assign(aging=aging).sort_values("aging", ascending=False)["aging"].rank()

    return _timed(dashboard, count), _timed(ranking, max(10, count // 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sousei-stats-bench-"))
    _setup(work)
    os.environ["SOUSEI_DATA_DIR"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sousei.settings")
    import django

    django.setup()
    from django.test import Client

    from sousei.stats.models import StatValue

    codes = sorted(
        set(StatValue.objects.exclude(area_code__contains="-").values_list("area_code", flat=True))
    )
    client = Client(HTTP_HOST="127.0.0.1")
    random.seed(1)

    fresh = iter(random.sample(codes, min(len(codes), args.requests)))
    popular = random.sample(codes, 20)

    def dashboard() -> None:
        response = client.get(f"/areas/{next(fresh)}/stats/")
        assert response.status_code == 200, response.status_code

    def dashboard_again() -> None:
        response = client.get(f"/areas/{random.choice(popular)}/stats/")
        assert response.status_code == 200, response.status_code

    def ranking() -> None:
        response = client.get("/rankings/?indicator=aging_rate")
        assert response.status_code == 200, response.status_code

    client.get("/areas/011002/stats/")  # warm-up: imports, templates
    for code in popular:
        client.get(f"/areas/{code}/stats/")
    results = {
        "sousei area dashboard, first visit of each area": _timed(dashboard, args.requests - 1),
        "sousei area dashboard, repeat visits (20 areas)": _timed(dashboard_again, args.requests),
        "sousei national ranking (first 100 of 1,741 rows)": _timed(
            ranking, max(10, args.requests // 10)
        ),
    }
    naive_dashboard, naive_ranking = _pandas_naive(codes, max(10, args.requests // 10))
    results["pandas naive: one area's figures from the file"] = naive_dashboard
    results["pandas naive: national aging-rate ranking from the file"] = naive_ranking
    print(f"municipalities loaded: {len(codes):,}; work dir {work}")
    print(f"{'measure':58} {'median ms':>10} {'p95 ms':>10} {'n':>5}")
    for name, samples in results.items():
        median, p95 = _percentiles(samples)
        print(f"{name:58} {median:10.1f} {p95:10.1f} {len(samples):5d}")


if __name__ == "__main__":
    main()
