#!/usr/bin/env python3
"""Check the gold annotation files under corpora/gold/*/ (stdlib only).

For every ``corpora/gold/<layer-dir>/<stem>.jsonl``:

- line 1 is the ``source`` record; its path resolves (``shared:corpus/...`` against
  ``$PIPELINE_SHARED`` or ``<repo>/../shared``; ``corpora/...`` against the repo) and the
  file's sha256 matches;
- every record has the fields its layer requires (see ``REQUIRED``);
- every record with a span has ``0 <= start <= end <= len(text)`` and, when it carries a
  ``text``, ``text[start:end] == record["text"]`` on the file decoded as is (a ``.docx`` or
  ``.pdf`` or saved web page: on ``pipeline.ingest.ingest(path).text``, the text the pipeline
  ingests);
- reference spans do not overlap, are sorted by start, and their attributes are well formed
  (status / target / candidates agree, ISO dates, normalized symbols per CONVENTIONS.md);
- a references file has exactly one ``document`` record, right after the source.

Usage: ``python3 corpora/gold/check_gold.py [GOLD_DIR]``. Problems go to stderr, a summary to
stdout; the exit code is 1 when any problem was found.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
REPO = GOLD_DIR.parent.parent

REQUIRED: dict[str, tuple[str, ...]] = {
    "source": ("path", "sha256"),
    "document": ("kind", "symbol", "issuer", "date", "place", "title", "signer"),
    "reference": ("start", "end", "text", "symbol", "kind", "date", "status", "target", "candidates"),
    "task": ("id", "start", "end", "text", "section", "kind", "verbs", "lead", "coordinate",
             "report_to", "via", "deadline"),
    "body": ("start", "end", "text", "id"),
    "coverage": ("start", "end"),
}
STATUSES = {"resolved", "ambiguous", "unresolved"}
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}-\d{2})?$")
SLUG_RE = re.compile(r"^named:[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Report:
    """Problems found, as ``file: message`` lines, and counts per layer."""

    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def shared_root() -> Path:
    env = os.environ.get("PIPELINE_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def fetched_root() -> Path:
    env = os.environ.get("PIPELINE_FETCHED")
    return Path(env) if env else REPO.parent / "fetched"


def resolve_source(path: str) -> Path:
    """``shared:corpus/x.txt`` -> <shared>/corpus/x.txt; ``fetched:owner+repo/x.pdf`` ->
    <fetched>/owner+repo/x.pdf; ``corpora/...`` -> <repo>/corpora/..."""
    if path.startswith("shared:"):
        return shared_root() / path.split(":", 1)[1]
    if path.startswith("fetched:"):
        return fetched_root() / path.split(":", 1)[1]
    return REPO / path


def normalize_symbol(sym: str) -> str:
    """Normalized symbol per CONVENTIONS.md (NFC, no spaces, upper-case codes, TƯ->TW, 2-digit number)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFC", sym)).replace("\u2013", "-")
    m = re.match(r"(\d+)([a-zA-Z]?)(.*)$", s)
    if not m:
        return s
    number = str(int(m.group(1))).zfill(2)
    return number + m.group(2).lower() + m.group(3).upper().replace("TƯ", "TW")


def check_target(where: str, rec: dict, report: Report) -> None:
    status, target, cands = rec.get("status"), rec.get("target"), rec.get("candidates")
    if status not in STATUSES:
        report.add(where, f"status {status!r} not in {sorted(STATUSES)}")
    if not isinstance(cands, list):
        report.add(where, "candidates must be a list")
        cands = []
    if status == "resolved" and not target:
        report.add(where, "resolved reference without target")
    if status == "unresolved" and target is not None:
        report.add(where, "unresolved reference must have target null")
    if status == "ambiguous" and len(cands) < 2:
        report.add(where, "ambiguous reference needs at least two candidates")
    for t in ([target] if target else []) + cands:
        if t == "self" or SLUG_RE.match(t):
            continue
        sym, _, date = t.partition("@")
        if normalize_symbol(sym) != sym:
            report.add(where, f"target symbol {sym!r} not normalized ({normalize_symbol(sym)!r})")
        if date and not DATE_RE.match(date):
            report.add(where, f"target date {date!r} is not YYYY or YYYY-MM-DD")


