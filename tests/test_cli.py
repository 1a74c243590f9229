"""The `sousei` command, in process (on the test database) and as a real subprocess."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sousei.cli import EXAMPLES, main


def test_help_lists_every_command_with_a_description_and_an_example():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        assert f"\n  {name} " in result.output, name
        assert EXAMPLES[name] in result.output, name


@pytest.mark.django_db
def test_areas_show_oracle():
    result = CliRunner().invoke(main, ["areas", "show", "03209"])
    assert result.exit_code == 0, result.output
    assert "032093" in result.output
    assert "一関市" in result.output
    assert "岩手県" in result.output


@pytest.mark.django_db
def test_areas_show_json_matches_the_api(client):
    result = CliRunner().invoke(main, ["areas", "show", "011011", "--json"])
    assert json.loads(result.output) == client.get("/api/v1/areas/011011").json()


@pytest.mark.django_db
def test_areas_show_bad_check_digit_exits_nonzero_in_both_languages():
    result = CliRunner().invoke(main, ["areas", "show", "032094"])
    assert result.exit_code == 1
    assert "エラー" in result.output
    assert "check digit" in result.output
    assert "Traceback" not in result.output


@pytest.mark.django_db
def test_areas_list_by_prefecture():
    result = CliRunner().invoke(
        main, ["areas", "list", "--prefecture", "岩手県", "--kind", "municipality"]
    )
    assert result.exit_code == 0
    assert "33 件" in result.output
    assert "032093  一関市" in result.output


@pytest.mark.django_db
def test_createuser_with_role_from_stdin():
    from django.contrib.auth import authenticate

    from sousei.orgs.models import Membership

    result = CliRunner().invoke(
        main,
        ["createuser", "sato", "--org", "332020", "--role", "viewer", "--password-stdin"],
        input="a-long-test-passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = authenticate(username="sato", password="a-long-test-passphrase")
    assert Membership.objects.get(user=user).organisation.name == "倉敷市"


@pytest.mark.django_db
def test_createuser_refuses_a_weak_password():
    result = CliRunner().invoke(main, ["createuser", "weak", "--password-stdin"], input="1234\n")
    assert result.exit_code == 1
    assert "password" in result.output.lower()


def run(args, data_dir, **kwargs):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SOUSEI_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "sousei", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )


def test_init_is_idempotent_and_writes_only_inside_the_data_dir(tmp_path):
    data_dir = tmp_path / "data"
    work = tmp_path / "cwd"
    work.mkdir()
    for _ in range(2):
        result = run(["init"], data_dir, cwd=work)
        assert result.returncode == 0, result.stderr
    assert list(work.iterdir()) == []
    assert (data_dir / "sousei.sqlite3").exists()
    assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0
    with sqlite3.connect(data_dir / "sousei.sqlite3") as db:
        (count,) = db.execute("select count(*) from areas_area").fetchone()
    assert count == 47 + 1741 + 171  # prefectures, 市区町村, wards of the designated cities

    shown = run(["areas", "show", "131016"], data_dir)
    assert shown.returncode == 0
    assert "千代田区" in shown.stdout
    bad = run(["areas", "show", "999"], data_dir)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr


def test_serve_refuses_an_uninitialised_database(tmp_path):
    result = run(["serve", "--port", "1"], tmp_path)
    assert result.returncode == 1
    assert "sousei init" in result.stderr


def test_stats_import_prints_what_it_recognised(tmp_path):
    source = Path(__file__).parent / "stats" / "data" / "ichinoseki-vital-h30-r4.cp932.csv"
    env = {**os.environ, "SOUSEI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    cmd = [sys.executable, "-m", "sousei"]
    subprocess.run([*cmd, "init"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [*cmd, "stats", "import", str(source), "--area", "03209"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "vital_rows" in done.stdout and "出生・死亡" in done.stdout
    assert "statistics-032093" in done.stdout
    bad = subprocess.run(
        [*cmd, "stats", "import", str(source.parent / "README.md"), "--area", "03209"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "Error:" in bad.stderr
