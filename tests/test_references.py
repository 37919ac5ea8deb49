"""References: the symbol grammar, mention forms, resolution, and properties on any text."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from conftest import OFFICIAL, SEED, corpus_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.records import SourceDocument
from pipeline.symbols import find_symbols


def refs_of(text: str) -> list:
    doc = extract(SourceDocument(path="t.txt", format="txt", sha256="0" * 64, text=text))
    return doc.references


# ----------------------------------------------------------------------------- symbols
@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("8-KL/BTCTW", "08-KL/BTCTW"),  # zero-padded below 10
        ("08-KL/BTCTW", "08-KL/BTCTW"),
        ("100 - KL/TW", "100-KL/TW"),  # spacing
        ("115- HD/BTGW", "115-HD/BTGW"),
        ("05-ct/tw", "05-CT/TW"),  # case
        ("25-NQ/TƯ", "25-NQ/TW"),  # TƯ read as TW
        ("09-HD/BTCTƯ", "09-HD/BTCTW"),
        ("62/KH-TTTTƯD", "62/KH-TTTTƯD"),  # a centre's code: TƯ inside is no Trung ương
        ("23-CTr/TU", "23-CTR/TU"),
        ("22/CT-TW", "22-CT/TW"),  # state style on a Party document
        ("27/NQ- TW", "27-NQ/TW"),
        ("34/2016/NĐ-CP", "34/2016/NĐ-CP"),
        ("80/2015/QH13", "80/2015/QH13"),
        ("12/CT-TTg", "12/CT-TTG"),
        ("1961/QĐUBND", "1961/QĐ-UBND"),  # hyphen lost in PDF text
        ("61/2018/NĐCP", "61/2018/NĐ-CP"),
        ("30c/NQCP", "30c/NQ-CP"),  # letter in the number
        ("2928/LĐTBXH-BVCSTE", "2928/LĐTBXH-BVCSTE"),  # official letter: number/issuer-unit
        ("8011-CV/BTCTW", "8011-CV/BTCTW"),
        ("88/2016/TTLT/BTC-BTNMT", "88/2016/TTLT-BTC-BTNMT"),
        ("31/2024/ QH15", "31/2024/QH15"),
        ("11-QĐi/TW", "11-QĐI/TW"),
        ("3260-KH/ĐĐQH15", "3260-KH/ĐĐQH15"),  # a delegation's code ends with its term
    ],
)
def test_symbol_variants_normalize(written: str, normalized: str) -> None:
    found = find_symbols(f"theo {written} đã ban hành")
    assert [s.normalized for _, _, s in found] == [normalized]


@pytest.mark.parametrize("text", ["ngày 04/01/2023", "tỷ lệ 1/2 số hộ", "6/tháng", "năm 2023/2024"])
def test_dates_and_fractions_are_not_symbols(text: str) -> None:
    assert find_symbols(text) == []


# ----------------------------------------------------------------------------- mentions
def test_full_citation_attributes() -> None:
    text = ("Thực hiện tốt Nghị quyết số 21-NQ/TW ngày 16/6/2022 của Hội nghị lần thứ năm Ban "
            "Chấp hành Trung ương Đảng (khóa XIII) về tăng cường củng cố, xây dựng tổ chức cơ sở "
            "đảng; báo cáo kết quả.")
    [ref] = refs_of(text)
    assert text[ref.start:ref.end] == "Nghị quyết số 21-NQ/TW"
    assert (ref.symbol, ref.date, ref.kind, ref.term) == ("21-NQ/TW", "2022-06-16", "Nghị quyết",
                                                          "XIII")
    assert ref.issuer.startswith("Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng")
    assert ref.title.startswith("tăng cường củng cố")
    assert (ref.status, ref.target) == ("resolved", "21-NQ/TW@2022-06-16")


def test_list_shares_kind_and_date() -> None:
    text = "Quán triệt các Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành."
    refs = refs_of(text)
    assert [text[r.start:r.end] for r in refs] == ["Nghị quyết số 18-NQ/TW", "19-NQ/TW"]
    assert {r.date for r in refs} == {"2017-10-25"} and {r.kind for r in refs} == {"Nghị quyết"}
    assert [r.target for r in refs] == ["18-NQ/TW@2017-10-25", "19-NQ/TW@2017-10-25"]


@pytest.mark.parametrize(
    ("text", "span", "date"),
    [
        ("theo Kết luận số 08-KL/BTCTW ngày 4/1/2023 của Ban", "Kết luận số 08-KL/BTCTW",
         "2023-01-04"),
        ("theo Kết luận số 08-KL/BTCTW ngày 04-01-2023 của Ban", "Kết luận số 08-KL/BTCTW",
         "2023-01-04"),
        ("theo Kết luận số 08-KL/BTCTW ngày 04 tháng 01 năm 2023 của", "Kết luận số 08-KL/BTCTW",
         "2023-01-04"),
        ("Ngày 01/7/2025, Cục Thuế đã có công điện số 102/CĐ-CT về việc", "công điện số 102/CĐ-CT",
         "2025-07-01"),
        ("căn cứ Luật Đất đai số 31/2024/QH15 và", "Luật Đất đai số 31/2024/QH15", None),
        ("Báo cáo thẩm tra số 114/BC-BPC của Ban", "Báo cáo thẩm tra số 114/BC-BPC", None),
        ("quy định tại Nghị quyết số 175/NQ-CP của", "Nghị quyết số 175/NQ-CP", None),
        ("NGHỊ QUYẾT SỐ SỐ 11-NQ/TW NGÀY 10/02/2022", "NGHỊ QUYẾT SỐ SỐ 11-NQ/TW", "2022-02-10"),
    ],
)
def test_citation_span_and_date(text: str, span: str, date: str | None) -> None:
    [ref] = [r for r in refs_of(text) if r.form != "named"]
    assert text[ref.start:ref.end] == span
    assert ref.date == date


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Đẩy mạnh thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng.",
         "04-NQ/TW@2016-10-30"),
        ("thi hành Điều lệ Đảng nghiêm túc.", "named:dieu-le-dang"),
        ("thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
         "named:nq-dai-hoi-dang-toan-quoc-xiii"),
    ],
)
def test_named_references(text: str, target: str) -> None:
    [ref] = refs_of(text)
    assert (ref.form, ref.status, ref.target) == ("named", "resolved", target)


def test_plenum_six_is_decided_by_context_or_left_ambiguous() -> None:
    apparatus = ("sắp xếp tổ chức bộ máy tinh gọn theo Nghị quyết Trung ương 6 (khóa XII), gắn với "
                 "tinh giản biên chế.")
    [ref] = refs_of(apparatus)
    assert (ref.status, ref.target) == ("resolved", "18-NQ/TW@2017-10-25")
    [bare] = refs_of("Quán triệt Nghị quyết Trung ương 6 (khóa XII).")
    assert bare.status == "ambiguous" and bare.target is None
    assert {c.id for c in bare.candidates} >= {"18-NQ/TW@2017-10-25", "19-NQ/TW@2017-10-25"}


def test_repeating_symbol_without_date_is_not_guessed() -> None:
    [ref] = refs_of("Tiếp tục thực hiện Nghị quyết số 21-NQ/TW của Trung ương.")
    assert ref.status == "ambiguous" and ref.target is None
    assert len(ref.candidates) == 3  # 2008, 2017 and 2022


def test_unknown_document_is_unresolved_not_invented() -> None:
    [ref] = refs_of("Thực hiện Kế hoạch số 999-KH/TU của Ban Thường vụ Tỉnh ủy.")
    assert (ref.status, ref.target) == ("unresolved", None)

def test_a_document_named_as_the_knowledge_base_knows_it() -> None:
    [ref] = refs_of("Các cơ quan lồng ghép nhiệm vụ với Chương trình chuyển đổi số quốc gia.\n")
    assert (ref.form, ref.text, ref.status, ref.target) == (
        "named", "Chương trình chuyển đổi số quốc gia", "resolved", "749/QĐ-TTG@2020-06-03")
    assert refs_of("Xây dựng chương trình chuyển đổi số của tỉnh.\n") == []  # not a known name


def test_a_name_beside_its_citation_is_the_citations_title() -> None:
    text = ("Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt "
            "\"Chương trình Chuyển đổi số quốc gia đến năm 2025\";\n"
            "Các dự án thuộc Chương trình chuyển đổi số quốc gia được ưu tiên.\n")
    refs = refs_of(text)
    assert [(r.form, r.target) for r in refs] == [("full", "749/QĐ-TTG@2020-06-03"),
                                                   ("named", "749/QĐ-TTG@2020-06-03")]
    assert refs[1].start > text.index(";")  # the second sentence's name only


def test_a_shared_base_learns_a_full_citation_for_later_documents() -> None:
    from pipeline.resources import load_resources

    def source(text: str) -> SourceDocument:
        return SourceDocument(path="t.txt", format="txt", sha256="2" * 64, text=text)

    later = source("Tiếp tục quán triệt Kết luận số 998-KL/TU của Ban Thường vụ Tỉnh ủy.\n")
    assert [r.status for r in extract(later).references] == ["unresolved"]  # a fresh base
    shared = load_resources().kb.overlay()  # a base the caller keeps across documents
    first = source("Thực hiện Kết luận số 998-KL/TU ngày 12/3/2024 của Ban Thường vụ Tỉnh ủy "
                    "về chuyển đổi số.\n")
    assert [r.target for r in extract(first, kb=shared).references] == ["998-KL/TU@2024-03-12"]
    [ref] = extract(later, kb=shared).references
    assert (ref.status, ref.target) == ("resolved", "998-KL/TU@2024-03-12")
    learned = shared.documents["998-KL/TU@2024-03-12"]
    assert (learned.issuer, learned.title) == ("Ban Thường vụ Tỉnh ủy", "chuyển đổi số")
    assert learned.provenance[0]["quote"].startswith("Kết luận số 998-KL/TU")
    assert "998-KL/TU@2024-03-12" not in load_resources().kb.documents  # the files' base is untouched



def test_law_by_name_is_the_version_in_force_at_the_citing_date() -> None:
    head = "ỦY BAN NHÂN DÂN\nTỈNH X\nSố: 12/KH-UBND\nHà Nội, ngày 05 tháng 3 năm 2025\nKẾ HOẠCH\n"
    [ref] = refs_of(head + "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015 và các văn bản.\n")
    assert ref.target == "77/2015/QH13@2015-06-19"


def test_self_reference_and_anaphora() -> None:
    refs = refs_of("KẾ HOẠCH\nCác cấp ủy tổ chức thực hiện Kế hoạch này.\n")
    assert [(r.form, r.target) for r in refs] == [("self", "self")]
    letter = ("CÔNG VĂN\nV/v thuế\nNghị định số 10/2022/NĐ-CP ngày 15/01/2022 quy định lệ phí. "
              "Theo Nghị định này, người nộp thuế kê khai.\n")
    anaphora = [r for r in refs_of(letter) if r.form == "self"]
    assert [r.target for r in anaphora] == ["10/2022/NĐ-CP@2022-01-15"]


# ----------------------------------------------------------------------------- the seed
def test_seed_references_are_all_found_and_resolved(seed_doc) -> None:  # type: ignore[no-untyped-def]
    targets = {(r.text, r.target) for r in seed_doc.references}
    assert ("Nghị quyết Trung ương 6 (khóa XII)", "18-NQ/TW@2017-10-25") in targets
    assert ("Nghị quyết Trung ương 4 (khóa XII)", "04-NQ/TW@2016-10-30") in targets
    assert ("Chỉ thị số 05-CT/TW", "05-CT/TW@2016-05-15") in targets
    assert ("Kế hoạch này", "self") in targets
    assert all(r.status == "resolved" for r in seed_doc.references)
    assert len(seed_doc.references) == 28


@pytest.fixture(scope="module")
def seed_doc():  # type: ignore[no-untyped-def]
    return extract(ingest(SEED))


# ----------------------------------------------------------------------------- properties
_PIECES = st.sampled_from([
    "Nghị quyết số ", "21-NQ/TW", " ngày ", "16/6/2022", " của ", "Bộ Chính trị", "(khóa XIII)",
    " về ", "Luật Đất đai", " số ", "31/2024/QH15", "Kế hoạch này", "NĐ-", "CP", "\n", "\n\n", "**",
    "|", " - ", "ủy", "uỷ", "hoà", "Điều 5.", "I- ", "2.1. ", "- ", "a) ", "TƯ", "/", "số số ",
    unicodedata.normalize("NFD", "Quyết định số 123/QĐ-UBND"), "Nghị quyết Trung ương 6 (khóa XII)",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40))
def test_any_text_extracts_without_crash_and_spans_index_the_original(pieces: list[str]) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    doc = extract(SourceDocument(path="h.md", format="md", sha256="0" * 64, text=text))
    for item in [*doc.references, *doc.bodies, *doc.tasks]:
        assert 0 <= item.start <= item.end <= len(text)
        assert item.text == text[item.start:item.end]
    for section in doc.sections:
        assert 0 <= section.start <= section.end <= len(text)


def test_a_reference_is_one_record_filled_by_two_stages_and_mapped_once() -> None:
    """One field list: the JSON of a reference is exactly its record's fields, and after the
    orchestrator's one mapping every span points at its words in the original (here a web copy
    whose clean text differs from the original: `**bold**` and pipes removed)."""
    from dataclasses import fields

    from pipeline.extract import to_json
    from pipeline.records import Reference

    doc = extract(ingest(corpus_file(OFFICIAL / "09daab284f92e2dd.md")))
    assert doc.references
    for reference in doc.references:
        assert doc.source.text[reference.start:reference.end] == reference.text
    names = {f.name for f in fields(Reference)}
    assert all(set(item) == names for item in to_json(doc)["references"])


def test_an_enacted_amending_law_is_one_reference_named_by_the_laws_it_amends() -> None:
    """`Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức ngày 25
    tháng 11 năm 2019`: one reference from `Luật sửa đổi` to the last law, dated; a law to draft
    (`xây dựng Luật sửa đổi, …`) or one a list's next line names cites the law it amends."""
    refs = refs_of("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức, Luật "
                   "thuế thu nhập cá nhân và Luật Viên chức ngày 25 tháng 11 năm 2019;\n"
                   "Xây dựng Luật sửa đổi, bổ sung một số điều của Luật Đất đai năm 2024.\n")
    assert [(r.text, r.date) for r in refs][:1] == [
        ("Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức, Luật thuế thu nhập cá "
         "nhân và Luật Viên chức", "2019-11-25")]
    assert [r.text for r in refs][1:] == ["Luật Đất đai"]
    listed = refs_of("Các luật cần sửa đổi:\nLuật sửa đổi, bổ sung một số điều của Luật Đất đai\n"
                     "Luật Công nghiệp công nghệ số\n")
    assert "Luật Đất đai" in [r.text for r in listed]


