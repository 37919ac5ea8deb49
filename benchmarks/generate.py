"""Generate a large, varied corpus of fictional directives from the project's own samples.

    .venv/bin/python benchmarks/generate.py OUT --docs 10000 --seed 1 [--mode chains] [--size-kb 18]

Templates are the four samples of `corpora/samples` (the TXT and MD files as they are, the DOCX and
PDF through `pipeline.ingest`). Each template is compiled once into lines of literal text and
slots: document symbols (with their kind word, date and issuer), place names, body names and free
years. A document is one template with every slot filled anew:

* its own symbol (number, kind code, issuer code) and date (2019-2025);
* the province and district (names from `corpora/kb/jurisdictions.jsonl`; a province without a
  district there lends its own name to the district);
* the cited central documents (same kind and issuer, from `corpora/kb/documents.jsonl`, with
  their dates and issuers; laws with their names);
* body names (provincial departments and ministries of `corpora/kb/bodies.jsonl`);
* deadlines and other years, shifted with the document's year;
* the number of tasks: each bullet of the body is dropped, kept or duplicated, and more are
  duplicated until the document reaches `--size-kb`.

`--mode flat` makes independent documents (their central sources are real documents of the
knowledge base; the provincial plans they implement are not in the corpus). `--mode chains` makes
implementation chains: a central document (generated, or a knowledge-base one that is then cited
but not ingested) → the plans of several provinces (party committee, often the people's committee)
→ district plans, so the graph has the shape of the real one. Most files are `.txt`; the
people's-committee plans are `.md` like their template. `manifest.jsonl` lists every document with
its id and the ids it implements. The same `--seed` gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
KB = REPO / "corpora" / "kb"
sys.path.insert(0, str(REPO))

FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 12, 31)
MERGER_DAY = date(2025, 7, 1)  # provinces merged (valid_to 2025) / new bodies (valid_from 2025)
KIND_WORDS = ("Chương trình hành động", "Thông tư liên tịch", "Kế hoạch", "Kết luận", "Nghị quyết",
              "Quyết định", "Quy định", "Chỉ thị", "Hướng dẫn", "Thông báo", "Thông tư", "Nghị định",
              "Chương trình", "Luật")
# Issuers written after a central citation (`của Bộ Chính trị`) that follow the cited document.
KNOWN_ISSUERS = (r"Hội nghị lần thứ [^\s()]+ Ban Chấp hành Trung ương Đảng \(khóa [IVXL]+\)",
                 "Ban Chấp hành Trung ương Đảng", "Bộ Chính trị", "Ban Bí thư", "Thủ tướng Chính phủ",
                 "Chính phủ", "Quốc hội")
# Own symbols by level: (kind code, issuer code, kind word, issuer), drawn with these weights.
OWN_KINDS: dict[str, list[tuple[str, str, str, str]]] = {
    "central": [("KL", "TW", "Kết luận", "Ban Bí thư"), ("NQ", "TW", "Nghị quyết", "Bộ Chính trị"),
                ("CT", "TW", "Chỉ thị", "Ban Bí thư"), ("KL", "TW", "Kết luận", "Bộ Chính trị")],
    "province-party": [("KH", "TU", "Kế hoạch", "Ban Thường vụ Tỉnh ủy")] * 4
    + [("CTr", "TU", "Chương trình", "Ban Thường vụ Tỉnh ủy")],
    "province-state": [("KH", "UBND", "Kế hoạch", "Ủy ban nhân dân tỉnh")] * 4
    + [("CTr", "UBND", "Chương trình", "Ủy ban nhân dân tỉnh")],
    "district": [("KH", "HU", "Kế hoạch", "Ban Thường vụ Huyện ủy")] * 4
    + [("CTr", "HU", "Chương trình", "Ban Thường vụ Huyện ủy")],
}
LEVEL_BY_ISSUER = {"TW": "central", "TU": "province-party", "UBND": "province-state", "HU": "district"}
TEMPLATE_CAPITALS = ("Vị Thanh",)  # the samples' provincial capital: rendered as the province name
MUTATION = ("Rà soát, bổ sung danh mục nhiệm vụ cụ thể của năm {year}, "
            "hoàn thành trước ngày 30/9/{year} (sửa đổi lần {n}).")


# --------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Slot:
    kind: str  # sym, kind, date, issuer, name, place, body, year
    key: str
    style: str = ""
    original: str = ""


Part = str | Slot


@dataclass(frozen=True)
class Line:
    parts: tuple[Part, ...]
    bullet: bool
    size: int  # bytes of the sample's line, to estimate a document's size


@dataclass(frozen=True)
class Template:
    name: str
    fmt: str
    level: str
    self_key: str
    year: int
    lines: tuple[Line, ...]
    bullets: tuple[int, ...] = ()
    cited_keys: tuple[str, ...] = ()  # symbols of other documents
    body_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Doc:
    """A document as cited or written: symbol, kind word, date, issuer, law name."""

    symbol: str
    kind: str
    date: date
    issuer: str | None = None
    name: str | None = None
    kind_code: str = ""
    issuer_code: str = ""

    @property
    def id(self) -> str:
        return f"{self.symbol}@{self.date.isoformat()}"


@dataclass
class Plan:
    """One document to write: a template and what fills its slots."""

    template: Template
    own: Doc
    roles: dict[str, Doc]
    places: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)
    implements: tuple[str, ...] = ()


@dataclass
class Report:
    documents: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_template: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


# --------------------------------------------------------------------------- knowledge
@dataclass(frozen=True)
class Knowledge:
    central: dict[tuple[str, str], list[Doc]]  # (kind, issuer code) → documents with dates
    by_symbol: dict[str, Doc]
    provinces: list[dict]
    districts: dict[str, list[str]]
    departments: list[dict]
    ministries: list[dict]


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    central: dict[tuple[str, str], list[Doc]] = {}
    by_symbol: dict[str, Doc] = {}
    for entry in _read_jsonl(KB / "documents.jsonl"):
        if entry.get("level") != "central" or not entry.get("date") or not entry.get("symbol"):
            continue
        doc = Doc(entry["symbol"], entry.get("kind") or "", date.fromisoformat(entry["date"]),
                  entry.get("issuer"), entry.get("title") if entry.get("kind") == "Luật" else None,
                  issuer_code=entry.get("issuer_code") or "")
        central.setdefault((doc.kind, _family(doc)), []).append(doc)
        by_symbol.setdefault(doc.symbol, doc)
    places = _read_jsonl(KB / "jurisdictions.jsonl")
    provinces = [p for p in places if p.get("level") == "provincial" and p.get("kind") == "tỉnh"]
    districts: dict[str, list[str]] = {}
    for place in places:
        if place.get("level") == "district":
            districts.setdefault(place["parent"], []).append(place["name"])
    bodies = _read_jsonl(KB / "bodies.jsonl")
    departments = [b for b in bodies if b.get("template") and b.get("type") == "department"
                   and b["name"].startswith("Sở ")]
    ministries = [b for b in bodies if b.get("type") == "ministry" and b["name"].startswith("Bộ ")]
    return Knowledge(central, by_symbol, provinces, districts, departments, ministries)


def _family(doc: Doc) -> str:
    """Issuer family of a symbol: `TW`, `TTG`, `CP`, `QH` (laws), ..."""
    if doc.kind in {"Luật", "Bộ luật"}:
        return "QH"
    return (doc.issuer_code or doc.symbol.rsplit("/", 1)[-1].split("-")[-1]).upper()


def valid_on(entry: dict, day: date) -> bool:
    """Gazetteer entries dated by year: `valid_to 2025` ends, `valid_from 2025` starts, mid-2025."""
    if entry.get("valid_to") and day >= MERGER_DAY.replace(year=int(entry["valid_to"])):
        return False
    return not (entry.get("valid_from") and day < MERGER_DAY.replace(year=int(entry["valid_from"])))


# --------------------------------------------------------------------------- templates
def sample_texts() -> list[tuple[str, str, str]]:
    """(name, output format, text) of every sample, sorted by name."""
    from pipeline import ingest

    found = []
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in {".txt", ".md"}:
            found.append((path.name, path.suffix[1:], path.read_text(encoding="utf-8")))
        elif path.suffix in {".docx", ".pdf"}:
            found.append((path.name, "txt", ingest(path).text))
    return found


@lru_cache(maxsize=1)
def load_templates() -> tuple[Template, ...]:
    return tuple(compile_template(name, fmt, text) for name, fmt, text in sample_texts())


_KIND_ALT = "|".join(KIND_WORDS)
_KIND_BEFORE = re.compile(rf"({_KIND_ALT})([ \t]+số[ \t]*:?[ \t]*)$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"[ \t]+ngày[ \t]+(\d{1,2})([/-])(\d{1,2})[/-]((?:19|20)\d\d)", re.IGNORECASE)
_ISSUER_AFTER = re.compile(rf"[ \t]+của[ \t]+({'|'.join(KNOWN_ISSUERS)})(?![\w])", re.IGNORECASE)
_LONG_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm ((?:19|20)\d\d)")
_KIND_LINE = re.compile(rf"^\**({'|'.join(k.upper() for k in KIND_WORDS)})\**[ \t]*$", re.MULTILINE)
_OWN_ISSUER_LINE = re.compile(r"^CỦA (BAN BÍ THƯ|BỘ CHÍNH TRỊ)[ \t]*$", re.MULTILINE)
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")

Span = tuple[int, int, Slot]


def compile_template(name: str, fmt: str, text: str) -> Template:
    from pipeline.symbols import find_symbols

    symbols = find_symbols(text)
    self_key = symbols[0][2].normalized
    level = LEVEL_BY_ISSUER[(symbols[0][2].issuer_code or "").split("-")[0]]
    own_date = _LONG_DATE.search(text)
    assert own_date is not None, f"{name}: no date in the header"
    spans: list[Span] = [(own_date.start(), own_date.end(), _date_slot(self_key, own_date, "long"))]
    for start, end, symbol in symbols:
        spans += _citation_spans(text, start, end, symbol.normalized)
    spans += _own_kind_spans(text, self_key)
    if level != "central":
        spans += _place_spans(text)
    spans += _body_spans(text, level)
    accepted = _without_overlaps(spans)
    accepted += _year_spans(text, accepted, int(own_date.group(3)))
    lines = _lines(text, sorted(accepted, key=lambda span: span[0]))
    slots = [p for line in lines for p in line.parts if isinstance(p, Slot)]
    return Template(name, fmt, level, self_key, int(own_date.group(3)), lines,
                    bullets=tuple(i for i, line in enumerate(lines) if line.bullet),
                    cited_keys=tuple(sorted({s.key for s in slots if s.kind == "sym"} - {self_key})),
                    body_keys=tuple(sorted({s.key for s in slots if s.kind == "body"})))


def _date_slot(key: str, match: re.Match[str], style: str) -> Slot:
    day, month = (match.group(1), match.group(3)) if style != "long" else (match.group(1),
                                                                              match.group(2))
    pads = ("z" if day.startswith("0") else "n") + ("z" if month.startswith("0") else "n")
    separator = match.group(2) if style != "long" else ""
    return Slot("date", key, style + separator + pads, match.group(0))


def _citation_spans(text: str, start: int, end: int, key: str) -> list[Span]:
    spans: list[Span] = [(start, end, Slot("sym", key, original=text[start:end]))]
    before = text[max(0, start - 60):start]
    kind = _KIND_BEFORE.search(before)
    cited = load_knowledge().by_symbol.get(key)
    if cited is not None and cited.name and before.endswith(f"{cited.name} số "):
        name_start = start - len(f"{cited.name} số ")
        spans.append((name_start, name_start + len(cited.name), Slot("name", key, original=cited.name)))
    elif kind:
        offset = start - len(before) + kind.start(1)
        word = kind.group(1)
        spans.append((offset, offset + len(word), Slot("kind", key, _case(word), word)))
    cursor = end
    date_match = _DATE_AFTER.match(text, cursor)
    if date_match:
        slot = _date_slot(key, date_match, "num")
        spans.append((date_match.start(1), date_match.end(4), slot))
        cursor = date_match.end()
    issuer = _ISSUER_AFTER.match(text, cursor)
    if issuer:
        spans.append((issuer.start(1), issuer.end(1),
                      Slot("issuer", key, _case(issuer.group(1)), issuer.group(1))))
    return spans


def _case(word: str) -> str:
    return "upper" if word.isupper() else "title"


def _own_kind_spans(text: str, key: str) -> list[Span]:
    spans: list[Span] = []
    line = _KIND_LINE.search(text)
    if line:
        spans.append((line.start(1), line.end(1), Slot("kind", key, "upper", line.group(1))))
        own_word = next(k for k in KIND_WORDS if k.upper() == line.group(1))
        for match in re.finditer(rf"(?<![\w]){own_word}(?= này)", text):
            spans.append((match.start(), match.end(), Slot("kind", key, "title", own_word)))
    issuer = _OWN_ISSUER_LINE.search(text)
    if issuer:
        spans.append((issuer.start(1), issuer.end(1), Slot("issuer", key, "upper", issuer.group(1))))
    return spans


def _place_spans(text: str) -> list[Span]:
    knowledge = load_knowledge()
    names = [(p["name"], "province") for p in knowledge.provinces]
    names += [(d, "district") for ds in knowledge.districts.values() for d in ds]
    names += [(c, "capital") for c in TEMPLATE_CAPITALS]
    spans: list[Span] = []
    for name, role in sorted(names, key=lambda item: -len(item[0])):
        for variant, case in ((name, "title"), (name.upper(), "upper")):
            for match in re.finditer(rf"(?<![\w]){re.escape(variant)}(?![\w])", text):
                spans.append((match.start(), match.end(), Slot("place", role, case, variant)))
    return spans


def _body_spans(text: str, level: str) -> list[Span]:
    knowledge = load_knowledge()
    pool = knowledge.ministries if level == "central" else knowledge.departments
    spans: list[Span] = []
    for entry in sorted(pool, key=lambda e: -len(e["name"])):
        for match in re.finditer(rf"(?<![\w]){re.escape(entry['name'])}(?![\w])", text):
            spans.append((match.start(), match.end(), Slot("body", entry["name"],
                                                            original=entry["name"])))
    return spans


def _without_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep spans in priority order (the order given), dropping any that overlaps a kept one."""
    kept: list[Span] = []
    for span in spans:
        if not any(span[0] < other[1] and other[0] < span[1] for other in kept):
            kept.append(span)
    return kept


