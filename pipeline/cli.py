"""Command line: a thin layer that parses, calls the library and formats.

Exit codes: 0 success; 1 some input failed (reported by name, the rest processed);
2 usage error; 3 an evaluation figure fell below its floor; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import IngestError, PathError, QueryError, ResourceError

# Imports of the package's own modules are inside the commands: `--help` and a one-document
# `extract` should not pay for the whole library (spaCy, networkx, openpyxl ...).

EXIT_FAILED_INPUT = 1
EXIT_USAGE = 2
EXIT_BELOW_FLOOR = 3
EXIT_INTERRUPTED = 130


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _error(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


class _Guarded(click.Group):
    """Every command's failure is one line on stderr and an exit code, never a traceback:
    2 for what the user can fix (a path, a database, an argument), 1 for anything else."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        try:
            return super().invoke(ctx)
        except click.UsageError as error:  # one line, not the usage block
            hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
            raise _Failure(error.format_message() + hint) from None
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except (PathError, IngestError, QueryError) as error:
            raise _Failure(str(error)) from None
        except OSError as error:
            raise _Failure(f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
                           ) from None
        except sqlite3.Error as error:
            hint = ("; the store was written by an older vndoc: `ingest` into it once to "
                    "upgrade it" if "no such table" in str(error) else "")
            raise _Failure(f"database: {error}{hint}") from None
        except (KeyboardInterrupt, click.Abort):
            raise _Interrupted(ctx.invoked_subcommand) from None
        except Exception as error:  # a bug: one line, and where to report it
            raise _Internal(f"internal error ({type(error).__name__}: {error}); please report "
                            "it with the command you ran") from None


class _Failure(click.ClickException):
    """Something the user can fix: exit 2."""

    exit_code = EXIT_USAGE


