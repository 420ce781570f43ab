"""The local engine end to end on generated articles, time per stage: see
:mod:`storytrace.bench` (also ``storytrace bench``).

    python benchmarks/pipeline.py                     # 500 articles
    python benchmarks/pipeline.py --n 2000 --n 10000  # one run each
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storytrace.bench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
