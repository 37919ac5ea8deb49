"""The knowledge base of documents: a folder's `documents.jsonl` plus what texts teach it.

Every fact carries provenance. Symbols repeat (`21-NQ/TW` names three resolutions), so the base
maps a normalized symbol to *all* documents known under it; resolution decides between them.
"""

from __future__ import annotations

import json
import re
from collections import ChainMap
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ResourceError
from .normalize import fold
from .records import DocumentMeta


@dataclass
class KbDocument:
    id: str
    symbol: str | None = None
    kind: str | None = None
    issuer: str | None = None
    date: str | None = None
    term: str | None = None
    title: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    aliases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KbDocument:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


class KnowledgeBase:
    """Documents by id, by symbol and by folded alias; source profiles by sha256."""

    def __init__(self, documents: list[KbDocument] | None = None,
                 profiles: dict[str, dict[str, Any]] | None = None,
                 parent: KnowledgeBase | None = None) -> None:
        self.parent = parent
        self.local: dict[str, KbDocument] = {}
        self._documents: ChainMap[str, KbDocument] = ChainMap(
            self.local, *([parent._documents] if parent else []))
        self._pending: list[tuple[str, str, dict[str, Any], str, str]] = []
        self.by_symbol: dict[str, list[KbDocument]] = {}
        self.by_alias: dict[str, list[KbDocument]] = {}
        self.profiles: dict[str, dict[str, Any]] = (
            profiles if profiles is not None else (parent.profiles if parent else {}))
        self._law_pattern: re.Pattern[str] | None = None
        self._named_aliases: tuple[str, ...] | None = None
        for document in documents or []:
            self.add(document)

    @property
    def documents(self) -> ChainMap[str, KbDocument]:
        """Every document known here or to the parent base, by id."""
        self._flush()
        return self._documents

    def overlay(self) -> KnowledgeBase:
        """A base that learns without changing this one (one per document, cheap)."""
        return KnowledgeBase(parent=self)

    def add(self, document: KbDocument) -> KbDocument:
        self._flush()
        return self._add(document)

    def _add(self, document: KbDocument) -> KbDocument:
        known = self._documents.get(document.id)
        if known is not None and known.id in self.local:
            _merge(known, document)
            return known
        if known is not None:  # known to the parent: merge into a local copy
            copy = KbDocument(**{**known.__dict__, "aliases": list(known.aliases),
                                 "keywords": list(known.keywords),
                                 "provenance": list(known.provenance)})
            _merge(copy, document)
            self.local[copy.id] = copy
            return copy
        self.local[document.id] = document
        if document.symbol:
            self.by_symbol.setdefault(document.symbol, []).append(document)
        for alias in {fold(a) for a in document.aliases}:
            self.by_alias.setdefault(alias, []).append(document)
        return document

    def candidates(self, symbol: str) -> list[KbDocument]:
        self._flush()
        found = self.parent.candidates(symbol) if self.parent else []
        local = self.by_symbol.get(symbol, [])
        return [self.documents[d.id] for d in found if d.id not in self.local] + list(local)

    def law_pattern(self) -> re.Pattern[str]:
        """Known law names (folded), longest first, for matching `Luật <name>`."""
        if self.parent is not None:
            return self.parent.law_pattern()
        if self._law_pattern is None:
            self._law_pattern = self._build_law_pattern()
        return self._law_pattern

    def _build_law_pattern(self) -> re.Pattern[str]:
        names = tuple(sorted({fold(alias) for d in self.documents.values()
                              if d.kind in {"Luật", "Bộ luật"}
                              for alias in [*d.aliases, d.title or ""]
                              if fold(alias).startswith(("luật ", "bộ luật "))},
                             key=len, reverse=True))
        return _law_regex(names)

    def named_aliases(self) -> tuple[str, ...]:
        """The folded aliases of every known document but laws (laws have `law_pattern`):
        names the extractor looks for in a text, `Chương trình chuyển đổi số quốc gia`."""
        if self.parent is not None:
            return self.parent.named_aliases()
        if self._named_aliases is None:
            self._named_aliases = tuple(sorted({
                fold(alias) for d in self.documents.values()
                if d.kind not in {"Luật", "Bộ luật"} for alias in d.aliases}))
        return self._named_aliases

    def named(self, name: str) -> list[KbDocument]:
        self._flush()
        key = fold(name)
        found = self.parent.named(name) if self.parent else []
        return [self.documents[d.id] for d in found if d.id not in self.local] + list(
            self.by_alias.get(key, ()))

    def learn(self, document_id: str, symbol: str, facts: dict[str, Any], source: str,
              quote: str) -> None:
        """A full citation in a text teaches the base (id, date, issuer, term, title). Kept as
        given and merged on the next look-up: most per-document bases are never asked again."""
        self._pending.append((document_id, symbol, facts, source, quote))

    def _flush(self) -> None:
        if self.parent is not None:
            self.parent._flush()
        pending, self._pending = self._pending, []
        for document_id, symbol, facts, source, quote in pending:
            self._add(KbDocument(
                id=document_id, symbol=symbol,
                **{k: v for k, v in facts.items() if k in {"kind", "issuer", "date", "term",
                                                           "title", "level"} and v},
                provenance=[{"fields": [*sorted(k for k, v in facts.items() if v), "symbol"],
                             "source": source, "quote": quote[:300]}],
            ))

    def complete_meta(self, sha256: str, meta: DocumentMeta) -> DocumentMeta:
        """Fill fields the text lacks from a hand-entered profile of that exact file."""
        profile = self.profiles.get(sha256)
        if not profile:
            return meta
        filled = {k: v for k, v in profile.get("document", {}).items()
                  if hasattr(meta, k) and _extends(getattr(meta, k), v)}
        return replace(meta, **filled) if filled else meta

    def jurisdiction(self, sha256: str) -> str | None:
        return self.profiles.get(sha256, {}).get("jurisdiction")