class _Interrupted(click.ClickException):
    """Ctrl-C: one line and exit 130 (128 + SIGINT, as shells report it), not click's
    `Aborted!` and 1, which would read as a failed input."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, command: str | None) -> None:
        kept = (": the documents written so far are kept; run it again to finish"
                if command in {"ingest", "run"} else "")
        super().__init__(f"interrupted{kept}")

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class _Internal(click.ClickException):
    """A bug: exit 1."""

    exit_code = EXIT_FAILED_INPUT


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vn-directives-pipeline")
@click.option("--kb", "kb_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Knowledge base folder [$PIPELINE_KB, else corpora/kb].")
@click.pass_context
def cli(ctx: click.Context, kb_dir: Path | None) -> None:
    """Read Vietnamese directives as data: tasks, responsible bodies, deadlines and the
    documents they implement, in a cross-reference graph you can query and export."""
    ctx.obj = {"kb_dir": kb_dir}


def _resources(ctx: click.Context) -> Any:
    """The resources of `--kb` (loaded once); a missing or broken folder is one line, exit 2."""
    from .resources import load_resources

    try:
        return load_resources(kb_dir=(ctx.obj or {}).get("kb_dir"))
    except ResourceError as error:
        _error(f"{error}; pass --kb DIR or set PIPELINE_KB to a knowledge base folder")
        sys.exit(EXIT_USAGE)


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One compact JSON object per line.")
@click.pass_context
def extract(ctx: click.Context, path: Path, as_json: bool, as_jsonl: bool) -> None:
    """Extract metadata, sections, references, bodies and tasks from PATH (a file or folder).

    \b
    Example:
      python -m pipeline extract corpora/samples/kl-187-tw.txt --json
    """
    from .extract import extract as run_extract
    from .extract import to_json
    from .ingest import iter_folder

    resources = _resources(ctx)
    failed = seen = 0
    many = as_json and path.is_dir()  # several objects: one JSON array, not objects in a row
    if many:
        click.echo("[")
    for item in iter_folder(path):
        seen += 1
        if isinstance(item, IngestError):
            _error(str(item))
            failed += 1
            continue
        try:
            data = to_json(run_extract(item, resources))
        except Exception as error:  # a bug on one file must not end the run (as in `ingest`)
            _error(f"{item.path}: {type(error).__name__}: {error} [stage extract]")
            failed += 1
            continue
        if as_jsonl:
            click.echo(json.dumps(data, ensure_ascii=False))
        elif as_json:
            text = json.dumps(data, ensure_ascii=False, indent=2)
            click.echo(("," if many and seen - failed > 1 else "") + text)
        else:
            _summary_line(data)
    if many:
        click.echo("]")
    if not seen:
        _error(f"{path}: no file of a type vndoc reads there (text, HTML, PDF, Word, images)")
        sys.exit(EXIT_USAGE)
    if failed:
        sys.exit(EXIT_FAILED_INPUT)


def _summary_line(data: dict[str, Any]) -> None:
    document = data["document"]
    click.echo(
        f"{data['source']['path']}: {document.get('kind') or '?'} "
        f"{document.get('symbol') or '(no symbol)'} {document.get('date') or ''} — "
        f"{len(data['sections'])} sections, {len(data['references'])} references, "
        f"{len(data['tasks'])} tasks, {len(data['bodies'])} bodies"
    )


# ------------------------------------------------------------------ batch
SUMMARY_WIDTH = 100  # the ingest summary's lines, whatever the terminal (a log keeps them)
EARLIER_SHOWN = 20  # failures of earlier runs named one a line; the rest counted


def _print_report(report: Any, silent: bool, verbose: bool = False) -> None:
    """Each failing file on a line of its own (this run's, then those of earlier runs that were
    not retried), then the summary in short lines (`_summary_lines`)."""
    for path, stage, reason, message in report.failures:
        _error(f"{path}: {message} [{reason}, stage {stage}]")
    for path, stage, reason, message in report.earlier_failures[:EARLIER_SHOWN]:
        _error(f"{path}: {message} [{reason}, stage {stage}; an earlier run's, not retried]")
    hidden = len(report.earlier_failures) - EARLIER_SHOWN
    if hidden > 0:
        _error(f"... and {hidden} more that failed in earlier runs (`ingest --json` lists them)")
    if not silent:
        click.echo("\n".join(_summary_lines(report, verbose)), err=True)


def _summary_lines(report: Any, verbose: bool) -> list[str]:
    """The counts, one kind of fact a line, each wrapped to `SUMMARY_WIDTH`; the seconds of each
    stage only with `--verbose` (they are for tuning, and `--json` has them)."""
    import textwrap

    lines = [f"{report.seen} files: {report.processed} processed, {report.unchanged} "
             f"unchanged, {report.removed} removed, {report.failed} failed",
             f"{report.documents} documents, {report.tasks} tasks in {report.seconds:.1f}s"]
    if report.earlier_failures:
        lines.insert(1, f"{report.outstanding} failing in all: {len(report.earlier_failures)} "
                        "failed in an earlier run and, unchanged, were not retried "
                        "(--retry-failed)")
    if report.copies:
        lines.append(f"copies of another file's document (counted once): {report.copies}")
    if report.parts:
        lines.append("parts of another file's document (an appendix published alone; counted "
                     f"once): {report.parts}")
    if report.stale_elsewhere:
        lines.append(f"{report.stale_elsewhere} files elsewhere held a part of a document this run "
                     "changed: ingest their folders again")
    if report.kept_apart:
        lines.append("same identity as a stored document, other content (kept apart): "
                     f"{report.kept_apart}")
    if report.reresolved:
        lines.append(f"{report.reresolved} references re-resolved")
    if report.problems:
        lines.append("noted: " + ", ".join(f"{code} {count}" for code, count in sorted(
            report.problems.items())))
    lines += _skipped_lines(report.skipped, verbose)
    if verbose and report.stage_seconds:
        lines.append("seconds per stage, summed over the workers: " + ", ".join(
            f"{k} {v:.1f}s" for k, v in sorted(report.stage_seconds.items())))
    return [wrapped for line in lines for wrapped in textwrap.wrap(
        line, SUMMARY_WIDTH, subsequent_indent="  ", break_on_hyphens=False)]


def _skipped_lines(skipped: list[str], verbose: bool) -> list[str]:
    """How many files were left out as of a type vndoc does not read, by extension (each named
    with `--verbose`): left out silently, a folder of images looked like an empty success."""
    from collections import Counter

    if not skipped:
        return []
    kinds = Counter(Path(path).suffix.lower() or "(none)" for path in skipped)
    files = "file" if len(skipped) == 1 else "files"
    lines = [f"skipped {len(skipped)} {files} of a type vndoc does not read: " + ", ".join(
        f"{suffix} {count}" for suffix, count in kinds.most_common())
        + ("" if verbose else " (--verbose names them)")]
    return lines + ([f"  skipped: {path}" for path in skipped] if verbose else [])


_DB_OPTION = click.option("--db", "db_path", type=click.Path(path_type=Path),
                          default=Path("outputs/directives.db"), show_default=True,
                          help="SQLite database.")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_DB_OPTION
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes [all cores].")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run per-document work on a Dask cluster (tcp://host:8786).")
@click.option("--retry-failed", is_flag=True, help="Process files that failed before again.")
@click.option("--commit-every", type=click.IntRange(min=1), default=None, metavar="N",
              help="Documents per transaction [100] (also committed at least every second); "
                   "a killed run does the uncommitted ones again.")
@click.option("--silent", "-s", is_flag=True, help="No progress or summary on stderr.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also the seconds of each stage and every skipped file, by name.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the report as JSON on stdout: counts, failures (this run's and "
                   "earlier ones not retried), skipped files, and each file processed with "
                   "its document, role (text, copy or part) and problems (ocr, converted-doc, ...).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], db_path: Path, jobs: int | None,
           scheduler: str | None, retry_failed: bool, commit_every: int | None, silent: bool,
           verbose: bool, as_json: bool) -> None:
    """Ingest files and folders into the database: only new or changed files, in parallel.

    Exit code 1 when any file under PATHS fails, in this run or an earlier one (each is named
    with its reason and kept in the `failures` table; `--retry-failed` tries them again); 2
    when PATHS hold no file of a type vndoc reads (files of other types are counted as
    skipped).

    \b
    Example:
      python -m pipeline ingest ../shared/corpus/official-2025 --db outputs/directives.db
    """
    from .batch import COMMIT_EVERY, count_files, ingest_paths, progress_printer
    from .ingest import SUPPORTED_SUFFIXES

    report = ingest_paths(paths, db_path, jobs=jobs, scheduler=scheduler,
                          retry_failed=retry_failed, commit_every=commit_every or COMMIT_EVERY,
                          progress=None if silent else progress_printer(count_files(paths)),
                          resources=_resources(ctx))
    _print_report(report, silent, verbose)
    if as_json:
        _echo_json(dataclasses.asdict(report) | {"ok": report.ok})
    if not report.seen and not report.removed:  # a wrong folder must not look like success
        _error(f"{', '.join(map(str, paths))}: no file of a type vndoc reads there ("
               + ", ".join(sorted(SUPPORTED_SUFFIXES)) + ")")
        sys.exit(EXIT_USAGE)
    if not report.ok:
        sys.exit(EXIT_FAILED_INPUT)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_DB_OPTION
@click.option("--exports", type=click.Path(path_type=Path), default=Path("outputs/exports"),
              show_default=True, help="Folder for task lists and graph files.")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes [all cores].")
@click.pass_context
def run(ctx: click.Context, paths: tuple[Path, ...], db_path: Path, exports: Path,
        jobs: int | None) -> None:
    """The main job: ingest PATHS (default corpora/samples), build the graph, export, summarise."""
    from .batch import count_files, progress_printer
    from .jobs import run_job

    paths = paths or (Path("corpora/samples"),)
    result = run_job(paths, db_path, exports, jobs=jobs, resources=_resources(ctx),
                     progress=progress_printer(count_files(paths)))
    _print_report(result.report, silent=False)
    summary = result.summary
    by_status = summary["references_by_status"]
    click.echo(
        f"documents {summary['documents']} (+{summary['stub_documents']} cited, not ingested), "
        f"tasks {summary['tasks']}, bodies {summary['bodies']}, references "
        f"{summary['references']} (resolved {by_status.get('resolved', 0)}, ambiguous "
        f"{by_status.get('ambiguous', 0)}, unresolved {by_status.get('unresolved', 0)}), "
        f"tasks linked to a central document {summary['tasks_reaching_central']}\n"
        f"graph: {result.nodes} nodes, {result.edges} edges\n"
        f"database: {db_path}\nexports: {exports}/ "
        f"({', '.join(f.name for f in result.files)})"
    )
    if not result.report.ok:
        sys.exit(EXIT_FAILED_INPUT)


# ------------------------------------------------------------------ queries
def _emit(rows: Any, as_table: bool) -> None:
    """JSON, or with `--table` a table fitted to the terminal (`tables.fit`; the columns left
    out are named on stderr) or, with `--wide`, whole."""
    if as_table and isinstance(rows, list):
        import tabulate as tables
        from tabulate import tabulate

        from .tables import fit, short

        tables.MIN_PADDING = 0  # columns as wide as `fit` made them, two spaces between
        wide = click.get_current_context().meta.get("wide", False)
        if rows and not wide:
            columns = shutil.get_terminal_size((TERMINAL_WIDTH, 24)).columns
            cells, dropped = fit(rows, columns)
            if dropped:  # said, so that a missing column is not taken for a missing value
                click.echo(short(f"not shown (--wide shows them): {', '.join(dropped)}",
                                 columns), err=True)
        else:
            cells = [{k: short(v, None) for k, v in r.items()} for r in rows]
        click.echo(tabulate(cells, headers="keys", disable_numparse=True))
    else:
        _echo_json(rows)


@dataclasses.dataclass(frozen=True)
class Page:
    """Which rows of a long answer to show: `limit` rows from `offset` (None: all)."""

    limit: int | None
    offset: int


def _page_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--limit`, `--offset` and `--all` for queries that can return thousands of rows; the
    command receives them as one `page`."""
    def folded(*args: Any, limit: int, offset: int, show_all: bool, **kwargs: Any) -> Any:
        return command(*args, page=Page(None if show_all else limit, offset), **kwargs)

    folded = functools.wraps(command)(folded)
    for option in reversed((
            click.option("--limit", default=PAGE_ROWS, show_default=True,
                         type=click.IntRange(min=1), help="Rows to show."),
            click.option("--offset", default=0, type=click.IntRange(min=0),
                         help="Rows to skip (the next page: the last offset + limit)."),
            click.option("--all", "show_all", is_flag=True, help="Every row, no page."))):
        folded = option(folded)
    return folded


