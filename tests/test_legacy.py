"""Legacy Vietnamese encodings (TCVN3, VNI): tables, detection, conversion in every reader.

Inputs are built here by encoding real texts of the shared corpus; the TCVN3 table is checked
against glibc's own TCVN 5712 converter, and both against pairs published with the encodings.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import OFFICIAL, SAMPLES, SEED, corpus_file

from pipeline import ingest
from pipeline.extract import extract
from pipeline.readers import legacy
from pipeline.readers.quality import is_vietnamese_word


def _seed() -> str:
    return unicodedata.normalize("NFC", corpus_file(SEED).read_text(encoding="utf-8"))


def test_the_tcvn3_table_is_glibcs_tcvn5712() -> None:
    """Every TCVN3 code converts as glibc's `TCVN5712-1` converter (an independent table)."""
    iconv = shutil.which("iconv")
    assert iconv, "iconv (glibc's libc-bin) is missing"
    codes = "".join(legacy.TCVN3_TABLE)
    result = subprocess.run([iconv, "-f", "TCVN5712-1", "-t", "UTF-8"],
                            input=codes.encode("latin-1"), capture_output=True, check=True)
    assert result.stdout.decode() == "".join(legacy.TCVN3_TABLE.values())
    assert len(legacy.TCVN3_TABLE) == 74  # 67 lower-case letters and ĂÂÊÔƠƯĐ