def check_reference(where: str, rec: dict, report: Report) -> None:
    sym = rec.get("symbol")
    if sym is not None and normalize_symbol(sym) != sym:
        report.add(where, f"symbol {sym!r} not normalized ({normalize_symbol(sym)!r})")
    date = rec.get("date")
    if date is not None and not DATE_RE.match(str(date)):
        report.add(where, f"date {date!r} is not YYYY or YYYY-MM-DD")
    check_target(where, rec, report)


def check_span(where: str, rec: dict, text: str, report: Report) -> bool:
    start, end = rec.get("start"), rec.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        report.add(where, f"bad span [{start}, {end}) for a text of {len(text)} characters")
        return False
    if "text" in rec and text[start:end] != rec["text"]:
        report.add(where, f"text[{start}:{end}] = {text[start:end]!r} != {rec['text']!r}")
        return False
    return True


def load_records(path: Path, report: Report) -> list[dict]:
    records: list[dict] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            report.add(f"{path.name}:{n}", f"not JSON ({exc})")
            continue
        if not isinstance(rec, dict) or "layer" not in rec:
            report.add(f"{path.name}:{n}", "record without 'layer'")
            continue
        rec["_line"] = n
        records.append(rec)
    return records


def check_source(name: str, rec: dict, report: Report) -> str | None:
    """Verify the source record; return the decoded text or None."""
    src = resolve_source(str(rec.get("path", "")))
    if not src.is_file():
        if str(rec.get("path", "")).startswith("fetched:"):
            key = "fetched texts not on this machine"
            report.counts[key] = report.counts.get(key, 0) + 1
            return None  # kept out of the repository; fetch_texts.py brings them here
        report.add(name, f"source {rec.get('path')!r} not found at {src}")
        return None
    raw = src.read_bytes()
    if hashlib.sha256(raw).hexdigest() != rec.get("sha256"):
        report.add(name, f"sha256 mismatch for {src}")
    try:
        if src.suffix.lower() in INGESTED_SUFFIXES:
            return ingested_text(src)
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        report.add(name, f"{src} is not UTF-8")
        return None
    except (OSError, subprocess.CalledProcessError) as exc:
        report.add(name, f"{src} could not be ingested ({exc})")
        return None


INGESTED_SUFFIXES = {".docx", ".doc", ".pdf", ".html", ".htm"}
_INGEST = ("import sys; from pipeline.ingest import ingest; "
           "sys.stdout.buffer.write(ingest(sys.argv[1]).text.encode('utf-8'))")


