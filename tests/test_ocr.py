"""Scanned pages read by OCR: pages rendered here from a real text (clean, skewed, noisy), a
scan of the dev corpus, a PDF with a text page and a scanned one, a broken font map read again,
and what happens without Tesseract."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS, SAMPLES, SEED, corpus_file
from PIL import Image

import pipeline.readers.image as image_reader
import pipeline.readers.pdf as pdf_reader
from pipeline.errors import IngestError, Reason
from pipeline.evaluation.metrics import character_error_rate
from pipeline.evaluation.scans import opening_lines, typeset_page
from pipeline.extract import extract, to_json
from pipeline.ingest import ingest
from pipeline.readers.ocr import DPI, ocr_available, parse_tsv
from pipeline.readers.quality import is_garbled, syllable_share

SCAN = (CORPUS / "dev-2026-12" / "src08-hwolp-RAG_TongHopVBHC" /
        "hw01-TTg-CV-464-TTg-CDS-2026-04-30-trien-khai-KL-18-KL-TW-scan.pdf")
# Skipped on a machine without Tesseract, never in CI (`.ci/run` installs it: there it must run).
needs_ocr = pytest.mark.skipif(not ocr_available() and not os.environ.get("CI"),
                               reason="tesseract-ocr-vie is not installed (make installs it "
                               "where it can)")


def seed_lines(count: int = 14) -> list[str]:
    """Lines of the seed plan's opening, wrapped at about 75 characters."""
    return opening_lines(corpus_file(SEED).read_text(encoding="utf-8"), count)


def scanned_pdf(path: Path, lines: list[str], skew: float = 0.0, noise: float = 0.0) -> Path:
    """An A4 page at `DPI` with `lines` in 12 pt DejaVu Serif, saved as an image-only PDF."""
    return typeset_page(path, lines, dpi=DPI, skew=skew, noise=noise)


cer = character_error_rate


@needs_ocr
@pytest.mark.parametrize(("skew", "noise", "most"), [(0.0, 0.0, 0.02), (0.8, 0.0, 0.03),
                                                     (0.0, 0.002, 0.03)])
def test_a_rendered_page_is_read_back(tmp_path: Path, skew: float, noise: float,
                                      most: float) -> None:
    """Clean renders under 2 % CER (the issue's aim), a skewed or speckled one under 3 %."""
    lines = seed_lines()
    source = ingest(scanned_pdf(tmp_path / "scan.pdf", lines, skew, noise))
    assert [w.code for w in source.warnings] == ["ocr"]
    assert cer("\n".join(lines), source.text) <= most


@needs_ocr
def test_a_real_scan_gives_its_document() -> None:
    doc = extract(ingest(corpus_file(SCAN)))
    assert (doc.meta.kind, doc.meta.date) == ("Công văn", "2026-04-30")
    assert "18-KL/TW" in {r.symbol for r in doc.references}
    assert len(doc.tasks) >= 5
    assert [p.code for p in doc.problems] == ["ocr"]


def test_without_tesseract_a_scan_says_what_to_install(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)
    path = scanned_pdf(tmp_path / "scan.pdf", seed_lines(3))
    with pytest.raises(IngestError, match="apt-get install tesseract-ocr tesseract-ocr-vie") as error:
        ingest(path)
    assert error.value.reason == Reason.NO_TEXT_LAYER


def _text_page_then_scan(tmp_path: Path) -> Path:
    """Page 1 of the sample PDF (a text layer) followed by a scanned page of the seed plan."""
    scan = pdfium.PdfDocument(str(scanned_pdf(tmp_path / "scan.pdf", seed_lines(6))))
    mixed = pdfium.PdfDocument(str(SAMPLES / "kh-96-hu.pdf"))
    try:
        for _ in range(len(mixed) - 1):
            mixed.del_page(1)
        mixed.import_pages(scan)
        path = tmp_path / "mixed.pdf"
        mixed.save(str(path))
    finally:
        mixed.close()
        scan.close()
    return path