def _year_spans(text: str, taken: list[Span], base_year: int) -> list[Span]:
    """Years outside the slots already found (deadlines, periods): shifted with the document."""
    spans: list[Span] = []
    for match in _YEAR.finditer(text):
        if not any(a < match.end() and match.start() < b for a, b, _ in taken):
            offset = int(match.group(1)) - base_year
            spans.append((match.start(), match.end(), Slot("year", str(offset), original=match.group(1))))
    return spans


def _lines(text: str, spans: list[Span]) -> tuple[Line, ...]:
    parts: list[Part] = []
    cursor = 0
    for start, end, slot in spans:
        parts.append(text[cursor:start])
        parts.append(slot)
        cursor = end
    parts.append(text[cursor:])
    lines: list[list[Part]] = [[]]
    for part in parts:
        if isinstance(part, Slot):
            lines[-1].append(part)
            continue
        pieces = part.split("\n")
        lines[-1].append(pieces[0])
        lines.extend([piece] for piece in pieces[1:])
    closing = next((i for i, line in enumerate(lines) if "Nơi nhận" in _plain(line)), len(lines))
    return tuple(Line(tuple(p for p in line if p != ""), i < closing and _plain(line).startswith("- "),
                      len(_plain(line).encode()) + 1) for i, line in enumerate(lines))


