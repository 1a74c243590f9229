"""Backup and restore of a whole instance: the database, the warehouse and the uploaded files,
in one archive with a manifest of checksums and row counts.

`sousei backup OUT` writes `OUT` (a .tar.gz) atomically; `sousei restore IN` refuses an archive
whose files do not match their checksums and an instance that already holds data, then loads
the database, puts the files back and checks the row counts against the manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sousei.errors import InvalidInput, SouseiError

Say = Callable[[str], None]
FORMAT = 1
# Kept out of the dump: rebuilt by migrate (content types, permissions) or worthless (sessions).
EXCLUDED = {"contenttypes", "auth.Permission", "sessions"}
# What "holds data": a restore goes only onto an instance with none of these.
CONTENT_MODELS = (
    "catalog.Dataset",
    "stats.StatSeries",
    "strategy.Strategy",
    "participation.Comment",
    "participation.Story",
    "auth.User",
)


def _backed_up(model: Any) -> bool:
    meta = model._meta
    return not (meta.app_label in EXCLUDED or meta.label in EXCLUDED or meta.proxy)


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models() if _backed_up(m)}


def _exact(value: Any) -> str:
    """JSON for what json cannot hold, without loss: datetimes to the microsecond (Django's
    own JSON rounds them to milliseconds, its XML strips text's surrounding whitespace)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to the backup")


def _dump(path: Path) -> None:
    from django.apps import apps
    from django.core import serializers

    app_list = [(config, None) for config in apps.get_app_configs()]
    objects: list[dict[str, Any]] = []
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if not _backed_up(model):
            continue
        rows = model._default_manager.order_by(model._meta.pk.name).iterator()
        objects += serializers.serialize("python", rows, use_natural_foreign_keys=True)
    path.write_text(json.dumps(objects, default=_exact, ensure_ascii=False), encoding="utf-8")


def backup_create(out: Path, *, say: Say = lambda _: None) -> dict[str, Any]:
    """Write the archive and return its manifest."""
    from django.conf import settings

    from sousei.catalog.services import warehouse
    from sousei.storage import fetch, file_sha256, kept_names

    out = out.resolve()
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        root = Path(tmp) / "backup"
        (root / "files").mkdir(parents=True)
        say("データベースを書き出しています / dumping the database …")
        _dump(root / "database.json")
        say("ウェアハウスを複製しています / copying the warehouse …")
        warehouse_dir = Path(settings.DATA_DIR) / "warehouse"
        if warehouse_dir.exists():
            warehouse().snapshot(root / "files" / "warehouse")
        say("保管ファイルを複製しています / copying the kept files …")
        for name in kept_names():
            target = root / "files" / "uploads" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fetch(name, target)
        files = sorted(p for p in root.rglob("*") if p.is_file())
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "counts": _counts(),
            "files": {str(p.relative_to(root)): file_sha256(p) for p in files},
        }
        (root / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(root, arcname="backup")
        partial.replace(out)
    say(f"書き出しました / written: {out} ({len(manifest['files'])} files)")
    return manifest


def _bad(ja: str, en: str) -> InvalidInput:
    return InvalidInput(ja, en, code="bad_backup")


def _extract(archive: Path, into: Path) -> Path:
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise _bad(f"バックアップを読めません: {exc}", f"Cannot read the backup: {exc}") from exc
    root = into / "backup"
    if not (root / "manifest.json").exists():
        raise _bad("manifest.json がありません。", "The backup has no manifest.json.")
    return root


def _verify(root: Path, manifest: dict[str, Any]) -> None:
    """Every listed file present with its checksum, and no file that is not listed."""
    from sousei.storage import file_sha256

    present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} - {"manifest.json"}
    listed = set(manifest["files"])
    if present != listed:
        extra, missing = sorted(present - listed), sorted(listed - present)
        raise _bad(
            f"バックアップのファイルが目録と合いません（余分 {extra[:3]}、不足 {missing[:3]}）。",
            f"The backup's files do not match its manifest (extra {extra[:3]}, "
            f"missing {missing[:3]}).",
        )
    for name, digest in manifest["files"].items():
        if file_sha256(root / name) != digest:
            raise _bad(
                f"ファイル {name} のチェックサムが合いません。",
                f"The checksum of {name} does not match.",
            )


def _check_empty() -> None:
    from django.apps import apps

    held = [label for label in CONTENT_MODELS if apps.get_model(label).objects.exists()]
    if held:
        raise SouseiError(
            f"この環境には既にデータがあります（{', '.join(held)}）。空の環境に復元してください。",
            f"This instance already holds data ({', '.join(held)}); restore onto an empty one.",
            code="instance_not_empty",
            status=409,
        )


def _reset_sequences() -> None:
    """PostgreSQL keeps id sequences apart from the rows; after loading, move them past the
    largest id, or the next insert would collide."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(apps.get_models()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backup_restore(archive: Path, *, say: Say = lambda _: None) -> dict[str, Any]:
    """Restore an archive onto an empty, initialised instance; returns its manifest."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from sousei.stats.selectors import stamp_forget
    from sousei.storage import keep

    with tempfile.TemporaryDirectory() as tmp:
        root = _extract(archive, Path(tmp))
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise _bad("対応していない形式です。", "Unsupported backup format.")
        say("チェックサムを確かめています / verifying checksums …")
        _verify(root, manifest)
        _check_empty()
        say("データベースを読み込んでいます / loading the database …")
        with transaction.atomic():
            call_command("loaddata", str(root / "database.json"), verbosity=0)
            _reset_sequences()
        say("ファイルを戻しています / putting the files back …")
        warehouse_copy = root / "files" / "warehouse"
        if warehouse_copy.exists():
            target = Path(settings.DATA_DIR) / "warehouse"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(warehouse_copy, target)
        kept = root / "files" / "uploads"
        for path in sorted(p for p in kept.rglob("*") if p.is_file()):
            keep(path.relative_to(kept).as_posix(), path)
    stamp_forget()
    counts = _counts()
    wrong = {k: (v, counts.get(k)) for k, v in manifest["counts"].items() if counts.get(k) != v}
    if wrong:
        raise SouseiError(
            f"復元後の件数が目録と合いません: {wrong}",
            f"Row counts after the restore differ from the manifest: {wrong}",
            code="restore_mismatch",
            status=500,
        )
    say(f"復元しました / restored: {sum(manifest['counts'].values()):,} rows, "
        f"{len(manifest['files'])} files")  # fmt: skip
    return manifest
