"""Folder ingestion as a batch: incremental, parallel (processes or Dask), independent of the
order files arrive in, failures recorded without stopping the rest, and safe to kill."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from conftest import OFFICIAL, REPO, SAMPLES, corpus_file

from pipeline import query
from pipeline.batch import BatchReport, canonical, ingest_paths
from pipeline.store import db as store_db
from pipeline.store import open_db

CONCLUSION = "187-KL/TW@2024-03-14"
PROVINCE = "215-KH/TU@2024-05-10"
DISTRICT = "96-KH/HU@2024-06-05"
PEOPLES_COMMITTEE = "142/KH-UBND@2024-06-20"
WHEN_WRITTEN = {"files": {"updated_at", "seconds"}, "failures": {"at"}}
# Tables whose rows come from one document each: the same files give the same rows whatever
# order they are written in.
PER_DOCUMENT = ("files", "sections", "tasks", "task_roles", "body_mentions", "references", "problems",
                "edges", "failures")
ORDER_BUG = ("stub facts (year, search_text) and body names are taken from the first document "
             "written that cites or names them, so they depend on arrival order; see "
             "test_stub_facts_and_body_names_do_not_depend_on_order")


# ------------------------------------------------------------------ helpers
def rows(db_path: Path, table: str, drop: set[str] | frozenset[str] = frozenset(),
         where: str = "1 = 1", columns: str = "*") -> list[str]:
    """Sorted JSON lines of a table, read on a fresh connection (only what was committed)."""
    with closing(sqlite3.connect(db_path)) as conn:
        cursor = conn.execute(f'select {columns} from "{table}" where {where}')
        names = [d[0] for d in cursor.description]
        return sorted(json.dumps({n: v for n, v in zip(names, row, strict=True) if n not in drop},
                                 ensure_ascii=False, sort_keys=True) for row in cursor)


def dump(db_path: Path, ignore_write_times: bool = True) -> dict[str, list[str]]:
    tables = (*PER_DOCUMENT, "documents", "bodies")
    return {t: rows(db_path, t, WHEN_WRITTEN.get(t, set()) if ignore_write_times else set())
            for t in tables}


def assert_same_content(got: Path, expected: Path) -> None:
    """Every per-document table and every ingested document row equal; stubs and bodies the
    same set of ids (their facts depend on arrival order: ORDER_BUG)."""
    for table in PER_DOCUMENT:
        assert rows(got, table, WHEN_WRITTEN.get(table, set())) == rows(
            expected, table, WHEN_WRITTEN.get(table, set())), table
    assert rows(got, "documents", where="ingested = 1") == rows(expected, "documents",
                                                                 where="ingested = 1")
    assert rows(got, "documents", columns="id, ingested") == rows(expected, "documents",
                                                                  columns="id, ingested")
    assert rows(got, "bodies", columns="id") == rows(expected, "bodies", columns="id")


def copy_samples(folder: Path, names: tuple[str, ...] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SAMPLES.iterdir()):
        if names is None or path.name in names:
            shutil.copy2(path, folder / path.name)
    return folder


def document_of(db: sqlite_utils.Database, path: Path) -> str | None:
    row = db["files"].get(canonical(path))
    return row["document_id"]


@pytest.fixture(scope="module")
def serial_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpora/samples ingested by one process, files in name order."""
    path = tmp_path_factory.mktemp("serial") / "serial.db"
    report = ingest_paths([SAMPLES], path, jobs=1)
    assert (report.processed, report.documents, report.failed) == (4, 4, 0)
    return path


