"""Load bench: many concurrent clients on the public pages and APIs, sousei on PostgreSQL.

Issue 8, point 5. One run on one machine, every target on loopback: a throwaway PostgreSQL
(initdb in a temp dir, default settings, fsync on), the demo loaded into it, `sousei serve`
(gunicorn, gthread, 4 threads per worker) with `--workers 4` in production mode (secret key,
allowed hosts, secure cookies, HSTS) except the HTTPS redirect, which is switched off because
there is no TLS proxy on loopback. Then, each phase bounded in time:

1. warm-up, not counted: every URL 2 × workers times on fresh connections (sousei memoises
   area figures per worker process, and the first visit of an area dashboard or the region page
   in each worker costs seconds: the slowest are printed), then `--warmup` s of the main load;
2. main: `--clients` simulated users for `--seconds`, each a closed loop: pick a URL by the
   traffic mix below, GET it, read the whole body, think for a random time (exponential, mean
   `--think`, 5 s: a person scanning a page; TPC-W's browsers think 7 s), repeat. Real users
   read a page before the next click; a closed loop without think time on a 2-core machine
   measures only how long the queue grows, so that is reported apart (3). 200 users thinking
   5 s ask for about 35-40 requests a second;
3. capacity (`--zero-think-seconds`, 0 skips): the same clients with no think time, flat out;
4. PostgreSQL restart (`--restart-seconds`, 0 skips): the think-time load again and, part way,
   PostgreSQL stopped (`pg_ctl stop -m fast`), left down `--pg-down` seconds and started again,
   sousei left alone. Reports the failed requests, when they fell, whether every URL answers
   afterwards, whether gunicorn's master and workers are the same processes, and the exceptions
   in gunicorn's log.

The clients run in their own process (asyncio + aiohttp, one connection per client, closed by
the client after 1.5 s idle, before gunicorn's 2 s keep-alive can race it). The load generator
shares the two cores with the server, so its CPU time is reported, with the event loop's lag
(a client that cannot run on time inflates the latencies it measures), with gunicorn's, with
PostgreSQL's and with everything else's on the machine. An error is a status >= 400, a time-out
(`--timeout`) or a connection error. Targets: zero errors and p99 < 500 ms in the main phase;
after the restart, no failed request that started once PostgreSQL was back (plus a second of
grace for the first reconnects) and no restart of sousei.

`--profile` adds a phase with py-spy sampling every gunicorn worker under the think-time load
(only samples holding the GIL: CPU, not waits) and prints the views, sousei's functions
(inclusive) and the frames (self) that spent it.

Ids are discovered from the running demo (package_list, package_show, the orgs, strategies,
KPIs, regions and stories), never written here.

    .venv/bin/python bench/load_bench.py [--clients 200] [--seconds 60] [--workers 4]
        [--think 5] [--zero-think-seconds 20] [--restart-seconds 40] [--profile] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import math
import multiprocessing
import os
import platform
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

import aiohttp
import psutil

VENV_BIN = Path(sys.executable).parent
# `python -m sousei` rather than the venv's `sousei` script: the same code, and PYTHONPATH can
# point the bench at another checkout (e.g. a `git archive` of a commit) without reinstalling.
SOUSEI = [sys.executable, "-m", "sousei"]
SEED = 20260401
SEARCH_TERMS = ("人口", "施設", "統計", "人口ビジョン", "年齢", "サンプル", "公共", "population")
STATS_ENDPOINTS = ("population", "pyramid", "projection", "findings", "social-change", "moves")
# The traffic mix, weights in percent: a guess at a municipal portal's public traffic, most of
# it people on pages (the front page, dataset search and pages, area dashboards, the 総合戦略
# and its KPIs), the rest programs on the CKAN and v1 APIs and harvesters on the catalogue.
MIX = (
    ("page /", 12),
    ("page /datasets/?q=", 8),
    ("page dataset", 12),
    ("page area stats", 10),
    ("page area", 3),
    ("page projection", 4),
    ("page region", 3),
    ("page strategy", 6),
    ("page KPI", 6),
    ("page /stories/", 4),
    ("page story", 4),
    ("api package_search", 6),
    ("api datastore_search", 8),
    ("api v1 KPIs", 4),
    ("api v1 area stats", 6),
    ("/catalog.jsonld", 4),
)
# Kinds whose figures sousei memoises per worker process (seconds on a worker's first visit).
MEMOISED = {"page area stats", "page area", "page projection", "page region", "api v1 area stats"}
CLIENT_KEEPALIVE = 1.5  # seconds; gunicorn closes idle keep-alive connections after 2
GRACE = 1.0  # seconds after PostgreSQL is ready in which a failed reconnect is forgiven
P99_TARGET_MS = 500


# --- processes: PostgreSQL and gunicorn -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name or 0))
    if not found:
        raise SystemExit("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    return found[-1]


class Postgres:
    """A throwaway cluster on 127.0.0.1 in `directory`, its own session so Ctrl-C spares it."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.bin = pg_bindir()
        self.port = free_port()
        self.data = directory / "data"
        self.started = False
        directory.mkdir()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root
            shutil.chown(directory, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args],
            capture_output=True,
            text=True,
            check=check,
            start_new_session=True,
            timeout=120,
        )

    def init(self) -> None:
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-U", "sousei"]
        self._run(*initdb, *("-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"))
        self.start()
        where = ("-h", "127.0.0.1", "-p", str(self.port), "-U", "sousei")
        self._run(str(self.bin / "createdb"), *where, "sousei")

    def start(self) -> None:
        self.started = True  # before: a start that fails half-way is still stopped at the end
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir}"
        log = str(self.dir / "log")
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", log, "-o", options, "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-m", mode, "stop")

    def close(self) -> None:
        if not self.started:
            return
        done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "status", check=False)
        if done.returncode == 0:  # running
            try:
                self.stop("fast")
            except subprocess.SubprocessError:
                self.stop("immediate")
        self.started = False

    def master(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    @property
    def url(self) -> str:
        return f"postgres://sousei@127.0.0.1:{self.port}/sousei"


class Portal:
    """`sousei serve` in its own process group; `close` stops the group, however we got there."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        cmd = [*SOUSEI, "serve", *("--host", "127.0.0.1", "--port", str(self.port))]
        cmd += ["--workers", str(workers), "--no-worker"]
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self._wait_ready()
        except BaseException:
            self.close()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"sousei serve exited ({self.proc.returncode}):\n{tail(self.log)}")
            with contextlib.suppress(OSError):
                if http_get(self.base + "/api/v1/orgs", timeout=2)[0] == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"sousei serve did not answer within 60 s:\n{tail(self.log)}")

    def pids(self) -> tuple[int, list[int]]:
        """The master's pid (sousei's `python -m sousei serve` runs gunicorn's arbiter in
        itself) and its workers'."""
        try:
            master = psutil.Process(self.proc.pid)
            return master.pid, sorted(c.pid for c in master.children())
        except psutil.Error:
            return self.proc.pid, []

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            self.proc.wait()


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def http_get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get_json(url: str) -> Any:
    status, body = http_get(url)
    if status != 200:
        raise SystemExit(f"GET {url}: HTTP {status}")
    return json.loads(body)


