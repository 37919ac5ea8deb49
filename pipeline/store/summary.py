"""The store's summary (how many documents, tasks, bodies, references; how many tasks reach a
central document), kept at write time.

Counting the references by status and walking the implements chains of every central
document took 0.35 s on a store of 10,000 documents, on every `query summary` and every page
that shows the counts. The batch computes it once at its end (`refresh`, in the writer) and
any write that changes documents clears it (`mark_stale`), so a read is one row; a store whose
summary is stale, or older than this table, is counted live.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

import sqlite_utils


def create_table(db: sqlite_utils.Database) -> None:
    """One row (id 1): the summary as JSON and when it was counted."""
    db.execute("create table if not exists summary (id integer primary key check (id = 1), "
               "data text not null, computed_at text not null)")


def mark_stale(db: sqlite_utils.Database) -> None:
    """Called in the transaction that writes or removes a document."""
    db.execute("delete from summary")


def refresh(db: sqlite_utils.Database) -> dict[str, Any]:
    """Count now and keep the counts (in the caller's transaction, if any)."""
    data = count(db)
    db.execute("insert or replace into summary (id, data, computed_at) values (1, ?, ?)",
               [json.dumps(data), datetime.now(UTC).isoformat(timespec="seconds")])
    if not db.conn.in_transaction:
        db.conn.commit()
    return data


def read(db: sqlite_utils.Database) -> dict[str, Any]:
    """The kept counts, else counted live (a read-only store is never written). The number of
    failed files is always live: failures are recorded outside document writes."""
    try:
        row = db.execute("select data from summary where id = 1").fetchone()
    except sqlite3.OperationalError:  # a store from before the table: counted live
        row = None
    data = json.loads(row[0]) if row else count(db)
    data["failed_files"] = db["failures"].count
    return data


def count(db: sqlite_utils.Database) -> dict[str, Any]:
    """The counts, from the tables."""
    status = {row["status"]: row["n"] for row in db.query(
        'select status, count(*) as n from "references" group by status')}
    return {
        "documents": db["documents"].count_where("ingested = 1"),
        "stub_documents": db["documents"].count_where("ingested = 0"),
        "tasks": db["tasks"].count,
        "bodies": db["bodies"].count,
        "references": sum(status.values()),
        "references_by_status": status,
        **_central_reach(db),
        "failed_files": db["failures"].count,
    }


def _central_reach(db: sqlite_utils.Database) -> dict[str, int]:
    """Tasks linked to a central document directly (`task_central_links`), and tasks whose
    sources reach one directly or through documents that implement one
    (`tasks_reaching_central`): both counted in one pass over the task edges."""
    row = next(iter(db.query("""
        with recursive up(doc, central) as (
            select id, 1 from documents where level = 'central'
            union
            select e.src, 0 from edges e join up on e.dst = up.doc where e.type = 'implements'
        ), reach(doc, central) as (select doc, max(central) from up group by doc)
        select count(distinct case when reach.central then e.src end) as direct,
               count(distinct e.src) as reaching
        from edges e join reach on e.dst = reach.doc where e.type = 'derives_from'""")))
    return {"task_central_links": row["direct"], "tasks_reaching_central": row["reaching"]}
