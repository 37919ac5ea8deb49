"""Datasette plugin: the workbench's document, task and body pages (`/-/document/<id>`,
`/-/task/<id>`, `/-/body/<id>`), rendered with the templates beside this file from
`pipeline.web.pages`. Loaded by `vndoc serve` (`--plugins-dir`)."""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Callable
from typing import Any

from datasette import Response, hookimpl

from pipeline.store import open_db
from pipeline.web import pages


def _page(build: Callable[[Any, str], Any], template: str) -> Callable[..., Any]:
    async def view(datasette: Any, request: Any) -> Any:
        key = urllib.parse.unquote(request.url_vars["key"])
        database = next(d for d in datasette.databases.values() if d.path)
        data = await asyncio.to_thread(_read, database.path, build, key)
        if data is None:
            return Response.html(f"<h1>Not found</h1><p>{key}</p>", status=404)
        html = await datasette.render_template(template, {**data, "quote": _quote},
                                               request=request)
        return Response.html(html)

    return view


def _read(path: str, build: Callable[[Any, str], Any], key: str) -> Any:
    db = open_db(path, readonly=True)
    try:
        return build(db, key)
    finally:
        db.close()


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/document/(?P<key>.+)$", _page(pages.document_page, "document.html")),
        (r"^/-/task/(?P<key>.+)$", _page(pages.task_page, "task.html")),
        (r"^/-/body/(?P<key>.+)$", _page(pages.body_page, "body.html")),
    ]


_LINKED = {("tasks", "id"): "task", ("tasks", "document_id"): "document",
           ("documents", "id"): "document", ("bodies", "id"): "body",
           ("task_roles", "task_id"): "task", ("task_roles", "body_id"): "body",
           ("alignments", "task_id"): "task", ("alignments", "document_id"): "document",
           ("alignments", "target_document"): "document"}


@hookimpl
def render_cell(value: Any, column: str, table: str | None) -> Any:
    """Ids in the tables link to the workbench's page for them."""
    page = _LINKED.get((table or "", column))
    if page is None or not isinstance(value, str) or not value:
        return None
    from markupsafe import Markup, escape

    return Markup(f'<a href="/-/{page}/{_quote(value)}">{escape(value)}</a>')
