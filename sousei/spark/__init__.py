"""National scale on Spark (全国規模の集計): the optional extra `sousei[spark]`.

`job` computes the standard indicators and rankings of every municipality from the Parquet
export of the statistics (`sousei stats export-parquet`), on a laptop in local mode or on a
prefecture's cluster. Only this package imports pyspark; see docs/national-scale.md.
"""
