"""Line-level layout cues shared by the readers and the segmenter."""

from __future__ import annotations

import re

ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"

# A line that starts a new block: `I-`, `II.`, `1.`, `2.1.`, `a)`, `-`, `+`, `•`, `Điều 5`,
# `Chương II`, `Mục 1`, `Phần thứ`. (Not `A. ...`: a wrapped line may start with a name's
# initial, `Nguyễn Văn` ⏎ `A. Trưởng ban ...`.)
# The bullets a word processor draws from a symbol font (Symbol, Wingdings): a PDF's text layer
# gives their private-use code points, U+F0B7 `•`, U+F0A7 `▪`, U+F0D8 `➢`, U+F076 `❖`, U+F0FC
# `✓`, U+F06C `●`, U+F06E `■`, U+F071 `❑`, U+F0E8 `➔`. (Only these: a broken font may put a
# whole text's letters in that range.)
SYMBOL_BULLETS = "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06c\uf06e\uf071\uf0e8"
BLOCK_START = re.compile(
    r"^\s*(?:\*\*|\*)?\s*(?:"
    + r"(?=[IVXLC])" + ROMAN + r"\s*[-.–—/]"
    + r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]"
    + r"|[a-zđ]\s*\)"
    + r"|[-+•–—*" + SYMBOL_BULLETS + r"]\s"
    + r"|(?:Đi[ềêễểếệ]u|Chương|Mục|Phần|Khoản|Điểm)\s+[\dIVXLCa-zđ]"
    + r")"
)


# Kinds of document a provision is cited from: `Điều 24 Nghị định số ...` at a line's start is
# a citation a page break left there, not an article (whose number its dot or title follows).
CITED_KINDS = (r"(?:của\s+)?(?:Nghị định|Luật|Bộ luật|Thông tư|Quyết định|Nghị quyết|Quy định|"
               r"Hiến pháp|Pháp lệnh|Chỉ thị|Điều lệ)\s")
CITED_PROVISION = re.compile(r"^\s*(?:Điều|Khoản|Điểm)\s+\d+(?!\d)[a-z]?[ \t]+" + CITED_KINDS)


# A lettered item written `a. ` (`b. Thủ tục đăng ký …`): a letter, a full stop and a capital
# or a number; a wrapped line does not start so (`v.v.` has no space, a name's initial is upper
# case).
_LETTER_ITEM = re.compile(r"^\s*(?:\*\*|\*)?\s*[a-zđ]\.\s+(\S)")

# Word's second-level bullet, a letter `o` in Courier New, as the text layer gives it (`o Mỗi
# đội thi …`): a lone `o` before a capital or a number opens an item (no Vietnamese sentence
# starts with the word `o`).
_LETTER_O_BULLET = re.compile(r"^\s*o[^\S\n]+(\S)")


def is_block_start(line: str, previous: str = "") -> bool:
    """The line opens a block of its own: a numbered, lettered or bulleted item, a part or an
    article, never the wrapped rest of the line above. A letter written `a. ` does only where
    the `previous` line ends its phrase (not `… quy định tại điểm` ⏎ `a. Trường hợp …`)."""
    if BLOCK_START.match(line) or is_o_bullet(line):
        return True
    letter = _LETTER_ITEM.match(line)
    return (letter is not None and (letter.group(1).isupper() or letter.group(1).isdigit())
            and not _CUT_BEFORE_LETTER.search(previous.lower()) and not ends_mid_phrase(
                previous.lower()))


def is_o_bullet(line: str, in_list: bool = False) -> bool:
    """The line opens with Word's `o` bullet: a capital or a number after it, or any word once
    the list has begun (`in_list`: an `o` item above, no other item between): the items of a
    list are written alike, a lower-case one among them included."""
    bullet = _LETTER_O_BULLET.match(line)
    return bullet is not None and (bullet.group(1).isupper() or bullet.group(1).isdigit()
                                   or (in_list and bullet.group(1)[:1].isalpha()))


def in_o_list(line: str, was: bool) -> bool:
    """Whether Word's `o` list goes on after `line` (`was`: it went on before it): an `o` item
    begins or continues it, another item or a heading ends it, a wrapped line leaves it as it
    was."""
    if is_o_bullet(line, was):
        return True
    return was and not (BLOCK_START.match(line) or line.strip().isupper())


# A line that a point's letter or a sum's unit goes on: `… tại khoản 2, điểm`, `… 50.000.000`.
_CUT_BEFORE_LETTER = re.compile(r"(?:(?<![\w])(?:điểm|khoản|mục|số|tiết)|\d)\s*$")


# A line that stops on a comma or on a word that needs words after it (`- Phối hợp với Công an
# Thành phố, chính quyền địa phương, Sở Văn hóa và`) was wrapped mid-sentence: no paragraph or
# heading ends so; nor on a condition's `nếu` or its `thì` (`Điều 7. Trong quá trình thực hiện
# nếu có vấn đề phát sinh, vướng mắc thì` ⏎ `Trưởng phòng … trình …`).
_MID_PHRASE_END = re.compile(
    r"(?:,|(?<![\w])(?:và|hoặc|các|của|với|cho|để|trong|tại|theo|về|những|là|được|từ|đến|trên|"
    r"giữa|bằng|nhằm|khi|do|gồm|nếu|thì))\s*$")


def ends_mid_phrase(line: str) -> bool:
    """`line` (in lower case) breaks off a phrase that the next line goes on with."""
    return _MID_PHRASE_END.search(line) is not None