# --- the URLs ---------------------------------------------------------------------------------


def discover(base: str) -> dict[str, list[str]]:
    """Every concrete URL of each kind in MIX, from the demo as it is served."""
    q = urllib.parse.quote
    names = get_json(f"{base}/api/3/action/package_list")["result"]
    resources = []
    for name in names:
        package = get_json(f"{base}/api/3/action/package_show?id={q(name)}")["result"]
        resources += [r["id"] for r in package["resources"] if r.get("datastore_active")]
    regions = get_json(f"{base}/api/v1/regions")["results"]
    areas = [m["code"] for region in regions for m in region["members"]]
    strategies = []
    for org in get_json(f"{base}/api/v1/orgs")["results"]:
        strategies += get_json(f"{base}/api/v1/orgs/{q(org['slug'])}/strategies")["results"]
    kpi_pages, kpi_api = [], []
    for strategy in strategies:
        sid, year = strategy["id"], min(2024, strategy["end_year"])
        kpis = get_json(f"{base}/api/v1/strategies/{sid}/kpis?year={year}")["results"]
        kpi_pages += [f"/strategies/{sid}/kpis/{k['id']}/" for k in kpis]
        kpi_api.append(f"/api/v1/strategies/{sid}/kpis?year={year}")
    stories_html = http_get(f"{base}/stories/")[1].decode()
    stories = sorted(set(re.findall(r'href="/stories/([\w-]+)/"', stories_html)) - {"new"})
    urls = {
        "page /": ["/"],
        "page /datasets/?q=": [f"/datasets/?q={q(term)}" for term in SEARCH_TERMS],
        "page dataset": [f"/datasets/{q(name)}/" for name in names],
        "page area stats": [f"/areas/{code}/stats/" for code in areas],
        "page area": [f"/areas/{code}/" for code in areas],
        "page projection": [f"/areas/{code}/projection/" for code in areas],
        "page region": [f"/regions/{q(r['slug'])}/" for r in regions],
        "page strategy": [f"/strategies/{s['id']}/" for s in strategies],
        "page KPI": kpi_pages,
        "page /stories/": ["/stories/"],
        "page story": [f"/stories/{slug}/" for slug in stories],
        "api package_search": [
            f"/api/3/action/package_search?q={q(term)}&rows=10" for term in SEARCH_TERMS
        ],
        "api datastore_search": [
            f"/api/3/action/datastore_search?resource_id={rid}&limit=20" for rid in resources
        ],
        "api v1 KPIs": kpi_api,
        "api v1 area stats": [
            f"/api/v1/areas/{code}/{endpoint}" for code in areas for endpoint in STATS_ENDPOINTS
        ],
        "/catalog.jsonld": ["/catalog.jsonld"],
    }
    empty = [kind for kind, found in urls.items() if not found]
    if empty:
        raise SystemExit(f"the demo has no URL for: {', '.join(empty)}")
    return urls


