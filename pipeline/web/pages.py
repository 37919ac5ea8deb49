"""What the workbench's pages show, read from the store with the same queries as the CLI and the
Python API (`pipeline.query`): a document with its tasks and the documents it implements and
that implement it (with the lag in days); a task with its roles as written, its deadline and its
chain to the central source with the passage it carries out; a body with its tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from .. import query

Page = dict[str, Any]


def _one(db: sqlite_utils.Database, sql: str, key: str) -> dict[str, Any] | None:
    """The row a page is about, or None (the page answers 404)."""
    return next(iter(db.query(sql, [key])), None)


def document_page(db: sqlite_utils.Database, document_id: str) -> Page | None:
    row = _one(db, "select id, symbol, kind, date, issuer, title, level, jurisdiction, ingested, "
               "path from documents where id = ?", document_id)
    if row is None:
        return None
    tasks = list(db.query("""
        select t.id, t.section, t.text, t.deadline_text, t.deadline_date,
          (select group_concat(coalesce(r.text, b.name, r.body_id), '; ') from task_roles r
             left join bodies b on b.id = r.body_id where r.task_id = t.id and r.role = 'lead')
            as lead
        from tasks t where t.document_id = ? order by t.start""", [document_id]))
    up = [_with_lag(other, row["date"], later=False) for other in db.query("""
        select d.id, d.symbol, d.kind, d.date, d.level from edges e join documents d
        on d.id = e.dst where e.src = ? and e.type = 'implements' order by d.date""",
        [document_id])]
    down = [_with_lag(other, row["date"], later=True)
            for other in query.implementing_documents(db, document_id)]
    return {"document": row, "tasks": tasks, "implements": up, "implemented_by": down}


def task_page(db: sqlite_utils.Database, task_id: str) -> Page | None:
    row = _one(db, "select t.*, d.symbol from tasks t join documents d on d.id = t.document_id "
               "where t.id = ?", task_id)
    if row is None:
        return None
    roles = list(db.query("""
        select r.role, r.body_id, b.name, r.text, r.inherited from task_roles r
        left join bodies b on b.id = r.body_id where r.task_id = ? order by r.rowid""",
        [task_id]))
    passages = [p for p in query.task_passages(db, task_id) if p["rank"] == 1]
    return {"task": row, "roles": roles, "chain": query.task_sources(db, task_id),
            "passages": passages}


def body_page(db: sqlite_utils.Database, body_id: str) -> Page | None:
    row = _one(db, "select * from bodies where id = ?", body_id)
    if row is None:
        return None
    return {"body": row, "tasks": query.tasks_by_body(db, body_id)}


def _with_lag(other: dict[str, Any], own: str | None, later: bool) -> dict[str, Any]:
    """The other document with the days between the two dates (how long a plan followed)."""
    lag = None
    if own and other.get("date"):
        try:
            days = (date.fromisoformat(other["date"]) - date.fromisoformat(own)).days
            lag = days if later else -days
        except ValueError:
            lag = None
    return {**other, "lag_days": lag}
