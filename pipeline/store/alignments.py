"""Keep every task's alignment with the higher documents it carries out (`stages.align`).

Incremental and crash-safe by a signature: a document's alignments depend on its own text and on
the texts of the ingested documents up its tasks' source chains. `align_store` recomputes, one
transaction per document, exactly the documents whose signature differs from the one stored with
their alignments: a new local plan aligns against the central texts already there, a newly
ingested central text re-aligns the plans that implement it, a run killed half way redoes only
what it had not committed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import sqlite_utils

from ..chain import source_chain
from ..stages.align import DEFAULT_METHOD, TOP, LocalTask, Passage, PassageIndex, reuse_class

_PASSAGE_SECTIONS = ("item", "article", "letter", "bullet")
_MIN_PARAGRAPH_WORDS = 8


def create_tables(db: sqlite_utils.Database) -> None:
    """The `alignments` rows (task → passage, ranked within each higher document) and the
    signature each document was aligned under."""
    db.table("alignments").create({
        "task_id": str, "document_id": str, "target_document": str, "passage_id": str,
        "passage_kind": str, "passage_section": str, "passage_start": int, "passage_end": int,
        "rank": int, "score": float, "coverage": float, "reuse": float, "reuse_class": str,
        "confident": int, "method": str, "evidence": str,
    }, pk=("task_id", "target_document", "rank"),
        foreign_keys=[("document_id", "documents", "id")])
    db.table("alignments").create_index(["document_id"])
    db.table("alignments").create_index(["target_document", "passage_id"])
    db.table("alignment_state").create({"document_id": str, "signature": str},
                                       pk="document_id")


def align_store(db: sqlite_utils.Database, method: str = DEFAULT_METHOD,
                progress: Callable[[str], None] | None = None) -> int:
    """Bring every ingested document's alignments in line with the store. Returns how many
    documents were (re)aligned."""
    implements = _implements(db)
    shas = {r["id"]: r["sha256"] for r in db.query(
        "select id, sha256 from documents where ingested = 1")}
    stored = {r["document_id"]: r["signature"] for r in db.query(
        "select document_id, signature from alignment_state")}
    indexes: dict[str, PassageIndex] = {}
    done = 0
    for document_id, chains in _task_chains(db, implements, shas).items():
        targets = sorted({t for chain in chains.values() for t in chain})
        signature = _signature(document_id, targets, shas, method)
        if stored.pop(document_id, None) == signature:
            continue
        rows = _align_document(db, document_id, chains, indexes, method)
        with db.atomic():
            db.table("alignments").delete_where("document_id = ?", [document_id])
            db.table("alignments").insert_all(rows)
            db.table("alignment_state").upsert({"document_id": document_id,
                                                "signature": signature}, pk="document_id")
        done += 1
        if progress:
            progress(document_id)
    with db.atomic():  # documents that no longer carry anything out
        for document_id in stored:
            db.table("alignments").delete_where("document_id = ?", [document_id])
            db.table("alignment_state").delete_where("document_id = ?", [document_id])
    return done


def forget(db: sqlite_utils.Database, document_id: str) -> None:
    """A document leaves the store: its alignments and those pointing into it."""
    if "alignments" not in db.table_names():
        return
    db.table("alignments").delete_where("document_id = ? or target_document = ?",
                                        [document_id, document_id])
    db.table("alignment_state").delete_where("document_id = ?", [document_id])


def _implements(db: sqlite_utils.Database) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in db.query("select src, dst from edges where type = 'implements'"):
        found.setdefault(row["src"], []).append(row["dst"])
    return found


def _task_chains(db: sqlite_utils.Database, implements: dict[str, list[str]],
                 shas: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """For each ingested document, what each of its tasks may carry out: its source chain, then
    the chain of what its document implements (a task of a plan for 187-KL/TW that cites
    35-NQ/TW `theo tinh thần` still carries out 187-KL/TW), cut to the ingested documents other
    than itself; tasks with nothing to align against are left out."""
    levels = {r["id"]: r["level"] for r in db.query("select id, level from documents")}
    found: dict[str, dict[str, list[str]]] = {}
    memo: dict[str, list[str]] = {}

    def chain_of(sources: list[str]) -> list[str]:
        key = json.dumps(sources)
        if key not in memo:
            memo[key] = source_chain(sources, lambda d: implements.get(d, ()), levels.get)
        return memo[key]

    for row in db.query("select id, document_id, sources from tasks order by document_id, start"):
        document = row["document_id"]
        if document not in shas:
            continue
        reach = chain_of(json.loads(row["sources"] or "[]")) + chain_of(implements.get(document, []))
        chain = [d for d in dict.fromkeys(reach) if d in shas and d != document]
        if chain:
            found.setdefault(document, {})[row["id"]] = chain
    return found


def _signature(document_id: str, targets: Iterable[str], shas: dict[str, str],
               method: str) -> str:
    parts = [method, document_id, shas[document_id]] + [f"{t}={shas[t]}" for t in targets]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _align_document(db: sqlite_utils.Database, document_id: str,
                    chains: dict[str, list[str]], indexes: dict[str, PassageIndex],
                    method: str) -> list[dict[str, Any]]:
    tasks = local_tasks(db, document_id, list(chains))
    rows: list[dict[str, Any]] = []
    for task in tasks:
        for target in chains[task.id]:
            if target not in indexes:
                indexes[target] = PassageIndex(passages(db, target))
            for match in indexes[target].rank(task, method, TOP):
                rows.append(_row(task.id, document_id, target, match, method))
    return rows


def _row(task_id: str, document_id: str, target: str, match: Any, method: str) -> dict[str, Any]:
    passage: Passage = match.passage
    return {
        "task_id": task_id, "document_id": document_id, "target_document": target,
        "passage_id": passage.id, "passage_kind": passage.kind,
        "passage_section": passage.path, "passage_start": passage.start,
        "passage_end": passage.end, "rank": match.rank, "score": match.score,
        "coverage": match.coverage, "reuse": match.reuse,
        "reuse_class": reuse_class(match.reuse), "confident": int(match.confident),
        "method": method, "evidence": json.dumps(list(match.evidence), ensure_ascii=False),
    }


def local_tasks(db: sqlite_utils.Database, document_id: str,
                ids: list[str] | None = None) -> list[LocalTask]:
    """A document's tasks with the headings of the sections they sit in."""
    headings = _headings(db, document_id)
    found = []
    for row in db.query("select id, section, text from tasks where document_id = ? "
                        "order by start", [document_id]):
        if ids is None or row["id"] in ids:
            found.append(LocalTask(row["id"], row["text"] or "",
                                   tuple(headings.get(p, "") for p in _ancestors(row["section"])
                                         if headings.get(p))))
    return found


