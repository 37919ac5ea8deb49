"""Match keys (`fold`) and offset maps (`TextView`): spelling variants meet, offsets come back."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.normalize import TextView, ViewBuilder, fold, nfc_view, squash, strip_diacritics
from pipeline.records import SourceDocument
from pipeline.stages.clean import clean


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- fold
SAME = [
    ("", ""),
    (nfd("Ủy ban"), "Ủy ban"),  # NFD and NFC
    (nfd("Uỷ ban"), "Ủy ban"),  # NFD and the other tone placement
    ("uỷ", "ủy"),
    ("hoà", "hòa"),
    ("khoẻ", "khỏe"),
    ("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("HOÀ BÌNH", "hòa bình"),
    ("Thuỷ lợi", "thủy lợi"),
    ("toạ đàm", "tọa đàm"),
    ("hoà, khoẻ; uỷ.", "hòa, khỏe; ủy."),
    ("ĐẢNG CỘNG SẢN", "Đảng Cộng sản"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_fold_makes_spelling_variants_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", ""),
        ("Uỷ ban", "ủy ban"),
        ("Hoà bình, thuỷ lợi, khoẻ mạnh", "hòa bình, thủy lợi, khỏe mạnh"),
        ("quý", "quý"),  # qu- is a consonant: the tone stays on y
        ("Quý IV/2024", "quý iv/2024"),
        ("QUÝ", "quý"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: one placement only
        ("khuỷu", "khuỷu"),
        ("thuyền", "thuyền"),
        ("İ", "i"),  # the one letter whose lower case is two characters
    ],
)
def test_fold_key(text, key):
    assert fold(text) == key


@pytest.mark.parametrize("text", [a for a, _ in SAME] + ["quý", "İstanbul", "Uỷ ban\n\tnhân dân"])
def test_fold_keeps_the_length_of_nfc_input(text):
    assert len(fold(nfc(text))) == len(nfc(text))


@pytest.mark.parametrize("a", ["quý", "quỹ", "quy"])
def test_fold_keeps_different_words_apart(a):
    assert fold(a) == a
    assert len({fold("quý"), fold("quỹ"), fold("quy"), fold("qúy")}) == 4


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = [nfc(base + tone) for base in "aăâeêioôơuưy" for tone in "\u0300\u0301\u0303\u0309\u0323"]
LETTERS = st.sampled_from(list(VIETNAMESE + VIETNAMESE.upper()) + TONED + [t.upper() for t in TONED])


@settings(max_examples=300, deadline=None)
@given(st.lists(LETTERS | st.sampled_from(list(" ,.;\n-/0123456789")) | st.characters(),
                max_size=60).map("".join))
def test_fold_property_length_and_idempotence(text):
    text = nfc(text)
    key = fold(text)
    assert len(key) == len(text)
    assert fold(key) == key
    assert fold(nfd(text)) == key


@pytest.mark.parametrize(
    ("text", "plain"),
    [("", ""), ("tổ chức Đảng", "to chuc Dang"), (nfd("Hòa bình"), "Hoa binh")],
)
def test_strip_diacritics(text, plain):
    assert strip_diacritics(text) == plain


@pytest.mark.parametrize(
    ("text", "shown"),
    [("", ""), ("  **T/M BAN\nTHƯỜNG VỤ**  ", "T/M BAN THƯỜNG VỤ"), ("a\t\tb", "a b")],
)
def test_squash(text, shown):
    assert squash(text) == shown


# --------------------------------------------------------------------------- TextView
def test_identity_view():
    view = TextView.identity("Kế hoạch")
    assert [view.to_original(i) for i in range(9)] == list(range(9))
    assert view.span_to_original(0, 2) == (0, 2)


def test_empty_view():
    view = ViewBuilder("").build()
    assert (view.text, view.to_original(0), view.span_to_original(0, 0)) == ("", 0, (0, 0))


def test_nfc_view_maps_composed_letters_to_their_clusters():
    original = nfd("Hòa bình")  # H o ` a   b i ` n h
    view = nfc_view(original)
    assert view.text == "Hòa bình"
    assert view.span_to_original(0, 3) == (0, 4)
    assert view.span_to_original(4, 8) == (5, 10)
    assert view.span_to_original(1, 2) == (1, 3)  # ò is o + grave


@pytest.mark.parametrize("text", ["Kế hoạch", "ĐẢNG", "Nghị quyết số 21-NQ/TW", "ạ" + "\u0300"])
def test_nfc_view_spans_of_nfd_input_compose_to_the_clean_text(text):
    original = nfd(text)
    view = nfc_view(original)
    assert view.text == nfc(original)
    for word in re.finditer(r"\S+", view.text):
        start, end = view.span_to_original(word.start(), word.end())
        assert nfc(original[start:end]) == word.group()


def _nfc_view_reference(original: str) -> TextView:
    """`nfc_view` as it was written first: the whole text normalized before anything else."""
    from pipeline.normalize import _nfc_view_by_cluster, _nfc_view_by_marks

    if unicodedata.is_normalized("NFC", original):
        return TextView.identity(original)
    view = _nfc_view_by_marks(original)
    return view if view.text == nfc(original) else _nfc_view_by_cluster(original)


# Vietnamese letters and their separate marks, marks that compose with nothing here or only
# after reordering, and characters NFC changes without any combining mark
NFC_PIECES = [*"aAeEoOuUyYiIdDđĐ ,\n", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323",
              "\u0302", "\u0306", "\u031b", "\u0345", "\u0483", "\uf900", "\u0958", "\u1100",
              "\u1161", "\u11a8", "ạ\u0300", "Hòa", nfd("Thủy"), nfd("ĐẢNG")]


@given(st.lists(st.sampled_from(NFC_PIECES), max_size=40).map("".join))
@example("ạ\u0300")  # a mark NFC leaves after composing: not NFC cluster by cluster
@example("x\u0300")  # NFC with a combining mark
@example(nfd("Hòa bình") + "\uf900")
def test_nfc_view_is_the_reference_view(original):
    view, reference = nfc_view(original), _nfc_view_reference(original)
    assert (view.text, view.starts, view.origins, view.synthetic) == (
        reference.text, reference.starts, reference.origins, reference.synthetic)


def test_inserted_text_covers_no_original_character():
    """`abc\\n\\ndef` seen as `abc def\\n`: the space and the final newline are inserted."""
    builder = ViewBuilder("abc\n\ndef")
    builder.keep(0, 3)
    builder.insert(" ", 5)
    builder.keep(5, 8)
    builder.insert("\n", 8)
    view = builder.build()
    assert view.text == "abc def\n"
    assert view.span_to_original(0, 4) == (0, 5)  # `abc ` ends where `def` starts
    assert view.span_to_original(4, 7) == (5, 8)
    assert view.span_to_original(0, 8) == (0, 8)
    assert view.to_original(len(view.text)) == len(view.original)


def test_compose_maps_through_both_views():
    original = nfd("**Hòa** bình")
    base = nfc_view(original)
    builder = ViewBuilder(base.text)
    builder.keep(2, 5)  # Hòa
    builder.insert(" ", 8)
    builder.keep(8, 12)  # bình
    view = base.compose(builder.build())
    assert view.text == "Hòa bình"
    assert view.span_to_original(0, 3) == (2, 6)
    assert nfc(original[slice(*view.span_to_original(4, 8))]) == "bình"
    assert view.span_to_original(0, 4) == (2, original.index("b"))


def test_clean_spans_of_the_nfd_seed_compose_to_the_clean_text(seed_text):
    original = nfd(seed_text)
    cleaned = clean(SourceDocument(path="seed.txt", format="txt", sha256="0" * 64, text=original))
    assert cleaned.text == clean(SourceDocument(path="seed.txt", format="txt", sha256="0" * 64,
                                                text=seed_text)).text
    for word in re.finditer(r"\S+", cleaned.text):
        start, end = cleaned.view.span_to_original(word.start(), word.end())
        assert nfc(original[start:end]) == word.group()


# --------------------------------------------------------------------------- clean, any input
PIECES = [
    *VIETNAMESE, *VIETNAMESE.upper(), *TONED, *"0123456789 ,.;:()/-\"“”",
    "**", "*", "# ", "## ", "| ", " |", "|", "\n", "\n\n", "\r\n", "\t", "   ", "    ",
    "- ", "+ ", "1. ", "2.1. ", "I- ", "II. ", "a) ", "Điều 1. ", "---", "<br>", "\\*",
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u00ad",
    "Số: 12/KH-UBND", "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "Thực hiện Nghị định 13/2023/NĐ-CP",
    "Đang tải văn bản...",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
       st.sampled_from(["txt", "md", "pdf", "docx"]))
@example("", "txt")
@example("a", "txt")  # no final newline: the clean text's own newline maps to the end
@example(nfd("Hòa bình"), "md")
@example("**Kế hoạch**\n| a | b |\n|---|---|\n| c | d |", "md")
@example("|\nx\n|\n|\ny\n|", "md")
def test_clean_maps_every_offset_into_the_original(text, fmt):
    cleaned = clean(SourceDocument(path=f"x.{fmt}", format=fmt, sha256="0" * 64, text=text))
    view = cleaned.view
    assert view.original == text
    for i in range(len(view.text) + 1):
        assert 0 <= view.to_original(i) <= len(text)
    for i, ch in enumerate(view.text):
        if ch.isspace():
            continue
        at = view.to_original(i)
        cluster_end = at + 1
        while cluster_end < len(text) and unicodedata.combining(text[cluster_end]):
            cluster_end += 1
        assert text[at] == ch or ch in nfc(text[at:cluster_end]), (i, ch, text[at:cluster_end])
    for table in cleaned.tables:
        for row in table.rows:
            for cell in row:
                assert 0 <= cell.start <= cell.end <= len(view.text)