def check_all(base: str, urls: dict[str, list[str]], repeat: int) -> list[str]:
    """Every URL `repeat` times, one after another; the failures as 'status url'."""
    failures = []
    for _ in range(repeat):
        for found in urls.values():
            for url in found:
                try:
                    status = http_get(base + url, timeout=30)[0]
                except OSError as exc:
                    failures.append(f"{type(exc).__name__} {url}")
                    continue
                if status >= 400:
                    failures.append(f"{status} {url}")
    return failures


async def _sweep(base: str, jobs: list[str], concurrency: int) -> list[tuple[str, float, str]]:
    """GET every job, `concurrency` at a time, each on a new connection (so gunicorn's workers
    share them out); (url, seconds, error) for each."""
    done: list[tuple[str, float, str]] = []
    pending = iter(jobs)
    connector = aiohttp.TCPConnector(force_close=True)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def fetch() -> None:
            for url in pending:
                start, error = time.monotonic(), ""
                try:
                    async with session.get(url, allow_redirects=False) as response:
                        await response.read()
                        if response.status >= 400:
                            error = f"HTTP {response.status}"
                except (TimeoutError, aiohttp.ClientError) as exc:
                    error = type(exc).__name__
                done.append((url, time.monotonic() - start, error))

        await asyncio.gather(*(fetch() for _ in range(concurrency)))
    return done


def warm(base: str, urls: dict[str, list[str]], workers: int) -> dict[str, Any]:
    """sousei memoises area figures per worker process, and the first visit of an area
    dashboard or the region page in a worker costs seconds. Connections go to whichever worker
    accepts first, so a URL asked n times misses a given worker with odds (1 - 1/workers)^n:
    the memoised kinds 6 × workers times (under 0.1 % for 4 workers), the rest 2 × workers,
    round after round, before anything is counted. The first visits are reported, not hidden."""
    rounds = {kind: (6 if kind in MEMOISED else 2) * workers for kind in urls}
    jobs = [
        url
        for number in range(max(rounds.values()))
        for kind, found in urls.items()
        if number < rounds[kind]
        for url in found
    ]
    start = time.monotonic()
    done = asyncio.run(_sweep(base, jobs, concurrency=2 * workers))
    took = time.monotonic() - start
    slowest = sorted(done, key=lambda d: -d[1])[:5]
    errors = [d for d in done if d[2]]
    print(
        f"warm-up sweep: every URL {min(rounds.values())}-{max(rounds.values())} times, "
        f"{len(done)} requests in {took:.0f} s, "
        f"{len(errors)} errors; slowest: "
        + ", ".join(f"{url} {seconds * 1000:.0f} ms" for url, seconds, _ in slowest),
        flush=True,
    )
    return {
        "requests": len(done),
        "seconds": took,
        "errors": [f"{e} {u}" for u, _, e in errors][:20],
        "slowest_ms": {u: t * 1000 for u, t, _ in slowest},
    }


# --- the load generator (its own process) --------------------------------------------------


@dataclass
class Plan:
    base: str
    urls: dict[str, list[str]]
    clients: int
    seconds: float
    think: float
    timeout: float
    seed: int
    start_at: float  # time.monotonic(), which is one clock for every process on Linux