_PAGE_OPTIONS = _page_options
PAGE_ROWS = 200  # rows a page shows: a query over 10,000 documents stays well under 100 ms


def _emit_page(page: Page, fetch: Callable[[int | None, int], list[Any]], as_table: bool,
               quiet_if_empty: bool = False) -> list[Any]:
    """One page of rows, and on stderr where the next one starts (one row more is fetched to
    know whether there is one)."""
    rows = fetch(None if page.limit is None else page.limit + 1, page.offset)
    more = page.limit is not None and len(rows) > page.limit
    rows = rows[:page.limit] if page.limit is not None else rows
    if rows or not quiet_if_empty:
        _emit(rows, as_table)
    if more:
        shown = f"rows {page.offset + 1}–{page.offset + len(rows)}"
        click.echo(f"{shown} shown; more with --offset {page.offset + len(rows)} (or --all)",
                   err=True)
    return rows


TERMINAL_WIDTH = 120  # when the output is not a terminal (a pipe, a file)


def _db(db_path: Path) -> Any:
    """The store, read-only: a query or an export never changes it."""
    from .store import open_db

    return open_db(db_path, readonly=True)


def _document(db: Any, text: str) -> str:
    """The one document TEXT means (`query.resolve_document`: none or several is a
    `QueryError`, a usage error that lists them)."""
    from .query import resolve_document

    return resolve_document(db, text)


