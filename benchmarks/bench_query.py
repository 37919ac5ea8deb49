"""Latency of the common questions (`pipeline.query`) on a large database: median and p95 in ms.

    .venv/bin/python benchmarks/bench_query.py [--db outputs/bench/batch-gen10000-j2.db] [--docs N]

The database is the one `bench_batch.py` leaves from its generated run (10,000 documents by
default); `--docs N` uses (or, when missing, builds with 2 jobs) the database of a generated corpus
of N documents. A call is interrupted after `--call-cap` seconds (10), and a query gets no more
calls once its calls took `--query-cap` seconds (30); both show in the table: an interrupted call
counts as the cap (`≥`), and its rows as 0. Every
query runs once untimed (SQLite's page cache warm, as in a session), then
`--repeat` times with arguments varied from the data: task ids, the most implemented central
documents, provinces, years, bodies, words. For every query the number of SQL statements a call
issues is counted (sqlite3 trace callback); for a query whose p95 is over the budget, the slowest
statement and its `EXPLAIN QUERY PLAN` are shown. Queries that can return thousands of rows
are measured as the CLI and the workbench call them, a page at a time (`PAGE`); two are also
measured whole, for reference (`all rows, no page`: not a user's call).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchlib import REPO, exclusive, generated_corpus, log, median, percentile, table, write_json

BUDGET_MS = 100.0
CALL_CAP_S = 10.0  # a call running longer is interrupted (sqlite3 progress handler)
QUERY_CAP_S = 30.0  # no more calls of a query once its calls took this long in all
PAGE = 201  # what the CLI and the web pages ask for: a page of 200 rows and one to know of more
WORDS = ["chuyen doi so", "co so du lieu dang vien", "an toan thong tin", "ho so dang vien dien tu",
         "kinh phi", "boi duong ky nang so", "van ban dien tu", "hoi nghi truc tuyen",
         "bí mật nhà nước", "sinh hoạt chi bộ", "ha tang ky thuat", "chu ky so", "tuyen truyen",
         "nguon nhan luc", "kiem tra giam sat", "du toan ngan sach", "mang thong tin dien rong",
         "so tay dang vien", "phan mem quan ly van ban", "thu nop dang phi"]


@dataclass
class Row:
    query: str
    example: str
    calls: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    first_ms: float = 0.0
    rows_median: float = 0.0
    statements: float = 0.0  # SQL statements per call (median)
    interrupted: int = 0  # calls stopped at the call cap (counted at the cap in the statistics)
    skipped: int = 0  # calls not made: the query had used up its time cap
    call_cap_s: float = CALL_CAP_S
    query_cap_s: float = QUERY_CAP_S
    slowest_sql: str = ""
    plan: list[str] = field(default_factory=list)


Call = tuple[str, Callable[[], Any]]


class Tracer:
    """Counts the SQL statements a call runs, and remembers them. FTS5's own statements on its
    shadow tables (`'main'.'tasks_fts_data'`) are left out: they are not the caller's."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.statements: list[str] = []
        db.conn.set_trace_callback(self.record)

    def record(self, sql: str) -> None:
        if "'main'." not in sql:
            self.statements.append(sql)

    def reset(self) -> None:
        self.statements.clear()


# --------------------------------------------------------------------------- arguments
def _values(db: Any, sql: str, params: list[Any] | None = None) -> list[Any]:
    return [next(iter(row.values())) for row in db.query(sql, params or [])]


