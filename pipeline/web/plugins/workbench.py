"""Datasette plugin: the workbench's document, task and body pages (`/-/document/<id>`,
`/-/task/<id>`, `/-/body/<id>`) and the graph view of a document's neighbourhood
(`/-/graph/<id>`, drawing `/-/graph/<id>.json`; `?depth=1..4&tasks=1`), rendered with the
templates beside this file from `pipeline.web.pages`. Loaded by `vndoc serve`
(`--plugins-dir`), which also mounts the static files (`/-/workbench/`)."""

from __future__ import annotations

import asyncio
import functools
import urllib.parse
from collections.abc import Callable
from typing import Any

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from pipeline import query
from pipeline.graph import bounded_depth
from pipeline.store import open_db
from pipeline.web import pages

Options = Callable[[Any], dict[str, Any]]  # a request → the page's keyword arguments


def _no_options(request: Any) -> dict[str, Any]:
    """A page the URL's id alone decides."""
    return {}


def _int_arg(request: Any, name: str, default: int) -> int:
    """A whole number from the query string; `default` when missing or not a number (a URL
    typed by hand is no error page)."""
    try:
        return int(request.args.get(name) or default)
    except ValueError:
        return default


def _graph_options(request: Any) -> dict[str, Any]:
    """`depth` (1 to 4; 2 when missing or not a number) and `tasks` from the query string, so
    the page's form and its links choose what the graph shows."""
    return {"depth": bounded_depth(_int_arg(request, "depth", 2)),
            "tasks": request.args.get("tasks") in ("1", "on", "true")}


def _page_options(request: Any) -> dict[str, Any]:
    """`offset` from the query string (0 when missing or not a number): long lists of tasks
    are shown a page at a time."""
    return {"offset": max(0, _int_arg(request, "offset", 0))}


async def _build(datasette: Any, request: Any, build: Callable[..., Any],
                 options: Options) -> tuple[str, Any]:
    """The key the URL names and what `build` makes of it, read in a thread (SQLite blocks)."""
    key = urllib.parse.unquote(request.url_vars["key"])
    database = next(d for d in datasette.databases.values() if d.path)
    build = functools.partial(build, **options(request))
    return key, await asyncio.to_thread(_read, database.path, build, key)


def _page(build: Callable[..., Any], template: str,
          options: Options = _no_options) -> Callable[..., Any]:
    """A route's view: the page `build` makes of the URL's id rendered with `template`, or 404."""
    async def view(datasette: Any, request: Any) -> Any:
        key, data = await _build(datasette, request, build, options)
        if data is None:
            return Response.html(f"<h1>Not found</h1><p>{escape(key)}</p>", status=404)
        html = await datasette.render_template(template, {**data, "quote": _quote},
                                               request=request)
        return Response.html(html)

    return view


def _json(build: Callable[..., Any], options: Options = _no_options) -> Callable[..., Any]:
    """A route's view answering JSON (what a page's script draws, or a script of one's own)."""
    async def view(datasette: Any, request: Any) -> Any:
        key, data = await _build(datasette, request, build, options)
        if data is None:
            return Response.json({"ok": False, "error": f"not found: {key}"}, status=404)
        return Response.json(data)

    return view


def _read(path: str, build: Callable[[Any, str], Any], key: str) -> Any:
    db = open_db(path, readonly=True)
    try:
        return build(db, key)
    finally:
        db.close()


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


async def search_view(datasette: Any, request: Any) -> Any:
    """`/-/search?q=...`: the tasks `query search` finds for the same words, ranked the same
    way (`query.search_tasks`: diacritics as typed, phrases first, `"…"`, `-`, `OR`)."""
    words = (request.args.get("q") or "").strip()
    tasks: list[dict[str, Any]] = []
    if words:
        database = next(d for d in datasette.databases.values() if d.path)
        tasks = await asyncio.to_thread(_read, database.path, functools.partial(
            query.search_tasks, limit=SEARCH_ROWS), words)
    html = await datasette.render_template("search.html", {
        "q": words, "tasks": tasks, "quote": _quote}, request=request)
    return Response.html(html)


SEARCH_ROWS = 100  # hits a search page shows


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/search$", search_view),
        (r"^/-/document/(?P<key>.+)$", _page(pages.document_page, "document.html")),
        (r"^/-/task/(?P<key>.+)$", _page(pages.task_page, "task.html")),
        (r"^/-/body/(?P<key>.+)$", _page(pages.body_page, "body.html", _page_options)),
        # the JSON first: `.json` would otherwise be read as the end of a document's id
        (r"^/-/graph/(?P<key>.+)\.json$", _json(pages.graph_data, _graph_options)),
        (r"^/-/graph/(?P<key>.+)$", _page(pages.graph_page, "graph.html", _graph_options)),
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
    return Markup(f'<a href="/-/{page}/{_quote(value)}">{escape(value)}</a>')
