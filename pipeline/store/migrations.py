"""Schema migrations: an ordered list of small functions, recorded in `_migrations`.

Never edit a released migration; add the next one. `migrate(db)` applies what is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from ..normalize import task_search_text
from . import alignments, summary
from .copies import SKETCH, may_be_part, sampled, sketch


def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("files").create({
        "path": str, "sha256": str, "size": int, "mtime": float, "status": str,
        "document_id": str, "format": str, "pages": int, "seconds": float, "updated_at": str,
    }, pk="path")
    db.table("documents").create({
        "id": str, "sha256": str, "path": str, "format": str, "ingested": int, "kind": str,
        "symbol": str, "number": str, "kind_code": str, "issuer_code": str, "date": str,
        "year": int, "issuer": str, "issuer_body": str, "place": str, "jurisdiction": str,
        "level": str, "title": str, "signer": str, "recipients": str, "characters": int,
        "text": str, "search_text": str,
    }, pk="id")
    db.table("sections").create({
        "document_id": str, "path": str, "level": int, "kind": str, "marker": str,
        "heading": str, "start": int, "end": int, "parent": str,
    }, pk=("document_id", "path"), foreign_keys=[("document_id", "documents", "id")])
    db.table("tasks").create({
        "id": str, "document_id": str, "local_id": str, "section": str, "kind": str,
        "text": str, "start": int, "end": int, "verbs": str, "deadline_text": str,
        "deadline_type": str, "deadline_date": str, "deadline_year": int, "deadline": str,
        "sources": str, "search_text": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db.table("bodies").create({"id": str, "name": str, "level": str, "is_group": int}, pk="id")
    db.table("body_mentions").create({
        "document_id": str, "start": int, "end": int, "text": str, "body_id": str,
    }, pk=("document_id", "start"), foreign_keys=[("document_id", "documents", "id")])
    db.table("task_roles").create({
        "task_id": str, "role": str, "body_id": str, "text": str, "inherited": int,
    }, foreign_keys=[("task_id", "tasks", "id")])
    db.table("references").create({
        "document_id": str, "idx": int, "start": int, "end": int, "text": str, "form": str,
        "symbol": str, "kind": str, "date": str, "issuer": str, "term": str, "title": str,
        "status": str, "target": str, "method": str, "candidates": str, "implements": int,
        "implemented_by": int,
    }, pk=("document_id", "idx"), foreign_keys=[("document_id", "documents", "id")])
    db.table("edges").create({
        "src": str, "dst": str, "type": str, "document_id": str, "evidence_start": int,
        "evidence_end": int, "evidence": str, "method": str, "rank": int,
    }, foreign_keys=[("document_id", "documents", "id")])
    db.table("failures").create({
        "path": str, "stage": str, "reason": str, "message": str, "at": str,
    }, pk="path")
    for table, columns in [
        ("tasks", ["document_id"]), ("tasks", ["deadline_date"]), ("tasks", ["deadline_year"]),
        ("task_roles", ["task_id"]), ("task_roles", ["body_id", "role"]),
        ("references", ["target"]), ("references", ["symbol"]), ("references", ["status"]),
        ("edges", ["src", "type"]), ("edges", ["dst", "type"]), ("edges", ["document_id"]),
        ("documents", ["symbol"]), ("documents", ["jurisdiction"]), ("documents", ["sha256"]),
        ("body_mentions", ["body_id"]),
    ]:
        db.table(table).create_index(columns)
    db.table("tasks").enable_fts(["search_text"], create_triggers=True, tokenize="unicode61")
    db.table("documents").enable_fts(["search_text"], create_triggers=True, tokenize="unicode61")


def m002_query_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the researchers' queries at scale: edges by type then target (most cited,
    not ingested), documents by level (central), tasks by deadline year."""
    db.table("edges").create_index(["type", "dst"], if_not_exists=True)
    db.table("edges").create_index(["type", "src"], if_not_exists=True)
    db.table("documents").create_index(["level"], if_not_exists=True)
    db.table("tasks").create_index(["deadline_year", "deadline_date"], if_not_exists=True)
    db.conn.execute("analyze")


def m003_absolute_paths(db: sqlite_utils.Database) -> None:
    """Files were keyed by the path as typed (`../shared/x/a.md`); now by the absolute path, so
    another spelling of the same folder is the same files. Relative paths recorded earlier are
    made absolute from where this runs when that names an existing file (else kept)."""
    for (path,) in db.execute("select path from files where path not like '/%'").fetchall():
        absolute = os.path.normpath(os.path.abspath(path))
        if os.path.exists(absolute) and not db.execute(
                "select 1 from files where path = ?", [absolute]).fetchone():
            db.execute("update files set path = ? where path = ?", [absolute, path])
            db.execute("update documents set path = ? where path = ?", [absolute, path])
            db.execute("update failures set path = ? where path = ?", [absolute, path])