@pytest.mark.parametrize("text", [
    "Triển khai Luật sửa đổi, bổ sung một số điều của Luật Đất đai; Luật Nhà ở ngày 27 tháng 11 "
    "năm 2023.",
    "Nghiên cứu, đề xuất Luật sửa đổi, bổ sung một số điều của Luật Đất đai năm 2013 trình Quốc "
    "hội.",
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức số "
    "52/2019/QH14 ngày 25 tháng 11 năm 2019;",
])
def test_an_amending_law_takes_no_law_of_a_list_nor_a_drafts_year(text: str) -> None:
    """Laws after a `;`, a law to draft with the amended law's year, a number that is the last
    law's: no amending-law reference over them, and no two references overlap."""
    refs = refs_of(text)
    assert not [r for r in refs if r.text.startswith("Luật sửa đổi")]
    assert all(a.end <= b.start for a, b in itertools.pairwise(refs))


def test_a_short_form_names_a_document_of_its_own_kind() -> None:
    """`(sau đây gọi tắt là Kế hoạch)` after the school's own plan names that plan, not the
    decision cited before it: no later `Kế hoạch` is read as that decision; a decree's short
    form `Nghị định` still is the decree."""
    own = refs_of("Thực hiện Quyết định số 585/QĐ-BGDĐT ngày 28 tháng 2 năm 2022 của Bộ Giáo dục "
                  "và Đào tạo, Trường Đại học A ban hành Kế hoạch “Tăng cường giáo dục đạo đức "
                  "cho sinh viên” (sau đây gọi tắt là Kế hoạch) cụ thể như sau:\n"
                  "1. Phòng Công tác sinh viên chủ trì tổ chức thực hiện Kế hoạch.\n")
    assert [r.text for r in own] == ["Quyết định số 585/QĐ-BGDĐT"]
    decree = refs_of("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ "
                     "(sau đây gọi tắt là Nghị định) về công tác văn thư;\n"
                     "1. Các phòng thực hiện đúng Nghị định.\n")
    assert [r.symbol for r in decree] == ["30/2020/NĐ-CP", "30/2020/NĐ-CP"]


