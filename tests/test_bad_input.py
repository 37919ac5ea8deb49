"""Unusable files: each raises one `IngestError` naming the file and the reason; a folder batch
reports them and goes on; the CLI prints `Error: <file>: <reason>` and exits 1.

Every bad file is a real file made in tmp_path. The password-protected PDF is written by
`conftest.encrypted_pdf` (PDF standard security handler, RC4, from the algorithms of ISO 32000-1:
no qpdf or pikepdf needed, and checked to open with its password); the scan is page 1 of the
sample PDF rendered by pypdfium2 and saved by Pillow as an image-only PDF (it is read by OCR,
`test_ocr.py`); the blank scan is a white page with nothing to read.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, blank_scan_pdf, encrypted_pdf, image_only_pdf, zip_bomb_docx

from pipeline import IngestError, Reason, ingest, iter_folder
from pipeline.cli import cli
from pipeline.ingest import DEFAULT_LIMITS, Limits

JUNK = random.Random(0).randbytes(4096)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_TEXT = r"not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text"
SUPPORTED = (r"; supported: \.doc, \.docx, \.htm, \.html, \.jpeg, \.jpg, \.markdown, \.md, \.pdf, "
             r"\.png, \.tif, \.tiff, \.txt")


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _half_of_the_sample_pdf() -> bytes:
    data = (SAMPLES / "kh-96-hu.pdf").read_bytes()
    return data[: len(data) // 2]


def _blank_pdf(path: Path) -> None:
    """Two empty pages: no text, no image (what text drawn as shapes looks like to a reader)."""
    pdf = pdfium.PdfDocument.new()
    for _ in range(2):
        pdf.new_page(595, 842)
    pdf.save(str(path))
    pdf.close()


# name, file content (bytes, or a builder taking the path), limits, reason, message (regex)
CASES = [
    ("empty.txt", b"", None, Reason.EMPTY, r"the file is empty"),
    ("empty.pdf", b"", None, Reason.EMPTY, r"the file is empty"),
    ("empty.docx", b"", None, Reason.EMPTY, r"the file is empty"),
    ("blank.txt", b" \r\n\t\n", None, Reason.EMPTY, r"the file is empty"),
    ("bom-only.txt", b"\xef\xbb\xbf", None, Reason.EMPTY, r"the file holds no text"),
    ("blank-utf16.txt", b"\xff\xfe" + " \n".encode("utf-16-le"), None, Reason.EMPTY,
     r"the file holds no text"),
    ("junk.txt", JUNK, None, Reason.BINARY, r"binary data, not text"),
    ("junk.pdf", JUNK, None, Reason.CORRUPT, r"not a PDF \(no %PDF- header\)"),
    ("junk.docx", JUNK, None, Reason.CORRUPT, r"not a DOCX \(not a zip archive\)"),
    ("chinese-gbk.txt", "中文文本，这是一个测试文件。".encode("gbk") * 20, None, Reason.ENCODING,
     NOT_TEXT),
    ("russian-cp1251.txt", "Привет мир, это тест".encode("cp1251") * 10, None, Reason.ENCODING,
     NOT_TEXT),
    ("truncated.pdf", _half_of_the_sample_pdf(), None, Reason.CORRUPT,
     r"damaged or truncated PDF \(Failed to load document \(PDFium: Data format error\)\.\)"),
    ("locked.pdf", encrypted_pdf("Ke hoach so 96-KH/HU ngay 05/6/2024", b"secret"), None,
     Reason.ENCRYPTED, r"the PDF is password-protected; decrypt it first"),
    ("blank-scan.pdf", blank_scan_pdf, None, Reason.NO_TEXT_LAYER,  # with Tesseract or without
     r"no text(, even by OCR| layer: a scan; reading it needs OCR \(apt-get install .*\))"),
    ("blank.pdf", _blank_pdf, None, Reason.NO_TEXT_LAYER,
     r"no text layer and no scanned image on its 2 pages"),
    ("long.pdf", (SAMPLES / "kh-96-hu.pdf").read_bytes(), Limits(max_pdf_pages=2), Reason.TOO_LARGE,
     r"\d+ pages is over the 2-page limit"),
    ("legacy.docx", OLE_MAGIC + JUNK, None, Reason.ENCRYPTED,
     r"an OLE file, not a DOCX: password-protected, or a legacy \.doc"),
    ("no-body.docx", _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}), None,
     Reason.CORRUPT, r"not a DOCX \(no word/document.xml\)"),
    ("bomb.docx", lambda path: zip_bomb_docx(path, 200), None, Reason.ZIP_BOMB,
     r"its parts expand to 210 MB from 20\d kB"),
    ("bomb-small.docx", lambda path: zip_bomb_docx(path, 2), Limits(max_docx_uncompressed=1 << 20),
     Reason.ZIP_BOMB, r"its parts expand to 2,097 kB from 2,\d{3} bytes"),
    ("large.txt", "Kế hoạch số 215-KH/TU\n".encode() * 100, Limits(max_bytes=1000),
     Reason.TOO_LARGE, r"2,800 bytes \(2,800 bytes\) is over the limit of 1,000 bytes"),
    ("long-text.docx", (SAMPLES / "kh-215-tu.docx").read_bytes(), Limits(max_chars=5000),
     Reason.TOO_LARGE, r"[\d,]+ characters of text is over the limit of 5,000 \(about 2 pages\)"),
    ("plan.doc", b"Ke hoach", None, Reason.CORRUPT, r"not an old Word \.doc \(no OLE2 header\)"),
    ("plan.rtf", b"{\\rtf1 Ke hoach}", None, Reason.UNKNOWN_FORMAT,
     r"unknown extension '\.rtf'" + SUPPORTED),
    ("plan", b"Ke hoach", None, Reason.UNKNOWN_FORMAT,
     r"unknown extension '\(none\)'" + SUPPORTED),
]


@pytest.mark.parametrize(("name", "content", "limits", "reason", "message"), CASES,
                         ids=[case[0] for case in CASES])
def test_bad_file_raises_ingest_error(tmp_path, name, content, limits, reason, message):
    path = tmp_path / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    with pytest.raises(IngestError, match=rf"^{path}: {message} \[{reason.value}\]$") as info:
        ingest(path, limits or DEFAULT_LIMITS)
    assert (info.value.reason, info.value.path) == (reason, str(path))
    assert name in str(info.value)


def test_the_locked_pdf_is_really_encrypted_and_opens_with_its_password(tmp_path):
    data = encrypted_pdf("Ke hoach so 96-KH/HU ngay 05/6/2024", b"secret")
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(data)
    pdf = pdfium.PdfDocument(data, password="secret")
    assert pdf[0].get_textpage().get_text_range() == "Ke hoach so 96-KH/HU ngay 05/6/2024"


def test_the_scan_has_an_image_and_no_text(tmp_path):
    pdf = pdfium.PdfDocument(str(image_only_pdf(tmp_path / "scan.pdf")))
    page = pdf[0]
    assert page.get_textpage().get_text_range() == ""
    assert [obj.type for obj in page.get_objects()] == [pdfium.raw.FPDF_PAGEOBJ_IMAGE]


def test_sparse_file_over_the_default_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(DEFAULT_LIMITS.max_bytes + 1)  # sparse: no disk used, nothing read
    with pytest.raises(IngestError, match=r"huge.txt: 67,108,865 bytes \(67 MB\) is over the limit "
                                          r"of 67,108,864 bytes \[too-large\]$") as info:
        ingest(path)
    assert info.value.reason == Reason.TOO_LARGE


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match=r"missing.txt: no such file \[not-found\]$") as info:
        ingest(tmp_path / "missing.txt")
    assert info.value.reason == Reason.NOT_FOUND


def test_directory_named_like_a_file(tmp_path):
    (tmp_path / "x.txt").mkdir()
    with pytest.raises(IngestError, match=r"x.txt: not a regular file \[unreadable\]$") as info:
        ingest(tmp_path / "x.txt")
    assert info.value.reason == Reason.UNREADABLE


def test_broken_symlink(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(IngestError, match=r"link.txt: no such file \[not-found\]$") as info:
        ingest(tmp_path / "link.txt")
    assert info.value.reason == Reason.NOT_FOUND


def test_file_without_read_permission(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Kế hoạch", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything (CI runs as root)
            pytest.skip("running as a user who can read a mode-000 file")
        with pytest.raises(IngestError, match=r"secret.txt: cannot read: Permission denied") as info:
            ingest(path)
        assert info.value.reason == Reason.UNREADABLE
    finally:
        path.chmod(0o600)


# --------------------------------------------------------------------------- folders
@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """Good and bad files, a nested folder, a hidden file and a file of another kind."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "kl-187-tw.txt", folder / "a-good.txt")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-junk.pdf").write_bytes(JUNK)
    shutil.copy(SAMPLES / "kh-142-ubnd.md", folder / "d-good.md")
    (folder / "e-notes.png").write_bytes(JUNK)  # an image (a scan, read by OCR) that is none
    (folder / "e-notes.xlsx").write_bytes(JUNK)  # not a supported kind: not ours to read
    (folder / ".hidden.txt").write_bytes(b"")
    shutil.copy(SAMPLES / "kh-96-hu.pdf", folder / "sub" / "f-good.pdf")
    (folder / "sub" / "g-truncated.pdf").write_bytes(_half_of_the_sample_pdf())
    (folder / "z-broken.txt").symlink_to(folder / "nowhere.txt")
    return folder


