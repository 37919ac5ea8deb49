"""How the batch scales with workers, and how far the single SQLite writer goes.

    .venv/bin/python benchmarks/bench_scale.py [--docs 3000] [--local 1 2] [--dask 1 2 4]

Each run ingests the same generated corpus (`generate.py --mode chains`, central → province →
district plans) into a fresh database, in a child process: with a process pool of `--local`
jobs, then on a Dask `LocalCluster` of `--dask` worker processes (one thread each). Reported per
run: wall seconds, documents/s, the speed-up over the first run, and the writer's share of the
wall time (`BatchReport.stage_seconds["store"]`, the time this process spent writing). From the
writer's milliseconds per document comes the ceiling one store allows whatever the number of
workers (1000 / ms documents a second) and the size of the database per document.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchlib import OUTPUTS, child_input, generated_corpus, log, run_child, table


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """One ingestion, measured (runs in a fresh interpreter)."""
    from pipeline.batch import ingest_paths

    db = Path(spec["db"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cluster = client = None
    scheduler = None
    if spec["kind"] == "dask":
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=spec["workers"], threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
        scheduler = cluster.scheduler_address
    started = time.perf_counter()
    try:
        report = ingest_paths([spec["corpus"]], db, jobs=spec["workers"], scheduler=scheduler)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    seconds = time.perf_counter() - started
    store = report.stage_seconds.get("store", 0.0)
    return {"kind": spec["kind"], "workers": spec["workers"], "documents": report.documents,
            "seconds": round(seconds, 2), "docs_per_s": round(report.documents / seconds, 1),
            "writer_share": round(store / seconds, 3),
            "writer_ms_per_doc": round(1000 * store / max(report.processed, 1), 2),
            "db_kb_per_doc": round(db.stat().st_size / 1024 / max(report.documents, 1), 1)}


def run(docs: int, local: list[int], dask: list[int]) -> list[dict[str, Any]]:
    corpus = generated_corpus(docs, mode="chains")
    rows = []
    for kind, counts in (("local", local), ("dask", dask)):
        for workers in counts:
            log(f"scale: {kind} × {workers} on {docs} documents ...")
            spec = {"kind": kind, "workers": workers, "corpus": str(corpus),
                    "db": str(OUTPUTS / f"scale-{kind}-{workers}.db")}
            with child_input(spec) as path:
                rows.append(run_child(Path(__file__), ["--child", str(path)]))
    base = rows[0]["seconds"] if rows else 1.0
    for row in rows:
        row["speed_up"] = round(base / row["seconds"], 2)
        row["writer_ceiling_docs_per_s"] = round(1000 / row["writer_ms_per_doc"], 1)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3000, help="generated documents (3000)")
    parser.add_argument("--local", type=int, nargs="*", default=[1, 2], help="pool sizes (1 2)")
    parser.add_argument("--dask", type=int, nargs="*", default=[1, 2, 4],
                        help="LocalCluster worker processes (1 2 4)")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child.read_text()))))
        return 0
    rows = run(args.docs, args.local, args.dask)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(table(["run", "workers", "documents", "s", "docs/s", "speed-up", "writer share",
                 "writer ms/doc", "writer ceiling docs/s", "DB kB/doc"],
                [[r["kind"], r["workers"], r["documents"], r["seconds"], r["docs_per_s"],
                  r["speed_up"], f"{100 * r['writer_share']:.0f}%", r["writer_ms_per_doc"],
                  r["writer_ceiling_docs_per_s"], r["db_kb_per_doc"]] for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
