"""Ingestion of real files in every format, and text encodings.

The samples in `corpora/samples/` are built from `corpora/sources/` (see corpora/README.md), so a
reader's output is checked against the source paragraphs, not against a copy of its own output.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

import pytest
from conftest import (
    SAMPLES,
    SEED,
    corpus_file,
    encrypted_pdf,
    pdf_with_text,
    source_lines,
    source_table_rows,
)

from pipeline import ingest
from pipeline.records import SourceDocument

PDF = SAMPLES / "kh-96-hu.pdf"
DOCX = SAMPLES / "kh-215-tu.docx"


def assert_lines_in_order(text: str, expected: list[str]) -> None:
    """Each expected line is a whole line of `text`, in this order (other lines may come between)."""
    lines = text.split("\n")
    position = 0
    for line in expected:
        try:
            position = lines.index(line, position) + 1
        except ValueError:
            pytest.fail(f"line missing (or out of order): {line!r}")


# --------------------------------------------------------------------------- every format
@pytest.mark.parametrize(
    ("name", "fmt", "encoding"),
    [
        ("kl-187-tw.txt", "txt", "utf-8"),
        ("kh-142-ubnd.md", "md", "utf-8"),
        ("kh-215-tu.docx", "docx", None),
        ("kh-96-hu.pdf", "pdf", None),
    ],
)
def test_each_format_is_read_with_its_format_hash_and_encoding(name, fmt, encoding):
    path = SAMPLES / name
    doc = ingest(path)
    assert (doc.path, doc.name, doc.format, doc.encoding) == (str(path), name, fmt, encoding)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.text.strip()


@pytest.mark.parametrize("name", ["kl-187-tw.txt", "kh-142-ubnd.md"])
def test_text_files_keep_the_original_text_exactly(name):
    path = SAMPLES / name
    assert ingest(path).text == path.read_bytes().decode("utf-8")


def test_seed_is_read_as_is(seed_text):
    doc = ingest(corpus_file(SEED))
    assert (doc.format, doc.encoding, doc.pages, doc.warnings) == ("txt", "utf-8", 1, ())
    assert doc.text == seed_text


# --------------------------------------------------------------------------- DOCX
@pytest.fixture(scope="module")
def docx_doc() -> SourceDocument:
    return ingest(DOCX)


def test_docx_paragraphs_with_word_numbering_rendered_as_written(docx_doc):
    # `- ` bullets and the `1.`-`4.` of part III are Word numbering, not characters of the text
    assert_lines_in_order(docx_doc.text, source_lines("kh-215-tu"))


@pytest.mark.parametrize(
    "line_start",
    [
        "- Tổ chức quán triệt, triển khai Kết luận số 187-KL/TW và Kế hoạch này",  # List Bullet
        "1. Các huyện ủy, thị ủy, thành ủy, đảng đoàn, ban cán sự đảng",  # List Number
        "4. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp Văn phòng Tỉnh ủy",
    ],
)
def test_docx_list_labels(docx_doc, line_start):
    assert any(line.startswith(line_start) for line in docx_doc.text.split("\n"))


@pytest.mark.parametrize("index", [0, 1, 2], ids=["header block", "task table", "signature"])
def test_docx_tables_as_rows_and_cells(docx_doc, index):
    table = docx_doc.tables[index]
    assert [[cell.text for cell in row] for row in table.rows] == source_table_rows(
        "kh-215-tu", index)


def test_docx_table_cells_span_their_text(docx_doc):
    assert len(docx_doc.tables) == 3
    for table in docx_doc.tables:
        for row in table.rows:
            for cell in row:
                assert docx_doc.text[cell.start:cell.end].replace("\n", " ") == cell.text
                assert table.start <= cell.start <= cell.end <= table.end


def test_docx_task_table_header_and_a_row(docx_doc):
    rows = docx_doc.tables[1].rows
    assert [cell.text for cell in rows[0]] == [
        "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    assert [cell.text for cell in rows[2]] == [
        "2",
        "Triển khai phần mềm quản lý văn bản và hồ sơ công việc, chữ ký số chuyên dùng tại các cơ "
        "quan đảng cấp tỉnh, cấp huyện",
        "Văn phòng Tỉnh ủy",
        "Sở Thông tin và Truyền thông; các huyện ủy, thị ủy, thành ủy",
        "trước ngày 31/12/2024",
    ]
    assert len(rows) == 6


def test_docx_header_and_footer_kept_apart_from_the_text(docx_doc):
    assert docx_doc.headers == ("Kế hoạch số 215-KH/TU",)
    assert docx_doc.footers == ("1",)  # the PAGE field's value
    assert "Kế hoạch số 215-KH/TU" not in docx_doc.text
    outside_tables = _blank_spans(docx_doc.text, [(t.start, t.end) for t in docx_doc.tables])
    assert "1" not in outside_tables.split("\n")


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


def test_docx_text_inside_content_controls_is_kept(tmp_path):
    """Word wraps cover pages, tables of contents and form fields in `w:sdt` blocks."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("Kế hoạch số 5-KH/HU")
    inside = document.add_paragraph("Nội dung trong content control")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "STT", "Nội dung"
    document.add_paragraph("Đoạn cuối.")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inside._p.addprevious(sdt)
    sdt.append(content)
    content.append(inside._p)
    content.append(table._tbl)
    document.save(tmp_path / "sdt.docx")
    doc = ingest(tmp_path / "sdt.docx")
    assert doc.text == "Kế hoạch số 5-KH/HU\nNội dung trong content control\nSTT\nNội dung\nĐoạn cuối.\n"
    assert [[cell.text for cell in row] for row in doc.tables[0].rows] == [["STT", "Nội dung"]]


