"""The one exception type for unusable input, and its reason codes."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too-large"
    UNKNOWN_FORMAT = "unknown-format"
    UNREADABLE = "unreadable"
    NOT_FOUND = "not-found"
    BINARY = "binary"
    ENCODING = "encoding"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NO_TEXT_LAYER = "no-text-layer"
    ZIP_BOMB = "zip-bomb"
    MISSING_TOOL = "missing-tool"  # a system program the format needs is not installed


class IngestError(Exception):
    """A whole file cannot be used. Carries the file name and a reason code.

    >>> str(IngestError("plan.pdf", Reason.ENCRYPTED, "the PDF is password-protected"))
    'plan.pdf: the PDF is password-protected [encrypted]'
    """

    def __init__(self, path: str, reason: Reason, message: str) -> None:
        self.path = str(path)
        self.reason = reason
        self.message = message
        super().__init__(f"{self.path}: {message} [{reason.value}]")


class PathError(Exception):
    """Something named by a path cannot be used as asked; the message starts with the path,
    so the one line a user sees says where to look."""

    def __init__(self, path: object, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class StoreError(PathError):
    """The database cannot be used as asked: not a vndoc store, newer, locked, read-only, full.

    >>> str(StoreError("notes.db", "is another application's SQLite database"))
    "notes.db: is another application's SQLite database"
    """


class OutputError(PathError):
    """An export cannot be written where asked (a folder, a database, an existing file)."""


class ResourceError(PathError):
    """A resource the pipeline needs (knowledge base, gazetteer, model) is missing or broken.

    >>> str(ResourceError("corpora/kbx", "is not a knowledge base folder (it does not exist)"))
    'corpora/kbx: is not a knowledge base folder (it does not exist)'
    """


class QueryError(LookupError):
    """A name given to a query (a document, a province, a body) names nothing in the store, or
    several things: a query that silently answered `[]` would look like "no task", which is a
    different answer. `candidates` are what it may have meant (close names, or every match)."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        self.candidates = candidates
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0])


class NotFoundError(QueryError):
    """The name matches nothing in the store.

    >>> str(NotFoundError("no province 'hanoi' in the store; did you mean 'ha-noi'?"))
    "no province 'hanoi' in the store; did you mean 'ha-noi'?"
    """


class AmbiguousError(QueryError):
    """The name matches several things and a query needs one (`candidates` lists them)."""
