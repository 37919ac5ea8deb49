"""Tasks with who leads, who coordinates, who reports to whom, and by when.

Sources of tasks, in a document's outline:
* the tasks part (`Nhiệm vụ`, `Triển khai nhiệm vụ`, `Nhiệm vụ và giải pháp`): one task per
  verb-led sentence; a sentence that is not verb-led continues the task before it;
* `Tổ chức thực hiện` (and articles on responsibility): one assignment per item;
* `Mục đích, yêu cầu`: one goal per item;
* task tables (columns Nội dung / Cơ quan chủ trì / phối hợp / Thời gian): one task per row;
* task blocks `a) Nhiệm vụ ... b) Cơ quan thực hiện ... c) Thời gian ...`: one task.
The bodies come from the bodies stage; the time words each task states are kept for the
deadlines stage (`Task.stated_times`). Offsets are clean offsets (the orchestrator maps them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Literal

from ..lines import Line, lines_of
from ..normalize import fold, folded_text, strip_diacritics
from ..openings import OpeningTagger
from ..records import (
    BodyMention,
    Cell,
    DocumentMeta,
    RoleFiller,
    Section,
    StatedTime,
    Table,
    Task,
    TaskKind,
)
from .clean import CleanDocument, task_table_columns
from .deadlines import governing_time
from .metadata import header_zone
from .outline import group_row, lettered, marker_of

ACTION_VERBS = sorted({
    "triển khai", "tăng cường", "rà soát", "xây dựng", "tổ chức", "chỉ đạo", "quán triệt",
    "thực hiện", "sơ kết", "tổng kết", "lãnh đạo", "nâng cao", "đẩy mạnh", "kiện toàn",
    "quan tâm", "chú trọng", "tập trung", "đổi mới", "tham mưu", "hoàn thiện", "bổ sung",
    "ban hành", "kiểm tra", "giám sát", "tuyên truyền", "đôn đốc", "hướng dẫn", "đánh giá",
    "bảo đảm", "đảm bảo", "phát huy", "củng cố", "sắp xếp", "xử lý", "ngăn chặn", "nghiên cứu",
    "đề xuất", "cập nhật", "chuẩn hóa", "ứng dụng", "số hóa", "thí điểm", "chọn", "đưa",
    "bố trí", "cụ thể hóa", "gắn", "kết hợp", "khắc phục", "phấn đấu", "hoàn thành", "duy trì",
    "thúc đẩy", "mở rộng", "phát triển", "quản lý", "cải cách", "giải quyết", "vận động",
    "thực hành", "theo dõi", "chuẩn bị", "phổ biến", "tiến hành", "lồng ghép",
    "huy động", "xác định", "kiến nghị", "tiếp nhận", "chủ trì", "phối hợp", "giao",
    "yêu cầu", "đề nghị", "tổng hợp", "báo cáo", "thẩm định", "trình", "công bố", "đầu tư",
    "khuyến khích", "tạo điều kiện", "kiên quyết", "đấu tranh", "sửa đổi", "thành lập",
    "bồi dưỡng", "đào tạo", "học tập", "phát động", "biểu dương", "khen thưởng", "lấy",
    "tích hợp", "kết nối", "chia sẻ", "vận hành", "khai thác", "hỗ trợ", "rút kinh nghiệm",
    "đa dạng hóa", "tinh giản", "hợp nhất", "sáp nhập", "tiếp tục", "nắm chắc", "nắm bắt",
    "nắm", "hoàn chỉnh", "chấn chỉnh", "ưu tiên", "đưa ra", "rà soát lại", "kiện toàn lại",
    "chịu trách nhiệm", "triệu tập", "thông báo", "lập", "giữ vững", "phân công", "phân bổ",
    "điều hành", "phê duyệt", "cử", "mời", "thẩm tra", "điều chỉnh", "phòng ngừa", "động viên",
    "tiếp thu", "cung cấp", "phân loại", "thống kê", "xác minh", "khảo sát", "tập huấn",
    "áp dụng", "nâng cấp", "cải thiện", "tham gia", "kêu gọi", "bàn giao", "nghiệm thu",
    "thu hút", "gửi", "đăng tải", "tiếp công dân", "giải đáp", "tháo gỡ", "không để",
    "phát hiện", "phụ trách", "tuân thủ", "xem xét", "tranh thủ", "tìm hiểu", "trang bị",
    "diễn tập", "đăng ký", "thu thập", "đo lường", "nộp", "xác nhận", "truy cập",
    "đăng nhập", "rèn luyện", "rèn", "thỏa thuận", "đọc",
}, key=len, reverse=True)
MODIFIERS = ("tiếp tục", "chủ động", "kịp thời", "thường xuyên", "đồng thời", "tích cực",
             "khẩn trương", "nghiêm túc", "quyết liệt", "cần", "phải", "trực tiếp", "từng bước",
             "đặc biệt")
# Verbs that act only where a sentence opens with them: `ký các văn bản …` (inside a name they
# are a noun's syllable: `Tổ thư ký`, `ký túc xá`).
_OPENING_VERBS = ("ký",)
_VERB_AT_START = re.compile(
    r"^(?:(?:" + "|".join(MODIFIERS) + r")\s*,?\s+)*("
    + "|".join(map(re.escape, (*ACTION_VERBS, *_OPENING_VERBS))) + r")(?![\w])"
)
_VERB_RUN = re.compile(r"\s*(?:,|và)\s*(" + "|".join(map(re.escape, ACTION_VERBS)) + r")(?![\w])")
_SENTENCE = re.compile(r"[^.;]+(?:[.;](?=\s+[A-ZĐÀ-Ỹa-zđ]|\s*$)|[^.;]*)", re.S)

# What a part of the outline holds: its items become tasks of that kind, or none.
PartKind = Literal["task", "assignment", "goal", "none"]
_PART_KINDS: list[tuple[PartKind, re.Pattern[str]]] = [
    ("goal", re.compile(r"mục đích|yêu cầu|mục tiêu|quan điểm")),
    ("assignment", re.compile(r"tổ chức thực hiện|trách nhiệm|phân công|điều khoản thi hành|"
                              r"chế độ (?:thông tin,?\s*)?báo cáo")),
    ("task", re.compile(r"nhiệm vụ|giải pháp|nội dung|triển khai|kế hoạch|chương trình|"
                        r"chỉ tiêu|hoạt động|công việc|kinh phí|kiểm tra|giám sát|"
                        r"đề nghị|kiến nghị|đề xuất|(?:tiến độ|thời gian|lộ trình) thực hiện|"
                        # how and when an event is held: `QUY TRÌNH TỔ CHỨC VÀ CÁC VÒNG THI`,
                        # `LỊCH CHI TIẾT TỔ CHỨC`, `Tổ chức các hoạt động` (not `Ban Tổ chức`,
                        # nor a report's `CÔNG TÁC TỔ CHỨC CÁN BỘ`, a scheme's `TỔ CHỨC BỘ MÁY`)
                        r"quy trình (?:tổ chức|thực hiện)|"
                        r"^tổ chức (?!bộ máy|cán bộ|biên chế|và hoạt động)|"
                        r"(?:hình thức|cách thức) tổ chức|^lịch (?:trình|chi tiết|tổ chức|công tác)")),
    # a report's parts: what was done, its shortcomings and their causes
    ("none", re.compile(r"kết quả|tình hình|đánh giá|thực trạng|bối cảnh|căn cứ|sự cần thiết|"
                        r"tồn tại|hạn chế|nguyên nhân|ưu điểm|khuyết điểm|bài học kinh nghiệm|"
                        # what one may do (`Quyền hạn của học viên`: `Được …`), not what one must
                        r"quyền hạn|quyền lợi")),
]
_BARE_PART_KINDS = [(kind, re.compile(strip_diacritics(pattern.pattern)))
                    for kind, pattern in _PART_KINDS]
_PLANNING_KINDS = {"Kế hoạch", "Kết luận", "Chỉ thị", "Thông báo", "Công văn", "Chương trình",
                   "Chương trình hành động", "Hướng dẫn", "Nghị quyết", "Công điện", "Đề án"}
_LEAD_AFTER = re.compile(r"^\s*,?\s*(?:là cơ quan\s+)?chủ trì")
# `kiểm tra liên ngành do Sở Công Thương hoặc Công an tỉnh chủ trì`: who chairs the work the
# task takes part in, not the task's lead
_CHAIRED_BY = re.compile(r"(?<![\w])do\s+(?:[^,.;:()]{3,60}?\s(?:hoặc|và|,)\s+)?$")
_LEAD_LABEL = re.compile(r"(?:cơ quan|đơn vị)\s+chủ trì\s*:?|chủ trì\s*:")
_COORD = re.compile(r"phối hợp(?:\s+(?:với|cùng))?|cùng với")
_NOUN_COORD = re.compile(r"(?<![\w])(?:sự|công tác|cơ chế|quy chế|hiệu quả|mối|việc)\s+$")
# `phản ánh về X` / `phản hồi về X`: difficulties are reported to X (the closing lines of plans).
_REPORT = re.compile(r"báo cáo|gửi\s+(?:kết quả|báo cáo)|gửi\s+(?:[^.;]{0,60}?\s)?về(?=\s)"
                     r"|(?:phản ánh|phản hồi)\s+(?:[^.;,]{0,25}?\s)?về(?=\s)"
                     # `thông báo cho Sở Tài chính`, `báo tin về UBND xã`: told at once, reported to
                     # (not `Thông báo về nghĩa vụ tài chính`, a notice named by its matter)
                     r"|(?:thông báo|báo tin)\s+(?:kịp thời\s+|ngay\s+)?(?:cho|tới|đến)(?=\s)"
                     r"|báo tin\s+(?:kịp thời\s+|ngay\s+)?về(?=\s)"
                     # `đề xuất UBND tỉnh (qua Sở Nội vụ)`, `đăng ký với Chính phủ (qua Bộ Xây
                     # dựng)`: a proposal sent through a channel goes to whom it names
                     r"|(?:đề xuất|kiến nghị|đăng ký với)(?=\s[^.;()]{0,40}\(\s*[*_]*\s*"
                     r"(?:thông\s+)?qua\s)"
                     # `gửi Văn phòng Chính phủ trước 14 giờ ... để tổng hợp, báo cáo Thủ
                     # tướng`, `gửi Sở Tài chính tổng hợp, báo cáo UBND`: sent to whom sums up
                     r"|gửi(?=\s[^.;]{1,80}?\s(?:để\s+)?tổng hợp\b)")
# `báo cáo` as a thing made, not an act: `xây dựng báo cáo`, `có báo cáo`, `các báo cáo`.
# Also a report read or handed out: `trên cơ sở báo cáo của`, `theo báo cáo`, `tài liệu báo cáo`.
_REPORT_NOUN = re.compile(r"(?:xây dựng|dự thảo|hoàn thiện|hoàn chỉnh|chuẩn bị|có|các|bản|những|"
                          r"nội dung|thông tin|tài liệu|trên cơ sở|căn cứ|theo)\s+$")
# `báo cáo của Công ty …`, `Báo cáo chính trị`, `Báo cáo tài chính`: whose report, or which kind
# of report (a congress's political report, a firm's accounts), not a duty to report to anyone.
_REPORT_OF = re.compile(r"\s+(?:của|chính trị|tài chính)\b")
# … unless the sentence hands it to someone (`nộp báo cáo tài chính năm cho Sở Tài chính`,
# `báo cáo của Sở Tài chính gửi UBND tỉnh`): then it is a report to them after all
_HANDED_TO = re.compile(r"\s(?:cho|gửi|về|lên|tới|đến)\s")
_RELAYED = re.compile(r"tổng hợp\s*,?\s*(?:và\s+)?(?:tiếp tục\s+)?$")
# Where the body reported to passes the report on: `báo cáo X trước ngày ... để tổng hợp (tiếp
# tục) báo cáo Y` reports to X alone.
_RELAY = re.compile(r"\sđể\s+(?:tổng hợp|báo cáo)\b")
# `... về X trước 15 giờ để báo cáo Y`, `phản ánh về X để tổng hợp, hướng dẫn, giải quyết …
# hoặc báo cáo Y`, `… để tổng hợp, tham mưu UBND tỉnh báo cáo Y`: the report is the purpose of
# sending to X, one of the acts the purpose lists, or the one X advises, so Y is whom it is
# passed on to (not `để triển khai, tổng hợp kết quả báo cáo Y`, nor another sentence: the
# sender's own)
_PASSED_ON = re.compile(r"\sđể\s+(?:[^.;\n]{0,120}?\s(?:(?:hoặc|và)\s+|tham mưu\s[^.;\n]{1,60}?\s))?$")
_SENTENCE_BREAK = re.compile(r"[.;\n]")
_TO = re.compile(r"\svề\s")
_SUMMING = re.compile(r"\s(?:để\s+)?tổng hợp\b")
# `(*qua Y*)`: emphasis; `(gua Y)`: a scan's `q` read as `g` (a bracket opening with `gua` is no
# Vietnamese word)
_VIA = re.compile(r"\(\s*[*_]*\s*(?:thông\s+)?[qg]ua\s+([^)]*?)[*_\s]*\)")
_CLAUSE_END = re.compile(r"[.;]|\s(?:để|nhằm|theo|trước|trong|định kỳ|hằng)\s")


_PARENTHETICAL = re.compile(r"^\(.*\)\.?$")  # `(Đính kèm Kết luận số ...)`


@dataclass
class _Unit:
    start: int
    end: int
    section: Section | None
    kind: PartKind
    item: bool = False  # the line starts an item (`1.`, `a)`, `-`), not a plain paragraph


def extract_tasks(cleaned: CleanDocument, meta: DocumentMeta, sections: list[Section],
                  bodies: list[BodyMention], openings: OpeningTagger | None = None
                  ) -> list[Task]:
    """The document's tasks in text order, numbered `t1`, `t2`, ... (clean offsets).
    `openings` answers for sentence openings the verb lexicon does not know
    (`Resources.openings`, answers kept on disk); without it, an in-memory tagger."""
    token = _OPENINGS.set(openings or _IN_MEMORY)
    try:
        return _extract_tasks(cleaned, meta, sections, bodies)
    finally:
        _OPENINGS.reset(token)


def _extract_tasks(cleaned: CleanDocument, meta: DocumentMeta, sections: list[Section],
                   bodies: list[BodyMention]) -> list[Task]:
    text = cleaned.text
    table_spans = [(t.start, t.end) for t in cleaned.tables]
    consumed: list[tuple[int, int]] = list(table_spans)
    if meta.closing_start is not None and meta.closing_end is not None:
        consumed.append((meta.closing_start, meta.closing_end))
    if meta.addressees_start is not None and meta.addressees_end is not None:
        consumed.append((meta.addressees_start, meta.addressees_end))  # who, not what
    drafts: list[Task] = []
    drafts += _table_tasks(cleaned.tables, text, sections, bodies, meta)
    block_tasks, block_spans = _block_tasks(text, sections, bodies, meta)
    drafts += block_tasks
    consumed += block_spans
    by_path = {s.path: s for s in sections}
    drafts += _titles_with_their_doers(
        _tasks_with_role_blocks(_units(text, sections, meta, consumed), text, bodies, meta,
                                by_path), text, bodies, by_path)
    drafts = _with_their_lists(drafts, sections, text, bodies, meta, table_spans)
    intros = _intros(text, bodies, sections, meta)
    drafts = [_intro_lead(t, intros) for t in drafts]
    parents = {s.parent for s in sections}
    drafts = [_heading_lead(t, by_path, bodies, text, intros) for t in drafts]
    drafts = [_heading_coordinators(t, by_path, parents, bodies, text) for t in drafts]
    partnered = _partner_intros(text, bodies, sections, meta)
    drafts = [_intro_partners(t, partnered) for t in drafts]
    drafts = [_dated_item(t, by_path, meta) for t in drafts]
    times = _governing_times(text, sections, meta)
    drafts = [_with_governing_time(t, times) for t in drafts]
    drafts.sort(key=lambda t: t.start)
    drafts = _shared_reporting(drafts, text, by_path)
    drafts = _items_paragraphs(drafts, by_path, text)
    drafts = _closing_addressees_lead(drafts, text, meta, bodies)
    return [replace(t, id=f"t{i + 1}") for i, t in enumerate(drafts)]


def _items_paragraphs(tasks: list[Task], by_path: dict[str, Section], text: str) -> list[Task]:
    """A paragraph that goes on under an item whose own line names who acts (`4.2. Ông … - Phó
    Trưởng đoàn: Chủ trì …;` ⏎ `Tổng hợp, dự thảo Báo cáo …`) is theirs too, where it names no
    one itself: the item's, not the document's issuer's. `tasks` come in text order."""
    ordered = list(tasks)
    for index in range(1, len(ordered)):
        before, task = ordered[index - 1], ordered[index]
        section = by_path.get(task.section) if task.section else None
        named = [f for f in before.lead if not f.inherited]
        if (section is not None and section.kind == "item" and before.section == task.section
                and section.start <= before.start and "\n" not in text[section.start:before.start]
                and named and all(f.inherited for f in task.lead)
                and "\n" in text[section.start:task.start]):
            ordered[index] = replace(task, lead=tuple(named))
    return ordered


def _closing_addressees_lead(tasks: list[Task], text: str, meta: DocumentMeta,
                             bodies: list[BodyMention]) -> list[Task]:
    """A plan whose issuer has no subordinates the gazetteer knows (a school, a centre) says in
    its closing paragraph whom it asks to carry it out (`Trên đây là Kế hoạch ... . Đề nghị các
    đơn vị liên quan phối hợp triển khai thực hiện`, `... yêu cầu các phòng chuyên môn nghiêm
    túc thực hiện`): they do what its items name no one for."""
    if (meta.kind not in _PLANNING_KINDS or not any(not t.lead for t in tasks)
            or _inherited_lead(meta, bodies)):
        return tasks
    closing = _closing_addressees(text, meta, bodies)
    if not closing:
        return tasks
    return [t if t.lead else replace(t, lead=closing) for t in tasks]


