"""The Spark session storytrace runs in (local, a cluster via spark-submit, or Spark Connect)."""

from __future__ import annotations

import os
import sys

from ..errors import StorytraceError


class SparkUnavailableError(StorytraceError):
    """PySpark or Java is missing."""


def spark_session(master: str | None = "local[*]", *, app_name: str = "storytrace",
                  shuffle_partitions: int | None = None):
    """A ``SparkSession``: an existing one (spark-submit, Spark Connect) or a new one on ``master``.

    ``master=None`` leaves the master to ``spark-submit``/``SPARK_REMOTE``; a master starting
    with ``sc://`` is a Spark Connect server (``pip install 'pyspark[connect]'``), whose own
    configuration then applies.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailableError(
            "the Spark engine needs PySpark: pip install 'storytrace[spark]' (and Java 17+)"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if master and master.startswith("sc://"):
        try:
            return SparkSession.builder.remote(master).getOrCreate()
        except Exception as exc:  # noqa: BLE001 - missing connect extra or server unreachable
            raise SparkUnavailableError(f"Spark Connect at {master} failed ({exc})") from exc
    builder = SparkSession.builder.appName(app_name)
    if master and not os.environ.get("SPARK_REMOTE"):
        builder = builder.master(master)
        if master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
            # local workers must run this interpreter (the one storytrace is installed in); the
            # SparkContext reads the environment, not the spark.pyspark.python setting
            os.environ["PYSPARK_PYTHON"] = sys.executable
    cores = os.cpu_count() or 2
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions or max(4, 2 * cores)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.driver.memory", os.environ.get("STORYTRACE_SPARK_DRIVER_MEMORY", "4g"))
    )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - Java missing or Spark misconfigured
        raise SparkUnavailableError(f"Spark could not start ({exc}); is Java 17+ installed?") \
            from exc
    if not os.environ.get("SPARK_REMOTE"):
        session.sparkContext.setLogLevel("ERROR")
    return session
