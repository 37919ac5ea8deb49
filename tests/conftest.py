"""Shared paths and file builders for the tests.

Real texts are read from the shared corpus (`PIPELINE_SHARED`, default `../shared` next to the
repository, as CI lays it out); they are never copied into the repository. Files the tests need
that no corpus has (an encrypted PDF, a scan, a zip bomb, ...) are built here, in `tmp_path`.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PIPELINE_SHARED", REPO / ".." / "shared"))
CORPUS = SHARED / "corpus"
SEED = CORPUS / "000_ab5e45f9e3a49525.txt"
EXCERPTS = CORPUS / "excerpts"
OFFICIAL = CORPUS / "official-2025"
LAWS = CORPUS / "laws"
SAMPLES = REPO / "corpora" / "samples"
SOURCES = REPO / "corpora" / "sources"


def corpus_file(path: Path) -> Path:
    """A file of the shared corpus; fails (never skips) when the corpus is not where CI puts it."""
    if not path.exists():
        pytest.fail(f"{path} is missing: put a copy of shared/ next to the repository "
                    "or set PIPELINE_SHARED")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return corpus_file(SEED).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- corpora/sources
def source_lines(name: str) -> list[str]:
    """The paragraphs of a sample's marked-up source (`corpora/sources/NAME.txt`) as a reader
    should render them: one line each, inline markup removed, bullets as `- `, Word-numbered
    items (`#. `) as `1. `, `2. ` ... Tables and running headers are left out (tested apart).
    """
    lines: list[str] = []
    number = 0
    in_table = False
    for raw in (SOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("@table"):
            in_table = True
            continue
        if in_table and line.startswith("|"):
            continue
        in_table = False
        if not line or line.startswith("@header"):
            continue
        if line.startswith("#. "):
            number += 1
            lines.append(f"{number}. {_inline(line[3:])}")
            continue
        number = 0
        line = re.sub(r"^(?:#{1,3}|=) ", "", line)
        lines.append(_inline(line))
    return lines


def source_table_rows(name: str, index: int) -> list[list[str]]:
    """Cell texts of the `index`-th `@table` of a source: `<br>` parts joined by one space."""
    tables: list[list[list[str]]] = []
    for raw in (SOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("@table"):
            tables.append([])
        elif line.startswith("|") and tables:
            cells = line.strip("|").split("|")
            tables[-1].append([
                " ".join(p for part in cell.split("<br>") if (p := _inline(part).strip()))
                for cell in cells
            ])
    return tables[index]


def _inline(text: str) -> str:
    return re.sub(r"\*\*|(?<!\w)_|_(?!\w)", "", text).strip()


# --------------------------------------------------------------------------- PDF builders
def pdf_with_text(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given lines (ASCII, Helvetica), one under the other."""
    return _write_pdf(_page_objects(pages))


def pdf_with_content(contents: list[bytes], rotate: int = 0) -> bytes:
    """A PDF of A4 pages drawn by the given content streams (`/F1` is Helvetica), each page
    turned by `rotate` degrees (`/Rotate`)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for index, content in enumerate(contents):
        page, stream = 4 + 2 * index, 5 + 2 * index
        objects[stream] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d"
                         b" /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
                         % (rotate, stream))
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return _write_pdf(objects)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(text: str, user_password: bytes, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF encrypted with the PDF standard security handler, RC4 40-bit (V1 R2),
    written from the algorithms of ISO 32000-1 §7.6.3 (no tool needed): with a user password
    it cannot be opened without it; with an empty one it opens (permissions only)."""
    file_id = hashlib.md5(b"vndoc-test").digest()
    permissions = -44
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5((user_password + _PAD)[:32] + o_value
                      + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    objects = _page_objects([[text]])

    def seal(number: int, data: bytes) -> bytes:  # ISO 32000-1 algorithm 1
        object_key = hashlib.md5(key + number.to_bytes(3, "little") + b"\0\0").digest()[:10]
        return _rc4(object_key, data)

    for number, body in objects.items():
        if b"stream\n" in body:
            head, rest = body.split(b"stream\n", 1)
            objects[number] = head + b"stream\n" + seal(number, rest[: -len(b"\nendstream")]) \
                + b"\nendstream"
    encrypt = max(objects) + 1
    objects[encrypt] = (b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                        % (o_value.hex().encode(), _rc4(key, _PAD).hex().encode(), permissions))
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt, file_id.hex().encode(),
                                                      file_id.hex().encode())
    return _write_pdf(objects, trailer)


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def _page_objects(pages: list[list[str]]) -> dict[int, bytes]:
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for index, lines in enumerate(pages):
        page, contents = 4 + 2 * index, 5 + 2 * index
        ops = ["BT /F1 11 Tf 14 TL 72 760 Td", *(f"({line}) Tj T*" for line in lines), "ET"]
        content = "\n".join(ops).encode("latin-1")
        objects[contents] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                         b" /Resources << /Font << /F1 3 0 R >> >> >>" % contents)
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return objects


def _write_pdf(objects: dict[int, bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, trailer_extra, xref)
    return bytes(out)


def image_only_pdf(path: Path) -> Path:
    """Page 1 of the sample PDF rendered to an image and saved as a PDF with no text layer."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SAMPLES / "kh-96-hu.pdf"))
    try:
        image = pdf[0].render(scale=1).to_pil().convert("RGB")
    finally:
        pdf.close()
    image.save(path, "PDF")
    return path


def blank_scan_pdf(path: Path) -> Path:
    """A scanned blank page: an A4 white image saved as a PDF, nothing on it to read."""
    from PIL import Image

    Image.new("RGB", (595, 842), "white").save(path, "PDF")
    return path


# --------------------------------------------------------------------------- DOCX builders
DOCUMENT_XML = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p></w:body></w:document>"
)


def zip_bomb_docx(path: Path, megabytes: int) -> Path:
    """A zip with `word/document.xml` and one entry of `megabytes` MB of zeros (~1000:1)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", DOCUMENT_XML)
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return path


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """`write(name, data)` → a file `name` in tmp_path holding `data`."""

    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The four samples and the seed written to a store, once per test session (read only)."""
    from pipeline.extract import extract
    from pipeline.ingest import ingest, iter_paths
    from pipeline.store import align_store, open_db, write_document

    db = open_db(tmp_path_factory.mktemp("samples") / "sample.db")
    for path in [*iter_paths(SAMPLES), corpus_file(SEED)]:
        write_document(db, extract(ingest(path)), str(path))
    align_store(db)  # what a batch does after writing: tasks → the passages they carry out
    return db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`vndoc serve` on a free local port in a session of its own (stdout and stderr piped),
    once it answers; fails with its output if it dies or does not answer within a minute."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
            return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGTERM)
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"the server did not start: {output[-2000:]}")
            time.sleep(0.3)


@pytest.fixture(scope="session")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vndoc serve` (Datasette) on a free local port over a store of the samples, stopped at
    the end of the session; yields its base URL."""
    from pipeline.batch import ingest_paths

    db_path = tmp_path_factory.mktemp("serve") / "directives.db"
    ingest_paths([SAMPLES], db_path, jobs=1)
    process, base = start_server(db_path)
    try:
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