def passages(db: sqlite_utils.Database, document_id: str) -> list[Passage]:
    """What a task can carry out in a higher document: its tasks, else its numbered sections,
    else its paragraphs."""
    headings = _headings(db, document_id)
    found = [Passage(r["id"], document_id, "task", r["section"], r["start"], r["end"],
                     r["text"] or "", _nearest_heading(headings, r["section"]))
             for r in db.query("select id, section, start, end, text from tasks "
                               "where document_id = ? order by start", [document_id])]
    if found:
        return found
    text = _text(db, document_id)
    marks = ",".join("?" * len(_PASSAGE_SECTIONS))
    found = [Passage(f"{document_id}#{r['path']}", document_id, "section", r["path"],
                     r["start"], r["end"], text[r["start"]:r["end"]],
                     _nearest_heading(headings, r["parent"]))
             for r in db.query(f"select path, parent, start, end from sections "
                               f"where document_id = ? and kind in ({marks}) order by start",
                               [document_id, *_PASSAGE_SECTIONS])]
    return found or _paragraphs(document_id, text)


def _paragraphs(document_id: str, text: str) -> list[Passage]:
    found = []
    for match in re.finditer(r"[^\n]+", text):
        if len(match.group().split()) >= _MIN_PARAGRAPH_WORDS:
            found.append(Passage(f"{document_id}@{match.start()}", document_id, "paragraph",
                                 None, match.start(), match.end(), match.group()))
    return found


def _text(db: sqlite_utils.Database, document_id: str) -> str:
    row = db.execute("select text from documents where id = ?", [document_id]).fetchone()
    return (row[0] or "") if row else ""


def _headings(db: sqlite_utils.Database, document_id: str) -> dict[str, str]:
    return {r["path"]: r["heading"] or "" for r in db.query(
        "select path, heading from sections where document_id = ?", [document_id])}


def _ancestors(path: str | None) -> list[str]:
    """`II.1.-3` → [`II`, `II.1`, `II.1.-3`]: the sections a task sits in, outermost first."""
    if not path:
        return []
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _nearest_heading(headings: dict[str, str], path: str | None) -> str:
    for ancestor in reversed(_ancestors(path)):
        if headings.get(ancestor):
            return headings[ancestor]
    return ""
