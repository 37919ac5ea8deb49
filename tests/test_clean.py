"""Clean text: markup and web chrome gone, broken paragraphs joined, tables read, and every
character still traceable to the original."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import EXCERPTS, OFFICIAL, SAMPLES, SEED, corpus_file, source_lines, source_table_rows

from pipeline import ingest
from pipeline.records import SourceDocument
from pipeline.stages.clean import CleanDocument, clean

MD = SAMPLES / "kh-142-ubnd.md"


def clean_text(text: str, fmt: str = "txt") -> str:
    return clean(SourceDocument(path=f"x.{fmt}", format=fmt, sha256="0" * 64, text=text)).text


def squashed(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- markdown sample
@pytest.fixture(scope="module")
def md_clean() -> CleanDocument:
    return clean(ingest(MD))


@pytest.mark.parametrize("markup", ["**", "*", "|", "<br>"])
def test_markdown_markup_is_absent_from_the_clean_text(md_clean, markup):
    assert markup in MD.read_text(encoding="utf-8")
    assert markup not in md_clean.text


def test_markdown_escapes_read_as_the_characters_they_escape() -> None:
    """A converter writes `1\\.` and `\\-` so that a markdown viewer shows no list: the text is
    `1.` and `-` (the outline reads its items), each character still on its original offset."""
    source = "**III- NHIỆM VỤ**\n\n**1\\. Nâng cao nhận thức**\n\n\\- Các cấp uỷ quán triệt.\n"
    cleaned = clean(SourceDocument(path="x.md", format="md", sha256="0" * 64, text=source))
    assert cleaned.text.split("\n")[1:] == ["1. Nâng cao nhận thức", "- Các cấp uỷ quán triệt.", ""]
    start = cleaned.text.index("1.")
    assert cleaned.view.span_to_original(start, start + 2) == (source.index("1\\."),
                                                                source.index("1\\.") + 2)


@pytest.mark.parametrize("name", ["kh-142-ubnd.md", "kh-215-tu.docx", "kh-96-hu.pdf"])
def test_clean_text_has_the_source_paragraphs_one_per_line(name):
    lines = clean(ingest(SAMPLES / name)).text.split("\n")
    position = 0
    for line in source_lines(name.split(".")[0]):
        if re.fullmatch(r"-{3,}", line):
            continue  # a rule under the title: a break, not text
        assert line in lines[position:], f"{name}: line missing or out of order: {line!r}"
        position = lines.index(line, position) + 1


@pytest.mark.parametrize(("index", "rows"), [(0, 2), (1, 6)])
def test_markdown_tables_read_as_tables(md_clean, index, rows):
    assert len(md_clean.tables) == 2
    table = md_clean.tables[index]
    got = [[squashed(cell.text) for cell in row] for row in table.rows]
    assert got == source_table_rows("kh-142-ubnd", index)
    assert len(got) == rows


def test_markdown_task_table_cells_span_the_clean_text(md_clean):
    task_table = md_clean.tables[1]
    assert [cell.text for cell in task_table.rows[0]] == [
        "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    for row in task_table.rows:
        for cell in row:
            assert md_clean.text[cell.start:cell.end] == cell.text
            start, end = md_clean.view.span_to_original(cell.start, cell.end)
            assert squashed(md_clean.view.original[start:end].replace("**", "")) == squashed(cell.text)


# --------------------------------------------------------------------------- paragraphs
@pytest.mark.parametrize(
    ("before", "after"),
    [  # the seed's paragraphs split by a page break (a blank line, then lower case)
        ("chức năng, nhiệm vụ,", "mỗi quan hệ công tác"),
        ("hướng dẫn của Trung ương", "về công tác cán bộ và quản lý đội ngũ cán bộ"),
        ("thiết thực,", "tạo sự quan tâm"),
        ("đáp ứng tốt", "yêu cầu nhiệm vụ công tác"),
    ],
)
def test_paragraph_split_by_a_page_break_is_joined(seed_text, before, after):
    assert f"{before}\n\n{after}" in seed_text
    assert f"{before} {after}" in clean(ingest(corpus_file(SEED))).text


SMALL = [
    ("empty", "", ""),
    ("blank lines only", "\n\n   \n", ""),
    ("one word", "Kế hoạch", "Kế hoạch\n"),
    ("bold", "**Kế hoạch**", "Kế hoạch\n"),
    ("broken mid-phrase", "dòng một\ndòng hai", "dòng một dòng hai\n"),
    ("two sentences", "Câu một.\n\nCâu hai.", "Câu một.\nCâu hai.\n"),
    ("bullets", "- gạch đầu dòng\n- gạch thứ hai", "- gạch đầu dòng\n- gạch thứ hai\n"),
    ("part and item", "I- MỤC ĐÍCH\n1. Quán triệt", "I- MỤC ĐÍCH\n1. Quán triệt\n"),
    ("CRLF", "a\r\nb", "a b\n"),
    ("NFD", unicodedata.normalize("NFD", "Hòa bình"), "Hòa bình\n"),
    ("huge line", "x" * 100_000, "x" * 100_000 + "\n"),
    ("capitals title, then its subtitle", "KẾ HOẠCH\n\n**thực hiện Kết luận số 08-KL/BTCTW**",
     "KẾ HOẠCH\nthực hiện Kết luận số 08-KL/BTCTW\n"),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in SMALL],
                         ids=[case[0] for case in SMALL])
def test_clean_text_of_small_inputs(text, expected):
    assert clean_text(text) == expected


# --------------------------------------------------------------------------- web chrome
NOTICE = "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân"
BANNER_END = "is a violation against the Law on Intellectual Property."
SIGNATURE = re.compile(r"^\W*(?:Nơi nhận|T/M|TM\.|KT\.|TL\.|TUQ\.|Q\.)", re.M)


def _document_span(text: str) -> tuple[int, int]:
    """From the end of the site's copyright banner to the document's last signature block."""
    notice = text.index(NOTICE)
    banner = text.find(BANNER_END)
    signatures = [m.start() for m in SIGNATURE.finditer(text, 0, notice)]
    assert signatures, "no signature before the privacy notice"
    return (banner + len(BANNER_END) if banner >= 0 else 0), signatures[-1]


def test_the_site_privacy_notice_is_not_in_the_clean_text():
    """`13/2023/NĐ-CP` and `THƯ VIỆN PHÁP LUẬT` in a clean text only as often as the document
    itself (before its signature) has them: never the site's notice or banner."""
    files = [path for path in sorted(corpus_file(OFFICIAL).glob("*.md"))
             if NOTICE in path.read_text(encoding="utf-8")]
    assert len(files) == 102
    failures = []
    for path in files:
        doc = ingest(path)
        start, end = _document_span(doc.text)
        cleaned = clean(doc).text
        for needle in ("13/2023/NĐ-CP", "THƯ VIỆN PHÁP LUẬT"):
            own = doc.text.count(needle, start, end)
            if cleaned.count(needle) != own:
                failures.append(f"{path.name}: {needle} {cleaned.count(needle)} times, document {own}")
    assert not failures


# --------------------------------------------------------------------------- offsets
def _real_files() -> list[Path]:
    official = sorted(OFFICIAL.glob("*.md"))
    return [SEED, *sorted(SAMPLES.iterdir()), *sorted(EXCERPTS.glob("*.txt")), *official[::12]]


@pytest.mark.parametrize("path", _real_files(), ids=lambda path: path.name)
def test_every_clean_character_comes_from_the_original(path):
    doc = ingest(corpus_file(path))
    cleaned = clean(doc)
    view, original = cleaned.view, doc.text
    assert view.original == original
    for i, ch in enumerate(view.text):
        at = view.to_original(i)
        assert 0 <= at <= len(original)
        if not ch.isspace():
            end = at + 1
            while end < len(original) and unicodedata.combining(original[end]):
                end += 1
            assert original[at] == ch or ch in unicodedata.normalize("NFC", original[at:end]), (
                i, ch, original[at:end])
    assert view.to_original(len(view.text)) <= len(original)
    assert 0 <= cleaned.body_start <= cleaned.body_end <= len(original)
