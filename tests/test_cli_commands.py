"""Every command of the CLI on the samples: exit codes, what goes to stdout and stderr, JSON and
table output of each query, the files `run` and `export` write, and the help and README lines."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import click
import networkx as nx
import pytest
import sqlite_utils
from click.testing import CliRunner, Result
from conftest import REPO, SAMPLES
from docx import Document
from openpyxl import load_workbook

from pipeline import query
from pipeline.cli import cli
from pipeline.evaluation import load_floors
from pipeline.export import COLUMNS, HEADER_ROW
from pipeline.graph import build_graph, read_node_link_json
from pipeline.store import open_db

CONCLUSION = "187-KL/TW@2024-03-14"
PROVINCE = "215-KH/TU@2024-05-10"
DISTRICT = "96-KH/HU@2024-06-05"
PEOPLES_COMMITTEE = "142/KH-UBND@2024-06-20"
PLANS = {PROVINCE, DISTRICT, PEOPLES_COMMITTEE}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="vndoc")


def as_json(data: Any) -> Any:
    """What the CLI prints, once read back: the library's result through JSON."""
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    path = tmp_path_factory.mktemp("cli") / "samples.db"
    return path, invoke("ingest", str(SAMPLES), "--db", str(path), "--jobs", "1")


@pytest.fixture(scope="module")
def db_path(ingested: tuple[Path, Result]) -> Path:
    path, result = ingested
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def db(db_path: Path) -> sqlite_utils.Database:
    return open_db(db_path)


# ------------------------------------------------------------------ ingest
def test_ingest_samples_exits_0(ingested: tuple[Path, Result]) -> None:
    path, result = ingested
    assert result.exit_code == 0
    assert result.stdout == ""  # progress and summary are diagnostics: stderr
    assert re.search(r"^4 files: 4 processed, 0 unchanged, 0 removed, 0 failed\n4 documents, "
                     r"\d+ tasks in ", result.stderr, re.M)
    assert sqlite_utils.Database(path)["documents"].count_where("ingested = 1") == 4


def test_ingest_again_reports_nothing_to_do(db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.db"
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)  # the WAL's pages too
    result = invoke("ingest", str(SAMPLES), "--db", str(copy), "--jobs", "1")
    assert result.exit_code == 0
    assert result.stderr.startswith("4 files: 0 processed, 4 unchanged, 0 removed, 0 failed\n")


def test_ingest_silent_prints_nothing(tmp_path: Path) -> None:
    result = invoke("ingest", str(SAMPLES / "kl-187-tw.txt"), "--db", str(tmp_path / "s.db"),
                    "--jobs", "1", "--silent")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_ingest_with_bad_files_exits_1_and_names_them(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    (folder / "scan.pdf").write_bytes(b"\x00\xff" * 2048)
    (folder / "empty.txt").write_bytes(b"")
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "bad.db"), "--jobs", "1")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert sorted(errors) == [
        f"Error: {folder / 'empty.txt'}: the file is empty [empty, stage ingest]",
        f"Error: {folder / 'scan.pdf'}: not a PDF (no %PDF- header) [corrupt, stage ingest]",
    ]
    assert "6 files: 6 processed, 0 unchanged, 0 removed, 2 failed\n4 documents" in result.stderr
    db = sqlite_utils.Database(tmp_path / "bad.db")
    assert db["documents"].count_where("ingested = 1") == 4
    assert db["failures"].count == 2



def test_ingest_json_reports_each_file_copies_and_failures(tmp_path: Path) -> None:
    """`--json` is the report on stdout for scripts (the summary stays on stderr): a copy saved
    as UTF-16 is counted once, a bad file is listed with its reason."""
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    (folder / "kl-187-tw-utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "empty.txt").write_bytes(b"")
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "j.db"), "--jobs", "1",
                    "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["seen"], report["documents"], report["copies"], report["failed"],
            report["ok"]) == (6, 4, 1, 1, False)
    files = {Path(entry["path"]).name: entry for entry in report["files"]}
    assert files["empty.txt"]["failed"] == "empty"
    roles = {files[name]["role"] for name in ("kl-187-tw.txt", "kl-187-tw-utf16.txt")}
    assert roles == {"text", "copy"}
    assert files["kl-187-tw.txt"]["document"] == files["kl-187-tw-utf16.txt"]["document"]
    assert "copies of another file's document (counted once): 1" in result.stderr

