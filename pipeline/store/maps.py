"""Whole-store maps for walking many source chains at once (`chain.source_chain`): the exports,
the alignment pass and the queries read them from here."""

from __future__ import annotations

import sqlite_utils


def implements_map(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Every `implements` edge at once: document → the documents it implements."""
    found: dict[str, list[str]] = {}
    for row in db.query("select src, dst from edges where type = 'implements'"):
        found.setdefault(row["src"], []).append(row["dst"])
    return found


def levels_map(db: sqlite_utils.Database) -> dict[str, str | None]:
    """Every document's level at once."""
    return {row["id"]: row["level"] for row in db.query("select id, level from documents")}