def load_main(plan: Plan, queue: Any) -> None:
    """Entry of the load process: run the plan, send back the samples and our CPU time."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        samples, lags = asyncio.run(run_clients(plan))
    except KeyboardInterrupt:  # Ctrl-C reaches us too; the parent reports and cleans up
        return
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    queue.put({"samples": samples, "lags": lags, "cpu_s": cpu})


async def run_clients(plan: Plan) -> tuple[list[tuple], list[float]]:
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    samples: list[tuple] = []  # (start since start_at, latency, kind index, status, error)
    lags: list[float] = []
    await asyncio.sleep(max(0.0, plan.start_at - time.monotonic()))
    deadline = plan.start_at + plan.seconds

    async def lag_probe() -> None:
        while time.monotonic() < deadline:
            asked = time.monotonic()
            await asyncio.sleep(0.1)
            lags.append(time.monotonic() - asked - 0.1)

    async def client(number: int) -> None:
        rng = random.Random(plan.seed * 1000 + number)
        connector = aiohttp.TCPConnector(limit=1, keepalive_timeout=CLIENT_KEEPALIVE)
        timeout = aiohttp.ClientTimeout(total=plan.timeout)
        async with aiohttp.ClientSession(plan.base, connector=connector, timeout=timeout) as s:
            # The first request after a think time of the same (memoryless) law, so the
            # arrivals are as in the steady state from the start. A uniform start over one mean
            # think time would ask up to twice the steady rate after that time.
            if plan.think > 0:
                first = min(rng.expovariate(1 / plan.think), 10 * plan.think)
            else:
                first = rng.uniform(0, 1.0)  # flat out: arrive over a second
            await asyncio.sleep(min(first, deadline - time.monotonic()))
            while time.monotonic() < deadline:
                index = rng.choices(range(len(kinds)), weights)[0]
                url = rng.choice(plan.urls[kinds[index]])
                status, error = 0, ""
                start = time.monotonic()
                try:
                    async with s.get(url, allow_redirects=False) as response:
                        await response.read()
                        status = response.status
                    if status >= 400:
                        error = f"HTTP {status}"
                except TimeoutError:
                    error = "timeout"
                except aiohttp.ClientError as exc:
                    error = type(exc).__name__
                end = time.monotonic()
                samples.append((start - plan.start_at, end - start, index, status, error))
                if plan.think > 0:
                    pause = min(rng.expovariate(1 / plan.think), 10 * plan.think)
                    await asyncio.sleep(min(pause, deadline - time.monotonic()))

    await asyncio.gather(lag_probe(), *(client(n) for n in range(plan.clients)))
    return samples, lags


# --- phases ---------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    clients: int
    seconds: float
    think: float
    samples: list[tuple] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    events: dict[str, float] = field(default_factory=dict)
    load_average: tuple[float, float] = (0.0, 0.0)


def tree_cpu(pid: int | None) -> float:
    """CPU seconds of a process and all its children, the exited ones included (they are
    reaped by the parent, so they are in its children_* times): PostgreSQL's backends and
    gunicorn's workers may be replaced during a phase."""
    if pid is None:
        return float("nan")
    try:
        root = psutil.Process(pid)
        times = root.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                total += times.user + times.system
    except psutil.Error:
        return float("nan")
    return total


def machine_busy() -> float:
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def run_phase(
    name: str,
    portal: Portal,
    pg: Postgres,
    urls: dict[str, list[str]],
    args: argparse.Namespace,
    *,
    seconds: float,
    think: float,
    during: Any = None,
) -> Phase:
    """One bounded burst of load; `during(phase, start_at)` runs in this process meanwhile."""
    print(f"{name}: {args.clients} clients, {seconds:g} s, think {think:g} s …", flush=True)
    spawn = multiprocessing.get_context("spawn")
    queue = spawn.Queue()
    start_at = time.monotonic() + 2.0  # the spawned interpreter starts meanwhile
    plan = Plan(portal.base, urls, args.clients, seconds, think, args.timeout, SEED, start_at)
    loader = spawn.Process(target=load_main, args=(plan, queue), name="load-clients")
    phase = Phase(name, args.clients, seconds, think)
    loader.start()
    try:
        time.sleep(max(0.0, start_at - time.monotonic()))
        pg_master = pg.master()
        load_before = os.getloadavg()[0]
        server_0, pg_0, busy_0 = tree_cpu(portal.proc.pid), tree_cpu(pg_master), machine_busy()
        if during is not None:
            during(phase, start_at)
        give_up = time.monotonic() + seconds + args.timeout + 120
        while True:
            with contextlib.suppress(Empty):
                result = queue.get(timeout=1)
                break
            if not loader.is_alive() or time.monotonic() > give_up:
                raise SystemExit(f"the load clients gave no results (exit {loader.exitcode})")
        wall = time.monotonic() - start_at
        # A restarted PostgreSQL is a new postmaster: its CPU time is then unknown (nan).
        pg_after = tree_cpu(pg_master) if pg.master() == pg_master else float("nan")
        phase.cpu = {
            "wall_s": wall,
            "clients_s": result["cpu_s"],
            "sousei_s": tree_cpu(portal.proc.pid) - server_0,
            "postgres_s": pg_after - pg_0,
            "machine_s": machine_busy() - busy_0,
        }
        phase.load_average = (load_before, os.getloadavg()[0])
        loader.join(timeout=30)
    finally:
        if loader.is_alive():
            loader.terminate()
            loader.join(timeout=10)
    phase.samples, phase.lags = result["samples"], result["lags"]
    return phase


