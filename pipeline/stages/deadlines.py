"""Deadlines stage: the time words a task states → a structured `Deadline` that keeps the words.

`trước ngày 31/12/2023` (date), `Quý III/2024` (quarter), `Định kỳ hằng quý, 6 tháng, 9 tháng,
năm 2023` (recurring), `hằng năm` (recurring yearly), `giai đoạn 2022 - 2026` / `nhiệm kỳ 2020 -
2025` (period), `năm 2023` (year), `thường xuyên` (ongoing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..normalize import fold, squash
from ..records import Deadline, StatedTime, Task, evolve
from ..symbols import DATE, parse_date

# The hour and the weekday a notice may give before the day (`trước 14 giờ, ngày 08 tháng 10 năm
# 2025`, `từ 13h30 thứ Hai ngày 06/7/2026`, `vào Chủ nhật ngày 15/3/2026`) do not change it.
_CLOCK = (r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2})?(?:\s*(?:phút|’|'))?\s*,?\s*)?"
          r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật)\s*,?\s*)?")
_BY_DATE = re.compile(r"(?:trước|chậm nhất(?:\s+là)?|hoàn thành trong|đến|trong|từ|vào)\s+" + _CLOCK +
                      r"(?:ngày\s+)?"
                      r"(\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*(?:19|20)\d\d|\d{1,2}\s+tháng\s+\d{1,2}"
                      r"\s+năm\s+(?:19|20)\d\d)")
# `từ ngày 02/02/2026 – 15/02/2026`, `từ ngày 15/01 - 24/01/2026`, `từ ngày 10 - 15/10/2026`,
# `từ ngày 01/10/2026 đến hết ngày 31/10/2026`: a range ends at its end.
_RANGE = re.compile(r"từ\s+(?:ngày\s+)?\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*(?:19|20)\d\d)?)?\s*"
                    r"(?:-|–|đến)\s*(?:hết\s+)?(?:ngày\s+)?"
                    r"(\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d)")
# A time cell's month: `6/2025`, `Tháng 12/2025`.
_CELL_MONTH = re.compile(r"^(?:tháng\s+)?(\d{1,2})\s*/\s*((?:19|20)\d\d)\.?$")
_QUARTER = re.compile(r"quý\s+(iv|iii|ii|i|[1-4])\s*(?:/|năm)\s*((?:19|20)\d\d)")
# Ranges end at their end: `tháng 11 - 12/2025` (not the 11th of December), `quý III, IV/2024`.
_MONTH_RANGE = re.compile(r"tháng\s+\d{1,2}\s*(?:-|–|đến|,|và)\s*(?:tháng\s+)?(\d{1,2})\s*"
                          r"(?:/|năm)\s*((?:19|20)\d\d)")
_QUARTER_RANGE = re.compile(r"quý\s+(?:iv|iii|ii|i|[1-4])\s*(?:-|–|đến|,|và)\s*(?:quý\s+)?"
                            r"(iv|iii|ii|i|[1-4])\s*(?:/|năm)\s*((?:19|20)\d\d)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
# `Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê`: the work ends with an event, not a month.
_UNTIL_EVENT = re.compile(r"^từ\s.{0,40}?\bđến\s+(?:khi|lúc)\s")
# In running text the same, and a term counted from an event (`(từ quý IV/2025 đến khi kết thúc
# bầu cử)`, `... cho đến khi kết thúc cuộc bầu cử`, `trong vòng 24 giờ kể từ khi có kết quả xét
# nghiệm`, `trong vòng 30 ngày`): the work ends with the event, whatever time opens it.
_UNTIL_EVENT_IN_TEXT = re.compile(r"(?:từ\s+(?:quý|tháng|năm|ngày)\s[^,;.()]{0,30}?\s)?"
                                  r"(?:cho\s+)?đến\s+khi\s+kết thúc\s[^,;.()]{2,80}"
                                  r"|trong vòng\s+\d{1,3}\s+(?:giờ|ngày)(?:\s+kể từ\s[^,;.()]{2,120})?")
# Each period may give its day in brackets: `định kỳ hàng tháng (trước ngày 18 hàng tháng), 6
# tháng (trước ngày 18/5), tổng kết năm (trước ngày 30/11 hàng năm)` recurs on all three.
_ITS_DAY = r"(?:\s*\([^()]{0,80}\))?"
_BRACKETS = re.compile(r"\([^()]*\)")
# a weekday of each week (`Định kỳ ngày Thứ Hai hằng tuần`, `vào thứ Sáu hàng tuần`)
_WEEKDAY = (r"(?:định kỳ\s+)?(?:ngày\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)"
            r"\s+(?:hằng|hàng)\s+tuần")
_RECURRING = re.compile(_WEEKDAY + r"|(?:định kỳ\s+(?:(?:hằng|hàng)\s+)?|hằng\s+|hàng\s+)"
                        r"(?:quý|năm|tháng|tuần|ngày|6 tháng|sáu tháng)" + _ITS_DAY +
                        r"(?:\s*(?:,|và)\s*(?:(?:hằng|hàng|sơ kết|tổng kết)\s+)?"
                        r"(?:6 tháng|9 tháng|năm|quý|tháng)"
                        r"(?:\s+(?:19|20)\d\d)?" + _ITS_DAY + r")*"
                        r"|định kỳ(?=\s+(?:báo cáo|gửi|tổng hợp))"
                        r"|(?<![\w])cuối năm(?!\s*(?:\d|học|nay))")
# A recurrence named without `hằng`: `định kỳ` on its own (`diễn tập định kỳ`, `kiểm tra định kỳ
# và đột xuất`), a count per unit (`ít nhất 01 lần/năm`), `mỗi năm`. Weaker than a date or a year
# the task also states, so it is tried after them. `khám sức khỏe định kỳ` is a kind of check-up;
# `quy định kỳ họp`, `xác định kỳ vọng` hold the letters, not the word.
_PERIODIC = re.compile(r"(?<![\w])(?<!sức khỏe )(?<!quy )(?<!ấn )(?<!xác )(?:theo\s+)?"
                       r"định kỳ(?![\w])(?!\s+(?:họp|vọng|hạn))(?:\s*,?\s*(?:và|hoặc|hay)?\s*đột xuất)?"
                       r"|(?:ít nhất\s+)?\d{1,2}\s+lần\s*/\s*(năm|quý|tháng|tuần|ngày)"
                       r"|mỗi\s+(năm|quý|tháng|tuần)\b(?!\s+(?:đạt|tăng|giảm))"
                       # `trước ngày 05 của tháng liền kề`, `trước ngày 10 tháng 01 của năm liền
                       # kề sau năm đánh giá`: a day in each following month or year
                       r"|(?:trước\s+)?ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2})?\s+của\s+"
                       r"(năm|quý|tháng)\s+(?:liền kề|tiếp theo|kế tiếp)")
_PER_UNIT = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly", "tuần": "weekly",
             "ngày": "daily"}
# `thường xuyên` inside a noun is no time: `chi thường xuyên` (recurrent spending), `giáo dục
# thường xuyên` (continuing education), `khu vực thường xuyên xảy ra ...`, `tiếp công dân thường
# xuyên` (the law's regular reception of citizens, beside `định kỳ`), `hoạt động thường xuyên`,
# `công việc thường xuyên` (the regular work, not when it is done).
_ONGOING_NOUN = re.compile(r"(?:\bchi|giáo dục|khu vực|phương tiện[^,.;]{0,30}|công,? dân|"
                           r"hoạt động|hành động|công việc)\s+$")
# `thường xuyên` listed among qualities (`chặt chẽ, thường xuyên, hiệu quả`, `thường xuyên, sâu
# rộng`) says how well a thing is done, not when; beside a time word (`thường xuyên, định kỳ`,
# `thường xuyên, đột xuất`, `lâu dài`, `kịp thời`) it stays a time.
_QUALITY = r"(?:sâu rộng|hiệu quả|thiết thực|thực chất|chặt chẽ|đồng bộ|toàn diện|nghiêm túc|quyết liệt)"
_QUALITY_LIST = re.compile(rf"{_QUALITY}\s*(?:,|và)\s*(?:[^\W\d_]+\s*,\s*)?$"
                           rf"|^\s*(?:,|và)\s*(?:[^\W\d_]+\s*,\s*)?{_QUALITY}(?![\w])")
# `thường xuyên` is an item of such a list only where the list goes on or ends after it, not
# where a verb follows (`chặt chẽ, thường xuyên trao đổi thông tin`: when the exchange is done).
_LIST_ITEM_END = re.compile(rf"^\s*(?:[,.;)]|$|và\s+{_QUALITY}\s*(?:[,.;)]|$))")
_TIME_WORD = r"(?:định kỳ|đột xuất|lâu dài|kịp thời)"
_TIME_LIST = re.compile(rf"^\s*(?:,|và)\s*{_TIME_WORD}|{_TIME_WORD}\s*(?:,|và)\s*$")
_BARE_YEAR = re.compile(r"^(?:năm\s+)?((?:19|20)\d\d)\.?$")
# A year that names a document (`Luật Đất đai năm 2024`, `Hiến pháp năm 2013`) or a numbered
# event (`Festival Thăng Long - Hà Nội lần thứ II, năm 2026`) is no deadline.
_NAMED_YEAR = re.compile(r"(?:luật|bộ luật|hiến pháp|nghị định|nghị quyết|quyết định|thông tư|"
                         r"chỉ thị|kết luận|kế hoạch|chương trình|đề án|chiến lược|quy hoạch|"
                         r"tầm nhìn|định hướng|ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2})?)"
                         r"[^,.;()]{0,60}$"
                         r"|lần thứ\s+\w+\s*,?\s*$")  # `Festival ... lần thứ II, năm 2026`
# A time in the title of a document cited by its number (`Kế hoạch số 310/KH-UBND ngày
# 21/8/2024 của Ủy ban nhân dân tỉnh về phát triển nuôi trồng thủy sản đến năm 2030`): the
# title runs from `về` to the time without a comma, a full stop or a bracket.
_CITED_TITLE = re.compile(r"(?<![\w])(?:luật|nghị định|nghị quyết|quyết định|thông tư|chỉ thị|"
                          r"kết luận|kế hoạch|chương trình|đề án|chiến lược|quy hoạch|công văn|"
                          r"hướng dẫn|quy định|thông báo)\s+(?:số\s+)?\d[\w/-]*[^;.()]{0,120}?"
                          r"\svề\s[^,;.()]{0,150}$")
_CITED_REACH = 300
_PERIOD = re.compile(r"(giai đoạn|nhiệm kỳ|từ năm|năm|^)\s*((?:19|20)\d\d)\s*(?:-|–|đến)\s*(?:năm\s+)?"
                     r"((?:19|20)\d\d)")
_MONTH = re.compile(r"(?:(?:trong|trước|hết|cuối)\s+)?tháng\s+(\d{1,2})\s*(?:/|năm)\s*((?:19|20)\d\d)")
_BARE_DATE = re.compile(r"(?<![\d/])(?<!quý )\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*(?:19|20)\d\d")
_EVENT = re.compile(r"^(?:sau khi|khi có|theo kế hoạch|theo yêu cầu|theo tiến độ|theo quy định|"
                    r"theo hướng dẫn|theo chỉ đạo|theo lộ trình|ngay sau)")
# A time cell that defers to another document's timetable (`Theo các mốc thời gian tại Quyết
# định số 1737/QĐ-UBND ngày 17/10/2025 ...`): an event, not the day that document was signed.
_CITED_EVENT = re.compile(r"^theo\s[^\d]{0,60}?(?:quyết định|kế hoạch|công văn|văn bản|thông báo|"
                          r"nghị quyết|chỉ thị|hướng dẫn|chương trình)\s+(?:số\s+)?\d")
_MONTH_END = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30,
              12: 31}
_YEAR = re.compile(r"(?:trong\s+)?năm\s+((?:19|20)\d\d)(?![\d/])")
_ONGOING = re.compile(r"thường xuyên|liên tục")
# In the order of their length, whatever order the text names them in (`hàng tuần, hàng tháng,
# quý và năm` and `hằng quý, 6 tháng, 9 tháng, năm` list the same way).
_FREQUENCIES = [
    ("daily", re.compile(r"hằng ngày|hàng ngày")),
    ("weekly", re.compile(r"hằng tuần|hàng tuần")),
    ("monthly", re.compile(r"hằng tháng|hàng tháng")),
    ("quarterly", re.compile(r"hằng quý|hàng quý|(?<=, )quý|(?<=và )quý|định kỳ quý")),
    ("6-monthly", re.compile(r"6 tháng|sáu tháng")),
    ("9-monthly", re.compile(r"9 tháng|chín tháng")),
    ("yearly", re.compile(r"hằng năm|hàng năm|(?<=, )năm|(?<=và )năm|định kỳ năm|cuối năm|"
                          r"tổng kết năm")),
]
_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


# A heading or lead-in that sets the time of what it covers: a heading that is only a time
# (`2. Năm 2026`, `1. Quý IV, năm 2025`), or `đến`/`trong`/`trước` and a year, month or quarter
# (`2. Các chỉ tiêu cụ thể đến năm 2030`, `I. NHỮNG NHIỆM VỤ CẦN TRIỂN KHAI NGAY TRONG THÁNG
# 12/2025`, `Đến hết năm 2030, phấn đấu đạt được những mục tiêu sau:`). `Nhiệm vụ trọng tâm trong
# năm 2025` names the year a plan is for, which annotators do not take as each item's deadline.
_TIME_ONLY = re.compile(r"^(?:năm\s+(?:19|20)\d\d|tháng\s+\d{1,2}\s*/\s*(?:19|20)\d\d|"
                        r"quý\s+(?:iv|iii|ii|i|[1-4])\s*(?:,\s*năm|/|năm)\s*(?:19|20)\d\d)\s*[:.]?$")
_TIME_PHRASE = re.compile(r"(?<![\w])(?:(?:đến|trước)\s+(?:hết\s+)?năm\s+(?:19|20)\d\d|"
                          r"(?:đến|trong|trước)\s+(?:hết\s+)?(?:"
                          r"tháng\s+\d{1,2}\s*/\s*(?:19|20)\d\d|"
                          r"quý\s+(?:iv|iii|ii|i|[1-4])\s*(?:/|năm)\s*(?:19|20)\d\d))(?![\d/])")


def governing_time(line: str) -> str | None:
    """The words of a heading or a lead-in (a line ending in a colon, `1. Giao Sở ... thực hiện
    các nhiệm vụ sau:` too) that set the time of the items under it, or None. A time inside a
    document's name (`Kế hoạch ... đến năm 2030`) sets nothing; a lead-in's time must open it,
    since a lead-in names much else (`Từ nay đến hết năm 2025 chỉ còn gần 2 tháng, ... yêu
    cầu:` tells the situation).

    >>> governing_time("Các chỉ tiêu cụ thể đến năm 2030")
    'đến năm 2030'
    >>> governing_time("Triển khai Kế hoạch phát triển đến năm 2030, cụ thể:")
    """
    words = " ".join(line.split()).strip(" *")
    folded = _QUOTED.sub(lambda m: " " * len(m.group(0)), fold(words))  # a quoted title's time
    lead_in = words.endswith(":")
    if _TIME_ONLY.match(folded):
        return words.rstrip(":. ")
    match = _TIME_PHRASE.search(folded)
    if match is None or (lead_in and match.start() > 0) or _NAMED_YEAR.search(
            folded, max(0, match.start() - 70), match.start()):
        return None
    return words[match.start():match.end()]


def read_deadlines(tasks: list[Task]) -> list[Task]:
    """Each task with its deadline: the first of its stated times that says one (a time cell or
    `Thời gian:` line before the task's own words). The stated times are used up here."""
    return [evolve(task, deadline=first_deadline(task.stated_times), stated_times=())
            for task in tasks]


def first_deadline(stated: tuple[StatedTime, ...]) -> Deadline | None:
    """The first time the task states itself; a heading's time above it where it states none,
    or only a term (`Tổng kết ... nhiệm kỳ 2025 - 2030` under `5. Năm 2030`)."""
    own = _first_parsed(s for s in stated if not s.governs)
    if own is not None and own.type != "period":
        return own
    return _first_parsed(s for s in stated if s.governs) or own


def _first_parsed(stated: Iterable[StatedTime]) -> Deadline | None:
    for words in stated:
        deadline = parse_deadline(words.text, cell=words.cell, year=words.year)
        if deadline is not None:
            return deadline
    return None


def parse_deadline(text: str, cell: bool = False, year: int | None = None) -> Deadline | None:
    """The deadline a task text states, or None. `year`: the year a time cell's day and month
    written without one are in (`ngày 23 tháng 1` in a column headed `Thời gian (Năm 2026)`).

    >>> parse_deadline("hoàn thành trước ngày 31/12/2023.").date
    '2023-12-31'
    >>> parse_deadline("Định kỳ hằng quý, 6 tháng, 9 tháng, năm 2023 báo cáo").frequency
    ('quarterly', '6-monthly', '9-monthly', 'yearly')
    """
    folded = fold(" ".join(text.split()))
    text = " ".join(text.split())
    if not cell:  # a quoted rule's time is the rule's (`quy định “... trước ngày 15 tháng 1”`)
        folded = _QUOTED.sub(lambda m: " " * len(m.group(0)), folded)
    finders: tuple[Callable[[str, str], Deadline | None], ...] = (
        _until_event_in_text, _range, _date, _month_range_in_text, _month_in_text, _quarter,
        _recurring, _period, _year, _periodic, _ongoing, _event_in_text)
    if cell:  # a time column or a `Thời gian thực hiện:` line: every time word is the deadline
        finders = (_until_event, _cited_event, _range, _date, _month_range, _bare_date, _month,
                   _cell_month,
                   _quarter, _recurring, _period, _year, _bare_year, _periodic, _ongoing,
                   _event)
        if year is not None:
            finders = (*finders[:6], _in_year(year), *finders[6:])
    for finder in finders:
        found = finder(text, folded)
        if found is not None:
            return found
    return None


# A day and month without a year: `ngày 23 tháng 1`, `10/10` (not a month: `tháng 10/2026`).
_DAY_MONTH = re.compile(r"(?<![\d/])(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s*(?:năm|/|\d))|"
                        r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


def _in_year(year: int) -> Callable[[str, str], Deadline | None]:
    def day_month(text: str, folded: str) -> Deadline | None:
        match = _DAY_MONTH.search(folded)
        if match is None:
            return None
        day, month = (int(g) for g in (match.group(1, 2) if match.group(1) else match.group(3, 4)))
        leap = month == 2 and year % 4 == 0
        if not (1 <= month <= 12 and 1 <= day <= _MONTH_END[month] + leap):
            return None  # `ngày 29 tháng 2` of a year without one is no date
        return Deadline(_words(text, match), "date", date=f"{year}-{month:02d}-{day:02d}",
                        year=year)
    return day_month


def _month(text: str, folded: str) -> Deadline | None:
    return _month_end(text, _MONTH.search(folded))


def _cell_month(text: str, folded: str) -> Deadline | None:
    return _month_end(text, _CELL_MONTH.match(folded.strip()))


def _month_end(text: str, match: re.Match[str] | None) -> Deadline | None:
    """A month stated as a deadline is its last day."""
    if match is None:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    day = _MONTH_END[month] + (1 if month == 2 and year % 4 == 0 else 0)
    return Deadline(_words(text, match), "date", date=f"{year}-{month:02d}-{day:02d}", year=year)


def _range(text: str, folded: str) -> Deadline | None:
    match = _RANGE.search(folded)
    date_match = DATE.search(folded, match.start(1)) if match else None
    date = parse_date(date_match) if date_match else None
    if match is None or date is None:
        return None
    return Deadline(_words(text, match), "date", date=date, year=int(date[:4]))


def _month_in_text(text: str, folded: str) -> Deadline | None:
    """In running text a month is a deadline after `trong`/`trước`/`hết`/`cuối`, never the
    month of a citation's date (`ngày 18 tháng 6 năm 2025`)."""
    match = _MONTH.search(folded)
    if match is None or not re.match(r"(?:trong|trước|hết|cuối)\s", match.group(0)):
        return None
    found = _month(text[match.start():], folded[match.start():])
    return found


def _bare_year(text: str, folded: str) -> Deadline | None:
    match = _BARE_YEAR.match(folded.strip())
    if match is None:
        return None
    return Deadline(squash(text), "year", year=int(match.group(1)))


def _bare_date(text: str, folded: str) -> Deadline | None:
    match = _BARE_DATE.search(folded)
    date_match = DATE.search(folded, match.start()) if match else None
    date = parse_date(date_match) if date_match else None
    if match is None or date is None:
        return None
    return Deadline(_words(text, match), "date", date=date, year=int(date[:4]))


def _event(text: str, folded: str) -> Deadline | None:
    match = _EVENT.match(folded.strip())
    if match is None:
        return None
    return Deadline(squash(text), "event")


def _words(text: str, match: re.Match[str]) -> str:
    return squash(text[match.start():match.end()])


def _date(text: str, folded: str) -> Deadline | None:
    match = _BY_DATE.search(folded)
    if match is None:
        return None
    date_match = DATE.search(folded, match.start(1))
    date = parse_date(date_match) if date_match else None
    if date is None:
        return None
    return Deadline(_words(text, match), "date", date=date, year=int(date[:4]))


def _month_range(text: str, folded: str) -> Deadline | None:
    return _month_end(text, _MONTH_RANGE.search(folded))


def _month_range_in_text(text: str, folded: str) -> Deadline | None:
    """In running text, a month range after `trong`/`trước`/`hết`/`cuối`, as a single month."""
    match = _MONTH_RANGE.search(folded)
    if match is None or not re.search(r"(?:trong|trước|hết|cuối)\s+$", folded[:match.start()]):
        return None
    return _month_end(text, match)


# In running text an event is a time where the text brackets it or opens with it, and it is an
# act that happens (`... trên địa bàn tỉnh (khi Bộ Y tế có văn bản triển khai).`, `Sau khi hoàn
# thành xây dựng các phần mềm, ...`); `(khi các chủ đầu tư đề nghị)`, `(khi được Chủ tịch ủy
# quyền)`, `(khi cần thiết)` are conditions, not times.
_BRACKETED_EVENT = re.compile(r"\(\s*((?:sau\s+)?khi\s+[^()]{6,120}?)\s*\)")
# (its clause ends with a comma, or where the work is handed out: `Khi có kết quả đánh giá ...
# giao Sở Nội vụ chủ trì ...`)
_OPENING_EVENT = re.compile(r"^\s*((?:sau\s+khi|khi\s+có)\s[^,;.]{6,120}?)"
                            r"(?:\s*,|(?=\s+(?:giao|yêu cầu|đề nghị)\s))")
_HAPPENS = re.compile(r"(?<![\w])(?:triển khai|có văn bản|ban hành|hoàn thành|có kết quả|kết thúc|"
                      r"phê duyệt|có quyết định|có hướng dẫn)(?![\w])")


# … or closes with it: `... gửi về phòng ngay sau khi kết thúc buổi thi.`, with the days it is
# counted in (`chậm nhất 10 ngày sau khi kết thúc hội nghị`); not `sau khi hoàn thành các thủ
# tục` (a condition), nor in what is forbidden (`Không tổ chức liên hoan sau khi kết thúc …`).
_CLOSING_EVENT = re.compile(r"(?<![\w])((?:(?:chậm nhất|trong vòng|trong thời hạn)\s+)?"
                            r"(?:\d+\s+ngày(?:\s+làm việc)?\s+)?"
                            r"(?:ngay\s+sau\s+khi\s+(?:kết thúc|hoàn thành)|sau\s+khi\s+kết thúc)"
                            r"\s[^,;.()]{3,80}?)\s*[.;]?\s*$")
_FORBIDDEN = re.compile(r"^\W*(?:không|nghiêm cấm|cấm)\s")


def _event_in_text(text: str, folded: str) -> Deadline | None:
    match = (_BRACKETED_EVENT.search(folded) or _OPENING_EVENT.match(folded)
             or (None if _FORBIDDEN.match(folded) else _CLOSING_EVENT.search(folded)))
    if match is None or not _HAPPENS.search(match.group(1)):
        return None
    return Deadline(squash(text[match.start(1):match.end(1)]), "event")


def _until_event(text: str, folded: str) -> Deadline | None:
    return Deadline(squash(text), "event") if _UNTIL_EVENT.match(folded.strip()) else None


def _until_event_in_text(text: str, folded: str) -> Deadline | None:
    match = _UNTIL_EVENT_IN_TEXT.search(folded)
    return Deadline(_words(text, match), "event") if match else None


def _cited_event(text: str, folded: str) -> Deadline | None:
    return Deadline(squash(text), "event") if _CITED_EVENT.match(folded.strip()) else None


def _quarter(text: str, folded: str) -> Deadline | None:
    match = _QUARTER_RANGE.search(folded) or _QUARTER.search(folded)
    if match is None:
        return None
    quarter = match.group(1)
    number = _ROMAN_QUARTER.get(quarter) or int(quarter)
    year = int(match.group(2))
    end_month = number * 3
    last_day = {3: 31, 6: 30, 9: 30, 12: 31}[end_month]
    return Deadline(_words(text, match), "quarter", date=f"{year}-{end_month:02d}-{last_day}",
                    year=year)


# Where a clause opens: `định kỳ hằng tháng` there is when the work recurs; after a noun
# (`kế hoạch kiểm tra định kỳ hằng năm`) it describes the noun.
_CLAUSE_OPENS = re.compile(r"(?:^|[,;:(]\s*)$")


def _recurring(text: str, folded: str) -> Deadline | None:
    """The period a clause opening with `định kỳ` states (`căn cứ kế hoạch ... hằng năm ...,
    định kỳ hằng tháng rà soát`: monthly; the yearly plan is what the work follows, and `định
    kỳ` alone before `báo cáo` names no period), else the first `hằng ...`."""
    found = list(_RECURRING.finditer(folded))
    match = next((m for m in found if m.group(0).startswith("định kỳ ")
                  and _CLAUSE_OPENS.search(folded, 0, m.start())), None) or next(iter(found), None)
    if match is None:
        return None
    words = _BRACKETS.sub(" ", folded[match.start():match.end()])  # a period's day: not a period
    frequency = tuple(name for name, pattern in _FREQUENCIES if pattern.search(words))
    inside = re.search(r"(?:19|20)\d\d", words)
    after = _YEAR.match(folded, match.end()) or re.match(r"\s*,?\s*năm\s+((?:19|20)\d\d)",
                                                         folded[match.end():match.end() + 14])
    end = match.end() + (after.end() if after and not inside else 0)
    year = int(inside.group(0)) if inside else (int(after.group(1)) if after else None)
    return Deadline(squash(text[match.start():end]), "recurring", frequency=frequency, year=year)


# The term of an elected body or a congress is what the task is about, not its time: `bầu cử
# đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031`, `Nghị quyết Đại hội ..., nhiệm kỳ
# 2025 - 2030`, `Ban Chấp hành Đảng bộ xã khóa II, nhiệm kỳ 2030 - 2035`.
_ELECTED = re.compile(r"(?:đại hội|bầu cử|hội đồng nhân dân|hđnd|quốc hội|khóa|khoá|ban chấp hành)"
                      r"[^.;]{0,90}$")


def _period(text: str, folded: str) -> Deadline | None:
    match = next((m for m in _PERIOD.finditer(folded) if (
        m.group(1) != "nhiệm kỳ" or not _ELECTED.search(folded, max(0, m.start() - 100), m.start()))
        and not _in_cited_title(folded, m.start())), None)
    if match is None:
        return None
    return Deadline(_words(text, match), "period", start_year=int(match.group(2)),
                    end_year=int(match.group(3)))


def _year(text: str, folded: str) -> Deadline | None:
    """The latest year the text sets (`năm 2023`), not one that names a document; `trong năm
    2026` is a time whatever it follows (`... của Đề án chuyển đổi số trong năm 2026`)."""
    found = [m for m in _YEAR.finditer(folded)
             if (m.group(0).startswith("trong")
                 or not _NAMED_YEAR.search(folded, max(0, m.start() - 70), m.start()))
             and not _in_cited_title(folded, m.start())
             and not _HORIZON.match(folded, m.end())]
    if not found:
        return None
    match = max(found, key=lambda m: int(m.group(1)))
    return Deadline(_words(text, match), "year", year=int(match.group(1)))


# A year followed by the vision beyond it ends the name of a strategy, plan or programme
# (`Chiến lược phát triển ... đến năm 2030, tầm nhìn đến năm 2045`), however long that name.
_HORIZON = re.compile(r"\s*,?\s*(?:và\s+)?(?:tầm nhìn|định hướng)\s+(?:đến\s+)?(?:năm\s+)?(?:19|20)\d\d")


def _in_cited_title(folded: str, at: int) -> bool:
    """The time at `at` belongs to the name of a document cited before it, not to the task."""
    return _CITED_TITLE.search(folded, max(0, at - _CITED_REACH), at) is not None


def _periodic(text: str, folded: str) -> Deadline | None:
    """`định kỳ` without a unit, or a count per unit: recurring, its unit the frequency."""
    match = _PERIODIC.search(folded)
    if match is None:
        return None
    unit = match.group(1) or match.group(2) or match.group(3)
    frequency = (_PER_UNIT[unit],) if unit else ()
    return Deadline(_words(text, match), "recurring", frequency=frequency)


def _ongoing(text: str, folded: str) -> Deadline | None:
    """`thường xuyên`/`liên tục` as when a task is done; not inside a noun, not among
    qualities, and not the second of a pair whose first is neither (`hoạt động thường xuyên,
    liên tục`)."""
    after_excluded = -1
    for match in _ONGOING.finditer(folded):
        before = folded[max(0, match.start() - 45):match.start()]
        after = folded[match.end():match.end() + 30]
        chained = after_excluded >= 0 and match.start() - after_excluded <= 5 and not folded[
            after_excluded:match.start()].strip(" ,và")
        listed = _LIST_ITEM_END.match(after) is not None
        if chained or _ONGOING_NOUN.search(before) or (
                listed and (_QUALITY_LIST.search(before) or _QUALITY_LIST.search(after))
                and not (_TIME_LIST.search(before) or _TIME_LIST.search(after))):
            after_excluded = match.end()
            continue
        return Deadline(_words(text, match), "ongoing")
    return None
