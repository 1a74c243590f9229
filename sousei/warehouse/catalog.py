"""Where versions live on disk, and the per-resource manifests readers trust.

Layout under the warehouse root::

    warehouse.duckdb                 tables r_<id>_v<n> + the `_versions` catalogue (writers only)
    write.lock                       flock'ed by the one writer
    journal.json                     the write in progress (present only while one runs or crashed)
    parquet/<id>/v<n>.parquet        immutable data of each version
    parquet/<id>/_manifest.json      the published versions, oldest first; the last is current

Every file that readers see is written to a hidden temp name in the same directory, fsync'ed, and
renamed into place, so a reader sees the old or the new file, never half of one. Names that start
with "." or "_" are also the ones Spark/Trino skip when pointed at a resource's directory.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sousei.warehouse.errors import WarehouseError

RESOURCE_ID_RE = re.compile(r"[a-z0-9_-]{1,64}")
TABLE_RE = re.compile(r"r_([a-z0-9_-]{1,64})_v([0-9]{1,9})")
PARQUET_RE = re.compile(r"v([0-9]{1,9})\.parquet")
MANIFEST = "_manifest.json"
TEMP_SUFFIX = ".tmp"
FORMAT = 1


@dataclass(frozen=True)
class VersionInfo:
    """One immutable, published load of a resource."""

    resource_id: str
    version: int
    table_name: str
    parquet_path: Path
    row_count: int
    columns: list[tuple[str, str]]
    created_at: datetime

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def to_json(self) -> dict[str, Any]:
        """The manifest entry; the Parquet path is stored relative so the root can move."""
        return {
            "version": self.version,
            "table_name": self.table_name,
            "parquet": self.parquet_path.name,
            "row_count": self.row_count,
            "columns": [list(c) for c in self.columns],
            "created_at": self.created_at.isoformat(),
        }

    @classmethod
    def from_json(cls, resource_id: str, directory: Path, entry: dict[str, Any]) -> VersionInfo:
        return cls(
            resource_id=resource_id,
            version=int(entry["version"]),
            table_name=str(entry["table_name"]),
            parquet_path=directory / str(entry["parquet"]),
            row_count=int(entry["row_count"]),
            columns=[(str(n), str(t)) for n, t in entry["columns"]],
            created_at=datetime.fromisoformat(entry["created_at"]),
        )


def check_resource_id(resource_id: object) -> str:
    """Resource ids become file and table names, so only a safe alphabet gets through."""
    if not isinstance(resource_id, str) or not RESOURCE_ID_RE.fullmatch(resource_id):
        raise WarehouseError(
            f"リソースID「{resource_id}」は英小文字・数字・_・- の 1〜64 文字にしてください。",
            f"Resource id {resource_id!r} must be 1-64 characters of a-z, 0-9, _ and -.",
            code="invalid_resource_id",
        )
    return resource_id


def check_version(version: object) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise WarehouseError(
            f"版「{version}」は 1 以上の整数にしてください。",
            f"Version {version!r} must be a positive integer.",
            code="invalid_version",
        )
    return version


def table_name(resource_id: str, version: int) -> str:
    """Unique per (resource, version): the id alphabet has no way to fake a "_v<digits>" tail."""
    return f"r_{resource_id}_v{version}"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Layout:
    """Paths under one warehouse root; nothing here touches the disk except the listings."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self.db_path = self.root / "warehouse.duckdb"
        self.lock_path = self.root / "write.lock"
        self.journal_path = self.root / "journal.json"
        self.parquet_dir = self.root / "parquet"

    def resource_dir(self, resource_id: str) -> Path:
        return self.parquet_dir / resource_id

    def parquet_path(self, resource_id: str, version: int) -> Path:
        return self.resource_dir(resource_id) / f"v{version}.parquet"

    def manifest_path(self, resource_id: str) -> Path:
        return self.resource_dir(resource_id) / MANIFEST

    def resource_ids(self) -> list[str]:
        """Every resource directory (published or not), sorted."""
        if not self.parquet_dir.is_dir():
            return []
        return sorted(
            p.name
            for p in self.parquet_dir.iterdir()
            if p.is_dir() and RESOURCE_ID_RE.fullmatch(p.name)
        )

    def temp_files(self) -> Iterator[Path]:
        """Leftovers of interrupted atomic writes (ours are always hidden and end in .tmp)."""
        yield from self.root.glob(f".*{TEMP_SUFFIX}")
        yield from self.parquet_dir.glob(f"*/.*{TEMP_SUFFIX}")


def temp_path(final: Path) -> Path:
    """A hidden, unique sibling of `final`: same file system, so the rename is atomic."""
    return final.with_name(f".{final.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (POSIX needs the directory itself synced)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = temp_path(path)
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def read_manifest(layout: Layout, resource_id: str) -> list[VersionInfo]:
    """The published versions of a resource, oldest first ([] when it has none)."""
    path = layout.manifest_path(resource_id)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    try:
        data = json.loads(raw)
        directory = path.parent
        return [VersionInfo.from_json(resource_id, directory, e) for e in data["versions"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise WarehouseError(
            f"リソース「{resource_id}」の版の目録が壊れています。",
            f"The version manifest of resource '{resource_id}' is damaged: {exc}",
            code="corrupt",
        ) from exc


def write_manifest(layout: Layout, resource_id: str, versions: list[VersionInfo]) -> None:
    """Publish: after this rename, readers see exactly `versions` (the last one current)."""
    ordered = sorted(versions, key=lambda v: v.version)
    write_json_atomic(
        layout.manifest_path(resource_id),
        {
            "format": FORMAT,
            "resource_id": resource_id,
            "versions": [v.to_json() for v in ordered],
        },
    )


def write_journal(layout: Layout, op: str, resource_id: str, version: int | None) -> None:
    """Record the write about to start, so a crash can be undone or finished by the next writer."""
    write_json_atomic(
        layout.journal_path,
        {"op": op, "resource_id": resource_id, "version": version, "pid": os.getpid()},
    )


def read_journal(layout: Layout) -> dict[str, Any] | None:
    try:
        data = json.loads(layout.journal_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        return {"op": "unknown"}  # a torn journal cannot happen (atomic write) but is harmless
    return data if isinstance(data, dict) else {"op": "unknown"}


def clear_journal(layout: Layout) -> None:
    layout.journal_path.unlink(missing_ok=True)
    fsync_dir(layout.root)
