"""What researchers ask of the graph, as plain functions over the store (SQL, recursive CTEs).

Every function takes an open `sqlite_utils.Database` and returns lists of dicts, so the CLI can
print them as JSON or a table and Python users can use them directly.
"""

from __future__ import annotations

import calendar
import difflib
import json
import re
from datetime import date
from typing import Any

import sqlite_utils

from .chain import source_chain
from .errors import AmbiguousError, NotFoundError
from .normalize import fold, search_key
from .store import summary as store_summary
from .store.alignments import document_text
from .store.alignments import passages as alignment_passages
from .symbols import SYMBOL, parse_symbol

Rows = list[dict[str, Any]]

# Documents that implement :target directly or through intermediate plans.
_IMPLEMENTERS = """
with recursive chain(id, depth) as (
    select :target, 0
    union
    select e.src, chain.depth + 1 from edges e join chain on e.dst = chain.id
    where e.type = 'implements' and chain.depth < 12
)
"""

# ... and the tasks that implement it: the tasks of those plans, and tasks deriving from any
# document of the chain (`hits(task, depth)`; a task may come several times).
_IMPLEMENTING_TASKS = _IMPLEMENTERS + """,
hits(task, depth) as (
    select t.id, chain.depth from chain join tasks t on t.document_id = chain.id
    where chain.depth > 0
    union all
    select e.src, chain.depth from chain
    join edges e on e.type = 'derives_from' and e.dst = chain.id
)
"""


def fts_query(words: str) -> str:
    """A user's words → an FTS5 query of quoted terms (all must match)."""
    terms = [t for t in search_key(words).replace('"', " ").split() if t]
    return " ".join(f'"{t}"' for t in terms)


_SEARCH_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def task_search_query(words: str) -> str:
    """A user's search → an FTS5 query over `normalize.task_search_text`: every word must
    match (a word typed with diacritics as typed, one without in any spelling); `"…"` a
    phrase; `-word` or `-"…"` excluded; `OR` between two terms either (`a b OR c`: a, and b or
    c, as web search engines read it). Empty when nothing is
    left to look for (exclusions alone match nothing)."""
    wanted: list[str] = []
    excluded: list[str] = []
    pending_or = False
    for token in _SEARCH_TOKEN.findall(words):
        if token == "OR":
            pending_or = bool(wanted)
            continue
        negative = token.startswith("-") and len(token) > 1
        term = _fts_term(token[1:] if negative else token)
        if not term:
            continue
        if negative:
            excluded.append(term)
        elif pending_or:
            wanted[-1] = f"({wanted[-1]} OR {term})"
            pending_or = False
        else:
            wanted.append(term)
    if not wanted:
        return ""
    return " AND ".join(wanted) + "".join(f" NOT {term}" for term in excluded)


def _fts_term(token: str) -> str:
    """One word or `"phrase"` as an FTS5 string: with its diacritics when the user typed any,
    else without (a phrase is matched in one of the two halves of the indexed text)."""
    words = token.strip('"').split()
    folded = [fold(w) for w in words]
    typed_marks = any(f != search_key(f) for f in folded)
    keys = [k for k in (f if typed_marks else search_key(f) for f in folded) if k.strip()]
    text = " ".join(keys).replace('"', " ").strip()
    return f'"{text}"' if text else ""


_COLUMNS = "id, symbol, kind, date, title, ingested, level"


def find_documents(db: sqlite_utils.Database, text: str) -> Rows:
    """Documents `text` names: a symbol (`21-NQ/TW`, any spelling), a number (`187`: the
    documents numbered so), the start of a symbol (`187-KL`), else words of their titles."""
    text = text.strip()
    match = SYMBOL.search(text)
    parsed = parse_symbol(match) if match else None
    if parsed is not None:
        return list(db.query(f"select {_COLUMNS} from documents where symbol = ? order by date",
                             [parsed.normalized]))
    if re.fullmatch(r"\d{1,5}[a-z]?", text):
        return list(db.query(f"select {_COLUMNS} from documents where number = ? or symbol like ?"
                             " order by date", [text, text + "/%"]))
    if re.fullmatch(r"\d{1,5}[a-z]?[-/][\wĐđ/-]*", text):
        return list(db.query(f"select {_COLUMNS} from documents where symbol like ? order by date",
                             [text.upper() + "%"]))
    words = fts_query(text)
    if not words:
        return []
    return list(db.query(
        "select d.id, d.symbol, d.kind, d.date, d.title, d.ingested, d.level from documents d "
        "join documents_fts f on f.rowid = d.rowid where documents_fts match ? limit 50",
        [words]))


