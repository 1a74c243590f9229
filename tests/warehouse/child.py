"""A separate process that writes to a warehouse, for the crash and concurrency tests.

Usage: python child.py ROOT RESOURCE ROWS [--stall-before-publish] [--lock-timeout S] [--pause S]

Prints "progress" on the first batch and "committed" when the DuckDB transaction has committed
(with --stall-before-publish it then sleeps instead of writing the manifest, so the parent can
kill it in the window between the DuckDB commit and the publish). --pause sleeps in the first
progress callback, i.e. while holding the writer lock.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from sousei.warehouse import Warehouse, store


def big_table(rows: int) -> pa.Table:
    ids = pa.array(range(rows), pa.int64())
    return pa.table(
        {
            "n": ids,
            "x": pc.multiply(pc.cast(ids, pa.float64()), 0.5),
            "s": pc.cast(ids, pa.string()),
        }
    )


def main(argv: list[str]) -> int:
    root, resource, rows = Path(argv[0]), argv[1], int(argv[2])
    lock_timeout = float(argv[argv.index("--lock-timeout") + 1]) if "--lock-timeout" in argv else 60
    pause = float(argv[argv.index("--pause") + 1]) if "--pause" in argv else 0.0
    if "--stall-before-publish" in argv:

        def stall(*args: object, **kwargs: object) -> None:
            print("committed", flush=True)
            time.sleep(120)

        store.write_manifest = stall  # type: ignore[assignment]
    started = False

    def progress(done: int, total: int) -> None:
        nonlocal started
        if not started:
            started = True
            print("progress", flush=True)
            time.sleep(pause)

    table = big_table(rows)
    info = Warehouse(root, lock_timeout_s=lock_timeout).load(resource, table, on_progress=progress)
    print(f"version {info.version} rows {info.row_count}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
