"""Ingest benchmark: sousei's load against DuckDB, sqlite-utils and pandas, in one run.

Each contender runs in its own process, from nothing (its output removed first); we report the
median wall time over `--repeat` rounds (contenders take turns, so drift hits all alike) and the
largest peak RSS. The peers get a UTF-8 copy with the title and notes rows removed (they cannot
skip them by themselves); sousei reads the original CP932 file as a city publishes it.

    .venv/bin/python bench/ingest_bench.py [--rows 1000000] [--repeat 3] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_messy_csv import write  # noqa: E402

VENV_BIN = Path(sys.executable).parent

CONTENDERS = {
    "sousei load (CP932 original → published version)": lambda w: [
        str(VENV_BIN / "sousei"),
        "load",
        str(w / "messy.csv"),
        "--org",
        "032093",
        "--dataset",
        "bench",
    ],
    "duckdb read_csv all_varchar (UTF-8 copy; the floor)": lambda w: [
        sys.executable,
        "-c",
        "import duckdb,sys; c=duckdb.connect(sys.argv[1]);"
        'c.execute("create table t as select * from read_csv(?, all_varchar=true)", [sys.argv[2]])',
        str(w / "floor.duckdb"),
        str(w / "clean.csv"),
    ],
    "sqlite-utils insert --csv (Datasette's route)": lambda w: [
        str(VENV_BIN / "sqlite-utils"),
        "insert",
        str(w / "su.db"),
        "t",
        str(w / "clean.csv"),
        "--csv",
    ],
    "pandas read_csv + to_sql": lambda w: [
        sys.executable,
        "-c",
        "import pandas as pd, sqlite3, sys; df=pd.read_csv(sys.argv[2], thousands=',');"
        "df.to_sql('t', sqlite3.connect(sys.argv[1]), index=False)",
        str(w / "pd.db"),
        str(w / "clean.csv"),
    ],
}


def _clean_copy(source: Path, dest: Path) -> None:
    lines = source.read_text(encoding="cp932").splitlines()
    dest.write_text("\n".join(lines[1:-1]) + "\n", encoding="utf-8")


def _run(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    os.sync()  # no contender pays for writing back the files made before it
    with log.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


OUTPUTS = ["sousei-data", "floor.duckdb", "su.db", "pd.db"]  # in CONTENDERS' order


def _fresh(work: Path, output: str, env: dict[str, str]) -> None:
    """Remove a contender's output; sousei gets a new, initialised data directory."""
    path = work / output
    if path.is_dir():
        shutil.rmtree(path)
    path.unlink(missing_ok=True)
    if output == "sousei-data":
        subprocess.run([str(VENV_BIN / "sousei"), "init"], env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median is reported")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sousei-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    messy = work / "messy.csv"
    if not messy.exists():
        write(messy, args.rows)
        _clean_copy(messy, work / "clean.csv")
    size = messy.stat().st_size / 1e6
    print(f"{args.rows:,} rows, {size:.0f} MB CP932 in {work}; {args.repeat} rounds")
    env = {**os.environ, "SOUSEI_DATA_DIR": str(work / "sousei-data")}
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    peaks: dict[str, float] = dict.fromkeys(CONTENDERS, 0.0)
    for _ in range(args.repeat):
        for (name, make), output in zip(CONTENDERS.items(), OUTPUTS, strict=True):
            _fresh(work, output, env)
            log = work / "stderr.log"
            seconds, rss, code = _run(make(work), env, log)
            if code != 0:
                sys.exit(f"{name} failed (exit {code}):\n{log.read_text(errors='replace')[-2000:]}")
            times[name].append(seconds)
            peaks[name] = max(peaks[name], rss)
    results = {name: statistics.median(runs) for name, runs in times.items()}
    for name, seconds in results.items():
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"{seconds:8.2f} s  {peaks[name]:8.0f} MiB  {name}   ({runs})")
    names = list(results)
    sousei, floor = results[names[0]], results[names[1]]
    print(f"sousei / floor: {sousei / floor:.2f}×   (target ≤ 2×)")
    print(f"sqlite-utils / sousei: {results[names[2]] / sousei:.1f}×   (target ≥ 10×)")
    print(f"pandas / sousei: {results[names[3]] / sousei:.1f}×")


if __name__ == "__main__":
    main()
