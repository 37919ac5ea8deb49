"""What a document means in the graph, as rows: pure functions, testable without a database.

Which level a document has (one rule for "central"), which edges it produces, what a stub of a
cited document knows, which body issued it, the name a body is shown by, and where a reference
re-resolved across documents moves. `store.db` only writes and reads what these return.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..gazetteer import Gazetteer
from ..identity import target_key, task_key
from ..knowledge import KbDocument
from ..normalize import fold, search_key, squash, task_search_text
from ..records import ROLES, EdgeType, ExtractedDocument, Reference, to_jsonable
from ..symbols import KIND_CODES, SYMBOL, level_of_code, parse_symbol

Row = dict[str, Any]
LEVELS = ("commune", "district", "provincial", "central")  # most local first


# ------------------------------------------------------------------ a whole document
@dataclass(frozen=True)
class DocumentRows:
    """Every row one document writes, built for one document id. The batch builds them in the
    worker (`batch.process_file`), so the single writer only writes (issue 17); the writer
    rebuilds them when it stores the document under another id (`ID~hash`)."""

    document_id: str
    path: str
    tables: tuple[tuple[str, list[Row]], ...]  # (table, rows) in the order they are written
    bodies: list[Row]  # merged with the bodies already stored, not inserted as they are


def document_rows(doc: ExtractedDocument, document_id: str, path: str,
                  gazetteer: Gazetteer) -> DocumentRows:
    """The rows of `doc` stored as `document_id` from `path`."""
    return DocumentRows(document_id, path, (
        ("documents", [document_row(doc, document_id, path)]),
        ("sections", section_rows(doc, document_id)),
        ("references", reference_rows(doc, document_id)),
        ("tasks", task_rows(doc, document_id)),
        ("task_roles", role_rows(doc, document_id)),
        ("body_mentions", mention_rows(doc, document_id)),
        ("problems", problem_rows(doc, document_id)),
        ("edges", edge_rows(doc, document_id)),
    ), body_rows(doc, gazetteer))


# ------------------------------------------------------------------ documents
def document_level(symbol: str | None) -> str:
    """`central`, `district`, `provincial` or `unknown`, from the symbol's issuer code alone
    (`symbols.level_of_code`): a document the store holds without its text (a stub) has nothing
    else; an ingested document's level is its metadata's (`DocumentMeta.level`)."""
    match = SYMBOL.fullmatch(symbol) if symbol else None
    parsed = parse_symbol(match) if match else None
    return level_of_code(parsed.issuer_code if parsed else None) or "unknown"


def document_row(doc: ExtractedDocument, document_id: str, path: str) -> Row:
    meta = doc.meta
    text = doc.source.text
    return {
        "id": document_id, "sha256": doc.source.sha256, "path": path, "format": doc.source.format,
        "ingested": 1, "kind": meta.kind, "symbol": meta.symbol, "number": meta.number,
        "kind_code": meta.kind_code, "issuer_code": meta.issuer_code, "date": meta.date,
        "year": meta.year, "issuer": meta.issuer, "issuer_body": issuer_body(doc),
        "place": meta.place, "jurisdiction": meta.jurisdiction,
        "level": meta.level or document_level(meta.symbol), "title": meta.title,
        "signer": json.dumps(to_jsonable(meta.signer), ensure_ascii=False),
        "recipients": json.dumps(list(meta.recipients), ensure_ascii=False),
        "characters": len(text), "text": text,
        "search_text": search_key(" ".join(filter(None, [meta.title, text[:20000]]))),
    }


def issuer_body(doc: ExtractedDocument) -> str | None:
    """The longest body mention whose words are the issuer's (or inside them)."""
    issuer = fold(doc.meta.issuer or "")
    if not issuer:
        return None
    inside = [b for b in doc.bodies if b.id and not b.group and fold(b.text) and fold(b.text) in issuer]
    return max(inside, key=lambda b: len(b.text)).id if inside else None


