"""Abuse bench: does a burst of comment spam slow the site down for everyone else?

Serves the demo with `sousei serve` (gunicorn, real workers, SQLite) on loopback. A reader
fetches a story page over and over, first alone (the peer: the same server unloaded), then
while a spammer posts comments as fast as it can from one address (all but the first few get
429). Reports the reader's latency both ways and what the spammer got.

    .venv/bin/python bench/participation_bench.py [--requests 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

VENV_BIN = Path(sys.executable).parent
STORY = "/stories/population-of-sample-city/"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.3)
    raise SystemExit(f"server did not start at {url}")


def _read(base: str, count: int) -> list[float]:
    samples = []
    with requests.Session() as session:
        for _ in range(count):
            start = time.perf_counter()
            session.get(base + STORY, timeout=30).raise_for_status()
            samples.append(time.perf_counter() - start)
    return samples


def _spam(base: str, stop, results) -> None:
    """In its own process, so the reader's timings never wait on the spammer's Python."""
    codes: Counter = Counter()
    times: list[float] = []
    with requests.Session() as session:
        page = session.get(base + STORY, timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        url = base + re.search(r'<form method="post" action="(/comments/[^"]+)"', page).group(1)
        while not stop.is_set():
            start = time.perf_counter()
            response = session.post(
                url,
                {"csrfmiddlewaretoken": token, "body": "宣伝です", "next": STORY},
                headers={"Referer": base + STORY},
                allow_redirects=False,
                timeout=30,
            )
            times.append(time.perf_counter() - start)
            codes[response.status_code] += 1
    results.put((dict(codes), times))


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="participation-bench-"))
    env = {**os.environ, "SOUSEI_DATA_DIR": str(work)}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(VENV_BIN / "sousei"), "demo", "--no-serve"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    port = _port()
    server = subprocess.Popen(
        [str(VENV_BIN / "sousei"), "serve", "--port", str(port), "--workers",
         str(args.workers), "--no-worker"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/")
        _read(base, 10)  # warm up every worker
        alone = _read(base, args.requests)
        stop, results = multiprocessing.Event(), multiprocessing.Queue()
        spammer = multiprocessing.Process(target=_spam, args=(base, stop, results))
        spammer.start()
        time.sleep(0.5)
        during = _read(base, args.requests)
        stop.set()
        codes, spam_times = results.get(timeout=60)
        spammer.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"sousei serve, {args.workers} workers, SQLite, {args.requests} story-page reads")
    print(f"reader alone            {_summary(alone)}")
    print(f"reader during the spam  {_summary(during)}")
    ratio = statistics.median(during) / statistics.median(alone)
    print(f"  median during / alone {ratio:.2f}×")
    print(f"spammer: {sum(codes.values())} posts, status {dict(sorted(codes.items()))}, "
          f"{_summary(spam_times)} per post")  # fmt: skip


if __name__ == "__main__":
    main()
