"""Faults a user meets: outputs aimed at the wrong place, databases that are not ours or cannot
be written, unreadable paths, killed runs, a full disk, two ingests at once, and any arguments at
all. Nothing is lost, nothing is half written, no traceback reaches the user."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from conftest import REPO, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch import dump, rows

from pipeline.batch import ingest_paths
from pipeline.cli import cli


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def one_line_error(result: object, code: int = 2) -> str:
    """The result is exit `code` with exactly one `Error: ...` line on stderr, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("faults") / "store.db"
    assert ingest_paths([SAMPLES], db_path, jobs=1).ok
    return db_path


def digest(path: Path) -> bytes:
    return path.read_bytes()


# ------------------------------------------------------------------ outputs
def test_an_export_never_replaces_the_database(store: Path) -> None:
    before = digest(store)
    line = one_line_error(invoke("export", "tasks", "--db", str(store), "-o", str(store),
                                 "--format", "csv", "--force"))
    assert "is a database" in line and digest(store) == before


def test_an_export_never_replaces_an_existing_file_without_force(store: Path,
                                                                 tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    target.write_text("kept", encoding="utf-8")
    assert "--force" in one_line_error(invoke("export", "tasks", "--db", str(store), "-o",
                                              str(target)))
    assert target.read_text(encoding="utf-8") == "kept"
    result = invoke("export", "tasks", "--db", str(store), "-o", str(target), "--force")
    assert result.exit_code == 0 and target.read_text(encoding="utf-8-sig").startswith("STT,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.csv"]  # no temporary file left


@pytest.mark.parametrize(("output", "extra", "says"), [
    ("folder", (), "is a folder"),
    ("x.xlsx", ("--format", "csv"), "does not match --format"),
    ("x.txt", (), "cannot tell the format"),
])
def test_an_export_target_of_the_wrong_kind_is_refused(store: Path, tmp_path: Path, output: str,
                                                       extra: tuple[str, ...], says: str) -> None:
    (tmp_path / "folder").mkdir()
    assert says in one_line_error(invoke("export", "tasks", "--db", str(store), "-o",
                                         str(tmp_path / output), *extra))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_a_graph_export_is_checked_the_same_way(store: Path, tmp_path: Path) -> None:
    assert "is a database" in one_line_error(invoke("export", "graph", "--db", str(store), "-o",
                                                    str(store), "--format", "gexf"))
    result = invoke("export", "graph", "--db", str(store), "-o", str(tmp_path / "g.gexf"))
    assert result.exit_code == 0 and (tmp_path / "g.gexf").stat().st_size > 0


# ------------------------------------------------------------------ databases
def test_queries_change_nothing_in_the_database(store: Path) -> None:
    """Not a byte of the file (a reader of a WAL database may leave SQLite's empty -wal and
    -shm side files, which hold no change)."""
    before = digest(store)
    for args in (("summary",), ("search", "chuyen", "doi", "so"), ("implements", "187-KL/TW")):
        assert invoke("query", *args, "--db", str(store)).exit_code == 0
    assert digest(store) == before
    wal = store.with_name(store.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_query_on_a_read_only_file_system_works(store: Path, tmp_path: Path) -> None:
    """A store on a share mounted read-only: opened `immutable`, no -wal or -shm written."""
    copy = tmp_path / "ro" / "store.db"
    copy.parent.mkdir()
    shutil.copy2(store, copy)
    if subprocess.run(["mount", "--bind", "-o", "ro", str(copy.parent), str(copy.parent)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount read-only here (not root, or no mount namespace)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(copy.parent)], check=True,
                       capture_output=True)
        result = invoke("query", "summary", "--db", str(copy))
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in copy.parent.iterdir()) == ["store.db"]
    finally:
        subprocess.run(["umount", "-l", str(copy.parent)], capture_output=True)


def test_another_applications_sqlite_file_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("create table notes (body text)")
        conn.execute("insert into notes values ('mine')")
        conn.commit()
    before = digest(other)
    for args in (("query", "summary"), ("ingest", str(SAMPLES / "kl-187-tw.txt"))):
        assert "not a vndoc store" in one_line_error(invoke(*args, "--db", str(other)))
    assert digest(other) == before


def test_a_file_that_is_not_sqlite_is_one_line(tmp_path: Path) -> None:
    text = tmp_path / "plan.db"
    text.write_text("Kế hoạch số 15/KH-UBND\n" * 100, encoding="utf-8")
    for args in (("query", "summary"), ("ingest", str(SAMPLES / "kl-187-tw.txt"))):
        assert "not a SQLite database" in one_line_error(invoke(*args, "--db", str(text)))


def test_a_store_of_a_newer_schema_is_refused(store: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    shutil.copy2(store, newer)
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("insert into _migrations values ('m099_future', '2030-01-01')")
        conn.commit()
    assert "newer vndoc" in one_line_error(invoke("query", "summary", "--db", str(newer)))


def test_a_second_ingest_on_the_same_database_is_told_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    for copy in range(60):  # enough work that the first run is still writing when asked
        (folder / f"copy-{copy:02d}.txt").write_text(f"{text}\nBản sao {copy}.\n",
                                                     encoding="utf-8")
    db_path = tmp_path / "busy.db"
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(folder), "--db",
                              str(db_path), "--jobs", "1", "--silent", "--commit-every", "2"],
                             cwd=REPO,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _has_rows(db_path, "files") and first.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        if first.poll() is not None:
            pytest.skip("the first ingest ended before a second could start")
        second = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(folder), "--db",
                                 str(db_path), "--silent"], cwd=REPO, capture_output=True,
                                text=True, timeout=120)
        assert second.returncode == 2
        assert "another ingest is writing to it" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""