_CLOSING_LINES = 3  # how far back from the signature the closing paragraph may stand
# the closing's request downwards (not `kính đề nghị UBND tỉnh quan tâm, hỗ trợ`, a request up)
_CLOSING_ASK = re.compile(r"(?<![\w])(?<!kính )(?:đề nghị|yêu cầu)\s+")
# what the addressees are asked to do, right after their name: carry the plan out
_CARRY_OUT = re.compile(r"\s(?:nghiêm túc|khẩn trương|chủ động|phối hợp|triển khai|thực hiện|"
                        r"tổ chức|căn cứ)(?![\w])")


def _closing_addressees(text: str, meta: DocumentMeta, bodies: list[BodyMention]
                        ) -> tuple[RoleFiller, ...]:
    """Whom the body's closing paragraph (the one opening `Trên đây là`) asks to carry the plan
    out, up to what they are asked to do."""
    end = meta.closing_start if meta.closing_start is not None else len(text)
    last = [line for line in lines_of(text) if line.start < end][-_CLOSING_LINES:]
    summary = next((line for line in reversed(last) if _closing_summary(text, line.start)), None)
    if summary is None:
        return ()
    begin, stop = summary.start, min(summary.end, end)
    folded = fold(text[begin:stop])
    ask = _CLOSING_ASK.search(folded)
    carry = _CARRY_OUT.search(folded, ask.end() - 1) if ask is not None else None
    if ask is None or carry is None:
        return ()
    named = _named_addressee(text, begin + ask.end(), begin + carry.start() + 1)
    if not named:
        return ()
    known = [b for b in bodies if named[0].start <= b.start and b.end <= named[0].end]
    return tuple(RoleFiller(b.id, b.text, inherited=True) for b in known or named)


# `Báo cáo của các cơ quan, đơn vị gửi về UBND tỉnh trước ngày 12/6/2026 ...` after the items
_SHARED_REPORT = re.compile(r"(?:báo cáo|văn bản|kết quả)[^.;:]{0,80}?\sgửi(?:\s+về)?\s")


def _shared_reporting(tasks: list[Task], text: str, by_path: dict[str, Section]) -> list[Task]:
    """A paragraph right after a list of items that says where and by when they all report
    (`1. Ban Quản lý ... báo cáo ...` / `2. Sở Công Thương ... báo cáo ...` / `Báo cáo của các
    cơ quan, đơn vị gửi về UBND tỉnh trước ngày 12/6/2026 để tổng hợp`) is no task of its own:
    each item above that reports takes its recipient (where it names none) and its time."""
    kept: list[Task] = []
    for task in tasks:
        items = (_items_just_before(kept, task, text, by_path)
                 if _SHARED_REPORT.match(fold(" ".join(task.text.split()))) else [])
        if len(items) > 1 and all(f.inherited or f.id is None or f.id.startswith("generic/")
                                  for f in task.lead):
            times = tuple(s for s in task.stated_times if not s.governs)
            for index in items:
                item = kept[index]
                kept[index] = replace(item, report_to=item.report_to or task.report_to,
                                      stated_times=item.stated_times + times)
            continue
        kept.append(task)
    return kept


def _items_just_before(kept: list[Task], task: Task, text: str, by_path: dict[str, Section]
                       ) -> list[int]:
    """The reporting tasks of the numbered items that end right before `task`, a line of its
    own (nothing but space and a line break between; the outline may count that line in the
    last item), one task an item."""
    found: list[int] = []
    parent: str | None = None
    at = task.start
    if not kept or "\n" not in text[kept[-1].end:task.start]:
        return found
    marker = ""  # the next item's marker lies between one item's task and the next
    for index in range(len(kept) - 1, -1, -1):
        item = by_path.get(kept[index].section or "")
        if (item is None or item.kind != "item"
                or text[kept[index].end:at].strip().removesuffix(marker).strip()
                or (parent is not None and item.parent != parent)
                or (index > 0 and kept[index - 1].section == kept[index].section)):
            break
        parent, at, marker = item.parent, kept[index].start, item.marker
        if "báo cáo" in fold(kept[index].text):
            found.append(index)
    return found


def _acts(task: Task, text: str, bodies: list[BodyMention]) -> bool:
    """An item that does something: opens with an action, with `Giao`/`Đề nghị`, or with the
    bodies that act (`Các cơ quan, đơn vị gửi danh sách ...`: its subject, then a verb)."""
    folded = _folded(text)
    label = _TIME_LABEL.match(folded, task.start, task.end)  # `Trước ngày 30/6/2024: ...`
    start = label.end() if label else task.start
    if is_verb_led(text[start:task.end]) or _SUBJECT_OPENER.match(folded, start):
        return True
    inside = [b for b in bodies if start <= b.start and b.end <= task.end]
    subject = _subject(folded, start, inside)
    return bool(subject) and is_verb_led(text[subject[-1].end:task.end].lstrip(" ,"))


# A schedule's line opens with its time, then who does what: `Trước ngày 30/6/2024: Tổ công tác
# cấp xã hoàn thành ...`, `Năm 2025: UBND các huyện ...`, `Tháng 9 - 10/2025: ...`.
_TIME_LABEL = re.compile(r"(?:(?:trước|sau|đến|từ|trong|chậm nhất|hoàn thành)\s+)?(?:ngày|tháng|quý|"
                         r"năm|tuần)\s(?=[^:;\n]{0,40}?(?:\d|(?<![\w])[ivx]{1,4}(?![\w])))[^:;\n]{0,40}:\s*")


_ROLE_LABEL_LINE = re.compile(r"^(?:cơ quan|đơn vị|bộ phận)\s+(?:chủ trì|phối hợp|thực hiện|"
                              r"tham mưu)")


def _with_their_lists(drafts: list[Task], sections: list[Section], text: str,
                      bodies: list[BodyMention], meta: DocumentMeta,
                      tables: Sequence[tuple[int, int]] = ()) -> list[Task]:
    """`6. Trực tiếp phụ trách, chỉ đạo các lĩnh vực sau:` over bullets that name fields, not
    actions (`- Tài chính - ngân sách;`, `- Quốc phòng, an ninh;`): the bullets are what the
    sentence is about, so sentence and list are one task. Bullets that act (`- Tổ chức ...`;
    half or more of them) stay tasks of their own, under a heading that is their context."""
    for section in sections:
        if section.kind not in {"item", "letter", "bullet"}:
            continue
        start = _skip_spaces(text, section.start + len(section.marker))
        heading = text[start:section.heading_end].strip()
        if not (heading.endswith(":") or _FIELD_HEADING.match(fold(heading))) or _owner_line(
                heading) is not None or _ROLE_LABEL_LINE.match(
                fold(heading)) or (_RESPONSIBILITY.search(fold(heading))
                                   and len(heading.split()) <= 5):
            continue  # `Đồng chí X - Phó Chủ tịch:`, `Cơ quan chủ trì:`, `Phân công nhiệm vụ:`
        inner = [t for t in drafts if section.start <= t.start < section.end
                 and not any(a <= t.start < b for a, b in tables)]  # a table's rows: its own
        listed = [t for t in inner if t.start >= section.heading_end]
        # fields named by a noun that is also a verb (`Quản lý, sử dụng tài sản công;`) are a
        # few of a list of fields; a list of actions is mostly actions
        if not listed or 2 * sum(_acts(t, text, bodies) for t in listed) >= len(listed):
            continue
        end = max(t.end for t in inner)
        whole = _make_task(text, start, end, section, listed[0].kind, bodies, meta)
        # the time is the sentence's: a field's own words (`dự toán ngân sách hằng năm`) set none
        whole = replace(whole, stated_times=(StatedTime(text[start:section.heading_end]),))
        drafts = [t for t in drafts if t not in inner] + [whole]
    return drafts


# `2. Lĩnh vực Xây dựng và Công Thương` over `- Quy hoạch xây dựng, kiến trúc;` ...: an office
# holder's fields, in an assignment decision, listed under a title without a colon.
_FIELD_HEADING = re.compile(r"^(?:các\s+)?lĩnh vực\s[^.;:]{0,100}$")


_INTRO = re.compile(r"(?:^|[,.;]\s*|\s)(yêu cầu|đề nghị|giao|chỉ đạo(?:,\s*(?:hướng dẫn|đôn đốc)){0,2}|"
                    r"phân công)\s+",
                    re.M)  # `^`: a line that opens with the verb (searched from the line)


_PARTNERS = re.compile(r"(?<![\w])(?:chủ trì|phối hợp)(?![\w])")  # who leads is named before
_JOINTLY = re.compile(r"(?<![\w])phối hợp(?:\s+(?:với|cùng))?(?![\w])")  # who coordinates: after


@dataclass(frozen=True)
class _Intro:
    """`Ban Bí thư yêu cầu các tỉnh ủy, ... thực hiện tốt các nhiệm vụ sau:` names who acts in
    the tasks that follow, up to the end of the part it stands in."""

    start: int
    end: int
    leads: tuple[RoleFiller, ...]
    partners: tuple[RoleFiller, ...] = ()  # `X chủ trì, phối hợp với Y:`: Y coordinates


def _lead_in_lines(text: str, meta: DocumentMeta) -> Iterable[Line]:
    """The body's lines that end in a colon: lead-ins, which say who does (`..., yêu cầu các sở,
    ngành:`) or by when (`Đến hết năm 2030, phấn đấu:`) the items below them."""
    return (line for line in lines_of(text)
            if line.text.rstrip().endswith(":") and line.start < meta.body_end)


def _intros(text: str, bodies: list[BodyMention], sections: list[Section], meta: DocumentMeta
            ) -> list[_Intro]:
    found = []
    folded = _folded(text)
    for line in _lead_in_lines(text, meta):
        verb = _INTRO.search(folded, line.start, line.end)
        subject = _subject_intro(text, folded, _paragraph_start(text, line), line.end, bodies) \
            if verb is None else []
        if subject:
            part = _innermost(sections, line.start)
            end = part.end if part is not None and part.start != line.start else meta.body_end
            found.append(_Intro(line.end, end, tuple(RoleFiller(b.id, b.text, inherited=True)
                                                     for b in subject)))
            continue
        if verb is None:
            owner = _owner_line(line.text)  # `Đồng chí Nguyễn Văn A - Phó Chủ tịch UBND xã:`
            if owner is not None:
                part = _innermost(sections, line.start)
                end = part.end if part is not None and part.start != line.start else meta.body_end
                found.append(_Intro(line.end, end, (owner,)))
            continue
        partners = _PARTNERS.search(folded, verb.end(), line.end)  # `X chủ trì, phối hợp với Y:`
        stop = partners.start() if partners else line.end
        named = [b for b in bodies if verb.end() <= b.start and b.end <= stop]
        if not named or named[0].start - verb.end() > 2:
            named = _named_addressee(text, verb.end(), stop)  # `Nhà trường đề nghị sinh viên:`
        if not named or _SECOND_CLAUSE.search(folded, named[-1].end, line.end):
            continue  # `Chỉ đạo X triển khai ...; đồng thời thực hiện các nội dung:`: the items are
            # the subject's own
        part = _innermost(sections, line.start)
        end = part.end if part is not None else meta.body_end
        with_them = _joint_partners(folded, bodies, verb.end(), line.end)
        found.append(_Intro(line.end, end, tuple(RoleFiller(b.id, b.text, inherited=True)
                                                 for b in named),
                            tuple(_filler(b) for b in with_them)))
    return found


def _named_addressee(text: str, start: int, stop: int) -> list[BodyMention]:
    """Those a lead-in asks, where the gazetteer knows none: words that name people or a body
    by its kind and nothing more (`đề nghị sinh viên:`, `yêu cầu các đơn vị trực thuộc:`), up
    to the colon or what they must do."""
    words = text[start:stop]
    cut = _ADDRESSEE_END.search(words)
    name = (words[:cut.start()] if cut else words).strip(" ,:")
    if not name or not _a_name(name, 8):
        return []
    at = text.index(name, start)
    return [BodyMention(name, at, at + len(name), None)]


_ADDRESSEE_END = re.compile(r"\s(?:thực hiện|triển khai|phối hợp|nghiêm túc|khẩn trương|một số|"
                            r"các nội dung|"
                            r"những nội dung|như sau|sau đây|khi|phải|cần|có trách nhiệm|lưu ý|"
                            r"căn cứ|nếu|trong)(?![\w])|:")
# (a `;` that goes on with what to note, `...; trong đó lưu ý:`, is no clause of the subject's own)
_SECOND_CLAUSE = re.compile(r"(?<![\w])đồng thời(?![\w])|"
                            r";(?!\s*(?:trong đó|cụ thể|nhất là|đặc biệt|lưu ý)(?![\w]))")


_CONTINUED = re.compile(r"[^.;:!?]\n(?=[^\n])")


def _paragraph_start(text: str, line: Line, most: int = 3) -> int:
    """Where the paragraph a lead-in line ends starts: a PDF's line breaks the reader left
    before a citation (`... quy định tại` ⏎ `Điều 13 Nghị định số` ⏎ `46/2017/NĐ-CP ... sau:`)
    split one sentence, whose subject is on its first line. Up to `most` earlier lines are
    taken while each ends without a sentence's closing mark and opens no section (a heading,
    `Điều 2. Nhiệm vụ và quyền hạn`, is no part of the sentence below it)."""
    start = line.start
    for _ in range(most):
        if start < 2 or not _CONTINUED.match(text, start - 2):
            break
        previous = text.rfind("\n", 0, start - 1) + 1
        if marker_of(text[previous:start - 1]):
            break
        start = previous
    return start


# `..., các Bộ, cơ quan ngang Bộ, ..., Ủy ban nhân dân các tỉnh ... cần cụ thể hóa và tổ chức
# triển khai thực hiện các nhiệm vụ sau đây:` — the bodies before what they must do are who
# does the items below, as a `yêu cầu X` intro says it the other way round.
_MUST = re.compile(r"\s(?:cần|có trách nhiệm|phải|tập trung|chủ động|khẩn trương|tiếp tục|"
                   r"quán triệt|(?:thực hiện|có) (?:các )?nhiệm vụ)[\s,]")
_ITEMS_FOLLOW = re.compile(r"(?:sau đây|sau|như sau|cụ thể)\s*:\s*$")


def _subject_intro(text: str, folded: str, start: int, end: int, bodies: list[BodyMention]
                   ) -> list[BodyMention]:
    """The bodies an intro line names as the subject of what the items below say they must do:
    the run of bodies right before `cần`, `có trách nhiệm`, `thực hiện các nhiệm vụ` ..., on a
    line that announces items (`... sau đây:`); where the gazetteer knows none, a name it lacks
    opening the sentence (`Phòng Giáo dục và Đào tạo thực hiện nhiệm vụ, quyền hạn ... sau:`)."""
    if not _ITEMS_FOLLOW.search(folded, start, end):
        return []
    must = _MUST.search(folded, start, end)
    if must is None:
        return []
    before = [b for b in bodies if start <= b.start and b.end <= must.start()]
    subject: list[BodyMention] = []
    at = must.start()
    for body in reversed(before):
        if not _SUBJECT_JOIN.fullmatch(folded[body.end:at]):
            break
        subject.insert(0, body)
        at = body.start
    if subject or before:
        return subject
    named = _named_subject(text, folded, start, must.end(), bodies)
    return named if named and not folded[named[-1].end:must.start()].strip() else []


def _intro_lead(task: Task, intros: list[_Intro]) -> Task:
    if any(not f.inherited or f.text for f in task.lead):
        return task  # named in the task, or already inherited from something nearer
    owners = [i for i in intros if i.start <= task.start < i.end]
    if not owners:
        return task
    nearest = max(owners, key=lambda i: i.start)
    return replace(task, lead=nearest.leads, coordinate=task.coordinate or nearest.partners)


@dataclass(frozen=True)
class _Governing:
    """A heading or lead-in's time (`2. Năm 2026`, `Đến hết năm 2030, phấn đấu:`) over the text
    from `start` to `end`."""

    start: int
    end: int
    words: str


def _governing_times(text: str, sections: list[Section], meta: DocumentMeta
                     ) -> list[_Governing]:
    found = []
    has_children = {s.parent for s in sections if s.parent}
    for section in sections:
        heading = text[section.start + len(section.marker):section.heading_end]
        if section.path not in has_children or heading.rstrip(" *").endswith((".", ";")):
            continue  # an item's first sentence is no heading over its second
        words = governing_time(heading)
        if words is not None and section.heading_end < section.end:
            found.append(_Governing(section.heading_end, section.end, words))
    for line in _lead_in_lines(text, meta):
        words = governing_time(line.text)
        if words is not None:
            part = _innermost(sections, line.start)
            end = part.end if part is not None else meta.body_end
            found.append(_Governing(line.end, end, words))
    return found


# A schedule's item opens with the day (or days) it happens on, as a label: `15/11: Phát động
# cuộc thi …`, `15/11 - 20/11: Các lớp đăng ký …`, `Ngày 20/11 - Hội thảo …` (a bare day before a
# dash is no label: `3/4 - số xã đạt chuẩn`).
_DAY = r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*((?:19|20)\d\d))?"
_DATED_LABEL = re.compile(rf"(?:(ngày)\s+)?{_DAY}(?:\s*[-–]\s*{_DAY})?\s*(:|[-–]\s)\s*(?=\S)")
_SCHOOL_YEAR = re.compile(r"năm học\s*((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
_HEADING_DAY = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)")
# a year that bounds a horizon, not the year a schedule is in (`NHIỆM VỤ ĐẾN NĂM 2030`)
_HORIZON_YEAR = re.compile(r"(?:đến|giai đoạn|tầm nhìn|định hướng|nhiệm kỳ)(?:\s+năm)?\s+"
                           r"((?:19|20)\d\d)")


def _dated_item(task: Task, by_path: dict[str, Section], meta: DocumentMeta) -> Task:
    """A task whose words open with a day as a label: the day (a range's last) is its time, in
    the year `_schedule_year` finds, after any time the words state; the words after it are the
    task."""
    label = _DATED_LABEL.match(fold(task.text))
    if label is None or (label.group(8) != ":" and label.group(1) is None):
        return task
    day, month, year = label.group(5, 6, 7) if label.group(5) else label.group(2, 3, 4)
    words = f"{day}/{month}/{year}" if year else f"{day}/{month}"
    found: int | None = None
    if year is None:
        section = by_path.get(task.section) if task.section else None
        found = _schedule_year(int(day), int(month), section, by_path, meta)
        if found is None:
            return task  # no year to put the day in: the label stays the task's words
    body = task.text[label.end():]
    return replace(task, start=task.start + label.end(), text=body, verbs=_verbs(body),
                   stated_times=(*task.stated_times, StatedTime(words, cell=True, year=found)))


