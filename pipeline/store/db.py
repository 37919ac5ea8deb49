"""The SQLite store (sqlite-utils): the only module, with `migrations`, that writes SQL.

It stores what `rows` decides a document means, and reads it back. Writing a document is one
transaction: its old rows go, its new rows come, or nothing changes. Re-ingesting the same
content is a no-op; a changed file replaces its rows. Full-text search matches without
diacritics and in either tone-mark convention (`to chuc` finds `tổ chức`).
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from ..errors import StoreError
from ..knowledge import KnowledgeBase
from ..records import ExtractedDocument
from ..resources import Resources, load_resources
from . import alignments, copies, summary
from . import rows as make
from .migrations import MIGRATIONS, migrate

DEFAULT_DB = Path("outputs") / "directives.db"
# SQLite's page cache per connection (the default is 2 MB). Writing a document updates a dozen
# indexes and two full-text indexes at scattered pages: on 10,000 documents (1 GB) a 128 MB cache
# halves the time per document (45 → 23 ms; 32 MB does not help). Pages are taken as needed.
CACHE_MB = 128


def open_db(path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> sqlite_utils.Database:
    """The store at `path`. For writing (ingest): created if absent, checked to be a vndoc store
    of a schema this version knows, migrated. `readonly` (queries, exports): opened read-only,
    nothing changed (no migration, no journal switch), `immutable` on a read-only file system.
    A file that is not a vndoc store is a `StoreError`, never touched."""
    path = Path(path)
    try:
        return _open_readonly(path) if readonly else _open_for_writing(path)
    except sqlite3.DatabaseError as error:  # not SQLite, damaged, locked, read-only, full
        raise StoreError(path, _sqlite_reason(error)) from None


def _open_for_writing(path: Path) -> sqlite_utils.Database:
    if path.is_dir():
        raise StoreError(path, "is a folder; give a database file (--db outputs/directives.db)")
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    db = sqlite_utils.Database(path)
    if existed:
        check_store(db, path, empty_ok=True)
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
    migrate(db)
    return db


def _open_readonly(path: Path) -> sqlite_utils.Database:
    if not path.is_file():
        raise StoreError(path, "does not exist: run `ingest` first" if not path.exists()
                         else "is not a database file")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError:  # a WAL database on a read-only file system
        conn.close()
        conn = sqlite3.connect(uri + "&immutable=1", uri=True)
    db = sqlite_utils.Database(conn)
    check_store(db, path)
    db.conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
    return db


def check_store(db: sqlite_utils.Database, path: Path, empty_ok: bool = False) -> None:
    """A vndoc store of a schema this version knows, or a `StoreError` saying what it is."""
    tables = set(db.table_names())
    if not tables and empty_ok:
        return
    if "_migrations" not in tables or "documents" not in tables:
        what = "an empty SQLite file" if not tables else "another application's SQLite database"
        raise StoreError(path, f"is {what}, not a vndoc store; choose another --db")
    known = {migration.__name__ for migration in MIGRATIONS}
    newer = sorted({row["name"] for row in db["_migrations"].rows} - known)
    if newer:
        raise StoreError(path, f"was written by a newer vndoc (schema {', '.join(newer)}); "
                               "upgrade vn-directives-pipeline to read it")


def _sqlite_reason(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "not a database" in text:
        return "is not a SQLite database (file is not a database)"
    if "locked" in text or "busy" in text:
        return "is locked by another process (another ingest is writing to it?)"
    if "full" in text:
        return "cannot be written: the disk is full"
    if "readonly" in text or "read-only" in text:
        return "cannot be written: it or its folder is read-only"
    return text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ files
def file_state(db: sqlite_utils.Database, path: str) -> dict[str, Any] | None:
    rows = list(db["files"].rows_where("path = ?", [path]))
    return rows[0] if rows else None


# Failures that may pass by themselves: a file is tried again on the next run without asking.
TRANSIENT = {"disk-full", "locked", "io-error"}


def transient_reason(error: BaseException) -> str | None:
    """`disk-full`, `locked` or `io-error` for an error that may pass; None otherwise."""
    text = str(error).lower()
    if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "disk is full" in text:
        return "disk-full"
    if "locked" in text or "busy" in text:
        return "locked"
    if (isinstance(error, OSError) and error.errno == errno.EIO) or "disk i/o" in text:
        return "io-error"
    return None


def failure_reason(db: sqlite_utils.Database, path: str) -> str | None:
    row = db.execute("select reason from failures where path = ?", [path]).fetchone()
    return row[0] if row else None


def outstanding_failures(db: sqlite_utils.Database, roots: Iterable[str]) -> int:
    """Files under `roots` whose last attempt failed (this run or an earlier one)."""
    return len(failures_under(db, roots))


def failures_under(db: sqlite_utils.Database, roots: Iterable[str]
                   ) -> list[tuple[str, str, str, str]]:
    """(path, stage, reason, message) of each file under `roots` whose last attempt failed, in
    path order: a run that did not retry them still names them."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for root in roots:
        prefix = str(root).rstrip("/")
        for row in db.execute("select path, stage, reason, message from failures "
                              "where path = ? or path like ?", [prefix, prefix + "/%"]):
            found[row[0]] = (row[0], row[1], row[2], row[3])
    return [found[path] for path in sorted(found)]