@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_a_missing_path_is_a_usage_error(tmp_path: Path, command: str) -> None:
    """`extract` and `ingest` agree: a path that does not exist is the user's to fix (exit 2),
    not an input that failed (exit 1)."""
    result = invoke(command, str(tmp_path / "nowhere.pdf"), "--db", str(tmp_path / "x.db")
                    ) if command == "ingest" else invoke(command, str(tmp_path / "nowhere.pdf"))
    assert result.exit_code == 2
    assert f"Path '{tmp_path / 'nowhere.pdf'}' does not exist." in result.stderr


def _bad_folder(tmp_path: Path) -> Path:
    """The samples, two files that cannot be used and two of a type vndoc does not read."""
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    (folder / "scan.pdf").write_bytes(b"\x00\xff" * 2048)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "annex.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04" + b"\x01" * 60)
    return folder


def test_a_second_ingest_names_the_files_that_still_fail(tmp_path: Path) -> None:
    """Exit 1 on a run that retried nothing must say which files it is about, on stderr and in
    `--json` (it said '2 failing in all' with `"failures": []`)."""
    folder, db_file = _bad_folder(tmp_path), tmp_path / "again.db"
    assert invoke("ingest", str(folder), "--db", str(db_file), "--jobs", "1").exit_code == 1
    result = invoke("ingest", str(folder), "--db", str(db_file), "--jobs", "1")
    assert result.exit_code == 1
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error: "))
    assert errors == [
        f"Error: {folder / 'empty.txt'}: the file is empty [empty, stage ingest; an earlier "
        "run's, not retried]",
        f"Error: {folder / 'scan.pdf'}: not a PDF (no %PDF- header) [corrupt, stage ingest; an "
        "earlier run's, not retried]"]
    assert ("2 failing in all: 2 failed in an earlier run and, unchanged, were not retried "
            "(--retry-failed)") in result.stderr
    report = json.loads(invoke("ingest", str(folder), "--db", str(db_file), "--jobs", "1",
                               "--json").stdout)
    assert (report["ok"], report["failures"]) == (False, [])
    assert [(Path(path).name, reason) for path, _, reason, _ in report["earlier_failures"]] == [
        ("empty.txt", "empty"), ("scan.pdf", "corrupt")]


def test_ingest_says_which_files_it_skipped(tmp_path: Path) -> None:
    """Files of a type vndoc does not read are counted by extension in the summary (named with
    `--verbose`, listed in `--json`), not left out silently."""
    folder = _bad_folder(tmp_path)
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "k.db"), "--jobs", "1")
    assert ("skipped 2 files of a type vndoc does not read: .xlsx 1, .zip 1 (--verbose names "
            "them)") in result.stderr or ("skipped 2 files of a type vndoc does not read: .zip 1, "
                                          ".xlsx 1 (--verbose names them)") in result.stderr
    verbose = invoke("ingest", str(folder), "--db", str(tmp_path / "k.db"), "--jobs", "1",
                     "--verbose", "--json")
    assert f"  skipped: {folder / 'annex.zip'}" in verbose.stderr.splitlines()
    assert json.loads(verbose.stdout)["skipped"] == [str(folder / "annex.zip"),
                                                     str(folder / "table.xlsx")]


