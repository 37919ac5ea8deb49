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
ROLE_FIELDS = ("lead", "coordinate", "report_to", "via")


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")
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
                   sha256: str | None = None) -> None:
    with db.conn:
        db["failures"].upsert({"path": path, "stage": stage, "reason": reason,
                               "message": message, "at": now()}, pk="path")
        db["files"].upsert({"path": path, "sha256": sha256, "status": "failed",
                            "updated_at": now()}, pk="path")


def mark_removed(db: sqlite_utils.Database, present: set[str], roots: Iterable[str]) -> list[str]:
    """Files recorded under `roots` that are no longer on disk: their documents go, the file
    row stays with status `removed`."""
    removed = []
    for root in roots:
        prefix = str(root).rstrip("/")
        for row in db["files"].rows_where("path = ? or path like ?", [prefix, prefix + "/%"]):
            if row["path"] not in present and row["status"] != "removed":
                with db.conn:
                    if row.get("document_id"):
                        _delete_document(db, row["document_id"])
                    db["files"].update(row["path"], {"status": "removed", "document_id": None,
                                                     "updated_at": now()})
                removed.append(row["path"])
    return removed


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
    with db.conn:
        if previous and previous.get("document_id"):
            _delete_document(db, previous["document_id"])
        _delete_document(db, document_id)
        db["documents"].insert(_document_row(doc, document_id, path), replace=True)
        db["sections"].insert_all(_section_rows(doc, document_id))
        db["references"].insert_all(_reference_rows(doc, document_id))
        db["tasks"].insert_all(_task_rows(doc, document_id))
        db["task_roles"].insert_all(_role_rows(doc, document_id))
        db["body_mentions"].insert_all(_mention_rows(doc, document_id), replace=True)
        db["bodies"].insert_all(_body_rows(doc), ignore=True)
        db["edges"].insert_all(_edge_rows(doc, document_id))
        _ensure_stubs(db, doc)
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
    """Bodies named in the document: a name as written (the first document to name a body
    keeps it: rows are inserted only when missing), or the gazetteer's for inherited roles."""
    from .bodies import display_name
    from .normalize import squash

    seen: dict[str, dict[str, Any]] = {}
    for body in doc.bodies:
        if body.id and body.id not in seen:
            seen[body.id] = {"id": body.id, "name": squash(body.text), "level": body.level,
                             "is_group": int(body.group)}
    for task in doc.tasks:
        for role in ROLE_FIELDS:
            for filler in getattr(task, role):
                if filler.id and filler.id not in seen:
                    seen[filler.id] = {"id": filler.id,
                                       "name": squash(filler.text or "") or display_name(filler.id),
                                       "level": None, "is_group": int("/group/" in filler.id)}
    return list(seen.values())


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
    return {
        "id": key, "ingested": 0, "symbol": reference.symbol or (known.symbol if known else None),
        "kind": (known.kind if known else None) or reference.kind,
        "date": (known.date if known else None) or reference.date,
        "year": reference.year, "issuer": (known.issuer if known else None) or reference.issuer,
        "title": (known.title if known else None) or reference.title or reference.name,
        "level": (known.level if known and known.level else
                  document_level(reference.symbol, reference.issuer)),
        "search_text": search_key(" ".join(filter(None, [reference.text, reference.title]))),
    }


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
    with db.conn:
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


def _drop_orphan_stubs(db: sqlite_utils.Database) -> None:
    db.conn.execute("""
        delete from documents where ingested = 0
          and id not in (select dst from edges) and id not in (select src from edges)
          and id not in (select target from "references" where target is not null)""")
