"""Task-list export at scale: XLSX, CSV and JSON of `--rows` tasks (default 100,000), each
format timed once, with rows per second; XLSX must grow linearly (the issue: 100,000 tasks in
under a minute).

    .venv/bin/python benchmarks/bench_export.py [--rows 100000] [--db outputs/bench/...db]

The rows are the real task rows of a store (`export.task_rows`), repeated to `--rows` with fresh
numbers, so texts, bodies and chains have the lengths real exports have. Without `--db` the
project's samples are ingested into a temporary store first.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.batch import ingest_paths  # noqa: E402
from pipeline.export import TaskRow, task_rows, write_csv, write_json, write_xlsx  # noqa: E402
from pipeline.store import open_db  # noqa: E402


def rows_from(db_path: Path, count: int) -> list[TaskRow]:
    db = open_db(db_path, readonly=True)
    try:
        base = task_rows(db)
    finally:
        db.close()
    return [dataclasses.replace(base[i % len(base)], stt=i + 1) for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="a store to take task rows from")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db
        if db_path is None:
            db_path = Path(folder) / "samples.db"
            ingest_paths([REPO / "corpora" / "samples"], db_path, jobs=1)
        rows = rows_from(db_path, args.rows)
        print("| format | rows | seconds | rows/s | MB |\n|---|---:|---:|---:|---:|")
        for name, writer in (("csv", write_csv), ("json", write_json), ("xlsx", write_xlsx)):
            out = Path(folder) / f"tasks.{name}"
            started = time.perf_counter()
            writer(rows, out)
            seconds = time.perf_counter() - started
            print(f"| {name} | {len(rows):,} | {seconds:.1f} | {len(rows) / seconds:,.0f} | "
                  f"{out.stat().st_size / 1e6:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
