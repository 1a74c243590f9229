import re
import subprocess
import sys
from pathlib import Path

import pytest

from sousei.config import SETTINGS, ConfigError, read_config, settings_markdown_table

REPO = Path(__file__).resolve().parents[1]
GOOD_SECRET = "x7" * 30


def test_defaults_are_embedded_mode():
    values = read_config({})
    assert values["SOUSEI_ENV"] == "embedded"
    assert values["SOUSEI_DATA_DIR"] == "./sousei-data"
    assert values["DATABASE_URL"] is None
    assert values["SOUSEI_DEBUG"] is False
    assert values["SOUSEI_ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]


def test_production_without_secret_stops_with_a_clear_message():
    with pytest.raises(ConfigError, match="SOUSEI_SECRET_KEY"):
        read_config({"SOUSEI_ENV": "production", "SOUSEI_ALLOWED_HOSTS": "example.jp"})


def test_production_refuses_debug_and_short_secrets():
    base = {"SOUSEI_ENV": "production", "SOUSEI_ALLOWED_HOSTS": "example.jp"}
    with pytest.raises(ConfigError, match="DEBUG"):
        read_config({**base, "SOUSEI_SECRET_KEY": GOOD_SECRET, "SOUSEI_DEBUG": "1"})
    with pytest.raises(ConfigError, match="50"):
        read_config({**base, "SOUSEI_SECRET_KEY": "short"})


def test_malformed_values_name_the_setting():
    with pytest.raises(ConfigError, match="SOUSEI_DEBUG"):
        read_config({"SOUSEI_DEBUG": "maybe"})
    with pytest.raises(ConfigError, match="SOUSEI_ENV"):
        read_config({"SOUSEI_ENV": "staging"})


def _sousei(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "sousei", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


def test_serve_in_production_without_secret_exits_with_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "SOUSEI_ENV": "production", "SOUSEI_DATA_DIR": str(tmp_path)}
    result = _sousei("serve", env=env)
    assert result.returncode == 2
    assert "SOUSEI_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SOUSEI_ENV": "production",
        "SOUSEI_SECRET_KEY": "k9-" + "Zq8#mW2!pL5$" * 5,
        "SOUSEI_ALLOWED_HOSTS": "data.example.lg.jp",
        "SOUSEI_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_configuration_doc_lists_every_setting():
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert settings_markdown_table() in doc, "regenerate docs/configuration.md's table"
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", doc, flags=re.MULTILINE))
    assert documented == {s.name for s in SETTINGS}
