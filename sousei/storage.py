"""Kept files: each version's file as uploaded, published reports, and — when the store is a
bucket — a Parquet copy of every published version of a public dataset, for Spark or Trino
to read there (a private dataset's tables never leave the warehouse).

Layout, the same in a folder and in a bucket:

    <resource id>/v<n>/<file name>        the version's file as uploaded
    parquet/<resource id>/v<n>.parquet    the version's table (bucket only; public datasets)
    reports/<strategy id>/<stamp>.<pdf|xlsx>   a published 効果検証 report (names on Report.files)

They live in Django's default storage, a folder under `SOUSEI_DATA_DIR` or an S3-compatible
bucket (`SOUSEI_STORAGE_URL`). The warehouse keeps its own Parquet files on local disk: DuckDB
reads them there, and a bucket only receives copies.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks (uploads may be hundreds of megabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def original_name(resource_id: str, version: int, filename: str) -> str:
    return f"{resource_id}/v{version}/{filename}"


def parquet_name(resource_id: str, version: int) -> str:
    return f"parquet/{resource_id}/v{version}.parquet"


def report_name(strategy_id: int, stamp: str, fmt: str) -> str:
    """A name made once per publication (`stamp`), so a rolled-back or restored report id can
    never pick up another report's file."""
    return f"reports/{strategy_id}/{stamp}.{fmt}"


def file_store() -> Storage:
    return storages["default"]


def is_bucket() -> bool:
    """True when kept files leave this machine (an S3-compatible bucket)."""
    return not isinstance(file_store(), FileSystemStorage)


def keep(name: str, source: Path) -> str:
    """Store a local file under `name`, replacing what was there; returns the stored name."""
    with source.open("rb") as handle:
        return file_store().save(name, File(handle, name=Path(name).name))


def keep_bytes(name: str, content: bytes) -> str:
    with tempfile.NamedTemporaryFile() as tmp:
        tmp.write(content)
        tmp.flush()
        return keep(name, Path(tmp.name))


def read_bytes(name: str) -> bytes:
    with file_store().open(name, "rb") as handle:
        return handle.read()


def fetch(name: str, target: Path) -> None:
    """Copy a kept file to a local path, streamed (uploads may be hundreds of megabytes)."""
    with file_store().open(name, "rb") as src, target.open("wb") as out:
        shutil.copyfileobj(src, out, 1024 * 1024)


@contextmanager
def local_copy(name: str) -> Iterator[Path]:
    """A path on this machine to a kept file: the file itself in the folder store, a temporary
    copy (removed afterwards) from a bucket."""
    store = file_store()
    if not is_bucket():
        yield Path(store.path(name))
        return
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / Path(name).name
        fetch(name, target)
        yield target


def kept_names(prefix: str = "") -> list[str]:
    """Every kept file's name under `prefix`, sorted (for backups)."""
    store = file_store()
    if not is_bucket() and not Path(settings.MEDIA_ROOT).exists():
        return []
    names: list[str] = []
    pending = [prefix.strip("/")]
    while pending:
        folder = pending.pop()
        directories, files = store.listdir(folder)
        names.extend(f"{folder}/{f}" if folder else f for f in files)
        pending.extend(f"{folder}/{d}" if folder else d for d in directories)
    return sorted(names)
