"""What a user waits for on one document: the wall time and peak memory of
`python -m pipeline extract --json SEED`, as a fresh process each time.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--compare OTHER_CHECKOUT] [--json]

Two cases: a cold cache (a new `PIPELINE_CACHE` folder for every run: underthesea is loaded for
the openings the verb lexicon does not know) and a warm one (the folder a first run filled).
`--compare` runs the same command from another checkout (say a `git worktree` of an older
commit) in the same loop, run for run, so both sides see the same machine load. Also lists the
heaviest modules imported by a warm run (`-X importtime`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import REPO, SEED_DOC, SHARED, median, table

COMMAND = ["-m", "pipeline", "extract", "--json"]


def one_run(checkout: Path, cache: Path) -> float:
    """Wall seconds of one extraction in a fresh interpreter."""
    env = {**os.environ, "PIPELINE_CACHE": str(cache), "PIPELINE_SHARED": str(SHARED)}
    started = time.perf_counter()
    subprocess.run([sys.executable, *COMMAND, str(SEED_DOC)], cwd=checkout, env=env,
                   stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def measure(checkouts: dict[str, Path], runs: int) -> list[dict[str, object]]:
    """Median wall time per checkout and cache state, runs interleaved."""
    times: dict[tuple[str, str], list[float]] = {}
    warm = {name: Path(tempfile.mkdtemp(prefix="bench-startup-warm-")) for name in checkouts}
    for name, checkout in checkouts.items():
        one_run(checkout, warm[name])  # fills the warm cache
    for _ in range(runs):
        for name, checkout in checkouts.items():
            for state in ("cold", "warm"):
                cache = warm[name] if state == "warm" else Path(tempfile.mkdtemp())
                times.setdefault((name, state), []).append(one_run(checkout, cache))
    return [{"checkout": name, "cache": state, "runs": runs,
             "median_s": round(median(values), 3), "min_s": round(min(values), 3)}
            for (name, state), values in times.items()]


def heaviest_imports(limit: int = 8) -> list[tuple[str, float]]:
    """Modules with the largest cumulative import time in a warm run of this checkout."""
    cache = Path(tempfile.mkdtemp(prefix="bench-startup-imports-"))
    env = {**os.environ, "PIPELINE_CACHE": str(cache), "PIPELINE_SHARED": str(SHARED)}
    subprocess.run([sys.executable, *COMMAND, str(SEED_DOC)], cwd=REPO, env=env,
                   stdout=subprocess.DEVNULL, check=True)
    done = subprocess.run([sys.executable, "-X", "importtime", *COMMAND, str(SEED_DOC)],
                          cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):
            rows.append((parts[2].strip(), int(parts[1]) / 1e6))
    return sorted(rows, key=lambda row: -row[1])[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (default 7)")
    parser.add_argument("--compare", type=Path, help="another checkout to measure alongside")
    parser.add_argument("--json", action="store_true", help="print JSON, not tables")
    args = parser.parse_args()
    checkouts = {"this": REPO}
    if args.compare:
        checkouts["compared"] = args.compare.resolve()
    rows = measure(checkouts, args.runs)
    imports = heaviest_imports()
    if args.json:
        print(json.dumps({"runs": rows, "imports": imports}, indent=2))
        return 0
    print(table(["checkout", "cache", "runs", "median s", "min s"],
                [[r["checkout"], r["cache"], r["runs"], r["median_s"], r["min_s"]]
                 for r in rows]))
    print()
    print(table(["top-level import (warm run)", "s"], [[m, f"{s:.3f}"] for m, s in imports]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
