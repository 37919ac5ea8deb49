#!/usr/bin/env python3
"""Validate the knowledge base in corpora/kb/ (stdlib only).

Checks documents.jsonl, bodies.jsonl and jurisdictions.jsonl: every line is a
JSON object in NFC, ids are unique, sorted and follow ../CONVENTIONS.md,
dates are ISO, every fact field is backed by a provenance entry, references
between entries (parent, merged_into, ...) resolve. With the shared corpus
next to the project (../shared), quotes are also looked up in their source.

Usage:  python3 corpora/kb/check_kb.py [--kb DIR] [--shared DIR] [--no-quotes]
Exit status 0 when every check passes, 1 otherwise (problems on stderr).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KB_DIR = Path(__file__).resolve().parent
SHARED_DIR = KB_DIR.parents[2] / "shared"
PROJECT_DIR = KB_DIR.parents[1]
TEXT_SUFFIXES = {".txt", ".md"}

DOC_KINDS = {
    "Nghị quyết",
    "Kết luận",
    "Quy định",
    "Chỉ thị",
    "Hướng dẫn",
    "Quyết định",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Luật",
    "Bộ luật",
    "Pháp lệnh",
    "Kế hoạch",
    "Chương trình",
    "Thông báo",
    "Công văn",
    "Điều lệ",
    "Hiến pháp",
    "Quy chế",
    "Đề án",
    "Báo cáo",
    "Tờ trình",
    "Thông tri",
    "Văn bản hợp nhất",
}
DOC_LEVELS = {"central", "provincial", "district"}
DOC_FACTS = [
    "symbol",
    "symbol_variants",
    "kind",
    "issuer",
    "date",
    "year",
    "term",
    "title",
    "aliases",
    "keywords",
    "jurisdiction",
]
DOC_DERIVED = ["id", "issuer_code", "level", "provenance", "date_variants"]
BODY_LEVELS = {"central", "provincial", "district", "commune", "any"}
BODY_BRANCHES = {"party", "state", "front", "mass", "any"}
BODY_FIELDS = [
    "id",
    "name",
    "aliases",
    "codes",
    "level",
    "branch",
    "type",
    "parent",
    "template",
    "members",
    "valid_from",
    "valid_to",
    "merged_into",
    "replaced_by",
    "collective",
    "provenance",
]
JUR_KINDS = {"tỉnh", "thành phố", "huyện", "quận", "thị xã"}
JUR_FIELDS = [
    "id",
    "name",
    "kind",
    "level",
    "parent",
    "aliases",
    "valid_from",
    "valid_to",
    "merged_into",
    "merged_from",
    "replaced_by",
    "provenance",
]
PLACEHOLDERS = {"{J}", "{PJ}", "{P}"}

SOURCE_RE = re.compile(r"^(shared:corpus/\S+|samples:corpora/samples(/\S+)?|hand|package:\S+==\S+)$")
ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
NAMED_RE = re.compile(r"^named:[a-z0-9]+(-[a-z0-9]+)*$")
SYMBOL_RE = re.compile(r"^\d+[A-Za-z]?\s*[-/][^@]+$")
BODY_ID_RE = re.compile(r"^(\{J\}/)?[a-z0-9-]+(/[a-z0-9-]+)*$")
JUR_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$")
QUOTE_MAX = 600

Entry = dict[str, Any]
# From a source to its normalized text (None: file missing, "": not checkable); None: quotes not checked.
QuoteLookup = Callable[[str], str | None] | None


@dataclass
class Report:
    """Problems found, as 'file:line: message' strings."""

    problems: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def normalize_symbol(raw: str) -> str:
    """Normalize a document symbol as ../CONVENTIONS.md says.

    >>> normalize_symbol("8 - KL/BTCTW")
    '08-KL/BTCTW'
    >>> normalize_symbol("25-NQ/TƯ")
    '25-NQ/TW'
    >>> normalize_symbol("30C/NQ-CP")
    '30c/NQ-CP'
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFC", raw))
    m = re.match(r"(\d+)([A-Za-z]?)(.*)$", s)
    if not m:
        return s
    number, letter, rest = m.groups()
    number = (number.lstrip("0") or "0").zfill(2)
    return number + letter.lower() + rest.upper().replace("TƯ", "TW")