def _has_rows(db_path: Path, table: str) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            return conn.execute(f"select count(*) from {table}").fetchone()[0] > 0
    except sqlite3.Error:
        return False


# ------------------------------------------------------------------ paths
def test_loops_and_dangling_links_are_failures_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "s.db"), "--jobs", "1",
                    "--silent")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "loop.txt" in result.stderr and "gone.md" in result.stderr
    reasons = {Path(r["path"]).name: r["reason"] for r in _failures(tmp_path / "s.db")}
    assert reasons == {"loop.txt": "symlink-loop", "gone.md": "not-found"}
    assert _count(tmp_path / "s.db", "documents where ingested = 1") == 4


def test_one_folder_under_two_spellings_is_one_set_of_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    db_path = tmp_path / "s.db"
    assert ingest_paths([folder], db_path, jobs=1).ok
    other = Path(os.path.relpath(folder, Path.cwd())) / ".." / "docs"
    again = ingest_paths([other], db_path, jobs=1)
    assert (again.processed, again.unchanged) == (0, 4)
    assert _count(db_path, "files") == 4


def _failures(db_path: Path) -> list[dict[str, str]]:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("select * from failures")]


def _count(db_path: Path, table: str) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


# ------------------------------------------------------------------ kills
@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """44 files (the samples and 40 variants of the conclusion) and the store a clean run makes."""
    root = tmp_path_factory.mktemp("kills")
    folder = root / "docs"
    folder.mkdir()
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    for index in range(40):
        (folder / f"variant{index:02d}.txt").write_text(
            text.replace("187-KL/TW", f"{600 + index}-KL/TW"), encoding="utf-8")
    for path in SAMPLES.iterdir():
        shutil.copy2(path, folder / path.name)
    assert ingest_paths([folder], root / "clean.db", jobs=1).ok
    return folder, root / "clean.db"


def _files(db_path: Path) -> int:
    return _count(db_path, "files") if _has_rows(db_path, "files") else 0