def workload(db: Any, repeat: int, rng: random.Random) -> dict[str, list[Call]]:
    from pipeline import query

    central = [r["id"] for r in query.most_implemented(db, limit=200) if r["level"] == "central"]
    if not central:
        raise SystemExit("no central document is implemented in this database: ingest a corpus "
                         "made with generate.py --mode chains")
    top = central[0]
    provinces = _values(db, "select distinct jurisdiction from documents where jurisdiction is not "
                            "null and ingested = 1 order by jurisdiction")
    years = _values(db, "select distinct year from documents where year is not null and ingested = 1 "
                        "order by year")
    deadline_years = _values(db, "select distinct deadline_year from tasks where deadline_year is "
                                 "not null order by deadline_year")
    tasks = _values(db, "select id from tasks where sources != '[]' and document_id in (select id "
                        "from documents where level != 'central') order by id")
    ingested = _values(db, "select id from documents where ingested = 1 order by id")
    cited = [r["id"] for r in query.most_cited(db, limit=200)]
    bodies = _values(db, "select body_id from task_roles where role = 'lead' group by body_id "
                         "order by count(*) desc limit 40")
    names = _values(db, "select name from bodies where name is not null and id in (select body_id "
                        "from task_roles) order by id limit 40")
    pick = _picker(rng, repeat)
    return {
        "task_sources": [(t, lambda t=t: query.task_sources(db, t)) for t in pick(tasks)],
        "task_passages": [(t, lambda t=t: query.task_passages(db, t)) for t in pick(tasks)],
        "implementing_tasks (most implemented)": _implementing(db, top, provinces, years, bodies,
                                                              repeat, rng),
        "implementing_tasks (top 20 central)": [
            (c, lambda c=c: query.implementing_tasks(db, c, limit=PAGE)) for c in pick(central[:20])],
        "implementing_tasks (all rows, no page)": [
            (c, lambda c=c: query.implementing_tasks(db, c)) for c in pick(central[:20])],
        "cites": [(d, lambda d=d: query.cites(db, d)) for d in pick(ingested)],
        "cited_by": [(d, lambda d=d: query.cited_by(db, d)) for d in pick(cited)],
        "most_cited": [(f"limit={n}, central={c}", lambda n=n, c=c: query.most_cited(db, n, c))
                       for n, c in pick([(n, c) for n in (10, 20, 50, 100) for c in (False, True)])],
        "most_implemented": [(f"limit={n}", lambda n=n: query.most_implemented(db, n))
                             for n in pick([10, 20, 50, 100])],
        "not_ingested": [(f"limit={n}", lambda n=n: query.not_ingested(db, n))
                         for n in pick([20, 50, 100, 200])],
        "tasks_by_body (id)": [(b, lambda b=b: query.tasks_by_body(db, b, limit=PAGE))
                               for b in pick(bodies)],
        "tasks_by_body (name)": [(n, lambda n=n: query.tasks_by_body(db, n, limit=PAGE))
                                 for n in pick(names)],
        "tasks_by_deadline": [(f"{a}..{b}", lambda a=a, b=b: query.tasks_by_deadline(
            db, a, b, limit=PAGE)) for a, b in pick(_windows(deadline_years))],
        "tasks_by_deadline (all rows, no page)": [
            (f"{a}..{b}", lambda a=a, b=b: query.tasks_by_deadline(db, a, b))
            for a, b in pick(_windows(deadline_years))],
        "search_tasks": [(w, lambda w=w: query.search_tasks(db, w)) for w in pick(WORDS)],
        "coverage": [(c, lambda c=c: query.coverage(db, c)) for c in pick(central[:20])],
        "summary": [("", lambda: query.summary(db))] * repeat,
    }


def _picker(rng: random.Random, repeat: int) -> Callable[[list[Any]], list[Any]]:
    def pick(values: list[Any]) -> list[Any]:
        if not values:
            return []
        return [values[i % len(values)] for i in rng.sample(range(max(repeat, len(values))), repeat)]
    return pick


def _implementing(db: Any, target: str, provinces: list[str], years: list[int], bodies: list[str],
                  repeat: int, rng: random.Random) -> list[Call]:
    from pipeline import query

    calls: list[Call] = []
    for n in range(repeat):
        province = rng.choice(provinces) if n % 2 and provinces else None
        year = rng.choice(years) if n % 3 == 1 and years else None
        body = rng.choice(bodies) if n % 4 == 3 and bodies else None
        label = f"{target} province={province} year={year} body={body}"
        calls.append((label, lambda p=province, y=year, b=body:
                      query.implementing_tasks(db, target, province=p, year=y, body=b,
                                               limit=PAGE)))
    return calls