def _table_options(command: Any) -> Any:
    """`--table` (a table, not JSON) and `--wide` (every cell whole, whatever the terminal)."""
    command = click.option("--wide", is_flag=True, expose_value=False, is_eager=True,
                           callback=lambda ctx, _, value: ctx.meta.__setitem__("wide", value),
                           help="With --table: every cell whole, not cut to the terminal.")(
        command)
    return click.option("--table", "as_table", is_flag=True, help="A table, not JSON.")(command)


_TABLE_OPTION = _table_options


@cli.group("query")
def query_group() -> None:
    """Ask the graph: sources, implementing tasks, citations, bodies, deadlines, search."""


@query_group.command("sources")
@click.argument("task_id")
@_DB_OPTION
@_TABLE_OPTION
def q_sources(task_id: str, db_path: Path, as_table: bool) -> None:
    """The chain of source documents of TASK_ID (e.g. '96-KH/HU@2024-06-05#t3'), nearest first."""
    from .query import task_sources

    db = _db(db_path)
    if not db["tasks"].count_where("id = ?", [task_id]):
        raise _Failure(f"no task has the id {task_id!r} (tasks look like "
                               "'96-KH/HU@2024-06-05#t3'; `query search` finds them)")
    _emit(task_sources(db, task_id), as_table)


