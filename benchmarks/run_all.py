"""Run every benchmark in order, print markdown tables and write `benchmarks/results.md`.

    .venv/bin/python benchmarks/run_all.py            # make bench; about 15-20 min on 2 cores
    .venv/bin/python benchmarks/run_all.py --batch-docs 10000 --output benchmarks/results.md

Order: corpus generation, reference throughput, whole-document extraction, batch ingestion (cold
with 1 and 2 jobs, then incremental), query latency on the batch run's database. The defaults keep
the whole run under 20 minutes on a 2-core machine: the batch benchmark ingests a generated corpus
of `--batch-docs` documents (5,000 by default; `bench_batch.py --docs 10000` alone takes about as
long as all the rest). Timings are only comparable on an otherwise idle machine: the load average
at each step's start is written next to its results, with the commit measured.

`--baseline OLD.json` adds an earlier run's figures to the targets table; `--only STEP... --resume
OLD.json` re-runs some steps and keeps the others; `--render --resume OLD.json` only rewrites the
markdown. The JSON (default `outputs/bench/results.json`) is written after every step.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import bench_batch
import bench_extract
import bench_query
import bench_references
import generate
from benchlib import BENCH, OUTPUTS, exclusive, log, machine, table, write_json


def step_generate(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    rows = []
    for mode, size in (("flat", None), ("chains", None), ("flat", 18.0)):
        folder = OUTPUTS / "tmp-generate"
        shutil.rmtree(folder, ignore_errors=True)
        report = generate.generate(folder, args.generate_docs, seed=1, mode=mode, size_kb=size)
        rows.append([mode, f"{size:g} kB" if size else "natural", report.documents,
                     round(report.bytes / 1e6, 1), report.seconds,
                     round(report.documents / report.seconds)])
        shutil.rmtree(folder, ignore_errors=True)
    data = {"seconds": max(row[4] for row in rows), "docs": args.generate_docs, "rows": rows}
    return render("generate", data), data


def step_references(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    rows = bench_references.run(args.repeat, args.generated_mb, args.profile)
    data = {"rows": [asdict(r) for r in rows]}
    return render("references", data), data


def step_extract(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    rows = bench_extract.run(args.extract_docs, args.seed_copies, args.profile)
    data = {"rows": [asdict(r) for r in rows]}
    return render("extract", data), data


def step_batch(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    rows = bench_batch.run(args.batch_docs, tuple(args.jobs), not args.skip_real)
    data = {"rows": [asdict(r) for r in rows]}
    return render("batch", data), data


def step_query(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    path = bench_batch.database(f"gen{args.batch_docs}", args.jobs[-1])
    rows, facts = bench_query.run(bench_query.ensure_db(path, args.batch_docs), args.query_repeat,
                                  call_cap=args.call_cap, query_cap=args.query_cap)
    data = {"rows": [asdict(r) for r in rows], "facts": facts}
    return render("query", data), data


def render(name: str, data: dict[str, Any]) -> str:
    """A step's markdown from its data (so `--render` rewrites results.md with today's format)."""
    rows = data.get("rows", [])
    if name == "generate":
        return table(["mode", "size", "documents", "MB", "seconds", "docs/s"], rows,
                     [False, False, True, True, True, True])
    if name == "query":
        return bench_query.report([bench_query.Row(**r) for r in rows], data["facts"])
    module = {"references": bench_references, "extract": bench_extract, "batch": bench_batch}[name]
    return module.report([module.Row(**r) for r in rows])  # type: ignore[attr-defined]


STEPS: dict[str, tuple[str, Callable[[argparse.Namespace], tuple[str, dict[str, Any]]], str]] = {
    "generate": ("Corpus generation", step_generate,
                 "benchmarks/generate.py OUT --docs {generate_docs} [--mode chains] [--size-kb 18]"),
    "references": ("Reference extraction and resolution (one core)", step_references,
                   "benchmarks/bench_references.py --repeat {repeat} --generated-mb {generated_mb}"),
    "extract": ("Whole-document extraction (one core)", step_extract,
                "benchmarks/bench_extract.py --docs {extract_docs} --seed-copies {seed_copies}"),
    "batch": ("Batch ingestion", step_batch, "benchmarks/bench_batch.py --docs {batch_docs} "
              "--jobs {jobs_text}"),
    "query": ("Query latency", step_query,
              "benchmarks/bench_query.py --docs {batch_docs} --repeat {query_repeat}"),
}


# --------------------------------------------------------------------------- targets
COLD_MINUTES = 10  # "the 10k cold run in minutes", read as under ten minutes
def targets(data: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in data.get("references", {}).get("rows", []):
        rate = row["megabytes"] / row["seconds"] if row["seconds"] else 0.0
        rows.append([f"references ≥ 10 MB/s, one core: {row['workload']}, {row['measure']}",
                     f"{rate:.2f} MB/s", _verdict(rate >= 10, f"{10 / rate:.2f}× short")])
    for row in data.get("extract", {}).get("rows", []):
        rate = row["docs"] / row["seconds"] if row["seconds"] else 0.0
        rows.append([f"≥ 20 seed-sized docs/s per core: {row['workload']}", f"{rate:.1f} docs/s",
                     _verdict(rate >= 20, f"{20 / rate:.2f}× short")])
    batch = data.get("batch", {}).get("rows", [])
    for row in batch:
        if row["run"] == "cold" and row["workload"].startswith("generated"):
            minutes = row["seconds"] / 60
            rows.append([f"cold run in minutes (read: under {COLD_MINUTES} min): {row['workload']}, "
                         f"{row['jobs']} job(s)", f"{minutes:.1f} min",
                         _verdict(minutes < COLD_MINUTES, f"{minutes / COLD_MINUTES:.1f}× over")])
    rows += _speedups(batch)
    cold = {r["workload"]: r for r in batch if r["run"] == "cold"}
    for row in batch:
        if row["run"] != "cold" and row["workload"] in cold:
            share = row["seconds"] / cold[row["workload"]]["seconds"]
            rows.append([f"incremental proportional to change: {row['run']}",
                         f"{row['seconds']:.1f} s = {share:.1%} of cold, {row['processed']} files",
                         _verdict(bool(row["exact"]), "wrong files")])
    for row in data.get("query", {}).get("rows", []):
        at_least = "≥ " if row.get("interrupted") else ""
        rows.append([f"query under 100 ms: {row['query']}", f"p95 {at_least}{row['p95_ms']:,.1f} ms",
                     _verdict(row["p95_ms"] < 100, f"{at_least}{row['p95_ms'] / 100:.1f}× over")])
    return rows


def _speedups(batch: list[dict[str, Any]]) -> list[list[str]]:
    cold = {(r["workload"], r["jobs"]): r["seconds"] for r in batch if r["run"] == "cold"}
    return [[f"speed-up 1 → 2 jobs (2 cores): {workload}", f"{seconds / cold[(workload, 2)]:.2f}×",
             "–"] for (workload, jobs), seconds in cold.items()
            if jobs == 1 and cold.get((workload, 2))]


def _verdict(ok: bool, miss: str) -> str:
    return "met" if ok else f"**missed** ({miss})"


def with_baseline(summary: list[list[str]], baseline: Path | None) -> tuple[list[str], list[list[str]]]:
    """The targets table, with the same targets' figures of an earlier run when given."""
    headers = ["target", "measured", "verdict"]
    if baseline is None:
        return headers, summary
    steps = json.loads(baseline.read_text(encoding="utf-8"))["steps"]
    before = {row[0]: row[1] for row in targets({n: s["data"] for n, s in steps.items()})}
    commits = ", ".join(dict.fromkeys(s["machine"]["commit"] for s in steps.values()))
    first = min(s["machine"]["date"] for s in steps.values())
    return [*headers, f"baseline (commit {commits}; {first})"], [
        [*row, before.get(row[0], "–")] for row in summary]