EXPECTED_FOLDER = [
    ("a-good.txt", None),
    ("b-empty.txt", Reason.EMPTY),
    ("c-junk.pdf", Reason.CORRUPT),
    ("d-good.md", None),
    ("e-notes.png", Reason.CORRUPT),
    ("sub/f-good.pdf", None),
    ("sub/g-truncated.pdf", Reason.CORRUPT),
    ("z-broken.txt", Reason.NOT_FOUND),
]


def test_iter_folder_yields_documents_and_errors_in_path_order(mixed_folder):
    got = []
    for item in iter_folder(mixed_folder):
        path = Path(item.path).relative_to(mixed_folder).as_posix()
        got.append((path, item.reason if isinstance(item, IngestError) else None))
    assert got == EXPECTED_FOLDER


def test_iter_folder_on_a_single_bad_path_yields_its_error(tmp_path):
    [item] = list(iter_folder(tmp_path / "missing.txt"))
    assert isinstance(item, IngestError)
    assert item.reason == Reason.NOT_FOUND


# --------------------------------------------------------------------------- CLI
def test_cli_single_bad_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: the file is empty [empty]\n"
    assert result.stdout == ""


def test_cli_missing_file(tmp_path):
    """A path that does not exist is a usage error (2), as for `ingest`, not a failed input."""
    path = tmp_path / "missing.pdf"
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"Path '{path}' does not exist." in result.stderr
    assert result.stdout == ""


