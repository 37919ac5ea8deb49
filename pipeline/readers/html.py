"""A saved web page (`.html`) → `SourceDocument`: the document's body without the site around it.

The page's scripts, styles, navigation, headers, footers and forms go; of what remains, the body
is the smallest element that still holds most of the page's text (a legal database page wraps
the document in tabs, menus and related lists). It is written as text with one line per block
and each table row as `| cell | cell |` (the layout the cleaning stage reads as a table). lxml
reads the page's declared encoding.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import lxml.html

from ..errors import IngestError, Reason
from ..records import Problem, SourceDocument
from .limits import Limits

_CHROME = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "svg",
           "button", "select")
_CONTAINERS = ("div", "article", "section", "main", "td", "body")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul",
           "ol", "section", "article", "blockquote", "pre", "hr"}
_SHARE = 0.8  # the body holds at least this share of the page's text
_MOTTO = re.compile(r"cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|đảng\s+cộng\s+sản\s+việt\s+nam")


def read_html(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument:
    """The page's main text, or `IngestError` when it is no HTML or holds no text."""
    try:
        page = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError) as error:
        raise IngestError(name, Reason.CORRUPT, f"not a readable HTML page ({error})") from None
    for element in page.xpath("|".join(f"//{tag}" for tag in _CHROME)):
        element.drop_tree()
    body = _main_content(page)
    text = unicodedata.normalize("NFC", _text(body))
    if not text.strip():
        raise IngestError(name, Reason.EMPTY, "the page holds no text")
    kept = Problem(stage="ingest", code="web-page", message=(
        f"the document taken from a web page: {len(text):,} of {_length(page):,} characters "
        "kept, the site's menus and lists left out"))
    return SourceDocument(path=name, format="html", sha256=sha256, text=text, encoding="utf-8",
                          warnings=(kept,))


def _length(element: Any) -> int:
    return len(" ".join(element.text_content().split()))


def _main_content(page: Any) -> Any:
    """The smallest container that holds the document's header (the national or the Party's
    motto) and at least half the text; else the smallest holding most of the text."""
    sized = [(_length(element), element) for element in page.iter(*_CONTAINERS)]
    if not sized:
        return page
    largest = max(size for size, _ in sized)
    headed = [item for item in sized if item[0] >= 0.5 * largest
              and _MOTTO.search(item[1].text_content().lower())]
    pool = headed or [item for item in sized if item[0] >= _SHARE * largest]
    return min(pool, key=lambda item: item[0])[1]


def _text(root: Any) -> str:
    parts: list[str] = []
    _walk(root, parts)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _walk(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "tr":
        cells = [" ".join(cell.text_content().split()) for cell in element if cell.tag in
                 ("td", "th")]
        parts.append("\n| " + " | ".join(cells) + " |\n")
    else:
        if tag in _BLOCKS:
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            _walk(child, parts)
        if tag in _BLOCKS:
            parts.append("\n")
    parts.append(element.tail or "")
