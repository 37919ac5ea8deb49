"""Where exports go: a file of the right kind, never a database, never an existing file unless
asked, and written whole or not at all (a temporary file renamed into place)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import OutputError

SQLITE_MAGIC = b"SQLite format 3\x00"


def output_format(path: Path, fmt: str | None, formats: Iterable[str]) -> str:
    """The format to write `path` in: `fmt`, or the file's extension; they must agree."""
    known = tuple(formats)
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in known:
            raise OutputError(path, f"cannot tell the format from the extension; use --format "
                                    f"({', '.join(known)})")
        return suffix
    if suffix and suffix != fmt:
        raise OutputError(path, f"the extension .{suffix} does not match --format {fmt}; name "
                                f"the file .{fmt} or change --format")
    return fmt


def check_target(path: Path, force: bool, protect: Iterable[Path] = ()) -> None:
    """Refuse a folder, a database (the store itself or any SQLite file) and, without `force`,
    any existing file."""
    if path.is_dir():
        raise OutputError(path, "is a folder; give a file name (-o folder/tasks.xlsx)")
    if any(path.resolve() == p.resolve() for p in protect) or _is_sqlite(path):
        raise OutputError(path, "is a database; an export never overwrites one")
    if path.exists() and not force:
        raise OutputError(path, "exists; pass --force to replace it")


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a temporary file beside `path`, then move it into place: a crash or a
    full disk leaves the old file (or none), never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix,
                                         dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary file (mkstemp made it 0600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