def test_cli_folder_prints_the_good_and_reports_the_bad(mixed_folder):
    result = CliRunner().invoke(cli, ["extract", str(mixed_folder)])
    assert result.exit_code == 1
    printed = [line.split(":", 1)[0] for line in result.stdout.splitlines()]
    assert printed == [str(mixed_folder / path) for path, reason in EXPECTED_FOLDER if not reason]
    assert result.stderr.splitlines() == [
        f"Error: {mixed_folder / 'b-empty.txt'}: the file is empty [empty]",
        f"Error: {mixed_folder / 'c-junk.pdf'}: not a PDF (no %PDF- header) [corrupt]",
        f"Error: {mixed_folder / 'e-notes.png'}: not a readable image (PNG, JPEG or TIFF) "
        "[corrupt]",
        f"Error: {mixed_folder / 'sub/g-truncated.pdf'}: damaged or truncated PDF "
        "(Failed to load document (PDFium: Data format error).) [corrupt]",
        f"Error: {mixed_folder / 'z-broken.txt'}: no such file [not-found]",
    ]


def test_cli_folder_of_good_files_exits_0(tmp_path):
    shutil.copy(SAMPLES / "kl-187-tw.txt", tmp_path / "a.txt")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{tmp_path / 'a.txt'}: Kết luận 187-KL/TW 2024-03-14 — ")


def test_bytes_before_the_pdf_header_are_tolerated(tmp_path):
    """PDF readers accept the `%PDF-` header anywhere in the first 1 kB (one dev-corpus scan has
    bytes before it); past that it is not a PDF."""
    data = (SAMPLES / "kh-96-hu.pdf").read_bytes()
    near, far = tmp_path / "near.pdf", tmp_path / "far.pdf"
    near.write_bytes(JUNK[:300] + data)
    far.write_bytes(JUNK[:2000] + data)
    assert ingest(near).text == ingest(SAMPLES / "kh-96-hu.pdf").text
    with pytest.raises(IngestError, match=r"not a PDF \(no %PDF- header\)"):
        ingest(far)