def restart_postgres(pg: Postgres, at: float, down: float) -> Any:
    def during(phase: Phase, start_at: float) -> None:
        time.sleep(max(0.0, start_at + at - time.monotonic()))
        phase.events["stop_asked"] = time.monotonic() - start_at
        pg.stop("fast")
        phase.events["stopped"] = time.monotonic() - start_at
        time.sleep(down)
        phase.events["start_asked"] = time.monotonic() - start_at
        pg.start()  # -w: returns once PostgreSQL accepts connections
        phase.events["ready"] = time.monotonic() - start_at
        print(
            "  PostgreSQL stopped at t={stop_asked:.1f} s (down at {stopped:.1f} s), started "
            "at {start_asked:.1f} s, ready at {ready:.1f} s".format(**phase.events),
            flush=True,
        )

    return during


# --- figures --------------------------------------------------------------------------------


def pct(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def summary(samples: list[tuple]) -> dict[str, Any]:
    latencies = sorted(s[1] for s in samples)
    errors = collections.Counter(s[4] for s in samples if s[4])
    return {
        "requests": len(samples),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors.most_common()),
        **{f"p{int(q * 100)}_ms": pct(latencies, q) * 1000 for q in (0.5, 0.9, 0.99)},
        "max_ms": (latencies[-1] * 1000) if latencies else float("nan"),
    }


