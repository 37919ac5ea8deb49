"""Shared helpers of the benchmark scripts: paths, generated corpora, child processes, statistics,
machine facts and markdown tables. Not a benchmark itself."""

from __future__ import annotations

import fcntl
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
OUTPUTS = REPO / "outputs" / "bench"
SHARED = Path(os.environ.get("PIPELINE_SHARED", REPO / ".." / "shared")).resolve()
CORPUS = SHARED / "corpus"
SEED_DOC = CORPUS / "000_ab5e45f9e3a49525.txt"
DONE = ".generated"  # marker of a complete generated corpus (hidden: ingestion skips it)

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))


def real_folder(name: str) -> Path:
    folder = CORPUS / name
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: set PIPELINE_SHARED to the shared/ folder")
    return folder


def text_files(folder: Path) -> list[Path]:
    """The documents of a folder as ingestion sees them (supported suffixes, path order)."""
    from pipeline.ingest import iter_paths

    return list(iter_paths(folder))


def generated_corpus(docs: int, mode: str = "flat", size_kb: float | None = None, seed: int = 1,
                     fresh: bool = False) -> Path:
    """A generated corpus under outputs/bench/corpus, made once and reused (unless `fresh`)."""
    from generate import generate

    size = f"-{size_kb:g}kb" if size_kb else ""
    folder = OUTPUTS / "corpus" / f"{mode}-{docs}{size}-s{seed}"
    if (folder / DONE).exists() and not fresh:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    report = generate(folder, docs, seed=seed, mode=mode, size_kb=size_kb)
    (folder / DONE).write_text(json.dumps({"documents": report.documents, "bytes": report.bytes,
                                           "seconds": round(report.seconds, 2)}))
    log(f"generated {report.documents} documents ({report.bytes / 1e6:.1f} MB) in "
        f"{report.seconds:.1f} s: {folder}")
    return folder


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def one_core() -> None:
    """Pin this process to one CPU, so that no library can spread the work."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


@contextmanager
def exclusive() -> Iterator[None]:
    """One benchmark run at a time on this machine: runs disturb each other's timings (2 cores)
    and share outputs/bench (corpora, databases). A second run stops at once with a message."""
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    with (OUTPUTS / ".lock").open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise SystemExit(f"another benchmark is running ({handle.read().strip() or '?'}): "
                             "runs on this machine disturb each other's timings and share "
                             "outputs/bench; wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}: {' '.join(sys.argv)}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def child_input(data: Any) -> Iterator[Path]:
    """A private JSON file for a child process's input (file lists, specs), removed afterwards."""
    OUTPUTS.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix="child-", suffix=".json", dir=OUTPUTS)
    os.close(descriptor)
    path = Path(name)
    try:
        write_json(path, data)
        yield path
    finally:
        path.unlink(missing_ok=True)


def run_child(script: Path, args: Sequence[str], timeout: float | None = None) -> Any:
    """Run `script --child ...` in a fresh interpreter; its stdout is one JSON value."""
    command = [sys.executable, str(script), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"{script.name} {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                     else os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory": _memory(),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "commit": _commit(),
    }


def _commit() -> str:
    """The repository's HEAD, `+changes` when pipeline/ has uncommitted edits."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "pipeline"], cwd=REPO, text=True,
                               capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + (" +changes in pipeline/" if dirty else "")


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "?"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], right: Sequence[bool] | None = None
          ) -> str:
    """A markdown table; numbers right-aligned unless `right` says otherwise."""
    rows = [[_cell(value) for value in row] for row in rows]
    align = right or [True] * len(headers)
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if a else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write_json(path: Path | None, data: Any) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def profile_top(stats_path: Path, limit: int = 15, by: str = "own") -> str:
    """The `limit` functions with most own (or cumulative) time in a cProfile dump, as a table."""
    import pstats

    stats = pstats.Stats(str(stats_path))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    entries = stats.stats  # type: ignore[attr-defined]
    column = 2 if by == "own" else 3
    for (file, line, name), (_, calls, own, cumulative, _) in sorted(
            entries.items(), key=lambda item: item[1][column], reverse=True)[:limit]:
        where = f"{_short(file)}:{line}" if line else file
        rows.append([f"`{name}`", where, calls, own, f"{100 * own / total:.1f}%", cumulative])
    return table(["function", "where", "calls", "own s", "own %", "cumulative s"], rows,
                 [False, False, True, True, True, True])


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return Path(file).name
