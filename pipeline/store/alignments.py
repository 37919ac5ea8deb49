"""Keep every task's alignment with the higher documents it carries out (`stages.align`).

Incremental and crash-safe by a signature: a document's alignments depend on its own text and on
the texts of the ingested documents up its tasks' source chains. `align_store` recomputes exactly
the documents whose signature differs from the one stored with their alignments (rows and
signature written together, `COMMIT_EVERY` documents a transaction): a new local plan aligns
against the central texts already there, a newly ingested central text re-aligns the plans that
implement it, a run killed half way redoes only what it had not committed. A `STALE` mark, set in
the transactions that change documents, lets a run where nothing changed skip the pass.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sqlite3
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import quote

import sqlite_utils

from ..chain import source_chain
from ..resources import passage_ranker
from ..stages.align import (
    DEFAULT_METHOD,
    TOP,
    LocalTask,
    Passage,
    PassageIndex,
    part_of,
    reuse_class,
)
from .maps import implements_map, levels_map

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
    mark_stale(db)  # a store migrated with documents in it: align them on the next pass


def align_store(db: sqlite_utils.Database, method: str = DEFAULT_METHOD,
                progress: Callable[[str], None] | None = None,
                workers: Executor | None = None) -> int:
    """Bring every ingested document's alignments in line with the store. Returns how many
    documents were (re)aligned. With `workers` (a process pool) the documents are aligned by
    them, `CHUNK` at a time, each reading the store on its own connection; this process only
    decides what is stale and writes."""
    with collect_less():
        return _align_store(db, method, progress, workers)


@contextmanager
def collect_less() -> Iterator[None]:
    """Python's cycle collector run 100 times less often (every 70,000 allocations, not 700):
    the pass allocates millions of small objects (syllables, terms, runs, rows), almost none in
    cycles (407 left for the collector by a whole pass over the 2,000-document store of
    `benchmarks/bench_align.py`), and each collection walked the indexes kept alive (10 % of
    the pass's time there). The thresholds before are restored after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 70_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _align_store(db: sqlite_utils.Database, method: str,
                 progress: Callable[[str], None] | None, workers: Executor | None) -> int:
    if not db.execute("select 1 from alignment_state where document_id = ?", [STALE]).fetchone():
        return 0  # nothing written, removed or re-resolved since the last complete pass
    implements = implements_map(db)
    shas = {r["id"]: r["sha256"] for r in db.query(
        "select id, sha256 from documents where ingested = 1")}
    stored = {r["document_id"]: r["signature"] for r in db.query(
        "select document_id, signature from alignment_state where document_id != ?", [STALE])}
    stale: list[_Work] = []
    for document_id, chains in _in_target_order(_task_chains(db, implements, shas)):
        signature = _signature(document_id, _targets(chains), shas, method)
        if stored.pop(document_id, None) != signature:
            stale.append(_Work(document_id, signature, chains))
    path = _file_of(db)
    aligned = (_in_workers(workers, path, stale, method) if workers is not None and path
               and len(stale) > CHUNK else _here(db, stale, method))
    done = 0
    pending: list[tuple[str, str, list[tuple[Any, ...]]]] = []
    for item in aligned:
        pending.append(item)
        if len(pending) >= COMMIT_EVERY:
            done += _commit(db, pending, progress)
    done += _commit(db, pending, progress)
    with db.atomic():  # documents that no longer carry anything out; the pass is complete
        for document_id in stored:
            db.table("alignments").delete_where("document_id = ?", [document_id])
            db.table("alignment_state").delete_where("document_id = ?", [document_id])
        db.table("alignment_state").delete_where("document_id = ?", [STALE])
    return done


@dataclass(frozen=True)
class _Work:
    """A document to (re)align: what each of its tasks may carry out, and the signature its
    rows are written under."""

    document_id: str
    signature: str
    chains: dict[str, list[str]]


CHUNK = 25  # documents a worker aligns per request (neighbours in target order: shared indexes)


def _here(db: sqlite_utils.Database, stale: list[_Work], method: str
          ) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
    return _aligned(db, _Indexes(db), stale, method)


