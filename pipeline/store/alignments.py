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
from itertools import pairwise
from typing import Any

import sqlite_utils

from ..chain import source_chain
from ..stages.align import DEFAULT_METHOD, TOP, LocalTask, Passage, PassageIndex, reuse_class

_MIN_CLAUSE_WORDS = 6


def create_tables(db: sqlite_utils.Database) -> None:
    """The `alignments` rows (task → passage, ranked within each higher document) and the
    signature each document was aligned under."""
    db.table("alignments").create({
        "task_id": str, "document_id": str, "target_document": str, "passage_id": str,
        "passage_kind": str, "passage_section": str, "passage_parent": str,
        "passage_start": int, "passage_end": int,
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
    for target in sorted({t for chain in chains.values() for t in chain}):
        if target not in indexes:
            indexes[target] = PassageIndex(passages(db, target))
        mine = [task for task in tasks if target in chains[task.id]]
        for task, ranked in zip(mine, indexes[target].rank_all(mine, method, TOP), strict=True):
            rows.extend(_row(task.id, document_id, target, match, method) for match in ranked)
    return rows


def _row(task_id: str, document_id: str, target: str, match: Any, method: str) -> dict[str, Any]:
    passage: Passage = match.passage
    return {
        "task_id": task_id, "document_id": document_id, "target_document": target,
        "passage_id": passage.id, "passage_kind": passage.kind,
        "passage_section": passage.path, "passage_parent": passage.parent,
        "passage_start": passage.start,
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
                                         if headings.get(p)), _group(row["section"])))
    return found


def passages(db: sqlite_utils.Database, document_id: str) -> list[Passage]:
    """What a task can carry out in a higher document: its sentences and clauses (cut at `.`,
    `;` and line ends; a local plan restates one demand, and a central task or item often holds
    several), from its first section or task to its last. Each names its parent, the central
    task it lies in, else its innermost section, which `coverage` reports on."""
    text = _text(db, document_id)
    tasks = list(db.query("select id, section, start, end from tasks where document_id = ? "
                          "order by start", [document_id]))
    sections = list(db.query("select path, start, end, heading from sections "
                             "where document_id = ? order by start", [document_id]))
    spans = [(r["start"], r["end"]) for r in tasks + sections]
    if not spans:
        return [_passage(document_id, text, start, end, None, document_id, "")
                for start, end in clauses(text, 0, len(text))]
    headings = {r["path"]: r["heading"] or "" for r in sections}
    found = []
    for start, end in _segments(tasks, min(a for a, _ in spans), max(b for _, b in spans)):
        for clause_start, clause_end in clauses(text, start, end):
            task = _innermost(tasks, clause_start, clause_end)
            section = _innermost(sections, clause_start, clause_end)
            path = task["section"] if task else section["path"] if section else None
            parent = (task["id"] if task else f"{document_id}#{section['path']}" if section
                      else document_id)
            found.append(_passage(document_id, text, clause_start, clause_end, path, parent,
                                  _nearest_heading(headings, path)))
    return found


def _segments(tasks: list[dict[str, Any]], start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at every task's edges, so that no clause straddles two tasks."""
    cuts = sorted({start, end, *(t["start"] for t in tasks), *(t["end"] for t in tasks)})
    cuts = [c for c in cuts if start <= c <= end]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _passage(document_id: str, text: str, start: int, end: int, path: str | None, parent: str,
             heading: str) -> Passage:
    return Passage(f"{document_id}@{start}", document_id, "sentence", path, start, end,
                   text[start:end], heading, parent)


_CLAUSE_END = re.compile(r"[.;](?=\s)|\n")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences and `;` clauses of `text[start:end]` as spans (stripped); a piece of fewer than
    `_MIN_CLAUSE_WORDS` words (a marker, a heading number) joins the next one."""
    found: list[tuple[int, int]] = []
    begin = start
    for match in _CLAUSE_END.finditer(text, start, end):
        if len(text[begin:match.end()].split()) >= _MIN_CLAUSE_WORDS:
            found.append(_stripped(text, begin, match.end()))
            begin = match.end()
    if text[begin:end].strip():
        found.append(_stripped(text, begin, end))
    return found


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _innermost(rows: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    """The shortest row whose span holds [start, end)."""
    holding = [r for r in rows if r["start"] <= start and end <= r["end"]]
    return min(holding, key=lambda r: r["end"] - r["start"]) if holding else None


def _text(db: sqlite_utils.Database, document_id: str) -> str:
    row = db.execute("select text from documents where id = ?", [document_id]).fetchone()
    return (row[0] or "") if row else ""


def _headings(db: sqlite_utils.Database, document_id: str) -> dict[str, str]:
    return {r["path"]: r["heading"] or "" for r in db.query(
        "select path, heading from sections where document_id = ?", [document_id])}


def _group(section: str | None) -> str | None:
    """The local section whose tasks vote together: the task's section without its bullet
    (`II.1.-3` → `II.1`)."""
    if not section:
        return None
    parts = [p for p in section.split(".") if not p.startswith("-")]
    return ".".join(parts) or None


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
