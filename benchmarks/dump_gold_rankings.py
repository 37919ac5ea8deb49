"""Every method's full rankings of the alignment gold pairs (`corpora/gold/alignment`), as one
SHA-256: the passages, ranks, scores, coverage, reuse and evidence of every match of every gold
task, for each of `stages.align.METHODS`, plus the `learned` features of every (task, passage).
Run with two versions of the code (`--code DIR` imports `pipeline` from DIR) to show that a
change keeps what the aligner computes on real texts (the fetched ones need PIPELINE_FETCHED).
Fix PYTHONHASHSEED for both: the last bits of the `passage_share` feature follow the order in
which Python walks a set of strings (a passage's IDF total is summed in the order its terms were
first met), which changes from one process to the next (found here, older than this script; the
rankings of the gold pairs came out the same under two seeds).

    PYTHONHASHSEED=0 PIPELINE_FETCHED=../fetched .venv/bin/python \
        benchmarks/dump_gold_rankings.py [--code DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, help="import pipeline from this folder")
    args = parser.parse_args(argv)
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    import pipeline
    from pipeline.evaluation.alignment import load_pairs, prepare_pairs
    from pipeline.resources import passage_ranker
    from pipeline.stages.align import METHODS

    prepared = prepare_pairs(load_pairs())
    sha, matches = hashlib.sha256(), 0
    for aligned in prepared:
        for method in METHODS:
            ranked = aligned.index.rank_all(aligned.tasks, method, ranker=passage_ranker())
            for task, found in zip(aligned.tasks, ranked, strict=True):
                for match in found:
                    matches += 1
                    sha.update(repr((aligned.pair.name, method, task.id, match.passage.id,
                                     match.rank, match.score, match.coverage, match.reuse,
                                     match.evidence)).encode())
        features, combined = aligned.index.features(aligned.tasks)
        sha.update(features.tobytes() + combined.tobytes())
    print(f"{Path(pipeline.__file__).parent}: {len(prepared)} pairs, {matches} matches, "
          f"sha256 {sha.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
