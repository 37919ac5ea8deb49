"""Resolution stage: references → canonical identities, through the knowledge base and the
document's own context.

Order of evidence: the citation itself (symbol + date), an antecedent in the same text (an
earlier or later full citation of the same symbol), the knowledge base filtered by year, term,
issuer and kind, and finally context keywords. When several candidates stay, the reference is
`ambiguous` with its candidates; when none, `unresolved`. Never a silent guess.
"""

from __future__ import annotations

import re

from ..identity import canonical_id
from ..knowledge import KbDocument, KnowledgeBase
from ..normalize import fold
from ..records import Candidate, DocumentMeta, Reference

_PARAGRAPH = re.compile(r"[^\n]+")


def _settle(reference: Reference, **changes: object) -> Reference:
    """Record what resolution decided on the draft itself (no copy per reference)."""
    for name, value in changes.items():
        setattr(reference, name, value)
    return reference


def resolve_all(references: list[Reference], text: str, kb: KnowledgeBase, meta: DocumentMeta,
                source: str = "") -> list[Reference]:
    dated = _dated_antecedents(references)
    resolved: list[Reference] = []
    for reference in references:
        found = resolve(reference, text, kb, meta, dated)
        if found.target == "self" and not _can_be_self(found, meta):
            found = _anaphora(found, resolved)
        resolved.append(found)
    for reference in resolved:
        if reference.form in {"full", "symbol"} and reference.date and reference.symbol:
            kb.learn(reference.target or canonical_id(reference.symbol, reference.date),
                     reference.symbol, _facts(reference), source or "text", reference.text)
    return resolved


# Instruments a decision promulgates in its annex: `Quy chế này` in a Quyết định is the document.
_ANNEXED_KINDS = {"Quy chế", "Quy định", "Chương trình", "Kế hoạch", "Đề án", "Hướng dẫn",
                  "Điều lệ", "Danh mục"}


def _can_be_self(reference: Reference, meta: DocumentMeta) -> bool:
    if reference.form != "self" or not meta.kind or not reference.kind:
        return True
    if reference.kind == meta.kind or meta.kind.startswith(reference.kind):
        return True
    return meta.kind == "Quyết định" and reference.kind in _ANNEXED_KINDS


def _anaphora(reference: Reference, before: list[Reference]) -> Reference:
    """`Nghị định này` in a letter: the nearest document of that kind cited before it."""
    for earlier in reversed(before):
        if earlier.kind == reference.kind and earlier.target and earlier.target != "self":
            return _settle(reference, status=earlier.status, target=earlier.target,
                           symbol=earlier.symbol, date=earlier.date, method="anaphora")
    return _settle(reference, status="unresolved", target=None, method="anaphora-none")


def _facts(reference: Reference) -> dict[str, object]:
    return {"kind": reference.kind, "issuer": reference.issuer, "date": reference.date,
            "term": reference.term, "title": reference.title}


def _dated_antecedents(references: list[Reference]) -> dict[str, list[tuple[int, str]]]:
    dated: dict[str, list[tuple[int, str]]] = {}
    for reference in references:
        if reference.symbol and reference.date:
            dated.setdefault(reference.symbol, []).append((reference.start, reference.date))
    return dated


def resolve(reference: Reference, text: str, kb: KnowledgeBase, meta: DocumentMeta,
            dated: dict[str, list[tuple[int, str]]]) -> Reference:
    if reference.form == "self":
        return _settle(reference, status="resolved", target="self", method="self")
    if reference.form == "named":
        return _resolve_named(reference, text, kb, meta)
    if reference.form == "bare-number":
        return _resolve_bare(reference, meta, dated)
    return _resolve_symbol(reference, text, kb, meta, dated)


def _resolve_symbol(reference: Reference, text: str, kb: KnowledgeBase, meta: DocumentMeta,
                    dated: dict[str, list[tuple[int, str]]]) -> Reference:
    symbol = reference.symbol or ""
    if meta.symbol and symbol == meta.symbol and (not reference.date or reference.date == meta.date):
        return _settle(reference, status="resolved", target="self", method="own-symbol")
    if reference.date:
        target = canonical_id(symbol, reference.date)
        method = "kb-exact" if target in kb.documents else "citation"
        return _settle(reference, status="resolved", target=target, method=method)
    antecedent = _nearest(dated.get(symbol, []), reference.start)
    if antecedent:
        return _settle(reference, status="resolved", target=canonical_id(symbol, antecedent),
                       date=antecedent, method="antecedent")
    candidates = _filter(kb.candidates(symbol), reference)
    if not candidates and reference.year and _unique_by_symbol(reference):
        return _settle(reference, status="resolved", target=symbol, method="symbol-unique")
    return _decide(reference, candidates, text, method="kb")


def _unique_by_symbol(reference: Reference) -> bool:
    """State legal documents carry their year in the symbol: `34/2016/NĐ-CP` names one."""
    return bool(reference.symbol and re.search(r"/(?:19|20)\d\d/", reference.symbol))


def _nearest(dates: list[tuple[int, str]], position: int) -> str | None:
    if not dates:
        return None
    before = [d for d in dates if d[0] <= position]
    return (before[-1] if before else dates[0])[1]