@needs_ocr
def test_only_the_scanned_page_of_a_mixed_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    source = ingest(_text_page_then_scan(tmp_path))
    assert source.pages == 2
    assert [w.message.split(" read by")[0] for w in source.warnings] == ["pages 2"]
    assert "96-KH/HU" in source.text
    assert cer(" ".join(seed_lines(6)), source.text[source.page_starts[1]:]) <= 0.02
    # the output marks the page as OCR'd, with its span and Tesseract's confidence
    [page] = source.ocr_pages
    assert page.page == 2 and page.confidence is not None and page.confidence > 80
    [marked] = to_json(extract(source))["source"]["ocr_pages"]
    assert (marked["page"], marked["start"], marked["end"]) == (2, source.page_starts[1],
                                                                  len(source.text))


def test_without_tesseract_a_mixed_pdf_keeps_its_text_and_says_what_was_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)
    source = ingest(_text_page_then_scan(tmp_path))
    assert [w.code for w in source.warnings] == ["pages-without-text"]
    assert source.warnings[0].message.startswith("pages 2 have no text layer")
    assert "96-KH/HU" in source.text


BROKEN_FONT = (CORPUS / "dev-2026-12" / "src02-Trangsct-skill-sct" /
               "lc17-laocai-SCT-TB-1894-TB-SCT-2026-signed-broken-font.pdf")


def test_vietnamese_text_is_told_from_a_broken_font_map() -> None:
    """Real text scores high; the same words typed as a font without a Unicode map shows them
    (`Ộ`→`Ӝ`, `Ư`→`Ѭ`, `N`→`1`: the substitutions of the dev corpus's broken PDFs) score low."""
    text = " ".join(seed_lines(14))
    share, counted = syllable_share(text)
    assert counted >= 100 and share >= 0.9 and not is_garbled(text)
    broken = text.translate(str.maketrans({"ộ": "Ӝ", "ư": "Ѭ", "n": "1", "h": "+", "à": "‡",
                                           "ệ": "ӊ", "t": "7"}))
    assert is_garbled(broken)
    assert not is_garbled("UBND 96-KH/HU 05/6/2024")  # too few words to judge


def test_a_garbled_text_layer_is_kept_and_noted_without_tesseract(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)
    source = ingest(corpus_file(BROKEN_FONT))
    assert [w.code for w in source.warnings] == ["garbled-text"]
    assert is_garbled(source.text)


@needs_ocr
def test_a_garbled_text_layer_is_read_again_by_ocr() -> None:
    source = ingest(corpus_file(BROKEN_FONT))
    assert [w.code for w in source.warnings] == ["ocr"]
    assert source.warnings[0].message.endswith("the text layer of pages 1, 2 was garbled")
    assert not is_garbled(source.text)
    doc = extract(source)
    assert (doc.meta.symbol, doc.meta.date) == ("1894/TB-SCT", "2026-04-09")


def test_tesseract_tsv_gives_lines_paragraphs_and_a_vietnamese_dj() -> None:
    """Words grouped by (block, paragraph, line), a blank line between paragraphs, the eth
    Tesseract reads for `Đ` put right, and the mean confidence of the words."""
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [(1, 1, 1, 1, "90", "Số:"), (1, 1, 1, 2, "80", "84/QĐÐ-UBND"), (1, 1, 2, 1, "70", "Lào"),
            (1, 1, 2, 2, "60", "Cai,"), (1, 2, 1, 1, "50", "ÐIỀU"), (1, 2, 1, 2, "-1", " ")]
    tsv = "\n".join([header, "4\t1\t1\t1\t1\t0\t0\t0\t0\t0\t-1\t"] + [
        f"5\t1\t{b}\t{p}\t{line}\t{w}\t0\t0\t9\t9\t{conf}\t{text}" for b, p, line, w, conf, text in rows])
    page = parse_tsv(tsv)
    assert page.lines == ("Số: 84/QĐ-UBND", "Lào Cai,", "", "ĐIỀU")
    assert page.confidence == 70.0


