"""Line-level layout cues shared by the readers and the segmenter."""

from __future__ import annotations

import re

ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"

# A line that starts a new block: `I-`, `II.`, `1.`, `2.1.`, `a)`, `-`, `+`, `•`, `Điều 5`,
# `Chương II`, `Mục 1`, `Phần thứ`. (Not `A. ...`: a wrapped line may start with a name's
# initial, `Nguyễn Văn` ⏎ `A. Trưởng ban ...`.)
BLOCK_START = re.compile(
    r"^\s*(?:\*\*|\*)?\s*(?:"
    + r"(?=[IVXLC])" + ROMAN + r"\s*[-.–—/]"
    + r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]"
    + r"|[a-zđ]\s*\)"
    + r"|[-+•–—*]\s"
    + r"|(?:Đi[ềêễểếệ]u|Chương|Mục|Phần|Khoản|Điểm)\s+[\dIVXLCa-zđ]"
    + r")"
)


# Kinds of document a provision is cited from: `Điều 24 Nghị định số ...` at a line's start is
# a citation a page break left there, not an article (whose number its dot or title follows).
CITED_KINDS = (r"(?:của\s+)?(?:Nghị định|Luật|Bộ luật|Thông tư|Quyết định|Nghị quyết|Quy định|"
               r"Hiến pháp|Pháp lệnh|Chỉ thị|Điều lệ)\s")
CITED_PROVISION = re.compile(r"^\s*(?:Điều|Khoản|Điểm)\s+\d+(?!\d)[a-z]?[ \t]+" + CITED_KINDS)


def is_block_start(line: str) -> bool:
    return bool(BLOCK_START.match(line))


# A line that stops on a comma or on a word that needs words after it (`- Phối hợp với Công an
# Thành phố, chính quyền địa phương, Sở Văn hóa và`) was wrapped mid-sentence: no paragraph or
# heading ends so.
_MID_PHRASE_END = re.compile(
    r"(?:,|(?<![\w])(?:và|hoặc|các|của|với|cho|để|trong|tại|theo|về|những|là|được|từ|đến|trên|"
    r"giữa|bằng|nhằm|khi|do|gồm))\s*$")


def ends_mid_phrase(line: str) -> bool:
    """`line` (in lower case) breaks off a phrase that the next line goes on with."""
    return _MID_PHRASE_END.search(line) is not None
