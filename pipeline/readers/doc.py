"""Old Word `.doc` (OLE2, Word 97–2003) → `SourceDocument`, through antiword.

antiword reads the Word binary format and writes UTF-8 text with each table row as a line of
`|`-separated cells (the layout the cleaning stage reads as a table, as in web copies), at any
line width (`-w 0`: one line per paragraph). It is a small Debian package (`antiword`); where it
is missing, a `.doc` fails with a message saying what to install, never silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata

from ..errors import IngestError, Reason
from ..records import Problem, SourceDocument
from .limits import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT_S = 120


def read_doc(name: str, data: bytes, sha256: str, limits: Limits) -> SourceDocument:
    """A legacy Word file as text, or `IngestError` (not OLE, encrypted, antiword missing)."""
    if not data.startswith(OLE_MAGIC):
        raise IngestError(name, Reason.CORRUPT, "not an old Word .doc (no OLE2 header)")
    text = _antiword(name, data)
    if not text.strip():
        raise IngestError(name, Reason.EMPTY, "the .doc holds no text")
    converted = Problem(stage="ingest", code="converted-doc", message=(
        "read from an old Word .doc with antiword: tables as `|` rows, no page numbers"))
    return SourceDocument(path=name, format="doc", sha256=sha256,
                          text=unicodedata.normalize("NFC", text), encoding="utf-8",
                          warnings=(converted,))


def _antiword(name: str, data: bytes) -> str:
    tool = shutil.which("antiword")
    if tool is None:
        raise IngestError(name, Reason.MISSING_TOOL, "reading an old Word .doc needs antiword: "
                                                     "apt-get install antiword")
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