def test_a_short_form_of_a_longer_kind_or_of_an_unkinded_letter_still_binds() -> None:
    """`Thông tư liên tịch số … (sau đây gọi tắt là Thông tư)` and a letter cited as `văn bản
    số …` (`… là Công văn`) name the cited document: only a document of the short form's kind
    named after it takes the short form away."""
    joint = refs_of("Căn cứ Thông tư liên tịch số 01/2015/TTLT-BNV-BTC ngày 14 tháng 5 năm 2015 "
                    "(sau đây gọi tắt là Thông tư);\n1. Các phòng thực hiện đúng Thông tư.\n")
    assert [r.symbol for r in joint] == ["01/2015/TTLT-BNV-BTC"] * 2


@pytest.mark.parametrize(("text", "cited", "kind"), [
    ("Thực hiện Công văn sô 639/UBND-NN ngày 12/3/2019 của UBND tỉnh, đề nghị các xã báo cáo.",
     "Công văn sô 639/UBND-NN", "Công văn"),
    ("Căn cứ Nghị định SỐ, 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;",
     "Nghị định SỐ, 91/2017/NĐ-CP", "Nghị định"),
    ("Thực hiện Công điện: số 007/CĐ-UBND ngày 05/02/2025 của Ủy ban nhân dân tỉnh.",
     "Công điện: số 007/CĐ-UBND", "Công điện"),
    ("Căn cứ Nghị định, số. 166/2016/NĐ-CP ngày 24/12/2016 của Chính phủ;",
     "Nghị định, số. 166/2016/NĐ-CP", "Nghị định"),
    ("Theo văn bản số 1552/BTTTT-TTH ngày 02/5/2024 của Bộ Thông tin và Truyền thông, các sở "
     "triển khai.", "văn bản số 1552/BTTTT-TTH", None),
    ("Thực hiện Văn bản số: 26/KH-UBND ngày 10/4/2026 của UBND huyện, Phòng Nội vụ báo cáo.",
     "Văn bản số: 26/KH-UBND", "Kế hoạch"),
    ("Các sở thực hiện theo văn bản 1447/BKHCN-CĐSQG của Bộ Khoa học và Công nghệ.",
     "văn bản 1447/BKHCN-CĐSQG", None),
    ("Các xã cập nhật dữ liệu theo hướng dẫn tại Văn bản số 687/BKHCN-CĐSQG của Bộ.",
     "Văn bản số 687/BKHCN-CĐSQG", None),
])
def test_the_words_before_a_symbol_are_read_through_a_scans_damage(
        text: str, cited: str, kind: str | None) -> None:
    """`Công văn sô`, `Nghị định SỐ,`, `Công điện: số`, `Nghị định, số.`: a scan loses a hook or
    adds a mark, and the kind word stays the citation's; `văn bản (số)` is part of the
    citation as written but names no kind (the symbol's code does), nearer than a kind word
    (`hướng dẫn tại Văn bản số`)."""
    refs = refs_of(text)
    assert [(r.text, r.kind) for r in refs] == [(cited, kind)]