@query_group.command("passages")
@click.argument("task_id")
@_DB_OPTION
@_TABLE_OPTION
def q_passages(task_id: str, db_path: Path, as_table: bool) -> None:
    """What TASK_ID carries out in each higher document of its chain: the ranked passages with
    score, coverage of the task's words, reuse (verbatim / adapted / new) and the evidence."""
    from .query import task_passages

    db = _db(db_path)
    if not db["tasks"].count_where("id = ?", [task_id]):
        raise _Failure(f"no task has the id {task_id!r} (tasks look like "
                               "'96-KH/HU@2024-06-05#t3'; `query search` finds them)")
    rows = task_passages(db, task_id)
    if as_table:
        rows = [{key: row[key] for key in ("target_document", "rank", "passage_section",
                                           "coverage", "reuse_class", "confident",
                                           "passage_text")} for row in rows]
    _emit(rows, as_table)


_PROVINCE_HELP = ("Documents of one jurisdiction: a slug such as can-tho or "
                  "hau-giang/chau-thanh-a, or its name (Cần Thơ); unknown: an error.")
_BODY_HELP = ("Tasks one body leads or coordinates: an id such as hau-giang/btc, or a name "
              "(every body of that name); unknown or ambiguous: an error.")


@query_group.command("implements")
@click.argument("document")
@_DB_OPTION
@click.option("--province", help=_PROVINCE_HELP)
@click.option("--body", help=_BODY_HELP)
@click.option("--year", type=int, help="Deadline or document year.")
@_PAGE_OPTIONS
@_TABLE_OPTION
def q_implements(document: str, db_path: Path, province: str | None, body: str | None,
                 year: int | None, page: Page, as_table: bool) -> None:
    """Every task implementing DOCUMENT (id or symbol such as 21-NQ/TW), through plans too,
    a page at a time."""
    from .query import implementing_tasks

    db = _db(db_path)
    target = _document(db, document)
    _emit_page(page, lambda limit, offset: implementing_tasks(
        db, target, province, body, year, limit=limit, offset=offset), as_table)


@query_group.command("cites")
@click.argument("document")
@_DB_OPTION
@click.option("--reverse", is_flag=True, help="What cites DOCUMENT instead.")
@_TABLE_OPTION
def q_cites(document: str, db_path: Path, reverse: bool, as_table: bool) -> None:
    """What DOCUMENT cites (or, with --reverse, what cites it)."""
    from .query import cited_by, cites

    db = _db(db_path)
    doc_id = _document(db, document)
    _emit(cited_by(db, doc_id) if reverse else cites(db, doc_id), as_table)


@query_group.command("most-cited")
@_DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--central", is_flag=True, help="Central documents only.")
@click.option("--implemented", is_flag=True, help="Rank by implementing documents instead.")
@_TABLE_OPTION
def q_most_cited(db_path: Path, limit: int, central: bool, implemented: bool,
                 as_table: bool) -> None:
    """The most cited (or most implemented) documents."""
    from .query import most_cited, most_implemented

    db = _db(db_path)
    _emit(most_implemented(db, limit) if implemented else most_cited(db, limit, central),
          as_table)


@query_group.command("not-ingested")
@_DB_OPTION
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1))
@_TABLE_OPTION
def q_not_ingested(db_path: Path, limit: int, as_table: bool) -> None:
    """Documents cited but not ingested, most cited first."""
    from .query import not_ingested

    _emit(not_ingested(_db(db_path), limit), as_table)