def _plain(parts: Iterable[Part]) -> str:
    return "".join(p if isinstance(p, str) else p.original for p in parts)


# --------------------------------------------------------------------------- rendering
def render(plan: Plan) -> str:
    out: list[str] = []
    for index, line in enumerate(plan.template.lines):
        copies = plan.counts[index] if line.bullet else 1
        for copy in range(copies):
            out.append("".join(_fill(part, plan, copy) for part in line.parts))
    return "\n".join(out)


def _fill(part: Part, plan: Plan, copy: int) -> str:
    if isinstance(part, str):
        return part
    if part.kind == "place":
        return _cased(plan.places.get(part.key, part.original), part.style)
    if part.kind == "body":
        return _body_for_copy(plan, part.key, copy)
    if part.kind == "year":
        return str(plan.own.date.year + int(part.key))
    doc = plan.own if part.key == plan.template.self_key else plan.roles.get(part.key)
    if doc is None:
        return part.original
    return _doc_field(doc, part)


def _doc_field(doc: Doc, slot: Slot) -> str:
    if slot.kind == "sym":
        return doc.symbol.replace("-TTG", "-TTg")  # as written (the base keeps it normalized)
    if slot.kind == "kind":
        return _cased(doc.kind, slot.style)
    if slot.kind == "date":
        return format_date(doc.date, slot.style)
    if slot.kind == "issuer":
        return _cased(doc.issuer, slot.style) if doc.issuer else slot.original
    if slot.kind == "name":
        return doc.name or slot.original
    raise ValueError(f"unknown slot {slot.kind}")