def print_phase(phase: Phase) -> dict[str, Any]:
    by_kind: dict[int, list[tuple]] = collections.defaultdict(list)
    for sample in phase.samples:
        by_kind[sample[2]].append(sample)
    rows = {MIX[index][0]: summary(found) for index, found in sorted(by_kind.items())}
    overall = summary(phase.samples)
    wall = phase.seconds
    header = f"{'URL kind':24} {'requests':>8} {'req/s':>6} {'errors':>6} " + "".join(
        f"{h:>8}" for h in ("p50 ms", "p90 ms", "p99 ms", "max ms")
    )
    offered = f" (at most {phase.clients / phase.think:.0f} req/s asked)" if phase.think else ""
    print()
    print(
        f"== {phase.name}: {phase.clients} clients, {phase.seconds:g} s, "
        f"think {phase.think:g} s{offered}"
    )
    print(header)
    print("-" * len(header))
    for name, row in [*rows.items(), ("all", overall)]:
        if name == "all":
            print("-" * len(header))
        print(
            f"{name:24} {row['requests']:>8} {row['requests'] / wall:>6.1f} {row['errors']:>6} "
            + "".join(f"{row[k]:>8.0f}" for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms"))
        )
    if overall["error_kinds"]:
        print(f"errors: {overall['error_kinds']}")
    # Load from elsewhere on the machine comes and goes: the p99 of each 10 s shows it.
    windows: dict[int, list[float]] = collections.defaultdict(list)
    for sample in phase.samples:
        windows[int(sample[0] // 10)].append(sample[1])
    by_window = [pct(sorted(windows[w]), 0.99) * 1000 for w in sorted(windows)]
    print("p99 ms by 10 s: " + ", ".join(f"{v:.0f}" for v in by_window))
    lags = sorted(phase.lags)
    cpu = phase.cpu
    cores = os.cpu_count() or 1
    ours = cpu["clients_s"] + cpu["sousei_s"] + cpu["postgres_s"]
    others = cpu["machine_s"] - ours  # nan when PostgreSQL's was lost in a restart

    def share(seconds: float) -> str:
        if math.isnan(seconds):
            return "n/a"
        seconds = max(0.0, seconds)  # the machine-wide count is sampled a moment apart
        return f"{seconds:.1f} s ({100 * seconds / (cpu['wall_s'] * cores):.0f}%)"

    print(
        f"CPU over {cpu['wall_s']:.0f} s on {cores} cores: sousei {share(cpu['sousei_s'])}, "
        f"PostgreSQL {share(cpu['postgres_s'])}, load clients {share(cpu['clients_s'])}, "
        f"everything else {share(others)}"
    )
    if phase.samples:
        per = {k: 1000 * cpu[f"{k}_s"] / len(phase.samples) for k in ("sousei", "postgres")}
        print(
            f"CPU per request: sousei {per['sousei']:.1f} ms, PostgreSQL {per['postgres']:.1f} ms "
            f"(so {cores} idle cores serve at most ~{cores * 1000 / sum(per.values()):.0f} "
            "req/s of this mix)"
            if not math.isnan(per["postgres"])
            else f"CPU per request: sousei {per['sousei']:.1f} ms"
        )
    print(
        f"client event-loop lag p99 {pct(lags, 0.99) * 1000:.0f} ms, max "
        f"{(lags[-1] if lags else 0) * 1000:.0f} ms; load average (1 min) "
        f"{phase.load_average[0]:.1f} before, {phase.load_average[1]:.1f} after"
    )
    return {
        "name": phase.name,
        "clients": phase.clients,
        "seconds": phase.seconds,
        "think_mean_s": phase.think,
        "req_per_s": overall["requests"] / wall,
        "overall": overall,
        "by_kind": rows,
        "cpu_s": cpu,
        "p99_ms_by_10s": by_window,
        "client_loop_lag_ms": {"p99": pct(lags, 0.99) * 1000, "max": (lags or [0])[-1] * 1000},
        "load_average_1min": phase.load_average,
        "events": phase.events,
    }


ACCESS_OR_RECORD = re.compile(r"^(\d{1,3}(\.\d{1,3}){3} - |\d{4}-\d\d-\d\d |\[\d{4}-)")


CHAINED = ("During handling", "The above exception")


def log_exceptions(log: Path, offset: int) -> tuple[collections.Counter, int]:
    """The exceptions in gunicorn's log after `offset`, one per traceback: the last of a
    chain, class and message (the cause a view caught and replaced is not the error); and
    the number of Django 'Internal Server Error' records."""
    with log.open("rb") as f:
        f.seek(offset)
        text = f.read().decode(errors="replace")
    found: collections.Counter = collections.Counter()
    inside, last = False, ""  # in a traceback; its newest exception line
    for line in [*text.splitlines(), "0.0.0.0 - end"]:
        if ACCESS_OR_RECORD.match(line):
            if last:
                found[last[:160]] += 1
            inside, last = False, ""
        elif line.startswith("Traceback"):
            inside = True
        elif inside and line[:1].strip() and not line.startswith(CHAINED):
            last = line
    return found, text.count("Internal Server Error")


def print_restart(
    phase: Phase,
    data: dict[str, Any],
    check: list[str],
    pids: Any,
    log: tuple[collections.Counter, int],
) -> dict[str, Any]:
    events = phase.events
    failed = sorted((s for s in phase.samples if s[4]), key=lambda s: s[0])
    late = [s for s in failed if s[0] >= events["ready"] + GRACE]
    print()
    print(
        f"PostgreSQL down from t={events['stop_asked']:.1f} s to t={events['ready']:.1f} s "
        f"({events['ready'] - events['stop_asked']:.1f} s)"
    )
    if failed:
        statuses = collections.Counter(s[4] for s in failed)
        ends = sorted(s[0] + s[1] for s in failed)
        print(
            f"failed requests: {len(failed)} ({dict(statuses.most_common())}), answered from "
            f"t={ends[0]:.1f} s to t={ends[-1]:.1f} s; started from t={failed[0][0]:.1f} s "
            f"(requests queued before the stop fail when they reach the database)"
        )
    else:
        print("failed requests: none")
    print(f"failed requests started {GRACE:g} s or more after PostgreSQL was ready: {len(late)}")
    # A timeline in 1 s steps around the outage: how many answered, how many failed, p99.
    first, last = int(events["stop_asked"]) - 2, int(events["ready"] + GRACE) + 4
    bins: dict[int, list[tuple]] = collections.defaultdict(list)
    for sample in phase.samples:
        bins[int(sample[0])].append(sample)
    print("by the second each request started:")
    print(f"{'t (s)':>6} {'ok':>5} {'failed':>6} {'p99 ms':>7}")
    for second in range(max(0, first), last + 1):
        found = bins.get(second, [])
        ok = sorted(s[1] for s in found if not s[4])
        print(
            f"{second:>6} {len(ok):>5} {len(found) - len(ok):>6} "
            f"{pct(ok, 0.99) * 1000 if ok else 0:>7.0f}"
        )
    (master_0, workers_0), (master_1, workers_1) = pids
    same = master_0 == master_1 and workers_0 == workers_1
    print(
        f"gunicorn master {master_1} and workers {workers_1}: "
        + ("the same processes as before the restart" if same else f"CHANGED from {workers_0}")
    )
    print(
        "after the phase, every URL fetched again in turn: "
        + ("all answered" if not check else f"{len(check)} FAILED, e.g. {check[:5]}")
    )
    exceptions, server_errors = log
    print(f"gunicorn log during the phase: {server_errors} 'Internal Server Error' lines")
    for line, count in exceptions.most_common(8):
        print(f"  {count:>5} × {line}")
    recovered = not late and not check and same
    print(
        "recovered without restarting sousei: "
        + ("yes" if recovered else "NO (see the failures above)")
    )
    data.update(
        {
            "failed": len(failed),
            "failed_after_ready": len(late),
            "first_failure_t": failed[0][0] if failed else None,
            "last_failure_t": failed[-1][0] if failed else None,
            "check_failures": check,
            "same_processes": same,
            "exceptions": dict(exceptions.most_common(20)),
            "internal_server_error_lines": server_errors,
            "recovered": recovered,
        }
    )
    return data


# --- profile ----------------------------------------------------------------------------------


WRAPPERS = tuple(f"(sousei/{name}.py)" for name in ("web/middleware", "cli", "server", "__main__"))


def profile(
    portal: Portal, pg: Postgres, urls: dict[str, list[str]], args: argparse.Namespace, work: Path
) -> dict[str, Any]:
    """py-spy on every worker during a think-time phase, only samples that hold the GIL (CPU
    spent in Python or in C called from it, not waiting on PostgreSQL or the socket): the views
    that spent it, sousei's functions (inclusive) and the frames that spent it (self)."""
    raw = work / "profile.txt"
    seconds = int(args.profile_seconds)
    master, _ = portal.pids()
    cmd = [str(VENV_BIN / "py-spy"), "record", "--subprocesses", "--gil", "--nolineno"]
    cmd += ["--format", "raw", "-r", "50", "-d", str(seconds), "-o", str(raw), "-p", str(master)]
    spy: list[subprocess.Popen[bytes]] = []

    def during(phase: Phase, start_at: float) -> None:
        spy.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    phase = run_phase(
        "profile", portal, pg, urls, args, seconds=seconds, think=args.think, during=during
    )
    try:
        _, err = spy[0].communicate(timeout=60)
    except subprocess.TimeoutExpired:
        spy[0].kill()
        _, err = spy[0].communicate()
    if not raw.exists():
        print(f"py-spy gave no profile: {err.decode(errors='replace')[-500:]}")
        return {}
    views: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count, frames = int(count_text), [short_frame(f) for f in stack.split(";")]
        total += count
        own[frames[-1]] += count
        ours = [f for f in frames if "(sousei/" in f and not f.endswith(WRAPPERS)]
        for number, frame in enumerate(frames[:-1]):
            if "_get_response (django/core/handlers/base.py)" in frame:
                below = frames[number + 1 :]
                views[next((f for f in below if f in ours), below[0])] += count
                break
        for frame in set(ours):
            inclusive[frame] += count
    found = {"views": views, "sousei_inclusive": inclusive, "self": own}
    print()
    print(
        f"== py-spy --gil, every worker, {seconds} s at 50 Hz: {total} samples holding the GIL "
        f"({total / 50 / seconds:.2f} cores' worth) for {len(phase.samples)} requests"
    )
    for title, key, top in (
        ("views (the callable Django dispatched to), inclusive", "views", 12),
        ("sousei functions, inclusive", "sousei_inclusive", 15),
        ("frames, self", "self", 12),
    ):
        print(f"{title}:")
        for frame, count in found[key].most_common(top):
            print(f"  {100 * count / max(total, 1):5.1f}%  {frame}")
    return {k: {f: c / max(total, 1) for f, c in v.most_common(30)} for k, v in found.items()}


def short_frame(frame: str) -> str:
    """'function (/…/site-packages/django/db/x.py)' → 'function (django/db/x.py)'."""
    return re.sub(
        r"\((?:[^()]*/site-packages/|[^()]*/lib/python3[.\d]*/|[^()]*/(?=sousei/))", "(", frame
    )


# --- main -------------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {n: version(n) for n in ("sousei", "django", "gunicorn", "psycopg", "aiohttp")}
    found["python"] = platform.python_version()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200, help="concurrent simulated users")
    parser.add_argument("--seconds", type=float, default=60, help="length of the main phase")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="mean think time between a user's requests, s (exponential, capped at 10×)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=10,
        help="uncounted think-time load after the warm-up sweep, s",
    )
    parser.add_argument(
        "--zero-think-seconds",
        type=float,
        default=20,
        help="capacity phase with no think time, s (0 skips)",
    )
    parser.add_argument(
        "--restart-seconds", type=float, default=40, help="PostgreSQL-restart phase, s (0 skips)"
    )
    parser.add_argument(
        "--restart-at",
        type=float,
        default=10,
        help="when, into that phase, PostgreSQL is stopped, s",
    )
    parser.add_argument("--pg-down", type=float, default=3, help="PostgreSQL left down, s")
    parser.add_argument("--timeout", type=float, default=30, help="per request, s")
    parser.add_argument("--profile", action="store_true", help="add a py-spy phase")
    parser.add_argument("--profile-seconds", type=float, default=20)
    parser.add_argument("--work", type=Path, help="keep files (logs, profile) here")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    if args.restart_seconds and args.restart_at + args.pg_down + 10 > args.restart_seconds:
        parser.error("--restart-seconds must leave 10 s of load after PostgreSQL is back")
    # SIGTERM ends us like Ctrl-C does: through the `finally` that stops PostgreSQL and gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    temp = None if args.work else tempfile.mkdtemp(prefix="sousei-load-bench-")
    work: Path = args.work or Path(temp)  # type: ignore[arg-type]
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)  # PostgreSQL's own user must reach its directory inside
    try:
        run(args, work)
    except KeyboardInterrupt:
        print("\ninterrupted: PostgreSQL and sousei stopped", file=sys.stderr)
        sys.exit(130)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    started = time.monotonic()
    pg = Postgres(work / "pg")
    portal: Portal | None = None
    try:
        pg.init()
        env = {
            **os.environ,
            "DATABASE_URL": pg.url,
            "SOUSEI_DATA_DIR": str(work / "sousei-data"),
            "SOUSEI_ENV": "production",
            "SOUSEI_SECRET_KEY": secrets.token_urlsafe(50),
            "SOUSEI_ALLOWED_HOSTS": "127.0.0.1",
            "SOUSEI_SSL_REDIRECT": "false",  # no TLS on loopback; everything else production
            "SOUSEI_LOG_LEVEL": "WARNING",
        }
        env.pop("SOUSEI_DEBUG", None)
        print(
            f"PostgreSQL {pg.bin.parent.name} on 127.0.0.1:{pg.port}; loading the demo …",
            flush=True,
        )
        done = subprocess.run(
            [*SOUSEI, "demo", "--no-serve"], env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"sousei demo failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        portal = Portal(env, args.workers, work / "gunicorn.log")
        urls = discover(portal.base)
        print(
            f"sousei serve on {portal.base}, {args.workers} workers × 4 threads; "
            f"{sum(len(u) for u in urls.values())} URLs in {len(urls)} kinds",
            flush=True,
        )
        results: dict[str, Any] = {
            "phases": [],
            "warm_sweep": warm(portal.base, urls, args.workers),
        }
        if args.warmup:
            warm_phase = run_phase(
                "warm-up", portal, pg, urls, args, seconds=args.warmup, think=args.think
            )
            warm_summary = summary(warm_phase.samples)
            print(
                f"  warm-up: {warm_summary['requests']} requests, {warm_summary['errors']} "
                f"errors, max {warm_summary['max_ms']:.0f} ms (not counted)"
            )
        main_phase = run_phase(
            "main", portal, pg, urls, args, seconds=args.seconds, think=args.think
        )
        results["phases"].append(print_phase(main_phase))
        overall = results["phases"][0]["overall"]
        if args.zero_think_seconds:
            flat = run_phase(
                "capacity (no think time)",
                portal,
                pg,
                urls,
                args,
                seconds=args.zero_think_seconds,
                think=0,
            )
            results["phases"].append(print_phase(flat))
        if args.profile:
            results["profile"] = profile(portal, pg, urls, args, work)
        if args.restart_seconds:
            pids_before = portal.pids()
            offset = portal.log.stat().st_size
            during = restart_postgres(pg, args.restart_at, args.pg_down)
            restart = run_phase(
                "PostgreSQL restart",
                portal,
                pg,
                urls,
                args,
                seconds=args.restart_seconds,
                think=args.think,
                during=during,
            )
            data = print_phase(restart)
            check = check_all(portal.base, urls, repeat=2)
            log = log_exceptions(portal.log, offset)
            results["restart"] = print_restart(
                restart, data, check, (pids_before, portal.pids()), log
            )
    finally:
        if portal is not None:
            portal.close()
        pg.close()
    print()
    print(
        f"main phase: {overall['requests'] / args.seconds:.1f} req/s, p50 "
        f"{overall['p50_ms']:.0f} ms, p99 {overall['p99_ms']:.0f} ms, {overall['errors']} errors"
        f" — target zero errors and p99 < {P99_TARGET_MS} ms: "
        + ("met" if not overall["errors"] and overall["p99_ms"] < P99_TARGET_MS else "MISSED")
    )
    print(
        f"sousei {versions()['sousei']} in production mode without the HTTPS redirect, "
        f"PostgreSQL {pg.bin.parent.name} with its default settings; the load clients share the "
        f"{os.cpu_count()} cores (their CPU is shown per phase); "
        f"total {time.monotonic() - started:.0f} s"
    )
    if args.json:
        results.update(
            {
                "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                "mix": dict(MIX),
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                "versions": versions(),
            }
        )
        args.json.write_text(
            json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