@query_group.command("body")
@click.argument("body")
@_DB_OPTION
@click.option("--role", "roles", multiple=True, default=("lead", "coordinate"),
              type=click.Choice(["lead", "coordinate", "report_to", "via"]), show_default=True)
@_PAGE_OPTIONS
@_TABLE_OPTION
def q_body(body: str, db_path: Path, roles: tuple[str, ...], page: Page, as_table: bool) -> None:
    """Tasks BODY leads or coordinates, a page at a time. BODY is an id (can-tho/btc) or a
    name, matched whatever its case, tone marks or diacritics (`Sở Khoa học và Công nghệ`: that
    office in every province); a name several bodies' names hold lists them."""
    from .query import tasks_by_body

    db = _db(db_path)
    found = _emit_page(page, lambda limit, offset: tasks_by_body(
        db, body, roles, limit=limit, offset=offset), as_table, quiet_if_empty=True)
    if not found:
        click.echo(f"{body}: no task as {' or '.join(roles)}", err=True)
        _emit([], as_table)


@query_group.command("deadlines")
@_DB_OPTION
@click.option("--from", "start", help="2024-06-01, 01/06/2024, 6/2024 or 2024.")
@click.option("--to", "end", help="2024-12-31, 31/12/2024, 12/2024 or 2024.")
@click.option("--province", help=_PROVINCE_HELP)
@click.option("--body", help=_BODY_HELP)
@_PAGE_OPTIONS
@_TABLE_OPTION
def q_deadlines(db_path: Path, start: str | None, end: str | None, province: str | None,
                body: str | None, page: Page, as_table: bool) -> None:
    """Tasks due in a window with their lead bodies (who, by when), a page at a time."""
    from .query import tasks_by_deadline

    db = _db(db_path)
    try:
        _emit_page(page, lambda limit, offset: tasks_by_deadline(
            db, start, end, limit=limit, offset=offset, province=province, body=body),
            as_table)
    except ValueError as error:  # a date that is none, or a window that ends before it starts
        raise _Failure(str(error)) from None


@query_group.command("search")
@click.argument("words", nargs=-1, required=True)
@_DB_OPTION
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@_TABLE_OPTION
def q_search(words: tuple[str, ...], db_path: Path, limit: int, as_table: bool) -> None:
    """Full-text search of tasks, best first. Words typed without diacritics find every
    spelling (`to chuc` finds `tổ chức`); typed with them, exactly those (`đảng` is not
    `dạng`). `"a phrase"`, `-word` or `-"a phrase"` to exclude (after `--`), `a OR b`.

    \b
    Example:
      vndoc query search -- '"tổ chức cơ sở đảng"' '-"chi bộ"'
    """
    from .query import search_tasks

    _emit(search_tasks(_db(db_path), " ".join(words), limit), as_table)


@query_group.command("coverage")
@click.argument("document")
@_DB_OPTION
@_TABLE_OPTION
def q_coverage(document: str, db_path: Path, as_table: bool) -> None:
    """Which local plans implement DOCUMENT, and which of its tasks no local task traces to."""
    from .query import coverage

    db = _db(db_path)
    result = coverage(db, _document(db, document))
    if as_table:  # one line per task of the document: who carries it out, or a gap
        _emit([{"part": item["id"].split("#")[-1], "section": item["section"],
                "tasks": item["tasks"], "documents": len(item["documents"]),
                "provinces": ", ".join(item["provinces"]), "text": item["text"]}
               for item in sorted(result["covered"] + result["gaps"],
                                  key=lambda item: item["start"])], True)
    else:
        _echo_json(result)


@query_group.command("summary")
@_DB_OPTION
@_TABLE_OPTION
def q_summary(db_path: Path, as_table: bool) -> None:
    """Counts: documents, tasks, bodies, references by status, links to central documents."""
    from .query import summary

    counts = summary(_db(db_path))
    if as_table:
        _emit([{"what": key, "count": value} for key, value in _flat(counts)], True)
    else:
        _echo_json(counts)