@lru_cache(maxsize=8)
def _law_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    if not names:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def _extends(extracted: Any, profile_value: Any) -> bool:
    """The profile fills a missing field or completes a partial one (adds the jurisdiction)."""
    if extracted in (None, "", ()):
        return True
    return isinstance(extracted, str) and fold(str(profile_value)).startswith(fold(extracted))


def _merge(known: KbDocument, new: KbDocument) -> None:
    for name in ("kind", "issuer", "date", "term", "title", "level"):
        if getattr(known, name) in (None, "") and getattr(new, name):
            setattr(known, name, getattr(new, name))
    known.provenance.extend(p for p in new.provenance if p not in known.provenance)


def read_jsonl(path: Path, required: bool = False) -> list[dict[str, Any]]:
    """The records of a JSON-lines file; a missing optional file has none, a missing required
    one is a `ResourceError` naming it (a wrong folder must not pass for an empty base)."""
    if not path.exists():
        if required:
            raise ResourceError(path, "not found")
        return []
    try:
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except (OSError, ValueError) as error:
        raise ResourceError(path, f"cannot be read: {error}") from error


def load_knowledge_base(directory: Path) -> KnowledgeBase:
    """The base of a knowledge base folder (`documents.jsonl`, optional `sources.jsonl`).
    Callers extract with an `overlay()` of it, so one document's learning stays its own."""
    if not directory.is_dir():
        raise ResourceError(directory, "is not a knowledge base folder (it does not exist)"
                            if not directory.exists() else "is a file, not a knowledge base folder")
    documents = read_jsonl(directory / "documents.jsonl", required=True)
    if not documents:
        raise ResourceError(directory / "documents.jsonl", "lists no document")
    profiles = {p["sha256"]: p for p in read_jsonl(directory / "sources.jsonl")}
    return KnowledgeBase([KbDocument.from_json(dict(d)) for d in documents], profiles)