def touch_file(db: sqlite_utils.Database, path: str, mtime: float) -> None:
    """A file touched with the same content: remember its new time, so it is not hashed again."""
    db.table("files").update(path, {"mtime": mtime})


def record_failure(db: sqlite_utils.Database, path: str, stage: str, reason: str, message: str,
                   sha256: str | None = None, size: int | None = None,
                   mtime: float | None = None) -> None:
    """A file that could not be used: the reason, and its size and time so that a later run
    notices when it changes (a previously written version of it stays until then)."""
    with db.atomic():
        db.table("failures").upsert({"path": path, "stage": stage, "reason": reason,
                               "message": message, "at": now()}, pk="path")
        db.table("files").upsert({"path": path, "sha256": sha256, "size": size, "mtime": mtime,
                            "status": "failed", "updated_at": now()}, pk="path")


def mark_removed(db: sqlite_utils.Database, present: set[str], roots: Iterable[str]) -> list[str]:
    """Files recorded under `roots` that are no longer on disk: their documents go, the file
    row stays with status `removed`."""
    removed = []
    for root in roots:
        prefix = str(root).rstrip("/")
        for row in db["files"].rows_where("path = ? or path like ?", [prefix, prefix + "/%"]):
            if row["path"] not in present and row["status"] != "removed":
                with db.atomic():
                    if row.get("document_id") and row.get("role") != "part":
                        _remove_file_document(db, row["document_id"], row["path"])
                    db.table("files").update(row["path"], {"status": "removed", "document_id": None,
                                                     "updated_at": now()})
                removed.append(row["path"])
    return removed


def _remove_file_document(db: sqlite_utils.Database, document_id: str, path: str) -> None:
    """A file is gone. Its document stays if another file holds it (the same content, or a copy:
    the first copy becomes its text); otherwise it goes, and comes back as a stub while other
    documents still cite it; the files that were parts of it are read again
    (`_release_parts`)."""
    others = [r["path"] for r in db.query(
        "select path from files where document_id = ? and path != ? and status = 'ok' "
        "and role != 'part' order by role = 'copy', path", [document_id, path])]
    if others:
        db.table("documents").update(document_id, {"path": others[0]})
        db.table("files").update(others[0], {"role": "text", "similarity": None})
        return
    row = next(iter(db.query("select * from documents where id = ?", [document_id])), None)
    _release_parts(db, [document_id])
    _delete_document(db, document_id)
    cited = db.execute("select 1 from edges where dst = ? limit 1", [document_id]).fetchone()
    if row is not None and cited:
        db.table("documents").insert(make.stub_from_document(row))