def section_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
    return [{"document_id": document_id, "path": s.path, "level": s.level, "kind": s.kind,
             "marker": s.marker, "heading": s.heading, "start": s.start, "end": s.end,
             "parent": s.parent} for s in doc.sections]


def reference_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
    return [{
        "document_id": document_id, "idx": index, "start": r.start, "end": r.end,
        "text": r.text, "form": r.form, "symbol": r.symbol, "kind": r.kind, "date": r.date,
        "issuer": r.issuer, "term": r.term, "title": r.title, "status": r.status,
        "target": document_id if r.target == "self" else target_key(r),
        "method": r.method,
        "candidates": json.dumps([c.id for c in r.candidates], ensure_ascii=False),
        "implements": int(r.implements), "implemented_by": r.implemented_by,
    } for index, r in enumerate(doc.references)]


def task_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
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
            "deadline": json.dumps(to_jsonable(deadline), ensure_ascii=False) if deadline else None,
            "sources": json.dumps(list(task.sources), ensure_ascii=False),
            "search_text": task_search_text(task.text),
        })
    return rows


def role_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
    return [{"task_id": task_key(document_id, task), "role": role, "body_id": filler.id,
             "text": filler.text, "inherited": int(filler.inherited)}
            for task in doc.tasks for role in ROLES for filler in getattr(task, role)]


def problem_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
    return [{"document_id": document_id, "idx": index, "stage": p.stage, "code": p.code,
             "message": p.message, "start": p.start, "end": p.end}
            for index, p in enumerate(doc.problems)]


def mention_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
    return [{"document_id": document_id, "start": b.start, "end": b.end, "text": b.text,
             "body_id": b.id} for b in doc.bodies]


# ------------------------------------------------------------------ bodies
def body_rows(doc: ExtractedDocument, gazetteer: Gazetteer) -> list[Row]:
    """Bodies named in the document, each under the gazetteer's name where the gazetteer lists
    that id (`Bộ Nội vụ`: a list's item `Nội vụ` or an abbreviation would leave a ministry
    looking like a province's department), else the best name this document offers (see
    `better_name`)."""
    best: dict[str, Row] = {}

    def offer(body_id: str, name: str, level: str | None, is_group: bool) -> None:
        row = best.get(body_id)
        if row is None or better_name(name, row["name"]):
            best[body_id] = {"id": body_id, "name": name, "level": level,
                             "is_group": int(is_group)}

    for body in doc.bodies:
        if body.id:
            offer(body.id, _body_name(body.id, body.text, gazetteer), body.level, body.group)
    for task in doc.tasks:
        for role in ROLES:
            for filler in getattr(task, role):
                if filler.id:
                    group = "/group/" in filler.id or filler.id.startswith("generic/")
                    offer(filler.id, _body_name(filler.id, filler.text, gazetteer), None, group)
    return list(best.values())


def _body_name(body_id: str, text: str | None, gazetteer: Gazetteer) -> str:
    """The gazetteer's name of a body it lists by this very id (a ministry, a group), else the
    words the document names it by (a province's or district's own body: the template's name
    is the province's form, `Ban Tổ chức Tỉnh ủy`, whatever the level)."""
    group = "/group/" in body_id or body_id.startswith("generic/")
    if body_id in gazetteer.bodies or group or not text:
        return gazetteer.display_name(body_id)
    return squash(text)


def better_name(candidate: str, current: str) -> bool:
    """A total order on names, so the name kept does not depend on the order documents are
    written in: not all capitals first, then the shorter, then alphabetical."""
    def key(name: str) -> tuple[bool, int, str]:
        return (name.isupper(), len(name), name)

    return key(candidate) < key(current)