def source_text(source: str, shared: Path, cache: dict[str, str | None]) -> str | None:
    """Normalized text of a `shared:` or `samples:` source; None when the file is missing.

    "" means the source cannot be checked (a folder, or a .docx / .pdf sample).
    """
    if source not in cache:
        prefix, rest = source.split(":", 1)
        path = (shared / rest) if prefix == "shared" else (PROJECT_DIR / rest)
        if path.is_dir() or (path.is_file() and path.suffix not in TEXT_SUFFIXES):
            cache[source] = ""
        else:
            cache[source] = quote_norm(path.read_text(encoding="utf-8")) if path.is_file() else None
    return cache[source]


def quote_norm(text: str) -> str:
    """NFC, markdown marks (* | _ \\) dropped, whitespace collapsed."""
    text = re.sub(r"[*|_\\]", "", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip()


def read_jsonl(path: Path, report: Report) -> list[tuple[int, Entry]]:
    """Parse every line; report lines that are not NFC JSON objects."""
    rows: list[tuple[int, Entry]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        if line != unicodedata.normalize("NFC", line):
            report.add(where, "text is not NFC")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            report.add(where, f"not JSON ({err.msg})")
            continue
        if not isinstance(obj, dict):
            report.add(where, "not a JSON object")
            continue
        rows.append((number, obj))
    return rows


def check_ids(path: Path, rows: list[tuple[int, Entry]], report: Report) -> set[str]:
    """Ids present, unique and sorted; returns the set of ids."""
    seen: set[str] = set()
    previous = ""
    for number, obj in rows:
        ident = obj.get("id")
        where = f"{path.name}:{number}"
        if not isinstance(ident, str) or not ident:
            report.add(where, "missing id")
            continue
        if ident in seen:
            report.add(where, f"duplicate id {ident}")
        if ident < previous:
            report.add(where, f"not sorted by id ({ident} after {previous})")
        seen.add(ident)
        previous = ident
    return seen


def check_string_list(where: str, obj: Entry, name: str, report: Report) -> None:
    """An optional field that must be a list of distinct non-empty strings."""
    value = obj.get(name)
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report.add(where, f"{name} must be a list of non-empty strings")
    elif len(set(value)) != len(value):
        report.add(where, f"{name} has duplicates")


def check_provenance(
    where: str, obj: Entry, facts: Iterable[str], report: Report, quote_lookup: QuoteLookup
) -> None:
    """Each provenance entry is well formed; each fact field present is covered."""
    entries = obj.get("provenance")
    if not isinstance(entries, list) or not entries:
        report.add(where, "provenance missing or empty")
        return
    covered: set[str] = set()
    for entry in entries:
        covered |= check_provenance_entry(where, entry, report, quote_lookup)
    for name in facts:
        if obj.get(name) not in (None, "", []) and name not in covered:
            report.add(where, f"field {name!r} has no provenance")


def check_provenance_entry(where: str, entry: Any, report: Report, quote_lookup: QuoteLookup) -> set[str]:
    """Checks one provenance entry; returns the fields it covers."""
    if not isinstance(entry, dict):
        report.add(where, "provenance entry is not an object")
        return set()
    fields = entry.get("fields")
    if not isinstance(fields, list) or not fields:
        report.add(where, "provenance entry without fields")
        fields = []
    check_source(where, entry, report, quote_lookup)
    return {f for f in fields if isinstance(f, str)}


def check_source(where: str, entry: Entry, report: Report, quote_lookup: QuoteLookup) -> None:
    """source syntax; quote for shared sources, note for hand and samples."""
    source = entry.get("source")
    if not isinstance(source, str) or not SOURCE_RE.match(source):
        report.add(where, f"bad provenance source {source!r}")
        return
    if source.startswith("shared:") or "quote" in entry:
        check_quote(where, entry, source, report, quote_lookup)
    if not source.startswith("shared:") and not (
        isinstance(entry.get("note"), str) and entry["note"].strip()
    ):
        report.add(where, f"{source} provenance needs a note")


def check_quote(where: str, entry: Entry, source: str, report: Report, quote_lookup: QuoteLookup) -> None:
    """A shared source carries a short quote; a quote is found in its source when it can be read."""
    quote = entry.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        report.add(where, f"{source} provenance needs a quote")
        return
    if len(quote) > QUOTE_MAX:
        report.add(where, f"quote longer than {QUOTE_MAX} characters")
    if quote_lookup is None:
        return
    text = quote_lookup(source)
    if text is None:
        report.add(where, f"source {source} not found")
    elif text and quote_norm(quote) not in text:
        report.add(where, f"quote not found in {source}: {quote[:60]!r}")


def is_iso_date(value: Any) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def expected_doc_id(obj: Entry) -> str | None:
    """symbol@date, symbol@year or symbol; None for named documents."""
    symbol = obj.get("symbol")
    if not symbol:
        return None
    if obj.get("date"):
        return f"{symbol}@{obj['date']}"
    if obj.get("year"):
        return f"{symbol}@{obj['year']}"
    return str(symbol)


def check_doc_identity(where: str, obj: Entry, report: Report) -> None:
    """id scheme, normalized symbol, issuer_code taken from the symbol."""
    ident, symbol = obj.get("id", ""), obj.get("symbol")
    if ident.startswith("named:"):
        if not NAMED_RE.match(ident):
            report.add(where, f"named id must be named:<ascii-slug>: {ident}")
        if symbol:
            report.add(where, "a named: document has no symbol")
        return
    if not isinstance(symbol, str) or not SYMBOL_RE.match(symbol):
        report.add(where, f"id {ident} needs a symbol")
        return
    if normalize_symbol(symbol) != symbol:
        report.add(where, f"symbol not normalized: {symbol} (expected {normalize_symbol(symbol)})")
    if ident != expected_doc_id(obj):
        report.add(where, f"id {ident} != {expected_doc_id(obj)}")
    check_issuer_code(where, symbol, obj.get("issuer_code"), report)
    for variant in obj.get("symbol_variants", []):
        if not isinstance(variant, str) or normalize_symbol(variant) != variant or variant == symbol:
            report.add(where, f"symbol_variants holds normalized symbols other than the symbol: {variant!r}")


def check_issuer_code(where: str, symbol: str, code: Any, report: Report) -> None:
    """issuer_code, when present, is the tail of the symbol after / or -."""
    if code is None:
        return
    if not isinstance(code, str) or not re.search(r"[-/]" + re.escape(code) + "$", symbol):
        report.add(where, f"issuer_code {code!r} is not the issuer part of {symbol}")


def check_doc_values(where: str, obj: Entry, report: Report) -> None:
    """kind, level, date, year, term and list fields."""
    if obj.get("kind") not in DOC_KINDS:
        report.add(where, f"unknown kind {obj.get('kind')!r}")
    if obj.get("level") not in DOC_LEVELS:
        report.add(where, f"level must be one of {sorted(DOC_LEVELS)}")
    if "date" in obj and not is_iso_date(obj["date"]):
        report.add(where, f"date not ISO YYYY-MM-DD: {obj['date']!r}")
    if "year" in obj and not (isinstance(obj["year"], str) and re.match(r"^\d{4}$", obj["year"])):
        report.add(where, "year must be a YYYY string")
    if "term" in obj and not (isinstance(obj["term"], str) and obj["term"] and ROMAN_RE.match(obj["term"])):
        report.add(where, f"term must be a Roman numeral: {obj['term']!r}")
    for name in ("aliases", "keywords", "symbol_variants"):
        check_string_list(where, obj, name, report)
    for name in ("issuer", "title"):
        if name in obj and not (isinstance(obj[name], str) and obj[name].strip()):
            report.add(where, f"{name} must be a non-empty string")


def check_date_variants(where: str, obj: Entry, report: Report, quote_lookup: QuoteLookup) -> None:
    """Other dates a citation gave for the same document, with their source."""
    for variant in obj.get("date_variants", []):
        if not isinstance(variant, dict) or not is_iso_date(variant.get("date")):
            report.add(where, "date_variants entries need an ISO date")
            continue
        check_source(where, variant, report, quote_lookup)


def check_documents(path: Path, report: Report, quote_lookup: QuoteLookup) -> int:
    """All checks for documents.jsonl; returns the number of entries."""
    rows = read_jsonl(path, report)
    check_ids(path, rows, report)
    known = set(DOC_FACTS) | set(DOC_DERIVED)
    for number, obj in rows:
        where = f"{path.name}:{number} {obj.get('id', '?')}"
        for name in sorted(set(obj) - known):
            report.add(where, f"unknown field {name!r}")
        check_doc_identity(where, obj, report)
        check_doc_values(where, obj, report)
        check_date_variants(where, obj, report, quote_lookup)
        check_provenance(where, obj, DOC_FACTS, report, quote_lookup)
    return len(rows)


def resolve_ref(ref: str, ids: set[str]) -> bool:
    """A reference resolves to an id, directly or as a template ({PJ} read as {J})."""
    return ref in ids or ref.replace("{PJ}", "{J}") in ids


def check_placeholders(where: str, obj: Entry, report: Report) -> None:
    """Only {J}, {PJ}, {P}; template flag set exactly when the id has one."""
    text = json.dumps({k: v for k, v in obj.items() if k != "provenance"}, ensure_ascii=False)
    for placeholder in set(re.findall(r"\{[^{}\"]*\}", text)) - PLACEHOLDERS:
        report.add(where, f"unknown placeholder {placeholder}")
    if ("{" in obj["id"]) != bool(obj.get("template")):
        report.add(where, "template must be true exactly when the id holds a placeholder")


def check_validity(where: str, obj: Entry, report: Report) -> None:
    """valid_from / valid_to are years and in order."""
    years = [obj.get(k) for k in ("valid_from", "valid_to")]
    for name, year in zip(("valid_from", "valid_to"), years, strict=True):
        if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
            report.add(where, f"{name} must be a year (int)")
    if all(isinstance(y, int) for y in years) and years[0] > years[1]:
        report.add(where, "valid_from after valid_to")


def check_refs(where: str, obj: Entry, ids: set[str], names: Iterable[str], report: Report) -> None:
    """Fields that name other entries must resolve."""
    for name in names:
        value = obj.get(name)
        refs = value if isinstance(value, list) else [value] if value else []
        for ref in refs:
            if not isinstance(ref, str) or not resolve_ref(ref, ids):
                report.add(where, f"{name} {ref!r} is not a known id")


def check_body(where: str, obj: Entry, ids: set[str], report: Report) -> None:
    """One line of bodies.jsonl."""
    for name in sorted(set(obj) - set(BODY_FIELDS)):
        report.add(where, f"unknown field {name!r}")
    if not BODY_ID_RE.match(obj["id"]):
        report.add(where, "id must be lower-case ascii segments, optionally after {J}/")
    if not isinstance(obj.get("name"), str) or not obj["name"].strip():
        report.add(where, "name missing")
    if obj.get("level") not in BODY_LEVELS:
        report.add(where, f"level must be one of {sorted(BODY_LEVELS)}")
    if obj.get("branch") not in BODY_BRANCHES:
        report.add(where, f"branch must be one of {sorted(BODY_BRANCHES)}")
    if not isinstance(obj.get("type"), str) or not obj["type"]:
        report.add(where, "type missing")
    if obj.get("type") == "group" and not obj.get("members"):
        report.add(where, "a group lists its members")
    for name in ("aliases", "codes", "members"):
        check_string_list(where, obj, name, report)
    check_placeholders(where, obj, report)
    check_validity(where, obj, report)
    check_refs(where, obj, ids, ("parent", "merged_into", "replaced_by", "collective"), report)


def check_bodies(path: Path, report: Report, quote_lookup: QuoteLookup) -> int:
    """All checks for bodies.jsonl; returns the number of entries."""
    rows = read_jsonl(path, report)
    ids = check_ids(path, rows, report)
    for number, obj in rows:
        if "id" not in obj:
            continue
        where = f"{path.name}:{number} {obj['id']}"
        check_body(where, obj, ids, report)
        check_provenance(where, obj, ["name", "aliases", "codes", "parent", "members"], report, quote_lookup)
    return len(rows)


def check_jurisdiction(where: str, obj: Entry, by_id: dict[str, Entry], report: Report) -> None:
    """One line of jurisdictions.jsonl."""
    for name in sorted(set(obj) - set(JUR_FIELDS)):
        report.add(where, f"unknown field {name!r}")
    ident = obj["id"]
    if not JUR_ID_RE.match(ident):
        report.add(where, "id must be an ascii slug (province) or province/district")
    if obj.get("kind") not in JUR_KINDS:
        report.add(where, f"kind must be one of {sorted(JUR_KINDS)}")
    is_district = "/" in ident
    if obj.get("level") != ("district" if is_district else "provincial"):
        report.add(where, "level must be provincial for a province id, district for province/district")
    if is_district and obj.get("parent") != ident.split("/")[0]:
        report.add(where, "a district's parent is the province part of its id")
    check_string_list(where, obj, "aliases", report)
    check_validity(where, obj, report)
    check_refs(where, obj, set(by_id), ("parent", "merged_into", "merged_from", "replaced_by"), report)
    check_merge_links(where, obj, by_id, report)


def check_merge_links(where: str, obj: Entry, by_id: dict[str, Entry], report: Report) -> None:
    """merged_into and merged_from agree with each other; merged units end."""
    target = by_id.get(obj.get("merged_into", ""))
    if target is not None:
        if obj["id"] not in target.get("merged_from", []):
            report.add(where, f"{target['id']} does not list {obj['id']} in merged_from")
        if "valid_to" not in obj:
            report.add(where, "a merged unit needs valid_to")
    for source_id in obj.get("merged_from", []):
        source = by_id.get(source_id)
        if source is not None and source.get("merged_into") != obj["id"]:
            report.add(where, f"{source_id} is not merged_into {obj['id']}")


def check_jurisdictions(path: Path, report: Report, quote_lookup: QuoteLookup) -> int:
    """All checks for jurisdictions.jsonl; returns the number of entries."""
    rows = read_jsonl(path, report)
    check_ids(path, rows, report)
    by_id = {obj["id"]: obj for _, obj in rows if isinstance(obj.get("id"), str)}
    for number, obj in rows:
        if "id" not in obj:
            continue
        where = f"{path.name}:{number} {obj['id']}"
        check_jurisdiction(where, obj, by_id, report)
        check_provenance(where, obj, ["name", "aliases", "merged_into", "merged_from"], report, quote_lookup)
    return len(rows)


def make_quote_lookup(shared: Path, enabled: bool) -> QuoteLookup:
    """A function from a source to its normalized text, or None to skip quotes."""
    if not enabled or not (shared / "corpus").is_dir():
        return None
    cache: dict[str, str | None] = {}
    return lambda source: source_text(source, shared, cache)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=Path, default=KB_DIR, help="directory holding the .jsonl files")
    parser.add_argument(
        "--shared", type=Path, default=SHARED_DIR, help="the shared directory (holds corpus/)"
    )
    parser.add_argument("--no-quotes", action="store_true", help="do not look quotes up in their sources")
    args = parser.parse_args(argv)
    report = Report()
    lookup = make_quote_lookup(args.shared, not args.no_quotes)
    checks = [
        ("documents.jsonl", check_documents),
        ("bodies.jsonl", check_bodies),
        ("jurisdictions.jsonl", check_jurisdictions),
    ]
    for name, check in checks:
        path = args.kb / name
        if not path.is_file():
            report.add(name, f"missing file {path}")
            continue
        count = check(path, report, lookup)
        print(f"{name}: {count} entries", file=sys.stderr)
    if lookup is None:
        print(f"quotes not verified ({args.shared / 'corpus'} absent or --no-quotes)", file=sys.stderr)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print("OK" if not report.problems else f"{len(report.problems)} problem(s)", file=sys.stderr)
    return 0 if not report.problems else 1


if __name__ == "__main__":
    sys.exit(main())
