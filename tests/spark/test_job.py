"""The Spark job ranks every municipality exactly as sousei does.

The data: every municipality from SSDSE-A 2025 and Ichinoseki's own tables, imported through
the real path (`imported_stats`), the demo, and a few figures added here for the rules that
decide what counts: a projection and a district (never counted), a newer 住基 total (the latest
date wins), two series imported at the same instant (the first imported wins), moves from one
counterpart (not a total) and the nation (not ranked). They are exported to Parquet, ranked by
Spark in local mode and compared with `ranking_rows` / `rank_area` area by area.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from sousei.spark import job
from tests.stats.conftest import imported_stats  # noqa: F401 - module fixture

pytestmark = [pytest.mark.django_db, pytest.mark.spark]

ICHINOSEKI, MORIOKA, OSHU = "032093", "032018", "032158"
RANKED = ("value", "rank", "percentile", "prefecture_rank", "size_band")


def _series(kind: str, source: str, rows: list[dict], *, is_projection: bool = False):
    from sousei.stats.models import StatSeries, StatValue

    series = StatSeries.objects.create(
        kind=kind, source=source, layout="test", is_projection=is_projection, row_count=len(rows)
    )
    StatValue.objects.bulk_create(StatValue(series=series, **row) for row in rows)
    return series


def _population(code: str, date: dt.date, value: int, age: str = "total") -> dict:
    row = {"area_code": code, "measure": "population", "date": date, "year": date.year}
    return {**row, "age": age, "value": value}


@pytest.fixture(scope="module")
def rule_cases(imported_stats, django_db_blocker):  # noqa: F811
    """Figures that exercise each counting rule, removed again after the module."""
    from sousei.stats.models import StatSeries

    with django_db_blocker.unblock():
        added = [
            _series(
                "population",
                "projection",
                [_population(ICHINOSEKI, dt.date(2045, 10, 1), 80_000)],
                is_projection=True,
            ),
            _series(
                "population", "juki", [_population(f"{ICHINOSEKI}-0001", dt.date(2024, 1, 1), 9)]
            ),
            _series("population", "juki", [_population(MORIOKA, dt.date(2024, 1, 1), 280_000)]),
            _series("population", "census", [_population("000000", dt.date(2020, 10, 1), 10**8)]),
            _series(
                "migration",
                "juki",
                [
                    {
                        "area_code": ICHINOSEKI,
                        "measure": "in",
                        "year": 2023,
                        "value": 50,
                        "counterpart_code": "011002",
                        "counterpart_name": "札幌市",
                    }
                ],
            ),
        ]
        births = {"area_code": OSHU, "measure": "births", "year": 2023}
        first, second = (_series("vital", "juki", [{**births, "value": v}]) for v in (700, 900))
        StatSeries.objects.filter(pk=second.pk).update(created_at=first.created_at)
        added += [first, second]
    yield
    with django_db_blocker.unblock():
        StatSeries.objects.filter(pk__in=[s.pk for s in added]).delete()


@pytest.fixture(scope="module")
def statistics_dir(rule_cases, django_db_blocker, tmp_path_factory) -> Path:
    from sousei.stats.parquet import statistics_export

    with django_db_blocker.unblock():
        return statistics_export(tmp_path_factory.mktemp("export") / "statistics").directory


@pytest.fixture(scope="module")
def spark_rankings(spark, statistics_dir) -> dict[str, dict[str, dict]]:
    """The job's rankings, by indicator and area code."""
    rows = job.national_rankings(job.national_indicators(spark, str(statistics_dir))).collect()
    found: dict[str, dict[str, dict]] = {}
    for row in rows:
        found.setdefault(row["indicator"], {})[row["area_code"]] = row.asDict()
    return found


@pytest.mark.parametrize("indicator", job.INDICATORS)
def test_every_municipality_has_sousei_s_value_and_ranks(spark_rankings, indicator):
    from sousei.stats.area import ranking_rows

    ours = {row["area_code"]: row for row in ranking_rows(indicator)}
    theirs = spark_rankings[indicator]
    assert len(ours) >= 1740 and set(theirs) == set(ours)
    different = [
        (code, column, ours[code][column], theirs[code][column])
        for code in sorted(ours)
        for column in RANKED
        if ours[code][column] != theirs[code][column]
    ]
    assert not different, different[:10]