def _aligned(db: sqlite_utils.Database, indexes: _Indexes, stale: list[_Work], method: str
             ) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
    """(document, signature, rows) of each stale document, in turn."""
    for work in stale:
        yield work.document_id, work.signature, _align_document(
            db, work.document_id, work.chains, _targets(work.chains), indexes, method)


def _in_workers(workers: Executor, path: str, stale: list[_Work], method: str
                ) -> Iterator[tuple[str, str, list[tuple[Any, ...]]]]:
    """The stale documents aligned by the pool, the chunks handed out at once and their rows
    taken in order (what waits to be written is what the pool finished ahead of it)."""
    chunks = [stale[i:i + CHUNK] for i in range(0, len(stale), CHUNK)]
    this_pass = (path, uuid.uuid4().hex)  # a pool used again must not read an old pass's indexes
    for results in workers.map(align_chunk, [this_pass] * len(chunks), chunks,
                               [method] * len(chunks)):
        yield from results


# in a worker: its connection and indexes, for the pass (store file, pass id) they serve
_WORKER: dict[tuple[str, str], tuple[sqlite_utils.Database, _Indexes]] = {}


def align_chunk(this_pass: tuple[str, str], chunk: list[_Work], method: str
                ) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    """In a worker: align a chunk of documents, reading the store read-only (its connection and
    the indexes it built kept for the next chunk of the same pass)."""
    if this_pass not in _WORKER:  # the main process checked the store; this only reads it
        for db, _ in _WORKER.values():
            db.close()
        _WORKER.clear()
        db = sqlite_utils.Database(sqlite3.connect(f"file:{quote(this_pass[0])}?mode=ro",
                                                   uri=True))
        _WORKER[this_pass] = (db, _Indexes(db))
    db, indexes = _WORKER[this_pass]
    with collect_less():
        return [(document_id, signature, rows) for document_id, signature, rows
                in _aligned(db, indexes, chunk, method)]


def _file_of(db: sqlite_utils.Database) -> str:
    """The store's file ("" for a store in memory, which no other process can read)."""
    row = db.execute("pragma database_list").fetchone()
    return row[2] if row and row[2] else ""


STALE = "*"  # the `alignment_state` row saying the store changed since the last complete pass


def mark_stale(db: sqlite_utils.Database) -> None:
    """Called in the transaction that changes documents or their links: the next `align_store`
    looks at every document (a pass killed half way leaves the mark, so the next run finishes
    it)."""
    db.execute("insert or replace into alignment_state (document_id, signature) "
               "values (?, 'stale')", [STALE])


COMMIT_EVERY = 50  # documents per transaction: a killed run redoes at most these


def _commit(db: sqlite_utils.Database, pending: list[tuple[str, str, list[tuple[Any, ...]]]],
            progress: Callable[[str], None] | None) -> int:
    """Write the alignments of the pending documents and their signatures in one transaction
    (a document's rows and its signature always land together), and empty the list."""
    with db.atomic():  # plain SQL: sqlite-utils' checks cost more than these statements
        for document_id, signature, rows in pending:
            db.execute("delete from alignments where document_id = ?", [document_id])
            _insert(db, rows)
            db.execute("insert into alignment_state (document_id, signature) values (?, ?) "
                       "on conflict (document_id) do update set signature = excluded.signature",
                       [document_id, signature])
    for document_id, _, _ in pending:
        if progress:
            progress(document_id)
    count = len(pending)
    pending.clear()
    return count


def forget(db: sqlite_utils.Database, document_id: str) -> None:
    """A document leaves the store: its alignments and those pointing into it (the plans that
    pointed into it are re-aligned by the next pass)."""
    db.table("alignments").delete_where("document_id = ? or target_document = ?",
                                        [document_id, document_id])
    db.table("alignment_state").delete_where("document_id = ?", [document_id])
    mark_stale(db)