def _flat(counts: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """`references_by_status: {resolved: 3}` → `references_by_status.resolved 3`."""
    found: list[tuple[str, Any]] = []
    for key, value in counts.items():
        if isinstance(value, dict):
            found += _flat(value, f"{prefix}{key}.")
        else:
            found.append((f"{prefix}{key}", value))
    return found


# ------------------------------------------------------------------ exports
@cli.group("export")
def export_group() -> None:
    """Write task lists (CSV, Excel, JSON, Word) and the graph (GraphML, GEXF, JSON)."""


_FORCE_OPTION = click.option("--force", is_flag=True,
                             help="Replace OUTPUT if it exists (never a database).")


def _target(output: Path, fmt: str | None, formats: tuple[str, ...], force: bool,
            db_path: Path) -> str:
    """The format to write OUTPUT in, after checking OUTPUT may be written."""
    from .outputs import check_target, output_format

    check_target(output, force, protect=(db_path,))
    return output_format(output, fmt, formats)


@export_group.command("tasks")
@_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json", "docx"]),
              default=None, help="csv, xlsx, json or docx [from OUTPUT's extension].")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True)
@click.option("--document", help="Tasks of one document (id or symbol).")
@click.option("--body", help=_BODY_HELP)
@click.option("--source", help="Tasks that implement one central document (id or symbol).")
@_FORCE_OPTION
def export_tasks_command(db_path: Path, fmt: str | None, output: Path, document: str | None,
                         body: str | None, source: str | None, force: bool) -> None:
    """A task list: STT, Nội dung nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian, Căn cứ.

    OUTPUT is never a folder or a database, and an existing file is replaced only with --force.
    """
    from .export import FORMATS, export_tasks
    from .query import resolve_bodies

    fmt = _target(output, fmt, FORMATS, force, db_path)
    db = _db(db_path)
    count = export_tasks(db, fmt, output,
                         document_id=_document(db, document) if document else None,
                         body_id=resolve_bodies(db, body) if body else None,
                         source_id=_document(db, source) if source else None)
    click.echo(f"{count} tasks written to {output}", err=True)


@export_group.command("graph")
@_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]),
              default=None, help="graphml, gexf or json [from OUTPUT's extension].")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True)
@_FORCE_OPTION
def export_graph_command(db_path: Path, fmt: str | None, output: Path, force: bool) -> None:
    """The whole graph: documents, tasks and bodies with typed edges and their evidence."""
    from .graph import build_graph, write_gexf, write_graphml, write_node_link_json
    from .outputs import write_atomically

    fmt = _target(output, fmt, ("graphml", "gexf", "json"), force, db_path)
    graph = build_graph(_db(db_path))
    write = {"graphml": write_graphml, "gexf": write_gexf, "json": write_node_link_json}[fmt]
    write_atomically(output, lambda path: write(graph, path))
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges written to "
               f"{output}", err=True)


# ------------------------------------------------------------------ evaluation and models
@cli.command()
@click.option("--gold", type=click.Path(exists=True, path_type=Path), default=None,
              help="Gold folder [corpora/gold].")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List every error.")
@click.option("--check-floors", is_flag=True,
              help="Exit 3 when a figure is below its floor in corpora/floors.json.")
@click.option("--alignment", is_flag=True,
              help="Score task → passage alignment instead (gold/alignment, per method).")
@click.pass_context
def evaluate(ctx: click.Context, gold: Path | None, as_json: bool, show_errors: bool,
             check_floors: bool, alignment: bool) -> None:
    """Precision, recall and F1 of every layer against the gold annotations."""
    from . import evaluation as ev

    if alignment:
        _evaluate_alignment(ctx, gold or ev.DEFAULT_GOLD, as_json, check_floors)
        return
    skipped: list[str] = []
    report = ev.evaluate(ev.load_gold(gold or ev.DEFAULT_GOLD, skipped),
                         ev.default_extractor(_resources(ctx)))
    if skipped:  # fetched texts are on the machines that fetched them, not in the repository
        texts = len({Path(item.split(":", 1)[0]).stem for item in skipped})
        click.echo(f"note: {texts} fetched texts are not on this machine, their {len(skipped)} gold "
                   "files not scored (corpora/gold/fetch_texts.py brings them)", err=True)
    if as_json:  # the gold files left out, each named (the note above says how many)
        _echo_json({**ev.report_to_json(report), "skipped": skipped})
    else:
        click.echo(ev.format_table(report))
    if show_errors:
        for item in report.errors:
            click.echo(f"{item.document}\t{item.metric}\t{item.kind}\t{item.start}-{item.end}\t"
                       f"{item.text!r}\texpected={item.expected!r}\tgot={item.got!r}")
    if check_floors:
        violations = ev.check_floors(report, ev.load_floors())
        for violation in violations:
            _error(violation)
        if violations:
            sys.exit(EXIT_BELOW_FLOOR)