def _schedule_year(day: int, month: int, section: Section | None, by_path: dict[str, Section],
                   meta: DocumentMeta) -> int | None:
    """The year a schedule's day without one is in: the one year the nearest heading with a year
    names (`V. LỊCH CHI TIẾT (15/11 → 10/12/2025)`); within a school year its autumn or its spring
    (`NĂM HỌC 2025 - 2026`); from the first day a heading's range opens (`15/11/2025 →
    10/01/2026`); else the next such day from the document's date. None where unsure."""
    while section is not None:
        heading = fold(section.heading)
        school = _SCHOOL_YEAR.search(heading)
        if school is not None:
            return int(school.group(1) if month >= 8 else school.group(2))
        horizon = {int(y) for y in _HORIZON_YEAR.findall(heading)}
        years = {int(y) for y in _A_YEAR.findall(heading)} - horizon
        opens = _HEADING_DAY.search(heading)
        if opens is not None and len(years) > 1:
            first_day, first_month, first_year = (int(g) for g in opens.groups())
            return first_year if (month, day) >= (first_month, first_day) else first_year + 1
        if len(years) == 1:
            return years.pop()
        if years or horizon:
            return None
        section = by_path.get(section.parent) if section.parent else None
    if meta.date is None:
        return None
    issued = int(meta.date[:4]), int(meta.date[5:7]), int(meta.date[8:10])
    return issued[0] if (month, day) >= issued[1:] else issued[0] + 1


def _with_governing_time(task: Task, times: list[_Governing]) -> Task:
    """The nearest heading or lead-in time over the task, after the task's own times."""
    over = [g for g in times if g.start <= task.start < g.end]
    if not over:
        return task
    nearest = max(over, key=lambda g: g.start)
    return replace(task, stated_times=(*task.stated_times,
                                       StatedTime(nearest.words, cell=True, governs=True)))


_HEADING_OWNER = re.compile(r"^(?:(?:chức năng\s*,?\s*)?(?:trách nhiệm|nhiệm vụ)"
                            # `của` as a scan may read it (`Trách nhiệm cña Bảo hiểm ...`)
                            r"(?:\s*(?:,|và)\s*quyền hạn)?\s+(?:c[uúùủũụñ]a\s+)?|"
                            r"(?:phân công|giao)\s+nhiệm vụ\s+(?:cho\s+|của\s+)?|"
                            r"đề nghị\s+|giao(?:\s+cho)?\s+(?!nhiệm vụ)|đối với\s+|"
                            # a coordination regulation's article: `Điều 5. Nội dung Sở Dân tộc và
                            # Tôn giáo có trách nhiệm chủ trì`
                            r"nội dung\s+(?:do\s+)?(?=.{3,120}\schủ trì$))")
# Words a body's or an office holder's name starts with, for names the gazetteer lacks
# (`2. Trung tâm xúc tiến Đầu tư, Thương mại và Du lịch tỉnh`, `Đồng chí ... - Phó Chủ tịch:`).
_OWNER_START = re.compile(
    # `hội` an association, not a hall, a conference, a seminar or a contest (`Hội trường A`)
    r"^(?:các\s+)?(?:sở|ban|văn phòng|công an|bộ chỉ huy|bộ tư lệnh|trung tâm|phòng|"
    r"hội(?! (?:trường|nghị|thảo|thi|diễn|chợ)(?![\w]))|đoàn|mặt trận|"
    r"liên đoàn|liên minh|hiệp hội|công ty|tổng công ty|tập đoàn|tạp chí|bưu điện|cục|chi cục|"
    r"đài|báo|trường|bệnh viện|kho bạc|ngân hàng|thanh tra|tòa án|"
    r"bảo hiểm|viện|đảng ủy|ủy ban|ubnd|hđnd|cơ quan|đơn vị|tổ chức|tổ|doanh nghiệp|chủ tịch|"
    r"phó chủ tịch|giám đốc|thủ trưởng|trưởng|đồng chí|đ/c|ông|bà|người đứng đầu|"
    # people by their role (`Đối với chủ vật nuôi:`, `b) Đối với nhân viên thú y cấp xã:`)
    r"chủ (?:đầu tư|hộ|cơ sở|vật nuôi|doanh nghiệp|phương tiện|rừng)|nhân viên|giáo viên|"
    r"sinh viên|học sinh|học viên|ứng viên|thí sinh|giảng viên|"
    # an officer by the role the text gives (`cán bộ coi thi`), not the staff at large (`cán
    # bộ, công chức`)
    r"cán bộ(?!\s*,|\s+(?:công chức|và|nhân viên|nghỉ|hưu))|"
    # a commune's units and officers (`Bộ phận một cửa`, `công chức Văn phòng - Thống kê`)
    r"bộ phận|công chức|khoa(?! học)|"
    # a school's officers (`Hiệu trưởng: Ông … – Chỉ đạo …`, `22 GVCN: Chịu trách nhiệm …`)
    r"(?:phó\s+)?hiệu trưởng|hiệu phó|bí thư|tổng phụ trách|thư k[ýí]|"
    r"(?:\d{1,3}\s+)?(?:giáo viên chủ nhiệm|gvcn))\b")


# A clause, not a name: `Ủy ban nhân dân tỉnh ban hành Kế hoạch ..., cụ thể như sau:`.
_CLAUSE = re.compile(r"(?<![\w])(?:ban hành|thực hiện|triển khai|xây dựng|yêu cầu|giao|báo cáo|"
                     r"hướng dẫn|như sau|cụ thể|gồm|sau đây|đối với|về việc)(?![\w])")


def _a_name(name: str, longest: int) -> bool:
    """Words that name a body or an office holder, and nothing more."""
    folded = fold(name)
    return (bool(_OWNER_START.match(folded)) and len(name.split()) <= longest
            and not _CLAUSE.search(folded) and not is_verb_led(name)
            and not _ADDRESS_ONLY.fullmatch(folded))


# A form of address alone names no one (`4.2. Ông. Đỗ Văn A - Phó Trưởng đoàn: …`, whose heading
# the abbreviation's full stop cuts to `Ông`).
_ADDRESS_WORDS = r"(?:ông|bà|đồng chí|đ/c)"
_ADDRESS_ONLY = re.compile(_ADDRESS_WORDS + r"\W*")


def _owner_line(line: str) -> RoleFiller | None:
    """A short line that is only a name, ended by a colon, names who does the items below."""
    name = line.strip().rstrip(":").strip(" .*")
    return RoleFiller(None, name, inherited=True) if _a_name(name, 20) else None


def _heading_lead(task: Task, by_path: dict[str, Section], bodies: list[BodyMention], text: str,
                  intros: Sequence[_Intro] = ()) -> Task:
    """A task naming no lead belongs to the body its nearest heading names
    (`2. Sở Nông nghiệp và Môi trường:`, `Điều 8. Trách nhiệm của Văn phòng đăng ký đất đai`),
    unless a lead-in under that heading is nearer (`5. UBND các huyện` / `- Chỉ đạo UBND cấp xã
    thực hiện các nội dung:` / `+ ...`: the communes')."""
    if any(not f.inherited for f in task.lead):
        return task
    nearest_intro = max((i.start for i in intros if i.start <= task.start < i.end
                         and i.leads == task.lead), default=-1)
    section = by_path.get(task.section) if task.section else None
    while section is not None:
        owners = _heading_owners(section, bodies, text)
        if owners and section.start < nearest_intro:
            return task  # the lead-in below the heading names who does it
        if owners:
            return replace(task, lead=tuple(RoleFiller(b.id, b.text, inherited=True)
                                             for b in owners),
                           coordinate=task.coordinate or tuple(
                               _filler(b) for b in _joint_partners(
                                   _folded(text), bodies, section.start, section.heading_end)))
        section = by_path.get(section.parent) if section.parent else None
    return task


def _joint_partners(folded: str, bodies: list[BodyMention], start: int, end: int
                    ) -> list[BodyMention]:
    """The bodies after `phối hợp với` in a lead-in or heading (`2. Sở Giáo dục và Đào tạo chủ
    trì, phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân dân các phường, xã:`): they
    coordinate the items below it."""
    joint = _JOINTLY.search(folded, start, end)
    if joint is None:
        return []
    return _partners_named(folded, bodies, joint.end(), end)


def _partners_named(folded: str, bodies: list[BodyMention], start: int, end: int
                    ) -> list[BodyMention]:
    """The bodies a partners' clause from `start` names, up to the verb that ends it: in
    `phối hợp với các cơ quan có liên quan trình Ủy ban nhân dân huyện:` the committee is whom
    the work goes to, no partner."""
    named = [b for b in bodies if start <= b.start and b.end <= end]
    stop = _clause_end(folded, start, end, stop_words=True, names=named)
    return [b for b in named if b.start < stop]


_LEADS_WITH = re.compile(r"^(?:chủ trì\s*,?\s*)?phối hợp(?:\s+(?:với|cùng))?\s+")


def _heading_coordinators(task: Task, by_path: dict[str, Section], parents: set[str | None],
                          bodies: list[BodyMention], text: str) -> Task:
    """`a) Chủ trì, phối hợp với các sở, ngành ...:` or `b) Phối hợp với ...` over bullets: the
    bodies it names coordinate each bullet (the body of the heading above leads it). A bullet
    that opens so and goes on in sentences of its own (`- Chủ trì, phối hợp với các cơ quan liên
    quan kiểm tra ...; Tiếp tục kiểm soát ...`) heads nothing: its partners are its first
    sentence's."""
    if task.coordinate or not task.section:
        return task
    section = by_path.get(task.section)
    while section is not None:
        start = section.start + len(section.marker)
        heading = fold(text[start:section.heading_end]).strip()
        heads = heading.endswith(":") or section.path in parents
        if section.start != task.start and heads and _LEADS_WITH.match(heading):
            named = _joint_partners(_folded(text), bodies, start, section.heading_end)
            return replace(task, coordinate=tuple(_filler(b) for b in named)) if named else task
        section = by_path.get(section.parent) if section.parent else None
    return task


_OPENING_MARKUP = re.compile(r"[\s*_]*(?:[a-zđ0-9]{1,4}[.)]\s*)?[\s*_]*")


def _partner_intros(text: str, bodies: list[BodyMention], sections: list[Section],
                    meta: DocumentMeta) -> list[_Intro]:
    """A paragraph under a body's heading that only names partners (`4. Sở Khoa học và Công
    nghệ` / `Chủ trì, phối hợp với các sở, ngành, UBND các xã, phường:` / `- Triển khai ...`):
    the bodies it names coordinate each item below it, up to the end of the part it stands in;
    the heading above still names the lead. Read whole, as a hard-wrapped line begins earlier."""
    found = []
    folded = _folded(text)
    for line in _lead_in_lines(text, meta):
        part = _innermost(sections, line.start)
        start = text.rfind("\n\n", 0, line.start) + 2
        if part is not None:
            start = max(start, part.heading_end if part.heading_end <= line.start else part.start)
        opening = _OPENING_MARKUP.match(folded, start, line.end)
        if opening is None or not _LEADS_WITH.match(folded[opening.end():line.end]):
            continue
        named = _joint_partners(folded, bodies, opening.end(), line.end)
        if named:
            end = part.end if part is not None else meta.body_end
            found.append(_Intro(line.end, end, (), tuple(_filler(b) for b in named)))
    return found


def _intro_partners(task: Task, intros: list[_Intro]) -> Task:
    """The partners of the nearest such paragraph above a task that names none of its own."""
    if task.coordinate:
        return task
    covering = [i for i in intros if i.start <= task.start < i.end]
    if not covering:
        return task
    return replace(task, coordinate=max(covering, key=lambda i: i.start).partners)


# A heading that names who asks the items that follow (`Văn phòng Chính phủ trân trọng đề nghị:`).
_REQUESTER = re.compile(r"\S\s+(?:trân trọng\s+|kính\s+)?(?:đề nghị|yêu cầu)$")


def _heading_owners(section: Section, bodies: list[BodyMention], text: str) -> list[BodyMention]:
    members = _group_members(section, bodies, text)
    if members:
        return members
    heading_start = section.start + len(section.marker)
    heading_end = _owner_list_end(text, heading_start, section.heading_end, bodies)
    heading = fold(text[heading_start:heading_end]).strip(" .:;")
    if _REQUESTER.search(heading):
        return []  # `Văn phòng Chính phủ trân trọng đề nghị:`: who asks, not who acts
    owner = _HEADING_OWNER.match(heading)
    offset = heading_start + (len(text[heading_start:heading_end]) -
                              len(text[heading_start:heading_end].lstrip()))
    if owner is not None:
        offset += owner.end()
    partners = _HEADING_PARTNERS.search(_folded(text), offset, heading_end)
    before = partners.start() if partners is not None else heading_end
    # `X là cơ quan đầu mối giúp Y`: X alone (not a `là` inside a name: `Các chủ rừng là tổ chức`)
    copula = next((m for m in _IS_THE.finditer(_folded(text), offset, before)
                   if not any(b.start <= m.start() < b.end for b in bodies)), None)
    before = copula.start() if copula is not None else before
    # `a) Chủ đầu tư có trách nhiệm:`: the duty's words follow the name
    duty = _HAS_DUTY.search(_folded(text), offset, before)
    before = duty.start() if duty is not None else before
    inside = [b for b in bodies if offset <= b.start and b.end <= before]  # not its partners
    if inside and (inside[0].start - offset <= 2  # `2. Giám đốc Sở Công Thương:` is the Sở's
                   or _HOLDER_TITLE.match(_folded(text)[offset:inside[0].start].strip())):
        return _without_members(inside, text) + _named_tail(text, inside[-1].end, before)
    named = text[offset:duty.start() if duty else heading_end].strip().rstrip(":.;").strip()
    # `Trách nhiệm của các tổ chức, doanh nghiệp hoạt động trong lĩnh vực ...`: a heading that
    # says whose duties follow names them however long the description
    if (section.kind in {"item", "letter", "part", "article"} or owner is not None) and named and _a_name(
            named, _OWNED_NAME if owner is not None else 15):
        # a name it lacks, or several joined by `và` (a comma may set a person's title beside
        # them: `đồng chí Nguyễn Văn A, Chủ tịch UBND xã` is one)
        return [_known_part(part, bodies, text) for chunk in _SEMICOLON.split(named)
                if chunk for part in _owner_names(text, chunk, text.index(chunk, offset))]
    person = _PERSON_FIRST.match(named)  # `1. Đồng chí Kiều Đình Việt, phụ trách ... sau:`
    if section.kind in {"item", "letter"} and person:
        name = person.group(1).rstrip()
        at = text.index(name, offset)
        return [BodyMention(name, at, at + len(name), None)]
    return []  # the heading is about something else; a body merely mentioned in it


def _group_members(section: Section, bodies: list[BodyMention], text: str) -> list[BodyMention]:
    """`3. Các đơn vị chuyên môn: Khoa Lý luận Chính trị, Viện Kinh tế Quản lý và Khoa Giáo dục
    Quốc phòng An ninh`: a group named, then on the same line its members, who lead the items
    below (each a name; the outline's heading stops at the colon)."""
    head = text[section.start + len(section.marker):section.heading_end].strip(" *")
    if not head.endswith(":") or not fold(head).startswith("các ") or not _a_name(
            head.rstrip(":"), 8):
        return []
    line_end = text.find("\n", section.heading_end)
    rest = text[section.heading_end:len(text) if line_end == -1 else line_end]
    names = rest.strip(" .;*")
    if not names:
        return []
    parts = _owner_names(text, names, text.index(names, section.heading_end))
    if len(parts) < 2 or not all(_a_name(p.text, 12) for p in parts):
        return []
    return [_known_part(p, bodies, text) for p in parts]


def _known_part(part: BodyMention, bodies: list[BodyMention], text: str) -> BodyMention:
    """A heading's part the gazetteer names (`Hội Nông dân tỉnh` of `Liên minh Hợp tác xã tỉnh,
    Hội Nông dân tỉnh, ...`), with what may follow a name (`Đoàn TNCS Hồ Chí Minh| tỉnh`), is
    that body; any other keeps its words."""
    return next((b for b in bodies if b.start == part.start and b.end <= part.end
                 and _BODY_TAIL.match(_folded(text)[b.end:part.end])), part)


_OWNED_NAME = 25  # the longest name a `Trách nhiệm của ...` heading gives
_IS_THE = re.compile(r"\slà\s")
_HAS_DUTY = re.compile(r"\s(?:có|chịu) trách nhiệm(?: thực hiện)?\s*(?::|$)|"
                       r"\scó (?:các )?nhiệm vụ(?:, quyền hạn)?(?: sau(?: đây)?)?\s*(?::|$)")


def _owner_names(text: str, name: str, at: int) -> list[BodyMention]:
    """The owners one heading names: bodies set off by commas where each part is a name
    (`Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh`), else by `và` or a dash (`Đảng ủy -
    UBND các xã, thị trấn`, where `thị trấn` alone is no name); a person's name keeps the title a
    comma or dash sets beside it (`đồng chí Nguyễn Văn A, Chủ tịch UBND xã`)."""
    if _PERSON_FIRST.match(name):
        return _name_parts(text, name, at, _AND)
    widest = _name_parts(text, name, at, _ANY_JOIN)
    return widest if len(widest) > 1 else _name_parts(text, name, at, _AND_DASH)


def _named_tail(text: str, start: int, end: int) -> list[BodyMention]:
    """A name the gazetteer lacks after the ones it knows, set off by `;` (`3. Phòng Nông
    nghiệp và PTNT; Trung tâm dịch vụ kỹ thuật nông nghiệp huyện`)."""
    tail = text[start:end]
    name = tail.lstrip(" ;").rstrip(" .:;")
    if not tail.lstrip().startswith(";") or not _a_name(name, 15):
        return []
    return _name_parts(text, name, text.index(name, start), _AND_DASH)


_LIST_GAP = re.compile(r"[\s;,]*(?:và\s+)?")


