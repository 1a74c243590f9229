"""`sousei project` as a real subprocess: no database needed."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from .test_engine import MALE_2030
from .tiny import tiny

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "projection-input.json"


def run(args, data_dir):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SOUSEI_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "sousei", "project", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _input(tmp_path, data=None):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data or tiny(), ensure_ascii=False), encoding="utf-8")
    return path


def test_json_to_stdout_without_a_database(tmp_path):
    result = run([str(_input(tmp_path)), "--to", "2030"], tmp_path / "data")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["years"] == [2020, 2025, 2030]
    assert body["male"][2] == MALE_2030
    assert set(body) >= {"total", "female", "share_0_14", "share_15_64", "share_65_plus"}
    assert not (tmp_path / "data").exists()


def test_several_scenarios_and_target_options(tmp_path):
    args = [str(_input(tmp_path)), "--to", "2040", "--scenario", "base", "--scenario", "sim1"]
    result = run([*args, "--target-tfr", "1.8", "--reach-year", "2040"], tmp_path)
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert [r["scenario"] for r in results] == ["base", "sim1"]
    assert results[1]["total"][-1] > results[0]["total"][-1]


def test_csv_to_stdout(tmp_path):
    result = run([str(_input(tmp_path)), "--to", "2030", "--format", "csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:5] == ["地域コード", "地域名", "シナリオ", "年", "男女"]
    assert len(rows) == 1 + 3 * 3


def test_xlsx_needs_output_and_writes_a_workbook(tmp_path):
    source = str(_input(tmp_path))
    refused = run([source, "--format", "xlsx"], tmp_path)
    assert refused.returncode == 1
    assert "エラー" in refused.stderr and "--output" in refused.stderr
    target = tmp_path / "out.xlsx"
    args = [source, "--to", "2070", "--format", "xlsx", "--output", str(target)]
    written = run([*args, "--scenario", "base", "--scenario", "sim2"], tmp_path)
    assert written.returncode == 0, written.stderr
    assert load_workbook(target).sheetnames[0] == "総人口"
    assert len(load_workbook(target).sheetnames) == 3


def test_invalid_input_exits_1_in_both_languages(tmp_path):
    data = tiny()
    data["survival"]["male"][3] = 1.5  # a constant list: no step index
    result = run([str(_input(tmp_path, data)), "--to", "2030"], tmp_path)
    assert result.returncode == 1
    assert "エラー: 推計の入力が正しくありません: survival.male[3]" in result.stderr
    assert "Error: invalid projection input: survival.male[3]" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_documented_example_runs_for_every_scenario(tmp_path):
    args = [str(EXAMPLE), "--to", "2070", "--scenario", "base", "--scenario", "sim1"]
    result = run([*args, "--scenario", "sim2"], tmp_path)
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert [r["years"][-1] for r in results] == [2070] * 3
    base, s1, s2 = (r["total"] for r in results)
    assert base[0] == 11_220
    assert base[-1] < s1[-1] < s2[-1]