def _filter(candidates: list[KbDocument], reference: Reference) -> list[KbDocument]:
    if reference.year:
        by_year = [c for c in candidates if c.year == reference.year]
        candidates = by_year or ([] if any(c.year for c in candidates) else candidates)
    if reference.term:
        by_term = [c for c in candidates if (c.term or "").upper() == reference.term]
        candidates = by_term or candidates
    if reference.issuer:
        issuer = fold(reference.issuer)
        by_issuer = [c for c in candidates if c.issuer and (fold(c.issuer) in issuer
                                                            or issuer in fold(c.issuer))]
        candidates = by_issuer or candidates
    return candidates


def _decide(reference: Reference, candidates: list[KbDocument], text: str, method: str
            ) -> Reference:
    if not candidates:
        return _settle(reference, status="unresolved", target=None, method="no-candidate")
    if len(candidates) == 1:
        return _settle(reference, status="resolved", target=candidates[0].id,
                       method=f"{method}-unique")
    scored = sorted(((_context_score(c, reference, text), c) for c in candidates),
                    key=lambda pair: (-pair[0], pair[1].id))
    listed = tuple(Candidate(c.id, float(score), "context keywords") for score, c in scored)
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return _settle(reference, status="resolved", target=scored[0][1].id,
                       method=f"{method}-context", candidates=listed)
    return _settle(reference, status="ambiguous", target=None, method=f"{method}-ambiguous",
                   candidates=listed)


def _context_score(candidate: KbDocument, reference: Reference, text: str) -> int:
    window = fold(_paragraph_around(text, reference.start, reference.end))
    return sum(1 for keyword in candidate.keywords if fold(keyword) in window)


def _paragraph_around(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left: right if right >= 0 else len(text)]


def _resolve_named(reference: Reference, text: str, kb: KnowledgeBase, meta: DocumentMeta
                   ) -> Reference:
    name = reference.name or reference.text
    by_rule = _named_by_rule(reference, name, meta)
    if by_rule is not None:
        return _settle(reference, status="resolved", target=by_rule, method="named-rule")
    candidates = _in_jurisdiction(kb.named(name), meta)
    if reference.kind in {"Luật", "Bộ luật"}:
        return _resolve_law_by_name(reference, candidates, meta)
    return _decide(reference, candidates, text, method="alias")


def _resolve_law_by_name(reference: Reference, candidates: list[KbDocument],
                         meta: DocumentMeta) -> Reference:
    """A law cited by name is the latest law of that name on or before the citing document's
    date (the version in force; a header whose day is unreadable bounds it by its year); a year
    written with the name (`năm 2015`) decides first. Without either, only a single known law
    of the name."""
    year = reference.year or (int(reference.date[:4]) if reference.date else None)
    if year:
        of_year = [c for c in candidates if c.year == year]
        if len(of_year) == 1:
            return _settle(reference, status="resolved", target=of_year[0].id,
                           method="alias-year")
    issued = meta.date or (f"{meta.year}-12-31" if meta.year else None)
    if issued:
        in_force = [c for c in candidates if c.date and c.date <= issued]
        if in_force:
            latest = max(in_force, key=lambda c: c.date or "")
            listed = tuple(Candidate(c.id, 1.0 if c is latest else 0.0, "law of that name")
                           for c in candidates)
            return _settle(reference, status="resolved", target=latest.id,
                           method="alias-in-force", candidates=listed)
        return _settle(reference, status="unresolved", target=None, method="no-law-in-force")
    if len(candidates) == 1:
        return _settle(reference, status="resolved", target=candidates[0].id,
                       method="alias-unique")
    return _decide(reference, candidates, "", method="alias")


_CONGRESS = re.compile(r"đại hội\s+(?:đại biểu\s+)?(?:(đảng bộ\s+(tỉnh|thành phố)[^,.;()]*?)|"
                       r"(?:đảng\s+)?toàn quốc|)\s*lần thứ\s+([ivxlc]+)")


def _named_by_rule(reference: Reference, name: str, meta: DocumentMeta) -> str | None:
    """Congress resolutions are named by who held the congress and which one it was:
    `named:nq-dai-hoi-dang-toan-quoc-xiii`, `named:nq-dai-hoi-dang-bo-tp-can-tho-xiv`."""
    match = _CONGRESS.search(fold(name))
    if match is None:
        return None
    term = match.group(3)
    if match.group(1) is None:
        return f"named:nq-dai-hoi-dang-toan-quoc-{term}"
    if not meta.jurisdiction or "/" in meta.jurisdiction:
        return None
    level = "tp" if match.group(2) == "thành phố" else "tinh"
    return f"named:nq-dai-hoi-dang-bo-{level}-{meta.jurisdiction}-{term}"


def _in_jurisdiction(candidates: list[KbDocument], meta: DocumentMeta) -> list[KbDocument]:
    """A generic name (`Đảng bộ thành phố`) belongs to the citing document's jurisdiction."""
    if not any(c.jurisdiction for c in candidates):
        return candidates
    return [c for c in candidates if c.jurisdiction in (None, meta.jurisdiction)]


def _resolve_bare(reference: Reference, meta: DocumentMeta,
                  dated: dict[str, list[tuple[int, str]]]) -> Reference:
    number = (reference.number or "").lstrip("0")
    if meta.number and meta.number.lstrip("0") == number and meta.kind == reference.kind:
        return _settle(reference, status="resolved", target="self", method="own-number")
    matches = [s for s in dated if s.split("-")[0].split("/")[0].lstrip("0") == number]
    if len(matches) == 1:
        symbol = matches[0]
        return _settle(reference, status="resolved", symbol=symbol,
                       target=canonical_id(symbol, dated[symbol][0][1]), method="antecedent")
    return _settle(reference, status="unresolved", target=None, method="bare-number")