def _body_for_copy(plan: Plan, key: str, copy: int) -> str:
    """A duplicated bullet names other bodies than its first copy (rotating through the plan's)."""
    if copy == 0 or not plan.bodies:
        return plan.bodies.get(key, key)
    names = sorted(set(plan.bodies.values()))
    first = plan.bodies.get(key, key)
    index = names.index(first) if first in names else 0
    return names[(index + copy) % len(names)]


def _cased(text: str, style: str) -> str:
    return text.upper() if style == "upper" else text


def format_date(day: date, style: str) -> str:
    """`long..`: `5 tháng 6 năm 2024`; `num/zn`: `05/6/2024` (z: zero-padded, n: not)."""
    pads = style[-2:]
    d = f"{day.day:02d}" if pads[0] == "z" else str(day.day)
    m = f"{day.month:02d}" if pads[1] == "z" else str(day.month)
    if style.startswith("long"):
        return f"ngày {d} tháng {m} năm {day.year}"
    separator = style[3]
    return f"{d}{separator}{m}{separator}{day.year}"


# --------------------------------------------------------------------------- planning
class Planner:
    """Draws documents: symbols unique per date, places, cited documents, task counts."""

    def __init__(self, rng: random.Random, size_kb: float | None, drop: float, duplicate: float
                 ) -> None:
        self.rng = rng
        self.size_kb = size_kb
        self.drop = drop
        self.duplicate = duplicate
        self.knowledge = load_knowledge()
        self.templates = {t.level: t for t in load_templates()}
        self.numbers: dict[tuple[str, str, str, int], int] = {}
        self.ids: set[str] = set()
        self._party_central = [d for (kind, family), docs in sorted(self.knowledge.central.items())
                               if family == "TW" and kind in {"Nghị quyết", "Kết luận", "Chỉ thị"}
                               for d in docs]

    # ---- own documents
    def own(self, level: str, day: date, place: str = "") -> Doc:
        kind_code, issuer_code, kind, issuer = self.rng.choice(OWN_KINDS[level])
        counter = (kind_code, issuer_code, place, day.year)
        number = self.numbers.get(counter, self.rng.randint(1, 300))
        while True:
            number += self.rng.randint(1, 6)
            symbol = _symbol(number, kind_code, issuer_code)
            if f"{symbol}@{day.isoformat()}" not in self.ids:
                break
        self.numbers[counter] = number
        doc = Doc(symbol, kind, day, issuer, kind_code=kind_code, issuer_code=issuer_code)
        self.ids.add(doc.id)
        return doc

    def plan(self, level: str, own: Doc, parents: dict[str, Doc], province: dict | None,
             district: str | None) -> Plan:
        template = self.templates[level]
        roles = dict(parents)
        for key in template.cited_keys:
            if key not in roles:
                roles[key] = self.cited(key, own.date, roles.values())
        places = {}
        if province is not None:
            places = {"province": province["name"], "capital": province["name"],
                      "district": district or province["name"]}
        direct = next(iter(parents.values()), None)  # the nearest parent comes first
        plan = Plan(template, own, roles, places, self._bodies(template, own.date),
                    implements=(direct.id,) if direct else ())
        plan.counts = self._counts(template)
        return plan

    def cited(self, key: str, before: date, taken: Iterable[Doc]) -> Doc:
        """A knowledge-base document like `key` (same kind, same issuer), older than `before`."""
        original = self.knowledge.by_symbol.get(key)
        if original is None:
            return Doc(key, "", before)
        pool = self.knowledge.central[(original.kind, _family(original))]
        used = {d.symbol for d in taken}
        choices = [d for d in pool if d.date < before and d.symbol not in used] or [original]
        return self.rng.choice(choices)

    def _bodies(self, template: Template, day: date) -> dict[str, str]:
        keys = template.body_keys
        pool = self.knowledge.ministries if template.level == "central" else self.knowledge.departments
        names = [e["name"] for e in pool if valid_on(e, day)]
        picked = self.rng.sample(names, min(len(keys), len(names)))
        return dict(zip(keys, picked, strict=False))

    def _counts(self, template: Template) -> list[int]:
        counts = [1] * len(template.lines)
        bullets = template.bullets
        for index in bullets:
            draw = self.rng.random()
            counts[index] = 0 if draw < self.drop else 2 if draw > 1 - self.duplicate else 1
        if self.size_kb and bullets:
            size = sum(line.size * counts[i] for i, line in enumerate(template.lines))
            while size < self.size_kb * 1000:
                index = self.rng.choice(bullets)
                counts[index] += 1
                size += template.lines[index].size
        return counts

    # ---- places and dates
    def province(self, day: date) -> dict:
        return self.rng.choice([p for p in self.knowledge.provinces if valid_on(p, day)])

    def district(self, province: dict) -> str:
        names = self.knowledge.districts.get(province["id"])
        return self.rng.choice(names) if names else province["name"]

    def day(self, low: date = FIRST_DAY, high: date = LAST_DAY) -> date:
        low = max(low, FIRST_DAY)
        high = max(low, min(high, LAST_DAY))
        return low + timedelta(days=self.rng.randint(0, (high - low).days))

    def after(self, day: date, low: int, high: int) -> date:
        return min(LAST_DAY, max(day, FIRST_DAY) + timedelta(days=self.rng.randint(low, high)))

    def central_root(self, before: date = date(2025, 6, 30)) -> Doc:
        """A Party central document of the knowledge base (Nghị quyết, Kết luận, Chỉ thị)."""
        pool = [d for d in self._party_central if d.date < before] or self._party_central
        return self.rng.choice(pool)