def _task_chains(db: sqlite_utils.Database, implements: dict[str, list[str]],
                 shas: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """For each ingested document, what each of its tasks may carry out: its source chain, then
    the chain of what its document implements (a task of a plan for 187-KL/TW that cites
    35-NQ/TW `theo tinh thần` still carries out 187-KL/TW), cut to the ingested documents other
    than itself; tasks with nothing to align against are left out."""
    levels = levels_map(db)
    found: dict[str, dict[str, list[str]]] = {}
    memo: dict[str | None, list[str]] = {}

    def chain_of(sources: list[str]) -> list[str]:
        return source_chain(sources, lambda d: implements.get(d, ()), levels.get)

    def chain_of_stored(sources: str | None) -> list[str]:
        """`chain_of` the stored list, memoised by its text (a plan's tasks repeat theirs)."""
        if sources not in memo:
            memo[sources] = chain_of(json.loads(sources or "[]"))
        return memo[sources]

    uppers: dict[str, list[str]] = {}  # a document's own chain, for each of its tasks
    for task_id, document, sources in db.execute(
            "select id, document_id, sources from tasks order by document_id, start"):
        if document not in shas:
            continue
        if document not in uppers:
            uppers[document] = chain_of(implements.get(document, []))
        reach = chain_of_stored(sources) + uppers[document]
        chain = [d for d in dict.fromkeys(reach) if d in shas and d != document]
        if chain:
            found.setdefault(document, {})[task_id] = chain
    return found


def _in_target_order(found: dict[str, dict[str, list[str]]]
                     ) -> list[tuple[str, dict[str, list[str]]]]:
    """The documents so that those carrying out the same higher texts follow each other, the
    most shared text first in each one's key (a district plan's resolution, then its province
    plan): every plan under one resolution comes in one run, so each index is built once while
    it is used (sorting by the targets' names alone scattered a resolution's plans among other
    province plans and rebuilt its index; 654 builds for 602 texts on the 2,000-document
    store, 602 now). The order changes no row: each document's rows depend on it alone."""
    uses = Counter(t for chains in found.values() for t in _targets(chains))

    def key(item: tuple[str, dict[str, list[str]]]) -> tuple[tuple[str, ...], str]:
        return tuple(sorted(_targets(item[1]), key=lambda t: (-uses[t], t))), item[0]

    return sorted(found.items(), key=key)


def _targets(chains: dict[str, list[str]]) -> tuple[str, ...]:
    """The higher documents a document's tasks are aligned with, sorted (its signature's
    order; `_in_target_order` orders the documents by them)."""
    return tuple(sorted({t for chain in chains.values() for t in chain}))


def _signature(document_id: str, targets: Iterable[str], shas: dict[str, str],
               method: str) -> str:
    parts = [method, document_id, shas[document_id]] + [f"{t}={shas[t]}" for t in targets]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _align_document(db: sqlite_utils.Database, document_id: str,
                    chains: dict[str, list[str]], targets: Iterable[str], indexes: _Indexes,
                    method: str) -> list[tuple[Any, ...]]:
    tasks = local_tasks(db, document_id, set(chains))
    rows: list[tuple[Any, ...]] = []
    for target in targets:
        mine = [task for task in tasks if target in chains[task.id]]
        ranker = passage_ranker() if method == "learned" else None
        for task, ranked in zip(mine, indexes.get(target).rank_all(mine, method, TOP, ranker),
                                strict=True):
            rows.extend(_row(task.id, document_id, target, match, method) for match in ranked)
    return rows


_COLUMNS = ("task_id", "document_id", "target_document", "passage_id", "passage_kind",
            "passage_section", "passage_parent", "passage_start", "passage_end", "rank", "score",
            "coverage", "reuse", "reuse_class", "confident", "method", "evidence")


_INSERT = (f"insert into alignments ({', '.join(_COLUMNS)}) "
           f"values ({', '.join('?' * len(_COLUMNS))})")


def _insert(db: sqlite_utils.Database, rows: list[tuple[Any, ...]]) -> None:
    """The rows (values in `_COLUMNS` order) with one `executemany` (sqlite-utils' per-value
    checks cost more than the alignment itself on a large batch)."""
    if rows:
        db.conn.executemany(_INSERT, rows)


class _Indexes:
    """The passage indexes of the higher documents, built once per pass and the most recently
    used `KEEP` kept (many plans share one resolution; a store has more targets than memory)."""

    KEEP = 64

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.built: OrderedDict[str, PassageIndex] = OrderedDict()

    def get(self, document_id: str) -> PassageIndex:
        if document_id in self.built:
            self.built.move_to_end(document_id)
        else:
            self.built[document_id] = PassageIndex(passages(self.db, document_id))
            if len(self.built) > self.KEEP:
                self.built.popitem(last=False)
        return self.built[document_id]


_EVIDENCE = json.JSONEncoder(ensure_ascii=False).encode  # `json.dumps(..., ensure_ascii=False)`
_ESCAPED = re.compile(r'[\x00-\x1f\\"]')  # what that encoder escapes (`json.encoder.ESCAPE`)


def _evidence(words: tuple[str, ...]) -> str:
    """`_EVIDENCE(list(words))`, written directly when no word has a character JSON escapes
    (folded syllables and spaces never do): the same text, without the encoder's calls."""
    if _ESCAPED.search("".join(words)):
        return _EVIDENCE(list(words))
    return '["' + '", "'.join(words) + '"]' if words else "[]"


def _row(task_id: str, document_id: str, target: str, match: Any, method: str
         ) -> tuple[Any, ...]:
    """A match as the values of `_COLUMNS` (a tuple: cheaper to build, to send from a worker
    and to insert than a dict)."""
    passage: Passage = match.passage
    return (task_id, document_id, target, passage.id, passage.kind, passage.path,
            passage.parent, passage.start, passage.end, match.rank, match.score,
            match.coverage, match.reuse, reuse_class(match.reuse), int(match.confident), method,
            _evidence(match.evidence))


def local_tasks(db: sqlite_utils.Database, document_id: str,
                ids: set[str] | None = None) -> list[LocalTask]:
    """A document's tasks with the headings of the sections they sit in."""
    headings = _headings(db, document_id)
    found = []
    for task_id, section, text in db.execute("select id, section, text from tasks "
                                             "where document_id = ? order by start",
                                             [document_id]):  # tuples: cheaper than dicts
        if ids is None or task_id in ids:
            found.append(LocalTask(task_id, text or "",
                                   tuple(headings.get(p, "") for p in _ancestors(section)
                                         if headings.get(p)), _group(section)))
    return found


def passages(db: sqlite_utils.Database, document_id: str) -> list[Passage]:
    """What a task can carry out in a higher document: its sentences and clauses (cut at `.`,
    `;` and line ends; a local plan restates one demand, and a central task or item often holds
    several), from its first section or task to its last. Each names its parent, the central
    task it lies in, else its innermost section, which `coverage` reports on."""
    text = document_text(db, document_id)
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
                                  _nearest_heading(headings, path),
                                  headings.get(part_of(path) or "", "")))
    return found


