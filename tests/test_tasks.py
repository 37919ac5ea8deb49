"""Tasks, roles, bodies and deadlines: the seed pinned, and the rules on realistic snippets."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, SEED

from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.records import SourceDocument
from pipeline.stages.deadlines import parse_deadline


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return extract(ingest(SEED))


def ids(fillers) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.id for f in fillers]


def test_seed_part_three_assignments(seed) -> None:  # type: ignore[no-untyped-def]
    part3 = {t.section: t for t in seed.tasks if t.section and t.section.startswith("III.")}
    assert sorted(part3) == ["III.1", "III.2", "III.3"]
    first, second, third = part3["III.1"], part3["III.2"], part3["III.3"]
    assert {t.kind for t in part3.values()} == {"assignment"}
    assert ids(first.lead) == ["can-tho/group/party-subordinates"]
    assert first.lead[0].text.startswith("Các quận ủy, huyện ủy, đảng đoàn")
    assert (ids(first.report_to), ids(first.via)) == (["can-tho/btv"], ["can-tho/btc"])
    assert first.deadline.type == "recurring" and first.deadline.year == 2023
    assert first.deadline.frequency == ("quarterly", "6-monthly", "9-monthly", "yearly")
    assert (ids(second.lead), ids(second.coordinate)) == (["can-tho/btg"],
                                                         ["generic/co-quan-lien-quan"])
    assert (ids(third.lead), ids(third.coordinate)) == (["can-tho/btc"],
                                                        ["generic/co-quan-lien-quan"])
    assert ids(third.report_to) == ["tw/btc", "can-tho/btv"]
    assert third.deadline.type == "recurring"


def test_seed_part_two_tasks_are_all_found(seed) -> None:  # type: ignore[no-untyped-def]
    """Every task of the gold annotation of part II overlaps a task the pipeline finds."""
    gold = [json.loads(line) for line in
            (SAMPLES.parent / "gold" / "tasks" / "000_ab5e45f9e3a49525.jsonl").read_text(
                encoding="utf-8").splitlines()]
    part2 = [g for g in gold if g.get("layer") == "task" and (g["section"] or "").startswith("II.")]
    assert len(part2) >= 45
    for g in part2:
        overlaps = [t for t in seed.tasks if t.start < g["end"] and g["start"] < t.end]
        best = max((min(t.end, g["end"]) - max(t.start, g["start"])) /
                   (max(t.end, g["end"]) - min(t.start, g["start"])) for t in overlaps)
        assert best >= 0.5, g["text"][:60]


def test_seed_tasks_in_part_two_inherit_the_city_committees_organisations(seed) -> None:  # type: ignore[no-untyped-def]
    task = next(t for t in seed.tasks if t.text.startswith("Kiện toàn tổ chức cơ sở đảng"))
    assert task.section == "II.2.2.-1" and task.kind == "task"
    assert [(f.id, f.inherited) for f in task.lead] == [("can-tho/group/party-subordinates", True)]
    assert task.verbs == ("Kiện toàn",)


def test_seed_task_sources_nearest_first(seed) -> None:  # type: ignore[no-untyped-def]
    by_start = {t.text[:40]: t for t in seed.tasks}
    cites_21 = next(t for k, t in by_start.items() if k.startswith("Tiếp tục triển khai thực hiện đồng bộ"))
    assert cites_21.sources == ("21-NQ/TW@2022-06-16",)
    plain = next(t for k, t in by_start.items() if k.startswith("Quan tâm nâng cao chất lượng sinh"))
    assert plain.sources == ("08-KL/BTCTW@2023-01-04",)  # what the plan implements


# ----------------------------------------------------------------------------- deadlines
@pytest.mark.parametrize(
    ("words", "cell", "expected"),
    [
        ("", False, None),
        ("hoàn thành trước ngày 31/12/2023.", False, ("date", "2023-12-31")),
        ("Quý III/2024", True, ("quarter", "2024-09-30")),
        ("trong tháng 12/2025", False, ("date", "2025-12-31")),
        ("Tháng 2/2024", True, ("date", "2024-02-29")),  # leap year
        ("Định kỳ 6 tháng, hằng năm báo cáo", False, ("recurring", ("6-monthly", "yearly"))),
        # a weekday of each week
        ("Định kỳ ngày Thứ Hai hằng tuần, tổng hợp, báo cáo số liệu", False,
         ("recurring", ("weekly",))),
        ("Họp giao ban vào thứ Sáu hàng tuần.", False, ("recurring", ("weekly",))),
        ("giai đoạn 2022 - 2026", False, ("period", (2022, 2026))),
        ("thường xuyên kiểm tra", False, ("ongoing", None)),
        ("năm 2025", True, ("year", 2025)),
        ("2025", True, ("year", 2025)),
        ("Sau khi có Quy chế của Trung ương", True, ("event", None)),
        # an event the sentence closes with; not one mid-sentence with a date after it
        ("Tổng hợp báo cáo, gửi về phòng ngay sau khi kết thúc buổi thi.", False, ("event", None)),
        ("sau khi kết thúc đợt kiểm tra, báo cáo trước ngày 15/3/2026.", False,
         ("date", "2026-03-15")),
        ("chỉ cấp phép khai thác sau khi hoàn thành các thủ tục theo quy định.", False, None),
        ("Gửi báo cáo chậm nhất 10 ngày sau khi kết thúc hội nghị.", False, ("event", None)),
        ("Không tổ chức liên hoan sau khi kết thúc hội nghị.", False, None),
        # a citation's date or a law's year is not a deadline in running text
        ("theo Quyết định ngày 18 tháng 6 năm 2025 của Bộ", False, None),
        ("căn cứ Luật Đất đai năm 2024", False, None),
        ("kiểm tra sức khỏe định kỳ cho cán bộ", False, None),
    ],
)
def test_deadlines(words: str, cell: bool, expected) -> None:  # type: ignore[no-untyped-def]
    found = parse_deadline(words, cell=cell)
    if expected is None:
        assert found is None
        return
    kind, value = expected
    assert found is not None and found.type == kind
    assert {"date": found.date, "quarter": found.date, "recurring": found.frequency,
            "period": (found.start_year, found.end_year), "year": found.year,
            "ongoing": None, "event": None}[kind] == value


# ----------------------------------------------------------------------------- rules
PLAN = """ỦY BAN NHÂN DÂN
TỈNH HẬU GIANG
Số: 77/KH-UBND
Vị Thanh, ngày 02 tháng 4 năm 2025
KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2025
I. NHIỆM VỤ
1. Hoàn thiện hạ tầng số
- Rà soát, nâng cấp mạng nội bộ của các cơ quan nhà nước. Kinh phí do ngân sách tỉnh bố trí.
- Xây dựng kho dữ liệu dùng chung của tỉnh; triển khai nền tảng chia sẻ dữ liệu cho các sở.
Đơn vị chủ trì: Sở Khoa học và Công nghệ.
Đơn vị phối hợp: Sở Tài chính, Sở Nội vụ.
Thời gian thực hiện: Quý III/2025.
2. Sở Nội vụ
- Tổ chức bồi dưỡng kỹ năng số cho cán bộ, công chức.
II. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính theo dõi, đôn đốc; định kỳ \
hằng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Khoa học và Công nghệ).
"""


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return extract(SourceDocument(path="kh.txt", format="txt", sha256="1" * 64,
                                  text=PLAN.replace("\\\n", "")))


def test_verb_led_sentences_split_and_continuations_stay(plan) -> None:  # type: ignore[no-untyped-def]
    texts = [t.text for t in plan.tasks if t.section and t.section.startswith("I.1")]
    assert texts[0].startswith("Rà soát, nâng cấp") and texts[0].endswith("ngân sách tỉnh bố trí.")
    assert [t[:12] for t in texts[1:]] == ["Xây dựng kho", "triển khai n"]


def test_role_block_assigns_the_tasks_above_it(plan) -> None:  # type: ignore[no-untyped-def]
    block = [t for t in plan.tasks if t.section and t.section.startswith("I.1")]
    for task in block:
        assert ids(task.lead) == ["hau-giang/so-khcn"]
        assert ids(task.coordinate) == ["hau-giang/so-tai-chinh", "hau-giang/so-noi-vu"]
        assert task.deadline.type == "quarter" and task.deadline.date == "2025-09-30"


def test_heading_names_the_lead(plan) -> None:  # type: ignore[no-untyped-def]
    [task] = [t for t in plan.tasks if t.section and t.section.startswith("I.2")]
    assert [(f.id, f.inherited) for f in task.lead] == [("hau-giang/so-noi-vu", True)]


def test_assignment_roles_in_text(plan) -> None:  # type: ignore[no-untyped-def]
    [task] = [t for t in plan.tasks if t.kind == "assignment"]
    assert ids(task.lead) == ["hau-giang/so-khcn"] and ids(task.coordinate) == ["hau-giang/so-tai-chinh"]
    assert ids(task.report_to) == ["hau-giang/ubnd"] and ids(task.via) == ["hau-giang/so-khcn"]
    assert task.deadline.frequency == ("quarterly",)


def test_task_table_rows_are_tasks() -> None:
    doc = extract(ingest(SAMPLES / "kh-215-tu.docx"))
    table = next(t for t in doc.source.tables if t.rows[0][1].text.startswith("Nội dung"))
    rows = [t for t in doc.tasks if table.start <= t.start < table.end]
    assert len(rows) == len(table.rows) - 1 == 5  # one task per row below the header
    assert [ids(t.lead) for t in rows[:3]] == [["hau-giang/btc"], ["hau-giang/vp"],
                                               ["hau-giang/so-khcn"]]
    assert [t.deadline.text for t in rows] == ["Quý III/2024", "trước ngày 31/12/2024",
                                               "Quý IV/2024", "Hằng năm", "Hằng năm"]


def test_district_tasks_reach_the_central_conclusion_through_the_provincial_plan() -> None:
    doc = extract(ingest(SAMPLES / "kh-96-hu.pdf"))
    assert [r.target for r in doc.implements] == ["215-KH/TU@2024-05-10"]
    chain = {r.target: r.implemented_by for r in doc.references if r.implemented_by is not None}
    assert "187-KL/TW@2024-03-14" in chain  # 215-KH/TU implements 187-KL/TW (opening chain)


def test_place_names_resolve_to_their_jurisdiction() -> None:
    from pipeline.gazetteer import Gazetteer
    from pipeline.normalize import fold
    from pipeline.resources import load_resources

    gazetteer = load_resources().gazetteer
    assert gazetteer.place_slugs(fold("Hậu Giang")) == ["hau-giang"]
    assert gazetteer.place_slugs(fold("Atlantis")) == []
    small = Gazetteer(places={"a": ["Hoà Bình"]})
    assert small.place_slugs(fold("Hòa Bình")) == ["a"]  # either tone-mark style
    small.places["b"] = ["Cần Thơ"]  # a place added after the first look-up is found too
    assert small.place_slugs(fold("Cần Thơ")) == ["b"]
