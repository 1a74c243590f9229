"""Running `sousei` as a real process on an instance of its own, for tests of what only whole
processes show (backups, storage, killed workers, several web workers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def embedded_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """This environment with the instance in `data_dir` on SQLite (the test run's own
    DATABASE_URL is left out) and `settings` added."""
    env = {**os.environ, **settings, "SOUSEI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return env


def sousei(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sousei", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def sousei_ok(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """The command's output, after checking it succeeded (its messages shown if not)."""
    done = sousei(env, *args, stdin=stdin)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def django_shell(env: dict[str, str], code: str) -> str:
    return sousei_ok(env, "manage", "shell", "-v", "0", "-c", code).strip()