# --------------------------------------------------------------------------- PDF
@pytest.fixture(scope="module")
def pdf_doc() -> SourceDocument:
    return ingest(PDF)


def test_pdf_pages(pdf_doc):
    assert pdf_doc.pages >= 3
    assert len(pdf_doc.page_starts) == pdf_doc.pages
    assert pdf_doc.page_starts[0] == 0
    assert list(pdf_doc.page_starts) == sorted(set(pdf_doc.page_starts))


def test_pdf_paragraphs_as_in_the_source(pdf_doc):
    # title lines stay apart; wrapped lines and the paragraph broken by a page are joined
    assert_lines_in_order(pdf_doc.text, source_lines("kh-96-hu"))


def test_pdf_running_header_removed_and_kept_apart(pdf_doc):
    assert pdf_doc.headers == ("Kế hoạch số 96-KH/HU",)
    assert "Kế hoạch số 96-KH/HU" not in pdf_doc.text


def test_pdf_page_numbers_removed(pdf_doc):
    assert pdf_doc.footers == tuple(str(n) for n in range(1, pdf_doc.pages + 1))
    assert re.search(r"^\s*\d+\s*$", pdf_doc.text, re.M) is None


def test_pdf_paragraph_split_by_page_1_to_2_is_one_line(pdf_doc):
    line = ("- Đưa chỉ tiêu chuyển đổi số vào chương trình công tác năm 2024, năm 2025 của Ban "
            "Chấp hành Đảng bộ huyện và cấp ủy cơ sở. Phân công đồng chí phó bí thư hoặc ủy viên "
            "ban thường vụ đảng ủy trực tiếp phụ trách chuyển đổi số tại từng đảng bộ xã, thị trấn.")
    start = pdf_doc.text.index(line + "\n")
    # page 2 starts inside that line, with its continuation
    assert start < pdf_doc.page_starts[1] < start + len(line)
    assert pdf_doc.text[pdf_doc.page_starts[1]:].startswith("hoặc ủy viên ban thường vụ")
    assert pdf_doc.text[pdf_doc.page_starts[1] - 1] == " "


def test_pdf_edges_removed_by_position_not_by_value(write):
    """A running header, a running footer and page numbers go; the same strings inside the page
    stay (a table cell `1`), and a line in capitals is not joined to the line under it."""
    long_line = "Task one of the plan, a line long enough to count as a full line of text"
    path = write("plan.pdf", pdf_with_text([
        ["Plan 7-KH/HU", "KE HOACH", "thuc hien ke hoach so 5", "STT", "1", long_line,
         "Page 1 footer", "1"],
        ["Plan 7-KH/HU", "that continues after the page break.", "2. Second item.",
         "Page 2 footer", "2"],
    ]))
    doc = ingest(path)
    assert doc.text == (f"KE HOACH\nthuc hien ke hoach so 5\nSTT\n1\n{long_line} that continues "
                        "after the page break.\n2. Second item.\n")
    assert doc.headers == ("Plan 7-KH/HU",)
    assert doc.footers == ("Page 1 footer", "1", "Page 2 footer", "2")
    assert doc.text[doc.page_starts[1]:].startswith("that continues")


def test_pdf_lettered_items_with_a_full_stop_start_their_own_lines(write):
    """`a. Doi tuong ...` under a short heading, `b. Thu tuc ...` after a full sentence: each
    lettered item (a letter, a full stop, a capital) keeps its line; a wrapped line in lower
    case still goes on the line above."""
    path = write("guide.pdf", pdf_with_text([[
        "1. Dieu kien duoc hoan thi",
        "a. Doi tuong SV khong the tham gia thi tat ca cac hoc phan theo ke hoach cua truong vi",
        "nhung ly do bat kha khang nhu benh dieu tri noi tru, cach ly tap trung va mot so ly do khac.",
        "b. Thu tuc dang ky hoan thi: SV dang nhap tai khoan ca nhan do Truong cap de dang ky.",
    ]]))
    assert ingest(path).text.splitlines() == [
        "1. Dieu kien duoc hoan thi",
        "a. Doi tuong SV khong the tham gia thi tat ca cac hoc phan theo ke hoach cua truong vi "
        "nhung ly do bat kha khang nhu benh dieu tri noi tru, cach ly tap trung va mot so ly do khac.",
        "b. Thu tuc dang ky hoan thi: SV dang nhap tai khoan ca nhan do Truong cap de dang ky."]