def document_candidates(db: sqlite_utils.Database, text: str) -> list[str]:
    """The documents `text` may mean: its id; else those its symbol names (the ingested ones
    when some are); else the full-text matches. One id is an answer, several a question."""
    if db["documents"].count_where("id = ?", [text]):
        return [text]
    if "@" in text or "#" in text:  # an id that is not in the store names nothing else
        return []
    found = find_documents(db, text)
    ingested = [row for row in found if row["ingested"]]
    return [row["id"] for row in (ingested or found)]


def resolve_document_id(db: sqlite_utils.Database, text: str) -> str | None:
    """The one document `text` means, or None when it means none or several."""
    candidates = document_candidates(db, text)
    return candidates[0] if len(candidates) == 1 else None


def resolve_document(db: sqlite_utils.Database, text: str) -> str:
    """The one document `text` (an id, a symbol, a number, words of its title) means, as the
    CLI reads it, so `implementing_tasks(db, "57-NQ/TW")` answers what `vndoc query implements
    57-NQ/TW` does. None is `NotFoundError`, several `AmbiguousError` (listing them): an empty
    answer would read as "no task implements it"."""
    found = document_candidates(db, text)
    if not found:
        raise NotFoundError(f"no document matches {text!r}")
    if len(found) > 1:
        shown = ", ".join(found[:8]) + (f" and {len(found) - 8} more" if len(found) > 8 else "")
        raise AmbiguousError(f"{text!r} matches {len(found)} documents: {shown}; give one id",
                             tuple(found))
    return found[0]


def resolve_province(db: sqlite_utils.Database, text: str) -> str:
    """The jurisdiction slug `text` means (`ha-noi`, also written `Hà Nội` or `HA-NOI`), among
    those of the store's documents. One the store does not hold is `NotFoundError` naming close
    slugs: a misspelt filter must not pass for "no task there"."""
    known = [row[0] for row in db.execute(
        "select distinct jurisdiction from documents where jurisdiction is not null "
        "order by jurisdiction")]
    slug = _slug(text)
    if text in known or slug in known:
        return text if text in known else slug
    raise NotFoundError(f"no document of the store is in the jurisdiction {text!r}"
                        + _close(slug, known, "jurisdictions"), tuple(known))


def _slug(text: str) -> str:
    """`Hà Nội` → `ha-noi`, `Hậu Giang / Châu Thành A` → `hau-giang/chau-thanh-a`."""
    words = re.sub(r"[^a-z0-9/]+", "-", search_key(text.strip()))
    return re.sub(r"-*/-*", "/", words).strip("-/")


def _close(word: str, choices: list[str], what: str) -> str:
    """`; did you mean 'ha-noi'?` when some choice is close (difflib), else a few of them."""
    near = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if near:
        return "; did you mean " + " or ".join(repr(c) for c in near) + "?"
    if not choices:
        return f" (the store has no {what})"
    more = f" and {len(choices) - 6} more" if len(choices) > 6 else ""
    return f" (the store's {what}: {', '.join(choices[:6])}{more})"


def resolve_bodies(db: sqlite_utils.Database, text: str) -> list[str]:
    """The bodies `text` names: its id (any case); else every body of that name (`Sở Khoa học
    và Công nghệ`: one per province), matched folded and then without diacritics; else those
    whose name holds it, when they share one name. Matches of several names are an
    `AmbiguousError` listing them, none a `NotFoundError` with close names: a filter must select
    what the user meant or say why not."""
    if db["bodies"].count_where("id = ?", [text.strip().lower()]):
        return [text.strip().lower()]
    rows = [(row["id"], row["name"] or "") for row in db.query("select id, name from bodies")]
    for key_of in (fold, search_key):
        key = key_of(text.strip())
        found = ([i for i, name in rows if key_of(name) == key]
                 or [i for i, name in rows if key and key in key_of(name)])
        if found:
            return _one_name(text, found, dict(rows), key_of)
    names = sorted({name for _, name in rows if name} | {i for i, _ in rows})
    near = difflib.get_close_matches(text.strip(), names, n=3, cutoff=0.6)
    hint = ("; did you mean " + " or ".join(repr(c) for c in near) + "?" if near
            else " (ids look like 'hau-giang/btc'; `query summary` counts the bodies)")
    raise NotFoundError(f"no body matches {text!r}{hint}", tuple(near))