# ------------------------------------------------------------------ documents
def write_document(db: sqlite_utils.Database, doc: ExtractedDocument, path: str,
                   size: int = 0, mtime: float = 0.0, seconds: float = 0.0, *,
                   resources: Resources | None = None,
                   sketch: Sequence[int] | None = None,
                   rows: make.DocumentRows | None = None, parts: bool = True) -> str:
    """Replace whatever `path` held with `doc`, in one transaction. Returns the document id.

    A file that is a copy of a stored document (`copies`: nothing tells them apart, their texts
    are near-identical) joins it: if it reads better it becomes the document's text and the old
    text a copy, else it is recorded as a copy and nothing else is written. A file that is a
    part of a stored document (`copies.contained`: an appendix published alone) is recorded as a
    `part` of it and nothing else is written; a stored document that is a part of the new file
    gives way to it, its files becoming parts. A file with the identity of a stored document
    but other content stays apart (`ID~hash`) with a problem `same-identity`. `resources`
    (default `load_resources()`): the gazetteer names bodies, the knowledge base describes
    stubs; `sketch`: the text's `copies.sketch`, and `rows`: its rows (`rows.document_rows`),
    if a worker made them; `parts=False` keeps parts apart (`batch.ingest_paths`)."""
    resources = resources if resources is not None else load_resources()
    previous = file_state(db, path)
    hashes = list(sketch) if sketch is not None else copies.sketch(doc.source.text)
    with db.atomic():
        found = _twin(db, doc, path, hashes, parts)
        twin, similarity = found.twin, found.similarity
        if found.whole is not None:
            _detach(db, previous, path, found.whole["id"])
            _file_row(db, doc, path, size, mtime, seconds, found.whole["id"], "part",
                      found.similarity)
            return str(found.whole["id"])
        if twin is not None and not copies.reads_better(_reading(doc, path),
                                                        _stored_reading(db, twin)):
            _detach(db, previous, path, twin["id"])
            _file_row(db, doc, path, size, mtime, seconds, twin["id"], "copy", similarity)
            return str(twin["id"])
        document_id = doc.id if twin is not None else _unique_id(db, doc, path)
        _detach(db, previous, path, document_id)
        replaced = [document_id] + ([twin["id"]] if twin is not None else [])
        held = [(row["id"], share) for row, share in found.parts if row["id"] not in replaced]
        _release_parts(db, replaced)
        old_targets = _cited_by(db, replaced + [part for part, _ in held])
        for old in replaced + [part for part, _ in held]:
            _delete_document(db, old)
        _insert_document(db, doc, document_id, path, hashes, resources, rows)
        if found.namesake is not None:
            db.table("problems").insert(_namesake_problem(doc, document_id, found.namesake))
        _drop_orphan_stubs(db, old_targets)
        if twin is not None:  # the old text and its copies are copies of this one now
            db.conn.execute("update files set document_id = ?, role = 'copy', similarity = ? "
                            "where document_id = ? and path != ? and role != 'part'",
                            [document_id, similarity, twin["id"], path])
        for part, share in held:  # a stored document that this one holds, and its copies
            db.conn.execute("update files set document_id = ?, role = 'part', similarity = ? "
                            "where document_id = ? and path != ?",
                            [document_id, share, part, path])
        _file_row(db, doc, path, size, mtime, seconds, document_id, "text", None)
    return document_id


def _release_parts(db: sqlite_utils.Database, document_ids: list[str]) -> None:
    """The files that were parts of documents now rewritten or gone are read again (status
    `stale`: `stale_parts`, the batch's next round, or the next run over their folder): the new
    text may not hold them. A part whose last reading failed stays failed (retried as any
    failure is), only no longer a part."""
    for document_id in document_ids:
        db.conn.execute("update files set status = case status when 'ok' then 'stale' "
                        "else status end, document_id = null, similarity = null "
                        "where document_id = ? and role = 'part'", [document_id])


def stale_parts(db: sqlite_utils.Database, roots: Iterable[str]) -> list[str]:
    """Files under `roots` (`/`: anywhere) that were parts of a document since rewritten or
    removed."""
    found: list[str] = []
    for root in roots:
        prefix = str(root).rstrip("/")
        found += [row[0] for row in db.execute(
            "select path from files where status = 'stale' and (path = ? or path like ?) "
            "order by path", [prefix, prefix + "/%"])]
    return found