def _symbol(number: int, kind_code: str, issuer_code: str) -> str:
    text = f"{number:02d}" if number < 10 else str(number)
    if issuer_code in {"TW", "TU", "HU"}:
        return f"{text}-{kind_code}/{issuer_code}"
    return f"{text}/{kind_code}-{issuer_code}"


# --------------------------------------------------------------------------- modes
LEVEL_WEIGHTS = {"central": 0.1, "province-party": 0.35, "province-state": 0.2, "district": 0.35}


def flat_plans(planner: Planner, docs: int) -> Iterator[Plan]:
    """Independent documents; their sources are knowledge-base documents or plans not written."""
    central_key = planner.templates["central"].self_key
    plan_key = planner.templates["province-party"].self_key
    levels, weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    for _ in range(docs):
        level = planner.rng.choices(levels, weights)[0]
        day = planner.day()
        if level == "central":
            yield planner.plan(level, planner.own(level, day), {}, None, None)
            continue
        province = planner.province(day)
        root = planner.central_root(day)
        parents = {central_key: root}
        if level in {"province-state", "district"}:
            party_day = planner.day(low=root.date, high=day)
            parents = {plan_key: planner.own("province-party", party_day, province["id"]), **parents}
        district = planner.district(province) if level == "district" else None
        yield planner.plan(level, planner.own(level, day, district or province["id"]), parents,
                           province, district)