def _owner_list_end(text: str, start: int, end: int, bodies: list[BodyMention]) -> int:
    """Where a heading that names bodies ends: the outline ends a heading at `;`, but
    `8. Các sở, ban, ngành; UBND các xã, phường, đặc khu; các cơ quan, đơn vị có liên quan`
    is one list of owners, to the end of its line, when nothing but bodies follows."""
    if not text[start:end].rstrip().endswith(";"):
        return end
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    reached = end
    for body in bodies:
        if body.start < reached:
            continue
        if body.end > line_end or _LIST_GAP.fullmatch(text, reached, body.start) is None:
            break
        reached = body.end
    rest = text[reached:line_end]
    if (reached == end or rest.lstrip().startswith(";")) and _a_name(rest.strip(" .:;"), 15):
        return line_end  # `3. Phòng Nông nghiệp và PTNT; Trung tâm dịch vụ kỹ thuật ...`
    return reached if reached > end and not rest.strip(" .:;") else end


def _without_members(named: list[BodyMention], text: str) -> list[BodyMention]:
    """`Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế ...)`: the bodies in
    brackets after a group are its members; the group is the owner. After one body they name
    the unit that does the work (`Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công)`)."""
    kept: list[BodyMention] = []
    for body in named:
        group = kept[-1] if kept and "/group/" in (kept[-1].id or "") else None
        opened = text.rfind("(", group.end, body.start) if group is not None else -1
        if opened != -1 and ")" not in text[opened:body.start]:
            continue
        kept.append(body)
    return kept


# Where a heading's owner ends: `X chủ trì, phối hợp với Y:`; `cơ quan chủ trì giải quyết thủ tục`
# names a body by its role.
_HEADING_PARTNERS = re.compile(r"(?<![\w])(?<!cơ quan )(?<!đơn vị )(?:chủ trì|phối hợp)(?![\w])")


# A heading that opens with an official's name, then what they do.
_PERSON_FIRST = re.compile(r"^((?:[Đđ]ồng chí|Đ/c|đ/c|Ông|Bà)\s+(?:[A-ZĐÀ-Ỹ]\w*\s*){2,5}?)"
                           r"\s*(?:[,:–-]|\s(?=phụ trách|chịu trách nhiệm|thực hiện|tham mưu))")


# ------------------------------------------------------------------ units of text
_EXECUTES = re.compile(r"(?:chịu trách nhiệm|có trách nhiệm)\s+(?:tổ chức\s+)?thi hành|"
                       r"thi hành (?:quyết định|chỉ thị|nghị quyết) này|"
                       r"căn cứ (?:quyết định|chỉ thị)(?: này)? (?:để )?thi hành")
_CARRYING_OUT = re.compile(r"tổ chức thực hiện|điều khoản thi hành")
_RESPONSIBILITY = re.compile(r"trách nhiệm|nhiệm vụ|tổ chức thực hiện|phân công|giao nhiệm vụ")
# A chapter or division of duties (`Chương II. PHÂN CÔNG, PHÂN CẤP QUẢN LÝ ...`, `Mục 1. TRÁCH
# NHIỆM ...`): its articles, headed by whom they bind (`Điều 5. Sở Xây dựng`), hold duties.
_DUTIES = re.compile(r"trách nhiệm|nhiệm vụ|phân công")
# A coordination regulation's articles (`Điều 8. Phối hợp trong việc ...`, `Điều 14. Đối với Ban
# Tiếp công dân tỉnh`): who does what with whom, one duty per clause.
_DUTY_ARTICLE = re.compile(r"^(?:quan hệ\s+|nội dung\s+)?phối hợp\s|^đối với\s")


# An article's item on rights: `2. Quyền hạn của giảng viên:`, `Quyền lợi của học viên`.
_RIGHTS = re.compile(r"(?:các\s+)?quyền(?:\s+hạn|\s+lợi)?\s+(?:của|được)\b|quyền hạn\b|quyền lợi\b")


def _heading_kind(heading: str) -> PartKind | None:
    """What a heading's first telling word says its part holds: `NHIỆM VỤ, GIẢI PHÁP, PHÂN CÔNG
    TRÁCH NHIỆM` is a part of tasks that also says who does them, `TỔ CHỨC THỰC HIỆN` one of
    assignments. A scan misreads marks (`TÓ CHỨC THỰC HIỆN`, `ĐIÊU KHOẢN THỊ HÀNH`), so where
    no keyword matches as written, the keywords are tried again without their marks."""
    return (_first_kind(heading, _PART_KINDS)
            or _first_kind(strip_diacritics(heading), _BARE_PART_KINDS))


# `II. Đối với cán bộ coi thi (CBCT)`, `1. Đối với các sở, ngành`: the duties of whom it names
# (who acts: not `Đối với trường hợp …`, `phòng, chống …`, `viện phí`, `bà mẹ mang thai`, `cán bộ
# nghỉ hưu`).
_FOR_WHOM = re.compile(
    r"^đối với\s+(?:các\s+|mỗi\s+|từng\s+|tất cả\s+(?:các\s+)?)?(?:sở|ban|ủy ban|ubnd|"
    r"phòng(?!\s*,?\s*chống)|văn phòng|trung tâm|cơ quan|đơn vị|địa phương|doanh nghiệp|"
    r"chủ đầu tư|nhà đầu tư|hội(?! (?:trường|nghị|thảo|thi|diễn|chợ))|đoàn|công an|nhà trường|"
    r"khoa(?! học)|sinh viên|học sinh|học viên|giảng viên|giáo viên|thí sinh|công chức|viên chức|"
    r"cán bộ(?!\s+(?:nghỉ|hưu))|người đứng đầu|thủ trưởng|giám đốc|chủ tịch)(?![\w])")


def _for_whom(heading: str, meta: DocumentMeta) -> PartKind | None:
    """In a plan, a guide or a letter, a heading naming whom its items bind (`Đối với <name>`)
    holds their tasks, though it says no `nhiệm vụ`."""
    if meta.kind not in _PLANNING_KINDS:
        return None
    folded = fold(heading).strip(" .:;")
    named = folded.removeprefix("đối với").strip()
    return "task" if _FOR_WHOM.match(folded) and _a_name(named, 15) else None


def _first_kind(heading: str, kinds: list[tuple[PartKind, re.Pattern[str]]]) -> PartKind | None:
    """The kind whose keyword comes first in the heading (the list's order breaks ties)."""
    found = [(match.start(), order, kind) for order, (kind, pattern) in enumerate(kinds)
             if (match := pattern.search(heading)) is not None]
    return min(found)[2] if found else None


def _part_kind(section: Section | None, by_path: dict[str, Section], meta: DocumentMeta,
               text: str = "") -> PartKind:
    chain = []
    while section is not None:
        chain.append(section)
        section = by_path.get(section.parent) if section.parent else None
    article = next((s for s in chain if s.kind == "article"), None)
    if article is not None:  # a regulation: its articles on responsibilities hold the tasks
        if _EXECUTES.search(fold(text[article.start:min(article.end, article.start + 600)])):
            return "assignment"  # `Chánh Văn phòng ..., Giám đốc các Sở ... chịu trách nhiệm thi hành`
        heading = fold(article.heading)
        if not (_RESPONSIBILITY.search(heading[:80]) or _DUTY_ARTICLE.match(heading)
                or any(s.kind in {"chapter", "division"} and _DUTIES.search(fold(s.heading)[:80])
                       for s in chain)):
            return "none"
        if any(s.kind == "item" and _RIGHTS.match(fold(s.heading)) for s in chain):
            return "none"  # `Điều 14. Nhiệm vụ và quyền hạn …` / `2. Quyền hạn của học viên`
        chapter = next((s for s in chain if s.kind in {"chapter", "part", "part-named"}), None)
        carried_out = chapter is not None and _CARRYING_OUT.search(fold(chapter.heading)[:80])
        return "assignment" if carried_out else "task"  # `Chương III. TỔ CHỨC THỰC HIỆN`
    inner_parts = sum(s.kind in {"part", "part-named", "chapter"} for s in chain)
    deferred: PartKind | None = None  # what a lettered part over a Roman one says
    for ancestor in reversed(chain):  # outermost first
        if lettered(ancestor.kind, ancestor.marker.rstrip(".").strip()) and inner_parts > 1:
            inner_parts -= 1
            deferred = deferred or _heading_kind(fold(ancestor.heading)[:80])
            continue  # `A. BÁO CÁO KẾT QUẢ ...` over `V. NHIỆM VỤ TRỌNG TÂM`: the inner part says,
            # unless it names no kind (`A. NHIỆM VỤ` over `I. Lĩnh vực kinh tế`)
        if ancestor.kind == "item" and (len(ancestor.heading) > 80
                                        or ancestor.heading.rstrip().endswith((".", ";"))):
            continue  # an item that is a sentence, not a heading, says nothing of its part
        if ancestor.kind in {"part", "part-named", "chapter", "article", "item"}:
            kind = _heading_kind(fold(ancestor.heading)[:80]) or _for_whom(ancestor.heading, meta)
            if kind is not None:
                return "none" if ancestor.kind == "article" and kind != "assignment" else kind
            if ancestor.kind in {"part", "part-named", "chapter", "article"}:
                # `II. Các quy định` / `1. Đối với sinh viên`: the heading inside names whose
                # duties its items are
                inside = chain[:chain.index(ancestor)]
                named = any(s.kind == "item" and _for_whom(s.heading, meta) for s in inside)
                return deferred or ("task" if named else "none")
    return "task" if meta.kind in _PLANNING_KINDS else "none"


def _units(text: str, sections: list[Section], meta: DocumentMeta,
           consumed: list[tuple[int, int]]) -> Iterable[_Unit]:
    """The lines that may hold tasks, a list of offices wrapped over lines joined
    (`_joined_lists`)."""
    return _joined_lists(text, list(_line_units(text, sections, meta, consumed)))


def _joined_lists(text: str, units: list[_Unit]) -> list[_Unit]:
    """A line that only lists offices and ends with `;` or `,` (`Chánh Văn phòng UBND tỉnh;
    Giám đốc Sở Công Thương;` ⏎ `Thủ trưởng các sở, ... chịu trách nhiệm thi hành Quyết định
    này`) is the subject of the plain line after it in its section: one sentence that the
    document's line breaks cut, not a task per office."""
    joined: list[_Unit] = []
    for unit in units:
        last = joined[-1] if joined else None
        if (last is not None and not unit.item and unit.section is last.section
                and text[last.end:unit.start].strip() == "" and _only_offices(text[last.start:last.end])):
            joined[-1] = _Unit(last.start, unit.end, last.section, last.kind, last.item)
        else:
            joined.append(unit)
    return joined


def _only_offices(line: str) -> bool:
    """`Chánh Văn phòng UBND tỉnh; Giám đốc Sở Công Thương;`: names alone, the list going on."""
    stripped = line.rstrip()
    if not stripped.endswith((";", ",")):
        return False
    parts = [p.strip() for p in stripped.rstrip(";,").split(";") if p.strip()]
    return bool(parts) and all(_an_office(p) for p in parts)


def _an_office(name: str) -> bool:
    """Words that open as an office or its holder (`Chánh Văn phòng ...`, `Thủ trưởng các sở,
    ban, ngành thuộc tỉnh`) and hold no verb written in lower case: a name, not a clause."""
    folded = fold(name)
    return (bool(_OWNER_START.match(folded) or folded.startswith(("chánh ", "phó chánh ")))
            and len(name.split()) <= 20 and not any(_acting_verbs(name, folded, 0, len(folded))))


def _line_units(text: str, sections: list[Section], meta: DocumentMeta,
                consumed: list[tuple[int, int]]) -> Iterable[_Unit]:
    by_path = {s.path: s for s in sections}
    has_children = {s.parent for s in sections if s.parent}
    first = (min(s.start for s in sections) if sections
             else _after_header(text, meta))  # read the header only where nothing is numbered
    kinds: dict[str | None, PartKind] = {}  # a section's kind, read once for all its lines
    for line in lines_of(text):
        if line.start < first or line.start >= meta.body_end:
            continue
        if any(a <= line.start < b for a, b in consumed):
            continue
        section = _innermost(sections, line.start)
        path = section.path if section is not None else None
        if path not in kinds:
            kinds[path] = _part_kind(section, by_path, meta, text)
        kind = kinds[path]
        if kind == "none":
            continue
        start = line.start
        item = section is not None and section.start == line.start
        if item and section is not None:
            if section.kind in {"part", "part-named", "chapter", "division"}:
                continue
            spans_more = section.path in has_children or (
                section.end > line.end + 1 and not (_closing_summary(text, line.end + 1)
                                                    and line.text.rstrip().endswith((".", ";"))))
            if (spans_more or section.kind == "article") and _heading_only(line.text, section):
                continue  # a heading: the task's context, not a task
            start = line.start + len(section.marker) + (1 if line.text[len(section.marker):
                                                             len(section.marker) + 1] == " " else 0)
            start = _skip_spaces(text, start)
        if start < line.end and not _PARENTHETICAL.match(text[start:line.end]):
            yield _Unit(start, line.end, section, kind, item)


def _closing_summary(text: str, at: int) -> bool:
    """The body's closing paragraph starts here (`Trên đây là Kế hoạch ...`): what the last item
    holds below its line is no content of its own (`2. Trung tâm Khảo thí tổng hợp kết quả.` is
    a sentence, not a heading over the closing)."""
    return _SUMMARY_OPENING.match(fold(text[at:at + 14])) is not None


# The closing paragraph's summary sentence: `Trên đây là Kế hoạch …`, also `Trên là kế hoạch …`.
_SUMMARY_OPENING = re.compile(r"trên\s+(?:đây\s+)?là\s")


def _after_header(text: str, meta: DocumentMeta) -> int:
    """Where a document with no outline at all starts to speak (a notice or letter of plain
    paragraphs: `THÔNG BÁO` / `Về việc treo cờ Tổ quốc` / `Nhân dịp ..., UBND Thành phố đề
    nghị ...`): the first line after its header, or its end where the header takes it all."""
    lines = [line for line in lines_of(text) if line.start < meta.body_end]
    zone = header_zone(lines)
    return lines[len(zone)].start if len(zone) < len(lines) else meta.body_end


def _skip_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def _innermost(sections: list[Section], position: int) -> Section | None:
    found = None
    for section in sections:
        if section.start <= position < section.end and (found is None or section.level >= found.level):
            found = section
    return found


def _heading_only(line: str, section: Section) -> bool:
    """A heading over its items, not a sentence: short and unpunctuated at its end, or only a
    name whatever ends it (`1. UBND các xã, thị trấn.`, `2. Phòng Nông nghiệp và PTNT;`)."""
    rest = line[len(section.marker):].strip()
    return len(rest) < 160 and (not re.search(r"[.;:]\s*$", rest) or (
        section.kind in {"item", "letter"} and _a_name(rest.rstrip(" .;:"), 15)))


# ------------------------------------------------------------------ role blocks
_ROLE_LINE = re.compile(
    # a commune's units are its `bộ phận`; the unit that drafts for the committee (`tham mưu`)
    # is the one that does the work
    r"^(?:(?P<lead>(?:cơ quan|đơn vị|bộ phận)\s+(?:chủ trì|thực hiện|thực hiện chính|tham mưu)"
    r"[^:]{0,30})"
    r"|(?P<coordinate>(?:cơ quan|đơn vị|bộ phận)\s+phối hợp[^:]{0,30})"
    r"|(?P<time>thời gian(?:\s+(?:thực hiện|hoàn thành|tổ chức|triển khai))?(?:\s+dự kiến)?"
    r"|thời hạn(?:\s+hoàn thành)?|tiến độ(?:\s+thực hiện)?))\s*:"
)


def _tasks_with_role_blocks(units: Iterable[_Unit], text: str, bodies: list[BodyMention],
                            meta: DocumentMeta, by_path: dict[str, Section]) -> list[Task]:
    """`Đơn vị chủ trì: X` / `Đơn vị phối hợp: Y` / `Thời gian thực hiện: Z` lines after a run
    of tasks assign every task since the previous such block. An activity of a plan written as
    its title over field lines (`1. Lễ khai mạc` / `- Thời gian: ...` / `- Địa điểm: ...` /
    `- Đơn vị chủ trì: X`) is one task, its title: the field lines are none."""
    tasks: list[Task] = []
    pending: list[int] = []  # indexes of tasks the next block applies to
    ahead: list[tuple[re.Match[str], _Unit]] = []  # a block before any task of its item
    in_block = False
    item: str | None = None  # the numbered item the pending tasks belong to
    blocks: dict[str, tuple[_Unit, list[tuple[re.Match[str], _Unit]]]] = {}  # item's first block
    with_tasks: set[str | None] = set()  # items that have tasks of their own
    for unit in units:
        folded_unit = fold(text[unit.start:unit.end])
        match = _ROLE_LINE.match(folded_unit)
        unit_item = _item_path(unit.section)
        if match is None and _FIELD_LINE.match(folded_unit):
            continue  # `Địa điểm: ...`: a field of an activity, never a task
        if match is None:
            if unit_item != item:
                ahead = []
            if in_block or unit_item != item:
                pending, in_block = [], False
            item = unit_item
            created = [_applied(task, ahead, text, bodies)
                       for task in _unit_tasks(unit, text, bodies, meta)]
            pending += range(len(tasks), len(tasks) + len(created))
            tasks += created
            if created:
                with_tasks.add(unit_item)
            continue
        if not pending or unit_item != item:  # `1. <heading>` `- Cơ quan chủ trì: X` `a) ...`
            ahead = (ahead if unit_item == item else []) + _labelled_parts(match, unit, text)
            pending, in_block, item = [], False, unit_item
            if unit_item is not None:
                blocks[unit_item] = (blocks.get(unit_item, (unit, []))[0], list(ahead))
            continue
        in_block = True
        for label, part in _labelled_parts(match, unit, text):
            for index in pending:
                tasks[index] = _apply_role_line(tasks[index], label, part, text, bodies)
    return tasks + _titled_activities(blocks, with_tasks, text, bodies, meta, by_path)


_DOER_LONGEST = 300  # the doer's line is a line, not another paragraph of work


