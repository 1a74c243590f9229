"""datastore_search benchmark: sousei's CKAN API against Datasette's JSON API on the same data.

One run on one machine: make the messy CSV, load it with `sousei load` into a throwaway
instance, serve it with `sousei serve`, build SQLite from sousei's own Parquet export (so both
servers hold byte-for-byte the same typed values, not two parsers' guesses) and serve it with
`datasette serve`. Requests go over loopback HTTP with one `requests.Session` per server,
alternating between the servers so drift hits both alike; every response pair is checked to hold
the same rows (a difference is flagged in the table and fails the run).

Datasette gets its fastest honest setup: immutable databases (`-i`), facet suggestions off
(sousei computes none), and two copies of the table, one with an index on the filter column and
one without. Sorting is descending because SQLite puts NULLs first in ascending order and DuckDB
last; descending both put them last.

    .venv/bin/python bench/datastore_bench.py [--rows 1000000] [--requests 200] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_messy_csv import TOWNS, write  # noqa: E402

VENV_BIN = Path(sys.executable).parent
ORG, DATASET = "011002", "bench-messy"
FILTER_COL, SORT_COL = "c3", "c5"  # 町丁名 (40 values, 1/40 of the rows each), 人口（人）
TEXT_COLS = ("c1", "c2", "c3")
PAGE = 100
OFFSET = 10_000
TABLE = "t"
DB_INDEXED, DB_PLAIN = "indexed", "plain"
SQL_TYPES = {pa.types.is_integer: "INTEGER", pa.types.is_floating: "REAL"}
DATASETTE_SETTINGS = [  # its fastest honest setup; sousei's own time limit is 5 s too
    *("--setting", "suggest_facets", "off"),
    *("--setting", "sql_time_limit_ms", "5000"),
]


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(name: str, cmd: list[str], env: dict[str, str], log: Path, ready: str) -> Iterator[None]:
    """Run `cmd` in its own process group until the block ends, however it ends."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_ready(name, ready, proc, log)
            yield
        finally:
            stop(proc)


