"""The Parquet export of the standard statistics: every figure and series, in the documented
layout, replaced as a whole, and the `sousei stats export-parquet` command."""

from __future__ import annotations

import json

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sousei.cli import main
from sousei.errors import InvalidInput
from sousei.stats.parquet import FIGURES_SCHEMA, SERIES_SCHEMA, statistics_export

pytestmark = pytest.mark.django_db

ICHINOSEKI = "032093"


def _series(kind: str, rows: list[dict], **fields):
    from sousei.stats.models import StatSeries, StatValue

    series = StatSeries.objects.create(kind=kind, source="juki", layout="test", **fields)
    StatValue.objects.bulk_create(StatValue(series=series, **row) for row in rows)
    return series


@pytest.fixture
def moves():
    """Ichinoseki's moves in 2022 (seed 004): all counterparts, and from 札幌市."""
    rows = [
        {"area_code": ICHINOSEKI, "measure": "in", "year": 2022, "value": 2513},
        {
            "area_code": ICHINOSEKI,
            "measure": "in",
            "year": 2022,
            "value": 40,
            "counterpart_code": "011002",
            "counterpart_name": "札幌市",
        },
    ]
    return _series("migration", rows, vintage="令和4年")


def _figures(directory):
    return ds.dataset(directory / "figures", format="parquet", partitioning="hive").to_table()


def test_every_figure_and_series_is_exported_in_the_documented_layout(tmp_path, moves):
    from sousei.stats.models import StatSeries, StatValue

    summary = statistics_export(tmp_path / "statistics")
    root = summary.directory
    measures = set(StatValue.objects.values_list("measure", flat=True))
    assert {p.name for p in (root / "figures").iterdir()} == {f"measure={m}" for m in measures}
    assert pq.read_schema(root / "figures" / "measure=in" / "part-0.parquet") == FIGURES_SCHEMA
    table = _figures(root)
    assert table.num_rows == StatValue.objects.count() == sum(summary.rows.values())
    series = pq.read_table(root / "series.parquet")
    assert series.schema == SERIES_SCHEMA
    assert series.num_rows == StatSeries.objects.count() == summary.series
    manifest = json.loads((root / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1 and manifest["rows"] == summary.rows
    assert sorted(series.column("import_order").to_pylist()) == list(range(1, summary.series + 1))


def test_figures_keep_their_values_and_an_empty_counterpart_is_null(tmp_path, moves):
    root = statistics_export(tmp_path / "statistics").directory
    rows = [r for r in _figures(root).to_pylist() if r["series_id"] == str(moves.pk)]
    assert sorted((r["value"], r["counterpart_code"], r["measure"]) for r in rows) == [
        (40, "011002", "in"),
        (2513, None, "in"),
    ]
    assert {(r["year"], r["date"], r["sex"], r["age"]) for r in rows} == {
        (2022, None, "total", "total")
    }
    (series,) = [
        s
        for s in pq.read_table(root / "series.parquet").to_pylist()
        if s["series_id"] == str(moves.pk)
    ]
    assert (series["kind"], series["vintage"], series["is_projection"]) == (
        "migration",
        "令和4年",
        False,
    )


def test_series_imported_at_one_instant_are_ordered_as_imported(tmp_path):
    from sousei.stats.models import StatSeries

    row = {"area_code": ICHINOSEKI, "measure": "births", "year": 2030, "value": 1}
    first, second = (_series("vital", [row]) for _ in range(2))
    StatSeries.objects.filter(pk=first.pk).update(created_at=second.created_at)
    root = statistics_export(tmp_path / "statistics").directory
    order = {
        s["series_id"]: s["import_order"]
        for s in pq.read_table(root / "series.parquet").to_pylist()
    }
    assert order[str(first.pk)] + 1 == order[str(second.pk)]


def test_an_export_replaces_the_last_and_never_another_folder(tmp_path, moves):
    target = tmp_path / "statistics"
    statistics_export(target)
    (target / "figures" / "measure=in" / "stale.parquet").write_bytes(b"old")
    statistics_export(target)
    assert not (target / "figures" / "measure=in" / "stale.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["statistics"]  # no temp dirs left
    other = tmp_path / "documents"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInput) as refused:
        statistics_export(other)
    assert refused.value.code == "not_an_export"
    assert (other / "keep.txt").read_text() == "mine"


def test_the_command_writes_the_export(tmp_path, moves):
    result = CliRunner().invoke(main, ["stats", "export-parquet", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "in: " in result.output and "written" in result.output
    assert (tmp_path / "out" / "_manifest.json").is_file()
    (tmp_path / "else").mkdir()
    (tmp_path / "else" / "file").write_text("x")
    refused = CliRunner().invoke(main, ["stats", "export-parquet", str(tmp_path / "else")])
    assert refused.exit_code == 1 and "Error:" in refused.output