def ingested_text(src: Path) -> str:
    """``pipeline.ingest.ingest(src).text``, run with the project's ``.venv`` Python (the DOCX and
    PDF readers need python-docx and pypdfium2, which this stdlib-only script does not import)."""
    venv = REPO / ".venv" / "bin" / "python"
    python = str(venv) if venv.is_file() else sys.executable
    done = subprocess.run([python, "-c", _INGEST, str(src)], cwd=REPO, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


LINK_KINDS = {"specific", "general", "none"}
REUSE = {"verbatim", "adapted", "new", None}


def check_pair_file(path: Path, report: Report) -> None:
    """An alignment pair (corpora/ALIGNMENT.md): both texts, then every link's spans and quotes."""
    name = f"{path.parent.name}/{path.name}"
    records = load_records(path, report)
    if not records or records[0]["layer"] != "pair":
        report.add(name, "line 1 must be the pair record")
        return
    head = records[0]
    texts = {side: check_source(name, {"path": head.get(side, ""),
                                       "sha256": head.get(f"{side}_sha256")}, report)
             for side in ("local", "central")}
    if head.get("split") not in ("tune", "held-out"):
        report.add(name, f"split {head.get('split')!r} is neither tune nor held-out")
    starts = []
    for rec in records[1:]:
        report.counts["link"] = report.counts.get("link", 0) + 1
        check_link(f"{name}:{rec['_line']}", rec, texts["local"], texts["central"], report)
        starts.append(rec.get("task", [0])[0])
    if starts != sorted(starts):
        report.add(name, "links are not sorted by the task's start")


def check_link(where: str, rec: dict, local: str | None, central: str | None,
               report: Report) -> None:
    kind, passages = rec.get("kind"), rec.get("passages") or []
    if kind not in LINK_KINDS:
        report.add(where, f"kind {kind!r} is not one of {sorted(LINK_KINDS)}")
    if rec.get("reuse") not in REUSE:
        report.add(where, f"reuse {rec.get('reuse')!r} is not verbatim, adapted, new or null")
    if (kind == "specific") != bool(passages):
        report.add(where, "a specific link needs passages; general and none have none")
    spans = [(rec.get("task"), rec.get("quote"), local)] + [
        (span, quote, central) for span, quote in
        itertools.zip_longest(passages, rec.get("passage_quotes") or [])]
    for span, quote, text in spans:
        if text is None:
            continue
        if not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1] <= len(text)):
            report.add(where, f"span {span!r} is not within the text")
        elif quote is None or not text[span[0]:].startswith(quote):
            report.add(where, f"span {span!r} does not start with its quote {quote!r}")


def check_file(path: Path, report: Report) -> None:
    name = f"{path.parent.name}/{path.name}"
    if path.parent.name == "alignment":
        check_pair_file(path, report)
        return
    records = load_records(path, report)
    if not records or records[0]["layer"] != "source":
        report.add(name, "line 1 must be the source record")
        return
    for rec in records:
        where = f"{name}:{rec['_line']}"
        layer = rec["layer"]
        report.counts[layer] = report.counts.get(layer, 0) + 1
        missing = [k for k in REQUIRED.get(layer, ()) if k not in rec]
        if layer not in REQUIRED:
            report.add(where, f"unknown layer {layer!r}")
        if missing:
            report.add(where, f"{layer} record lacks {missing}")
    text = check_source(name, records[0], report)
    if text is None:
        return
    refs: list[dict] = []
    for rec in records[1:]:
        where = f"{name}:{rec['_line']}"
        has_span = "start" in rec or "end" in rec
        if has_span and check_span(where, rec, text, report) and rec["layer"] == "reference":
            refs.append(rec)
        if rec["layer"] == "reference":
            check_reference(where, rec, report)
    check_reference_order(name, records, refs, report)


def check_reference_order(name: str, records: list[dict], refs: list[dict], report: Report) -> None:
    docs = [r for r in records if r["layer"] == "document"]
    if path_is_references(name) and (len(docs) != 1 or records[1]["layer"] != "document"):
        report.add(name, "a references file needs exactly one document record on line 2")
    starts = [r["start"] for r in refs]
    if starts != sorted(starts):
        report.add(name, "reference records are not sorted by start")
    ordered = sorted(refs, key=lambda r: (r["start"], r["end"]))
    for a, b in itertools.pairwise(ordered):
        if b["start"] < a["end"]:
            report.add(name, f"overlapping references {a['text']!r} (line {a['_line']}) "
                             f"and {b['text']!r} (line {b['_line']})")


def path_is_references(name: str) -> bool:
    return name.startswith("references/")


def main(argv: list[str]) -> int:
    gold = Path(argv[1]) if len(argv) > 1 else GOLD_DIR
    files = sorted(p for p in gold.glob("*/*.jsonl") if p.is_file())
    report = Report()
    if not files:
        report.add(str(gold), "no gold files found under */*.jsonl")
    for path in files:
        check_file(path, report)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(report.counts.items()))
    print(f"{len(files)} files checked ({counts}); {len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