def test_pdf_encrypted_for_permissions_only_is_read(write):
    """Encrypted with an empty user password: anyone can open it, so it is read."""
    path = write("open.pdf", encrypted_pdf("Ke hoach so 96-KH/HU ngay 05/6/2024", b""))
    assert ingest(path).text == "Ke hoach so 96-KH/HU ngay 05/6/2024\n"


# --------------------------------------------------------------------------- encodings
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> tuple[bytes, str]:
    """Encode as Windows-1258 does: letters with their vowel marks precomposed (ê, ơ, ă), tone
    marks as combining characters. Returns the bytes and the (NFC) text that survives: a
    character cp1258 cannot hold in any form becomes `?`."""
    data = bytearray()
    survivor = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        form = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + "".join(
            c for c in parts if c in _TONES)
        try:
            data += form.encode("cp1258")
            survivor.append(ch)
        except UnicodeEncodeError:
            data += b"?"
            survivor.append("?")
    return bytes(data), "".join(survivor)


def _plain(encoding: str, bom: bytes = b""):
    return lambda text: (bom + text.encode(encoding), text)


ENCODINGS = [
    ("utf-8", _plain("utf-8"), "utf-8"),
    ("utf-8 with BOM", _plain("utf-8", codecs.BOM_UTF8), "utf-8-sig"),
    ("utf-16 LE with BOM", _plain("utf-16-le", codecs.BOM_UTF16_LE), "utf-16"),
    ("utf-16 BE with BOM", _plain("utf-16-be", codecs.BOM_UTF16_BE), "utf-16"),
    ("utf-16 LE without BOM", _plain("utf-16-le"), "utf-16-le"),
    ("utf-16 BE without BOM", _plain("utf-16-be"), "utf-16-be"),
    ("windows-1258", windows_1258, "cp1258"),
]
TEXTS = [
    ("one short line", "Uỷ ban nhân dân tỉnh\n"),
    ("CRLF and NFD", unicodedata.normalize("NFD", "Kế hoạch\r\nThực hiện Kết luận số 08-KL/BTCTW\r\n")),
    ("the seed", None),
]


@pytest.mark.parametrize(("label", "encode", "expected"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("text_id", [t[0] for t in TEXTS])
def test_encoding_is_detected_and_text_survives(write, seed_text, label, encode, expected, text_id):
    text = dict(TEXTS)[text_id] or seed_text
    data, survivor = encode(text)
    lost = set(unicodedata.normalize("NFC", text)) - set(unicodedata.normalize("NFC", survivor))
    assert not lost, f"{label} cannot hold {lost}"
    doc = ingest(write("plan.txt", data))
    assert (doc.encoding, doc.warnings) == (expected, ())
    assert unicodedata.normalize("NFC", doc.text) == unicodedata.normalize("NFC", text)
    assert ("\r\n" in doc.text) == ("\r\n" in text)


def test_utf8_nfd_text_is_not_normalized_on_ingestion(write):
    text = unicodedata.normalize("NFD", "Hòa bình, thủy lợi\n")
    assert ingest(write("nfd.txt", text.encode())).text == text


def test_utf8_with_one_bad_byte_is_read_with_a_warning(write, seed_text):
    data = seed_text.encode()
    cut = data.index("mỗi quan hệ".encode())
    doc = ingest(write("damaged.txt", data[:cut] + b"\xff" + data[cut:]))
    assert doc.encoding == "utf-8"
    assert doc.text == seed_text[: len(data[:cut].decode())] + "\ufffd" + seed_text[
        len(data[:cut].decode()):]
    assert [(w.stage, w.code, w.message) for w in doc.warnings] == [(
        "ingest", "not-utf8",
        f"1 byte sequence(s) not valid UTF-8 (the first at byte {cut}) replaced by U+FFFD")]



def test_windows_1258_text_is_composed(write, seed_text):
    """cp1258 writes tone marks as combining characters; the stored text is NFC, so a search
    typed normally (`thủy`) finds it."""
    data, _ = windows_1258(seed_text)
    doc = ingest(write("plan.txt", data))
    assert doc.encoding == "cp1258"
    assert doc.text == unicodedata.normalize("NFC", doc.text)
    assert "Ban Thường vụ" in doc.text