def _titles_with_their_doers(tasks: list[Task], text: str, bodies: list[BodyMention],
                             by_path: dict[str, Section]) -> list[Task]:
    """An item that names a product or an event rather than an action (`- Nghị quyết về nâng
    cao chất lượng giáo dục ... giai đoạn 2026 – 2030.`) over a line that names who does it and
    when (`Đảng uỷ UBND xã tham mưu, trình trong tháng 12/2025.`) is one task: the title's, with
    the line's roles and time, as a work programme's rows are."""
    merged: list[Task] = []
    for task in tasks:
        title = merged[-1] if merged else None
        if title is not None and _doer_line(title, task, text, bodies, by_path):
            merged[-1] = replace(task, start=title.start, text=text[title.start:task.end],
                                 section=title.section, kind=title.kind,
                                 verbs=title.verbs + task.verbs,
                                 stated_times=task.stated_times + title.stated_times)
            continue
        merged.append(task)
    return merged


def _doer_line(title: Task, task: Task, text: str, bodies: list[BodyMention],
               by_path: dict[str, Section]) -> bool:
    """`task` is the line under the item `title` that only says who does it (and when). Under
    an item that acts (`Tổng kết công tác kiểm tra ... nhiệm kỳ 2025 - 2030.`) only a sentence
    with no work of its own does (`Uỷ ban Kiểm tra Đảng uỷ tham mưu, trình.`): it opens with no
    action, so it goes on with the task before it (ANNOTATION.md, task rule 1)."""
    between = text[title.end:task.start]
    item = by_path.get(title.section or "")
    bullet = by_path.get(task.section or "")  # `- Các cơ quan ... phối hợp tham mưu.` under it
    in_bullet = bullet is not None and bullet.parent == title.section and bullet.kind == "bullet"
    if bullet is not None and in_bullet:
        between = text[title.end:bullet.start]
        if between.strip(" \n"):
            return False
    elif task.section != title.section:
        return False
    if (item is None or between.strip()
            or between.count("\n") > 1 or task.end - task.start > _DOER_LONGEST
            or title.start > item.heading_end or any(not f.inherited for f in title.lead)
            or title.text.rstrip().endswith((";", ",")) or not _acts(task, text, bodies)):
        return False  # a list goes on, or a line that does nothing (a page's running head)
    named = [f for f in task.lead if not f.inherited]
    first = next((b for b in bodies if task.start <= b.start < task.end), None)
    if not named or first is None or first.start != task.start:
        return False
    acts = _acts(title, text, bodies)
    if (in_bullet or acts) and not _only_roles(text, task, bodies):
        return False
    return acts or between.count("\n") == 1


# What a doer's sentence says besides its bodies when it says no work of its own: who leads,
# who joins, who advises or submits, and when (`chủ trì, phối hợp tham mưu, trình trong Quý
# I/2026`).
_ROLE_WORDS = re.compile(r"(?:[\s,;]+|(?:và|cùng|với|chủ trì|phối hợp|tham mưu|trình|"
                         r"(?:tổ chức |triển khai )?thực hiện|(?:các )?(?:cơ quan|đơn vị)"
                         r"(?: có)? liên quan)(?![\w]))*")
# The time the doer's sentence ends with: `trong Quý I/2026`, `trước ngày 30/6/2026`, `trong quý
# I và quý II/2030`, and nothing after it (`trong năm 2026 xây dựng 3 đề án` does work).
_WHEN = r"(?:(?:ngày|tháng|quý|năm)\s+)?[\divx][\divx/.\s–-]*"
_ROLE_TIME = re.compile(rf"\(?\s*(?:hoàn thành\s+)?(?:trong|trước|vào|từ|đến|chậm nhất)\s+{_WHEN}"
                        rf"(?:(?:và|đến|-|–)\s*{_WHEN})*\)?")


def _only_roles(text: str, task: Task, bodies: list[BodyMention]) -> bool:
    """The sentence names bodies, their roles and a time, and no work of its own."""
    folded = _folded(text)
    inside = [b for b in bodies if task.start <= b.start and b.end <= task.end]
    rest, at = [], task.start
    for body in inside:
        rest.append(folded[at:body.start])
        at = max(at, body.end)
    rest.append(folded[at:task.end])
    words = " ".join(" ".join(rest).split()).rstrip(" .;")
    roles = _ROLE_WORDS.match(words)
    tail = words[roles.end():] if roles else words
    return bool(roles and roles.end()) and (not tail or _ROLE_TIME.fullmatch(tail) is not None)


def _titled_activities(blocks: dict[str, tuple[_Unit, list[tuple[re.Match[str], _Unit]]]],
                       with_tasks: set[str | None], text: str, bodies: list[BodyMention],
                       meta: DocumentMeta, by_path: dict[str, Section]) -> list[Task]:
    """An item with a lead block and no task of its own is an activity: the item is the task
    (its title and the field lines that describe it, as a task block `a) Nhiệm vụ ... b) Cơ
    quan thực hiện ... c) Thời gian ...` is one task), and the block (lead, partners, time)
    gives its roles; the title alone names the work."""
    found = []
    for item, (first, block) in blocks.items():
        if item in with_tasks or not any(label.group("lead") for label, _ in block):
            continue
        section = by_path.get(item)
        title = _activity_title(section, first, text)
        if title is not None and section is not None:
            task = _applied(_make_task(text, title[0], title[1], section, "task", bodies, meta),
                            block, text, bodies)
            end = title[0] + len(text[title[0]:section.end].rstrip())
            found.append(replace(task, end=end, text=text[task.start:end]))
    return found


# A field of an activity, not a task: `Địa điểm: ...`, `Quy mô: ...`, `Kinh phí: ...`.
_FIELD_LINE = re.compile(r"^(?:địa điểm|quy mô|thành phần(?: tham (?:dự|gia))?|hình thức|kinh phí|"
                         r"nguồn kinh phí|đối tượng|số lượng)[^:]{0,20}:")
_TITLE_LONGEST = 160  # a title is a line, not a paragraph


def _activity_title(section: Section | None, unit: _Unit, text: str) -> tuple[int, int] | None:
    """The span of a numbered item's title line (after its marker) where the item is an
    activity described by field lines below it; None where it has no such title."""
    if section is None or section.start >= unit.start:
        return None
    start = _skip_spaces(text, section.start + len(section.marker))
    end = section.heading_end
    title = text[start:end].strip()
    if (not title or len(title) > _TITLE_LONGEST or title.endswith(":")
            or title.count("\n") > 1):  # a title wraps once at most (`... Festival Thăng Long\nHà Nội`)
        return None
    return start, start + len(text[start:end].rstrip())


def _applied(task: Task, block: list[tuple[re.Match[str], _Unit]], text: str,
             bodies: list[BodyMention]) -> Task:
    """A task under a role block that came before it, given the block's roles as a block after
    it gives them (the lead it names itself kept first)."""
    for label, part in block:
        task = _apply_role_line(task, label, part, text, bodies)
    return task


# A role label inside a line: `Đơn vị chủ trì: X; Đơn vị phối hợp: Y.` holds two.
_NEXT_LABEL = re.compile(r"[;.]\s*(?=(?:cơ quan|đơn vị)\s+(?:chủ trì|thực hiện|phối hợp)[^:]{0,30}:|"
                         r"thời gian[^:]{0,25}:|thời hạn[^:]{0,20}:)")


def _labelled_parts(first: re.Match[str], unit: _Unit, text: str
                    ) -> list[tuple[re.Match[str], _Unit]]:
    """The labelled parts of a role line, each with its label's match and its own span."""
    folded = fold(text[unit.start:unit.end])
    cuts = [m.end() for m in _NEXT_LABEL.finditer(folded, first.end())]
    parts = []
    starts = [0, *cuts]
    for index, start in enumerate(starts):
        end = cuts[index] if index < len(cuts) else len(folded)
        label = first if index == 0 else _ROLE_LINE.match(folded[start:end])
        if label is not None:
            parts.append((label, _Unit(unit.start + start, unit.start + end, unit.section,
                                       unit.kind)))
    return parts


def _item_path(section: Section | None) -> str | None:
    """The numbered item a unit belongs to: its section path without bullets and letters (a
    block after `a)` and `b)` closes item `1.`, whose letters it follows)."""
    if section is None:
        return None
    return ".".join(part for part in section.path.split(".")
                    if not part.startswith("-") and not _LETTER_PART.fullmatch(part))


_LETTER_PART = re.compile(r"[a-zđ](?:~\d+)?")


# A person as a table cell lists them: two to five syllables, each capitalised (`Vũ Việt Linh`).
def _a_person(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words)


def _names(value: str) -> list[RoleFiller]:
    """Bodies the gazetteer lacks, as written: `Phòng Quản lý Năng lượng, Văn phòng Sở` is two
    when every part is a name; a phrase such as `các sở, ngành liên quan` stays whole. A cell
    with a name on each line (`Người thực hiện`: `Đỗ Mạnh Cường` / `Vũ Việt Linh`) is one filler
    a line; a name the cell wraps (`Sở Công` / `Thương`) is not cut."""
    lines = [line.strip(" ,;") for line in value.splitlines() if line.strip(" ,;")]
    if len(lines) > 1 and all(_a_person(line) or (_OWNER_START.match(fold(line))
                                                  and len(line.split()) >= 2)
                              for line in lines):
        return [filler for line in lines for filler in _names(line)]
    value = " ".join(value.split())  # a name the cell wraps, on one line
    parts = [p.strip() for p in re.split(r",|;|\s+và\s+", value) if p.strip()]
    if len(parts) > 1 and all(_OWNER_START.match(fold(p)) and not fold(p).startswith("các ")
                              for p in parts):
        return [RoleFiller(None, p) for p in parts]
    groups = [g.strip() for g in _NEXT_GROUP.split(value) if g.strip()]
    if len(groups) > 1 and fold(value).startswith("các ") and "liên quan" not in fold(value):
        return [RoleFiller(None, g) for g in groups]  # `Các Đại sứ quán, các tỉnh, thành phố`
    return [RoleFiller(None, value)]


# In a list that opens with a group, a new `các` after a comma or `và` opens another group:
# `Các Đại sứ quán, các tỉnh, thành phố` names two (the embassies; the provinces and cities);
# `Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng` is one name.
_NEXT_GROUP = re.compile(r"(?:,|;|\s+và)\s+(?=các\s)")


def _apply_role_line(task: Task, match: re.Match[str], unit: _Unit, text: str,
                     bodies: list[BodyMention]) -> Task:
    value_start = unit.start + match.end()
    value = text[value_start:unit.end].strip(" *:")
    if match.group("time"):
        return replace(task, stated_times=(StatedTime(value, cell=True), *task.stated_times))
    found = [_filler(b) for b in bodies if value_start <= b.start and b.end <= unit.end]
    if not found and value:
        found = _names(value.rstrip(".; "))
    if match.group("lead"):
        explicit = [f for f in task.lead if not f.inherited]
        return replace(task, lead=tuple(explicit + [f for f in found if f not in explicit]))
    extra = [f for f in found if f not in task.coordinate]
    return replace(task, coordinate=task.coordinate + tuple(extra))


# ------------------------------------------------------------------ tasks from units
def _unit_tasks(unit: _Unit, text: str, bodies: list[BodyMention], meta: DocumentMeta
                ) -> list[Task]:
    """The tasks of one line. A plain paragraph that opens with the situation rather than an
    action or a body starts no task until its first action (measured: kept over a version
    limited to a part's opening paragraphs, which found more tasks on one held-out source and
    fewer roles and deadlines on three)."""
    if unit.kind == "none" or _not_a_task(text[unit.start:unit.end]):
        return []
    if not unit.item and _GROUNDS.match(fold(text[unit.start:unit.end])):
        return []
    start = unit.start
    if not unit.item and _SUMMARY_OPENING.match(fold(text[start:start + 14])):
        start = _after_summary(text, start, unit.end)
        if start >= unit.end:
            return []
    duties = _holders_duties(text, start, unit.end) if unit.kind == "assignment" else None
    if duties is not None:
        return _duty_tasks(text, duties, unit, bodies, meta)
    if unit.kind in {"assignment", "goal"}:
        spans = [(start, unit.end)]
    else:
        spans = _split_verb_led(text, start, unit.end)
        if not unit.item and spans and _context(text[spans[0][0]:spans[0][1]]):
            spans = _split_verb_led(text, _first_task_sentence(text, spans[0]), unit.end)
    tasks = [_make_task(text, start, end, unit.section, unit.kind, bodies, meta)
             for start, end in spans]
    return _continued(tasks)


# A member of a team named with the duties given to them, one after another behind `;`: `4.1.
# Ông. Hoàng Văn A - Trưởng đoàn: Phụ trách chung; chỉ đạo toàn diện …; ký các văn bản …` (a
# body's duties behind its name, `Phòng Quản lý Năng lượng: Chủ trì …; phát triển …`, are one
# task, as annotators read them).
_HOLDER_LABEL = re.compile(r"([^:;\n]{3,80}?)\s*:\s+(?=\S)")
_PERSON_ADDRESSED = re.compile(_ADDRESS_WORDS + r"(?![\w])")


def _holders_duties(text: str, start: int, end: int
                    ) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """The span of the member's label and the spans of their duties, where a line names a person
    before a colon and then a verb-led duty, and maybe more behind `;`; else None."""
    label = _HOLDER_LABEL.match(text, start, end)
    if label is None or not _PERSON_ADDRESSED.match(fold(label.group(1))):
        return None
    duties: list[list[int]] = []
    for s, e in _sentence_spans(text, label.end(), end):
        if not duties or is_verb_led(text[s:e]):
            duties.append([s, e])
        else:
            duties[-1][1] = e
    if not duties or not is_verb_led(text[duties[0][0]:duties[0][1]]):
        return None
    return label.span(1), [(s, e) for s, e in duties]


def _duty_tasks(text: str, duties: tuple[tuple[int, int], list[tuple[int, int]]], unit: _Unit,
                bodies: list[BodyMention], meta: DocumentMeta) -> list[Task]:
    """A task per duty (of an assignment part), each led by the member the label names."""
    (label_start, label_end), spans = duties
    # the member as written, not the body their title names (`…, Giám đốc Sở Nội vụ - Phó
    # Trưởng Ban thường trực:` is the member's duty)
    lead = (RoleFiller(None, text[label_start:label_end].strip(), inherited=False),)
    return [replace(_make_task(text, s, e, unit.section, "assignment", bodies, meta), lead=lead)
            for s, e in spans]


def _after_summary(text: str, start: int, end: int) -> int:
    """Where the closing paragraph's work starts after its summary sentence (`Trên đây là Kế
    hoạch ... . Yêu cầu các phòng, đơn vị ... triển khai thực hiện; ...`): the next sentence."""
    summary = _SENTENCE.match(text, start, end)
    after = summary.end() if summary is not None else end
    if not any(c.isalnum() for c in text[after:end]):
        return end  # only the closing marks left (`… của nhà trường./.`)
    return _skip_spaces(text, after) if after < end else end


# A plain paragraph that gives the grounds asks for nothing: what a cited rule provides (`Tại
# điểm a khoản 2 Điều 3 Thông tư ... quy định ...`), that a letter came in (`Ủy ban nhân dân tỉnh
# nhận được Công văn số ...`; not `sau khi nhận được hồ sơ, ...`), or a letter's closing formula
# (`Cục Thuế thông báo để các Thuế tỉnh, thành phố biết và thực hiện./.`).
_GROUNDS = re.compile(r"(?:tại|theo)\s+(?:điểm|khoản|điều|mục|chương|phụ lục)\s"
                      r"|[^.;:]{0,120}?(?<!khi)\s(?:đã\s+)?nhận được\s"
                      r"|[^.;:]{0,80}?\sthông báo để\s[^.;:]{0,80}\sbiết(?:\s|,|\.|$)")


def _continued(tasks: list[Task]) -> list[Task]:
    """Sentences of one paragraph: one that names no one (`Hoàn thành và báo cáo UBND tỉnh trước
    ngày 20/02/2025.`) goes on with the subject of the sentence before (`Giao Sở Tài chính chủ
    trì, ...`), not with whoever the document's items fall to. The paragraph names that subject,
    so it is not marked inherited: a heading above the paragraph does not replace it."""
    for index in range(1, len(tasks)):
        before, task = tasks[index - 1], tasks[index]
        named_before = [f for f in before.lead if not f.inherited]
        if named_before and all(f.inherited for f in task.lead):
            tasks[index] = replace(task, lead=tuple(named_before))  # the paragraph names them
    return tasks


def _context(task_text: str) -> bool:
    """A plain paragraph that opens with neither an action nor a body (`Theo báo cáo của Bộ Xây
    dựng, ...`, `Đây là sự kiện chính trị quan trọng ...`) tells the situation, not a task."""
    opening = task_text.strip()
    folded = fold(opening)
    if _WHY_IT_MATTERS.match(folded):
        return True  # `Phát triển các cụm công nghiệp là nhiệm vụ quan trọng.`
    if _asking_body(opening) or (_FRONTED.match(folded) and _fronted_request(opening)):
        return False  # `Căn cứ khoản 10 Điều 49 Nghị định ..., Bộ Nội vụ đề nghị UBND tỉnh ...`
    return not is_verb_led(opening) and not _OWNER_START.match(folded) and not re.match(
        r"(?:đề nghị|yêu cầu|giao|định kỳ|hằng|hàng|trước|chậm nhất|khẩn trương|trường hợp)",
        folded)


# A ministry or the Government speaking in its own letter (`Bộ Nội vụ đề nghị ...`), by its
# capital: `Bộ máy`, `Bộ tiêu chí` open no subject.
_CENTRAL_START = re.compile(r"(?:Bộ|BỘ)\s+(\w)|Thủ tướng|Chính phủ|Văn phòng Chính phủ")


def _asking_body(sentence: str) -> bool:
    """A sentence that opens with a body that asks, assigns or takes charge."""
    folded = fold(sentence)
    central = _CENTRAL_START.match(sentence)
    if central and central.group(1) and not central.group(1).isupper():
        central = None
    return bool((_OWNER_START.match(folded) or central) and _DIRECTS.search(folded, 0, 160))


def _fronted_request(opening: str) -> bool:
    """After a clause set before it (the grounds, a condition), a body that asks or assigns:
    some comma within reach is followed by such a body."""
    comma = opening.find(",")
    while 0 <= comma < _FRONTED_REACH + 100:
        if _asking_body(opening[comma + 1:].lstrip()):
            return True
        comma = opening.find(",", comma + 1)
    return False