def _one_name(text: str, found: list[str], names: dict[str, str],
              key_of: Any) -> list[str]:
    """`found` when its bodies share one name (the same office in several provinces), else an
    `AmbiguousError` listing them by name and id."""
    if len({key_of(names[i]) for i in found}) == 1:
        return found
    shown = "; ".join(f"{names[i]} ({i})" for i in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    raise AmbiguousError(f"{text!r} names {len(found)} bodies: {shown}{more}; give an id or a "
                         "whole name", tuple(found))


def task_sources(db: sqlite_utils.Database, task_id: str) -> Rows:
    """The task's source chain (`chain.source_chain`), nearest first."""
    task = next(iter(db.query("select sources from tasks where id = ?", [task_id])), None)
    if task is None:
        return []
    chain = source_chain(json.loads(task["sources"] or "[]"), lambda doc: implemented_by(db, doc),
                         lambda doc: document_level(db, doc))
    best = {row["target_document"]: row for row in task_passages(db, task_id)
            if row["rank"] == 1}
    return [{**_document_brief(db, doc_id, depth), **_carried_passage(best.get(doc_id))}
            for depth, doc_id in enumerate(chain)]


def _carried_passage(row: dict[str, Any] | None) -> dict[str, Any]:
    """The passage of a chain document the task carries out (none when not confident)."""
    if row is None or not row["confident"]:
        return {"passage": None, "passage_section": None, "coverage": None, "reuse": None}
    return {"passage": " ".join(row["passage_text"].split()),
            "passage_section": row["passage_section"], "coverage": row["coverage"],
            "reuse": row["reuse_class"]}


def document_level(db: sqlite_utils.Database, document_id: str) -> str | None:
    row = db.execute("select level from documents where id = ?", [document_id]).fetchone()
    return row[0] if row else None


def implemented_by(db: sqlite_utils.Database, document_id: str) -> list[str]:
    """The documents `document_id` implements directly. (No `order by` here: it lets SQLite pick
    the (type, dst) index and scan every implements edge, 60 ms on 10,000 documents instead of
    0.1 ms; `source_chain` sorts.)"""
    return [r["dst"] for r in db.query(
        "select dst from edges where src = ? and type = 'implements'", [document_id])]


def _document_brief(db: sqlite_utils.Database, doc_id: str, depth: int) -> dict[str, Any]:
    row = next(iter(db.query("select id, symbol, kind, date, title, level, ingested "
                             "from documents where id = ?", [doc_id])), None)
    return {"depth": depth, **(row or {"id": doc_id, "symbol": None, "kind": None, "date": None,
                                        "title": None, "level": None, "ingested": 0})}


def implementing_tasks(db: sqlite_utils.Database, target: str, province: str | None = None,
                       body: str | None = None, year: int | None = None,
                       limit: int | None = None, offset: int = 0) -> Rows:
    """Every task that implements `target` (an id, or a symbol such as `57-NQ/TW`: see
    `resolve_document`) directly or through intermediate plans, in order of the plans' dates; a
    page of them with `limit`/`offset` (a central resolution has thousands: the lead bodies are
    looked up for the page only). `province` and `body` are resolved as `resolve_province` and
    `resolve_bodies` do: a name that matches nothing raises rather than selecting nothing."""
    target = resolve_document(db, target)
    sql = _IMPLEMENTING_TASKS + """
    , page as (
        select t.id, min(hits.depth) as depth, d.date as document_date, t.start
        from hits cross join tasks t on t.id = hits.task  -- CROSS JOIN: SQLite keeps this order
        cross join documents d on d.id = t.document_id
        where t.document_id != :target"""
    params: dict[str, Any] = {"target": target}
    if province:
        sql += " and d.jurisdiction = :province"
        params["province"] = resolve_province(db, province)
    if year:
        sql += " and (t.deadline_year = :year or d.year = :year)"
        params["year"] = year
    if body:
        sql += f" and t.id in ({LED_OR_COORDINATED.format(bodies=':bodies')})"
        params["bodies"] = json.dumps(resolve_bodies(db, body))
    sql += (" group by t.id order by d.date, t.document_id, t.start" + _page(limit, offset) +
            """)
    select t.id, t.document_id, d.symbol as document_symbol, d.jurisdiction, t.section, t.kind,
           t.text, t.deadline_text, t.deadline_date, t.deadline_year,
           """ + _LEAD.format(task="t") + """ as lead,
           page.depth
    from page cross join tasks t on t.id = page.id cross join documents d on d.id = t.document_id
    order by page.document_date, t.document_id, page.start""")
    return list(db.query(sql, params))


# The tasks some of a list of bodies lead or coordinate (`{bodies}`: the parameter holding the
# ids as a JSON list): one indexed set, not a look-up per row; `query` and `export` filter by it.
LED_OR_COORDINATED = ("select task_id from task_roles where body_id in (select value from "
                      "json_each({bodies})) and role in ('lead', 'coordinate')")

# The names of a task's lead bodies, one cell (`{task}`: the alias of the tasks table).
_LEAD = """(select group_concat(coalesce(b.name, r.text, r.body_id), '; ') from task_roles r
              left join bodies b on b.id = r.body_id
              where r.task_id = {task}.id and r.role = 'lead')"""


def _page(limit: int | None, offset: int) -> str:
    """` limit N offset M` for a page of rows (nothing for all of them)."""
    if limit is None and not offset:
        return ""
    return f" limit {int(limit) if limit is not None else -1} offset {max(0, int(offset))}"


def implementing_documents(db: sqlite_utils.Database, target: str) -> Rows:
    return list(db.query(_IMPLEMENTERS + """
        select d.id, d.symbol, d.kind, d.date, d.issuer, d.jurisdiction, d.level, d.ingested,
               min(chain.depth) as depth
        from chain join documents d on d.id = chain.id
        where chain.id != :target group by d.id order by depth, d.date""", {"target": target}))


def cites(db: sqlite_utils.Database, document_id: str) -> Rows:
    return list(db.query("""
        select e.dst as id, d.symbol, d.kind, d.date, d.title, d.ingested, e.evidence
        from edges e left join documents d on d.id = e.dst
        where e.src = ? and e.type = 'cites' order by e.evidence_start""", [document_id]))


def cited_by(db: sqlite_utils.Database, document_id: str) -> Rows:
    return list(db.query("""
        select e.src as id, d.symbol, d.kind, d.date, d.issuer, e.evidence
        from edges e join documents d on d.id = e.src
        where e.dst = ? and e.type = 'cites' order by d.date""", [document_id]))


def most_cited(db: sqlite_utils.Database, limit: int = 20, central_only: bool = False) -> Rows:
    sql = """
        select e.dst as id, d.symbol, d.kind, d.date, d.title, d.level, d.ingested,
               count(distinct e.src) as cited_by
        from edges e left join documents d on d.id = e.dst
        where e.type = 'cites'"""
    if central_only:
        sql += " and d.level = 'central'"
    sql += " group by e.dst order by cited_by desc, e.dst limit ?"
    return list(db.query(sql, [limit]))


def most_implemented(db: sqlite_utils.Database, limit: int = 20) -> Rows:
    return list(db.query("""
        select e.dst as id, d.symbol, d.kind, d.date, d.title, d.level,
               count(distinct e.src) as implemented_by
        from edges e left join documents d on d.id = e.dst
        where e.type = 'implements' and e.src in (select id from documents where ingested = 1)
        group by e.dst order by implemented_by desc, e.dst limit ?""", [limit]))


def not_ingested(db: sqlite_utils.Database, limit: int = 100) -> Rows:
    """Documents cited but not ingested (stubs), most cited first."""
    return list(db.query("""
        select d.id, d.symbol, d.kind, d.date, d.title, count(distinct e.src) as cited_by
        from documents d join edges e on e.dst = d.id and e.type = 'cites'
        where d.ingested = 0 group by d.id order by cited_by desc, d.id limit ?""", [limit]))


def tasks_by_body(db: sqlite_utils.Database, body: str, roles: tuple[str, ...] = ("lead",
                                                                                    "coordinate"),
                  limit: int | None = None, offset: int = 0) -> Rows:
    """The tasks `body` (an id, or a name: `resolve_bodies`, which raises for a name that
    matches nothing or several names) has one of `roles` in; a page of them with
    `limit`/`offset`."""
    named = resolve_bodies(db, body)
    marks = ",".join("?" * len(named))
    role_marks = ",".join("?" * len(roles))
    return list(db.query(f"""
        select t.id, t.document_id, r.role, r.body_id, t.section, t.text, t.deadline_text,
               t.deadline_date
        from task_roles r join tasks t on t.id = r.task_id
        where r.body_id in ({marks}) and r.role in ({role_marks})
        order by t.document_id, t.start{_page(limit, offset)}""", [*named, *roles]))


def tasks_by_deadline(db: sqlite_utils.Database, start: str | None = None,
                      end: str | None = None, limit: int | None = None, offset: int = 0,
                      province: str | None = None, body: str | None = None) -> Rows:
    """Tasks whose deadline date (or year) falls in [start, end] (ISO dates or years), with
    their lead bodies (who, by when); only those of documents of `province` or led or
    coordinated by `body` when given (resolved as in `implementing_tasks`); a page of them with
    `limit`/`offset` (the leads are looked up for the page only)."""
    low = _as_date(start, first=True) or "0000-01-01"
    high = _as_date(end, first=False) or "9999-12-31"
    if low > high:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    where, params = _deadline_filters(db, province, body)
    return list(db.query(f"""
        select p.id, p.document_id, p.section, p.text, {_LEAD.format(task="p")} as lead,
               p.deadline_text, p.deadline_type, p.deadline_date, p.deadline_year
        from (select * from (
            select id, document_id, section, text, deadline_text, deadline_type, deadline_date,
                   deadline_year from tasks where deadline_date between ? and ?{where}
            union all
            select id, document_id, section, text, deadline_text, deadline_type, deadline_date,
                   deadline_year from tasks
            where deadline_year between ? and ? and +deadline_date is null{where})  -- + : by year
        order by coalesce(deadline_date, deadline_year || '-12-31'), document_id, id"""
                         + _page(limit, offset) + ") p",
                         [low, high, *params, int(low[:4]), int(high[:4]), *params]))


def _deadline_filters(db: sqlite_utils.Database, province: str | None,
                      body: str | None) -> tuple[str, list[Any]]:
    """The extra where clause (and its parameters) of `tasks_by_deadline`'s filters."""
    where, params = "", list[Any]()
    if province:
        where += " and document_id in (select id from documents where jurisdiction = ?)"
        params.append(resolve_province(db, province))
    if body:
        where += f" and id in ({LED_OR_COORDINATED.format(bodies='?')})"
        params.append(json.dumps(resolve_bodies(db, body)))
    return where, params


def _as_date(value: str | None, first: bool) -> str | None:
    """An ISO date for a bound of a window: `2024`, `2024-06-30`, `30/6/2024`, `6/2024`
    (the first or last day of a year or month). Anything else is a `ValueError`."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01" if first else f"{value}-12-31"
    month = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value)
    if month:
        year, number = int(month.group(2)), int(month.group(1))
        last = calendar.monthrange(year, number)[1] if 1 <= number <= 12 else 0
        return _checked(year, number, 1 if first else last, value)
    day = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if day:
        return _checked(int(day.group(3)), int(day.group(2)), int(day.group(1)), value)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), value)
    raise ValueError(f"{value!r} is not a date: write 2024-06-30, 30/6/2024, 6/2024 or 2024")


def _checked(year: int, month: int, day: int, written: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{written!r} is not a date of the calendar") from None


def search_tasks(db: sqlite_utils.Database, words: str, limit: int = 50) -> Rows:
    """Full-text search over tasks (`task_search_query`): words typed with diacritics match
    them exactly, words without match every spelling; `"a phrase"`, `-excluded`, `a OR b`.
    Several plain words are also tried as a phrase, whose hits come first (`tổ chức cơ sở đảng`
    as written before the tasks that merely hold the five words); then FTS5's BM25."""
    query = task_search_query(words)
    if not query:
        return []
    plain = _SEARCH_TOKEN.findall(words)
    found: Rows = []
    if len(plain) > 1 and not any(t == "OR" or t[:1] in '-"' for t in plain):
        found = _fts_tasks(db, task_search_query(f'"{" ".join(plain)}"'), limit)
    if len(found) >= limit:  # the phrase fills the page: the words alone would rank below it
        return found[:limit]
    seen = {row["id"] for row in found}
    found += [row for row in _fts_tasks(db, query, limit + len(found)) if row["id"] not in seen]
    return found[:limit]


def _fts_tasks(db: sqlite_utils.Database, query: str, limit: int) -> Rows:
    """The best `limit` matches, ranked inside the index before any task row is read (joined
    first, every match's row was read: 0.17 s for common words in 357,000 tasks)."""
    return list(db.query("""
        select t.id, t.document_id, t.section, t.text, t.deadline_text
        from (select rowid, rank from tasks_fts where tasks_fts match ? order by rank limit ?) f
        join tasks t on t.rowid = f.rowid order by f.rank""", [query, limit]))


def coverage(db: sqlite_utils.Database, target: str) -> dict[str, Any]:
    """For a higher document: the plans implementing it, and for each of its parts (its tasks,
    else its innermost sections: the parents of `store.alignments.passages`) the local tasks that
    carry out one of its sentences (a confident first-ranked alignment), their documents and
    provinces; the parts no task carries out are the gaps (a document with tasks: its tasks;
    text outside them is listed only when something carries it out)."""
    plans = [d for d in implementing_documents(db, target) if d["ingested"]]
    carried: dict[str, list[dict[str, Any]]] = {}
    for row in db.query(_CARRIERS, [target]):
        carried.setdefault(row.pop("passage_id"), []).append(row)
    parts: dict[str, dict[str, Any]] = {}
    for passage in alignment_passages(db, target):
        part = parts.setdefault(passage.parent, {
            "id": passage.parent, "section": passage.path, "start": passage.start,
            "end": passage.end, "carried_out_by": []})
        part["end"] = passage.end
        part["carried_out_by"] += carried.get(passage.id, [])
    text = document_text(db, target)
    own_tasks = {r[0] for r in db.execute("select id from tasks where document_id = ?", [target])}
    covered: Rows = []
    gaps: Rows = []
    for part in parts.values():
        tasks = part["carried_out_by"]
        if not tasks and own_tasks and part["id"] not in own_tasks:
            continue  # a heading or a sentence outside the document's tasks is no gap
        item = {**part, "text": text[part["start"]:part["end"]], "tasks": len(tasks),
                "documents": sorted({t["document_id"] for t in tasks}),
                "provinces": sorted({t["jurisdiction"] for t in tasks if t["jurisdiction"]})}
        (covered if tasks else gaps).append(item)
    local = db.execute("select count(distinct task_id) from alignments where target_document = ?",
                       [target]).fetchone()[0]
    return {"document": target, "implementing_plans": plans, "aligned_local_tasks": local,
            "covered": covered, "gaps": gaps}


_CARRIERS = """
select a.passage_id, a.passage_parent, a.task_id, a.document_id, d.jurisdiction, a.score,
       a.coverage, a.reuse_class
from alignments a join documents d on d.id = a.document_id
where a.target_document = ? and a.rank = 1 and a.confident = 1
order by a.document_id, a.task_id"""


def task_passages(db: sqlite_utils.Database, task_id: str) -> Rows:
    """What `task_id` carries out in each higher document of its chain: the ranked passages,
    with score, coverage, reuse class and the evidence (copied runs or shared words)."""
    return [{**row, "evidence": json.loads(row["evidence"] or "[]")} for row in db.query("""
        select a.target_document, a.rank, a.passage_id, a.passage_kind, a.passage_section,
               a.passage_parent, a.passage_start, a.passage_end, a.score, a.coverage, a.reuse,
               a.reuse_class, a.confident, a.method, a.evidence,
               coalesce(substr(d.text, a.passage_start + 1, a.passage_end - a.passage_start), '')
                 as passage_text
        from alignments a left join documents d on d.id = a.target_document
        where a.task_id = ? order by a.target_document, a.rank""", [task_id])]


def summary(db: sqlite_utils.Database) -> dict[str, Any]:
    """How many documents, tasks, bodies and references the store holds (kept at write time:
    `store.summary`)."""
    return store_summary.read(db)