# ------------------------------------------------------------------ edges
def edge_rows(doc: ExtractedDocument, document_id: str) -> list[Row]:
    """The document's edges: `implements` (its title or opening, and the opening chain read in
    it), `cites`, `derives_from` (task → source, ranked) and `issued_by`."""
    rows: list[Row] = []
    seen: set[tuple[str, str, str]] = set()

    def add(src: str, dst: str, kind: EdgeType, evidence: Reference | None, method: str,
            rank: int = 0) -> None:
        if (src, dst, kind) in seen or src == dst:
            return
        seen.add((src, dst, kind))
        rows.append({"src": src, "dst": dst, "type": kind.value, "document_id": document_id,
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
            add(document_id, dst, EdgeType.IMPLEMENTS, reference, "title-or-opening")
        if reference.implemented_by is not None:
            implementer = target_key(refs[reference.implemented_by])
            if implementer and refs[reference.implemented_by].target != "self":
                add(implementer, dst, EdgeType.IMPLEMENTS, reference, "opening-chain")
        add(document_id, dst, EdgeType.CITES, reference, reference.method or "citation")
    for task in doc.tasks:
        for rank, source in enumerate(task.sources):
            evidence = next((refs[i] for i in task.reference_ids if target_key(refs[i]) == source),
                            None)
            add(task_key(document_id, task), source, EdgeType.DERIVES_FROM, evidence,
                "task-citation" if evidence is not None else "document-implements", rank)
    issuer = issuer_body(doc)
    if issuer:
        add(document_id, issuer, EdgeType.ISSUED_BY, None, "issuer-mention")
    return rows


# ------------------------------------------------------------------ stubs
def cited_targets(doc: ExtractedDocument) -> dict[str, Reference]:
    """Every document the document points at (not itself), with the first reference to it."""
    wanted: dict[str, Reference] = {}
    for reference in doc.references:
        key = target_key(reference)
        if key is not None and reference.target != "self":
            wanted.setdefault(key, reference)
    return wanted


def stub_row(key: str, reference: Reference, known: KbDocument | None) -> Row:
    """A stub's facts come from its id and the knowledge base only, never from the wording of
    whichever citing document happened to be written first (so the order does not matter)."""
    symbol = reference.symbol or (known.symbol if known else None)
    date = (known.date if known else None) or (key.split("@", 1)[1] if "@" in key else None)
    kind = (known.kind if known else None) or kind_of_symbol(symbol) or reference.kind
    title = known.title if known else None
    return {
        "id": key, "ingested": 0, "symbol": symbol, "kind": kind,
        "date": date if date and len(date) == 10 else None,
        "year": int(date[:4]) if date and date[:4].isdigit() else None,
        "issuer": known.issuer if known else None, "title": title,
        "level": (known.level if known and known.level else document_level(symbol)),
        "search_text": search_key(" ".join(filter(None, [symbol, kind, title]))),
    }


def stub_from_document(row: Row) -> Row:
    """A removed document that others still cite stays as a stub with its own facts."""
    return {"id": row["id"], "ingested": 0, "symbol": row["symbol"], "kind": row["kind"],
            "date": row["date"], "year": row["year"], "issuer": row["issuer"],
            "title": row["title"], "level": row["level"],
            "search_text": search_key(" ".join(filter(None, [row["symbol"], row["title"]])))}


def kind_of_symbol(symbol: str | None) -> str | None:
    """`123/QĐ-UBND` → `Quyết định`."""
    if not symbol:
        return None
    match = SYMBOL.fullmatch(symbol)
    parsed = parse_symbol(match) if match else None
    return KIND_CODES.get(parsed.kind_code or "") if parsed else None


# ------------------------------------------------------------------ cross-document resolution
def resolution_moves(stale: Iterable[tuple[str, str]],
                     known: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Where references written before a document was known now point.

    `stale`: (target, symbol) of references that name a symbol without its date (`stub:21-NQ/TW`,
    `34/2016/NĐ-CP`); `known`: symbol → ids of the dated documents the store now holds
    (ingested, or learned from a full citation). A target moves when exactly one such document
    carries its symbol; with several it stays. Depends only on the set of documents, not on
    the order they came in.
    """
    moves: dict[str, str] = {}
    for old, symbol in stale:
        ids = [i for i in known.get(symbol, ()) if i != old and i.startswith(symbol + "@")]
        if len(ids) == 1:
            moves[old] = ids[0]
    return moves
