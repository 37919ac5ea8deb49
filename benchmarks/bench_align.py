"""The task → passage alignment pass alone (`store.alignments.align_store`) on a generated store,
with a hash of every row it writes, so that a faster version can be shown to write the same.

    .venv/bin/python benchmarks/bench_align.py [--docs 2000] [--jobs 1] [--repeat 1]
        [--profile FILE] [--code DIR]

The store is made once: the generated chains corpus of `--docs` documents (`generate.py --mode
chains`, seed 1: central → province → district plans) ingested without the pass
(`ingest_paths(..., align=False)`) into `outputs/bench/align-gen{docs}.db`. Each run copies it,
runs the pass (in this process with `--jobs 1`, else with a pool of that many spawned workers, as
the batch does), and prints the wall and CPU seconds (this process and its workers: the figure
another process on the machine disturbs least), the documents aligned, the rows written and the
SHA-256 of both tables the pass writes (`alignments` and `alignment_state`, every column, rows
sorted; floats by `repr`, so a last-bit change shows). `--profile` runs the pass under cProfile
in this process and writes the stats to FILE. `--code DIR` imports `pipeline` from DIR (an
exported copy of older code: before → after on the same store and machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from benchlib import OUTPUTS, generated_corpus, log

if "--code" in sys.argv[:-1]:  # here, not in main(): the pool's spawned workers run this too
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))

TABLES = {"alignments": ("task_id", "target_document", "rank"),
          "alignment_state": ("document_id",)}


def base_store(docs: int) -> Path:
    """The generated store without alignments, made once (the pass's input)."""
    path = OUTPUTS / f"align-gen{docs}.db"
    if path.exists():
        return path
    from pipeline.batch import ingest_paths

    folder = generated_corpus(docs, mode="chains", seed=1)
    partial = path.with_suffix(".partial.db")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    report = ingest_paths([folder], partial, jobs=2, align=False)
    log(f"ingested {report.documents} documents in {time.perf_counter() - started:.1f} s "
        f"(without the alignment pass): {path}")
    partial.rename(path)
    return path


def digest(path: Path) -> dict[str, Any]:
    """Rows and SHA-256 of each table the pass writes, rows sorted, every column."""
    found: dict[str, Any] = {}
    with sqlite3.connect(path) as connection:
        for table in TABLES:
            columns = [r[1] for r in connection.execute(f"pragma table_info({table})")]
            rows = sorted(connection.execute(f"select {', '.join(columns)} from {table}"),
                          key=lambda row: tuple(map(repr, row)))
            sha = hashlib.sha256()
            for row in rows:
                sha.update(("\t".join(map(repr, row)) + "\n").encode())
            found[table] = {"rows": len(rows), "sha256": sha.hexdigest()}
    return found


def run_once(base: Path, jobs: int, profile: Path | None) -> dict[str, Any]:
    from pipeline.batch import _align_workers
    from pipeline.store import open_db
    from pipeline.store.alignments import align_store

    work = OUTPUTS / f"align-run-{base.stem}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, work)
    db = open_db(work)  # as the batch opens it (WAL, foreign keys, cache)
    cpu = _cpu()
    with _align_workers(jobs) as workers:
        started = time.perf_counter()
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            aligned = profiler.runcall(align_store, db, workers=workers)
            profiler.dump_stats(str(profile))
        else:
            aligned = align_store(db, workers=workers)
        seconds = time.perf_counter() - started
    cpu = _cpu() - cpu  # the workers' counted once the pool has ended
    db.close()
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "aligned": aligned,
            **digest(work)}


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the pool's workers)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="generated documents (2000)")
    parser.add_argument("--jobs", type=int, default=1, help="alignment workers (1: this process)")
    parser.add_argument("--repeat", type=int, default=1, help="runs, one after another")
    parser.add_argument("--profile", type=Path, help="cProfile the pass (in this process)")
    parser.add_argument("--code", type=Path, help="import pipeline from this folder")
    args = parser.parse_args(argv)  # `--code` was read on import
    import pipeline

    base = base_store(args.docs)
    for _ in range(args.repeat):
        result = {"code": str(Path(pipeline.__file__).parent.parent), "jobs": args.jobs,
                  **run_once(base, args.jobs, args.profile)}
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