def _windows(years: list[int]) -> list[tuple[str, str]]:
    windows = [(str(y), str(y)) for y in years]
    windows += [(f"{y}-01-01", f"{y}-06-30") for y in years]
    windows += [(f"{y}-07-01", f"{y + 1}-06-30") for y in years]
    return windows


# --------------------------------------------------------------------------- timing
class Cap:
    """Interrupts a call that runs longer than `seconds` (sqlite3 progress handler)."""

    def __init__(self, db: Any, seconds: float) -> None:
        self.db, self.seconds, self.deadline = db, seconds, float("inf")
        db.conn.set_progress_handler(self._check, 10_000)

    def _check(self) -> int:
        return int(time.perf_counter() > self.deadline)

    def call(self, function: Callable[[], Any]) -> tuple[float, Any, bool]:
        started = time.perf_counter()
        self.deadline = started + self.seconds
        try:
            result, stopped = function(), False
        except sqlite3.OperationalError as error:
            if "interrupted" not in str(error):
                raise
            result, stopped = [], True
        finally:
            self.deadline = float("inf")
        return time.perf_counter() - started, result, stopped


def measure(db: Any, name: str, calls: list[Call], tracer: Tracer, cap: Cap,
            query_cap: float = QUERY_CAP_S) -> Row:
    row = Row(name, calls[0][0][:70] if calls else "", call_cap_s=cap.seconds, query_cap_s=query_cap)
    if not calls:
        return row
    elapsed, _, stopped = cap.call(calls[0][1])  # warm-up, untimed in the statistics
    row.first_ms = 1000 * elapsed
    times, sizes, statements = [], [], []
    slowest: tuple[float, list[str]] = (0.0, [])
    spent = elapsed
    for _, call in calls:
        if spent > query_cap:
            row.skipped += 1
            continue
        tracer.reset()
        elapsed, result, stopped = cap.call(call)
        spent += elapsed
        row.interrupted += stopped
        times.append(elapsed)
        sizes.append(_size(result))
        statements.append(len(tracer.statements))
        if elapsed > slowest[0]:
            slowest = (elapsed, list(tracer.statements))
    row.calls = len(times)
    row.median_ms, row.p95_ms = 1000 * median(times), 1000 * percentile(times, 0.95)
    row.max_ms = 1000 * max(times)
    row.rows_median, row.statements = median(sizes), median(statements)
    if row.p95_ms > BUDGET_MS:
        row.slowest_sql, row.plan = _slowest_statement(db, slowest[1], tracer, cap)
    return row


def _size(result: Any) -> int:
    if isinstance(result, dict):
        return sum(len(v) if isinstance(v, list) else 1 for v in result.values())
    return len(result)


def _slowest_statement(db: Any, statements: list[str], tracer: Tracer, cap: Cap
                       ) -> tuple[str, list[str]]:
    """Re-run each statement of the slowest call alone (capped too); the slowest one and its
    query plan."""
    timed = []
    db.conn.set_trace_callback(None)
    try:
        for sql in dict.fromkeys(statements):
            if not sql.lstrip().lower().startswith(("select", "with")):
                continue
            try:
                elapsed, _, stopped = cap.call(lambda sql=sql: db.conn.execute(sql).fetchall())
            except sqlite3.Error:
                continue  # not a statement that runs alone
            timed.append((elapsed, stopped, sql))
        if not timed:
            return "", []
        seconds, stopped, sql = max(timed)
        plan = [row[-1] for row in db.conn.execute("explain query plan " + sql).fetchall()]
        took = f"over {seconds:.0f} s (interrupted)" if stopped else f"{1000 * seconds:.0f} ms"
        return f"{took}: {' '.join(sql.split())[:400]}", plan
    finally:
        db.conn.set_trace_callback(tracer.record)


# --------------------------------------------------------------------------- main
def default_db(docs: int | None) -> Path:
    from bench_batch import database

    return database(f"gen{docs or 10_000}", 2)