def chain_plans(planner: Planner, docs: int) -> Iterator[Plan]:
    """Chains central → provinces → districts, until `docs` documents."""
    made = 0
    while made < docs:
        for plan in _one_chain(planner):
            if made == docs:
                return
            made += 1
            yield plan


def _one_chain(planner: Planner) -> Iterator[Plan]:
    rng = planner.rng
    central_key = planner.templates["central"].self_key
    plan_key = planner.templates["province-party"].self_key
    if rng.random() < 0.6:
        root = planner.own("central", planner.day(high=date(2025, 6, 30)))
        yield planner.plan("central", root, {}, None, None)
    else:
        root = planner.central_root()  # cited by the chain, never ingested
    provinces = [p for p in planner.knowledge.provinces if valid_on(p, planner.after(root.date, 90, 90))]
    for province in rng.sample(provinces, rng.randint(3, min(20, len(provinces)))):
        day = planner.after(root.date, 15, 90)
        party = planner.own("province-party", day, province["id"])
        yield planner.plan("province-party", party, {central_key: root}, province, None)
        parents = {plan_key: party, central_key: root}
        if rng.random() < 0.6:
            state = planner.own("province-state", planner.after(day, 7, 45), province["id"])
            yield planner.plan("province-state", state, parents, province, None)
        for _ in range(rng.randint(0, 3)):
            district = planner.district(province)
            own = planner.own("district", planner.after(day, 7, 40), district)
            yield planner.plan("district", own, parents, province, district)