# A sentence that says what matters, not who must do it (`X là nhiệm vụ quan trọng`); `xác định
# X là nhiệm vụ trọng tâm` asks for something.
_WHY_IT_MATTERS = re.compile(
    r"(?!(?:tiếp tục\s+)?(?:xác định|coi|đặt)\s)[^.;:]{3,120}?\slà\s+(?:một\s+)?(?:nhiệm vụ|"
    r"giải pháp|khâu|yêu cầu)\s+(?:quan trọng|trọng tâm|then chốt|hàng đầu|cấp bách|"
    r"thường xuyên)[^.;:]{0,80}(?:[.;]|$)")


def _first_task_sentence(text: str, span: tuple[int, int]) -> int:
    """Where the first sentence of a span that opens with an action, or with a body that asks,
    assigns or takes charge (`Nhân dịp Đại hội ... . Ủy ban nhân dân Thành phố đề nghị ...`),
    starts; the span's end when none does."""
    for match in _SENTENCE.finditer(text, span[0], span[1]):
        sentence = match.group(0)
        start = match.start() + len(sentence) - len(sentence.lstrip())
        folded = fold(sentence.strip())
        if sentence.strip() and not _WHY_IT_MATTERS.match(folded) and (
                is_verb_led(sentence) or _asking_body(sentence.strip())):
            return start
    return span[1]


# What a body's sentence does when it sets work: asks, assigns, leads or answers for it.
# `giao` that assigns, not `giao thông`, `giao lưu`, `giao dịch`, `giao ban`, ...
_ASSIGNS = r"giao(?![\w])(?!\s+(?:thông|lưu|dịch|ban|tiếp|nhận)(?![\w]))"
_DIRECTS = re.compile(rf"(?<![\w])(?:đề nghị|yêu cầu|{_ASSIGNS}|chủ trì|có trách nhiệm|"
                      r"chịu trách nhiệm)(?![\w])")


def _not_a_task(line: str) -> bool:
    """A marker left alone on its line (`IV.`, `1.`), or a lead-in or label ended by a colon
    (`Sở Công Thương:`, `Chỉ đạo ... thực hiện các nội dung sau:`): the items below are the
    tasks."""
    stripped = line.strip(" *")
    folded = fold(stripped)
    return (_no_sentence(stripped) or stripped.endswith(":")
            or bool(_OUTCOME_LABEL.match(folded)) or bool(_CITATION_ITEM.match(folded))
            or bool(_FIELD_LABEL.match(folded)) or _no_work(stripped, folded)
            or folded.startswith(("xét đề nghị", "xét tờ trình"))  # the preamble's last line
            or _page_header(stripped, folded))


# A field of an event's or an award's description, not work to do: `Lãnh đạo phụ trách: Phó giám
# đốc ...`, `Danh nghĩa tổ chức: Thành ủy, ...`, `Địa điểm: ...`, `Tập thể: - Các cơ quan ...`.
_FIELD_LABEL = re.compile(r"^(?:lãnh đạo phụ trách|danh nghĩa tổ chức|địa điểm(?:\s+\w+){0,2}|"
                          r"thành phần(?:\s+\w+){0,3}|đối tượng(?:\s+\w+){0,2}|tập thể|cá nhân|"
                          r"quy mô|khách mời)\s*:")


# What a text says of itself or of how things stand, not work to do: `Thông báo này có hiệu lực từ
# ngày ký ...`, `Nhận thức của một bộ phận nhân dân còn hạn chế ...`, `Một số cơ quan chức năng
# chưa phát huy tốt vai trò ...` (every gold task with these words is verb-led, and these lines
# ask nothing of anyone).
_IN_FORCE = re.compile(r"^(?:quyết định|thông báo|kế hoạch|quy chế|quy định|chỉ thị|văn bản|"
                       r"công văn|hướng dẫn) này có hiệu lực")
_STANDING = re.compile(r"còn hạn chế|còn chậm|còn yếu|chưa đáp ứng|chưa phát huy")
_ASKS = re.compile(r"(?<![\w])(?:đề nghị|yêu cầu|giao|cần|phải|chỉ đạo)(?![\w])")


def _no_work(line: str, folded: str) -> bool:
    """The text in force from a day (its opening word is no verb here), or a finding that asks
    nothing and opens with no verb."""
    return _IN_FORCE.match(folded) is not None or (
        _STANDING.search(folded) is not None and _ASKS.search(folded) is None
        and not is_verb_led(line))


def _no_sentence(line: str) -> bool:
    """Too few letters to say anything (`./. L]`, a marker alone), letters all in capitals (a
    title, an issuer's name over a signature: `ĐẢNG UỶ XÃ CÔNG HẢI`, `PHÂN CÔNG NHIỆM VỤ CỦA TỔ
    CÔNG TÁC ...`; no task of the gold is written so), or the header's number line (`Số:
    /KH-UBND`)."""
    letters = [c for c in line if c.isalpha()]
    return (len(letters) < 4 or (len(letters) > 5 and all(c.isupper() for c in letters))
            or _NUMBER_LINE.match(line) is not None)


_NUMBER_LINE = re.compile(r"^số\s*:", re.IGNORECASE)


# A page's header block a PDF repeats inside the text (`ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA
# VIỆT NAM`): the country's name in capitals, as the motto block writes it, is in no task (in a
# sentence it is written `nước Cộng hòa xã hội chủ nghĩa Việt Nam`)
_MOTTO = "cộng hòa xã hội chủ nghĩa việt nam"


def _page_header(line: str, folded: str) -> bool:
    """The line holds the country's name in capitals: a header block, not a sentence."""
    at = folded.find(_MOTTO)
    return at >= 0 and len(folded) == len(line) and line[at:at + len(_MOTTO)].isupper()


# An item that is only a document cited, its number and day first (`- Nghị định số 25/2026/NĐ-CP
# ngày 17 tháng 01 năm 2026 của Chính phủ quy định ...`): one of the documents a heading above
# lists (`Tuyên truyền các văn bản sau:`), whose title's verbs are no work to do.
_CITATION_ITEM = re.compile(r"(?:nghị quyết|quyết định|nghị định|chỉ thị|thông tư|kế hoạch|luật|"
                            r"công văn|kết luận|thông báo|hướng dẫn)\s+(?:số\s*)?\d[\w./-]*"
                            r"\s+ngày\s+\d")


# What a task is to achieve, not a task: `Kết quả: ...`, `Chỉ tiêu: ...`, `Sản phẩm: ...`; nor
# where its money comes from (`Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ...`).
_OUTCOME_LABEL = re.compile(r"^(?:kết quả|chỉ tiêu|sản phẩm|yêu cầu đạt được)(?:\s+\S+){0,3}\s*:"
                            r"|^(?:nguồn\s+)?kinh phí\s[^.;:]{0,120}?\sđược\s")


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences (and `;` clauses) of `text[start:end]`, spaces trimmed, empty ones left out."""
    for match in _SENTENCE.finditer(text, start, end):
        sentence = match.group(0)
        if sentence.strip():
            yield (match.start() + len(sentence) - len(sentence.lstrip()),
                   match.end() - (len(sentence) - len(sentence.rstrip())))


def _split_verb_led(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One task per verb-led sentence; other sentences continue the task before."""
    spans: list[list[int]] = []
    for s, e in _sentence_spans(text, start, end):
        if not spans or (is_verb_led(text[s:e]) and _long_enough(text, spans[-1], s, e)
                         and not _only_its_time(text[s:e]) and not _quoted(text, start, s)):
            spans.append([s, e])
        else:
            spans[-1][1] = e
    return [(s, e) for s, e in spans]


# `Hoàn thành trước ngày 20/12/2025.` after a task: the task's time, not a task of its own.
_ONLY_TIME = re.compile(r"hoàn thành\s+(?:trước|trong|chậm nhất|vào|xong|đúng)[^.;]{0,40}\d"
                        r"[^.;]{0,12}[.;]?")


def _only_its_time(sentence: str) -> bool:
    """The sentence says only when the work before it is done, so it belongs to that task."""
    return _ONLY_TIME.fullmatch(fold(sentence.strip())) is not None


def _quoted(text: str, start: int, at: int) -> bool:
    """`at` is inside a quotation opened since `start` (`phong trào “Đẩy mạnh ...; thực hành
    tiết kiệm, chống lãng phí”`): a title's own semicolon starts no task."""
    return text.count("“", start, at) > text.count("”", start, at)


def _long_enough(text: str, previous: list[int], start: int, end: int) -> bool:
    """After `;` a new task needs a clause of its own (`đào tạo, đào tạo lại;` in a list of
    objects is not one): at least six words on both sides."""
    if text[start - 2:start].strip() != ";" and _last_visible_before(text, start) != ";":
        return True
    return len(text[start:end].split()) >= 6 and len(text[previous[0]:previous[1]].split()) >= 6


def _last_visible_before(text: str, position: int) -> str:
    """The last non-space character before `position` ('' if none): `text[:position].rstrip()[-1:]`
    without copying the text before it."""
    position -= 1
    while position >= 0 and text[position].isspace():
        position -= 1
    return text[position] if position >= 0 else ""


# A rule's prohibition opens a duty as a verb does: `Cấm …`, `Nghiêm cấm …`, `Không (được) <verb>`.
_PROHIBITION = re.compile(r"^(?:((?:nghiêm\s+)?cấm)(?!\s+vận)|không(?:\s+(?:được|nên))?)\s+")


def is_verb_led(sentence: str) -> bool:
    """Does the sentence start with an action verb? The lexicon first; underthesea's POS
    tagger only for a capitalised start the lexicon does not know."""
    folded = fold(sentence.strip())
    if _VERB_AT_START.match(folded):
        return True
    first = sentence.strip()[:1]
    ban = _PROHIBITION.match(folded)
    if ban is not None and first.isupper():
        # a duty not to act opening an item: `Cấm điều trị lợn bệnh`, `Không tổ chức họp trùng`
        # (in lower case it goes on the sentence before it: `…; không gửi kèm bản giấy`); after
        # `Không` only a verb the lexicon knows (`Không hạn chế số lượng quà` allows, not bans)
        return ban.group(1) is not None or _VERB_AT_START.match(folded[ban.end():]) is not None
    if not first.isupper():
        return False
    return _pos_says_verb(" ".join(sentence.split()[:6]))


def _pos_says_verb(opening: str) -> bool:
    """underthesea's answer, through the tagger `extract_tasks` was given (the stage's
    functions are many levels deep; the tagger is set for the call, not a module global)."""
    return _OPENINGS.get().says_verb(opening)


_IN_MEMORY = OpeningTagger()
_OPENINGS: ContextVar[OpeningTagger] = ContextVar("openings", default=_IN_MEMORY)


def _verbs(sentence: str) -> tuple[str, ...]:
    folded = fold(sentence)
    match = _VERB_AT_START.match(folded)
    if match is None:
        return ()
    verbs = [sentence[match.start(1):match.end(1)]]
    position = match.end(1)
    while True:
        more = _VERB_RUN.match(folded, position)
        if more is None:
            break
        verbs.append(sentence[more.start(1):more.end(1)])
        position = more.end(1)
    return tuple(verbs)


def _make_task(text: str, start: int, end: int, section: Section | None, kind: TaskKind,
               bodies: list[BodyMention], meta: DocumentMeta) -> Task:
    inside = [b for b in bodies if start <= b.start and b.end <= end]
    lead, coordinate, report_to, via = _roles(text, start, end, inside, kind)
    executors = _executors(text, start, end, inside) if kind == "assignment" else []
    lead = executors or lead
    if not lead:
        lead = _inherited_lead(meta, bodies)
    body = text[start:end]
    return Task(
        id="", section=section.path if section else None, text=body, start=start, end=end,
        kind="reporting" if kind == "task" and _only_reporting(body) else kind,
        verbs=_verbs(body), lead=tuple(lead), coordinate=tuple(coordinate),
        report_to=tuple(report_to), via=tuple(via), stated_times=(StatedTime(body),),
    )


# the titles of those who head a body, named before it (`Giám đốc Sở Tài chính`, `Thủ trưởng các sở`)
_HEAD_TITLES = r"giám đốc|thủ trưởng|chủ tịch|trưởng|chánh|bí thư|tổng giám đốc|cục trưởng"
# an office holder named before the body they head: `Giám đốc Sở Tài chính` is the Sở's duty
_TITLE = rf"(?:phó\s+)?(?:{_HEAD_TITLES}|chánh văn phòng|trưởng ban|chi cục trưởng|trưởng các)"
_HOLDER_TITLE = re.compile(rf"^(?:{_TITLE}\s*)?$")
# what may follow a body's name in the list and still be that body (`các sở, ban, ngành thuộc tỉnh`)
_BODY_TAIL = re.compile(r"^(?:\s*,\s*(?:đơn vị|cơ quan|ngành|đoàn thể))*"
                        r"(?:\s*(?:thuộc|trực thuộc|trên địa bàn|cấp|có)?\s*(?:tỉnh|thành phố|"
                        r"xã|phường|liên quan|ủy ban nhân dân tỉnh|ubnd tỉnh)\b)*\s*$")
# where the next office of the list opens: its title, a body, or the people named in an article
_NEXT_ITEM = re.compile(rf"(?:{_TITLE}|các ông|các cơ quan|các đơn vị|cá nhân)(?![\w])")
_LIST_CUT = re.compile(r"\s*;\s*|\s*,\s*|\s+và\s+")
_ADDRESS = re.compile(r"^(?:các\s+)?ông\s*(?:\(bà\)|/\s*bà|,\s*bà)\s+(?!có tên)", re.I)


def _executors(text: str, start: int, end: int, inside: list[BodyMention]) -> list[RoleFiller]:
    """`Chánh Văn phòng ..., Giám đốc Sở Tài chính; Thủ trưởng các sở, ban, ngành ... và các ông
    (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này`: each office or person the
    execution clause lists leads, a body by its id where the words are only its head's title
    and its name, any other by its words (`Trưởng phòng Quản lý công nghiệp - Sở Công Thương`)."""
    folded = _folded(text)
    executes = _EXECUTES.search(folded, start, end)
    if executes is None or executes.start() - start > _FRONTED_REACH * 3:
        return []
    subject_end = executes.start()
    mentions = [b for b in inside if b.end <= subject_end]
    fillers: list[RoleFiller] = []
    for part_start, part_end in _list_items(text, folded, start, subject_end, mentions):
        headed = _HEADED_LIST.match(folded, part_start, part_end)
        if headed and not (_HOLDER_TITLE.match(folded[part_start:headed.start(1)].strip())):
            headed = None
        part_start = headed.end() if headed else part_start  # `Trưởng các phòng: ` ... `Kinh tế`
        named = [b for b in mentions if part_start <= b.start and b.end <= part_end]
        if named and _HOLDER_TITLE.match(folded[part_start:named[0].start].strip()) and (
                _BODY_TAIL.match(folded[named[-1].end:part_end])):
            fillers += [_filler(b) for b in named]
        elif len(text[part_start:part_end].split()) <= 15:
            fillers.append(RoleFiller(None, _ADDRESS.sub("", text[part_start:part_end])))
    return fillers


def _list_items(text: str, folded: str, start: int, end: int, mentions: list[BodyMention]
                ) -> list[tuple[int, int]]:
    """The offices a list names between `start` and `end`: cut at `;`, and at `,` or `và` where
    an office's title, a body or the people of an article come next, never inside a body's name
    (`Sở Văn hóa, Thể thao và Du lịch`, `các xã, phường, đặc khu`)."""
    spans: list[tuple[int, int]] = []
    at = start
    listed = [(head.end(), _list_stop(folded, head.end(), end))
              for head in _HEADED_LIST.finditer(folded, start, end)]
    for cut in _LIST_CUT.finditer(folded, start, end):
        if any(b.start < cut.end() and cut.start() < b.end for b in mentions):
            continue
        opens = (any(b.start == cut.end() for b in mentions) or _NEXT_ITEM.match(folded, cut.end())
                 or any(a <= cut.start() < b for a, b in listed))  # `các Sở: Nội vụ, Tài chính`
        if ";" in cut.group(0) or opens:
            spans.append((at, cut.start()))
            at = cut.end()
    spans.append((at, end))
    return [(a, a + len(text[a:b].rstrip())) for a, b in ((_skip_spaces(text, a), b) for a, b in spans)
            if text[a:b].strip(" -–")]


def _list_stop(folded: str, start: int, end: int) -> int:
    """Where a `các Sở:` list ends: at the next `;` or the clause's end."""
    stop = folded.find(";", start, end)
    return end if stop < 0 else stop


# `Giám đốc các Sở, ngành: Nội vụ, Tài chính`, `Trưởng các phòng: Kinh tế, Văn hóa - Xã hội`:
# one title, then the units it heads, each an office of the list
_HEADED_LIST = re.compile(r"[^;]*?(?<![\w])(các\s+(?:sở|bộ|phòng)(?:\s*,\s*(?:ban|ngành|cơ quan))*)"
                          r"\s*:\s*")


def _only_reporting(body: str) -> bool:
    return bool(re.match(r"^(?:định kỳ[^.]*)?báo cáo", fold(body)))


def _unknown_partner(text: str, start: int, end: int) -> list[BodyMention]:
    """`phối hợp với phòng Văn hóa ...`, `... với đồng chí Lô Xuân Du ...`: a partner the gazetteer
    does not know, named by words a body's or an office holder's name starts with."""
    named = text[start:end].strip(" ,:")
    matter = _MATTER.search(fold(named))  # `... đồng chí Lô Xuân Du đối với các nội dung ...`
    named = named[:matter.start()].strip(" ,:") if matter else named
    while named.endswith(")") and named.count(")") > named.count("("):
        named = named[:-1].rstrip(" ,:")  # `(phối hợp với đ/c Trương Đình Nời)`: not the name's
    if not named or not _a_name(named, 12) or "liên quan" in fold(named):
        return []  # `các đơn vị liên quan` is a generic group, the gazetteer's business
    at = text.index(named, start)
    found, begin = [], at
    for join in _NEXT_PARTNER.finditer(named):  # `Phòng Y tế và Trung tâm Y tế`: two partners
        found.append(BodyMention(text[begin:at + join.start()], begin, at + join.start(), None))
        begin = at + join.end()
    return [*found, BodyMention(text[begin:at + len(named)], begin, at + len(named), None)]