@pytest.mark.parametrize("text", [
    "Căn cứ kết quả rà soát, UBND tỉnh kiến nghị Quốc hội ban hành Luật sửa đổi, bổ sung một số "
    "điều của Luật Đất đai.",
    "Căn cứ Kế hoạch số 12/KH-UBND ngày 01/02/2026, UBND huyện triển khai nội dung sau:\n"
    "1. Góp ý đối với Luật sửa đổi, bổ sung một số điều của Luật Nhà ở",
])
def test_an_amending_law_to_come_is_no_ground_though_a_ground_opens_the_sentence(
        text: str) -> None:
    """`Căn cứ` makes an amending law enacted only when the ground runs on to it: a law the
    sentence asks for, or one in a list after a colon, cites the law it would amend."""
    assert not [r for r in refs_of(text) if r.text.startswith("Luật sửa đổi")]


def test_a_kind_word_of_a_list_before_a_comma_does_not_take_another_kinds_symbol() -> None:
    """`Nghị quyết, Quyết định, số 15/2024/NĐ-CP`: the symbol is a decree's; `Quyết định, số`
    before a decision's symbol is still the decision's citation."""
    assert [(r.text, r.kind) for r in refs_of("Nghị quyết, Quyết định, số 15/2024/NĐ-CP ngày "
                                              "10/02/2024")] == [("15/2024/NĐ-CP", "Nghị định")]
    assert [r.text for r in refs_of("Theo Quyết định, số 15/2024/QĐ-UBND ngày 10/02/2024")] == [
        "Quyết định, số 15/2024/QĐ-UBND"]


