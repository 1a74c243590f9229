"""Creating and upgrading a sousei instance: data directory, secret, database, area master."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sousei.config import read_config

Say = Callable[[str], None]


def data_dir() -> Path:
    return Path(read_config()["SOUSEI_DATA_DIR"]).expanduser().resolve()


def data_dir_prepare() -> Path:
    """Create the data directory and, in embedded mode, a persistent secret key.

    Runs before Django starts, so every worker process reads the same key.
    """
    config = read_config()
    root = data_dir()
    root.mkdir(parents=True, exist_ok=True)
    key_file = root / "secret_key"
    if not config["SOUSEI_SECRET_KEY"] and not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(64))
    return root


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def instance_init(*, say: Say = lambda _: None) -> None:
    """Create or upgrade the database and load the area master; safe to run again."""
    from django.core.management import call_command

    from sousei.areas.services import area_master_sync

    say("データベースを作成・更新しています / migrating the database …")
    call_command("migrate", interactive=False, verbosity=0)
    say("全国地方公共団体コードを読み込んでいます / loading the national area master …")
    count = area_master_sync()
    say(f"  {count} 団体 / areas")
    say("静的ファイルを集めています / collecting static files …")
    call_command("collectstatic", interactive=False, verbosity=0)
