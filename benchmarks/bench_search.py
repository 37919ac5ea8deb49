"""Precision at 10 of task search on the queries of `corpora/search/queries.json`, typed with
their diacritics and typed without (what the search did for both before it kept diacritics).

    .venv/bin/python benchmarks/bench_search.py

A store of the samples and the seed plan is built in a temporary folder.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.batch import ingest_paths  # noqa: E402
from pipeline.normalize import fold, search_key  # noqa: E402
from pipeline.query import _fts_tasks, search_tasks  # noqa: E402
from pipeline.store import open_db  # noqa: E402

QUERIES = REPO / "corpora" / "search" / "queries.json"
SEED = Path(__import__("os").environ.get("PIPELINE_SHARED", REPO.parent / "shared")) / "corpus" / \
    "000_ab5e45f9e3a49525.txt"


def relevant(text: str, phrases: list[str]) -> bool:
    """Every phrase among the task's folded words, consecutive."""
    words = " ".join(re.findall(r"\w+", fold(text)))
    return all(f" {fold(p)} " in f" {words} " for p in phrases)


def precision_at_10(db: object, typed: str, phrases: list[str], total: int,
                    search: Callable[..., list[dict[str, str]]] = search_tasks) -> float:
    """The share of hits among the first k results, k = 10 or fewer when the store holds fewer
    than 10 hits (so a perfect ranking scores 1)."""
    k = min(10, total)
    hits = search(db, typed, limit=k)
    return sum(relevant(h["text"], phrases) for h in hits) / k if k else 1.0


def before(db: object, words: str, limit: int) -> list[dict[str, str]]:
    """The search as it was (2026-12-04): every word, any spelling, BM25 order, no phrase."""
    query = " AND ".join(f'"{w}"' for w in search_key(words).split())
    return _fts_tasks(db, query, limit)  # type: ignore[arg-type]


def main() -> int:
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.db"
        ingest_paths([REPO / "corpora" / "samples", SEED], path, jobs=1)
        db = open_db(path, readonly=True)
        texts = [row[0] for row in db.execute("select text from tasks")]
        print("| query | hits in the store | P@10 with diacritics | P@10 without | P@10 before |"
              "\n|---|---:|---:|---:|---:|")
        totals = [0.0, 0.0, 0.0]
        for item in queries:
            total = sum(relevant(text, item["relevant"]) for text in texts)
            scores = (precision_at_10(db, item["query"], item["relevant"], total),
                      precision_at_10(db, search_key(item["query"]), item["relevant"], total),
                      precision_at_10(db, item["query"], item["relevant"], total, before))
            totals = [a + b for a, b in zip(totals, scores, strict=True)]
            print(f"| {item['query']} | {total} | " + " | ".join(f"{x:.2f}" for x in scores)
                  + " |")
        n = len(queries)
        print(f"| **mean of {n}** | | " + " | ".join(f"**{x / n:.2f}**" for x in totals) + " |")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