@pytest.mark.parametrize(("text", "cited"), [
    ("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
     ["Luật Thực hiện dân chủ ở cơ sở"]),
    ("Căn cứ Luật Thi đua, Khen thưởng và Luật Sửa đối, bố sung một số điều của Luật Thi đua, "
     "Khen thưởng;", ["Luật Thi đua, Khen thưởng",
                      "Luật Sửa đối, bố sung một số điều của Luật Thi đua, Khen thưởng"]),
    ("Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15.4.2010 của Chính phủ quy định chi tiết thi hành "
     "một số điều của Luật Thi đua, Khen thưởng và Luật Sửa đổi, bố sung một số điều của Luật Thi "
     "đua, Khen thưởng;", ["Nghị định số 42/2010/NĐ-CP", "Luật Thi đua, Khen thưởng",
                           "Luật Sửa đổi, bố sung một số điều của Luật Thi đua, Khen thưởng"]),
    ("Để Quyết định được hoàn chỉnh, căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015 và "
     "Luật sửa đôi, bô sung một số điều của Luật Ban hành văn bản quy phạm pháp luật năm 2020, "
     "Phòng Kinh tế đề nghị góp ý.", ["Luật Ban hành văn bản quy phạm pháp luật",
                                     "Luật sửa đôi, bô sung một số điều của Luật Ban hành văn bản "
                                     "quy phạm pháp luật"]),
    ("Căn cứ Nghị định số 66/2021/NĐ-CP ngày 06/7/2021 của Chính phủ quy định chi tiết thi hành "
     "Luật Sửa đổi, bổ sung một số điều\ncủa Luật Phòng, chống thiên tai và Luật Đê điều;",
     ["Nghị định số 66/2021/NĐ-CP",
      "Luật Sửa đổi, bổ sung một số điều\ncủa Luật Phòng, chống thiên tai và Luật Đê điều"]),
])
def test_a_laws_name_is_read_whole_where_a_scan_or_a_line_break_damages_it(
        text: str, cited: list[str]) -> None:
    """`Luật Thực hiện …` is a name (its `hiện` is no stop); an amending law whose `đổi`/`bổ`
    lost their hooks, or whose `của` opens a new line, cited as a ground without its day, is
    still one reference over the laws it amends."""
    assert [r.text for r in refs_of(text)] == cited


