"""Old Word `.doc` files, read through LibreOffice (or antiword): the dev corpus's real ones,
and the failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_file

import pipeline.readers.doc as doc_reader
from pipeline.errors import IngestError, Reason
from pipeline.extract import extract
from pipeline.ingest import ingest, iter_paths

DEV = CORPUS / "dev-2026-12"
PLAN = DEV / "src01-vpubnd49-VBAI" / "ld05-lamdong-KH-UBND-phong-chong-ma-tuy-2026.doc"


def test_every_doc_of_the_dev_corpus_is_read() -> None:
    files = [p for p in iter_paths(corpus_file(DEV)) if p.suffix == ".doc"]
    assert len(files) == 17
    for path in files:
        source = ingest(path)
        assert source.format == "doc" and len(source.text) > 500, path.name
        assert [w.code for w in source.warnings] == ["converted-doc"]


def test_a_doc_plan_gives_its_header_tables_and_tasks() -> None:
    doc = extract(ingest(corpus_file(PLAN)))
    assert doc.meta.kind == "Kế hoạch" and doc.meta.symbol is None  # a draft: number blank
    assert doc.meta.jurisdiction == "lam-dong"
    assert "Tăng cường công tác đấu tranh phòng, chống ma túy" in (doc.meta.title or "")
    assert len(doc.tasks) > 50
    assert any(r.symbol == "50/NQ-CP" for r in doc.references)
    assert [p.code for p in doc.problems] == ["converted-doc"]


def test_a_doc_without_a_converter_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader.shutil, "which", lambda _: None)
    with pytest.raises(IngestError, match=r"apt-get install libreoffice-writer-nogui \(or "
                                          r"antiword\)") as error:
        ingest(corpus_file(PLAN))
    assert error.value.reason == Reason.MISSING_TOOL


@pytest.mark.parametrize("converter", ["soffice", "antiword"])
def test_either_converter_reads_the_plan(monkeypatch: pytest.MonkeyPatch, converter: str) -> None:
    """LibreOffice gives the tables as tables; antiword, where LibreOffice is missing, as rows of
    text: both give the plan's tasks and its citation of 50/NQ-CP."""
    which = doc_reader.shutil.which
    if which(converter) is None and not os.environ.get("CI"):
        pytest.skip(f"{converter} is not installed (make installs it where it can)")
    if converter == "antiword":
        monkeypatch.setattr(doc_reader.shutil, "which",
                            lambda name: None if name in ("soffice", "libreoffice") else which(name))
    source = ingest(corpus_file(PLAN))
    assert ("LibreOffice" in source.warnings[0].message) == (converter == "soffice")
    assert (len(source.tables) > 0) == (converter == "soffice")
    doc = extract(source)
    assert len(doc.tasks) > 50
    assert any(r.symbol == "50/NQ-CP" for r in doc.references)


def test_a_file_named_doc_that_is_not_one(tmp_path: Path) -> None:
    fake = tmp_path / "plan.doc"
    fake.write_text("Kế hoạch số 15/KH-UBND", encoding="utf-8")
    with pytest.raises(IngestError, match="no OLE2 header"):
        ingest(fake)


HTML = DEV / "src07-phanbasongtoan112-art-vbpl-layout-detection"


@pytest.mark.parametrize(("name", "symbol", "date", "kind"), [
    ("vb01-TTg-QD-28-2025-QD-TTg-2025-08-24.html", "28/2025/QĐ-TTG", "2025-08-24", "Quyết định"),
    ("vb02-CP-NQ-13-NQ-CP-2026-01-16.html", "13/NQ-CP", "2026-01-16", "Nghị quyết"),
])
def test_a_saved_web_page_gives_the_document_without_the_site(name: str, symbol: str, date: str,
                                                              kind: str) -> None:
    source = ingest(corpus_file(HTML / name))
    assert source.format == "html" and [w.code for w in source.warnings] == ["web-page"]
    assert source.text.lstrip("| ").startswith(("THỦ TƯỚNG", "CHÍNH PHỦ"))  # the header first
    assert "Tải về" not in source.text and "<" not in source.text  # no site menu, no markup
    meta = extract(source).meta
    assert (meta.symbol, meta.date, meta.kind) == (symbol, date, kind)


def test_a_page_without_text_is_empty(tmp_path: Path) -> None:
    page = tmp_path / "blank.html"
    page.write_text("<html><head><script>var a = 1;</script></head><body> </body></html>",
                    encoding="utf-8")
    with pytest.raises(IngestError, match="holds no text"):
        ingest(page)


def test_what_reading_doubted_reaches_the_store_and_the_summary(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.doc").write_bytes(corpus_file(PLAN).read_bytes())
    (folder / "page.html").write_bytes(corpus_file(HTML / "vb02-CP-NQ-13-NQ-CP-2026-01-16.html")
                                       .read_bytes())
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "s.db"),
                                      "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "noted: converted-doc 1, web-page 1" in result.stderr
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(tmp_path / "s.db")) as conn:
        codes = sorted(row[0] for row in conn.execute("select code from problems"))
    assert codes == ["converted-doc", "web-page"]


def test_a_stuck_libreoffice_is_stopped_whole_and_antiword_reads_the_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion over its time is killed with the processes it started (no `soffice.bin` left
    holding its profile folder), and antiword reads the file instead."""
    if not (doc_reader.shutil.which("soffice") and doc_reader.shutil.which("antiword")) and not (
            os.environ.get("CI")):
        pytest.skip("LibreOffice and antiword are needed (make installs them where it can)")
    monkeypatch.setattr(doc_reader, "LIBREOFFICE_TIMEOUT_S", 0.05)
    source = ingest(corpus_file(PLAN))
    assert "antiword" in source.warnings[0].message
    left = [p for p in Path("/proc").iterdir() if p.name.isdigit()
            and b"vndoc-doc-" in _cmdline(p)]
    assert left == []


def _cmdline(process: Path) -> bytes:
    try:
        return (process / "cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b""


def test_a_doc_through_libreoffice_keeps_its_paragraph_lines() -> None:
    """A decision's article heading over its lead-in stays a heading (a line per paragraph, as in
    a DOCX), so the body it names leads the duties under it."""
    path = DEV / "src01-vpubnd49-VBAI" / "ld24-lamdong-QD-BCD-thanh-lap-to-giup-viec-CCHC-2025.doc"
    source = ingest(corpus_file(path))
    assert doc_reader.read_as_docx(source)
    doc = extract(source)
    article = next(s for s in doc.sections if s.path == "Điều 2")
    assert article.heading == "Chức năng, nhiệm vụ của Tổ giúp việc về Cải cách hành chính"
