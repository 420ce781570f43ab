"""The distributed engine: the same stages on Apache Spark (PySpark), the same answers.

    storytrace analyze --engine spark --input articles.jsonl --output out/
    spark-submit -m storytrace.spark ...   (see the README)
    storytrace import out/                 (load a run into the SQLite store)

PySpark is an install extra (``pip install 'storytrace[spark]'``) and needs Java 17+.
"""

from .engine import SparkReport, run_spark
from .importer import import_run
from .session import SparkUnavailableError, spark_session

__all__ = ["SparkReport", "SparkUnavailableError", "import_run", "run_spark", "spark_session"]