def test_a_citation_whose_number_a_draft_left_blank_is_the_documents_own() -> None:
    """`Kế hoạch số          /KH-UBND` in the annex of plan 86/KH-UBND is the plan itself; a
    blank-numbered directive of another kind (`Chỉ thị số - CT/ĐU`) is named by nothing, so it
    is left out rather than guessed."""
    refs = refs_of("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 86/KH-UBND\nLào Cai, ngày 05 tháng 3 năm 2026\n"
                   "KẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2026\n"
                   "1. Sở Nội vụ chủ trì kiểm tra theo Chỉ thị số - CT/ĐU của Đảng ủy.\n"
                   "Phụ lục\n(Kèm theo Kế hoạch số          /KH-UBND ngày   /3/2026 của UBND tỉnh)\n")
    own = [r for r in refs if r.target == "self"]
    assert [(r.text, r.kind, r.form) for r in own] == [
        ("Kế hoạch số          /KH-UBND", "Kế hoạch", "self")]
    assert not [r for r in refs if "CT/ĐU" in r.text]


@pytest.mark.parametrize("line", [
    "2. Thực hiện Kế hoạch số    /KH-BCĐ của Ban Chỉ đạo tỉnh.",  # another issuer's
    "2. Triển khai theo Kế hoạch số\n- KH/UBND nội dung sau.",  # a list item, not a blank
    "Căn cứ Kế hoạch số     /KH-UBND ngày   /  /2026 của UBND tỉnh;",  # a ground: another
    "Kế hoạch này thay thế Kế hoạch số      /KH-UBND.",  # what it replaces: another
])
def test_a_blank_numbered_citation_of_another_document_is_not_the_documents_own(
        line: str) -> None:
    """Only a blank of the document's kind and codes, not stood on or replaced, is its own."""
    refs = refs_of("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 86/KH-UBND\nLào Cai, ngày 05 tháng 3 năm "
                   "2026\nKẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2026\n"
                   "1. Sở Nội vụ chủ trì kiểm tra các sở, ngành theo quy định.\n" + line + "\n")
    assert not [r for r in refs if r.form == "self" and "/" in r.text]


