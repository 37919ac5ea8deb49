"""The SQLite store (sqlite-utils): the only module, with `migrations`, that writes SQL.

Writing a document is one transaction: its old rows go, its new rows come, or nothing changes.
Re-ingesting the same content is a no-op; a changed file replaces its rows. Full-text search
matches without diacritics and in either tone-mark convention (`to chuc` finds `tổ chức`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .migrations import migrate
from .normalize import fold, strip_diacritics
from .records import ExtractedDocument, Reference, Task
from .symbols import CENTRAL_ISSUERS, SYMBOL, parse_symbol

DEFAULT_DB = Path("outputs") / "directives.db"
# SQLite's page cache per connection (the default is 2 MB). Writing a document updates a dozen
# indexes and two full-text indexes at scattered pages: on 10,000 documents (1 GB) a 128 MB cache
# halves the time per document (45 → 23 ms; 32 MB does not help). Pages are taken as needed.
CACHE_MB = 128
ROLE_FIELDS = ("lead", "coordinate", "report_to", "via")


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
    migrate(db)
    return db


def search_key(text: str) -> str:
    """What FTS indexes and queries with: folded, diacritics removed."""
    return strip_diacritics(fold(text))


def fts_query(words: str) -> str:
    """A user's words → an FTS5 query of quoted terms (all must match)."""
    terms = [t for t in search_key(words).replace('"', " ").split() if t]
    return " ".join(f'"{t}"' for t in terms)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ files
def file_state(db: sqlite_utils.Database, path: str) -> dict[str, Any] | None:
    rows = list(db["files"].rows_where("path = ?", [path]))
    return rows[0] if rows else None