# ------------------------------------------------------------------ incremental
@pytest.fixture(scope="module")
def incremental(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One folder through six runs: first, again, touched, changed, deleted, again."""
    root = tmp_path_factory.mktemp("incremental")
    folder = copy_samples(root / "docs")
    db_path = root / "incremental.db"
    state: dict[str, Any] = {"folder": folder, "db": db_path}

    def run(name: str) -> None:
        state[name] = ingest_paths([folder], db_path, jobs=1)
        state[f"{name}_dump"] = dump(db_path, ignore_write_times=False)

    run("first")
    run("again")
    pdf = folder / "kh-96-hu.pdf"
    stat = pdf.stat()
    os.utime(pdf, (stat.st_atime + 3600, stat.st_mtime + 3600))
    state["touched_mtime"] = pdf.stat().st_mtime
    run("touched")
    run("after_touch")
    markdown = folder / "kh-142-ubnd.md"
    markdown.write_text(markdown.read_text(encoding="utf-8").replace(
        "Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
        "Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức cấp xã"), encoding="utf-8")
    run("changed")
    markdown.unlink()
    run("deleted")
    run("after_delete")
    return state


def counts(report: BatchReport) -> tuple[int, int, int, int, int]:
    return (report.seen, report.processed, report.unchanged, report.removed, report.failed)


def test_first_run_processes_every_file(incremental: dict[str, Any]) -> None:
    assert counts(incremental["first"]) == (4, 4, 0, 0, 0)
    assert incremental["first"].documents == 4


def test_second_run_processes_nothing_and_changes_nothing(incremental: dict[str, Any]) -> None:
    assert counts(incremental["again"]) == (4, 0, 4, 0, 0)
    assert incremental["again_dump"] == incremental["first_dump"]


def test_touched_file_is_not_processed(incremental: dict[str, Any]) -> None:
    assert counts(incremental["touched"]) == (4, 0, 4, 0, 0)
    db = sqlite_utils.Database(incremental["db"])
    pdf = db["files"].get(canonical(incremental["folder"] / "kh-96-hu.pdf"))
    assert pdf["mtime"] == incremental["touched_mtime"]  # remembered: no hashing next time
    before, after = incremental["first_dump"], incremental["touched_dump"]
    assert {t: v for t, v in after.items() if t != "files"} == {
        t: v for t, v in before.items() if t != "files"}
    assert counts(incremental["after_touch"]) == (4, 0, 4, 0, 0)


def test_changed_file_is_processed_alone(incremental: dict[str, Any]) -> None:
    assert counts(incremental["changed"]) == (4, 1, 3, 0, 0)
    assert incremental["changed"].documents == 1
    before, after = incremental["touched_dump"], incremental["changed_dump"]
    edited = [json.loads(r) for r in after["tasks"] if "công chức, viên chức cấp xã" in r]
    assert [t["document_id"] for t in edited] == [PEOPLES_COMMITTEE]
    for table in ("tasks", "sections", "references"):
        assert [r for r in after[table] if PEOPLES_COMMITTEE not in r] == [
            r for r in before[table] if PEOPLES_COMMITTEE not in r], table


def test_deleted_file_is_marked_removed_and_its_document_goes(incremental: dict[str, Any]) -> None:
    assert counts(incremental["deleted"]) == (3, 0, 3, 1, 0)
    db = sqlite_utils.Database(incremental["db"])
    row = db["files"].get(canonical(incremental["folder"] / "kh-142-ubnd.md"))
    assert (row["status"], row["document_id"]) == ("removed", None)
    assert not db["documents"].count_where("id = ?", [PEOPLES_COMMITTEE])
    for table in ("tasks", "sections", "references", "body_mentions", "edges"):
        assert not db[table].count_where("document_id = ?", [PEOPLES_COMMITTEE]), table
    assert not db["task_roles"].count_where("task_id like ?", [PEOPLES_COMMITTEE + "#%"])
    assert counts(incremental["after_delete"]) == (3, 0, 3, 0, 0)


def test_deleted_plan_still_cited_becomes_a_stub_again(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path / "docs", ("kh-96-hu.pdf", "kh-215-tu.docx"))
    ingest_paths([folder], tmp_path / "a.db", jobs=1)
    (folder / "kh-215-tu.docx").unlink()
    assert ingest_paths([folder], tmp_path / "a.db", jobs=1).removed == 1
    db = open_db(tmp_path / "a.db")
    assert db["edges"].count_where("dst = ? and type = 'implements'", [PROVINCE])
    assert db["documents"].count_where("id = ? and ingested = 0", [PROVINCE]) == 1
    assert PROVINCE in {r["id"] for r in query.not_ingested(db)}


def test_deleting_one_of_two_identical_copies_keeps_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SAMPLES / "kl-187-tw.txt", folder / name)
    ingest_paths([folder], tmp_path / "copies.db", jobs=1)
    (folder / "b.txt").unlink()
    ingest_paths([folder], tmp_path / "copies.db", jobs=1)
    ingest_paths([folder], tmp_path / "copies.db", jobs=1)
    db = open_db(tmp_path / "copies.db")
    assert document_of(db, folder / "a.txt") == CONCLUSION
    assert db["documents"].count_where("id = ? and ingested = 1", [CONCLUSION]) == 1
    assert db["tasks"].count_where("document_id = ?", [CONCLUSION]) > 20


# ------------------------------------------------------------------ parallel
def test_two_processes_give_the_serial_content(serial_db: Path, tmp_path: Path) -> None:
    report = ingest_paths([SAMPLES], tmp_path / "parallel.db", jobs=2)
    assert (report.processed, report.documents, report.failed) == (4, 4, 0)
    assert_same_content(tmp_path / "parallel.db", serial_db)


def test_dask_cluster_gives_the_serial_content(serial_db: Path, tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        report = ingest_paths([SAMPLES], tmp_path / "dask.db",
                              scheduler=cluster.scheduler_address)
    assert (report.processed, report.documents, report.failed) == (4, 4, 0)
    assert_same_content(tmp_path / "dask.db", serial_db)


def test_threads_in_one_process_give_the_serial_extraction() -> None:
    """Dask workers may run several extractions at once in threads: the per-document caches
    (the fold of the text, its lines, parsed symbols) must not mix documents up."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.extract import extract, to_json
    from pipeline.ingest import ingest

    files = [*sorted(SAMPLES.iterdir()), *sorted(corpus_file(OFFICIAL).glob("*.md"))[:16]]

    def extracted(path: Path) -> str:
        data = to_json(extract(ingest(path)))
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    serial = [extracted(path) for path in files]
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(extracted, files * 3))
    assert threaded == serial * 3