# `và` or a comma before another body's head word parts two partners the gazetteer does not
# know; inside one name (`Phòng Văn hóa, Khoa học và Thông tin`) no head word follows
_NEXT_PARTNER = re.compile(r"(?:,|\s+và)\s+(?=(?:Phòng|Trung tâm|Ban|Văn phòng|Hội|Đoàn|"
                           r"Công an|Chi cục|Thanh tra|Trường|Bệnh viện|Ủy ban|UBND)\s)")


# What a partner is worked with on follows the partner: `... đối với ...`, `... về ...`.
_MATTER = re.compile(r"\s(?:đối với|về|trong|để|nhằm|khi)\s")


def _filler(body: BodyMention) -> RoleFiller:
    return RoleFiller(id=body.id, text=body.text)


def _roles(text: str, start: int, end: int, inside: list[BodyMention], kind: str
           ) -> tuple[list[RoleFiller], list[RoleFiller], list[RoleFiller], list[RoleFiller]]:
    folded = _folded(text)
    lead: list[BodyMention] = []
    coordinate: list[BodyMention] = []
    for body in inside:
        if _LEAD_AFTER.match(folded[body.end:body.end + 20]) and not _CHAIRED_BY.search(
                folded, max(start, body.start - 80), body.start):
            lead.append(body)
    for match in _LEAD_LABEL.finditer(folded, start, end):
        clause_end = _clause_end(folded, match.end(), end, stop_at_dash=True)
        labelled = [b for b in inside if match.end() <= b.start < clause_end and b not in lead]
        # `- Bộ phận chủ trì: bộ phận Tư pháp - Hộ tịch.`: a unit the gazetteer does not know
        lead += labelled or _unknown_partner(text, match.end(),
                                             _clause_end(folded, match.end(), end))
    if not lead and kind in {"assignment", "task"}:
        lead += _subject(folded, start, inside, text)  # the assigning sentence's subject
        if not lead:  # a subject the gazetteer does not know: `Bộ Tư lệnh Thành phố chủ trì`
            lead += _named_subject(text, folded, start, end, inside) or _fronted_units(
                text, folded, start, end, inside)
    lead += _mass_organisations_after(text, folded, lead)
    for match in _COORD.finditer(folded, start, end):
        if (not match.group(0).endswith(("với", "cùng"))
                and _NOUN_COORD.search(folded, max(start, match.start() - 12), match.start())):
            continue  # `sự phối hợp chặt chẽ giữa ...`: a noun, no partner named
        clause_end = _clause_end(folded, match.end(), end, names=inside, text=text)
        named = [b for b in inside if match.end() <= b.start < clause_end
                 and b not in lead and b not in coordinate]
        coordinate += named or _unknown_partner(text, match.end(), clause_end)
    report_to, via = _reports(text, folded, start, end, inside, lead)
    return ([_filler(b) for b in lead], [_filler(b) for b in coordinate],
            [_filler(b) for b in report_to], via)


def _reports(text: str, folded: str, start: int, end: int, inside: list[BodyMention],
             lead: list[BodyMention]) -> tuple[list[BodyMention], list[RoleFiller]]:
    """Who the task reports to (`báo cáo X`, `gửi ... về X`), and through whom (`(qua Y)`)."""
    report_to: list[BodyMention] = []
    via: list[RoleFiller] = []
    sent_to = None  # where a report sent `về X` was named (what `để báo cáo Y` after passes on)
    for match in _REPORT.finditer(folded, start, end):
        if _a_report_named(folded, match, start):
            continue  # `xây dựng báo cáo ...`: a report written, not a duty to report
        if report_to and _RELAYED.search(folded, max(start, match.start() - 26), match.start()):
            continue  # `gửi ... về X để tổng hợp, báo cáo Y`: X reports on to Y
        if sent_to is not None and _SENTENCE_BREAK.search(folded, sent_to, match.start()):
            sent_to = None  # a later sentence's report is its own
        if sent_to is not None and _PASSED_ON.search(folded, sent_to, match.start()):
            continue  # `báo cáo ... về X trước 15 giờ để báo cáo Y`: the same, Y is X's
        clause_end = _clause_end(folded, match.end(), end, stop_words=False)
        if sent_to is None and (match.group(0).endswith("về") or _TO.search(
                folded, match.end(), clause_end) is not None):
            sent_to = match.end()
        clause_end = _recipients_end(folded, match, clause_end)
        known = [b for b in inside if match.end() <= b.start < clause_end]
        recipients = [b for b in known if _via_of(folded, b, match.end(), end) is None]
        if not recipients and (match.group(0).endswith("về") or match.group(0) == "báo cáo"):
            report_to += [b for b in _unknown_recipient(text, _recipient_start(
                folded, match, clause_end), clause_end) if b not in report_to]
        for body in known:
            if body in lead:
                continue
            if folded.endswith("của ", max(0, body.start - 4), body.start):
                continue  # `báo cáo ... của Thủ tướng`: whose, not to whom
            through = _via_of(folded, body, match.end(), end)  # `(qua Y để tổng hợp)`: whole
            if through is not None:
                filler = _via_filler(text, through, body, inside)
                if filler not in via:
                    via.append(filler)
            elif body not in report_to:
                report_to.append(body)
    return report_to, via


def _recipients_end(folded: str, match: re.Match[str], clause_end: int) -> int:
    """Where the bodies a report goes to end: before what they pass it on to (`... để tổng hợp,
    báo cáo Y`), before the next verb after `gửi ... về X`, before whom `gửi X tổng hợp` names."""
    relay = _RELAY.search(folded, match.end(), clause_end)
    clause_end = relay.start() if relay else clause_end  # `... để tổng hợp, báo cáo Y`
    if not match.group(0).startswith("báo"):  # `gửi ... về X trước ngày ... để tổng hợp`: X
        cut = _CLAUSE_END.search(folded, match.end(), clause_end)
        clause_end = cut.start() if cut else clause_end
    if match.group(0) == "gửi":  # `gửi X tổng hợp, báo cáo Y`: X alone
        summing = _SUMMING.search(folded, match.end(), clause_end)
        clause_end = summing.start() if summing else clause_end
    return clause_end


def _a_report_named(folded: str, match: re.Match[str], start: int) -> bool:
    """`báo cáo` as the thing a report is (`xây dựng báo cáo`, `báo cáo của Công ty`, `Báo cáo
    chính trị`), where it lays no duty to report on anyone."""
    if _REPORT_NOUN.search(folded, max(start, match.start() - 14), match.start()):
        return True
    if match.group(0) != "báo cáo" or not _REPORT_OF.match(folded, match.end()):
        return False
    stop = _SENTENCE_BREAK.search(folded, match.end())
    return _HANDED_TO.search(folded, match.end(), stop.start() if stop else len(folded)) is None


_OFFICE_HOLDER = re.compile(r"^(?:phó thủ tướng|thủ tướng|lãnh đạo|chi ủy|chi bộ|bí thư|"
                            r"thường trực|ban chỉ đạo)\b")
_RECIPIENT_END = re.compile(r"\s(?:trước|để|trong|theo|chậm nhất|đúng|trên cơ sở)\s|[,;.(\n]")


_WHAT_REPORTED = re.compile(r"\s(?:các|những)\s")  # before a lower-case word: not a name's


def _recipient_start(folded: str, match: re.Match[str], end: int) -> int:
    """Where the recipient of `báo cáo` is named: after it (`báo cáo Phó Thủ tướng ...`), or
    after the `về` that follows what is reported (`báo cáo diễn biến dịch bệnh về Phòng Nông
    nghiệp ...`)."""
    if match.group(0) == "báo cáo":
        to = _TO.search(folded, match.end(), end)
        if to is not None:
            return to.end()
    return match.end()


def _unknown_recipient(text: str, start: int, end: int) -> list[BodyMention]:
    """`gửi về Đoàn xã Phúc Thịnh trước ngày ...`, `phản hồi về Ban Chỉ đạo (qua ...)`, `báo cáo
    Phó Thủ tướng Trần Hồng Hà`: a recipient the gazetteer lacks, a capitalised name that opens
    with a body's word or an office holder's, up to the time, purpose or punctuation after it."""
    at = _skip_spaces(text, start)
    stop = _RECIPIENT_END.search(text, at, end)
    named = text[at:stop.start() if stop else end].strip()
    what = next((m for m in _WHAT_REPORTED.finditer(named) if named[m.end():m.end() + 1].islower()),
                None)  # `báo cáo Ban Giám hiệu các khó khăn`: what is reported follows its recipient
    named = named[:what.start()] if what else named
    if not named or not named[0].isupper() or not (
            _a_name(named, 10) or (_OFFICE_HOLDER.match(fold(named)) and len(named.split()) <= 10)):
        return []
    return [BodyMention(named, at, at + len(named), None)]


def _via_filler(text: str, through: re.Match[str], body: BodyMention,
                inside: list[BodyMention]) -> RoleFiller:
    """The body a report goes through; a unit named before it (`(qua Phòng Tham mưu - Công an
    tỉnh)`) is that unit, as written, not the body it belongs to (a list of bodies is not)."""
    named = text[through.start(1):through.end(1)].strip()
    before = text[through.start(1):body.start].strip(" -–,")
    listed = any(through.start(1) <= other.start < body.start for other in inside)
    return (RoleFiller(None, named) if before and not listed and _a_name(named, 20)
            else _filler(body))


# `Bước 2: Trung tâm ... chọn mẫu`: a procedure's step names who takes it after its label
_SUBJECT_OPENER = re.compile(r"(?:đề nghị|giao cho|giao|yêu cầu)\s+|bước \d{1,2}\s*[:.][\s:]*")
# Between two bodies of one subject: `Giám đốc các Sở, Thủ trưởng các cơ quan và Chủ tịch UBND`.
_SUBJECT_JOIN = re.compile(r"\s*(?:,|;|-|–|và|,\s*và)?\s*(?:các\s+)?(?:(?:đồng chí\s+)?(?:phó\s+)?"
                           rf"(?:{_HEAD_TITLES}|vụ trưởng|bộ trưởng|người đứng đầu|lãnh đạo)\s+)?$")


# A clause set before the subject: `Căn cứ Kế hoạch này, X ...`, `Trong quá trình thực hiện, nếu
# có khó khăn, vướng mắc, X ...`.
_FRONTED = re.compile(r"(?:căn cứ|trên cơ sở|theo chức năng|trong quá trình|quá trình|trong thời gian|"
                      r"trong trường hợp|trường hợp|nếu|khi|sau khi)(?![\w])")
_FRONTED_REACH = 200  # how far into the task the subject may start


def _subject(folded: str, start: int, inside: list[BodyMention],
             text: str | None = None) -> list[BodyMention]:
    """The bodies a task opens with: `Đề nghị X ...` and `Giao X ...` (X), several joined by
    commas or `và` each kept; after a fronted clause (`Căn cứ Kế hoạch này, X ...`), the
    first comma that a subject follows."""
    subject = _subject_at(folded, start, inside, text)
    if subject:
        return _given_to(folded, subject, inside, text)
    label = _TIME_LABEL.match(folded, start)  # `Trước ngày 30/6/2024: Công an cấp xã ...`
    if label is not None:
        start = label.end()
        subject = _subject_at(folded, start, inside, text)
        if subject:
            return _given_to(folded, subject, inside, text)
    for at in _fronted_commas(folded, start):
        if _SENT_TO.match(folded, at):
            return []  # `…, gửi Sở Tài chính tổng hợp`: whom the work is sent to leads nothing
        subject = _subject_at(folded, at, inside, text)
        if subject:
            return _given_to(folded, subject, inside, text)
        if _COORD.match(folded, at) or _VERB_HERE.match(folded, at):
            return []  # the main clause began without a subject: `..., phối hợp với X ...`
    return []


def _given_to(folded: str, subject: list[BodyMention], inside: list[BodyMention],
              text: str | None) -> list[BodyMention]:
    """Who is given the work where the subject hands it on (`Chủ tịch UBND tỉnh giao Công an
    tỉnh ...`, `..., Bộ Nội vụ đề nghị UBND tỉnh, thành phố ...`): they lead, not the subject."""
    passes_on = _PASSES_ON.match(folded, subject[-1].end)
    if passes_on:
        return _subject_at(folded, passes_on.end(), inside, text) or subject
    return subject


# `Mặt trận Tổ quốc Việt Nam và các đoàn thể đẩy mạnh ...`: the mass organisations a subject
# names after a body, a group the gazetteer has no entry for, lead beside it (as written)
_MASS_AFTER = re.compile(r"(?:\s*,\s*|\s+và\s+)(các\s+đoàn thể(?:\s+chính trị\s*-\s*xã hội)?)"
                         r"(?=\s)")


def _mass_organisations_after(text: str, folded: str, subject: list[BodyMention]
                              ) -> list[BodyMention]:
    """`các đoàn thể` right after the subject's last body, as a lead of its own words: the
    gazetteer's groups name the front's member organisations only with their level."""
    if not subject:
        return []
    tail = _MASS_AFTER.match(folded, subject[-1].end)
    if tail is None:
        return []
    return [BodyMention(text[tail.start(1):tail.end(1)], tail.start(1), tail.end(1), None)]


def _fronted_commas(folded: str, start: int) -> Iterator[int]:
    """Where the main clause may start after a fronted clause (`Căn cứ Kế hoạch này, X ...`,
    `Trong quá trình thực hiện, nếu có vướng mắc, X ...`): past each of its commas, within
    reach and before a stop; nowhere when the task opens otherwise."""
    if not _FRONTED.match(folded, start):
        return
    limit = start + _FRONTED_REACH
    stop = _STOP.search(folded, start, limit)
    for comma in _COMMA.finditer(folded, start, stop.start() if stop else limit):
        yield comma.end()


_STOP = re.compile(r"[.;:\n]")
_SENT_TO = re.compile(r"(?:gửi|báo cáo|trình)\s")
_PASSES_ON = re.compile(rf"\s*(?:đã\s+)?(?:(?:kính|trân trọng)\s+)?(?=(?:{_ASSIGNS}|đề nghị|yêu cầu)\s)")
_COMMA = re.compile(r",\s*")
_VERB_HERE = re.compile(_VERB_AT_START.pattern[1:])  # the same, at any position (no `^`)


# Where a subject's name ends: its verb, or a word that says what it must do.
_PREDICATE = re.compile(r"(?<!bầu)\s(?:" + "|".join(map(re.escape, (*ACTION_VERBS, *MODIFIERS,
                                                           "có trách nhiệm", "chịu trách nhiệm",
                                                           "tham gia", "trực tiếp", "là cơ quan",
                                                           "là đơn vị", "là đầu mối")))
                        + r")(?![\w])")
_NAMED_REACH = 120  # the longest subject name tried
_NOT_IN_NAME = re.compile(r"[.;:()\n]")
# who else a sentence may open with, besides a body's or an office holder's name
_SUBJECT_START = re.compile(r"^(?:phó thủ tướng|bộ trưởng|thông tấn xã|nhà đầu tư|chủ đầu tư)\b")
# `Trường hợp ...` opens a condition; a name does not end with a function word (`... được`)
# nor is a bare title (`Trưởng phòng`) one: the person is named elsewhere (a heading)
_NOT_A_NAME = re.compile(r"^trường hợp|(?<![\w])(?:được|của|và|các|là|có|căn cứ|theo)$|"
                         r"^(?:trưởng|phó|chánh|giám đốc|chủ tịch|thủ trưởng)(?:\s+\S+){0,2}$")
_LIST_JOIN = re.compile(r"\s*,\s*|\s+và\s+")
# A head word in lower case after a list's comma shares the list's `các`: `Các phòng, ban thuộc
# Sở` is one group (a list of names writes each with its capital: `Phòng Đào tạo, Phòng Y tế`).
_SHARED_HEAD = re.compile(r"(?!các\s|những\s)[a-zđ]")
_AND = re.compile(r"\s+và\s+")
_SEMICOLON = re.compile(r"\s*;\s*")
_ANY_JOIN = re.compile(r"\s*,\s*|\s+và\s+|\s+[-–]\s+")
# `Đảng ủy - UBND các xã, thị trấn`: two owners (not `Ông Trần Sơn – Trưởng phòng`, one person)
_AND_DASH = re.compile(r"\s+và\s+|\s+[-–]\s+")
# A board, team or delegation set up for one job is named in lower case after its first word
# (`Ban bầu cử`, `Đoàn kiểm tra`, `Tổ giúp việc về cải cách hành chính`, `Trưởng ban bầu cử`);
# the same words open verbs (`Ban hành`, `Tổ chức`, `Đoàn kết`) and people (`Đoàn viên`).
_GROUP_WORDS = "tiểu ban|hội đồng|ban|tổ|đoàn"
_WORKING_GROUP = re.compile(rf"^(?:(?:phó\s+)?trưởng\s+(?:ban|đoàn)|tổ trưởng|{_GROUP_WORDS})"
                            r"\s+(?!hành|chức|kết|viên|thanh niên|thể)\w")
_GROUP_WORD = re.compile(rf"(?:{_GROUP_WORDS})\s*")  # the word alone, its name cut by a verb
# Units a sentence may open with in lower case, naming whoever the plan means by them (`Các
# đơn vị gửi ý kiến về ...`, `các chủ đầu tư khẩn trương ...`, `Các cơ sở Đoàn, Hội, Đội phát
# động ...`): the lead as written, where no known body is named
_GENERIC_SUBJECT = re.compile(r"(?:các|những)\s+(?:cơ quan|đơn vị|cơ sở|địa phương|chủ đầu tư|"
                              r"doanh nghiệp|tổ chức|nhà đầu tư|hộ|trường)(?![\w])")
_GENERIC_WORDS = 10
# People by their role and a school's own units, in lower case or one word, as a sentence's
# subject (`Sinh viên phải xây dựng …`, `Giảng viên chấm …`, `Khoa lập danh sách …`)
_PEOPLE_SUBJECT = re.compile(r"(?:(?:các|những|tất cả(?: các)?)\s+)?(?:sinh viên|học sinh|học viên|"
                             r"giảng viên(?: hướng dẫn)?|giáo viên|thí sinh|cán bộ coi thi|"
                             r"khoa|nhà trường)")
