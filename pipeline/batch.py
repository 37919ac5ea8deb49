"""Folder ingestion as a batch system: incremental, parallel, resumable, order-independent.

* Only new or changed files are processed: (size, mtime) first, then the content hash.
* Per-document work runs in a process pool (`jobs`) or on a Dask cluster (`scheduler`);
  the database is written by this process only, each document in a savepoint of its own and
  committed in groups (`COMMIT_EVERY` documents or `COMMIT_SECONDS`), so a kill at any moment
  leaves whole documents and the next run does the rest, the uncommitted group included.
* A failing file is recorded (file, stage, reason) and the batch goes on.
* After the batch, references are re-resolved against every document now known, so the
  result does not depend on the order documents arrive in.
Memory stays bounded: paths are streamed and at most `2 × jobs` documents are in flight.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import logging
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IngestError, StoreError
from .extract import extract_timed
from .ingest import DEFAULT_LIMITS, Limits, ingest, iter_paths
from .records import ExtractedDocument
from .resources import Resources, load_resources
from .store import (
    TRANSIENT,
    failure_reason,
    failures_under,
    file_state,
    mark_removed,
    open_db,
    record_failure,
    reresolve,
    stale_parts,
    touch_file,
    transient_reason,
    write_document,
)
from .store.alignments import align_store
from .store.copies import sketch
from .store.rows import DocumentRows, document_rows
from .store.summary import refresh as refresh_summary

log = logging.getLogger("pipeline.batch")


@dataclass(frozen=True)
class WorkResult:
    path: str
    size: int
    mtime: float
    document: ExtractedDocument | None = None
    stage: str | None = None
    reason: str | None = None
    message: str | None = None
    sha256: str | None = None
    seconds: float = 0.0
    stage_seconds: tuple[tuple[str, float], ...] = ()
    sketch: tuple[int, ...] | None = None  # `store.copies.sketch`, computed in the worker
    rows: DocumentRows | None = None  # the document's rows, built in the worker


@dataclass
class BatchReport:
    seen: int = 0
    processed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    documents: int = 0
    tasks: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    reresolved: int = 0
    aligned: int = 0  # documents whose task → passage alignments were (re)computed
    outstanding: int = 0  # files under the roots whose last attempt failed, this run or before
    problems: dict[str, int] = field(default_factory=dict)  # code → documents written with it
    copies: int = 0  # files written as a copy of a document another file holds
    kept_apart: int = 0  # files with a stored document's identity but not its text
    parts: int = 0  # files holding a part of a document another file holds (an appendix)
    # files outside this run's paths that held a part of a document it rewrote or removed: read
    # by the next run over their paths (until then their text is in no document)
    stale_elsewhere: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)  # what became of each file
    # files under the roots that failed in an earlier run and were not tried again (unchanged
    # since), as (path, stage, reason, message): the exit code counts them, so they are named
    earlier_failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of a type no reader reads

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.outstanding == 0


def process_file(path: str, limits: Limits = DEFAULT_LIMITS,
                 resources: tuple[str, str] | None = None) -> WorkResult:
    """Ingest and extract one file. Runs in a worker, which loads the resources named by
    `resources` (`Resources.spec`) once; never raises for bad input."""
    started = time.perf_counter()
    try:
        stat = os.stat(path)
    except OSError as error:  # gone, a loop or unreadable since it was listed
        return _unreadable(path, error)
    try:
        source = ingest(path, limits)
    except IngestError as error:
        return WorkResult(path, stat.st_size, stat.st_mtime, stage="ingest",
                          reason=error.reason.value, message=error.message)
    ingest_seconds = time.perf_counter() - started
    try:
        loaded = load_resources(*(resources or (None, None)))
        document, timings = extract_timed(source, loaded)
        rows = document_rows(document, document.id, path, loaded.gazetteer)
    except Exception as error:  # a bug on one file must not stop the batch
        return WorkResult(path, stat.st_size, stat.st_mtime, stage="extract",
                          reason=type(error).__name__, message=str(error)[:500],
                          sha256=source.sha256)
    stages = (("ingest", ingest_seconds), *timings)
    return WorkResult(path, stat.st_size, stat.st_mtime, document=document,
                      sha256=source.sha256, seconds=time.perf_counter() - started,
                      stage_seconds=tuple(stages), sketch=tuple(sketch(source.text)), rows=rows)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _needs_work(db: Any, path: str, retry_failed: bool) -> bool:
    """New, changed, or failed for a reason that may have passed (a full disk, a lock)."""
    state = file_state(db, path)
    if state is None or state["status"] in ("removed", "stale"):
        return True
    if state["status"] == "failed":
        if retry_failed or failure_reason(db, path) in TRANSIENT:
            return True
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return (state.get("size"), state.get("mtime")) != (stat.st_size, stat.st_mtime)
    stat = os.stat(path)
    if state.get("size") == stat.st_size and state.get("mtime") == stat.st_mtime:
        return False
    if _sha256(path) == state["sha256"]:  # touched, same content
        touch_file(db, path, stat.st_mtime)
        return False
    return True


COMMIT_EVERY = 100  # documents per transaction
COMMIT_SECONDS = 1.0  # ... or less, when documents come slowly (scans, OCR)


def ingest_paths(paths: Iterable[str | Path], db_path: str | Path, jobs: int | None = None,
                 scheduler: str | None = None, retry_failed: bool = False,
                 progress: Callable[[BatchReport, str], None] | None = None,
                 limits: Limits = DEFAULT_LIMITS, resources: Resources | None = None,
                 commit_every: int = COMMIT_EVERY, align: bool = True,
                 parts: bool = True) -> BatchReport:
    """Bring the database in line with the files under `paths`. Workers load the same
    `resources` (default: `load_resources()`) as this process, which writes, committing
    `commit_every` documents at a time (see `_groups`). `align=False` leaves the alignment pass
    to a later run (the gold's scoring aligns by itself, and fitting the passage ranker must
    not need one); `parts=False` keeps a file that is a part of another's document apart (the
    gold is annotated file by file: an appendix published alone is a gold text of its own)."""
    resources = resources if resources is not None else load_resources()
    db = open_db(db_path)
    try:
        with writer_lock(Path(db_path)):
            return _ingest(db, paths, jobs, scheduler, retry_failed, progress, limits, resources,
                           commit_every, align, parts)
    finally:
        db.close()  # the last connection checkpoints the WAL: the file alone holds the store


def _ingest(db: Any, paths: Iterable[str | Path], jobs: int | None, scheduler: str | None,
            retry_failed: bool, progress: Callable[[BatchReport, str], None] | None,
            limits: Limits, resources: Resources, commit_every: int,
            align: bool = True, parts: bool = True) -> BatchReport:
    report = BatchReport()
    started = time.perf_counter()
    roots = [canonical(p) for p in paths]  # `../shared/x` and `/work/shared/x` are one folder
    present: set[str] = set()

    skipped: list[Path] = []

    def todo() -> Iterator[str]:
        for root in roots:
            for file in iter_paths(root, skipped):
                name = canonical(file)
                present.add(name)
                report.seen += 1
                try:
                    needed = _needs_work(db, name, retry_failed)
                except OSError as error:  # a dangling link, a loop, no permission
                    _store_result(db, _unreadable(name, error), report, resources)
                    continue
                if needed:
                    yield name
                else:
                    report.unchanged += 1

    run = _run_dask if scheduler else _run_local

    def write(paths: Iterator[str]) -> None:
        with _groups(db, commit_every) as written:
            for result in run(paths, jobs or _default_jobs(), scheduler, limits, resources.spec):
                _store_result(db, result, report, resources, parts)
                written()
                if progress:
                    progress(report, result.path)

    write(todo())
    report.removed = len(mark_removed(db, present, roots))
    for _ in range(3):  # parts of documents rewritten or removed in this run: read them again
        again = [path for path in stale_parts(db, roots) if path in present]
        if not again:  # (a second read may rewrite a whole in turn: a copy that reads better)
            break
        _forget(report, set(again))
        write(iter(again))
    report.stale_elsewhere = len(stale_parts(db, ["/"])) - len(stale_parts(db, roots))
    _settle(db, report)
    report.reresolved = reresolve(db)
    if align:
        aligned = time.perf_counter()
        with _align_workers(jobs or _default_jobs()) as workers:
            report.aligned = align_store(db, workers=workers)
        report.stage_seconds["align"] = time.perf_counter() - aligned
    if not db.execute("select 1 from summary").fetchone():  # written since it was counted
        with db.atomic():
            refresh_summary(db)
    report.skipped = [str(path) for path in skipped]
    _count_failing(db, roots, report)
    report.seconds = time.perf_counter() - started
    return report


def _count_failing(db: Any, roots: list[str], report: BatchReport) -> None:
    """How many files under the roots fail, this run's and the earlier ones not retried (each
    named: an exit code of 1 must say which files it is about)."""
    failing = failures_under(db, roots)
    now = {path for path, *_ in report.failures}
    report.outstanding = len(failing)
    report.earlier_failures = [entry for entry in failing if entry[0] not in now]


@contextmanager
def _groups(db: Any, every: int) -> Iterator[Callable[[], None]]:
    """Documents committed `every` at a time, or every `COMMIT_SECONDS`, whichever comes first:
    a commit per document cost the writer more than writing its rows (issue 17). Each document
    is still written in a savepoint of its own (`write_document`), so a failing one takes only
    itself back; a killed run loses the documents since the last commit, and the next run,
    finding no file row for them, does them again. On the way out (the end, an interrupt, an
    error) what is whole is committed."""
    state = {"count": 0, "since": time.monotonic()}

    def written() -> None:
        state["count"] += 1
        if state["count"] >= every or time.monotonic() - state["since"] >= COMMIT_SECONDS:
            if db.conn.in_transaction:
                db.conn.execute("COMMIT")
            state["count"], state["since"] = 0, time.monotonic()
        if not db.conn.in_transaction:
            db.conn.execute("BEGIN")

    db.conn.execute("BEGIN")
    try:
        yield written
    finally:
        if db.conn.in_transaction:
            try:
                db.conn.execute("COMMIT")
            except sqlite3.Error:  # the disk is full: what was committed before is kept
                db.conn.execute("ROLLBACK")


def canonical(path: str | Path) -> str:
    """One spelling per file or folder: absolute, with `..`, `.` and linked folders resolved (a
    folder reached through a link is the folder it points to). A file that is itself a link
    keeps its name, so a dangling one is reported where the user has it."""
    absolute = os.path.abspath(path)
    if os.path.isdir(absolute):
        return os.path.realpath(absolute)
    folder, name = os.path.split(absolute)
    return os.path.join(os.path.realpath(folder), name)


def _unreadable(path: str, error: OSError) -> WorkResult:
    reason = {errno.ENOENT: "not-found", errno.ELOOP: "symlink-loop",
              errno.EACCES: "unreadable"}.get(error.errno or 0, "unreadable")
    message = "a dangling symbolic link" if reason == "not-found" else (
        error.strerror or str(error))
    return WorkResult(path, 0, 0.0, stage="ingest", reason=reason, message=message)


@contextmanager
def writer_lock(db_path: Path) -> Iterator[None]:
    """One ingest writes a database at a time: a second one is told so at once, rather than
    failing on SQLite's `database is locked` half-way (the lock goes with the process)."""
    handle = os.open(db_path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(db_path, "another ingest is writing to it; wait for it to end, "
                                      "or use another --db") from None
        yield
    finally:
        os.close(handle)


@contextmanager
def _align_workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool for the alignment pass (this machine's, whatever ran the extraction); its processes
    start only if the pass has enough stale documents to hand them. They are spawned, not
    forked: this process holds the store open, and SQLite's state copied into a child by a fork
    breaks the connections the child opens to the same file (SQLite's own advice)."""
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield pool


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _store_result(db: Any, result: WorkResult, report: BatchReport, resources: Resources,
                  parts: bool = True) -> None:
    report.processed += 1
    if result.document is None:
        report.failed += 1
        report.failures.append((result.path, result.stage or "?", result.reason or "?",
                                result.message or ""))
        record_failure(db, result.path, result.stage or "?", result.reason or "?",
                       result.message or "", result.sha256, result.size, result.mtime)
        report.files.append({"path": result.path, "failed": result.reason,
                             "message": result.message})
        return
    write_started = time.perf_counter()
    try:
        document_id = write_document(db, result.document, result.path, result.size,
                                     result.mtime, result.seconds, resources=resources,
                                     sketch=result.sketch, rows=result.rows, parts=parts)
    except Exception as error:  # the transaction rolled back; the batch goes on
        report.failed += 1
        reason = transient_reason(error) or type(error).__name__
        message = f"{type(error).__name__}: {error}"[:500]
        report.failures.append((result.path, "store", reason, message))
        report.files.append({"path": result.path, "failed": reason, "message": message})
        try:
            record_failure(db, result.path, "store", reason, message, result.sha256,
                           result.size, result.mtime)
        except sqlite3.Error as second:  # the disk is full: stop, the next run goes on
            raise StoreError(result.path, f"cannot be recorded ({second}); free the disk and "
                                          "run again: what was written is kept") from None
        return
    for stage, seconds in (*result.stage_seconds, ("store", time.perf_counter() - write_started)):
        report.stage_seconds[stage] = report.stage_seconds.get(stage, 0.0) + seconds
    _count_written(db, result, document_id, report)


def _count_written(db: Any, result: WorkResult, document_id: str, report: BatchReport) -> None:
    """What writing a file gave: a document, or a copy of one (`_settle` recounts at the end:
    a later copy that reads better takes the document over)."""
    assert result.document is not None
    role = db.execute("select role from files where path = ?", [result.path]).fetchone()[0]
    codes = sorted({p.code for p in result.document.problems} | {row[0] for row in db.execute(
        "select code from problems where document_id = ? and stage = 'store'", [document_id])})
    report.files.append({"path": result.path, "document": document_id, "role": role,
                         "problems": codes, "tasks": len(result.document.tasks),
                         "pages": result.document.source.pages})
    for code in codes:
        report.problems[code] = report.problems.get(code, 0) + 1
    _add(report, report.files[-1], 1)


def _add(report: BatchReport, entry: dict[str, Any], sign: int) -> None:
    if entry["role"] == "copy":
        report.copies += sign
        return
    if entry["role"] == "part":
        report.parts += sign
        return
    report.documents += sign
    report.kept_apart += sign * ("same-identity" in entry["problems"])
    report.tasks += sign * entry["tasks"]
    report.pages += sign * entry["pages"]


def _forget(report: BatchReport, paths: set[str]) -> None:
    """Files about to be read again in one run (`stale_parts`) count once: their earlier entry
    goes (as a document, part or copy, its problems, or a failure), or they leave the
    unchanged."""
    first = [entry for entry in report.files if entry["path"] in paths]
    for entry in first:
        if "document" in entry:
            _add(report, entry, -1)
            for code in entry["problems"]:
                report.problems[code] -= 1
                if not report.problems[code]:
                    del report.problems[code]
        else:
            report.failed -= 1
        report.processed -= 1
    report.files = [entry for entry in report.files if entry["path"] not in paths]
    report.failures = [failure for failure in report.failures if failure[0] not in paths]
    report.unchanged -= len(paths) - len({entry["path"] for entry in first})


def _settle(db: Any, report: BatchReport) -> None:
    """Count each file by the role it ended the batch with."""
    for entry in report.files:
        if "document" not in entry:
            continue
        row = db.execute("select role, document_id from files where path = ?",
                         [entry["path"]]).fetchone()
        if row is not None and (row[0], row[1]) != (entry["role"], entry["document"]):
            _add(report, entry, -1)
            entry["role"], entry["document"] = row
            _add(report, entry, 1)


def _run_local(paths: Iterator[str], jobs: int, scheduler: str | None, limits: Limits,
               spec: tuple[str, str]) -> Iterator[WorkResult]:
    if jobs <= 1:
        for path in paths:
            yield process_file(path, limits, spec)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from _bounded(lambda path: pool.submit(process_file, path, limits, spec), paths,
                            2 * jobs)


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it dies, however it dies (kill -9
    included), rather than live on orphaned holding memory and pipes (Linux `prctl`). Ctrl-C is
    the parent's to handle (one line, exit 130): a worker ignores it rather than print a
    traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: nothing to ask
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), signal.SIGKILL)


_PR_SET_PDEATHSIG = 1


def _bounded(submit: Callable[[str], Future[WorkResult]], paths: Iterator[str], limit: int
             ) -> Iterator[WorkResult]:
    """Keep at most `limit` tasks in flight; yield results as they complete."""
    in_flight: set[Future[WorkResult]] = set()
    for path in paths:
        in_flight.add(submit(path))
        if len(in_flight) >= limit:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    for future in in_flight:
        yield future.result()


def _run_dask(paths: Iterator[str], jobs: int, scheduler: Any, limits: Limits,
              spec: tuple[str, str]) -> Iterator[WorkResult]:
    """The per-document work on a Dask distributed cluster; results come back here to be
    written. Workers need this package installed and the files readable at the same paths."""
    from dask.distributed import Client, as_completed

    client = scheduler if not isinstance(scheduler, str) else Client(scheduler)
    try:
        workers = max(1, sum(client.nthreads().values()))
        pending = as_completed()
        in_flight = 0
        for path in paths:
            pending.add(client.submit(process_file, path, limits, spec, pure=False))
            in_flight += 1
            if in_flight >= 2 * workers:
                yield next(pending).result()
                in_flight -= 1
        for future in pending:
            yield future.result()
    finally:
        if isinstance(scheduler, str):
            client.close()


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files the batch will look at (a walk of the folders, without reading a file):
    the progress bar's total."""
    try:
        return sum(1 for root in paths for _ in iter_paths(root))
    except OSError:
        return 0  # a folder that cannot be walked: the batch reports it, the bar has no total


def progress_printer(total_hint: int | None = None) -> Callable[[BatchReport, str], None]:
    """A tqdm bar (files done of `total_hint`, percentage, rate, ETA) on a terminal; plain log
    lines every 50 files otherwise, with the same figures. Files found unchanged count as
    done."""
    total = total_hint or None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

        def on_tty(report: BatchReport, path: str) -> None:
            bar.n = report.processed + report.unchanged
            bar.set_postfix(pages=report.pages, ocr=report.problems.get("ocr", 0),
                            failed=report.failed, refresh=False)
            bar.refresh()

        return on_tty
    started = time.perf_counter()

    def on_log(report: BatchReport, path: str) -> None:
        if report.processed % 50 == 0:
            print(f"[ingest] {_done_of(report, total, time.perf_counter() - started)}, "
                  f"{report.pages} pages, {report.problems.get('ocr', 0)} OCR'd, "
                  f"{report.failed} failed", file=sys.stderr)

    return on_log


def _done_of(report: BatchReport, total: int | None, elapsed: float) -> str:
    """`120/2,000 files (6%), 4.1 files/s, ETA 7:38`: where the batch is and when it ends."""
    done = report.processed + report.unchanged
    rate = report.processed / max(elapsed, 1e-9)
    if not total:
        return f"{done:,} files, {rate:.1f} files/s"
    left = max(total - done, 0) / rate if rate else 0.0
    return (f"{done:,}/{total:,} files ({100 * done / total:.0f}%), {rate:.1f} files/s, "
            f"ETA {int(left // 60)}:{int(left % 60):02d}")
