"""The task screen against the rules alone, per source, each tuned source left out of its own
training (issue 12: a trained component is kept only where it measures better on sources it
was not fitted on).

    PIPELINE_SHARED=../shared .venv/bin/python benchmarks/compare_screen.py [--threshold 0.3]

Prints, per source, task-finding precision, recall and F1 of the rules alone and with the
screen; a held-out source is screened by the screen as it ships (trained on every tuned source).
"""

from __future__ import annotations

import argparse

from pipeline.evaluation import load_collections, load_gold
from pipeline.evaluation.screen import examples_of, leave_one_out
from pipeline.resources import load_resources
from pipeline.stages.screen import THRESHOLD


def _prf(counts: tuple[int, int, int]) -> tuple[float, float, float]:
    tp, fp, fn = counts
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    collections = load_collections()
    by_source = examples_of(load_gold(), load_resources())
    rows = leave_one_out(by_source, collections, args.threshold)
    print(f"{'source':46} {'rules P / R / F1':>22}   {'screened P / R / F1':>22}")
    totals = {True: [[0, 0, 0], [0, 0, 0]], False: [[0, 0, 0], [0, 0, 0]]}
    for row in rows:
        before, after = _prf(row.rules), _prf(row.screened)
        mark = "*" if row.tuned else " "
        print(f"{mark}{row.source[:45]:45} {before[0]:6.3f} {before[1]:6.3f} {before[2]:6.3f}   "
              f"{after[0]:6.3f} {after[1]:6.3f} {after[2]:6.3f}")
        for index, counts in enumerate((row.rules, row.screened)):
            totals[row.tuned][index] = [a + b for a, b in zip(totals[row.tuned][index], counts,
                                                              strict=True)]
    for tuned, label in ((True, "tuned, each left out"), (False, "unseen (screen as shipped)")):
        before, after = _prf(tuple(totals[tuned][0])), _prf(tuple(totals[tuned][1]))
        print(f"{label:46} {before[0]:6.3f} {before[1]:6.3f} {before[2]:6.3f}   "
              f"{after[0]:6.3f} {after[1]:6.3f} {after[2]:6.3f}")
    print("* = tuned source; threshold", args.threshold)


if __name__ == "__main__":
    main()