def m004_problems(db: sqlite_utils.Database) -> None:
    """What the pipeline doubted about a document (a few bytes not UTF-8, a .doc converted, a
    page taken from a web site), one row each, kept with the document."""
    db.table("problems").create({
        "document_id": str, "idx": int, "stage": str, "code": str, "message": str,
        "start": int, "end": int,
    }, pk=("document_id", "idx"), foreign_keys=[("document_id", "documents", "id")])
    db.table("problems").create_index(["code"])


def m005_copies(db: sqlite_utils.Database) -> None:
    """One document, several files: a file is the document's `text` or a `copy` (with how much
    of its text the two share), and each document keeps a sketch of its word pairs
    (`store.copies.sketch`) so that a new file finds the documents it may be a copy of."""
    db.table("files").add_column("role", str)
    db.table("files").add_column("similarity", float)
    db.conn.execute("update files set role = 'text' where document_id is not null")
    db.table("fingerprints").create({"document_id": str, "hash": int},
                                    foreign_keys=[("document_id", "documents", "id")])
    db.table("fingerprints").create_index(["hash"])
    db.table("fingerprints").create_index(["document_id"])
    for row in db.query("select id, text from documents where ingested = 1"):
        db.table("fingerprints").insert_all(
            {"document_id": row["id"], "hash": value}
            for value in sketch(row["text"] or "")[:SKETCH])


def m006_alignments(db: sqlite_utils.Database) -> None:
    """Task → passage alignments (`store.alignments`): filled by the next `align_store`, which
    finds every document without a signature."""
    alignments.create_tables(db)


def m007_task_search_with_diacritics(db: sqlite_utils.Database) -> None:
    """The tasks' full-text index keeps diacritics and holds each text twice, with and without
    them (`normalize.task_search_text`): `đảng` typed is not `dạng`, `dang` typed finds both."""
    db.table("tasks").disable_fts()
    rows = [(task_search_text(text or ""), task_id)
            for task_id, text in db.execute("select id, text from tasks").fetchall()]
    db.conn.executemany("update tasks set search_text = ? where id = ?", rows)
    db.table("tasks").enable_fts(["search_text"], create_triggers=True,
                                 tokenize="unicode61 remove_diacritics 0")


def m008_task_search_filled_per_document(db: sqlite_utils.Database) -> None:
    """No insert trigger on the tasks' full-text index: the writer adds a document's tasks to
    it in one statement (`store.db.index_tasks`), 2.5 ms a document less than a trigger per
    row (issue 17). Updates and deletes keep their triggers."""
    db.conn.execute('drop trigger if exists "tasks_ai"')


def m009_summary(db: sqlite_utils.Database) -> None:
    """The store's counts kept at write time (`store.summary`): the next batch fills them."""
    summary.create_table(db)


def m010_samples(db: sqlite_utils.Database) -> None:
    """Each stored document's four-word hashes that are multiples of `copies.SAMPLE_EVERY`
    (`store.copies.sampled`), flagged `loose` for a document without number nor date: an
    appendix published alone finds the resolution holding it, and a resolution the appendices
    stored before it (file role `part`). Apart from the sketches, whose look-up for copies
    stays as it was (the samples of plans from one template would make every plan a
    candidate copy of many)."""
    db.table("samples").create({"document_id": str, "hash": int, "loose": int},
                               foreign_keys=[("document_id", "documents", "id")])
    db.table("samples").create_index(["hash"])
    db.table("samples").create_index(["document_id"])
    db.conn.execute("create index samples_loose on samples (hash) where loose = 1")
    for row in db.query("select id, symbol, date, text from documents where ingested = 1"):
        loose = int(may_be_part(row["symbol"], row["date"]))
        db.conn.executemany("insert into samples (document_id, hash, loose) values (?, ?, ?)",
                            [(row["id"], value, loose)
                             for value in sampled(sketch(row["text"] or ""))])


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    m001_initial, m002_query_indexes, m003_absolute_paths, m004_problems, m005_copies,
    m006_alignments, m007_task_search_with_diacritics, m008_task_search_filled_per_document,
    m009_summary, m010_samples]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> int:
    """Apply the migrations not yet applied; return how many ran."""
    if "_migrations" not in db.table_names():
        db.table("_migrations").create({"name": str, "applied_at": str}, pk="name")
    done = {row["name"] for row in db["_migrations"].rows}
    ran = 0
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        with db.atomic():
            migration(db)
            db.table("_migrations").insert({"name": migration.__name__,
                                      "applied_at": datetime.now(UTC).isoformat()})
        ran += 1
    return ran


def schema_version(db: sqlite_utils.Database) -> int:
    if "_migrations" not in db.table_names():
        return 0
    return db["_migrations"].count