def _segments(tasks: list[dict[str, Any]], start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at every task's edges, so that no clause straddles two tasks."""
    cuts = sorted({start, end, *(t["start"] for t in tasks), *(t["end"] for t in tasks)})
    cuts = [c for c in cuts if start <= c <= end]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _passage(document_id: str, text: str, start: int, end: int, path: str | None, parent: str,
             heading: str, part_heading: str = "") -> Passage:
    return Passage(f"{document_id}@{start}", document_id, "sentence", path, start, end,
                   text[start:end], heading, parent, part_heading)


_CLAUSE_END = re.compile(r"[.;](?=\s)|\n")
_WORD = re.compile(r"[^\W\d_]")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences and `;` clauses of `text[start:end]` as spans (stripped); a piece of fewer than
    `_MIN_CLAUSE_WORDS` words (a marker, a heading number) joins the next one."""
    found: list[tuple[int, int]] = []
    begin = start
    for match in _CLAUSE_END.finditer(text, start, end):
        if len(text[begin:match.end()].split()) >= _MIN_CLAUSE_WORDS:
            found.append(_stripped(text, begin, match.end()))
            begin = match.end()
    if _WORD.search(text, begin, end):  # not a marker left before a task (`\- `)
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


def document_text(db: sqlite_utils.Database, document_id: str) -> str:
    """A stored document's text as read ("" for a stub)."""
    row = db.execute("select text from documents where id = ?", [document_id]).fetchone()
    return (row[0] or "") if row else ""


def _headings(db: sqlite_utils.Database, document_id: str) -> dict[str, str]:
    return {path: heading or "" for path, heading in db.execute(
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