# ------------------------------------------------------------------ order
@pytest.fixture(scope="module")
def two_orders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The four samples one batch each: in name order (the provincial plan before the district
    plan) and in reverse (the district plan first)."""
    root = tmp_path_factory.mktemp("order")
    folder = copy_samples(root / "docs")
    files = sorted(folder.iterdir())
    assert [f.name for f in files].index("kh-215-tu.docx") < [f.name for f in files].index(
        "kh-96-hu.pdf")
    for name, order in (("forward.db", files), ("reverse.db", files[::-1])):
        for path in order:
            ingest_paths([path], root / name, jobs=1)
    return root / "forward.db", root / "reverse.db"


@pytest.mark.parametrize("table", PER_DOCUMENT)
def test_order_does_not_change_per_document_rows(two_orders: tuple[Path, Path],
                                                 table: str) -> None:
    forward, reverse = two_orders
    drop = WHEN_WRITTEN.get(table, set())
    assert rows(forward, table, drop) == rows(reverse, table, drop)
    assert table in ("failures", "problems") or rows(forward, table)  # these may be empty


def test_order_does_not_change_where_references_point(two_orders: tuple[Path, Path]) -> None:
    forward, reverse = two_orders
    for path in (forward, reverse):
        db = sqlite_utils.Database(path)
        assert not db["references"].count_where("target like 'stub:%'")
        assert db["edges"].count_where("src = ? and dst = ? and type = 'implements'",
                                       [DISTRICT, PROVINCE]) == 1


def test_stub_facts_and_body_names_do_not_depend_on_order(two_orders: tuple[Path, Path]) -> None:
    forward, reverse = two_orders
    assert rows(forward, "documents") == rows(reverse, "documents")
    assert rows(forward, "bodies") == rows(reverse, "bodies")


# ------------------------------------------------------------------ failures
JUNK = bytes(random.Random(7).randrange(256) for _ in range(4096))


@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Samples plus an empty file and a junk .pdf: first run, run again, retry, fix, retry."""
    root = tmp_path_factory.mktemp("failing")
    folder = copy_samples(root / "docs")
    empty, junk = folder / "empty.txt", folder / "scan.pdf"
    empty.write_bytes(b"")
    junk.write_bytes(JUNK)
    db_path = root / "failing.db"
    state: dict[str, Any] = {"folder": folder, "db": db_path, "empty": empty, "junk": junk}
    state["first"] = ingest_paths([folder], db_path, jobs=1)
    state["failures_after_first"] = list(sqlite_utils.Database(db_path)["failures"].rows)
    state["again"] = ingest_paths([folder], db_path, jobs=1)
    state["retry"] = ingest_paths([folder], db_path, jobs=1, retry_failed=True)
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    empty.write_text(text.replace("187-KL/TW", "188-KL/TW"), encoding="utf-8")
    state["fixed"] = ingest_paths([folder], db_path, jobs=1, retry_failed=True)
    return state


def test_failing_files_are_reported_and_the_rest_is_ingested(failing: dict[str, Any]) -> None:
    report = failing["first"]
    assert not report.ok
    assert counts(report) == (6, 6, 0, 0, 2)
    assert report.documents == 4
    assert sorted(report.failures) == sorted([
        (str(failing["empty"]), "ingest", "empty", "the file is empty"),
        (str(failing["junk"]), "ingest", "corrupt", "not a PDF (no %PDF- header)"),
    ])