def _insert_document(db: sqlite_utils.Database, doc: ExtractedDocument, document_id: str,
                     path: str, hashes: list[int], resources: Resources,
                     prepared: make.DocumentRows | None) -> None:
    """The rows of one document (the caller removed what was there): those the worker
    `prepared` if they are for this id and path, else built here."""
    alignments.mark_stale(db)
    summary.mark_stale(db)
    if prepared is None or (prepared.document_id, prepared.path) != (document_id, path):
        prepared = make.document_rows(doc, document_id, path, resources.gazetteer)
    conflicts = {"documents": "or replace", "body_mentions": "or replace"}
    for table, rows in prepared.tables:
        insert_rows(db, table, rows, conflicts.get(table, ""))
    index_tasks(db, document_id)
    insert_rows(db, "fingerprints", ({"document_id": document_id, "hash": value}
                                     for value in hashes[:copies.SKETCH]))
    loose = int(copies.may_be_part(doc.meta.symbol, doc.meta.date))
    insert_rows(db, "samples", ({"document_id": document_id, "hash": value, "loose": loose}
                                for value in copies.sampled(hashes)))
    _write_bodies(db, prepared.bodies)
    _ensure_stubs(db, doc, resources.kb)


def index_tasks(db: sqlite_utils.Database, document_id: str) -> None:
    """A document's tasks into the full-text index, in the transaction that wrote them (the
    index has no insert trigger: migration m008)."""
    db.conn.execute('insert into "tasks_fts" (rowid, "search_text") select rowid, search_text '
                    "from tasks where document_id = ?", [document_id])


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict[str, Any]],
                conflict: str = "") -> None:
    """Rows into a table in one `executemany`: sqlite-utils' `insert_all` spends more time
    building its statements and checking values than SQLite spends writing (issue 17). Values
    go in as given (`rows` encodes lists as JSON); `conflict` is `or replace` or `or ignore`."""
    rows = list(rows)
    if not rows:
        return
    keys = rows[0].keys()  # one builder makes a table's rows: the same keys
    columns = list(keys)
    if all(row.keys() == keys for row in rows):
        pick = itemgetter(*columns)
        values = [pick(row) for row in rows] if len(columns) > 1 else [
            (pick(row),) for row in rows]
    else:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        values = [tuple(row.get(column) for column in columns) for row in rows]
    names = ", ".join(f"[{column}]" for column in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"insert {conflict} into [{table}] ({names}) values ({marks})", values)


def _file_row(db: sqlite_utils.Database, doc: ExtractedDocument, path: str, size: int,
              mtime: float, seconds: float, document_id: str, role: str,
              similarity: float | None) -> None:
    db.table("files").upsert({
        "path": path, "sha256": doc.source.sha256, "size": size, "mtime": mtime,
        "status": "ok", "document_id": document_id, "format": doc.source.format,
        "pages": doc.source.pages, "seconds": round(seconds, 4), "updated_at": now(),
        "role": role, "similarity": similarity,
    }, pk="path")
    db.table("failures").delete_where("path = ?", [path])


@dataclass(frozen=True)
class _Found:
    """What the store holds of a new file: the document it is a copy of (`twin`, how near) or a
    part of (`whole`), the stored documents that are parts of it, and a stored document of
    another file with its identity but not its text (`namesake`)."""

    twin: dict[str, Any] | None = None
    similarity: float | None = None
    whole: dict[str, Any] | None = None
    parts: tuple[tuple[dict[str, Any], float], ...] = ()
    namesake: dict[str, Any] | None = None