def test_a_symbol_at_a_line_end_does_not_take_the_next_list_items_first_word() -> None:
    """`Nghị quyết số 48/NQ-CP` then a list item `- Tập trung …`: the dash opens the item; a
    line broken after a symbol's dash (`217/2025/NĐ-⏎CP`) still joins."""
    refs = refs_of("Quán triệt, triển khai thực hiện Nghị quyết số 48/NQ-CP\n- Tập trung quán "
                   "triệt các nội dung của Nghị định số 217/2025/NĐ-\nCP ngày 05/8/2025.\n")
    assert [(r.text, r.symbol) for r in refs] == [
        ("Nghị quyết số 48/NQ-CP", "48/NQ-CP"),
        ("Nghị định số 217/2025/NĐ-\nCP", "217/2025/NĐ-CP")]


def test_the_noun_cancu_is_no_ground_and_a_dated_ground_across_a_line_is_one() -> None:
    """`là căn cứ để … trình Luật sửa đổi, …`: the noun, and a law to come; a ground whose date
    opens a line (`ngày⏎15.4.2010`) is no list item; a Party symbol's dash may open a line."""
    assert [r.text for r in refs_of("Kết quả này là căn cứ để Sở Tư pháp tham mưu trình Luật sửa "
                                    "đổi, bổ sung một số điều của Luật Đất đai.")] == ["Luật Đất đai"]
    grounded = refs_of("Căn cứ Nghị định số 42/2010/NĐ-CP ngày\n15.4.2010 của Chính phủ hướng dẫn "
                       "thi hành Luật Thi đua, Khen thưởng và Luật Sửa đổi, bổ sung một số điều của "
                       "Luật Thi đua, Khen thưởng;")
    assert grounded[-1].text == "Luật Sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng"
    assert [r.symbol for r in refs_of("Theo Kết luận số 100\n- KL/TW ngày 12/3/2024.")] == [
        "100-KL/TW"]


def test_a_law_named_in_a_document_whose_day_is_unreadable_is_bounded_by_its_year() -> None:
    """`Hải Dương, ngày |D tháng 01 năm 2011`: the year still dates the document, so `Luật Thi
    đua, Khen thưởng` is no law of 2022 (the knowledge base knows only that one)."""
    head = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HẢI DƯƠNG Độc lập - Tự do - "
            "Hạnh phúc\nSố:    /QĐ-UBND Hải Dương, ngày {day} tháng 01 năm 2011\nQUYẾT ĐỊNH\nVề "
            "việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh\nCăn cứ Luật Thi đua, Khen thưởng;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Tặng danh hiệu.\n")
    doc = extract(SourceDocument(path="t.txt", format="txt", sha256="0" * 64,
                                 text=head.format(day="|D")))
    assert doc.meta.year == 2011 and doc.meta.date is None
    assert [(r.text, r.target) for r in doc.references] == [("Luật Thi đua, Khen thưởng", None)]


def test_a_law_name_joining_a_pair_of_words_by_a_comma_goes_on_past_it() -> None:
    refs = refs_of("Tuyên truyền Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ và Luật Thi đua, "
                   "khen thưởng; sửa đổi Luật Thuế xuất khẩu, nhập khẩu. Thực hiện Luật Quy hoạch, "
                   "các Nghị định hướng dẫn và Luật Lưu trữ, quy định của tỉnh.")
    assert [r.text for r in refs] == [
        "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ",  # a law the knowledge base lacks
        "Luật Thi đua, khen thưởng", "Luật Thuế xuất khẩu, nhập khẩu",
        "Luật Quy hoạch", "Luật Lưu trữ"]  # a comma before other words ends the name
    assert refs[2].target == "107/2016/QH13@2016-04-06"  # `Luật thuế xuất khẩu, thuế nhập khẩu`


def test_a_comma_after_other_words_or_a_long_run_past_a_pair_ends_a_law_name() -> None:
    refs = refs_of("Tuyên truyền Luật Hải quan, chống buôn lậu; Luật Khoa học, công nghệ và đổi mới "
                   "sáng tạo; Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ "
                   "về quản lý trên địa bàn các xã, phường.")
    assert [r.text for r in refs][:2] == ["Luật Hải quan", "Luật Khoa học"]
    assert len(refs) == 3 and refs[2].text.startswith("Luật Quản lý")  # not dropped for length
