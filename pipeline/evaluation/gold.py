"""Gold annotations: read and verify the files of `corpora/gold/` (see corpora/ANNOTATION.md).

Every text is checked against its checksum and every span against the `text` it repeats.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PathError
from ..ingest import ingest
from ..readers.text import decode_text
from ..records import Deadline, DocumentMeta, RoleFiller, Signer

REPO_ROOT = Path(__file__).resolve().parents[2]  # the checkout: gold and floors live in corpora/
GOLD_DIR = REPO_ROOT / "corpora" / "gold"
DEFAULT_GOLD = GOLD_DIR  # the name pipeline/cli.py uses
FLOORS_PATH = REPO_ROOT / "corpora" / "floors.json"
COLLECTIONS_PATH = GOLD_DIR / "collections.json"
FLOOR_MARGIN = 0.02
LAYERS = ("references", "tasks")
ROLES = ("lead", "coordinate", "report_to", "via")
META_FIELDS = ("kind", "symbol", "issuer", "date", "place", "title")
SIGNER_FIELDS = ("capacity", "title", "name")
DEADLINE_FIELDS = ("date", "year", "start_year", "end_year", "frequency")

REQUIRED: dict[str, tuple[str, ...]] = {
    "source": ("path", "sha256"),
    "document": (),
    "reference": ("start", "end", "text", "status", "target"),
    "task": ("id", "start", "end", "text"),
    "body": ("start", "end", "text", "id"),
    "coverage": ("start", "end"),
}


class GoldError(PathError):
    """A gold file cannot be used: names the file, the line and what is wrong (a `PathError`:
    the CLI shows it as one line, exit 2, since a missing corpus is the user's to fix)."""

    def __init__(self, file: Path | str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}", message)
        self.file = str(file)
        self.line = line


# ---------------------------------------------------------------------------------------------
# Gold records


@dataclass(frozen=True)
class GoldReference:
    start: int
    end: int
    text: str
    status: str
    target: str | None
    symbol: str | None = None
    kind: str | None = None
    date: str | None = None
    candidates: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class GoldBody:
    start: int
    end: int
    text: str
    id: str | None
    line: int = 0


@dataclass(frozen=True)
class GoldTask:
    id: str
    start: int
    end: int
    text: str
    section: str | None = None
    kind: str | None = None
    verbs: tuple[str, ...] = ()
    lead: tuple[RoleFiller, ...] = ()
    coordinate: tuple[RoleFiller, ...] = ()
    report_to: tuple[RoleFiller, ...] = ()
    via: tuple[RoleFiller, ...] = ()
    deadlines: tuple[Deadline, ...] = ()  # usually 0 or 1; a few gold tasks list several
    line: int = 0


@dataclass(frozen=True)
class GoldDocument:
    """One gold file: one layer (`references` or `tasks`) of one text."""

    name: str  # the text's stem, e.g. 000_ab5e45f9e3a49525
    layer: str  # references | tasks
    gold_file: Path
    source: str  # as written: shared:corpus/... or corpora/samples/...
    file: Path  # the text, resolved
    sha256: str
    text: str = field(repr=False, default="")
    meta: DocumentMeta | None = None
    meta_fields: tuple[str, ...] = ()  # fields the gold `document` record states
    references: tuple[GoldReference, ...] = ()
    tasks: tuple[GoldTask, ...] = ()
    bodies: tuple[GoldBody, ...] = ()
    coverage: tuple[tuple[int, int], ...] = ()
    # what the file annotates (`tasks`, `roles`, `deadlines`, `bodies`; `document`,
    # `references`); empty: everything of its layer
    annotated: tuple[str, ...] = ()
    wave: int = 1  # 1: the first 29 texts (2026-11), 2: the second wave (2026-12)

    @property
    def collection(self) -> str:
        return collection_of(self.source)

    def annotates(self, part: str) -> bool:
        return not self.annotated or part in self.annotated


FETCHED_COLLECTION = "external/"  # the sources of texts fetched from outside the repository


def collection_of(source: str) -> str:
    """The publishing source a gold text comes from: `official-2025`, `seed`, `samples`,
    `excerpts`, one of the dev corpus's sources (`dev-2026-12/src01-vpubnd49-VBAI`) or a public
    repository texts were fetched from (`fetched:owner+repo/x` → `external/owner+repo`): each is
    its own source, so that held-out figures are told apart per publisher."""
    if source.startswith("fetched:"):
        return FETCHED_COLLECTION + source.split(":", 1)[1].split("/")[0]
    path = source.split(":", 1)[1] if source.startswith("shared:") else source
    parts = path.split("/")
    if parts[0] == "corpus":
        parts = parts[1:]
    if len(parts) == 1:
        return "seed"
    if parts[0] == "corpora":
        return parts[1]
    return "/".join(parts[:2]) if parts[0] == "dev-2026-12" else parts[0]


@dataclass(frozen=True)
class Collection:
    """A publishing source of gold texts, and whether any rule or model was tuned on it."""

    name: str
    tuned: bool
    note: str = ""
    # held out until this date, its errors read while writing rules since: tuned now, and
    # reported apart (`formerly-unseen`) so that the figures before and after can be compared
    read_since: str | None = None


def load_collections(path: Path = COLLECTIONS_PATH) -> dict[str, Collection]:
    """`corpora/gold/collections.json`: every source of the gold set, `tuned` or not."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: Collection(name, bool(item["tuned"]) or bool(item.get("read_since")),
                             item.get("note", ""), item.get("read_since"))
            for name, item in data.items()}


def shared_root() -> Path:
    return Path(os.environ.get("PIPELINE_SHARED", REPO_ROOT.parent / "shared"))


def fetched_root() -> Path:
    """Where texts fetched from public repositories sit on this machine (never committed: the
    project keeps only their annotations and where each came from); an empty variable is unset."""
    return Path(os.environ.get("PIPELINE_FETCHED") or REPO_ROOT.parent / "fetched")


def resolve_source(path: str) -> Path:
    """`shared:corpus/x.txt` → <shared>/corpus/x.txt; `fetched:owner+repo/x.pdf` →
    <fetched>/owner+repo/x.pdf; `corpora/samples/x` → <repo>/corpora/samples/x."""
    if path.startswith("shared:"):
        return shared_root() / path.split(":", 1)[1]
    if path.startswith("fetched:"):
        return fetched_root() / path.split(":", 1)[1]
    return REPO_ROOT / path


class FetchedTextMissing(GoldError):
    """A gold file annotates a fetched text that is not on this machine: it is skipped."""


def load_gold(gold_dir: Path = GOLD_DIR, skipped: list[str] | None = None) -> list[GoldDocument]:
    """Every `<gold_dir>/references/*.jsonl` and `<gold_dir>/tasks/*.jsonl`, verified.

    Raises `GoldError` (file and line) for a missing text, a checksum that does not match, a
    span whose `text` differs from the text at that span, or a malformed record. A fetched text
    missing on this machine is no error: its gold files are left out, each named in `skipped`.
    """
    gold_dir = Path(gold_dir)
    files = [p for layer in LAYERS for p in sorted((gold_dir / layer).glob("*.jsonl"))]
    found = []
    texts: dict[tuple[Path, str], str] = {}  # a scan is read (OCR) once for all its layers
    for path in files:
        try:
            found.append(load_gold_file(path, texts=texts))
        except FetchedTextMissing as missing:
            if skipped is not None:
                skipped.append(str(missing))
    return found


def load_gold_file(path: Path, layer: str | None = None,
                   texts: dict[tuple[Path, str], str] | None = None) -> GoldDocument:
    """One gold file, verified; `texts` keeps the texts already read, by file and checksum."""
    layer = layer or path.parent.name
    if layer not in LAYERS:
        raise GoldError(path, 0, f"unknown layer folder {layer!r}; expected one of {LAYERS}")
    records = _read_records(path)
    if not records or records[0][1].get("layer") != "source":
        raise GoldError(path, records[0][0] if records else 1, "line 1 must be the source record")
    source = records[0][1]
    file = resolve_source(str(source["path"]))
    key = (file, str(source["sha256"]))
    text = texts.get(key) if texts is not None else None
    if text is None:
        text = _source_text(path, file, str(source["sha256"]),
                            fetched=str(source["path"]).startswith("fetched:"))
        if texts is not None:
            texts[key] = text
    parts = _parse_records(path, records[1:], text)
    return GoldDocument(
        name=path.stem, layer=layer, gold_file=path, source=str(source["path"]), file=file,
        sha256=str(source["sha256"]), text=text,
        annotated=tuple(source.get("annotated", ())), wave=int(source.get("wave", 1)), **parts,
    )


def _read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(path, number, f"not JSON: {error}") from None
        if not isinstance(record, dict) or record.get("layer") not in REQUIRED:
            layer = record.get("layer") if isinstance(record, dict) else None
            raise GoldError(path, number, f"unknown layer {layer!r}; expected one of {sorted(REQUIRED)}")
        missing = [k for k in REQUIRED[record["layer"]] if k not in record]
        if missing:
            raise GoldError(path, number, f"{record['layer']} record lacks {missing}")
        records.append((number, record))
    return records


def _source_text(gold_file: Path, file: Path, sha256: str, fetched: bool = False) -> str:
    """The annotated text: the file decoded as is (TXT/MD) or as ingested (PDF/DOCX, and a saved
    web page, whose annotated text is its body without the site's chrome). A fetched text that
    is missing is `FetchedTextMissing`; one that differs is to be fetched again."""
    if not file.is_file():
        if fetched:
            raise FetchedTextMissing(gold_file, 1, f"the fetched text {file} is not on this "
                                                   "machine (corpora/gold/fetch_texts.py)")
        raise GoldError(gold_file, 1, f"the text {file} does not exist (set PIPELINE_SHARED?)")
    data = file.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        advice = ("bring it again: python3 corpora/gold/fetch_texts.py" if fetched else
                  "the text changed: re-check the annotations, then the checksum")
        raise GoldError(gold_file, 1, f"sha256 of {file} is {actual}, the gold file says {sha256}; "
                                      + advice)
    if file.suffix.lower() in {".pdf", ".docx", ".doc", ".html", ".htm"}:
        return ingest(file).text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(data, str(file))[0]


def _parse_records(path: Path, records: list[tuple[int, dict[str, Any]]], text: str) -> dict[str, Any]:
    parts: dict[str, list[Any]] = defaultdict(list)
    for line, record in records:
        layer = record["layer"]
        if "start" in record:
            _check_span(path, line, record, text)
        if layer in ("source", "document") and parts[layer]:
            raise GoldError(path, line, f"a second {layer!r} record (one per file)")
        try:
            parts[layer].append(_PARSERS[layer](line, record))
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            reason = f"{type(error).__name__}: {error}"
            raise GoldError(path, line, f"malformed {layer} record ({reason})") from None
    result: dict[str, Any] = {PLURALS[k]: tuple(v) for k, v in parts.items() if k in PLURALS}
    if parts["document"]:
        meta, fields = parts["document"][0]
        result |= {"meta": meta, "meta_fields": fields}
    return result


def _check_span(path: Path, line: int, record: dict[str, Any], text: str) -> None:
    start, end = record.get("start"), record.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        raise GoldError(path, line, f"bad span [{start}, {end}) for a text of {len(text)} characters")
    if "text" in record and text[start:end] != record["text"]:
        raise GoldError(path, line, f"text[{start}:{end}] is {text[start:end]!r}, "
                                    f"the record says {record['text']!r}")


def _parse_document(line: int, record: dict[str, Any]) -> tuple[DocumentMeta, tuple[str, ...]]:
    """The gold metadata, and the fields it states (`signer` alone when the signer is null)."""
    signer = record.get("signer")
    meta = DocumentMeta(
        **{k: record.get(k) for k in META_FIELDS},  # type: ignore[arg-type]  # checked by REQUIRED
        signer=Signer(**{k: signer.get(k) for k in SIGNER_FIELDS}) if signer else None,
    )
    fields = [k for k in META_FIELDS if k in record]
    if "signer" in record:
        fields += [f"signer.{k}" for k in SIGNER_FIELDS if k in signer] if signer else ["signer"]
    return meta, tuple(fields)


def _parse_reference(line: int, record: dict[str, Any]) -> GoldReference:
    return GoldReference(
        start=record["start"], end=record["end"], text=record["text"], status=record["status"],
        target=record["target"], symbol=record.get("symbol"), kind=record.get("kind"),
        date=record.get("date"), candidates=tuple(record.get("candidates") or ()), line=line,
    )


def _parse_task(line: int, record: dict[str, Any]) -> GoldTask:
    roles = {role: tuple(RoleFiller(f.get("id"), f.get("text"), bool(f.get("inherited")))
                         for f in record.get(role) or ()) for role in ROLES}
    deadline = record.get("deadline")
    deadlines = deadline if isinstance(deadline, list) else [deadline] if deadline else []
    return GoldTask(
        id=str(record["id"]), start=record["start"], end=record["end"], text=record["text"],
        section=record.get("section"), kind=record.get("kind"),
        verbs=tuple(record.get("verbs") or ()), **roles,
        deadlines=tuple(_parse_deadline(d) for d in deadlines), line=line,
    )


def _parse_body(line: int, record: dict[str, Any]) -> GoldBody:
    return GoldBody(record["start"], record["end"], record["text"], record["id"], line)


def _parse_coverage(line: int, record: dict[str, Any]) -> tuple[int, int]:
    return (record["start"], record["end"])


def _parse_deadline(data: dict[str, Any]) -> Deadline:
    return Deadline(
        text=data.get("text") or "", type=data["type"], date=data.get("date"),
        year=data.get("year"), start_year=data.get("start_year"), end_year=data.get("end_year"),
        frequency=tuple(data.get("frequency") or ()),
    )


_PARSERS: dict[str, Callable[[int, dict[str, Any]], Any]] = {
    "source": lambda line, record: record,
    "document": _parse_document,
    "reference": _parse_reference,
    "task": _parse_task,
    "body": _parse_body,
    "coverage": _parse_coverage,
}
PLURALS = {"reference": "references", "task": "tasks", "body": "bodies", "coverage": "coverage"}