def _twin(db: sqlite_utils.Database, doc: ExtractedDocument, path: str, hashes: list[int],
          parts_too: bool = True) -> _Found:
    """The stored documents a new file is a copy or part of, or that are parts of it (a part
    has no identity of its own, neither number nor date: a version with a passage added holds
    the version before it, and both stay documents, `same-identity`). Copies are looked for
    among the `MAX_CANDIDATES` documents sharing most of the sketch (a copy shares nearly all
    of it; a store of plans from one template would otherwise compare each new plan with all);
    wholes and parts by the sampled hashes (`store.copies.sampled`: a part's are all in its
    whole's), parts among the stored documents without an identity only."""
    candidates = _sharing(db, hashes[:copies.SKETCH], copies.MIN_SKETCH_SHARED)
    namesake = next(iter(db.query("select * from documents where id = ? and ingested = 1",
                                  [doc.id])), None)
    if namesake is not None and namesake["id"] not in candidates:
        candidates.append(namesake["id"])
    meta = {"symbol": doc.meta.symbol, "date": doc.meta.date, "kind": doc.meta.kind}
    for row in _stored(db, candidates, path, meta):
        strict = not (doc.meta.symbol and row["symbol"])  # no symbol vouches for the pair
        similarity = copies.near_identical(doc.source.text, row["text"] or "", strict)
        if similarity is not None:
            return _Found(twin=row, similarity=similarity)
    parts: list[tuple[dict[str, Any], float]] = []
    if parts_too:
        whole, parts = _whole_and_parts(db, doc, path, copies.sampled(hashes))
        if whole is not None:
            return _Found(whole=whole[0], similarity=whole[1])
    if namesake is not None and namesake["path"] != path and namesake["id"] not in {
            row["id"] for row, _ in parts}:
        return _Found(parts=tuple(parts), namesake=namesake)
    return _Found(parts=tuple(parts))


