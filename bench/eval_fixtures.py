"""Prints pairwise precision, recall and F1 of story clustering on the fixture corpus.

`make test` runs it after the test suite so the figures show in its output; it exits
non-zero when F1 falls below the 0.95 that issue 3 asks for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from site_builder.analyze.cluster import evaluate_folder

EVENTS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "events"
MIN_F1 = 0.95


def main() -> int:
    scores = evaluate_folder(EVENTS, EVENTS / "truth.yaml")
    print(f"fixture clustering ({EVENTS.relative_to(EVENTS.parents[2])}): precision {scores['precision']:.3f} "
          f"recall {scores['recall']:.3f} F1 {scores['f1']:.3f} over {int(scores['pairs'])} true pairs")
    return 0 if scores["f1"] >= MIN_F1 else 1


if __name__ == "__main__":
    sys.exit(main())
