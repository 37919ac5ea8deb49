"""Every record that crosses a stage boundary.

Spans (`start`, `end`) are always character offsets into `SourceDocument.text`, the original
text as decoded (or as extracted from a PDF/DOCX), end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

SCHEMA_VERSION = "1.0"

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
class SourceDocument:
    """What ingestion returns: the original text and how it was read."""

    path: str
    format: str  # txt | md | pdf | docx
    sha256: str
    text: str
    encoding: str | None = None
    pages: int = 1
    page_starts: tuple[int, ...] = (0,)
    tables: tuple[Table, ...] = ()
    headers: tuple[str, ...] = ()  # running headers (PDF) or DOCX section headers
    footers: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Section:
    """A node of the outline: `I-`, `1.`, `2.1.`, `a)`, bullets `-`/`+`, `Điều 5.` ..."""

    path: str  # e.g. "II.2.2" or "II.2.2.-3" for the third bullet
    level: int
    marker: str  # the marker as written: "II-", "2.2.", "-", "a)", "Điều 5."
    kind: str  # part | chapter | section | article | clause | point | item | letter | bullet
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
    body_start: int = 0  # where the document proper starts in the original text
    body_end: int = 0  # where it ends (web chrome after it is cut; annexes included)
    closing_start: int | None = None  # the signature and `Nơi nhận` block
    closing_end: int | None = None


@dataclass(frozen=True)
class Problem:
    """Something the pipeline could not do on part of a document; the rest goes on."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Candidate:
    id: str
    score: float
    reason: str


@dataclass(frozen=True)
class Reference:
    """A mention of another document (or of the document itself)."""

    text: str
    start: int
    end: int
    form: str  # full | short | symbol | named | self | bare-number
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
    status: str = "unresolved"  # resolved | ambiguous | unresolved
    target: str | None = None
    method: str | None = None
    candidates: tuple[Candidate, ...] = ()
    implements: bool = False  # the citing document implements this one (its title/opening)
    implemented_by: int | None = None  # index of the reference that implements this one


@dataclass(slots=True)
class ReferenceDraft:
    """A reference while it is found and resolved (offsets into the clean text): the stages fill
    it in place and `freeze` makes the `Reference` once, with original offsets."""

    start: int
    end: int
    form: str
    kind: str | None = None
    symbol: str | None = None
    number: str | None = None
    kind_code: str | None = None
    issuer_code: str | None = None
    year: int | None = None
    date: str | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    name: str | None = None
    text: str = ""
    status: str = "unresolved"
    target: str | None = None
    method: str | None = None
    candidates: tuple[Candidate, ...] = ()
    implements: bool = False
    implemented_by: int | None = None

    def freeze(self, start: int, end: int, text: str) -> Reference:
        return Reference(
            text=text, start=start, end=end, form=self.form, symbol=self.symbol,
            number=self.number, kind_code=self.kind_code, issuer_code=self.issuer_code,
            year=self.year, kind=self.kind, date=self.date, issuer=self.issuer, term=self.term,
            title=self.title, name=self.name, status=self.status, target=self.target,
            method=self.method, candidates=self.candidates, implements=self.implements,
            implemented_by=self.implemented_by,
        )


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
    type: str  # date | year | period | recurring | ongoing | quarter
    date: str | None = None
    year: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    frequency: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    id: str
    section: str | None
    text: str
    start: int
    end: int
    kind: str  # task | assignment | reporting | goal
    verbs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    lead: tuple[RoleFiller, ...] = ()
    coordinate: tuple[RoleFiller, ...] = ()
    report_to: tuple[RoleFiller, ...] = ()
    via: tuple[RoleFiller, ...] = ()
    deadline: Deadline | None = None
    sources: tuple[str, ...] = ()
    reference_ids: tuple[int, ...] = ()  # indexes into ExtractedDocument.references


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
