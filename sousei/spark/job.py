"""National indicators and rankings (全国ランキング) on Spark, from the Parquet export of the
standard statistics (`sousei stats export-parquet`, layout in `sousei.stats.parquet`).

The same numbers as the application, by the same rules, for every municipality at once:

- figures counted (`selectors.national_table`): municipality codes only (no `<area>-…`
  districts), no projections (将来推計), and for each figure the newest series (newest
  `created_at`, then the lower `import_order`);
- each area's latest figure of each item (`area.indicator_values`): population total, 65+ and
  年齢不詳 at its latest date, births, deaths, moves in and out (all counterparts) in their
  latest year; the nation ("000000") is not ranked;
- indicators (`area.INDICATORS`): 総人口, 高齢化率 (65+ / (total − 年齢不詳) × 100), 出生率,
  自然増減率 and 社会増減率 per 1,000 residents, in IEEE doubles in the same order of operations,
  so the values are equal to the bit; a rate where nobody lives (total 0) is missing;
- ranks (`ranking.ranking_table`, `ranking.rank_area`): largest first, ties share the best rank,
  nationwide, in the prefecture (first two digits of the code) and in the population size band
  (人口規模区分); percentile = share of the other areas with a smaller value × 100.

This file imports only pyspark and the standard library, so it can be given to `spark-submit`
alone on a cluster that has never installed sousei; tests/spark pins its constants to
`sousei.stats` and compares every municipality's figures and ranks with the application's.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

NATION_CODE = "000000"  # 全国, as in sousei.stats.tables
# sousei.stats.ranking.SIZE_BANDS as (lower, upper, English label, Japanese label).
SIZE_BANDS: tuple[tuple[int, int | None, str, str], ...] = (
    (0, 5_000, "under 5,000", "5千人未満"),
    (5_000, 10_000, "5,000–10,000", "5千〜1万人"),
    (10_000, 30_000, "10,000–30,000", "1万〜3万人"),
    (30_000, 50_000, "30,000–50,000", "3万〜5万人"),
    (50_000, 100_000, "50,000–100,000", "5万〜10万人"),
    (100_000, 200_000, "100,000–200,000", "10万〜20万人"),
    (200_000, 500_000, "200,000–500,000", "20万〜50万人"),
    (500_000, None, "500,000 and over", "50万人以上"),
)
INDICATORS = (
    "population",  # 総人口
    "aging_rate",  # 高齢化率（%）
    "births_per_1000",  # 出生率（人口千人当たり）
    "natural_change_per_1000",  # 自然増減率（千人当たり）
    "social_change_per_1000",  # 社会増減率（千人当たり）
)

SERIES_SCHEMA = T.StructType(
    [
        T.StructField("series_id", T.StringType()),
        T.StructField("kind", T.StringType()),
        T.StructField("source", T.StringType()),
        T.StructField("vintage", T.StringType()),
        T.StructField("is_projection", T.BooleanType()),
        T.StructField("layout", T.StringType()),
        T.StructField("organisation", T.StringType()),
        T.StructField("dataset", T.StringType()),
        T.StructField("resource_id", T.StringType()),
        T.StructField("version", T.IntegerType()),
        T.StructField("row_count", T.LongType()),
        T.StructField("created_at", T.TimestampType()),
        T.StructField("import_order", T.LongType()),
    ]
)
FIGURES_SCHEMA = T.StructType(
    [
        T.StructField("series_id", T.StringType()),
        T.StructField("area_code", T.StringType()),
        T.StructField("date", T.DateType()),
        T.StructField("year", T.IntegerType()),
        T.StructField("sex", T.StringType()),
        T.StructField("age", T.StringType()),
        T.StructField("age_from", T.IntegerType()),
        T.StructField("age_to", T.IntegerType()),
        T.StructField("counterpart_code", T.StringType()),
        T.StructField("counterpart_name", T.StringType()),
        T.StructField("value", T.LongType()),
        T.StructField("measure", T.StringType()),  # the Hive partition figures/measure=<m>/
    ]
)
# What each indicator needs: item name → (measure, age) of the rows it is read from.
ITEMS = {
    "total": ("population", "total"),
    "age_65_plus": ("population", "65+"),
    "unknown_age": ("population", "unknown"),
    "births": ("births", "total"),
    "deaths": ("deaths", "total"),
    "moves_in": ("in", "total"),
    "moves_out": ("out", "total"),
}


def read_statistics(spark: SparkSession, statistics_dir: str) -> tuple[DataFrame, DataFrame]:
    """(figures, series) of an export; a path or any URL Spark reads (hdfs://, s3a://, gs://).
    The schemas are given, not inferred: one pass less, and an export with no figures reads."""
    root = str(statistics_dir).rstrip("/")
    figures = spark.read.schema(FIGURES_SCHEMA).parquet(f"{root}/figures")
    series = spark.read.schema(SERIES_SCHEMA).parquet(f"{root}/series.parquet")
    return figures, series


def counted_figures(figures: DataFrame, series: DataFrame) -> DataFrame:
    """The figures counted as 実績: no projections (将来推計), no districts (`<area>-…`), each
    with its series' `created_at` and `import_order`, which pick the newest of several imports."""
    counted = series.filter(~F.col("is_projection")).select(
        "series_id", "created_at", "import_order"
    )
    rows = figures.filter(~F.col("area_code").contains("-"))
    return rows.join(F.broadcast(counted), "series_id")


def _item(figures: DataFrame) -> DataFrame:
    """The rows the indicators read (totals: all sexes, all counterparts), tagged by item."""
    tag = F.lit(None).cast("string")
    for name, (measure, age) in ITEMS.items():
        tag = F.when((F.col("measure") == measure) & (F.col("age") == age), name).otherwise(tag)
    totals_only = (F.col("sex") == "total") & F.col("counterpart_code").isNull()
    return figures.filter(totals_only).withColumn("item", tag).filter(F.col("item").isNotNull())


def latest_items(figures: DataFrame) -> DataFrame:
    """One row per area, items in columns: each item's latest figure (population at its latest
    date, events in their latest year), from the newest series when several hold it. One
    aggregation, so the figures are shuffled once."""
    population = F.col("measure") == "population"
    latest = F.struct(
        (population & F.col("date").isNull()).alias("undated"),  # pandas sorts NaT last
        F.when(population, F.unix_date("date")).otherwise(F.col("year")).alias("when"),
        F.col("created_at"),
        (-F.col("import_order")).alias("earlier_import"),
    )
    return (
        _item(figures)
        .groupBy("area_code")
        .pivot("item", list(ITEMS))
        .agg(F.max_by("value", latest))
        .filter(F.col("area_code") != NATION_CODE)
    )


def _ratio(numerator: Column, denominator: Column) -> Column:
    """numerator / denominator, missing where the denominator is not positive: a rate of an
    area where nobody lives (双葉町 in 2020) is undefined, as in `sousei.stats.area`."""
    return F.when(denominator > 0, numerator / denominator).otherwise(F.lit(None).cast("double"))


def indicator_columns() -> dict[str, Column]:
    """Each indicator (指標) as an expression over the `latest_items` columns."""
    item = {name: F.col(name).cast("double") for name in ITEMS}
    total = item["total"]
    known = total - F.coalesce(item["unknown_age"], F.lit(0.0))
    return {
        "population": total,
        "aging_rate": _ratio(F.lit(100.0) * item["age_65_plus"], known),
        "births_per_1000": _ratio(F.lit(1000.0) * item["births"], total),
        "natural_change_per_1000": _ratio(F.lit(1000.0) * (item["births"] - item["deaths"]), total),
        "social_change_per_1000": _ratio(
            F.lit(1000.0) * (item["moves_in"] - item["moves_out"]), total
        ),
    }


def national_indicators(
    spark: SparkSession, statistics_dir: str, indicators: Sequence[str] = INDICATORS
) -> DataFrame:
    """Every municipality's value of each indicator, long: indicator, area_code, value,
    population (the latest total, which decides the size band). Areas without a value (a
    missing figure, or 0 / 0) have no row, as in the application's rankings."""
    unknown = sorted(set(indicators) - set(INDICATORS))
    if unknown:
        raise ValueError(f"unknown indicators {unknown}; known: {', '.join(INDICATORS)}")
    figures, series = read_statistics(spark, statistics_dir)
    wide = latest_items(counted_figures(figures, series))
    columns = indicator_columns()
    pairs = [
        F.struct(F.lit(name).alias("indicator"), columns[name].alias("value"))
        for name in indicators
    ]
    return (
        wide.select(
            "area_code", columns["population"].alias("population"), F.array(*pairs).alias("_v")
        )
        .select("area_code", "population", F.explode("_v").alias("_v"))
        .select("_v.indicator", "area_code", "_v.value", "population")
        .filter(F.col("value").isNotNull() & ~F.isnan("value"))
    )


def size_band(population: Column, *, language: str = "en") -> Column:
    """The size band (人口規模区分) label of a population: lower ≤ population < upper."""
    label = F.lit(None).cast("string")
    for lower, upper, label_en, label_ja in reversed(SIZE_BANDS):
        inside = population >= lower
        if upper is not None:
            inside &= population < upper
        label = F.when(inside, label_en if language == "en" else label_ja).otherwise(label)
    return label


def _ranked(frame: DataFrame, prefix: str, groups: Sequence[str]) -> DataFrame:
    """Rank (順位, largest first, ties share the best), count and percentile within groups."""
    group = Window.partitionBy("indicator", *groups)
    count = F.count(F.lit(1)).over(group)
    below = F.rank().over(group.orderBy(F.col("value").asc())) - 1
    percentile = F.when(count >= 2, below.cast("double") / (count - 1).cast("double") * 100.0)
    return (
        frame.withColumn(f"{prefix}rank", F.rank().over(group.orderBy(F.col("value").desc())))
        .withColumn(f"{prefix}count", count)
        .withColumn(f"{prefix}percentile", percentile)
    )


RANKING_COLUMNS = (
    "indicator",
    "area_code",
    "prefecture_code",
    "value",
    "population",
    "size_band",
    "rank",
    "count",
    "percentile",
    "prefecture_rank",
    "prefecture_count",
    "prefecture_percentile",
    "band_rank",
    "band_count",
    "band_percentile",
)


def national_rankings(indicators: DataFrame) -> DataFrame:
    """Each area's indicator ranked nationwide (全国), in its prefecture (県内) and among the
    municipalities of its size band (類似団体), with counts and percentiles."""
    frame = indicators.withColumn("prefecture_code", F.substring("area_code", 1, 2)).withColumn(
        "size_band", size_band(F.col("population"))
    )
    frame = _ranked(frame, "", ())
    frame = _ranked(frame, "prefecture_", ("prefecture_code",))
    frame = _ranked(frame, "band_", ("size_band",))
    return frame.select(*RANKING_COLUMNS)


def rankings_path(output_dir: str) -> str:
    """Where `write_rankings` writes under an output directory (path or URL)."""
    return f"{str(output_dir).rstrip('/')}/rankings"


def write_rankings(
    spark: SparkSession,
    statistics_dir: str,
    output_dir: str,
    indicators: Sequence[str] = INDICATORS,
) -> dict[str, int]:
    """Compute the rankings and write them as Parquet under `rankings_path(output_dir)`, one
    folder `indicator=<name>/` each, best first, replacing an earlier output; the number of
    areas ranked on each indicator (none when the export holds no figures)."""
    rankings = national_rankings(national_indicators(spark, statistics_dir, indicators)).cache()
    try:
        (
            rankings.repartition("indicator")
            .sortWithinPartitions("indicator", "rank", "area_code")
            .write.mode("overwrite")
            .partitionBy("indicator")
            .parquet(rankings_path(output_dir))
        )
        counts = rankings.groupBy("indicator").count().collect()
    finally:
        rankings.unpersist()
    return {row["indicator"]: row["count"] for row in sorted(counts)}


def _local_defaults(spark: SparkSession) -> None:
    """In local mode, one shuffle partition per core unless set: Spark's 200 (sized for a
    cluster) cost this job two to three times the CPU on a laptop. A cluster's setting stays."""
    context = spark.sparkContext
    if context.master.startswith("local") and not context.getConf().contains(
        "spark.sql.shuffle.partitions"
    ):
        spark.conf.set("spark.sql.shuffle.partitions", str(context.defaultParallelism))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m sousei.spark.job` or `spark-submit …/job.py`: the master comes from
    spark-submit (or local mode when run by python)."""
    parser = argparse.ArgumentParser(
        prog="sousei.spark.job",
        description="Rank every municipality on sousei's standard indicators (Spark).",
    )
    parser.add_argument("--input", required=True, help="statistics export (path or URL)")
    parser.add_argument("--output", required=True, help="directory for rankings/ (path or URL)")
    parser.add_argument(
        "--indicator",
        action="append",
        choices=INDICATORS,
        help="indicator to compute (repeat; default all)",
    )
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("sousei-national-rankings").getOrCreate()
    try:
        _local_defaults(spark)
        started = time.monotonic()
        counts = write_rankings(spark, args.input, args.output, args.indicator or INDICATORS)
        for indicator, count in counts.items():
            print(f"{indicator}: {count:,} areas")
        elapsed = time.monotonic() - started
        print(f"written {rankings_path(args.output)} in {elapsed:.1f} s")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
