"""Every record that crosses a stage boundary.

Spans (`start`, `end`) are always character offsets into `SourceDocument.text`, the original
text as decoded (or as extracted from a PDF/DOCX), end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal, TypeVar

SCHEMA_VERSION = "1.0"

# The closed vocabularies of the records. Literal types: the values stay plain strings in JSON,
# SQL and comparisons, and the type checker refuses any other value.
Format = Literal["txt", "md", "pdf", "docx", "doc", "html", "image"]
SectionKind = Literal["part", "part-named", "chapter", "division", "article", "item", "letter",
                      "bullet"]
CitationForm = Literal["full", "short", "symbol", "named", "self", "bare-number"]
Status = Literal["resolved", "ambiguous", "unresolved"]
TaskKind = Literal["task", "assignment", "reporting", "goal"]
DeadlineType = Literal["date", "year", "period", "recurring", "ongoing", "quarter", "event"]
Stage = Literal["ingest", "clean", "metadata", "outline", "references", "resolve", "bodies",
                "tasks", "deadlines", "sources", "store"]


class NodeType(StrEnum):
    """What a node of the cross-reference graph is."""

    DOCUMENT = "document"  # ingested
    STUB = "stub"  # cited, not ingested
    TASK = "task"
    BODY = "body"
    PASSAGE = "passage"  # a sentence of a higher document a task carries out (`carries_out`)
    UNKNOWN = "unknown"  # an id an edge names that no table describes


class EdgeType(StrEnum):
    """The relations of the graph (`pipeline.store.rows` decides which a document produces)."""

    IMPLEMENTS = "implements"  # document → document it implements (title, opening chain)
    CITES = "cites"  # document → document it mentions
    DERIVES_FROM = "derives_from"  # task → document it carries out (ranked, nearest first)
    ISSUED_BY = "issued_by"  # document → body
    LEADS = "leads"  # body → task, and the other roles
    COORDINATES = "coordinates"
    REPORTS_TO = "reports_to"
    VIA = "via"
    CARRIES_OUT = "carries_out"  # task → passage of a higher document (`store.alignments`)
    PART_OF = "part_of"  # passage → the document it is in


ROLES = ("lead", "coordinate", "report_to", "via")
ROLE_EDGES = {"lead": EdgeType.LEADS, "coordinate": EdgeType.COORDINATES,
              "report_to": EdgeType.REPORTS_TO, "via": EdgeType.VIA}

_Record = TypeVar("_Record")


def evolve(record: _Record, **changes: Any) -> _Record:
    """A copy of a frozen record with some fields changed: `dataclasses.replace` without running
    `__init__` again (about 6x faster; records here have no `__post_init__` to skip). Hot paths
    (one call per reference per stage) use it."""
    fields = record.__dataclass_fields__  # type: ignore[attr-defined]
    unknown = changes.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__)
    copy.__dict__.update(changes)
    return copy


def make(cls: type[_Record], **fields: Any) -> _Record:
    """A frozen record made without running its `__init__`, which sets each field through
    `object.__setattr__` (most of the cost of making one): for a stage that makes one per line.
    Every field must be given, in the class's order (no default is applied)."""
    record = object.__new__(cls)
    record.__dict__.update(fields)
    return record


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A table of the source: rows of cells, each cell spanning the original text."""

    start: int
    end: int
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ReadByOcr:
    """A page whose text an OCR engine read (its text layer was missing or garbled)."""

    page: int  # 1-based
    confidence: float | None  # the engine's mean word confidence, 0–100 (None: no word found)
    engine: str = "tesseract"
    doubted_numbers: tuple[tuple[str, float], ...] = ()  # `readers.ocr.OcrPage`'s


@dataclass(frozen=True)
class SourceDocument:
    """What ingestion returns: the original text and how it was read."""

    path: str
    format: Format
    sha256: str
    text: str
    encoding: str | None = None
    pages: int = 1
    page_starts: tuple[int, ...] = (0,)
    tables: tuple[Table, ...] = ()
    headers: tuple[str, ...] = ()  # running headers (PDF) or DOCX section headers
    footers: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()  # what reading the file doubted (stage `ingest`)
    ocr_pages: tuple[ReadByOcr, ...] = ()  # pages read by OCR, with the engine's confidence

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Section:
    """A node of the outline: `I-`, `1.`, `2.1.`, `a)`, bullets `-`/`+`, `Điều 5.` ..."""

    path: str  # e.g. "II.2.2" or "II.2.2.-3" for the third bullet
    level: int
    marker: str  # the marker as written: "II-", "2.2.", "-", "a)", "Điều 5."
    kind: SectionKind
    heading: str
    start: int
    end: int
    heading_end: int
    parent: str | None = None


@dataclass(frozen=True)
class Signer:
    capacity: str | None = None  # T/M BAN THƯỜNG VỤ, KT. CHỦ TỊCH ...
    title: str | None = None  # PHÓ BÍ THƯ
    name: str | None = None


@dataclass(frozen=True)
class DocumentMeta:
    kind: str | None = None
    symbol: str | None = None
    number: str | None = None
    kind_code: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO
    title: str | None = None
    signer: Signer | None = None
    recipients: tuple[str, ...] = ()
    jurisdiction: str | None = None  # slug of the issuer's province/city (corpora/kb)
    level: str | None = None  # central / provincial / district / commune (decided with it)
    body_start: int = 0  # where the document proper starts in the original text
    body_end: int = 0  # where it ends (web chrome after it is cut; annexes included)
    closing_start: int | None = None  # the signature and `Nơi nhận` block
    closing_end: int | None = None
    addressees: tuple[str, ...] = ()  # a letter's `Kính gửi:` (a telegram's `... điện:`) list
    addressees_start: int | None = None
    addressees_end: int | None = None


@dataclass(frozen=True)
class Problem:
    """Something the pipeline could not do, or did with a doubt, on part of a document; the rest
    goes on. `code` is stable (`not-utf8`, ...); `message` is for a person; `start`/`end` point
    into the original text where the problem has a place."""

    stage: Stage
    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Candidate:
    id: str
    score: float
    reason: str


@dataclass(slots=True, kw_only=True)
class Reference:
    """A mention of another document (or of the document itself).

    The one record two stages fill in place: finding sets the span, form and attributes,
    resolution the status and target, and the orchestrator maps the span to the original text
    once at the end. Mutable on purpose: a copy per reference per stage cost a third of the
    references stage's time (benchmarks/results.md); nothing changes it after `extract`.
    """

    text: str = ""  # the words as written (original text, once mapped)
    start: int
    end: int
    form: CitationForm
    symbol: str | None = None
    number: str | None = None
    kind_code: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    kind: str | None = None
    date: str | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    name: str | None = None  # for named references
    status: Status = "unresolved"
    target: str | None = None
    method: str | None = None
    candidates: tuple[Candidate, ...] = ()
    implements: bool = False  # the citing document implements this one (its title/opening)
    implemented_by: int | None = None  # index of the reference that implements this one


@dataclass(frozen=True)
class BodyMention:
    text: str
    start: int
    end: int
    id: str | None
    name: str | None = None
    level: str | None = None
    group: bool = False


@dataclass(frozen=True)
class RoleFiller:
    id: str | None
    text: str | None
    inherited: bool = False


@dataclass(frozen=True)
class Deadline:
    text: str
    type: DeadlineType
    date: str | None = None
    year: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    frequency: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatedTime:
    """Words where a task states its time, for the deadlines stage: a time cell or a
    `Thời gian:` line (`cell`: all of it is about time), or the task's own text; `governs`: a
    heading or lead-in above the task that sets the time of all it covers (`2. Năm 2026`,
    `Đến hết năm 2030, phấn đấu:`), weaker than any time of the task's own but a term's."""

    text: str
    cell: bool = False
    governs: bool = False
    year: int | None = None  # the year a day and month written without one are in


@dataclass(frozen=True)
class Task:
    id: str
    section: str | None
    text: str
    start: int
    end: int
    kind: TaskKind
    verbs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    lead: tuple[RoleFiller, ...] = ()
    coordinate: tuple[RoleFiller, ...] = ()
    report_to: tuple[RoleFiller, ...] = ()
    via: tuple[RoleFiller, ...] = ()
    deadline: Deadline | None = None
    sources: tuple[str, ...] = ()
    reference_ids: tuple[int, ...] = ()  # indexes into ExtractedDocument.references
    stated_times: tuple[StatedTime, ...] = ()  # tasks → deadlines stage; empty after `extract`


@dataclass
class ExtractedDocument:
    """Everything extracted from one source document."""

    source: SourceDocument
    meta: DocumentMeta
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    bodies: list[BodyMention] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    implements: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The document's canonical id (see corpora/CONVENTIONS.md), or a content id."""
        if self.meta.symbol:
            return f"{self.meta.symbol}@{self.meta.date}" if self.meta.date else self.meta.symbol
        return f"sha:{self.source.sha256[:16]}"


def to_jsonable(obj: Any) -> Any:
    """Dataclasses → dicts, tuples → lists, recursively."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    return obj