# --------------------------------------------------------------------------- results
def results_md(steps: dict[str, dict[str, Any]], summary: tuple[list[str], list[list[str]]],
               command: str, end_load: str) -> str:
    first = min((step["machine"] for step in steps.values()), key=lambda facts: facts["date"])
    loads = " → ".join([*(step["machine"]["load average"] for step in steps.values()), end_load])
    commits = sorted({step["machine"]["commit"] for step in steps.values()})
    lines = ["# Benchmark results", "",
             f"Written by `{command}`, steps run from {first['date']}.", "",
             table(["machine", ""], [["nproc", first["nproc"]], ["CPU", first["cpu"]],
                                     ["memory", first["memory"]], ["Python", first["python"]],
                                     ["platform", first["platform"]],
                                     ["commit", ", ".join(commits)],
                                     ["load average at each step's start → end", loads]],
                   [False, False]),
             "", "## Targets", "", table(summary[0], summary[1],
                                         [False, True, False, *[True] * (len(summary[0]) - 3)])]
    for step in steps.values():
        facts = step["machine"]
        lines += ["", f"## {step['title']}", "",
                  f"`.venv/bin/python {step['command']}`: {step['seconds']:.0f} s, "
                  f"started {facts['date']}, load average {facts['load average']}.", "",
                  step["text"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(STEPS), help="run these steps only")
    parser.add_argument("--resume", type=Path,
                        help="a results JSON of an earlier run: its other steps are kept")
    parser.add_argument("--generate-docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2, help="reference passes (best kept)")
    parser.add_argument("--generated-mb", type=float, default=20.0)
    parser.add_argument("--extract-docs", type=int, default=500)
    parser.add_argument("--seed-copies", type=int, default=500)
    parser.add_argument("--batch-docs", type=int, default=5_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-real", action="store_true", help="batch: leave out the shared corpus")
    parser.add_argument("--query-repeat", type=int, default=20)
    parser.add_argument("--call-cap", type=float, default=bench_query.CALL_CAP_S,
                        help="query: interrupt a call after this many seconds")
    parser.add_argument("--query-cap", type=float, default=bench_query.QUERY_CAP_S,
                        help="query: no more calls of a query after this many seconds")
    parser.add_argument("--baseline", type=Path,
                        help="a results JSON to compare the targets with (an earlier run)")
    parser.add_argument("--render", action="store_true",
                        help="run nothing: rewrite the results from --resume's JSON")
    parser.add_argument("--profile", action="store_true", help="add cProfile tables")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    parser.add_argument("--json", type=Path, default=OUTPUTS / "results.json")
    args = parser.parse_args(argv)
    args.jobs_text = " ".join(map(str, args.jobs))
    resumed = json.loads(args.resume.read_text(encoding="utf-8")) if args.resume else {}
    previous = resumed.get("steps", {})
    with exclusive():
        steps = run_steps(args, previous)
    summary = with_baseline(targets({name: step["data"] for name, step in steps.items()}),
                            args.baseline)
    print("\n## Targets\n\n" + table(*summary, [False, True, False, True]))
    command = "benchmarks/run_all.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.render and resumed.get("command"):
        command = resumed["command"]  # the run that measured, not the one that re-rendered
    write_json(args.json, {"steps": steps, "command": command.strip()})
    args.output.write_text(results_md(steps, summary, command.strip(), machine()["load average"]),
                           encoding="utf-8")
    log(f"wrote {args.output} and {args.json}")
    return 0


def run_steps(args: argparse.Namespace, previous: dict[str, Any]) -> dict[str, dict[str, Any]]:
    steps: dict[str, dict[str, Any]] = {}
    for name in STEPS:
        if args.render or (args.only and name not in args.only):
            if name in previous:
                steps[name] = previous[name]
                steps[name]["text"] = render(name, previous[name]["data"])
            continue
        steps[name] = run_step(name, args)
        write_json(args.json, {"steps": steps})  # a later --resume can use what is done
    if not steps:
        raise SystemExit("no results: --render needs --resume FILE")
    return steps


def run_step(name: str, args: argparse.Namespace) -> dict[str, Any]:
    title, function, command = STEPS[name]
    facts = machine()
    log(f"{title}: machine {facts}")
    started = time.perf_counter()
    text, data = function(args)
    seconds = time.perf_counter() - started
    print(f"\n## {title} ({seconds:.0f} s)\n\n{text}", flush=True)
    return {"title": title, "command": command.format(**vars(args)), "text": text,
            "seconds": seconds, "data": data, "machine": facts}


if __name__ == "__main__":
    sys.exit(main())
