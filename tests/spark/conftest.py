"""One local Spark session for the Spark tests: one core, two shuffle partitions, no UI, bound
to loopback, a JVM tuned to start fast, so the module stays under a minute on two shared cores."""

from __future__ import annotations

import os
import warnings

import pytest


@pytest.fixture(scope="session")
def spark():
    """A SparkSession in local mode (Java 17+ must be installed; its absence fails loudly)."""
    from pyspark.sql import SparkSession

    previous = os.environ.get("SPARK_LOCAL_IP")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas")
        session = (
            SparkSession.builder.master("local[1]")
            .appName("sousei-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "1")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            # a short-lived JVM: the quick JIT tier only, one GC thread (half the CPU time)
            .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("SPARK_LOCAL_IP", None)
    else:
        os.environ["SPARK_LOCAL_IP"] = previous