@pytest.mark.parametrize(("encoded", "expected"), [
    ("KÕT LUËN", "KẾT LUẬN"),  # the heading pasted from a .VnTime file
    ("hép møt tÕt", "hộp mứt tết"),
    ("§¶NG CéNG S¶N VIÖT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),  # VNI
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("ÑAÛNG BOÄ TÆNH", "ĐẢNG BỘ TỈNH"),
])
def test_published_pairs_convert(encoded: str, expected: str) -> None:
    assert legacy.repair(encoded).text == expected


def test_vni_round_trip_is_exact_on_real_texts() -> None:
    """VNI writes every Vietnamese letter: encoding a real text and reading it back gives it
    back character for character, offsets included."""
    for path in (SEED, *sorted(OFFICIAL.glob("*.md"))[:40]):
        text = unicodedata.normalize("NFC", corpus_file(path).read_text(encoding="utf-8"))
        encoded = legacy.to_vni(text)
        conversion = legacy.repair(encoded)
        assert conversion.text == text, path.name
        assert len(conversion.offsets) == len(encoded) + 1
        assert conversion.offsets[-1] == len(text)


def test_tcvn3_round_trip_is_exact_where_the_encoding_can_say_it() -> None:
    """TCVN3 has no toned capitals: a line comes back exactly when each of them sits in a word of
    capitals (`KẾT LUẬN`); elsewhere (`Ủy ban` mid-line) only their case is lost."""
    text = _seed()
    back = legacy.repair(legacy.to_tcvn3(text)).text
    exact = 0
    for original, converted in zip(text.splitlines(), back.splitlines(), strict=True):
        assert converted.lower() == original.lower()
        if _says_in_tcvn3(original):
            assert converted == original
            exact += 1
    assert exact > 0.5 * len(text.splitlines())


def _says_in_tcvn3(line: str) -> bool:
    """No toned capital outside a word of capitals."""
    for word in line.split():
        letters = [char for char in word if char.isalpha()]
        toned = [char for char in letters if char.isupper() and char not in "ĂÂÊÔƠƯĐ"
                 and not char.isascii()]
        if toned and not all(char.isupper() for char in letters):
            return False
    return True


def test_unicode_texts_are_never_converted() -> None:
    """Precision: no line of the 216 web copies, the samples or the seed is taken for legacy."""
    paths = [SEED, *sorted(OFFICIAL.glob("*.md")), *sorted(SAMPLES.glob("*.txt"))]
    assert len(paths) > 200
    for path in paths:
        text = unicodedata.normalize("NFC", corpus_file(path).read_text(encoding="utf-8"))
        assert legacy.repair(text).lines == 0, path.name


def test_a_pasted_legacy_heading_in_a_unicode_text_is_converted_alone() -> None:
    text = "Hà Nội, ngày 5 tháng 3 năm 2025\nKÕT LUËN\ncña Bé ChÝnh trÞ\nVề việc tổ chức\n"
    conversion = legacy.repair(text)
    assert conversion.text.splitlines() == [
        "Hà Nội, ngày 5 tháng 3 năm 2025", "KẾT LUẬN", "của Bộ Chính trị", "Về việc tổ chức"]
    assert conversion.lines == 2 and conversion.encoding == "tcvn3"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_legacy_text_file_extracts_like_its_unicode_original(tmp_path: Path,
                                                               encoding: str) -> None:
    """The seed plan saved as 8-bit TCVN3 or VNI bytes: the same identity, tasks and references
    as the Unicode text, and the conversion recorded."""
    text = _seed()
    encoded = legacy.to_tcvn3(text) if encoding == "tcvn3" else legacy.to_vni(text)
    path = tmp_path / "seed.txt"
    path.write_bytes(encoded.encode("cp1252"))
    document = ingest(path)
    assert document.encoding == encoding
    assert [p.code for p in document.warnings] == ["legacy-encoding"]
    # the same text under the same file hash (the knowledge base knows the seed by its hash)
    original = extract(replace(ingest(corpus_file(SEED)), sha256=document.sha256))
    converted = extract(document)
    assert converted.tasks and converted.references
    assert converted.meta.symbol == original.meta.symbol
    assert converted.meta.date == original.meta.date
    assert [t.text.lower() for t in converted.tasks] == [t.text.lower() for t in original.tasks]
    assert ({r.target for r in converted.references}
            == {r.target for r in original.references})


def _legacy_docx(path: Path, lines: list[str], encoding: str) -> None:
    """A DOCX as a legacy-font office wrote it: the Normal style in `.VnTime` (or `VNI-Times`),
    TCVN3 toned capitals as one-letter runs in the capitals font `.VnTimeH`."""
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime" if encoding == "tcvn3" else "VNI-Times"
    for line in lines:
        paragraph = document.add_paragraph()
        if encoding == "vni":
            paragraph.add_run(legacy.to_vni(line))
            continue
        for char in line:
            if char.isupper() and not char.isascii() and char not in "ĂÂÊÔƠƯĐ":
                paragraph.add_run(legacy.to_tcvn3(char)).font.name = ".VnTimeH"
            else:
                paragraph.add_run(legacy.to_tcvn3(char))
    document.save(str(path))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_docx_in_legacy_fonts_reads_as_unicode(tmp_path: Path, encoding: str) -> None:
    """Converted by the runs' fonts (style and direct), exactly, toned capitals included."""
    lines = [line for line in _seed().splitlines() if line.strip()][:60]
    path = tmp_path / "seed.docx"
    _legacy_docx(path, lines, encoding)
    document = ingest(path)
    assert document.text.splitlines() == lines
    assert [p.code for p in document.warnings] == ["legacy-encoding"]
    assert legacy.LABELS[encoding] in document.warnings[0].message  # type: ignore[index]


def test_unicode_runs_left_in_a_legacy_font_stay_as_they_are(tmp_path: Path) -> None:
    """Word keeps `.VnTime` on text typed later in Unicode: its font does not make it TCVN3."""
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    lines = ["1. Ban tổ chức", "Các cơ quan, đơn vị", "Ủy ban nhân dân tỉnh"]
    for line in lines:
        document.add_paragraph(line)
    document.add_paragraph(legacy.to_tcvn3("Kế hoạch thực hiện"))
    path = tmp_path / "mixed.docx"
    document.save(str(path))
    source = ingest(path)
    assert source.text.splitlines() == [*lines, "Kế hoạch thực hiện"]
    assert "1 run(s)" in source.warnings[0].message


def test_vietnamese_words_are_told_from_legacy_letters() -> None:
    for word in ("KẾT", "Đảng", "nghiêng", "người", "khuya", "quý", "gì", "Ủy", "thuở"):
        assert is_vietnamese_word(word), word
    for word in ("LUËN", "chaøo", "chaứo", "traùng", "h¸t", "Uyề", "nAN"):
        assert not is_vietnamese_word(word), word


def test_cp1258_files_stay_cp1258(tmp_path: Path) -> None:
    """Windows-1258 (letters precomposed, tones combining) is not mistaken for a legacy font."""
    text = "Ủy ban nhân dân tỉnh Phú Thọ\nQuyết định về việc ban hành kế hoạch\n"
    encoded = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in "\u0300\u0301"
                                                    "\u0303\u0309\u0323"))
        encoded += (base + "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
                    ).encode("cp1258")
    path = tmp_path / "cp1258.txt"
    path.write_bytes(bytes(encoded))
    document = ingest(path)
    assert document.encoding == "cp1258" and document.text == text
    assert not document.warnings