_NOT_IN_GROUP_NAME = re.compile(r"(?<![\w])(?:khi|sau|hết|nếu|đã|đang|được|đến|với|này|của)(?![\w])")


def _acting_verbs(text: str, folded: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_PREDICATE`'s words in `folded[start:end]` that `text` writes in lower case: verbs, where
    a capitalised one is a name's word (`Ban Quản lý`, `Trung tâm Phát triển`)."""
    return (verb for verb in _PREDICATE.finditer(folded, start, end)
            if text[verb.start() + 1].islower())


def _named_subject(text: str, folded: str, start: int, end: int, inside: list[BodyMention]
                   ) -> list[BodyMention]:
    """A subject the gazetteer does not know, named before the sentence's verb (`Đài Truyền
    hình Việt Nam chủ trì ...`, `Liên minh Hợp tác xã Việt Nam và Liên minh Hợp tác xã cấp
    tỉnh rà soát ...`): words a body's or an office holder's name starts with, each of a list
    on its own where every part is such a name. None where a known body stands in it."""
    opener = _SUBJECT_OPENER.match(folded, start)
    at = opener.end() if opener else start
    verb = next((v for v in _acting_verbs(text, folded, at, min(end, at + _NAMED_REACH))
                 if not _GROUP_WORD.fullmatch(folded, at, v.start())), None)  # `Đoàn kiểm tra`
    if verb is None or _NOT_IN_NAME.search(folded, at, verb.start()):
        return []
    if any(at <= b.start < verb.start() for b in inside):
        return []
    name = text[at:verb.start()].strip(" ,")
    words, folded_name = name.split(), fold(name)
    if (_GENERIC_SUBJECT.match(folded_name) and not _NOT_IN_GROUP_NAME.search(folded_name)
            and len(words) <= _GENERIC_WORDS and not _NOT_A_NAME.search(folded_name)) or (
            _PEOPLE_SUBJECT.fullmatch(folded_name)) or _defined_short_name(name, text):
        return [BodyMention(name, at, at + len(name), None)]  # `Các cơ quan cập nhật ...`
    if (len(words) < 2 or not (any(w[0].isupper() for w in words[1:])  # `Hội nghị`, `Bà con`
                               or (_WORKING_GROUP.match(folded_name)
                                   and not _NOT_IN_GROUP_NAME.search(folded_name)))
            or _NOT_A_NAME.search(folded_name)
            or not (_a_name(name, 16) or _SUBJECT_START.match(folded_name))):
        return []
    return _name_parts(text, name, at)


# A short name the document defines in brackets (`cán bộ coi thi (CBCT)`, `Ban Tổ chức (BTC)`)
# and then uses as a sentence's subject: `CBCT 1 đọc tên …`, `Hai CBCT tự thỏa thuận …`.
_SHORT_NAME = re.compile(r"(?:(?:[Hh]ai|[Cc]ả\s+0?2|[Cc]ác|[Tt]ất cả(?:\s+các)?|[Mm]ỗi)\s+)?"
                         r"([A-ZĐ][A-ZĐ&]{1,7})(?:\s+\d{1,2})?")
# where a text defines one: up to six words, then the short name in brackets
_DEFINED = re.compile(r"((?:[^\W\d_]+\s+){0,5}[^\W\d_]+)\s*\(([A-ZĐ][A-ZĐ&]{1,7})\)")


def _defined_short_name(name: str, text: str) -> bool:
    """`name` is a short name the text defines in brackets for people or a body, maybe counted
    or numbered (not `công nghệ thông tin (CNTT)`)."""
    short = _SHORT_NAME.fullmatch(name)
    return short is not None and short.group(1) in _short_names(text)


@functools.lru_cache(maxsize=4)
def _short_names(text: str) -> frozenset[str]:
    """The short names a text defines for people or a body: `(CBCT)` after words a name of
    either may end with (`… cán bộ coi thi (CBCT)`, `Ban Tổ chức (BTC)`)."""
    found = set()
    for defined in _DEFINED.finditer(text):
        words = defined.group(1).split()
        if any(_a_name(" ".join(words[-size:]), 6) for size in range(1, len(words) + 1)):
            found.add(defined.group(2))
    return frozenset(found)



def _fronted_units(text: str, folded: str, start: int, end: int, inside: list[BodyMention]
                   ) -> list[BodyMention]:
    """Units in lower case after a fronted clause (`Trong quá trình thực hiện, nếu có vướng
    mắc, các đơn vị gửi ý kiến về ...`): the first comma they follow, as `_subject` does for
    known bodies."""
    at = next((at for at in _fronted_commas(folded, start) if _GENERIC_SUBJECT.match(folded, at)),
              None)
    return [] if at is None else _named_subject(text, folded, at, end, inside)


def _name_parts(text: str, name: str, at: int, joins: re.Pattern[str] = _LIST_JOIN
                ) -> list[BodyMention]:
    """A name the gazetteer lacks, found at or after `at`; a list of such names (`Phòng Đào tạo
    và Phòng Công tác sinh viên`) each on its own where every part is a name (`Phòng Văn hóa và
    Thông tin` stays one)."""
    parts = [p for p in joins.split(name) if p] if "(" not in name else [name]  # `(A, B và C)`
    names = parts if len(parts) > 1 and all(_a_name(p, 12) for p in parts) and not any(
        _SHARED_HEAD.match(p) for p in parts[1:]) else [name]
    found, position = [], at
    for part in names:
        position = text.index(part, position)
        found.append(BodyMention(part, position, position + len(part), None))
        position += len(part)
    return found


def _subject_at(folded: str, start: int, inside: list[BodyMention],
                text: str | None = None) -> list[BodyMention]:
    """The bodies right at `start` (after an opener), joined by commas or `và`. Given the
    `text`, a group the gazetteer lacks between two of them (`Lãnh đạo các sở, ngành, các Ban
    Quản lý dự án và UBND các xã`) is one of them, as written, and the list goes on."""
    opener = _SUBJECT_OPENER.match(folded, start)
    at = opener.end() if opener else start
    subject: list[BodyMention] = []
    for body in inside:
        if body.start < at:
            continue
        gap = folded[at:body.start]
        if subject and text is not None and not _SUBJECT_JOIN.fullmatch(gap):
            unknown = _unknown_in_list(text, folded, at, body.start)
            if unknown is not None:
                subject.append(unknown)
                gap = ""
        if (not subject and body.start - at > 4 and not _SUBJECT_JOIN.fullmatch(gap)) or (
                subject and not _SUBJECT_JOIN.fullmatch(gap)):
            break
        subject.append(body)
        at = body.end
    return subject


# `, các Ban Quản lý dự án và `: a capitalised plural group between two listed bodies.
_LISTED_GROUP = re.compile(r"\s*,\s*(các\s+[^\W\d_][^,;.:()]{2,60}?)\s*(?:,\s*và|,|và)\s*$")


def _unknown_in_list(text: str, folded: str, start: int, end: int) -> BodyMention | None:
    """The group named in `text[start:end]` between two listed bodies, if that is all the gap
    holds: `các` and a name that opens with a capital and has no verb."""
    match = _LISTED_GROUP.fullmatch(folded, start, end)
    if match is None or not text[match.start(1) + 4:match.start(1) + 5].isupper():
        return None
    if any(_acting_verbs(text, folded, match.start(1), match.end(1))):
        return None
    return BodyMention(text[match.start(1):match.end(1)], match.start(1), match.end(1), None)


def _folded(text: str) -> str:
    return folded_text(text)


def _clause_end(folded: str, at: int, end: int, stop_words: bool = True,
                stop_at_dash: bool = False, names: list[BodyMention] | None = None,
                text: str | None = None) -> int:
    """Where the clause from `at` ends: a stop, or the next verb. Without `names` a verb after a
    comma or `và` is taken for part of a listed name (`Sở Kế hoạch và Đầu tư`); with them (the
    bodies found), a verb outside every name ends the clause however long the list before it
    (`phối hợp với các cơ quan, đơn vị liên quan tham mưu UBND tỉnh`). Given the `text`, a verb
    written with a capital is a name's word (`Trung tâm Quản lý chất lượng`), not the end."""
    match = (_STOP_OR_DASH if stop_at_dash else _STOP_ONLY).search(folded, at, end)
    limit = match.start() if match else end
    if stop_words:
        verb = _CLAUSE_END.search(folded, at, limit)
        if verb:
            limit = verb.start()
        for verb_match in _VERB_WORD.finditer(folded, at, limit):
            if (text is not None and text[verb_match.start()].isupper()) or _INVESTOR.search(
                    folded, max(at, verb_match.start() - 5), verb_match.start()):
                continue  # `Trung tâm Quản lý ...`, `các chủ đầu tư`: a name's word
            if names is not None:
                if not any(b.start <= verb_match.start() < b.end for b in names):
                    return verb_match.start() - 1
                continue
            before = folded[at:verb_match.start() - 1]
            if before.count(",") or " và " in before:
                continue
            return verb_match.start() - 1
    return limit


_INVESTOR = re.compile(r"(?<![\w])(?:chủ|nhà)\s$")  # `chủ đầu tư`, `nhà đầu tư`: who, not a verb
_STOP_ONLY = re.compile(r"[.;\n]")
_STOP_OR_DASH = re.compile(r"[.;\n]|\s-\s")
# (lookarounds: `Đầu tư tham mưu`, two verbs one space apart, are both found; a verb listed
# before a comma ends a name too: `phối hợp với các đơn vị rà soát, bổ sung …`; after `các` it
# is a noun: `các tổ chức, đoàn thể`)
_VERB_WORD = re.compile(r"(?<=\s)(?<!các\s)(?<!những\s)(" + "|".join(map(re.escape, ACTION_VERBS))
                        + r")(?=[\s,])")


def _via_of(folded: str, body: BodyMention, start: int, end: int) -> re.Match[str] | None:
    """The `(qua ...)` the body is named in, if it is."""
    return next((match for match in _VIA.finditer(folded, start, end + 1)
                 if match.start() <= body.start < match.end()), None)


def _inherited_lead(meta: DocumentMeta, bodies: list[BodyMention]) -> list[RoleFiller]:
    """Who does what a task names no body for: the issuer's subordinates (a People's Committee's
    agencies and localities, a Party committee's organisations), or a department's own units,
    that is the department itself (`Sở Công Thương` issuing a plan)."""
    issuer = fold(meta.issuer or "")
    own = _issuing_department(issuer, bodies)
    if own is not None:
        return [RoleFiller(own, None, inherited=True)]
    if meta.jurisdiction is None:
        # the Central Committee's organs address the Party's provincial committees and its
        # central organisations; other central issuers' subordinates are no one group. The
        # symbol says so where a scan garbled the issuer's name (`13-NQ/TW`, `53-TB/TW`).
        central = _CENTRAL_PARTY.fullmatch(issuer.strip()) or (meta.symbol or "").endswith("/TW")
        return ([RoleFiller(g, None, inherited=True) for g in _CENTRAL_PARTY_SUBORDINATES]
                if central else [])
    jurisdiction = meta.jurisdiction
    province = jurisdiction.split("/")[0]
    # a commune's issuer (`UBND xã`, `Đảng ủy xã`) leads its own commune's units
    commune = "/" in jurisdiction and _COMMUNE_ISSUER.search(issuer) is not None
    if any(w in issuer for w in ("chính phủ", "thủ tướng")):
        # a notice of the Government's office on one province: its People's Committee acts
        return [RoleFiller(f"{province}/ubnd", None, inherited=True)]
    if "ủy ban nhân dân" in issuer or "ubnd" in issuer:
        # a district's committee (`UBND HUYỆN KRÔNG NÔ`, before 07/2025) leads its own too
        return [RoleFiller(f"{jurisdiction if '/' in jurisdiction else province}"
                           "/group/ubnd-subordinates", None, inherited=True)]
    if any(word in issuer for word in ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "ban thường vụ",
                                       "ban chấp hành", "đảng ủy")):
        local = commune or "huyện ủy" in issuer or "quận ủy" in issuer
        return [RoleFiller(f"{jurisdiction if local else province}/group/party-subordinates", None,
                           inherited=True)]
    return []


_COMMUNE_ISSUER = re.compile(r"(?<![\w])(?<!thị )(?:xã|phường|đặc khu)(?![\w])")


_CENTRAL_ORGAN = r"(?:bộ chính trị|ban bí thư|ban chấp hành trung ương(?: đảng)?)"
# The issuer is the Central Committee, its Politburo or Secretariat (not a body under them whose
# header also names the Central Committee, `BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG ĐOÀN QUỐC HỘI`).
_CENTRAL_PARTY = re.compile(rf"{_CENTRAL_ORGAN}(?:\s*(?:,|và)\s*{_CENTRAL_ORGAN})*")
_CENTRAL_PARTY_SUBORDINATES = ("tw/group/provincial-committees", "tw/group/central-party-orgs")
_DEPARTMENT = re.compile(r"^(?:sở|phòng|trung tâm|công an|chi cục|cục|ban quản lý|thanh tra)\b")


def _issuing_department(issuer: str, bodies: list[BodyMention]) -> str | None:
    """The gazetteer id of a department that issues the document itself (folded issuer)."""
    if not _DEPARTMENT.match(issuer):
        return None
    named = [b for b in bodies if b.id and not b.group and fold(b.text) and issuer.startswith(
        fold(b.text))]
    return max(named, key=lambda b: len(b.text)).id if named else None


# ------------------------------------------------------------------ tables and blocks
def _table_tasks(tables: Iterable[Table], text: str, sections: list[Section],
                 bodies: list[BodyMention], meta: DocumentMeta) -> list[Task]:
    tasks = []
    for table in tables:
        if not table.rows:
            continue
        columns = task_table_columns(table.rows[0])
        if columns is None:
            continue
        year = _column_year(table.rows[0], columns, meta)
        for row in table.rows[1:]:
            if group_row(row) is not None:
                continue  # the title of the rows below (a section of the outline)
            section = _innermost(sections, row[0].start)
            task = _row_task(row, columns, text, section, bodies, meta, year)
            if task is not None:
                tasks.append(task)
    return tasks


def _row_task(row: tuple[Cell, ...], columns: dict[str, int], text: str, section: Section | None,
              bodies: list[BodyMention], meta: DocumentMeta, year: int | None = None
              ) -> Task | None:
    """The task of a table row; `year` is the year of the time column (`Thời gian (Năm
    2026)`, else the document's), for a day and month written without one."""
    if len(row) <= columns["content"]:
        return None
    content = row[columns["content"]]
    if content.end - content.start < 8:
        return None

    def cell_bodies(role: str) -> list[RoleFiller]:
        if role not in columns or columns[role] >= len(row):
            return []
        cell = row[columns[role]]
        found = [_filler(b) for b in bodies if cell.start <= b.start and b.end <= cell.end]
        if not found and cell.text.strip():  # its lines as written: a name a line
            written = text[cell.start:cell.end].strip()
            found = _names(written if written else cell.text.strip())
        return found

    time_cell = row[columns["time"]] if "time" in columns and columns["time"] < len(row) else None
    body = text[content.start:content.end]
    times: tuple[StatedTime, ...] = (StatedTime(body),)  # the row's own words, where its cell
    if time_cell and time_cell.text:  # … says no time, else the cell first
        times = (StatedTime(time_cell.text, cell=True, year=year), *times)
    # without a column of bodies, the row's words name who does it (`Khoa thông báo …`)
    own = [] if "lead" in columns else _roles(
        text, content.start, content.end,
        [b for b in bodies if content.start <= b.start and b.end <= content.end], "task")[0]
    return Task(id="", section=section.path if section else None, text=body, start=content.start,
                end=content.end, kind="task", verbs=_verbs(body),
                lead=tuple(cell_bodies("lead") or own or _inherited_lead(meta, bodies)),
                coordinate=tuple(cell_bodies("coordinate")), stated_times=times)


_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _column_year(header: tuple[Cell, ...], columns: dict[str, int], meta: DocumentMeta
                 ) -> int | None:
    """The year a table's times are in: its time column's header names it (`Thời gian (Năm
    2026)`), or else it is the year the document was issued in."""
    if "time" in columns and columns["time"] < len(header):
        named = _A_YEAR.search(header[columns["time"]].text)
        if named is not None:
            return int(named.group(0))
    return int(meta.date[:4]) if meta.date else None


_BLOCK_TASK = re.compile(r"^nhiệm vụ\s*:?")
_BLOCK_BODIES = re.compile(r"^(?:cơ quan|đơn vị) (?:thực hiện|chủ trì)|^phân công")
_BLOCK_TIME = re.compile(r"^thời gian|^thời hạn|^tiến độ")


def _block_tasks(text: str, sections: list[Section], bodies: list[BodyMention],
                 meta: DocumentMeta) -> tuple[list[Task], list[tuple[int, int]]]:
    """`a) Nhiệm vụ: ...` `b) Cơ quan thực hiện: ...` `c) Thời gian thực hiện: ...` → one task."""
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    letters = [s for s in sections if s.kind == "letter"]
    for section in letters:
        if not _BLOCK_TASK.match(fold(section.heading)):
            continue
        siblings = [s for s in letters if s.parent == section.parent and s.start > section.start]
        who = next((s for s in siblings if _BLOCK_BODIES.match(fold(s.heading))), None)
        when = next((s for s in siblings if _BLOCK_TIME.match(fold(s.heading))), None)
        if who is None and when is None:
            continue
        start = section.start + len(section.marker)
        label = re.match(r"\s*nhiệm vụ\s*:?\s*", fold(text[start:section.end]))
        start += label.end() if label else 0
        end = section.end
        while end > start and text[end - 1] in " \n":
            end -= 1
        task = _make_task(text, start, end, by_parent(sections, section), "task", bodies, meta)
        if who is not None:
            lead, coordinate, _, _ = _roles(text, who.start, who.end,
                                            [b for b in bodies if who.start <= b.start < who.end],
                                            "block")
            task = replace(task, lead=tuple(lead) or task.lead, coordinate=tuple(coordinate))
        if when is not None:
            task = replace(task, stated_times=(StatedTime(text[when.start:when.end], cell=True),
                                               *task.stated_times))
        tasks.append(task)
        spans += [(s.start, s.end) for s in (section, who, when) if s is not None]
    return tasks, spans


def by_parent(sections: list[Section], section: Section) -> Section | None:
    return next((s for s in sections if s.path == section.parent), section)
