"""Check that `pipeline.phrases.PhraseMatcher` finds exactly the spans the packaged spaCy pipeline
finds, on every text of the corpora, and time both.

Texts: the cleaned text of every document under `../shared/corpus` (web copies, laws, excerpts,
the dev corpus in its original formats) and the project's samples, folded as the bodies stage
folds them. Prints the number of documents, spans and differences (the first few in full), and
characters per second of each matcher. Exit code 1 on any difference.

Usage: python benchmarks/compare_phrases.py [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from benchlib import CORPUS, text_files  # noqa: E402

from pipeline.errors import IngestError  # noqa: E402
from pipeline.gazetteer import load_nlp  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.normalize import fold  # noqa: E402
from pipeline.phrases import load_matcher  # noqa: E402
from pipeline.resources import load_resources  # noqa: E402
from pipeline.stages.clean import clean  # noqa: E402


def texts(limit: int | None) -> list[tuple[str, str]]:
    """(name, folded clean text) of every readable document; unreadable ones are skipped."""
    files = text_files(CORPUS) + text_files(REPO / "corpora" / "samples")
    out = []
    for path in files[:limit]:
        try:
            source = ingest(path)
        except IngestError:
            continue
        out.append((str(path), fold(clean(source).text)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N files")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    resources = load_resources()
    nlp = load_nlp(resources.model_dir, resources.gazetteer)
    matcher = load_matcher(resources.model_dir)
    if matcher is None:
        raise SystemExit(f"no packaged pipeline in {resources.model_dir}")
    corpus = texts(args.limit)
    chars = sum(len(t) for _, t in corpus)
    spacy_time = ours_time = 0.0
    spans = 0
    differences = []
    for name, folded in corpus:
        t0 = time.perf_counter()
        theirs = [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in nlp(folded).ents]
        t1 = time.perf_counter()
        ours = [(p.start, p.end, p.label, p.ids) for p in matcher(folded)]
        t2 = time.perf_counter()
        spacy_time += t1 - t0
        ours_time += t2 - t1
        spans += len(theirs)
        for item in sorted(set(theirs) ^ set(ours)):
            side = "spacy only" if item in theirs else "ours only"
            differences.append((name, side, item, folded[item[0]:item[1]]))
    figures = {"documents": len(corpus), "characters": chars, "spans": spans,
               "differences": len(differences),
               "spacy_chars_per_s": round(chars / spacy_time), "ours_chars_per_s":
               round(chars / ours_time)}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, side, item, words in differences[:20]:
            print(f"{side}: {Path(name).name} {item} {words!r}")
        print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