def test_a_folder_with_nothing_to_read_is_not_a_success(tmp_path: Path) -> None:
    """Two files vndoc cannot read used to give '0 files ... 0 failed' and exit 0: now they are
    reported as skipped, and the run is a usage error (exit 2: the wrong folder, or a type
    vndoc does not read)."""
    folder = tmp_path / "attachments"
    folder.mkdir()
    (folder / "annex.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    (folder / "blob.bin").write_bytes(b"\x00\x01" * 64)
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "n.db"), "--jobs", "1")
    assert result.exit_code == 2
    assert "skipped 2 files of a type vndoc does not read: " in result.stderr
    assert f"Error: {folder}: no file of a type vndoc reads there (" in result.stderr


def test_ingest_summary_fits_100_columns(tmp_path: Path) -> None:
    """The summary is a few short lines (it was one line of 300-450 characters); the seconds of
    each stage come only with `--verbose` (and in `--json`)."""
    folder = _bad_folder(tmp_path)
    text = (SAMPLES / "kl-187-tw.txt").read_text(encoding="utf-8")
    (folder / "kl-187-tw-utf16.txt").write_bytes(text.encode("utf-16"))
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "w.db"), "--jobs", "1")
    summary = [line for line in result.stderr.splitlines() if not line.startswith("Error: ")]
    assert 3 <= len(summary) <= 8 and max(map(len, summary)) <= 100, summary
    assert "copies of another file's document (counted once): 1" in summary
    assert not any("seconds per stage" in line for line in summary)
    verbose = invoke("ingest", str(folder), "--db", str(tmp_path / "w2.db"), "--jobs", "1",
                     "--verbose").stderr.splitlines()
    stages = [line for line in verbose if not line.startswith("Error: ")]
    assert any(line.startswith("seconds per stage, summed over the workers: ") for line in stages)
    assert max(map(len, stages)) <= 100


@pytest.mark.parametrize(("command", "message"), [
    ("ingest", "interrupted: the documents written so far are kept; run it again to finish\n"),
    ("query", "interrupted\n"),
])
def test_ctrl_c_is_one_line_and_exit_130(db_path: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, command: str,
                                         message: str) -> None:
    """Ctrl-C is not 'an input failed' (1) nor click's 'Aborted!': exit 130, as shells report
    SIGINT, and one line."""
    import pipeline.batch
    import pipeline.query

    def interrupted(*_: Any, **__: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.batch, "ingest_paths", interrupted)
    monkeypatch.setattr(pipeline.query, "summary", interrupted)
    args = (["ingest", str(SAMPLES), "--db", str(tmp_path / "c.db")] if command == "ingest"
            else ["query", "summary", "--db", str(db_path)])
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", message)


# ------------------------------------------------------------------ run
def test_run_writes_the_database_and_the_exports_it_lists(tmp_path: Path) -> None:
    db_file, exports = tmp_path / "run.db", tmp_path / "exports"
    result = invoke("run", str(SAMPLES), "--db", str(db_file), "--exports", str(exports),
                    "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:] == [f"database: {db_file}",
                         f"exports: {exports}/ (tasks.csv, tasks.xlsx, tasks.json, tasks.docx, "
                         "graph.graphml, graph.gexf, graph.json)"]
    listed = re.search(r"\((.*)\)", lines[3]).group(1).split(", ")
    assert sorted(p.name for p in exports.iterdir()) == sorted(listed)
    assert all((exports / name).stat().st_size > 1000 for name in listed)

    db = open_db(db_file)
    summary = query.summary(db)
    by_status = summary["references_by_status"]
    assert lines[0] == (
        f"documents 4 (+{summary['stub_documents']} cited, not ingested), tasks "
        f"{db['tasks'].count}, bodies {db['bodies'].count}, references {db['references'].count} "
        f"(resolved {by_status.get('resolved', 0)}, ambiguous {by_status.get('ambiguous', 0)}, "
        f"unresolved {by_status.get('unresolved', 0)}), tasks linked to a central document "
        f"{summary['tasks_reaching_central']}")
    graph = build_graph(db)
    assert lines[1] == f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    with (exports / "tasks.json").open(encoding="utf-8") as handle:
        assert len(json.load(handle)) == db["tasks"].count


