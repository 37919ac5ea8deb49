"""Old Word `.doc` (OLE2, Word 97–2003) → `SourceDocument`, through LibreOffice or antiword.

LibreOffice (headless) converts the file to DOCX, which the DOCX reader reads: the same records
as a DOCX (tables as tables, Word's list numbering, headers). Measured on the two `.doc` files of
the dev corpus that have a `.docx` twin: LibreOffice's text shares every word pair with the twin
and has its lines (1,023 for 1,024) and its tables (9 of 9, 6 of 6); antiword's shares 0.99, has
30 % more lines and tables only as `|`-separated rows of text. antiword (a small package) is the
fallback where LibreOffice is not installed or fails; without either a `.doc` fails with what to
install, never silently.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..errors import IngestError, Reason
from ..records import Problem, SourceDocument
from .docx import read_docx
from .limits import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT_S = 120
LIBREOFFICE_TIMEOUT_S = 120


def read_doc(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument:
    """A legacy Word file as a document, or `IngestError` (not OLE, encrypted, no converter)."""
    if not data.startswith(OLE_MAGIC):
        raise IngestError(name, Reason.CORRUPT, "not an old Word .doc (no OLE2 header)")
    document = _through_docx(name, data, sha256, limits)
    if document is not None:
        return document
    if shutil.which("antiword") is None:
        raise IngestError(name, Reason.MISSING_TOOL, (
            "reading an old Word .doc needs LibreOffice or antiword: apt-get install "
            "libreoffice-writer-nogui (or antiword)"))
    text = _antiword(name, data)
    if not text.strip():
        raise IngestError(name, Reason.EMPTY, "the .doc holds no text")
    note = Problem(stage="ingest", code="converted-doc", message=(
        "read from an old Word .doc with antiword: tables as `|` rows, no page numbers"))
    return SourceDocument(path=name, format="doc", sha256=sha256,
                          text=unicodedata.normalize("NFC", text), encoding="utf-8",
                          warnings=(note,))


_THROUGH_DOCX = "read from an old Word .doc converted to DOCX by LibreOffice"


def _through_docx(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument | None:
    """The document LibreOffice's DOCX of the file gives, or None (no LibreOffice, or what it
    wrote is unreadable: antiword may do better)."""
    converted = _libreoffice(data)
    if converted is None:
        return None
    try:
        document = read_docx(name, converted, sha256, limits)
    except IngestError:
        return None
    note = Problem(stage="ingest", code="converted-doc", message=_THROUGH_DOCX)
    return replace(document, format="doc", warnings=(note, *document.warnings))


def read_as_docx(document: SourceDocument) -> bool:
    """The `.doc` came through LibreOffice's DOCX: a line per paragraph, as a DOCX has (antiword
    wraps its lines instead)."""
    return any(p.code == "converted-doc" and p.message == _THROUGH_DOCX for p in document.warnings)


def _libreoffice(data: bytes) -> bytes | None:
    """The file as DOCX, converted by LibreOffice headless; None where it is not installed or
    fails (a damaged or encrypted file: antiword then says why). Each call has its own profile
    folder, so that the batch's workers can convert at the same time."""
    tool = shutil.which("soffice") or shutil.which("libreoffice")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="vndoc-doc-") as folder:
        source = Path(folder) / "in.doc"
        source.write_bytes(data)
        # its own process group: `soffice` is a script that starts `soffice.bin`, and a stuck
        # conversion must not leave that behind
        process = subprocess.Popen(
            [tool, f"-env:UserInstallation={Path(folder, 'profile').as_uri()}", "--headless",
             "--convert-to", "docx", "--outdir", folder, str(source)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            process.wait(timeout=LIBREOFFICE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None
        target = Path(folder) / "in.docx"
        return target.read_bytes() if target.exists() else None


def _antiword(name: str, data: bytes) -> str:
    tool = shutil.which("antiword")
    assert tool is not None  # read_doc checked
    handle, temporary = tempfile.mkstemp(suffix=".doc")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        done = subprocess.run([tool, "-m", "UTF-8.txt", "-w", "0", temporary],
                              capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise IngestError(name, Reason.CORRUPT, f"antiword took over {TIMEOUT_S} s") from None
    finally:
        os.unlink(temporary)
    if done.returncode != 0:
        return _failed(name, done.stderr.decode("utf-8", "replace"))
    return done.stdout.decode("utf-8", "replace")


def _failed(name: str, message: str) -> str:
    if "encrypt" in message.lower():
        raise IngestError(name, Reason.ENCRYPTED, "the .doc is password-protected")
    first = message.strip().splitlines()[0] if message.strip() else "no reason given"
    raise IngestError(name, Reason.CORRUPT, f"antiword cannot read it: {first}")
