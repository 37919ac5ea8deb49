"""Batch ingestion (`pipeline.batch.ingest_paths`): cold runs with 1 and 2 processes, then an
incremental run after 1% of the files changed.

    .venv/bin/python benchmarks/bench_batch.py [--docs 10000] [--jobs 1 2] [--skip-real]

Workloads, in this order:

1. the real texts: `official-2025/` (216 documents) and `laws/` (208 laws) of the shared corpus,
   ingested together;
2. a generated corpus of `--docs` documents (`generate.py --mode chains`: central → province →
   district, written afresh on every run).

Each cold run starts from a fresh database and runs in a child process, so that its peak RSS is
its own: `self` is the main process (the one writing SQLite), `worker` the largest pool worker
(`resource.getrusage(RUSAGE_CHILDREN)`); with 2 jobs the whole run peaks below
self + 2 × worker. CPU seconds of the main process and of the workers are shown next to the wall
time: a main process near 100% of the wall time is the single SQLite writer at its limit. Stage
times are `BatchReport.stage_seconds` (summed over the workers, so with 2 jobs they add up to more
than the wall time); the after-batch passes `mark_removed` and `reresolve` are timed apart, and
`align` (task → passage alignment against the ingested higher documents, `store.alignments`)
with its share of the wall time.

Incremental (generated corpus, on the database of the last cold run): first a run with nothing
changed (the cost of looking at every file), then 1% of the files rewritten with a changed task
sentence (`generate.mutate_task`) and a run that must process exactly those files.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchlib import (
    OUTPUTS,
    child_input,
    exclusive,
    generated_corpus,
    log,
    maxrss_mb,
    real_folder,
    run_child,
    table,
    text_files,
    write_json,
)

CHANGED_SHARE = 0.01


@dataclass
class Row:
    workload: str
    run: str
    jobs: int
    files: int = 0
    processed: int = 0
    documents: int = 0
    failed: int = 0
    tasks: int = 0
    megabytes: float = 0.0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    after_seconds: dict[str, float] = field(default_factory=dict)  # mark_removed, reresolve
    reresolved: int = 0
    self_cpu_s: float = 0.0  # CPU seconds of the main process (extraction too when jobs=1)
    worker_cpu_s: float = 0.0  # CPU seconds of the pool workers, all together
    self_rss_mb: float = 0.0
    worker_rss_mb: float = 0.0
    db_mb: float = 0.0
    expected: int | None = None  # incremental: files changed
    exact: bool | None = None  # incremental: processed exactly the changed files
    failures: list[list[str]] = field(default_factory=list)

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0


# --------------------------------------------------------------------------- child
@contextmanager
def _timed_after_passes(spent: dict[str, float]) -> Iterator[None]:
    """Time `mark_removed` and `reresolve`, as `ingest_paths` calls them."""
    import pipeline.batch as store

    originals = {name: getattr(store, name) for name in ("mark_removed", "reresolve")}

    def wrap(name: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return timed

    for name in originals:
        setattr(store, name, wrap(name))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(store, name, function)


def measure(spec: dict[str, Any]) -> Row:
    from pipeline.batch import ingest_paths

    db = Path(spec["db"])
    if spec["run"] == "cold":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    row = Row(spec["workload"], spec["run"], spec["jobs"], files=spec["files"],
              megabytes=spec["megabytes"], expected=spec.get("expected"))
    processed: list[str] = []
    cpu = _cpu()
    with _timed_after_passes(row.after_seconds):
        started = time.perf_counter()
        report = ingest_paths(spec["paths"], db, jobs=spec["jobs"],
                              progress=lambda _report, path: processed.append(path))
        row.seconds = time.perf_counter() - started
    row.self_cpu_s, row.worker_cpu_s = (after - before for after, before in zip(_cpu(), cpu,
                                                                                 strict=True))
    row.processed, row.documents, row.failed = report.processed, report.documents, report.failed
    row.tasks, row.reresolved, row.stage_seconds = report.tasks, report.reresolved, report.stage_seconds
    row.failures = [list(f[:3]) for f in report.failures[:10]]
    if spec.get("changed") is not None:
        row.exact = sorted(processed) == sorted(spec["changed"])
    row.self_rss_mb = maxrss_mb()
    row.worker_rss_mb = maxrss_mb(resource.RUSAGE_CHILDREN)
    row.db_mb = db.stat().st_size / 1e6
    return row


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


# --------------------------------------------------------------------------- parent
def _spec(workload: str, run: str, jobs: int, paths: list[Path], files: list[Path], db: Path,
          **extra: Any) -> dict[str, Any]:
    return {"workload": workload, "run": run, "jobs": jobs, "paths": [str(p) for p in paths],
            "files": len(files), "megabytes": sum(f.stat().st_size for f in files) / 1e6,
            "db": str(db), **extra}


def _child(spec: dict[str, Any]) -> Row:
    log(f"batch: {spec['workload']} / {spec['run']} / jobs={spec['jobs']} ...")
    with child_input(spec) as path:
        row = Row(**run_child(Path(__file__), ["--child", str(path)]))
    log(f"  {row.processed} files in {row.seconds:.1f} s ({row.docs_per_s:.1f}/s), "
        f"failed {row.failed}")
    return row


def database(workload: str, jobs: int) -> Path:
    return OUTPUTS / f"batch-{workload}-j{jobs}.db"


def run(docs: int = 10_000, jobs_list: tuple[int, ...] = (1, 2), real: bool = True,
        seed: int = 1) -> list[Row]:
    rows: list[Row] = []
    if real:
        folders = [real_folder("official-2025"), real_folder("laws")]
        files = [f for folder in folders for f in text_files(folder)]
        for jobs in jobs_list:
            rows.append(_child(_spec("real (official-2025 + laws)", "cold", jobs, folders, files,
                                     database("real", jobs))))
    folder = generated_corpus(docs, mode="chains", seed=seed, fresh=True)
    files = text_files(folder)
    name = f"generated {docs}"
    for jobs in jobs_list:
        rows.append(_child(_spec(name, "cold", jobs, [folder], files, database(f"gen{docs}", jobs))))
    last = database(f"gen{docs}", jobs_list[-1])
    rows.append(_child(_spec(name, "incremental, nothing changed", jobs_list[-1], [folder], files,
                             last, changed=[], expected=0)))
    changed = change_files(files, seed)
    rows.append(_child(_spec(name, f"incremental, {CHANGED_SHARE:.0%} changed", jobs_list[-1],
                             [folder], files, last, changed=[str(p) for p in changed],
                             expected=len(changed))))
    return rows


def change_files(files: list[Path], seed: int) -> list[Path]:
    """Rewrite 1% of the files (at least one) with a changed task sentence."""
    from generate import mutate_task

    rng = random.Random(seed)
    chosen = sorted(rng.sample(files, max(1, round(CHANGED_SHARE * len(files)))))
    return [path for n, path in enumerate(chosen, 1) if mutate_task(path, n)]


def report(rows: list[Row]) -> str:
    stages = ("ingest", "clean", "segment", "references", "tasks", "store")
    lines = [table(
        ["workload", "run", "jobs", "files", "MB", "processed", "failed", "tasks", "wall s",
         "docs/s", "CPU s main", "CPU s workers", "self RSS MB", "worker RSS MB", "self+worker MB",
         "DB MB"],
        [[r.workload, r.run, r.jobs, r.files, round(r.megabytes, 1), r.processed, r.failed, r.tasks,
          r.seconds, round(r.docs_per_s, 1), r.self_cpu_s, r.worker_cpu_s, round(r.self_rss_mb),
          round(r.worker_rss_mb), round(r.self_rss_mb + r.worker_rss_mb), round(r.db_mb)]
         for r in rows],
        [False, False, *[True] * 14]), ""]
    lines.append(table(
        ["workload", "run", "jobs", *[f"{s} s" for s in stages], "mark_removed s", "reresolve s",
         "moved refs", "align s", "align % of wall"],
        [[r.workload, r.run, r.jobs, *[r.stage_seconds.get(s, 0.0) for s in stages],
          r.after_seconds.get("mark_removed", 0.0), r.after_seconds.get("reresolve", 0.0),
          r.reresolved, round(r.stage_seconds.get("align", 0.0), 2),
          round(100 * r.stage_seconds.get("align", 0.0) / r.seconds, 1) if r.seconds else 0.0]
         for r in rows],
        [False, False, *[True] * 12]))
    lines += ["", *_speedups(rows), *_incremental(rows), *_failures(rows)]
    return "\n".join(lines)


def _speedups(rows: list[Row]) -> list[str]:
    lines = []
    cold = [r for r in rows if r.run == "cold"]
    for workload in dict.fromkeys(r.workload for r in cold):
        by_jobs = {r.jobs: r for r in cold if r.workload == workload}
        if 1 in by_jobs and 2 in by_jobs and by_jobs[2].seconds:
            lines.append(f"- {workload}: speed-up 1 → 2 jobs "
                         f"{by_jobs[1].seconds / by_jobs[2].seconds:.2f}× "
                         f"({by_jobs[1].seconds:.0f} s → {by_jobs[2].seconds:.0f} s).")
    return lines


def _incremental(rows: list[Row]) -> list[str]:
    lines = []
    cold = {r.workload: r for r in rows if r.run == "cold"}
    for r in rows:
        if r.run == "cold":
            continue
        share = f"{100 * r.seconds / cold[r.workload].seconds:.1f}% of the cold run's time" \
            if r.workload in cold and cold[r.workload].seconds else ""
        check = "exactly the changed files" if r.exact else "NOT exactly the changed files"
        lines.append(f"- {r.workload} / {r.run}: {r.processed} processed (expected {r.expected}; "
                     f"{check}) in {r.seconds:.1f} s, {share}.")
    return lines


def _failures(rows: list[Row]) -> list[str]:
    return [f"- failed in {r.workload} / {r.run} / jobs={r.jobs}: {failure}"
            for r in rows for failure in r.failures]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="generated documents (default 10000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="process counts (1 2)")
    parser.add_argument("--skip-real", action="store_true", help="leave out the shared corpus")
    parser.add_argument("--seed", type=int, default=1, help="generator and change seed")
    parser.add_argument("--output", type=Path, help="also write the rows as JSON")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        spec = json.loads(args.child.read_text(encoding="utf-8"))
        print(json.dumps(asdict(measure(spec))))
        return 0
    with exclusive():
        rows = run(args.docs, tuple(args.jobs), not args.skip_real, args.seed)
    print(report(rows))
    write_json(args.output, [asdict(row) for row in rows])
    return 0


if __name__ == "__main__":
    sys.exit(main())