# ------------------------------------------------------------------ queries
def first_task(db: sqlite_utils.Database, document: str, section: str) -> str:
    return next(db["tasks"].rows_where("document_id = ? and section = ?", [document, section],
                                       order_by="start"))["id"]


def query_cases(db: sqlite_utils.Database) -> dict[str, tuple[list[str], Any]]:
    """name → (arguments after `query`, what the library returns for them)."""
    task = first_task(db, DISTRICT, "III.1")
    return {
        "sources": (["sources", task], query.task_sources(db, task)),
        "implements": (["implements", "187-KL/TW"], query.implementing_tasks(db, CONCLUSION)),
        "implements-province": (["implements", "187-KL/TW", "--province", "hau-giang"],
                                query.implementing_tasks(db, CONCLUSION, province="hau-giang")),
        "implements-body": (["implements", CONCLUSION, "--body", "hau-giang/btc"],
                            query.implementing_tasks(db, CONCLUSION, body="hau-giang/btc")),
        "implements-year": (["implements", "187-KL/TW", "--year", "2025"],
                            query.implementing_tasks(db, CONCLUSION, year=2025)),
        "cites": (["cites", "96-KH/HU"], query.cites(db, DISTRICT)),
        "cites-reverse": (["cites", "215-KH/TU", "--reverse"], query.cited_by(db, PROVINCE)),
        "most-cited": (["most-cited"], query.most_cited(db)),
        "most-cited-central": (["most-cited", "--central", "--limit", "3"],
                               query.most_cited(db, 3, central_only=True)),
        "most-implemented": (["most-cited", "--implemented"], query.most_implemented(db)),
        "not-ingested": (["not-ingested"], query.not_ingested(db)),
        "body": (["body", "hau-giang/btc"], query.tasks_by_body(db, "hau-giang/btc")),
        "body-lead": (["body", "Ban Tổ chức Tỉnh ủy", "--role", "lead"],
                      query.tasks_by_body(db, "hau-giang/btc", ("lead",))),
        "deadlines": (["deadlines", "--from", "2024-07-01", "--to", "2024-09-30"],
                      query.tasks_by_deadline(db, "2024-07-01", "2024-09-30")),
        "deadlines-province": (["deadlines", "--province", "hau-giang/chau-thanh-a"],
                               query.tasks_by_deadline(db, province="hau-giang/chau-thanh-a")),
        "deadlines-body": (["deadlines", "--to", "2024", "--body", "Ban Tổ chức Tỉnh ủy"],
                           query.tasks_by_deadline(db, end="2024", body="hau-giang/btc")),
        "search": (["search", "to", "chuc", "co", "so", "dang"],
                   query.search_tasks(db, "to chuc co so dang")),
        "coverage": (["coverage", "187-KL/TW"], query.coverage(db, CONCLUSION)),
        "passages": (["passages", _paperless(db)], query.task_passages(db, _paperless(db))),
        "summary": (["summary"], query.summary(db)),
    }


def _paperless(db: sqlite_utils.Database) -> str:
    """215-KH/TU's task that copies the conclusion's target for paperless documents."""
    return str(next(iter(db.query("select id from tasks where document_id = ? and text like ?",
                                  [PROVINCE, "phấn đấu đến hết năm 2025, 100% văn bản%"])))["id"])


QUERIES = ["sources", "implements", "implements-province", "implements-body", "implements-year",
           "cites", "cites-reverse", "most-cited", "most-cited-central", "most-implemented",
           "not-ingested", "body", "body-lead", "deadlines", "deadlines-province",
           "deadlines-body", "search", "coverage", "passages", "summary"]
NO_TABLE = {"coverage", "summary", "passages"}  # passages: its own table test below


@pytest.mark.parametrize("name", QUERIES)
def test_query_prints_the_library_result_as_json(db: sqlite_utils.Database, db_path: Path,
                                                 name: str) -> None:
    args, expected = query_cases(db)[name]
    result = invoke("query", *args, "--db", str(db_path))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    printed = json.loads(result.stdout)
    assert printed == as_json(expected)
    assert printed  # every case has something to show on the samples


