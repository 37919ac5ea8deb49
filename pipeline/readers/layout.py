"""Line-level layout cues shared by the readers and the segmenter."""

from __future__ import annotations

import re

ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"

# A line that starts a new block: `I-`, `II.`, `1.`, `2.1.`, `a)`, `-`, `+`, `•`, `Điều 5`,
# `Chương II`, `Mục 1`, `Phần thứ`.
BLOCK_START = re.compile(
    r"^\s*(?:\*\*|\*)?\s*(?:"
    + r"(?=[IVXLC])" + ROMAN + r"\s*[-.–—/]"
    + r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]"
    + r"|[a-zđ]\s*\)"
    + r"|[-+•–*]\s"
    + r"|(?:Điều|Chương|Mục|Phần|Khoản|Điểm)\s+[\dIVXLCa-zđ]"
    + r")"
)


def is_block_start(line: str) -> bool:
    return bool(BLOCK_START.match(line))
