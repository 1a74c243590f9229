"""Work on side threads while reading a file.

pyarrow's kernels release the GIL (Python's codecs do not, but a column spends most of its time
in pyarrow), so the columns of a long file decode and convert side by side; on two cores this
takes a third off reading the benchmark's million rows. Results come back in column order,
and the first error is raised as if the columns had been done one by one.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _cpus() -> int:
    """CPUs this process may run on (a container's or taskset's share, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


WORKERS = min(4, _cpus())


def map_columns(func: Callable[[Item], Result], columns: Iterable[Item]) -> Iterator[Result]:
    """`map(func, columns)` on up to `WORKERS` threads, in order."""
    items = list(columns)
    if WORKERS == 1 or len(items) < 2:
        yield from map(func, items)
        return
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="sousei-ingest") as pool:
        yield from pool.map(func, items)


@contextmanager
def pandas_imported_meanwhile() -> Iterator[None]:
    """Import pandas on a side thread while the block runs (reading a file).

    pyarrow imports pandas the first time it converts a Python value (`pa.scalar`, `pa.array`
    of a list), which every load does soon after the file is split into cells. That import
    takes a fifth of a second of CPU; reading the file from disk and pyarrow's splitting leave
    a core free for much of that time. Whoever needs pandas first waits for this import.
    """
    if "pandas" in sys.modules:
        yield
        return
    thread = threading.Thread(target=_import_pandas, name="sousei-import-pandas", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _import_pandas() -> None:
    with contextlib.suppress(ImportError):  # then pyarrow does without it
        importlib.import_module("pandas")