@pytest.mark.parametrize("name", [q for q in QUERIES if q not in NO_TABLE])
def test_query_table(db: sqlite_utils.Database, db_path: Path, name: str) -> None:
    args, expected = query_cases(db)[name]
    result = invoke("query", *args, "--db", str(db_path), "--table", "--wide")
    assert result.exit_code == 0, result.output
    header, rule, *body = result.stdout.splitlines()
    assert header.split() == list(expected[0])
    assert set(rule) == {"-", " "}
    assert len(body) == len(expected)
    assert [line.split()[0] for line in body] == [str(row[next(iter(row))]) for row in expected]


@pytest.mark.parametrize(("name", "columns"), [
    ("search", 80), ("passages", 80), ("search", 120), ("deadlines", 120), ("implements", 120)])
def test_query_tables_fit_the_terminal(db: sqlite_utils.Database, db_path: Path, name: str,
                                      columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cells and headers are cut with `…` to the terminal's width (`COLUMNS`); `--wide` shows
    every cell whole. (Twelve columns in 80 characters cannot all keep six: those stay wider.)"""
    monkeypatch.setenv("COLUMNS", str(columns))
    args, _ = query_cases(db)[name]
    lines = invoke("query", *args, "--db", str(db_path), "--table").stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert any("…" in line for line in lines[2:])
    wide = invoke("query", *args, "--db", str(db_path), "--table", "--wide").stdout
    assert max(len(line) for line in wide.splitlines()) > columns
    assert len(wide.splitlines()) == len(lines)


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("args", [["implements", "187-KL/TW"], ["deadlines"]])
def test_query_tables_give_the_width_to_the_task_text(db_path: Path, args: list[str],
                                                      columns: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """In 80 or 100 columns every line fits and the task's text and lead stay readable: the
    columns that repeat another one (`document_id`, `deadline_year`) or matter least are left
    out, and named on stderr, rather than every cell cut to six characters."""
    monkeypatch.setenv("COLUMNS", str(columns))
    result = invoke("query", *args, "--db", str(db_path), "--table")
    assert result.exit_code == 0, result.output
    header, rule, *body = result.stdout.splitlines()
    assert body and max(len(line) for line in [header, rule, *body]) <= columns
    widths = dict(zip(header.split(), (len(dashes) for dashes in rule.split()), strict=True))
    assert widths["text"] >= 0.4 * columns and widths["lead"] >= 16
    assert any(key.startswith("deadline_d") for key in widths)  # by when
    note = result.stderr.splitlines()[0]
    assert note.startswith("not shown (--wide shows them): document_id, ")
    assert len(note) <= columns


def test_summary_and_coverage_have_tables(db_path: Path) -> None:
    summary = invoke("query", "summary", "--db", str(db_path), "--table").stdout.splitlines()
    assert summary[0].split() == ["what", "count"] and any(
        line.startswith("references_by_status.resolved") for line in summary)
    coverage = invoke("query", "coverage", "187-KL/TW", "--db", str(db_path), "--table",
                      "--wide").stdout.splitlines()
    assert coverage[0].split()[:3] == ["part", "section", "tasks"]
    assert len(coverage) - 2 >= 30  # every task of the conclusion, covered or a gap


def test_query_passages_table_shows_the_carried_out_sentence(db: sqlite_utils.Database,
                                                            db_path: Path) -> None:
    result = invoke("query", "passages", _paperless(db), "--db", str(db_path), "--table")
    assert result.exit_code == 0, result.output
    header, _, first, *_ = result.stdout.splitlines()
    assert header.split()[:3] == ["target_document", "rank", "passage_section"]
    assert first.startswith(CONCLUSION) and "phấn đấu đến hết năm 2025" in first
    assert " verbatim " in first


def test_query_contents(db: sqlite_utils.Database, db_path: Path) -> None:
    def run(*args: str) -> Any:
        return json.loads(invoke("query", *args, "--db", str(db_path)).stdout)

    assert {r["document_id"] for r in run("implements", "187-KL/TW")} == PLANS
    assert {r["document_id"] for r in run("implements", "187-KL/TW", "--province",
                                          "hau-giang/chau-thanh-a")} == {DISTRICT}
    assert [r["id"] for r in run("sources", first_task(db, DISTRICT, "III.1"))] == [PROVINCE,
                                                                                    CONCLUSION]
    assert [r["id"] for r in run("cites", "215-KH/TU", "--reverse")] == [DISTRICT,
                                                                          PEOPLES_COMMITTEE]
    assert all(r["level"] == "central" for r in run("most-cited", "--central"))
    top = run("most-cited", "--implemented")[0]
    assert (top["id"], top["implemented_by"]) == (PROVINCE, 2)
    assert all(r["body_id"] == "hau-giang/btc" for r in run("body", "hau-giang/btc"))
    due = run("deadlines", "--from", "2024-07-01", "--to", "2024-09-30")
    assert [r for r in due if r["deadline_date"]]
    assert all("2024-07-01" <= r["deadline_date"] <= "2024-09-30" if r["deadline_date"]
               else r["deadline_year"] == 2024 for r in due)
    assert {p["id"] for p in run("coverage", "187-KL/TW")["implementing_plans"]} == PLANS
    assert run("summary")["documents"] == 4


@pytest.mark.parametrize("args", [["summary"], ["implements", "187-KL/TW"],
                                  ["search", "to", "chuc"]])
def test_query_on_a_missing_database_exits_2(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "none" / "missing.db"
    result = invoke("query", *args, "--db", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {missing}: does not exist: run `ingest` first\n"
    assert result.stdout == ""
    assert not missing.exists()


def test_query_on_an_unknown_document_exits_2(db_path: Path) -> None:
    result = invoke("query", "implements", "999-KL/TW", "--db", str(db_path))
    assert result.exit_code == 2
    assert "Error: no document matches '999-KL/TW'" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["implements", "187-KL/TW", "--province", "hanoi"],
     "Error: no document of the store is in the jurisdiction 'hanoi' (the store's "
     "jurisdictions: hau-giang, hau-giang/chau-thanh-a)"),
    (["implements", "187-KL/TW", "--province", "hau-giag"],
     "Error: no document of the store is in the jurisdiction 'hau-giag'; did you mean "
     "'hau-giang'?"),
    (["implements", "187-KL/TW", "--body", "nonsense"],
     "Error: no body matches 'nonsense' (ids look like 'hau-giang/btc'; `query summary` counts "
     "the bodies)"),
    (["deadlines", "--body", "Sở Tài chánh"],
     "Error: no body matches 'Sở Tài chánh'; did you mean 'Sở Tài chính'?"),
    (["body", "Ban"], "Error: 'Ban' names "),
])
def test_an_unknown_filter_is_a_usage_error(db_path: Path, args: list[str],
                                            message: str) -> None:
    """A misspelt province or body is one line naming it (and what is close), exit 2: an empty
    answer with exit 0 would read as "no task"."""
    result = invoke("query", *args, "--db", str(db_path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_a_body_is_found_by_its_name(db: sqlite_utils.Database, db_path: Path) -> None:
    """`query body NAME` as its help says: the name folded, with or without diacritics."""
    expected = as_json(query.tasks_by_body(db, "hau-giang/so-khcn"))
    for name in ("Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"):
        result = invoke("query", "body", name, "--db", str(db_path))
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == expected != []


def test_query_deadlines_table_says_who_and_by_when(db_path: Path) -> None:
    lines = invoke("query", "deadlines", "--to", "2024", "--table", "--wide", "--db",
                   str(db_path)).stdout.splitlines()
    assert "lead" in lines[0].split()
    assert any("Ban Tổ chức Tỉnh ủy" in line for line in lines[2:])


# ------------------------------------------------------------------ exports
def read_tasks(path: Path, fmt: str) -> list[list[str]]:
    """Data rows as lists of cell texts."""
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header, *data = list(csv.reader(handle))
        assert tuple(header) == HEADER_ROW
        return data
    if fmt == "json":
        with path.open(encoding="utf-8") as handle:
            return [[str(row[c]) for c in COLUMNS] for row in json.load(handle)]
    if fmt == "xlsx":
        header, *data = list(load_workbook(path).active.iter_rows(values_only=True))
        assert header == HEADER_ROW
        return [["" if v is None else str(v) for v in row] for row in data]
    table = Document(str(path)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def export_tasks(db_path: Path, path: Path, fmt: str, *selection: str) -> tuple[Result, int]:
    result = invoke("export", "tasks", "--db", str(db_path), "--format", fmt, "-o", str(path),
                    *selection)
    assert result.exit_code == 0, result.output
    match = re.fullmatch(rf"(\d+) tasks written to {re.escape(str(path))}\n", result.stderr)
    assert match, result.stderr
    return result, int(match.group(1))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "docx"])
def test_export_tasks_in_each_format(db: sqlite_utils.Database, db_path: Path, tmp_path: Path,
                                     fmt: str) -> None:
    path = tmp_path / f"tasks.{fmt}"
    _, count = export_tasks(db_path, path, fmt)
    assert count == db["tasks"].count
    data = read_tasks(path, fmt)
    assert len(data) == count
    texts = {t["text"] for t in db["tasks"].rows}
    text_column = 1 if fmt == "docx" else COLUMNS.index("text")
    assert sum(row[text_column] in texts for row in data) == count


@pytest.mark.parametrize(("selection", "expected"), [
    (("--document", "215-KH/TU"), lambda db: db["tasks"].count_where("document_id = ?",
                                                                      [PROVINCE])),
    (("--source", "187-KL/TW"), lambda db: len(query.implementing_tasks(db, CONCLUSION))),
    (("--body", "hau-giang/btc"),
     lambda db: len({r["id"] for r in query.tasks_by_body(db, "hau-giang/btc")})),
])
def test_export_tasks_selection(db: sqlite_utils.Database, db_path: Path, tmp_path: Path,
                                selection: tuple[str, str], expected: Any) -> None:
    path = tmp_path / "selected.json"
    _, count = export_tasks(db_path, path, "json", *selection)
    assert count == expected(db) > 0
    assert len(read_tasks(path, "json")) == count


READERS = {
    "graphml": lambda p: nx.read_graphml(p, force_multigraph=True),
    "gexf": nx.read_gexf,
    "json": read_node_link_json,
}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_graph_in_each_format(db: sqlite_utils.Database, db_path: Path, tmp_path: Path,
                                     fmt: str) -> None:
    path = tmp_path / f"graph.{fmt}"
    result = invoke("export", "graph", "--db", str(db_path), "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    graph = build_graph(db)
    assert result.stderr == (f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
                             f"written to {path}\n")
    read = READERS[fmt](path)
    assert read.number_of_nodes() == graph.number_of_nodes()
    assert read.number_of_edges() == graph.number_of_edges()
    assert CONCLUSION in read and read.nodes[CONCLUSION]["type"] == "document"


def test_export_tasks_by_body_name_and_unknown_body(db: sqlite_utils.Database, db_path: Path,
                                                   tmp_path: Path) -> None:
    """`--body` takes a name as `query body` does; a body that matches nothing is exit 2 and
    writes nothing (it wrote an empty list with exit 0)."""
    _, count = export_tasks(db_path, tmp_path / "named.json", "json", "--body", "Sở Khoa học")
    assert count == len({r["id"] for r in query.tasks_by_body(db, "hau-giang/so-khcn")}) > 0
    missing = tmp_path / "none.csv"
    result = invoke("export", "tasks", "--db", str(db_path), "--body", "Sở Khoa hoc xyz",
                    "-o", str(missing))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no body matches 'Sở Khoa hoc xyz'")
    assert not missing.exists()


def test_export_on_a_missing_database_exits_2(tmp_path: Path) -> None:
    result = invoke("export", "graph", "--db", str(tmp_path / "missing.db"), "-o",
                    str(tmp_path / "g.json"), "--format", "json")
    assert result.exit_code == 2
    assert "does not exist: run `ingest` first" in result.stderr
    assert not (tmp_path / "g.json").exists()


# ------------------------------------------------------------------ evaluate
def test_evaluate_json_returns_the_figures() -> None:
    result = invoke("evaluate", "--json", "--check-floors")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"total", "documents", "errors", "figures", "groups", "sources",
                           "problems", "seconds", "skipped"}
    figures = report["figures"]
    for group, floors in load_floors().items():
        measured = {f"{metric}.{key}": value for metric, values in report["groups"][group].items()
                    for key, value in values.items() if key in {"precision", "recall", "f1",
                                                                "accuracy"}}
        assert set(floors) <= set(measured), group
        assert all(floor <= measured[name] <= 1 for name, floor in floors.items()), group
    assert {"seed", "official-2025", "dev-2026-12/src03-thetrungdtt-VNMasterplan"} <= set(
        report["sources"])
    for name, value in figures.items():
        metric, _, field = name.rpartition(".")
        assert report["total"][metric][field] == value, name
    for metric in report["total"].values():
        if "precision" in metric and metric["tp"] + metric["fp"]:
            assert metric["precision"] == round(metric["tp"] / (metric["tp"] + metric["fp"]), 4)
    assert len(report["documents"]) >= 5


# ------------------------------------------------------------------ help and documentation
def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def command_of(words: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for word in words:
        assert isinstance(command, click.Group), words
        command = command.commands[word]
    return command


def test_help_of_every_command_lists_its_options() -> None:
    commands = all_commands(cli)
    assert len(commands) >= 20
    for words in commands:
        result = invoke(*words, "--help")
        assert result.exit_code == 0, words
        assert result.stdout.startswith(f"Usage: vndoc {' '.join(words)}".rstrip()), words
        for parameter in command_of(words).params:
            if isinstance(parameter, click.Option):
                assert parameter.opts[0] in result.stdout, (words, parameter.opts)


def readme_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    prefix = ".venv/bin/python -m pipeline "
    return [shlex.split(line.strip()[len(prefix):], comments=True)
            for line in text.splitlines() if line.strip().startswith(prefix)]


def test_readme_command_lines_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the README's paths are relative to the repository
    lines = readme_commands()
    assert len(lines) >= 15
    for args in lines:
        words, rest = [], list(args)
        command: click.Command = cli
        while isinstance(command, click.Group):
            words.append(rest.pop(0))
            command = command.commands[words[-1]]
        with command.make_context(" ".join(words), rest) as context:
            assert context.command is command


def test_python_m_pipeline_help() -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: vndoc [OPTIONS] COMMAND [ARGS]...")
    listed = re.findall(r"^  (\S+)  ", result.stdout.split("Commands:")[1], re.M)
    assert listed == sorted(cli.commands)


def test_a_long_answer_comes_a_page_at_a_time(db: sqlite_utils.Database, db_path: Path) -> None:
    """`--limit` rows from `--offset`, and on stderr where the next page starts; `--all`
    every row; the pages put together are the whole answer."""
    whole = as_json(query.implementing_tasks(db, CONCLUSION))
    args = ("query", "implements", CONCLUSION, "--db", str(db_path))
    first = invoke(*args, "--limit", "5")
    assert first.exit_code == 0 and json.loads(first.stdout) == whole[:5]
    assert "rows 1–5 shown; more with --offset 5" in first.stderr
    rest = invoke(*args, "--limit", "5", "--offset", "5")
    assert json.loads(rest.stdout) == whole[5:10]
    last = invoke(*args, "--offset", str(len(whole) - 2))
    assert json.loads(last.stdout) == whole[-2:] and last.stderr == ""
    assert json.loads(invoke(*args, "--all").stdout) == whole