def test_failures_table_has_stage_and_reason(failing: dict[str, Any]) -> None:
    recorded = {r["path"]: (r["stage"], r["reason"], r["message"])
                for r in failing["failures_after_first"]}
    assert recorded == {str(failing["empty"]): ("ingest", "empty", "the file is empty"),
                        str(failing["junk"]): ("ingest", "corrupt", "not a PDF (no %PDF- header)")}


def test_failed_files_wait_for_retry(failing: dict[str, Any]) -> None:
    assert counts(failing["again"]) == (6, 0, 6, 0, 0)
    assert counts(failing["retry"]) == (6, 2, 4, 0, 2)


def test_fixed_file_succeeds_on_retry_and_leaves_failures(failing: dict[str, Any]) -> None:
    assert counts(failing["fixed"]) == (6, 2, 4, 0, 1)
    db = sqlite_utils.Database(failing["db"])
    assert [r["path"] for r in db["failures"].rows] == [str(failing["junk"])]
    fixed = db["files"].get(canonical(failing["empty"]))
    assert (fixed["status"], fixed["document_id"]) == ("ok", "188-KL/TW@2024-03-14")
    assert db["documents"].count_where("ingested = 1") == 5
    assert db["tasks"].count_where("document_id = '188-KL/TW@2024-03-14'") > 20