def _evaluate_alignment(ctx: click.Context, gold: Path, as_json: bool,
                        check_floors: bool) -> None:
    """`evaluate --alignment`: P@1, R@3 and MRR per method and split."""
    from .evaluation import alignment as al
    from .evaluation.ranker import evaluate_with_left_out

    skipped: list[str] = []
    report = evaluate_with_left_out(al.load_pairs(gold, skipped), _resources(ctx))
    if skipped:
        click.echo(f"note: {len(skipped)} alignment pairs name fetched texts that are not on "
                   "this machine, not scored (corpora/gold/fetch_texts.py brings them)", err=True)
    if as_json:
        _echo_json({**al.alignment_to_json(report), "skipped": skipped})
    else:
        click.echo(al.format_alignment(report))
    if check_floors:
        violations = al.check_alignment_floors(report)
        for violation in violations:
            _error(violation)
        if violations:
            sys.exit(EXIT_BELOW_FLOOR)


@cli.command()
@_DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=int, default=8001, show_default=True)
def serve(db_path: Path, host: str, port: int) -> None:
    """The web workbench: Datasette on the store, with Vietnamese and English titles and
    descriptions, facets, task search and canned queries (tasks implementing a document, a
    task's chain, coverage by province, gaps, a body's tasks, deadlines, most cited). Stop it
    with Ctrl-C.

    \b
    Example:
      python -m pipeline serve --db outputs/directives.db --port 8001
    """
    from .serve import serve as run_server

    _db(db_path).close()  # a missing or damaged store: one line, before any server starts
    code = run_server(db_path, host, port)
    if code > 0:  # below 0: stopped by a signal (Ctrl-C, kill), as asked
        raise _Failure(f"datasette stopped with exit code {code}")


@cli.command()
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Model folder [models/vndoc-bodies].")
@click.pass_context
def train(ctx: click.Context, output: Path | None) -> None:
    """Rebuild the spaCy pipeline in models/ from the knowledge base (gazetteer → EntityRuler),
    then fit the task screen on the gold of the tuned sources and the passage ranker of
    alignment on the tune pairs (both need the gold texts; without them the files already in
    the folder are kept)."""
    from .evaluation import GoldError, load_collections, load_gold
    from .evaluation.screen import save_screen
    from .gazetteer import load_gazetteer, save_model
    from .resources import default_kb_dir, default_model_dir, load_resources, training_resources

    kb_dir = Path((ctx.obj or {}).get("kb_dir") or default_kb_dir())
    path = save_model(output or default_model_dir(), load_gazetteer(kb_dir))
    click.echo(f"saved {path}", err=True)
    try:
        golds = load_gold()
    except GoldError as error:
        click.echo(f"task screen not refitted (the gold texts are needed): {error}", err=True)
        return
    fresh = training_resources(kb_dir, path)
    screen = save_screen(path, golds, fresh, load_collections())
    click.echo(f"task screen fitted on {screen.examples} tasks of {len(screen.trained_on)} "
               f"tuned sources", err=True)
    # the ranker reads the gold plans as a run reads them: with the screen just fitted
    _train_ranker(path, load_resources(kb_dir, path))


def _train_ranker(folder: Path, resources: Any) -> None:
    """Fit alignment's `learned` ranker on the tune pairs into the model folder."""
    from .evaluation import GoldError
    from .evaluation.ranker import train_ranker

    try:
        ranker = train_ranker(folder, resources)
    except GoldError as error:
        click.echo(f"passage ranker not refitted (the gold texts are needed): {error}", err=True)
        return
    click.echo(f"passage ranker fitted on {ranker.pairs} comparisons of "
               f"{len(ranker.trained_on)} tune pairs", err=True)


def main() -> None:
    cli(prog_name="vndoc")


if __name__ == "__main__":
    main()
