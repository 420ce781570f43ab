"""Entry point for ``spark-submit``: the master and resources come from spark-submit itself.

    SUBMIT=$(python -c 'import storytrace.spark.submit as m; print(m.__file__)')
    spark-submit --master spark://host:7077 "$SUBMIT" \
        --input hdfs:///news/2026/*.jsonl.gz --output hdfs:///storytrace/run1 \
        [--story-window-days 30]
"""

from __future__ import annotations

import argparse

from ..pipeline import AnalyzeOptions
from ..stories.windows import WindowOptions
from .engine import run_spark


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="storytrace-spark", description=__doc__)
    parser.add_argument("--input", required=True, help="JSONL(.gz) or Parquet, any URI Spark reads")
    parser.add_argument("--output", required=True, help="folder for the Parquet tables")
    parser.add_argument("--story-window-days", type=int, default=None,
                        help="cluster stories per window of this many days (one task each), "
                             "then merge the windows; default: one streaming pass")
    args = parser.parse_args(argv)
    options = AnalyzeOptions(story_windows=None if args.story_window_days is None
                             else WindowOptions(days=args.story_window_days))
    report = run_spark(args.input, args.output, master=None, options=options)
    print(f"{report.articles} articles, {report.rejects} rejects, {report.counts}, "
          f"seconds {report.seconds}")


if __name__ == "__main__":
    main()