def test_numbers_the_engine_doubts_in_the_header_are_kept_with_their_confidence() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [(1, 1, 1, 1, "90", "Số:"), (1, 1, 1, 2, "55", "84/QĐÐ-UBND"),
            (1, 1, 1, 3, "96", "ngày"), (1, 1, 1, 4, "97", "03/02/2025"), (1, 1, 1, 5, "12", "tháng"),
            (1, 1, 2, 1, "80", "#4"), (1, 1, 2, 2, "70", "1105⁄KH-ĐKT")]
    tsv = "\n".join([header] + [f"5\t1\t{b}\t{p}\t{line}\t{w}\t0\t0\t9\t9\t{conf}\t{text}"
                              for b, p, line, w, conf, text in rows])
    # words with a digit read unsurely or with signs no number has; not the date read well,
    # nor a number whose slash is Tesseract's fraction slash
    assert parse_tsv(tsv).doubted_numbers == (("84/QĐ-UBND", 55.0), ("#4", 80.0))


@needs_ocr
@pytest.mark.parametrize("name, doubted", [
    ("nl10-nghean-QD-UBND-2025-10-30-uy-quyen-scan.pdf", True),  # handwritten: 34314 read
    ("lc17-laocai-SCT-TB-1894-TB-SCT-2026-signed-broken-font.pdf", False),  # typed, read right
])
def test_a_scans_own_number_read_from_a_doubted_word_is_said_to_be_doubtful(
        name: str, doubted: bool) -> None:
    doc = extract(ingest(corpus_file(next(CORPUS.glob(f"dev-2026-12/*/{name}")))))
    assert doc.meta.symbol is not None
    found = [p for p in doc.problems if p.code == "doubted-number"]
    assert bool(found) == doubted
    assert all(doc.meta.symbol in p.message and "check it" in p.message for p in found)


def _page_images(count: int) -> list[Image.Image]:
    """The first pages of the sample PDF as a scanner saves them: grey, 200 dpi."""
    pdf = pdfium.PdfDocument(str(SAMPLES / "kh-96-hu.pdf"))
    try:
        return [pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(count)]
    finally:
        pdf.close()


@needs_ocr
def test_a_scanned_page_saved_as_an_image_is_read_by_ocr(tmp_path: Path) -> None:
    """A PNG of a plan's first page is read as a scanned PDF page is (it was skipped as a file
    of an unknown kind): its symbol, date and the `ocr` note."""
    path = tmp_path / "kh-96-hu-p1.png"
    _page_images(1)[0].save(path, dpi=(200, 200))
    doc = extract(ingest(path))
    assert (doc.source.format, doc.source.pages) == ("image", 1)
    assert (doc.meta.symbol, doc.meta.date) == ("96-KH/HU", "2024-06-05")
    assert "215-KH/TU" in {r.symbol for r in doc.references}
    assert [p.code for p in doc.problems] == ["ocr"]


@needs_ocr
def test_every_page_of_a_tiff_is_read(tmp_path: Path) -> None:
    first, second = _page_images(2)
    path = tmp_path / "kh-96-hu.tif"
    first.save(path, save_all=True, append_images=[second], dpi=(200, 200))
    source = ingest(path)
    assert (source.format, source.pages, [p.page for p in source.ocr_pages]) == ("image", 2,
                                                                                 [1, 2])


def test_an_image_is_checked_before_ocr_and_ocr_named_when_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "notes.jpg"
    junk.write_bytes(b"\xff\xd8\xff" + b"\x00" * 64)
    with pytest.raises(IngestError) as error:
        ingest(junk)
    assert error.value.reason == Reason.CORRUPT
    monkeypatch.setattr(image_reader, "ocr_available", lambda: False)
    page = tmp_path / "page.png"
    Image.new("L", (200, 300), 255).save(page)
    with pytest.raises(IngestError, match="tesseract-ocr-vie") as missing:
        ingest(page)
    assert missing.value.reason == Reason.MISSING_TOOL


def test_a_doubted_date_or_another_number_does_not_put_the_documents_number_in_doubt() -> None:
    from pipeline.extract import _doubted_number
    from pipeline.records import DocumentMeta, ReadByOcr, SourceDocument
    meta = DocumentMeta(number="15", symbol="15/KH-UBND")
    for words, doubted in (((("15/3/2025", 30.0), ("2015", 20.0)), False),
                           ((("1§5", 70.0),), True), ((("Ê§5", 0.0),), True)):
        source = SourceDocument(path="t.pdf", format="pdf", sha256="0", text="",
                                ocr_pages=(ReadByOcr(1, 90.0, doubted_numbers=words),))
        assert bool(_doubted_number(source, meta)) == doubted, words