def ensure_db(path: Path, docs: int | None) -> Path:
    if path.exists():
        return path
    if docs is None:
        raise SystemExit(f"{path} not found: run benchmarks/bench_batch.py first, or pass --docs N "
                         "to build a database of N generated documents")
    from pipeline.batch import ingest_paths

    folder = generated_corpus(docs, mode="chains")
    log(f"query: ingesting {docs} generated documents into {path} (2 jobs) ...")
    ingest_paths([folder], path, jobs=2)
    return path


def run(db_path: Path, repeat: int = 20, seed: int = 1, call_cap: float = CALL_CAP_S,
        query_cap: float = QUERY_CAP_S) -> tuple[list[Row], dict[str, Any]]:
    from pipeline.store import open_db

    db = open_db(db_path)
    shown = db_path.resolve().relative_to(REPO) if db_path.resolve().is_relative_to(REPO) else db_path
    facts = {"database": str(shown), "MB": round(db_path.stat().st_size / 1e6),
             **{t: db[t].count for t in ("documents", "tasks", "edges", "references")}}
    tracer = Tracer(db)
    rows = []
    for name, calls in workload(db, repeat, random.Random(seed)).items():
        log(f"query: {name} ...")
        rows.append(measure(db, name, calls, tracer, Cap(db, call_cap), query_cap))
        log(f"  median {rows[-1].median_ms:.1f} ms, p95 {rows[-1].p95_ms:.1f} ms")
    db.conn.set_trace_callback(None)
    db.conn.set_progress_handler(None, 0)
    return rows, facts


def report(rows: list[Row], facts: dict[str, Any]) -> str:
    lines = [", ".join(f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}" for k, v in facts.items()),
             "", table(
                 ["query", "example argument", "calls", "median ms", "p95 ms", "max ms",
                  "first call ms", "rows (median)", "SQL statements / call", "capped"],
                 [[r.query, f"`{r.example}`" if r.example else "", r.calls, _ms(r, r.median_ms),
                   _ms(r, r.p95_ms), _ms(r, r.max_ms), _ms(r, r.first_ms), r.rows_median,
                   r.statements, _capped(r)] for r in rows],
                 [False, False, *[True] * 7, False]), ""]
    over = [r for r in rows if r.p95_ms > BUDGET_MS]
    if not over:
        lines.append(f"- Every query's p95 is under {BUDGET_MS:g} ms.")
    for r in over:
        at_least = "at least " if r.interrupted else ""
        lines.append(f"- {r.query}: p95 {at_least}{r.p95_ms:,.0f} ms, over the {BUDGET_MS:g} ms "
                     f"budget by {at_least}{r.p95_ms / BUDGET_MS:.1f}×; slowest statement "
                     f"{r.slowest_sql}")
        lines += [f"    - plan: {step}" for step in r.plan]
    return "\n".join(lines)


def _ms(row: Row, value: float) -> str:
    """Milliseconds; a value at the call cap is a lower bound (`≥`)."""
    if row.interrupted and value >= 1000 * row.call_cap_s:
        return f"≥ {value:,.0f}"
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def _capped(row: Row) -> str:
    notes = []
    if row.interrupted:
        notes.append(f"{row.interrupted} interrupted at {row.call_cap_s:g} s")
    if row.skipped:
        notes.append(f"{row.skipped} skipped after {row.query_cap_s:g} s")
    return "; ".join(notes) or "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="database (default: bench_batch's 10,000 run)")
    parser.add_argument("--docs", type=int, help="use or build the database of N generated docs")
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per query (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the argument choice")
    parser.add_argument("--call-cap", type=float, default=CALL_CAP_S,
                        help="interrupt a call after this many seconds (10)")
    parser.add_argument("--query-cap", type=float, default=QUERY_CAP_S,
                        help="no more calls of a query after this many seconds in all (30)")
    parser.add_argument("--output", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    with exclusive():
        path = ensure_db(args.db or default_db(args.docs), args.docs)
        rows, facts = run(path, args.repeat, args.seed, args.call_cap, args.query_cap)
    print(report(rows, facts))
    write_json(args.output, {"facts": facts, "rows": [asdict(row) for row in rows]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