# --------------------------------------------------------------------------- writing
def generate(out: Path, docs: int, seed: int = 1, mode: str = "flat", size_kb: float | None = None,
             drop: float = 0.15, duplicate: float = 0.15) -> Report:
    """Write `docs` documents into `out` (created; must be empty or absent) and a manifest."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty: pass --force to replace it, or choose another folder")
    planner = Planner(random.Random(seed), size_kb, drop, duplicate)
    plans = chain_plans(planner, docs) if mode == "chains" else flat_plans(planner, docs)
    report = Report()
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for index, plan in enumerate(plans):
            path = out / _file_name(index, plan)
            text = render(plan)
            data = text.encode("utf-8")
            path.write_bytes(data)
            report.documents += 1
            report.bytes += len(data)
            report.files.append(path)
            report.by_template[plan.template.name] = report.by_template.get(plan.template.name, 0) + 1
            manifest.write(json.dumps(_manifest_row(path, plan), ensure_ascii=False) + "\n")
    report.seconds = time.perf_counter() - started
    return report


def _file_name(index: int, plan: Plan) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", plan.own.symbol.lower().replace("đ", "d")).strip("-")
    return f"{index:05d}-{slug}-{plan.own.date.year}.{plan.template.fmt}"


def _manifest_row(path: Path, plan: Plan) -> dict:
    return {"path": path.name, "id": plan.own.id, "symbol": plan.own.symbol,
            "date": plan.own.date.isoformat(), "level": plan.template.level,
            "template": plan.template.name, "province": plan.places.get("province"),
            "district": plan.places.get("district") if plan.template.level == "district" else None,
            "implements": list(plan.implements)}


def read_manifest(folder: Path) -> list[dict]:
    return _read_jsonl(folder / "manifest.jsonl")


def mutate_task(path: Path, n: int) -> bool:
    """Rewrite one file with a changed task sentence (a new sentence in its first bullet)."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^- .*$", text, re.MULTILINE)
    if match is None:
        return False
    year = re.search(r"\b(20\d\d)\b", text)
    sentence = MUTATION.format(year=year.group(1) if year else "2025", n=n)
    changed = text[:match.end()] + " " + sentence + text[match.end():]
    path.write_text(changed, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="target folder (created; must be empty)")
    parser.add_argument("--docs", type=int, default=1000, help="number of documents (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    parser.add_argument("--mode", choices=["flat", "chains"], default="flat",
                        help="independent documents, or chains central → province → district")
    parser.add_argument("--size-kb", type=float, help="grow every document to about this size")
    parser.add_argument("--drop", type=float, default=0.15, help="share of bullets dropped")
    parser.add_argument("--duplicate", type=float, default=0.15, help="share of bullets doubled")
    parser.add_argument("--force", action="store_true", help="empty the target folder first")
    args = parser.parse_args(argv)
    if args.force and args.out.exists():
        shutil.rmtree(args.out)
    report = generate(args.out, args.docs, args.seed, args.mode, args.size_kb, args.drop,
                      args.duplicate)
    mix = ", ".join(f"{name} {count}" for name, count in sorted(report.by_template.items()))
    print(f"{report.documents} documents, {report.bytes / 1e6:.1f} MB in {report.seconds:.1f} s "
          f"into {args.out} ({mix})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