def wait_ready(name: str, url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited ({proc.returncode}):\n{tail(log)}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {url} within 60 s:\n{tail(log)}")


def tail(path: Path, lines: int = 15) -> str:
    """The end of a log, shown in the error because the work directory may be deleted."""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM our own process group (gunicorn's master and workers), SIGKILL if it lingers."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:  # the whole group has already gone
        proc.wait()


# --- data ---------------------------------------------------------------------------------


def load_sousei(messy: Path, env: dict[str, str]) -> float:
    """`sousei init` and `sousei load` into the throwaway instance; the load's seconds."""
    sousei = str(VENV_BIN / "sousei")
    _run_quietly([sousei, "init"], env)
    start = time.perf_counter()
    _run_quietly([sousei, "load", str(messy), "--org", ORG, "--dataset", DATASET], env)
    return time.perf_counter() - start


def _run_quietly(cmd: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stderr}")


def build_sqlite(parquet: Path, work: Path) -> dict[str, float]:
    """Two SQLite files from sousei's Parquet export: plain, and indexed + FTS5 on text columns.

    Rows go in file order, so SQLite's rowid equals sousei's `_id`.
    """
    timings: dict[str, float] = {}
    plain = work / f"{DB_PLAIN}.db"
    indexed = work / f"{DB_INDEXED}.db"
    for path in (plain, indexed):
        path.unlink(missing_ok=True)
    start = time.perf_counter()
    source = pq.ParquetFile(parquet)
    schema = source.schema_arrow
    columns = ", ".join(f'"{f.name}" {_sql_type(f.type)}' for f in schema)
    con = sqlite3.connect(plain)
    con.execute(f"CREATE TABLE {TABLE} ({columns})")
    marks = ", ".join("?" * len(schema))
    for batch in source.iter_batches(batch_size=65_536):
        rows = zip(*(c.to_pylist() for c in batch.columns), strict=True)
        con.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", rows)
    con.commit()
    con.close()
    timings["insert"] = time.perf_counter() - start
    shutil.copyfile(plain, indexed)
    con = sqlite3.connect(indexed)
    start = time.perf_counter()
    con.execute(f'CREATE INDEX idx_{FILTER_COL} ON {TABLE} ("{FILTER_COL}")')
    con.commit()
    timings["index"] = time.perf_counter() - start
    con.close()
    start = time.perf_counter()
    _run_quietly(
        [str(VENV_BIN / "sqlite-utils"), "enable-fts", str(indexed), TABLE, *TEXT_COLS, "--fts5"]
    )
    timings["fts"] = time.perf_counter() - start
    for path in (plain, indexed):
        with closing(sqlite3.connect(path)) as con:
            con.execute("ANALYZE")
            con.commit()
    return timings


def _sql_type(type_: pa.DataType) -> str:
    return next((name for test, name in SQL_TYPES.items() if test(type_)), "TEXT")


# --- requests and the check that both sides answered the same ------------------------------


@dataclass
class Page:
    rows: list[tuple]  # (_id, c1, …) in the order received
    total: int | None


Fetch = Callable[[requests.Session, int], tuple[requests.Response, Callable[[], Page]]]


@dataclass
class Contender:
    server: str  # "sousei" or "datasette": which session it uses
    label: str
    fetch: Fetch  # request i → (response, its rows)
    ties_by_id: bool = True  # False: ties in the sort column come in no set order
    samples: list[float] = field(default_factory=list)
    example_url: str = ""


def sousei_fetch(base: str, resource_id: str, columns: list[str], *, offset: int, q: bool) -> Fetch:
    def fetch(session: requests.Session, i: int) -> tuple[requests.Response, Callable[[], Page]]:
        town = TOWNS[i % len(TOWNS)]
        params: dict[str, Any] = {
            "resource_id": resource_id,
            "sort": f"{SORT_COL} desc",
            "limit": PAGE,
            "offset": offset,
        }
        if q:
            params["q"] = town
        else:
            params["filters"] = json.dumps({FILTER_COL: town}, ensure_ascii=False)
        response = session.get(f"{base}/api/3/action/datastore_search", params=params)

        def page() -> Page:
            result = response.json()["result"]
            rows = [tuple(r[c] for c in ["_id", *columns]) for r in result["records"]]
            return Page(rows, result["total"])

        return response, page

    return fetch


def datasette_table_fetch(
    base: str, db: str, *, search: bool, next_tokens: dict[int, str] | None = None
) -> Fetch:
    """The table JSON API; with `next_tokens`, paging by Datasette's own keyset `_next` token."""

    def fetch(session: requests.Session, i: int) -> tuple[requests.Response, Callable[[], Page]]:
        town = TOWNS[i % len(TOWNS)]
        params: dict[str, Any] = {"_sort_desc": SORT_COL, "_size": PAGE}
        if search:
            params["_search"] = town
        else:
            params[FILTER_COL] = town
        if next_tokens is not None:
            params["_next"] = next_tokens[i % len(TOWNS)]
        response = session.get(f"{base}/{db}/{TABLE}.json", params=params)

        def page() -> Page:
            body = response.json()
            rows = [tuple(r) for r in body["rows"]][:PAGE]
            return Page(rows, body["filtered_table_rows_count"])

        return response, page

    return fetch


def datasette_sql_fetch(base: str, db: str, columns: list[str], *, offset: int) -> Fetch:
    """The SQL JSON API running sousei's exact query (LIMIT/OFFSET, `rowid` as the tiebreak)."""
    select = ", ".join(["rowid", *(f'"{c}"' for c in columns)])
    sql = (
        f'SELECT {select} FROM {TABLE} WHERE "{FILTER_COL}" = :v'
        f' ORDER BY "{SORT_COL}" DESC, rowid LIMIT {PAGE} OFFSET {offset}'
    )

    def fetch(session: requests.Session, i: int) -> tuple[requests.Response, Callable[[], Page]]:
        params = {"sql": sql, "v": TOWNS[i % len(TOWNS)]}
        response = session.get(f"{base}/{db}.json", params=params)
        return response, lambda: Page([tuple(r) for r in response.json()["rows"]], None)

    return fetch


def same_page(reference: Page, other: Page, sort_index: int, *, ties_by_id: bool) -> str | None:
    """None when `other` holds the same rows as `reference`, else what differs.

    `ties_by_id`: the other side breaks ties by row id as sousei does, so the pages must be
    equal. Otherwise (Datasette's table API without `_next` sorts by the column alone) the sort
    keys must match in order and every tie group must hold the same rows, except the last one,
    which the page may cut at a different row.
    """
    if other.total is not None and reference.total != other.total:
        return f"total {reference.total} ≠ {other.total}"
    if len(reference.rows) != len(other.rows):
        return f"{len(reference.rows)} rows ≠ {len(other.rows)}"
    if ties_by_id or not reference.rows:
        return None if reference.rows == other.rows else "rows differ"
    keys = [r[sort_index] for r in reference.rows]
    if keys != [r[sort_index] for r in other.rows]:
        return "sort keys differ"
    for key in set(keys) - {keys[-1]}:
        ours = {r for r in reference.rows if r[sort_index] == key}
        if ours != {r for r in other.rows if r[sort_index] == key}:
            return f"rows with {SORT_COL}={key} differ"
    return None


@dataclass
class Shape:
    name: str
    sousei: Contender
    peers: list[Contender]
    mismatches: dict[str, str] = field(default_factory=dict)
    compared: int = 0  # response pairs checked


def run_shape(
    shape: Shape, sessions: dict[str, requests.Session], n: int, warmup: int, sort_index: int
) -> None:
    """Alternate sousei and each peer request by request; time only the HTTP exchange."""
    everyone = [shape.sousei, *shape.peers]
    for i in range(warmup + n):
        pages: dict[str, Page] = {}
        for contender in everyone:
            start = time.perf_counter()
            response, page = contender.fetch(sessions[contender.server], i)
            elapsed = time.perf_counter() - start
            if not response.ok:
                raise RuntimeError(f"{contender.label}: HTTP {response.status_code}")
            contender.example_url = contender.example_url or response.url
            pages[contender.label] = page()
            if i >= warmup:
                contender.samples.append(elapsed * 1000)
        reference = pages[shape.sousei.label]
        if i == 0 and not reference.rows:
            raise RuntimeError(f"{shape.name}: sousei returned no rows; nothing to compare")
        for peer in shape.peers:
            page = pages[peer.label]
            problem = same_page(reference, page, sort_index, ties_by_id=peer.ties_by_id)
            shape.compared += 1
            if problem and peer.label not in shape.mismatches:
                shape.mismatches[peer.label] = f"request {i}: {problem}"


def keyset_tokens(base: str, resource_id: str, columns: list[str], offset: int) -> dict[int, str]:
    """Datasette `_next` tokens for row `offset` of each town, from the row sousei puts before it.

    A Datasette client pages with these tokens; building one needs the previous page's last row.
    """
    tokens: dict[int, str] = {}
    fetch = sousei_fetch(base, resource_id, columns, offset=offset - 1, q=False)
    sort_index = 1 + columns.index(SORT_COL)
    with requests.Session() as session:
        for i in range(len(TOWNS)):
            response, page = fetch(session, i)
            response.raise_for_status()
            row = page().rows[0]
            value = row[sort_index]
            tokens[i] = f"{'$null' if value is None else value},{row[0]}"
    return tokens


# --- report -------------------------------------------------------------------------------


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered), "p95_ms": p95, "n": len(ordered)}


