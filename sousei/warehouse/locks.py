"""The single-writer rule across processes: an exclusive flock on `<root>/write.lock`.

flock belongs to the open file, so the kernel releases it when the holder exits or is killed;
a crashed writer never leaves the warehouse locked. Two threads of one process each open the file
and therefore exclude each other as well.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sousei.warehouse.errors import busy

POLL_S = 0.05


@contextmanager
def write_lock(path: Path, timeout_s: float) -> Iterator[None]:
    """Hold the writer lock; wait at most `timeout_s` for it, then raise WarehouseError("busy")."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(timeout_s, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise busy("write lock") from None
                time.sleep(POLL_S)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