def _ingest_command(folder: Path, db_path: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db_path),
            "--jobs", str(jobs), "--silent", "--commit-every", "3"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_random_kills_then_a_resume_equal_a_clean_run(corpus: tuple[Path, Path], tmp_path: Path,
                                                      jobs: int) -> None:
    """Three runs killed with SIGKILL at random moments, then one that finishes: every table,
    bodies and stubs included, equals the clean run's."""
    folder, clean = corpus
    db_path = tmp_path / "resumed.db"
    chance = random.Random(jobs)
    killed = 0
    for _ in range(3):  # each killed once k more files are written, k drawn at random
        target = _files(db_path) + chance.randint(1, 8)
        process = subprocess.Popen(_ingest_command(folder, db_path, jobs), cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None and _files(db_path) < target:
            time.sleep(0.01)
        killed += process.poll() is None
        _kill_tree(process)
    assert killed == 3, "a run ended before it could be killed"
    assert _files(db_path) < 44
    finished = subprocess.run(_ingest_command(folder, db_path, jobs), cwd=REPO,
                              capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert dump(db_path) == dump(clean)


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the parent alone (as `kill -9` does), then check its workers die with it."""
    children = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    _gone(children)


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _gone(processes: list[psutil.Process], seconds: float = 15.0) -> None:
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    assert alive == [], f"{len(alive)} worker(s) outlived their killed parent"


def test_workers_end_when_their_parent_is_killed(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, _ = corpus
    process = subprocess.Popen(_ingest_command(folder, tmp_path / "k.db", 2), cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "no workers started"
        time.sleep(0.05)
    _kill_tree(process)


# ------------------------------------------------------------------ a full disk
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 48 MB tmpfs, mounted by the test (root) and unmounted after; skipped where it cannot be."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_disk_that_fills_loses_nothing_and_a_rerun_finishes(corpus: tuple[Path, Path],
                                                              small_disk: Path) -> None:
    folder, clean = corpus
    db_path = small_disk / "store.db"
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (46 * 1024 * 1024))  # leaves 2 MB: the store fills it
    full = subprocess.run(_ingest_command(folder, db_path, 1), cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert full.returncode in (1, 2) and "Traceback" not in full.stderr, full.stderr
    assert "full" in full.stderr
    filler.unlink()  # the disk is freed: a plain re-run, no --retry-failed
    again = subprocess.run(_ingest_command(folder, db_path, 1), cwd=REPO, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert dump(db_path) == dump(clean)
    assert rows(db_path, "failures") == []


# ------------------------------------------------------------------ any arguments
COMMANDS = [["extract"], ["ingest"], ["run"], ["evaluate"], ["train"],
            ["query", "sources"], ["query", "implements"], ["query", "cites"],
            ["query", "most-cited"], ["query", "not-ingested"], ["query", "body"],
            ["query", "deadlines"], ["query", "search"], ["query", "coverage"],
            ["query", "summary"], ["export", "tasks"], ["export", "graph"]]
WORDS = ["--db", "--table", "--from", "--to", "--format", "-o", "--force", "--limit", "--role",
         "--province", "--year", "--body", "--source", "--document", "--jobs", "--reverse",
         "187", "187-KL/TW", "2024-13-01", "01/06/2024", "6/2024", "xlsx", "csv", "docx",
         "lead", "-1", "0", "đảng", "\u0000", "", "*", "../", "/dev/null", "nope.db"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), words=st.lists(st.sampled_from(WORDS), max_size=5))
def test_no_arguments_give_a_traceback(store: Path, tmp_path: Path, command: list[str],
                                       words: list[str]) -> None:
    """Any command with arguments picked from its options and awkward values: exit 0, 1 or 2,
    never an unhandled exception. The store and the samples are never changed."""
    if command[0] in {"ingest", "run", "train", "evaluate", "extract"}:
        words = [w for w in words if w not in {"--db", "-o", "--jobs"}]  # keep them harmless
        if command[0] != "extract":
            words = ["--help"]
    before = digest(store)
    with _in(tmp_path):
        result = CliRunner().invoke(cli, [*command, *words, "--db", str(store)]
                                    if command[0] in {"query", "export"} else [*command, *words])
    assert result.exit_code in (0, 1, 2), (command, words, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        command, words, repr(result.exception))
    assert digest(store) == before


class _in:
    """Run in a folder, so a relative output lands in the test's own."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.previous = folder, Path.cwd()

    def __enter__(self) -> None:
        os.chdir(self.folder)

    def __exit__(self, *_: object) -> None:
        os.chdir(self.previous)


# ------------------------------------------------------------------ lookups
@pytest.mark.parametrize(("words", "says"), [
    (("implements", "187-KL/TW@2020-01-01"), "no document matches"),  # a date no document has
    (("implements", '"'), "no document matches"),
    (("sources", "187-KL/TW@2024-03-14#t999"), "no task has the id"),
    (("body", "nowhere/xyz"), "no body matches"),
    (("deadlines", "--from", "2024-13-01"), "not a date of the calendar"),
    (("deadlines", "--from", "2024-12-31", "--to", "2024-01-01"), "ends (2024-01-01) before"),
    (("search", "x", "--limit", "-1"), "-1 is not in the range"),
])
def test_lookups_that_find_nothing_say_so_in_one_line(store: Path, words: tuple[str, ...],
                                                      says: str) -> None:
    assert says in one_line_error(invoke("query", *words, "--db", str(store)))


def test_a_number_names_the_documents_numbered_so(store: Path) -> None:
    result = invoke("query", "implements", "187", "--db", str(store))
    assert result.exit_code == 0 and "142/KH-UBND@2024-06-20" in result.stdout


def test_an_export_is_an_ordinary_file(store: Path, tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        assert invoke("export", "tasks", "--db", str(store), "-o", str(tmp_path / "t.csv")
                      ).exit_code == 0
    finally:
        os.umask(mask)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o644


def test_a_folder_reached_through_a_link_is_the_same_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    (tmp_path / "alias").symlink_to(folder, target_is_directory=True)
    db_path = tmp_path / "s.db"
    assert ingest_paths([folder], db_path, jobs=1).ok
    again = ingest_paths([tmp_path / "alias"], db_path, jobs=1)
    assert (again.processed, again.unchanged, _count(db_path, "files")) == (0, 4, 4)