def _whole_and_parts(db: sqlite_utils.Database, doc: ExtractedDocument, path: str,
                     sampled: list[int]
                     ) -> tuple[tuple[dict[str, Any], float] | None,
                                list[tuple[dict[str, Any], float]]]:
    """The stored document `doc` is a part of, if it may be one (no identity of its own), and
    the stored documents without an identity that are parts of it, with their shares."""
    if copies.may_be_part(doc.meta.symbol, doc.meta.date):
        wholes = _sharing(db, sampled, max(copies.MIN_PART_SAMPLES, len(sampled) // 2),
                          loose=False)
        for row in _stored(db, wholes, path):
            share = copies.contained(doc.source.text, row["text"] or "", True)
            if share is not None:
                return (row, share), []
    found = []
    held = _sharing(db, sampled, copies.MIN_PART_SAMPLES, loose=True)
    for row in _stored(db, held, path):
        share = copies.contained(row["text"] or "", doc.source.text, True)
        if share is not None:
            found.append((row, share))
    return None, found


def _stored(db: sqlite_utils.Database, ids: list[str], path: str,
            meta: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """The stored documents of `ids` held by another file than `path` that nothing tells apart
    from a new file of identity `meta` (None: a part and its whole, whose kinds may differ: a
    plan attached to the decision that issues it)."""
    for document_id in ids:
        row = next(iter(db.query("select * from documents where id = ? and ingested = 1 "
                                 "and path != ?", [document_id, path])), None)
        if row is not None and (meta is None or copies.compatible(meta, row)):
            yield row


def _sharing(db: sqlite_utils.Database, hashes: list[int], least: int,
             loose: bool | None = None) -> list[str]:
    """The stored documents sharing at least `least` of `hashes`, those sharing most first, at
    most `MAX_CANDIDATES` (with `loose=True`: all that share half their samples or more, a
    part's being all in its whole's, boilerplate a few): from the sketches (`fingerprints`), or from
    the samples of documents without an identity (`loose=True`) or of all (`False`). Each hash
    is looked up for its `PER_HASH` latest documents only: in a store of plans from one
    template a run is shared by thousands and counting them all made every write slower than
    the last (10,000 generated plans: 77 ms a document). `_CHUNK` hashes a statement: SQLite
    joins at most 500 selects in one, and a law samples thousands of hashes."""
    shared: dict[str, list[int]] = {}  # document → [hashes shared, first met]
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start:start + _CHUNK]
        for document_id, count, first in db.execute(_sharing_query(len(chunk), loose),
                                                    [*chunk, copies.PER_HASH, start]):
            seen = shared.setdefault(document_id, [0, first])
            seen[0] += count
            seen[1] = min(seen[1], first)
    found = [(-count, first, document_id) for document_id, (count, first) in shared.items()
             if count >= least]
    if loose:  # every part a whole holds: the documents with half their samples shared or more
        return [document_id for count, _, document_id in sorted(found)
                if -count * 2 >= _samples_of(db, document_id)]
    return [document_id for _, _, document_id in sorted(found)[:copies.MAX_CANDIDATES]]


def _samples_of(db: sqlite_utils.Database, document_id: str) -> int:
    return int(db.execute("select count(*) from samples where document_id = ?",
                          [document_id]).fetchone()[0])


_CHUNK = 400


@lru_cache(maxsize=32)
def _sharing_query(hashes: int, loose: bool | None = None) -> str:
    """One statement for `hashes` hashes (a query per hash was 2 ms a document): each hash's
    latest `PER_HASH` documents, counted; with the order they are first met, hash by hash
    (offset by the chunk's start), latest first (the order `Counter.most_common` gave), to
    break ties."""
    table = "fingerprints" if loose is None else "samples"
    where = " and loose = 1" if loose else ""
    part = ("select * from (select document_id, {i} as part, rowid as r from " + table +
            " where hash = ?{n}" + where + " order by rowid desc limit ?{limit})")
    union = " union all ".join(part.format(i=i, n=i + 1, limit=hashes + 1)
                               for i in range(hashes))
    return (f"select document_id, count(*), min((part + ?{hashes + 2}) * {1 << 40} - r) "
            f"from ({union}) group by document_id")


def _reading(doc: ExtractedDocument, path: str) -> copies.Reading:
    return copies.Reading(path, doc.source.format, doc.meta.symbol, doc.meta.date,
                          frozenset(p.code for p in doc.problems))


def _stored_reading(db: sqlite_utils.Database, row: dict[str, Any]) -> copies.Reading:
    codes = frozenset(r[0] for r in db.execute(
        "select code from problems where document_id = ?", [row["id"]]))
    return copies.Reading(row["path"], row["format"], row["symbol"], row["date"], codes)


def _detach(db: sqlite_utils.Database, previous: dict[str, Any] | None, path: str,
            keep: str) -> None:
    """`path` no longer holds the document it held before (unless that is `keep`): the
    document stays if other files hold it, else it goes (`_remove_file_document`)."""
    old = (previous or {}).get("document_id")
    if old and old != keep and (previous or {}).get("role") != "part":  # a part never held it
        _remove_file_document(db, old, path)


def _namesake_problem(doc: ExtractedDocument, document_id: str,
                      namesake: dict[str, Any]) -> dict[str, Any]:
    return {"document_id": document_id, "idx": len(doc.problems), "stage": "store",
            "code": "same-identity", "start": None, "end": None, "message": (
                f"{namesake['path']} has the same identity ({namesake['id']}) but other "
                f"content: kept apart as {document_id}")}


def _unique_id(db: sqlite_utils.Database, doc: ExtractedDocument, path: str) -> str:
    """Two different files may carry the same symbol and date (copies, versions)."""
    candidate = doc.id
    rows = list(db["documents"].rows_where("id = ? and ingested = 1", [candidate]))
    if rows and rows[0]["path"] != path and rows[0]["sha256"] != doc.source.sha256:
        return f"{candidate}~{doc.source.sha256[:8]}"
    return candidate


def _delete_document(db: sqlite_utils.Database, document_id: str) -> None:
    """Every row of a document (nothing to do for an id the store has never seen: a new
    file's document, the common case in a batch, costs one look-up)."""
    if db.execute("select 1 from documents where id = ?", [document_id]).fetchone() is None:
        return
    task_ids = [r["id"] for r in db["tasks"].rows_where("document_id = ?", [document_id],
                                                          select="id")]
    for chunk in range(0, len(task_ids), 500):
        ids = task_ids[chunk:chunk + 500]
        db.conn.execute(f"delete from task_roles where task_id in ({','.join('?' * len(ids))})", ids)
    for table in ("tasks", "sections", "references", "body_mentions", "edges", "problems",
                  "fingerprints", "samples"):
        db.table(table).delete_where("document_id = ?", [document_id])
    db.table("edges").delete_where("src = ? and type = 'issued_by'", [document_id])
    alignments.forget(db, document_id)
    summary.mark_stale(db)
    db.table("documents").delete_where("id = ?", [document_id])


def _write_bodies(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in rows]
    current: dict[str, str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        current.update(db.execute(
            f"select id, name from bodies where id in ({','.join('?' * len(part))})", part))
    fresh = [row for row in rows if row["id"] not in current]
    better = [row for row in rows if row["id"] in current
              and make.better_name(row["name"], current[row["id"]])]
    insert_rows(db, "bodies", fresh, "or ignore")
    for row in better:
        db.table("bodies").update(row["id"], {"name": row["name"]})
    known = [row for row in rows if row["id"] in current and row["level"] is not None]
    for row in known:  # a level is the gazetteer's, the same whoever names it first
        db.conn.execute("update bodies set level = ? where id = ? and level is null",
                        [row["level"], row["id"]])


def _ensure_stubs(db: sqlite_utils.Database, doc: ExtractedDocument, kb: KnowledgeBase) -> None:
    """Documents cited but not ingested become stub nodes (facts from the citation and the
    knowledge base)."""
    wanted = make.cited_targets(doc)
    if not wanted:
        return
    keys = list(wanted)
    known_ids: set[str] = set()
    for chunk in range(0, len(keys), 500):
        part = keys[chunk:chunk + 500]
        known_ids |= {row[0] for row in db.conn.execute(
            f"select id from documents where id in ({','.join('?' * len(part))})", part)}
    rows = [make.stub_row(key, reference, kb.documents.get(key))
            for key, reference in wanted.items() if key not in known_ids]
    insert_rows(db, "documents", rows, "or ignore")


# ------------------------------------------------------------------ cross-document resolution
def reresolve(db: sqlite_utils.Database) -> int:
    """Point references at documents learned or ingested since they were written (the rule:
    `rows.resolution_moves`). Returns how many references moved."""
    stale = [(row["old"], row["symbol"]) for row in db.query("""
        select distinct r.target as old, r.symbol as symbol from "references" r
        where r.symbol is not null and r.target is not null
          and (r.target = 'stub:' || r.symbol or r.target = r.symbol)""")]
    known: dict[str, list[str]] = {}
    for symbol in {symbol for _, symbol in stale}:
        known[symbol] = [d["id"] for d in db.query(
            "select id from documents where symbol = ?", [symbol])]
    moves = make.resolution_moves(stale, known)
    if not moves:
        return 0
    moved = 0
    with db.atomic():
        for old, new in moves.items():
            cursor = db.conn.execute(
                """update "references" set target = ?, status = 'resolved', method = 'learned'
                   where target = ?""", [new, old])
            moved += cursor.rowcount
            db.conn.execute("update edges set dst = ? where dst = ?", [new, old])
            db.conn.execute("update edges set src = ? where src = ?", [new, old])
            _rewrite_task_sources(db, old, new)
        _drop_orphan_stubs(db)
        alignments.mark_stale(db)
        summary.mark_stale(db)
    return moved


def _rewrite_task_sources(db: sqlite_utils.Database, old: str, new: str) -> None:
    pattern = json.dumps(old, ensure_ascii=False)
    for row in db.query("select id, sources from tasks where sources like ?",
                        ["%" + pattern + "%"]):
        sources = [new if s == old else s for s in json.loads(row["sources"])]
        db.table("tasks").update(row["id"], {"sources": json.dumps(list(dict.fromkeys(sources)),
                                                             ensure_ascii=False)})


def _cited_by(db: sqlite_utils.Database, document_ids: list[str]) -> set[str]:
    """What these documents (and their tasks) point at: stubs that may be left uncited."""
    found: set[str] = set()
    for document_id in document_ids:
        found |= {r[0] for r in db.execute(
            "select dst from edges where document_id = ?", [document_id])}
    return found


def _drop_orphan_stubs(db: sqlite_utils.Database, candidates: Iterable[str] | None = None) -> None:
    """Stubs no edge and no reference points at any more (all of them, or among `candidates`)."""
    condition = """ingested = 0 and id not in (select dst from edges)
          and id not in (select src from edges)
          and id not in (select target from "references" where target is not null)"""
    if candidates is None:
        db.conn.execute(f"delete from documents where {condition}")
        return
    for candidate in candidates:
        db.conn.execute(f"delete from documents where id = ? and {condition}", [candidate])