@pytest.mark.parametrize("indicator", job.INDICATORS)
def test_ranks_in_prefecture_and_size_band_are_rank_area_s(spark_rankings, indicator):
    from sousei.stats.area import indicator_values
    from sousei.stats.ranking import rank_area

    values, populations = indicator_values(indicator)
    theirs = spark_rankings[indicator]
    for code in [*sorted(theirs)[::40], ICHINOSEKI, MORIOKA, OSHU]:
        ranking = rank_area(values, code, populations=populations)
        row = theirs[code]
        assert (row["rank"], row["count"], row["percentile"]) == (
            ranking.nation.position,
            ranking.nation.count,
            ranking.nation.percentile,
        )
        assert (row["prefecture_rank"], row["prefecture_count"], row["prefecture_percentile"]) == (
            ranking.prefecture.position,
            ranking.prefecture.count,
            ranking.prefecture.percentile,
        )
        assert (row["band_rank"], row["band_count"], row["band_percentile"]) == (
            ranking.similar.position,
            ranking.similar.count,
            ranking.similar.percentile,
        )
        assert row["size_band"] == ranking.band.label_en


def test_the_rules_that_decide_what_counts(spark_rankings):
    population = spark_rankings["population"]
    assert population[ICHINOSEKI]["value"] == 111932  # census 2020: no projection, no district
    assert population[MORIOKA]["value"] == 280_000  # the newer 住基 date
    assert "000000" not in population and not any("-" in code for code in population)
    assert population[ICHINOSEKI]["prefecture_rank"] == 3
    births = spark_rankings["births_per_1000"][OSHU]["value"]
    assert births == 1000 * 700 / 112937  # the first of two series imported at one instant


def test_a_prefecture_s_ranking_is_the_national_one_filtered(spark_rankings):
    from sousei.stats.area import ranking_rows

    ours = ranking_rows("aging_rate", prefecture="03")
    theirs = sorted(
        (r for r in spark_rankings["aging_rate"].values() if r["prefecture_code"] == "03"),
        key=lambda r: (r["rank"], r["area_code"]),
    )
    assert [r["area_code"] for r in theirs] == [r["area_code"] for r in ours]
    assert len(ours) == 33


def test_the_job_writes_rankings_as_parquet_by_indicator(spark, statistics_dir, tmp_path):
    counts = job.write_rankings(spark, str(statistics_dir), str(tmp_path), ["population"])
    target = Path(job.rankings_path(str(tmp_path)))
    assert [p.name for p in target.glob("indicator=*")] == ["indicator=population"]
    table = ds.dataset(target, format="parquet", partitioning="hive").to_table()
    assert set(table.column_names) == set(job.RANKING_COLUMNS)
    assert counts == {"population": table.num_rows} and table.num_rows >= 1741
    rows = table.sort_by([("rank", "ascending"), ("area_code", "ascending")]).to_pylist()
    assert rows[0]["area_code"] == "141003" and rows[0]["percentile"] == 100.0  # 横浜市


def test_an_export_without_figures_gives_no_rankings(spark, tmp_path):
    import pyarrow.parquet as pq

    from sousei.stats.parquet import SERIES_SCHEMA

    (tmp_path / "statistics" / "figures").mkdir(parents=True)
    pq.write_table(SERIES_SCHEMA.empty_table(), tmp_path / "statistics" / "series.parquet")
    assert job.write_rankings(spark, str(tmp_path / "statistics"), str(tmp_path / "out")) == {}


def test_job_constants_are_sousei_s():
    from sousei.stats.area import INDICATORS
    from sousei.stats.ranking import SIZE_BANDS
    from sousei.stats.tables import NATION_CODE

    assert tuple((b.lower, b.upper, b.label_en, b.label_ja) for b in SIZE_BANDS) == job.SIZE_BANDS
    assert tuple(INDICATORS) == job.INDICATORS
    assert job.NATION_CODE == NATION_CODE


def test_job_reads_the_columns_the_export_writes():
    """The job copies the export's schemas (it runs without sousei); a renamed column would
    otherwise be read as nulls without a word."""
    from sousei.stats.parquet import FIGURES_SCHEMA, SERIES_SCHEMA

    assert [f.name for f in job.SERIES_SCHEMA.fields] == SERIES_SCHEMA.names
    assert [f.name for f in job.FIGURES_SCHEMA.fields] == [*FIGURES_SCHEMA.names, "measure"]


def test_an_unknown_indicator_is_refused_before_spark_starts(capsys):
    with pytest.raises(SystemExit) as stopped:
        job.main(["--input", "in", "--output", "out", "--indicator", "happiness"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