def test_fixed_file_is_picked_up_without_retry(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    empty = folder / "plan.txt"
    empty.write_bytes(b"")
    ingest_paths([folder], tmp_path / "fix.db", jobs=1)
    shutil.copy(SAMPLES / "kl-187-tw.txt", empty)
    report = ingest_paths([folder], tmp_path / "fix.db", jobs=1)
    assert (report.processed, report.documents, report.failed) == (1, 1, 0)


def test_store_failure_is_recorded_and_the_batch_goes_on(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_samples(tmp_path / "docs", ("kl-187-tw.txt", "kh-142-ubnd.md"))
    original = store_db.insert_rows

    def insert_rows(db: Any, table: str, records: Any, *args: Any) -> Any:
        records = list(records)
        if table == "tasks" and any(r["document_id"] == CONCLUSION for r in records):
            raise sqlite3.OperationalError("database or disk is full")
        return original(db, table, records, *args)

    monkeypatch.setattr(store_db, "insert_rows", insert_rows)
    report = ingest_paths([folder], tmp_path / "full.db", jobs=1)
    assert (report.processed, report.documents, report.failed) == (2, 1, 1)
    path = str(folder / "kl-187-tw.txt")
    assert report.failures == [(path, "store", "disk-full",
                                "OperationalError: database or disk is full")]
    db = sqlite_utils.Database(tmp_path / "full.db")
    assert db["failures"].get(path)["stage"] == "store"
    assert db["tasks"].count_where("document_id = ?", [PEOPLES_COMMITTEE]) > 20
    assert not report.ok and report.outstanding == 1
    monkeypatch.setattr(store_db, "insert_rows", original)  # the disk is freed
    again = ingest_paths([folder], tmp_path / "full.db", jobs=1)  # no --retry-failed needed
    assert (again.processed, again.documents, again.failed, again.outstanding) == (1, 1, 0, 0)
    assert again.ok and db["failures"].count == 0


# ------------------------------------------------------------------ kill -9
VARIANTS = 20


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """40 files: five copies of each sample under other names and 20 variants of the conclusion
    with their own symbols; and the database a clean serial run makes of them."""
    root = tmp_path_factory.mktemp("crash")
    folder = root / "docs"
    folder.mkdir()
    for copy in range(5):
        for path in sorted(SAMPLES.iterdir()):
            shutil.copy2(path, folder / f"copy{copy}-{path.name}")
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    for index in range(VARIANTS):
        (folder / f"variant{index:02d}.txt").write_text(
            text.replace("187-KL/TW", f"{500 + index}-KL/TW"), encoding="utf-8")
    report = ingest_paths([folder], root / "clean.db", jobs=1)
    assert (report.seen, report.failed) == (40, 0)
    return folder, root / "clean.db"


def per_document_counts(db_path: Path) -> dict[str, tuple[int, ...]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return {row[0]: row[1:] for row in conn.execute("""
            select d.id,
                   (select count(*) from tasks t where t.document_id = d.id),
                   (select count(*) from sections s where s.document_id = d.id),
                   (select count(*) from "references" r where r.document_id = d.id),
                   (select count(*) from task_roles r join tasks t on t.id = r.task_id
                     where t.document_id = d.id),
                   (select count(*) from edges e where e.document_id = d.id)
            from documents d where d.ingested = 1""")}


def files_recorded(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            return conn.execute("select count(*) from files").fetchone()[0]
    except sqlite3.Error:  # not created yet, or the schema is being written
        return 0


def cli_ingest(folder: Path, db_path: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db_path),
            "--jobs", "1", "--silent", "--commit-every", "2"]


def test_kill_during_a_run_leaves_whole_documents_and_the_next_run_finishes(
        crash_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, clean = crash_corpus
    db_path = tmp_path / "killed.db"
    process = subprocess.Popen(cli_ingest(folder, db_path), cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while files_recorded(db_path) < 8 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL

    written = per_document_counts(db_path)
    expected = per_document_counts(clean)
    assert 0 < files_recorded(db_path) < 40
    assert {d: written[d] for d in written} == {d: expected[d] for d in written}

    finish = subprocess.run(cli_ingest(folder, db_path), cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert finish.returncode == 0, finish.stderr
    assert dump(db_path) == dump(clean)


KILL_WHILE_WRITING = """
import os, signal, sys
from pipeline.cli import main
from pipeline.store import db as store_db

original = store_db.insert_rows
documents = []
KILL_AT = int(sys.argv[1])

def insert_rows(db, table, records, *args):
    if table == "tasks":
        records = list(records)
        documents.append(records[0]["document_id"])
        if len(documents) == KILL_AT:  # half the tasks written, then kill -9
            original(db, table, records[: len(records) // 2], *args)
            os.kill(os.getpid(), signal.SIGKILL)
    return original(db, table, records, *args)

store_db.insert_rows = insert_rows
sys.argv = ["vndoc", *sys.argv[2:]]
main()
"""


@pytest.fixture(scope="module")
def killed_while_writing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The samples ingested by a process killed (SIGKILL) half-way through writing the tasks of
    its third document (two committed before it); and a clean database of the same folder."""
    root = tmp_path_factory.mktemp("killwrite")
    folder = copy_samples(root / "docs")
    killed = root / "killed.db"
    result = subprocess.run([sys.executable, "-c", KILL_WHILE_WRITING, "3",
                             *cli_ingest(folder, killed)[3:]], cwd=REPO, capture_output=True,
                            timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    ingest_paths([folder], root / "clean.db", jobs=1)
    return folder, killed, root / "clean.db"


def test_kill_while_writing_a_document_leaves_no_half_document(
        killed_while_writing: tuple[Path, Path, Path]) -> None:
    _, killed, clean = killed_while_writing
    written, expected = per_document_counts(killed), per_document_counts(clean)
    assert written
    assert {d: written[d] for d in written} == {d: expected[d] for d in written}


def test_run_after_a_kill_while_writing_repairs_the_document(
        killed_while_writing: tuple[Path, Path, Path], tmp_path: Path) -> None:
    folder, killed, clean = killed_while_writing
    resumed = tmp_path / "resumed.db"
    shutil.copy(killed, resumed)
    for suffix in ("-wal", "-shm"):
        if Path(f"{killed}{suffix}").exists():
            shutil.copy(f"{killed}{suffix}", f"{resumed}{suffix}")
    report = ingest_paths([folder], resumed, jobs=1)
    assert (report.processed, report.failed) == (2, 0)  # the half-written third and the fourth
    assert dump(resumed) == dump(clean)


def test_progress_lines_give_the_total_percentage_and_eta(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """Off a terminal, a line every 50 files: done of the files the folders hold, the share,
    the rate and the time left; files found unchanged count as done."""
    from pipeline.batch import count_files, progress_printer

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(120):
        (folder / f"d{n:03}.txt").write_text(f"Kế hoạch số {n}\n\n1. Tổ chức quán triệt.\n",
                                               encoding="utf-8")
    assert count_files([folder]) == 120
    ingest_paths([folder], tmp_path / "p.db", jobs=1, progress=progress_printer(120))
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[ingest]")]
    assert [line.split(",")[0] for line in lines] == [
        "[ingest] 50/120 files (42%)", "[ingest] 100/120 files (83%)"]
    assert all(re.search(r"ETA \d+:\d\d", line) for line in lines)