def record_failure(db: sqlite_utils.Database, path: str, stage: str, reason: str, message: str,
                   sha256: str | None = None, size: int | None = None,
                   mtime: float | None = None) -> None:
    """A file that could not be used: the reason, and its size and time so that a later run
    notices when it changes (a previously written version of it stays until then)."""
    with db.atomic():
        db["failures"].upsert({"path": path, "stage": stage, "reason": reason,
                               "message": message, "at": now()}, pk="path")
        db["files"].upsert({"path": path, "sha256": sha256, "size": size, "mtime": mtime,
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
                    if row.get("document_id"):
                        _remove_file_document(db, row["document_id"], row["path"])
                    db["files"].update(row["path"], {"status": "removed", "document_id": None,
                                                     "updated_at": now()})
                removed.append(row["path"])
    return removed


def _remove_file_document(db: sqlite_utils.Database, document_id: str, path: str) -> None:
    """A file is gone. Its document stays if another file holds the same content; otherwise
    it goes, and comes back as a stub while other documents still cite it."""
    others = [r["path"] for r in db.query(
        "select path from files where document_id = ? and path != ? and status = 'ok' "
        "order by path", [document_id, path])]
    if others:
        db["documents"].update(document_id, {"path": others[0]})
        return
    row = next(iter(db.query("select * from documents where id = ?", [document_id])), None)
    _delete_document(db, document_id)
    cited = db.execute("select 1 from edges where dst = ? limit 1", [document_id]).fetchone()
    if row is not None and cited:
        db["documents"].insert(_stub_from_document(row))


# ------------------------------------------------------------------ documents
def document_level(symbol: str | None, issuer: str | None) -> str:
    if symbol:
        match = SYMBOL.fullmatch(symbol)
        parsed = parse_symbol(match) if match else None
        if parsed is not None and parsed.central:
            return "central"
        code = (parsed.issuer_code or "") if parsed else ""
        if code.startswith(("HU", "QU", "TXU")) or code in {"HU", "QU"}:
            return "district"
        if code:
            return "provincial"
    issuer_folded = fold(issuer or "")
    if any(w in issuer_folded for w in ("trung ương", "bộ chính trị", "ban bí thư", "chính phủ",
                                        "thủ tướng", "quốc hội")):
        return "central"
    if any(w in issuer_folded for w in ("huyện", "quận", "thị xã")):
        return "district"
    return "provincial" if issuer_folded else "unknown"


def write_document(db: sqlite_utils.Database, doc: ExtractedDocument, path: str,
                   size: int = 0, mtime: float = 0.0, seconds: float = 0.0) -> str:
    """Replace whatever `path` held with `doc`, in one transaction. Returns the document id."""
    previous = file_state(db, path)
    document_id = _unique_id(db, doc, path)
    with db.atomic():
        old_ids = [i for i in ((previous or {}).get("document_id"), document_id) if i]
        old_targets = _cited_by(db, old_ids)
        for old in old_ids:
            _delete_document(db, old)
        db["documents"].insert(_document_row(doc, document_id, path), replace=True)
        db["sections"].insert_all(_section_rows(doc, document_id))
        db["references"].insert_all(_reference_rows(doc, document_id))
        db["tasks"].insert_all(_task_rows(doc, document_id))
        db["task_roles"].insert_all(_role_rows(doc, document_id))
        db["body_mentions"].insert_all(_mention_rows(doc, document_id), replace=True)
        _write_bodies(db, _body_rows(doc))
        db["edges"].insert_all(_edge_rows(doc, document_id))
        _ensure_stubs(db, doc)
        _drop_orphan_stubs(db, old_targets)
        db["files"].upsert({
            "path": path, "sha256": doc.source.sha256, "size": size, "mtime": mtime,
            "status": "ok", "document_id": document_id, "format": doc.source.format,
            "pages": doc.source.pages, "seconds": round(seconds, 4), "updated_at": now(),
        }, pk="path")
        db["failures"].delete_where("path = ?", [path])
    return document_id


def _unique_id(db: sqlite_utils.Database, doc: ExtractedDocument, path: str) -> str:
    """Two different files may carry the same symbol and date (copies, versions)."""
    candidate = doc.id
    rows = list(db["documents"].rows_where("id = ? and ingested = 1", [candidate]))
    if rows and rows[0]["path"] != path and rows[0]["sha256"] != doc.source.sha256:
        return f"{candidate}~{doc.source.sha256[:8]}"
    return candidate


def _delete_document(db: sqlite_utils.Database, document_id: str) -> None:
    task_ids = [r["id"] for r in db["tasks"].rows_where("document_id = ?", [document_id],
                                                          select="id")]
    for chunk in range(0, len(task_ids), 500):
        ids = task_ids[chunk:chunk + 500]
        db.conn.execute(f"delete from task_roles where task_id in ({','.join('?' * len(ids))})", ids)
    for table in ("tasks", "sections", "references", "body_mentions", "edges"):
        db[table].delete_where("document_id = ?", [document_id])
    db["edges"].delete_where("src = ? and type = 'issued_by'", [document_id])
    db["documents"].delete_where("id = ?", [document_id])


def _document_row(doc: ExtractedDocument, document_id: str, path: str) -> dict[str, Any]:
    meta = doc.meta
    text = doc.source.text
    return {
        "id": document_id, "sha256": doc.source.sha256, "path": path, "format": doc.source.format,
        "ingested": 1, "kind": meta.kind, "symbol": meta.symbol, "number": meta.number,
        "kind_code": meta.kind_code, "issuer_code": meta.issuer_code, "date": meta.date,
        "year": meta.year, "issuer": meta.issuer, "issuer_body": _issuer_body(doc),
        "place": meta.place, "jurisdiction": meta.jurisdiction,
        "level": document_level(meta.symbol, meta.issuer), "title": meta.title,
        "signer": json.dumps(_plain(meta.signer), ensure_ascii=False),
        "recipients": json.dumps(list(meta.recipients), ensure_ascii=False),
        "characters": len(text), "text": text,
        "search_text": search_key(" ".join(filter(None, [meta.title, text[:20000]]))),
    }


def _issuer_body(doc: ExtractedDocument) -> str | None:
    """The longest body mention whose words are the issuer's (or inside them)."""
    issuer = fold(doc.meta.issuer or "")
    if not issuer:
        return None
    inside = [b for b in doc.bodies if b.id and not b.group and fold(b.text) and fold(b.text) in issuer]
    return max(inside, key=lambda b: len(b.text)).id if inside else None


def _plain(value: Any) -> Any:
    from .records import to_jsonable

    return to_jsonable(value)


def _section_rows(doc: ExtractedDocument, document_id: str) -> list[dict[str, Any]]:
    return [{"document_id": document_id, "path": s.path, "level": s.level, "kind": s.kind,
             "marker": s.marker, "heading": s.heading, "start": s.start, "end": s.end,
             "parent": s.parent} for s in doc.sections]


def target_key(reference: Reference) -> str | None:
    """Where a reference points in the graph: its target, or a stub for its symbol."""
    if reference.target:
        return reference.target
    if reference.symbol:
        return f"stub:{reference.symbol}"
    return None


def _reference_rows(doc: ExtractedDocument, document_id: str) -> list[dict[str, Any]]:
    rows = []
    for index, r in enumerate(doc.references):
        rows.append({
            "document_id": document_id, "idx": index, "start": r.start, "end": r.end,
            "text": r.text, "form": r.form, "symbol": r.symbol, "kind": r.kind, "date": r.date,
            "issuer": r.issuer, "term": r.term, "title": r.title, "status": r.status,
            "target": document_id if r.target == "self" else target_key(r),
            "method": r.method,
            "candidates": json.dumps([c.id for c in r.candidates], ensure_ascii=False),
            "implements": int(r.implements), "implemented_by": r.implemented_by,
        })
    return rows


def task_key(document_id: str, task: Task) -> str:
    return f"{document_id}#{task.id}"


def _task_rows(doc: ExtractedDocument, document_id: str) -> list[dict[str, Any]]:
    rows = []
    for task in doc.tasks:
        deadline = task.deadline
        rows.append({
            "id": task_key(document_id, task), "document_id": document_id, "local_id": task.id,
            "section": task.section, "kind": task.kind, "text": task.text, "start": task.start,
            "end": task.end, "verbs": json.dumps(list(task.verbs), ensure_ascii=False),
            "deadline_text": deadline.text if deadline else None,
            "deadline_type": deadline.type if deadline else None,
            "deadline_date": deadline.date if deadline else None,
            "deadline_year": (deadline.year or deadline.end_year) if deadline else None,
            "deadline": json.dumps(_plain(deadline), ensure_ascii=False) if deadline else None,
            "sources": json.dumps(list(task.sources), ensure_ascii=False),
            "search_text": search_key(task.text),
        })
    return rows


def _role_rows(doc: ExtractedDocument, document_id: str) -> list[dict[str, Any]]:
    rows = []
    for task in doc.tasks:
        for role in ROLE_FIELDS:
            for filler in getattr(task, role):
                rows.append({"task_id": task_key(document_id, task), "role": role,
                             "body_id": filler.id, "text": filler.text,
                             "inherited": int(filler.inherited)})
    return rows


def _mention_rows(doc: ExtractedDocument, document_id: str) -> list[dict[str, Any]]:
    return [{"document_id": document_id, "start": b.start, "end": b.end, "text": b.text,
             "body_id": b.id} for b in doc.bodies]


def _body_rows(doc: ExtractedDocument) -> list[dict[str, Any]]:
    """Bodies named in the document: each with the best name this document offers (see
    `_better_name`); groups and inherited roles take the gazetteer's name."""
    from .bodies import display_name
    from .normalize import squash

    best: dict[str, dict[str, Any]] = {}

    def offer(body_id: str, name: str, level: str | None, is_group: bool) -> None:
        row = best.get(body_id)
        if row is None or _better_name(name, row["name"]):
            best[body_id] = {"id": body_id, "name": name, "level": level,
                             "is_group": int(is_group)}

    for body in doc.bodies:
        if body.id:
            name = display_name(body.id) if body.group else squash(body.text)
            offer(body.id, name, body.level, body.group)
    for task in doc.tasks:
        for role in ROLE_FIELDS:
            for filler in getattr(task, role):
                if filler.id:
                    group = "/group/" in filler.id or filler.id.startswith("generic/")
                    name = (display_name(filler.id) if group or not filler.text
                            else squash(filler.text))
                    offer(filler.id, name, None, group)
    return list(best.values())


def _better_name(candidate: str, current: str) -> bool:
    """A total order on names, so the name kept does not depend on the order documents are
    written in: not all capitals first, then the shorter, then alphabetical."""
    def key(name: str) -> tuple[bool, int, str]:
        return (name.isupper(), len(name), name)

    return key(candidate) < key(current)


def _write_bodies(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in rows]
    current: dict[str, str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        current.update(db.execute(
            f"select id, name from bodies where id in ({','.join('?' * len(part))})", part))
    fresh = [row for row in rows if row["id"] not in current]
    better = [row for row in rows if row["id"] in current
              and _better_name(row["name"], current[row["id"]])]
    db["bodies"].insert_all(fresh, ignore=True)
    for row in better:
        db["bodies"].update(row["id"], {"name": row["name"]})


def _edge_rows(doc: ExtractedDocument, document_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(src: str, dst: str, kind: str, evidence: Reference | None, method: str,
            rank: int = 0) -> None:
        if (src, dst, kind) in seen or src == dst:
            return
        seen.add((src, dst, kind))
        rows.append({"src": src, "dst": dst, "type": kind, "document_id": document_id,
                     "evidence_start": evidence.start if evidence else None,
                     "evidence_end": evidence.end if evidence else None,
                     "evidence": evidence.text if evidence else None, "method": method,
                     "rank": rank})

    refs = doc.references
    for reference in refs:
        dst = target_key(reference)
        if dst is None or reference.target == "self":
            continue
        if reference.implements:
            add(document_id, dst, "implements", reference, "title-or-opening")
        if reference.implemented_by is not None:
            implementer = target_key(refs[reference.implemented_by])
            if implementer and refs[reference.implemented_by].target != "self":
                add(implementer, dst, "implements", reference, "opening-chain")
        add(document_id, dst, "cites", reference, reference.method or "citation")
    for task in doc.tasks:
        for rank, source in enumerate(task.sources):
            evidence = next((refs[i] for i in task.reference_ids if target_key(refs[i]) == source),
                            None)
            add(task_key(document_id, task), source, "derives_from", evidence,
                "task-citation" if evidence is not None else "document-implements", rank)
    issuer = _issuer_body(doc)
    if issuer:
        add(document_id, issuer, "issued_by", None, "issuer-mention")
    return rows


def _stub_from_document(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "ingested": 0, "symbol": row["symbol"], "kind": row["kind"],
            "date": row["date"], "year": row["year"], "issuer": row["issuer"],
            "title": row["title"], "level": row["level"],
            "search_text": search_key(" ".join(filter(None, [row["symbol"], row["title"]])))}


def _ensure_stubs(db: sqlite_utils.Database, doc: ExtractedDocument) -> None:
    """Documents cited but not ingested become stub nodes (facts from the citation and the
    knowledge base)."""
    from .knowledge import load_default_kb

    wanted: dict[str, Reference] = {}
    for reference in doc.references:
        key = target_key(reference)
        if key is not None and reference.target != "self":
            wanted.setdefault(key, reference)
    if not wanted:
        return
    keys = list(wanted)
    known_ids: set[str] = set()
    for chunk in range(0, len(keys), 500):
        part = keys[chunk:chunk + 500]
        known_ids |= {row[0] for row in db.conn.execute(
            f"select id from documents where id in ({','.join('?' * len(part))})", part)}
    kb = load_default_kb()
    rows = [_stub_row(key, reference, kb.documents.get(key))
            for key, reference in wanted.items() if key not in known_ids]
    db["documents"].insert_all(rows, ignore=True)


def _stub_row(key: str, reference: Reference, known: Any) -> dict[str, Any]:
    """A stub's facts come from its id and the knowledge base only, never from the wording of
    whichever citing document happened to be written first (so the order does not matter)."""
    symbol = reference.symbol or (known.symbol if known else None)
    date = (known.date if known else None) or (key.split("@", 1)[1] if "@" in key else None)
    kind = (known.kind if known else None) or _kind_of_symbol(symbol) or reference.kind
    title = known.title if known else None
    return {
        "id": key, "ingested": 0, "symbol": symbol, "kind": kind,
        "date": date if date and len(date) == 10 else None,
        "year": int(date[:4]) if date and date[:4].isdigit() else None,
        "issuer": known.issuer if known else None, "title": title,
        "level": (known.level if known and known.level else document_level(symbol, None)),
        "search_text": search_key(" ".join(filter(None, [symbol, kind, title]))),
    }


def _kind_of_symbol(symbol: str | None) -> str | None:
    from .symbols import KIND_CODES

    if not symbol:
        return None
    match = SYMBOL.fullmatch(symbol)
    parsed = parse_symbol(match) if match else None
    return KIND_CODES.get(parsed.kind_code or "") if parsed else None


def central_issuer_codes() -> set[str]:
    return set(CENTRAL_ISSUERS)


# ------------------------------------------------------------------ cross-document resolution
def reresolve(db: sqlite_utils.Database) -> int:
    """Point references at documents learned or ingested since they were written.

    A mention without a date (`stub:21-NQ/TW`) or a state symbol without its date
    (`34/2016/NĐ-CP`) resolves when exactly one known document (ingested, or learned from a full
    citation in any text) carries that symbol; several stay as they are. Order-independent:
    it depends only on the set of documents in the store. Returns how many references moved.
    """
    moves: dict[str, str] = {}
    rows = db.query("""
        select distinct r.target as old, r.symbol as symbol from "references" r
        where r.symbol is not null and r.target is not null
          and (r.target = 'stub:' || r.symbol or r.target = r.symbol)""")
    for row in rows:
        known = [d["id"] for d in db.query(
            "select id from documents where symbol = ? and id like ? and id != ?",
            [row["symbol"], row["symbol"] + "@%", row["old"]])]
        if len(known) == 1:
            moves[row["old"]] = known[0]
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
    return moved


def _rewrite_task_sources(db: sqlite_utils.Database, old: str, new: str) -> None:
    pattern = json.dumps(old, ensure_ascii=False)
    for row in db.query("select id, sources from tasks where sources like ?",
                        ["%" + pattern + "%"]):
        sources = [new if s == old else s for s in json.loads(row["sources"])]
        db["tasks"].update(row["id"], {"sources": json.dumps(list(dict.fromkeys(sources)),
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