def print_table(shapes: list[Shape]) -> list[dict[str, Any]]:
    width = max(len(f"{s.name}  {p.label}") for s in shapes for p in s.peers)
    header = (
        f"{'shape  (Datasette route)':<{width}}  {'sousei med / p95 ms':>19}"
        f"  {'Datasette med / p95 ms':>22}  {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    results = []
    for shape in shapes:
        own = summary(shape.sousei.samples)
        for peer in shape.peers:
            theirs = summary(peer.samples)
            ratio = own["median_ms"] / theirs["median_ms"]
            label = f"{shape.name}  {peer.label}"
            check = "" if peer.label not in shape.mismatches else "  ROWS DIFFER"
            print(
                f"{label:<{width}}  {own['median_ms']:9.1f} / {own['p95_ms']:7.1f}"
                f"  {theirs['median_ms']:12.1f} / {theirs['p95_ms']:7.1f}  {ratio:5.2f}{check}"
            )
            results.append(
                {
                    "shape": shape.name,
                    "datasette_route": peer.label,
                    "sousei_example": shape.sousei.example_url,
                    "datasette_example": peer.example_url,
                    "sousei": own,
                    "datasette": theirs,
                    "ratio_sousei_over_datasette": ratio,
                    "same_rows": peer.label not in shape.mismatches,
                    "mismatch": shape.mismatches.get(peer.label),
                }
            )
    print("ratio = sousei median / Datasette median (< 1: sousei is faster; target: < 1)")
    for shape in shapes:
        for label, problem in shape.mismatches.items():
            print(f"MISMATCH {shape.name} / {label}: {problem}")
    return results


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ("sousei", "datasette", "sqlite-utils", "duckdb", "django", "gunicorn", "requests")
    found = {n: version(n) for n in names}
    found["sqlite"] = sqlite3.sqlite_version
    found["python"] = platform.python_version()
    return found


# --- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per shape")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per shape")
    parser.add_argument("--work", type=Path, help="keep files here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    temp = None if args.work else tempfile.mkdtemp(prefix="sousei-datastore-bench-")
    work: Path = args.work or Path(temp)  # type: ignore[arg-type]
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, work)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    started = time.perf_counter()
    messy = work / "messy.csv"
    write(messy, args.rows)
    print(f"{args.rows:,} rows, {messy.stat().st_size / 1e6:.0f} MB CP932 in {work}", flush=True)
    env = {**os.environ, "SOUSEI_DATA_DIR": str(work / "sousei-data")}
    shutil.rmtree(work / "sousei-data", ignore_errors=True)
    load_s = load_sousei(messy, env)
    print(f"sousei load: {load_s:.1f} s", flush=True)
    sousei_base = f"http://127.0.0.1:{free_port()}"
    datasette_base = f"http://127.0.0.1:{free_port()}"
    sousei_cmd = [
        *(str(VENV_BIN / "sousei"), "serve", "--no-worker"),
        *("--host", "127.0.0.1", "--port", sousei_base.rsplit(":", 1)[1]),
    ]
    datasette_cmd = [
        *(str(VENV_BIN / "datasette"), "serve"),
        *("-i", str(work / f"{DB_INDEXED}.db"), "-i", str(work / f"{DB_PLAIN}.db")),
        *("--host", "127.0.0.1", "--port", datasette_base.rsplit(":", 1)[1]),
        *DATASETTE_SETTINGS,
    ]
    package_url = f"{sousei_base}/api/3/action/package_show?id={DATASET}"
    with ExitStack() as stack:
        stack.enter_context(server("sousei", sousei_cmd, env, work / "sousei.log", package_url))
        resource = requests.get(package_url, timeout=10).json()["result"]["resources"][0]
        first_ms = first_search_ms(sousei_base, resource["id"])
        print(f"first datastore_search after start-up: {first_ms:.0f} ms", flush=True)
        export = work / "export.parquet"
        download = requests.get(resource["url"].replace("/download/csv/", "/download/parquet/"))
        download.raise_for_status()
        export.write_bytes(download.content)
        columns = pq.ParquetFile(export).schema_arrow.names
        built = build_sqlite(export, work)
        print(
            "SQLite from sousei's Parquet export: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in built.items()),
            flush=True,
        )
        ready = f"{datasette_base}/-/versions.json"
        stack.enter_context(server("datasette", datasette_cmd, env, work / "datasette.log", ready))
        per_town = args.rows // len(TOWNS)
        offset = min(OFFSET, max(per_town - PAGE, per_town // 2))  # a full page when there is one
        shapes = make_shapes(sousei_base, datasette_base, resource["id"], columns, offset)
        sort_index = 1 + columns.index(SORT_COL)
        load_before = os.getloadavg()[0]
        with requests.Session() as own, requests.Session() as peer:
            sessions = {"sousei": own, "datasette": peer}
            for shape in shapes:
                print(f"running {shape.name} …", flush=True)
                run_shape(shape, sessions, args.requests, args.warmup, sort_index)
        load_after = os.getloadavg()[0]
    report(args, shapes, offset)
    # Both servers share the machine's cores; another busy process skews the figures.
    print(f"load average (1 min) {load_before:.2f} before the requests, {load_after:.2f} after")
    print()
    results = print_table(shapes)
    if args.json:
        write_json(
            args.json,
            {
                "rows": args.rows,
                "requests": args.requests,
                "warmup": args.warmup,
                "offset": offset,
                "sqlite_source": "sousei's Parquet export (same typed values)",
                "datasette_settings": DATASETTE_SETTINGS,
                "sousei_load_s": load_s,
                "sousei_first_search_ms": first_ms,
                "sqlite_build_s": built,
                "run_s": time.perf_counter() - started,
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                "load_average_1min": {"before": load_before, "after": load_after},
                "versions": versions(),
                "results": results,
            },
        )
    if any(shape.mismatches for shape in shapes):
        sys.exit(1)


def first_search_ms(base: str, resource_id: str) -> float:
    """One filtered, sorted page before any other search: what the first reader waits, the
    worker's in-memory copy of the version included (see SOUSEI_WAREHOUSE_MEMORY_MB)."""
    params = {
        "resource_id": resource_id,
        "filters": json.dumps({FILTER_COL: TOWNS[0]}, ensure_ascii=False),
        "sort": f"{SORT_COL} desc",
        "limit": PAGE,
    }
    start = time.perf_counter()
    requests.get(f"{base}/api/3/action/datastore_search", params=params).raise_for_status()
    return (time.perf_counter() - start) * 1000


def make_shapes(
    sousei: str, datasette: str, resource_id: str, columns: list[str], offset: int
) -> list[Shape]:
    """The query shapes, each with sousei's request and the Datasette routes that answer it."""

    def own(off: int, *, q: bool = False) -> Contender:
        fetch = sousei_fetch(sousei, resource_id, columns, offset=off, q=q)
        return Contender("sousei", "sousei datastore_search", fetch)

    def table(db: str, label: str, **kwargs: Any) -> Contender:
        fetch = datasette_table_fetch(datasette, db, **kwargs)
        return Contender("datasette", label, fetch, ties_by_id="next_tokens" in kwargs)

    def sql(db: str, label: str) -> Contender:
        fetch = datasette_sql_fetch(datasette, db, columns, offset=offset)
        return Contender("datasette", label, fetch)

    keyset = []  # Datasette's own paging: a `_next` token from the row before the page
    if offset:
        tokens = keyset_tokens(sousei, resource_id, columns, offset)
        keyset = [table(DB_INDEXED, "table API _next, indexed", search=False, next_tokens=tokens)]
    return [
        Shape(
            f"(a) {FILTER_COL}=town, sort {SORT_COL} desc, 100",
            own(0),
            [
                table(DB_INDEXED, "table API, indexed", search=False),
                table(DB_PLAIN, "table API, no index", search=False),
            ],
        ),
        Shape(
            f"(b) (a) at offset {offset:,}",
            own(offset),
            [
                sql(DB_INDEXED, "SQL API OFFSET, indexed"),
                *keyset,
                sql(DB_PLAIN, "SQL API OFFSET, no index"),
            ],
        ),
        Shape(
            f"(c) q=town, sort {SORT_COL} desc, 100",
            own(0, q=True),
            [table(DB_INDEXED, "_search (FTS5 on c1-c3)", search=True)],
        ),
    ]


def report(args: argparse.Namespace, shapes: list[Shape], offset: int) -> None:
    pairs = sum(shape.compared for shape in shapes)
    print()
    print(
        f"{args.rows:,} rows; per shape {args.requests} timed requests to each server after "
        f"{args.warmup} warm-up, alternating; the filter value cycles through the {len(TOWNS)} "
        f"towns ({args.rows // len(TOWNS):,} rows each); {pairs} response pairs compared"
    )
    print(
        "Datasette: SQLite built from sousei's Parquet export (same typed values), immutable, "
        f"suggest_facets off; 'indexed' = index on {FILTER_COL} + FTS5 on "
        f"{', '.join(TEXT_COLS)}. Its table API counts the matches as sousei does; its SQL API "
        "(needed to page a table by OFFSET) does not."
    )
    print(
        "sousei: `sousei serve` (gunicorn, 2 workers); datastore_search with its default total, "
        "each worker keeping the version in memory, compressed (SOUSEI_WAREHOUSE_MEMORY_MB, made "
        "by its first search). q is a substring match over every text column; Datasette's _search "
        "is FTS5 tokens."
    )


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
