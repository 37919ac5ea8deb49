"""Layouts real offices use beyond the first gold set's (issue 12), on snippets written for the
test in the style of provincial documents: each rule's behaviour, and what it must not do."""

from __future__ import annotations

import hashlib

import pytest

from pipeline.extract import extract
from pipeline.records import ExtractedDocument, RoleFiller, SourceDocument, Task
from pipeline.stages import tasks as tasks_stage
from pipeline.stages.deadlines import parse_deadline
from pipeline.stages.screen import keep_all

HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/KH-UBND\nLâm Đồng, ngày 10 tháng 3 năm 2026\n"
          "KẾ HOẠCH\nTriển khai công tác chuyển đổi số năm 2026\n")


def extracted(text: str, fmt: str = "txt") -> ExtractedDocument:
    """`text` read as a file of format `fmt`, through every stage; the rules' tasks all kept
    (the learned task screen has tests of its own, and is retrained as the gold grows)."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    return extract(SourceDocument(path=f"t.{fmt}", format=fmt, sha256=sha, text=text),
                   screen=keep_all)


def document(body: str, header: str = HEADER, fmt: str = "txt") -> list[Task]:
    return extracted(header + body, fmt).tasks


def leads(task: Task) -> list[tuple[str | None, str | None]]:
    return [(f.id, f.text) for f in task.lead]


def ids(fillers: tuple[RoleFiller, ...]) -> list[str | None]:
    return [f.id for f in fillers]


def test_a_heading_naming_a_bodys_head_or_several_bodies_gives_their_ids() -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n1. Giám đốc Sở Tài chính:\n"
                     "a) Thẩm định dự toán kinh phí thực hiện Kế hoạch.\n"
                     "2. Liên minh Hợp tác xã tỉnh, Hội Nông dân tỉnh, Hiệp hội Doanh nghiệp tỉnh:\n"
                     "a) Tuyên truyền, vận động hội viên tham gia chuyển đổi số.\n")
    first, second = tasks[:2]
    assert leads(first) == [("lam-dong/so-tai-chinh", "Sở Tài chính")]  # the head's office
    # each body of the list, by its id where the gazetteer names it, by its words where not
    assert leads(second) == [(None, "Liên minh Hợp tác xã tỉnh"), ("lam-dong/hnd", "Hội Nông dân tỉnh"),
                             (None, "Hiệp hội Doanh nghiệp tỉnh")]


def test_units_a_sentence_opens_with_in_lower_case_lead_as_written() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Các cơ quan cập nhật ngay các số liệu mới để có giải pháp.\n"
                     "2. Các cơ sở Đoàn, Hội, Đội phát động, triển khai Chương trình.\n"
                     "3. Các đơn vị liên quan phối hợp triển khai.\n"
                     "4. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp "
                     "thời phản ánh về Sở Nội vụ để tổng hợp.\n")
    assert [leads(t) for t in tasks[:4]] == [
        [(None, "Các cơ quan")], [(None, "Các cơ sở Đoàn, Hội, Đội")],
        [("generic/co-quan-lien-quan", "Các đơn vị liên quan")],  # the gazetteer's own first
        [(None, "các đơn vị")]]  # after a fronted clause too


def test_partners_after_investors_and_a_company_as_partner_are_kept() -> None:
    first, second = document(
        "II. NHIỆM VỤ\n1. Sở Công Thương chủ trì, phối hợp với các chủ đầu tư hạ tầng cụm công "
        "nghiệp, Ủy ban nhân dân các xã, phường đầu tư đồng bộ hệ thống lưới điện.\n"
        "2. Sở Công Thương phối hợp Công ty Điện lực Lâm Đồng bảo đảm cung cấp điện.\n")[:2]
    # `chủ đầu tư` names who invests; `đầu tư` in it does not end the list of partners
    assert [f.id for f in first.coordinate] == ["lam-dong/group/commune-ubnd"]
    assert [(f.id, f.text) for f in second.coordinate] == [(None, "Công ty Điện lực Lâm Đồng")]


def test_a_bold_marker_and_its_bold_heading_stay_one_line_in_a_web_copy() -> None:
    doc = extracted(HEADER + "II. NHIỆM VỤ\n\n**1.** **Sở Công Thương:**\n\n- Phối hợp Bộ Chỉ huy "
                    "Quân sự tỉnh vận chuyển hàng.\n\n**2.** **Sở Nông nghiệp và Môi trường:**\n\n"
                    "- Phối hợp UBND các xã, phường cập nhật thiệt hại.\n", "md")
    assert [(t.section, leads(t)) for t in doc.tasks] == [
        ("II.1.-1", [("lam-dong/so-cong-thuong", "Sở Công Thương")]),
        ("II.2.-1", [("lam-dong/so-nn-mt", "Sở Nông nghiệp và Môi trường")])]


def test_a_heading_that_names_a_body_leads_its_items_even_one_the_gazetteer_lacks() -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n1. Trung tâm Xúc tiến Đầu tư và Thương mại tỉnh\n"
                     "a) Rà soát quy trình tiếp nhận hồ sơ trực tuyến của các xã.\n"
                     "b) Báo cáo kết quả về Sở Nội vụ trước ngày 30/6/2026.\n")
    assert [t.text for t in tasks][:1] == ["Rà soát quy trình tiếp nhận hồ sơ trực tuyến của các xã."]
    assert all(leads(t) == [(None, "Trung tâm Xúc tiến Đầu tư và Thương mại tỉnh")] for t in tasks)


@pytest.mark.parametrize("heading, lead", [
    ("Giao Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh:",
     (None, "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh")),
    ("Giao Sở Tài chính:", ("lam-dong/so-tai-chinh", "Sở Tài chính")),
])
def test_a_heading_that_assigns_with_giao_names_who_leads_its_bullets(
        heading: str, lead: tuple[str | None, str]) -> None:
    tasks = document(f"II. TỔ CHỨC THỰC HIỆN\n1. Nhiệm vụ cụ thể\nh) {heading}\n"
                     "- Tiếp tục tiếp nhận phản ánh, kiến nghị của doanh nghiệp.\n"
                     "- Tham mưu tổ chức Hội nghị đối thoại với doanh nghiệp định kỳ.\n")
    assert [t.text[:13] for t in tasks] == ["Tiếp tục tiếp", "Tham mưu tổ c"]
    assert all(leads(t) == [lead] for t in tasks)


def test_a_heading_that_is_a_clause_names_no_one() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Ban hành quy chế phối hợp trong tháng 4/2026\n"
                     "a) Rà soát các văn bản hiện hành.\n")
    assert all((None, "Ban hành quy chế phối hợp trong tháng 4/2026") not in leads(t) for t in tasks)


def test_a_colon_ended_name_line_leads_the_items_below_and_is_no_task() -> None:
    tasks = document("II. PHÂN CÔNG NHIỆM VỤ\nĐồng chí Trần Văn B - Phó Chủ tịch UBND xã:\n"
                     "- Phụ trách lĩnh vực kinh tế, nông nghiệp.\n- Chỉ đạo công tác thu ngân sách.\n")
    assert [t.text for t in tasks] == ["Phụ trách lĩnh vực kinh tế, nông nghiệp.",
                                       "Chỉ đạo công tác thu ngân sách."]
    assert all(leads(t) == [(None, "Đồng chí Trần Văn B - Phó Chủ tịch UBND xã")] for t in tasks)


def test_every_body_of_the_subject_leads() -> None:
    [task] = document("II. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Sở Tài chính, Sở Nội vụ và Công an tỉnh "
                      "phối hợp triển khai các nội dung của Kế hoạch này.\n")
    assert [f.id for f in task.lead] == ["lam-dong/so-tai-chinh", "lam-dong/so-noi-vu",
                                         "lam-dong/cong-an"]


def test_role_labels_in_one_line_and_names_the_gazetteer_lacks() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Kiểm tra an toàn hóa chất tại các cơ sở sản xuất.\n"
                     "Đơn vị chủ trì: Phòng Quản lý Công nghiệp; Đơn vị phối hợp: Phòng Quản lý "
                     "Năng lượng, Văn phòng Sở.\n")
    [task] = tasks
    assert leads(task) == [(None, "Phòng Quản lý Công nghiệp")]
    assert [(f.id, f.text) for f in task.coordinate] == [(None, "Phòng Quản lý Năng lượng"),
                                                         (None, "Văn phòng Sở")]


def test_chu_tri_phoi_hop_heading_makes_its_bodies_coordinate_the_bullets() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Sở Xây dựng\na) Chủ trì, phối hợp với Sở Tài chính:\n"
                     "- Rà soát danh mục dự án chậm tiến độ.\n- Đề xuất phương án xử lý vướng mắc.\n")
    assert [t.text for t in tasks] == ["Rà soát danh mục dự án chậm tiến độ.",
                                       "Đề xuất phương án xử lý vướng mắc."]
    assert all([f.id for f in t.coordinate] == ["lam-dong/so-tai-chinh"] for t in tasks)
    assert all([f.id for f in t.lead] == ["lam-dong/so-xay-dung"] for t in tasks)


def test_a_report_written_is_no_report_duty() -> None:
    [task] = document("II. NHIỆM VỤ\n1. Sở Nội vụ xây dựng báo cáo tổng kết của Ủy ban nhân dân "
                      "tỉnh, báo cáo Bộ Nội vụ trước ngày 15/12/2026.\n")
    assert [f.id for f in task.report_to] == ["cp/bnv"]


def test_a_department_plan_inherits_the_department() -> None:
    header = ("UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 22/KH-SCT\nLào Cai, ngày 02 tháng 4 năm 2026\n"
              "KẾ HOẠCH\nKiểm tra an toàn điện năm 2026\n")
    tasks = document("II. NỘI DUNG\n1. Kiểm tra việc chấp hành quy định về an toàn điện.\n", header)
    assert [f.id for f in tasks[0].lead] == ["lao-cai/so-cong-thuong"]
    meta = extracted(header + "II. NỘI DUNG\n").meta
    assert meta.issuer == "SỞ CÔNG THƯƠNG TỈNH LÀO CAI"


def test_an_attached_plan_has_its_own_outline_and_tasks() -> None:
    decision = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 120/QĐ-UBND\nSơn La, ngày 05 tháng 5 năm 2026\n"
                "QUYẾT ĐỊNH\nBan hành Kế hoạch phòng, chống thiên tai năm 2026\n"
                "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai năm 2026.\n"
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
                "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tài chính chịu trách "
                "nhiệm thi hành Quyết định này.\n"
                "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
                "KẾ HOẠCH\nPhòng, chống thiên tai năm 2026\n"
                "I. NHIỆM VỤ\n1. Rà soát phương án ứng phó với thiên tai của các xã.\n"
                "2. Tổ chức diễn tập ứng phó thiên tai tại các xã vùng cao.\n")
    tasks = extracted(decision).tasks
    assert [t.section for t in tasks] == ["Điều 3", "I.1", "I.2"]
    assert tasks[0].kind == "assignment"
    assert [f.id for f in tasks[0].lead] == ["son-la/ubnd/vp", "son-la/so-tai-chinh"]


def test_context_paragraphs_and_addressees_are_no_tasks() -> None:
    letter = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 88/UBND-KT\nLâm Đồng, ngày 10 tháng 3 năm 2026\n"
              "V/v tăng cường quản lý khoáng sản\nKính gửi:\n- Sở Nông nghiệp và Môi trường;\n"
              "- Ủy ban nhân dân các xã, phường.\n"
              "Thời gian qua, tình trạng khai thác khoáng sản trái phép vẫn diễn ra ở một số nơi.\n"
              "Tăng cường kiểm tra, xử lý nghiêm các hành vi khai thác trái phép.\n")
    doc = extracted(letter)
    assert doc.meta.addressees == ("Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã, phường")
    assert [t.text for t in doc.tasks] == [
        "Tăng cường kiểm tra, xử lý nghiêm các hành vi khai thác trái phép."]


@pytest.mark.parametrize(("words", "kind", "value"), [
    ("tổ chức lễ khởi công vào ngày 19 tháng 12 năm 2026", "date", "2026-12-19"),
    ("báo cáo trước 16 giờ hằng ngày", "recurring", ("daily",)),
])
def test_time_words(words: str, kind: str, value: object) -> None:
    deadline = parse_deadline(words)
    assert deadline is not None and deadline.type == kind
    assert value in (deadline.date, deadline.frequency)


@pytest.mark.parametrize(("number_line", "date_line", "symbol", "date"), [
    ("Số: 12 /QĐ-UBND", "Lâm Đồng, ngày 15 tháng 0 3 năm 2024", "12/QĐ-UBND", "2024-03-15"),
    ("Số:      /KH-UBND", "Lâm Đồng, ngày      tháng 3 năm 2026", None, None),  # a draft
    ("Số: 1105\u2044KH-UBND", "Lâm Đồng, ngày 10 tháng 3 năm 2026", "1105/KH-UBND",
     "2026-03-10"),  # a broken font's fraction slash
    ("Số: 186/KH\ufffeUBND", "Lâm Đồng, ngày 10 tháng 3 năm 2026", "186/KH-UBND",
     "2026-03-10"),  # a PDF text layer's U+FFFE for the hyphen
])
def test_the_own_symbol_and_date_survive_typing_and_drafts(number_line: str, date_line: str,
                                                          symbol: str | None,
                                                          date: str | None) -> None:
    header = f"ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n{number_line}\n{date_line}\nKẾ HOẠCH\nVề việc X\n"
    doc = extracted(header + "I. NHIỆM VỤ\n1. Rà soát các văn bản.\n")
    assert (doc.meta.symbol, doc.meta.date) == (symbol, date)
    assert doc.references == []  # the own symbol is no reference


@pytest.mark.parametrize("hyphen", ["\ufffe", "\u2011", "\u2212"])
def test_a_cited_symbol_whose_hyphen_a_pdf_or_a_typesetter_replaced_is_read(hyphen: str) -> None:
    doc = extracted(HEADER + f"I. NHIỆM VỤ\n1. Thực hiện Kế hoạch số 186/KH{hyphen}UBND ngày "
                    "17/9/2024 của UBND tỉnh.\n")
    assert [r.symbol for r in doc.references] == ["186/KH-UBND"]
    assert doc.references[0].text.startswith("Kế hoạch số 186/KH" + hyphen)  # as written


def test_a_number_in_the_issuers_block_is_not_the_own_symbol() -> None:
    header = ("  SỞ CÔNG THƯƠNG              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "   ĐOÀN KIỂM TRA                   Độc lập - Tự do - Hạnh phúc\n"
              "  THEO QUYẾT ĐỊNH\n   SỐ 1050/QĐ-SCT               Lào Cai, ngày 10 tháng 3 năm 2026\n"
              "\n     Số: 1105/KH-ĐKT\n\n                    KẾ HOẠCH\nKiểm tra X\n")
    doc = extracted(header + "I. NHIỆM VỤ\n1. Kiểm tra hồ sơ của các đơn vị.\n")
    assert (doc.meta.symbol, doc.meta.date) == ("1105/KH-ĐKT", "2026-03-10")


DECISION = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/QĐ-UBND\nLâm Đồng, ngày 10 tháng 3 năm 2026\n"
            "QUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\n")


@pytest.mark.parametrize("executes", ["chịu trách nhiệm thi hành Quyết định này./.",
                                      "căn cứ Quyết định thi hành./."])
def test_each_office_the_execution_article_lists_leads(executes: str) -> None:
    tasks = extracted(DECISION + "Điều 1. Thành lập Tổ công tác.\nĐiều 2. Quyết định này có hiệu "
                      "lực kể từ ngày ký.\nĐiều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc "
                      "Sở Nội vụ; Trưởng phòng Tổ chức cán bộ - Sở Nội vụ; Chủ tịch Ủy ban nhân dân "
                      f"các xã, phường và các ông, bà có tên tại Điều 1 {executes}\n").tasks
    [task] = [t for t in tasks if "thi hành" in t.text]
    assert task.kind == "assignment"
    assert leads(task) == [("lam-dong/ubnd/vp", "Văn phòng Ủy ban nhân dân tỉnh"),
                           ("lam-dong/so-noi-vu", "Sở Nội vụ"),
                           (None, "Trưởng phòng Tổ chức cán bộ - Sở Nội vụ"),
                           ("lam-dong/group/commune-ubnd", "Chủ tịch Ủy ban nhân dân các xã, phường"),
                           (None, "các ông, bà có tên tại Điều 1")]


def test_an_article_that_opens_with_a_sentence_is_a_task_led_by_a_working_group() -> None:
    tasks = extracted(DECISION + "Điều 1. Thành lập Ban bầu cử số 3 gồm các ông, bà sau đây:\n"
                      "1. Ông Nguyễn Văn A, Trưởng ban;\n2. Bà Trần Thị B, Ủy viên.\n"
                      "Điều 2. Ban bầu cử thực hiện nhiệm vụ, quyền hạn theo quy định của Luật Bầu cử.\n"
                      "Đoàn kiểm tra tổng hợp kết quả, báo cáo Sở Nội vụ.\n"
                      "Ban hành kế hoạch tuyên truyền về bầu cử trong tháng 4/2026.\n"
                      "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n").tasks
    opening = {t.text[:20]: leads(t) for t in tasks}
    assert opening["Ban bầu cử thực hiện"] == [(None, "Ban bầu cử")]  # the article's own line
    assert opening["Đoàn kiểm tra tổng h"] == [(None, "Đoàn kiểm tra")]
    assert (None, "Ban hành kế hoạch") not in opening["Ban hành kế hoạch tu"]  # a verb, no board
    assert not any(t.text.startswith("Quyết định này có hiệu lực") for t in tasks)


def test_a_communes_office_for_its_council_and_committee_is_one_body() -> None:
    header = ("ỦY BAN NHÂN DÂN\nXÃ ĐẠ HUOAI\nSố: 21/KH-UBND\nĐạ Huoai, ngày 10 tháng 3 năm 2026\n"
              "KẾ HOẠCH\nTriển khai công tác văn thư năm 2026\n")
    [task] = extracted(header + "II. NHIỆM VỤ\n1. Văn phòng HĐND và UBND xã chủ trì rà soát "
                       "danh mục hồ sơ năm 2026.\n").tasks
    assert [f.text for f in task.lead] == ["Văn phòng HĐND và UBND xã"]
    assert task.lead[0].id is not None and task.lead[0].id.endswith("/xa/vp")


NOTICE = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 45/TB-UBND\nLâm Đồng, ngày 2 tháng 5 năm 2026\n"
          "THÔNG BÁO\nVề việc treo cờ Tổ quốc\n")


def test_a_notice_of_plain_paragraphs_has_tasks_after_its_header() -> None:
    tasks = extracted(NOTICE + "Nhân dịp kỷ niệm 50 năm Ngày thống nhất đất nước. Ủy ban nhân dân "
                      "tỉnh đề nghị các sở, ban, ngành treo cờ Tổ quốc từ ngày 28/4/2026 đến hết "
                      "ngày 01/5/2026.\nỦy ban nhân dân các xã, phường có trách nhiệm kiểm tra "
                      "việc treo cờ ở khu dân cư.\nỦy ban nhân dân tỉnh thông báo để các cơ quan, "
                      "đơn vị biết và thực hiện./.\n").tasks
    assert [t.text[:30] for t in tasks] == ["Ủy ban nhân dân tỉnh đề nghị c",
                                            "Ủy ban nhân dân các xã, phường"]
    assert [f.id for f in tasks[0].lead] == ["lam-dong/group/departments"]  # `A đề nghị B`: B
    assert tasks[0].deadline is not None and tasks[0].deadline.date == "2026-05-01"


def test_a_letters_grounds_are_no_task_and_who_is_given_the_work_leads() -> None:
    tasks = extracted(NOTICE.replace("THÔNG BÁO\nVề việc treo cờ Tổ quốc", "V/v triển khai Kế hoạch")
                      + "Ủy ban nhân dân tỉnh nhận được Kế hoạch số 996/KH-BCA ngày 24/02/2026 "
                      "của Bộ Công an về việc triển khai thực hiện Chương trình.\n"
                      "Tại khoản 2 Điều 3 Thông tư số 13/2022/TT-BTC quy định cơ quan thuế cấp "
                      "tỉnh chủ trì, phối hợp với các đơn vị liên quan rà soát cơ sở dữ liệu giá.\n"
                      "Chủ tịch Ủy ban nhân dân tỉnh giao Công an tỉnh nghiên cứu các nội dung "
                      "tại Kế hoạch, tham mưu triển khai theo quy định.\n").tasks
    assert [t.text[:25] for t in tasks] == ["Chủ tịch Ủy ban nhân dân "]
    assert [f.id for f in tasks[0].lead] == ["lam-dong/cong-an"]


@pytest.mark.parametrize("authority", ["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
                                       "ỦY BAN NHÂN DÂN PHƯỜNG SA ĐÉC",
                                       "TỔ TRƯỞNG TỔ GIÚP VIỆC VỀ CẢI CÁCH HÀNH CHÍNH"])
def test_the_authority_under_a_decisions_title_is_not_the_title(authority: str) -> None:
    doc = extracted(DECISION.replace("Về việc thành lập Tổ công tác\n",
                                     f"Về việc thành lập Hội đồng An toàn, vệ sinh lao động tỉnh\n"
                                     f"{authority}\n")
                    + "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
                    "Điều 1. Thành lập Hội đồng.\n")
    assert doc.meta.title == "Về việc thành lập Hội đồng An toàn, vệ sinh lao động tỉnh"


def test_a_letters_subject_that_wraps_is_read_whole() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "Độc lập - Tự do - Hạnh phúc\nSố: 712/UBND-XD Lào Cai, ngày 3 tháng 7 năm 2026\n"
              "V/v triển khai thực hiện Quyết định số\n1074/QĐ-BXD ngày 29/6/2026 của Bộ\n"
              "Xây dựng về phòng cháy, chữa cháy\nKính gửi:\n- Các Sở, ban, ngành thuộc tỉnh;\n")
    doc = extracted(header + "Giao Sở Xây dựng chủ trì triển khai thực hiện.\n")
    assert doc.meta.title == ("V/v triển khai thực hiện Quyết định số 1074/QĐ-BXD ngày 29/6/2026 "
                              "của Bộ Xây dựng về phòng cháy, chữa cháy")


@pytest.mark.parametrize("number_line, date_line", [
    ("SỐ: 12/QĐ-UBND", "Lâm Đồng, ngày 15 tháng 3 năm 2024"),  # in capitals, under the issuer
    ("SÔ: 12/QĐ-UBND", "Lâm Đồng, ngày 15 tháng 3 năm 2024"),  # its tone misread by OCR
    ("Số: 12/QĐ-UBND", "ngày 15 tháng 3 năm 2024"),  # the place lost: the date joins the number
    ("Số: 12/QĐ-UBND", "Lâm Đồng, ngảy 15 thảng 3 năm 2024"),  # the date's words' tones misread
])
def test_the_own_number_and_date_survive_capitals_ocr_tones_and_a_lost_place(
        number_line: str, date_line: str) -> None:
    header = (f"ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n{number_line}\n{date_line}\n"
              "QUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\n")
    meta = extracted(header + "Điều 1. Giao Sở Nội vụ thực hiện.\n").meta
    assert (meta.symbol, meta.date) == ("12/QĐ-UBND", "2024-03-15")


def test_a_line_after_the_items_says_where_and_by_when_they_all_report() -> None:
    letter = NOTICE.replace("THÔNG BÁO\nVề việc treo cờ Tổ quốc", "V/v báo cáo tình hình")
    body = ("Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị báo cáo các nội dung sau:\n"
            "1. Sở Công Thương báo cáo tình hình triển khai các cụm công nghiệp.\n"
            "2. Sở Tài chính báo cáo kết quả giải ngân vốn đầu tư công.\n"
            "Báo cáo của các cơ quan, đơn vị gửi về UBND tỉnh trước ngày 12/6/2026 để tổng hợp.\n")
    tasks = extracted(letter + body).tasks
    assert [t.text[:14] for t in tasks] == ["Sở Công Thương", "Sở Tài chính b"]
    assert all([f.id for f in t.report_to] == ["lam-dong/ubnd"] for t in tasks)
    assert all(t.deadline is not None and t.deadline.date == "2026-06-12" for t in tasks)
    one = body.replace("2. Sở Tài chính báo cáo kết quả giải ngân vốn đầu tư công.\n", "")
    assert len(extracted(letter + one).tasks) == 2  # one item: the line may be its own task


def test_an_article_on_a_bodys_functions_and_duties_names_who_leads_its_items() -> None:
    tasks = extracted(DECISION + "Điều 1. Thành lập Tổ công tác.\n"
                      "Điều 2. Chức năng, nhiệm vụ của Tổ công tác cải cách hành chính\n"
                      "1. Tham mưu các giải pháp cải cách thủ tục hành chính.\n"
                      "2. Theo dõi, đôn đốc các cơ quan triển khai thực hiện.\n").tasks
    assert [t.text[:8] for t in tasks] == ["Tham mưu", "Theo dõi"]
    assert all(leads(t) == [(None, "Tổ công tác cải cách hành chính")] for t in tasks)


def test_a_regulations_articles_under_its_carrying_out_chapter_are_one_assignment_an_item() -> None:
    tasks = extracted(DECISION + "QUY CHẾ\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
                      "Quy chế này quy định việc quản lý cụm công nghiệp.\n"
                      "Chương III\nTỔ CHỨC THỰC HIỆN\nĐiều 16. Trách nhiệm của Sở Công Thương\n"
                      "1. Chủ trì xây dựng kế hoạch phát triển cụm công nghiệp; tổng hợp nhu cầu "
                      "kinh phí hằng năm. Theo dõi việc thực hiện.\n"
                      "2. Hướng dẫn các chủ đầu tư lập hồ sơ.\n").tasks
    assert [t.text[:12] for t in tasks] == ["Chủ trì xây ", "Hướng dẫn cá"]
    assert all(t.kind == "assignment" for t in tasks)
    assert all([f.id for f in t.lead] == ["lam-dong/so-cong-thuong"] for t in tasks)


def test_an_outcome_line_is_no_task() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Số hóa hồ sơ thủ tục hành chính.\n"
                     "- Kết quả: 100% hồ sơ được số hóa.\n2. Công khai kết quả giải quyết hồ sơ.\n")
    assert [t.text for t in tasks] == ["Số hóa hồ sơ thủ tục hành chính.",
                                       "Công khai kết quả giải quyết hồ sơ."]


def test_a_resolution_of_the_national_assembly_standing_committee_is_a_reference() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/KH-UBND\nLâm Đồng, ngày 15 tháng 3 năm 2026\n"
              "KẾ HOẠCH\nVề việc X\n")
    doc = extracted(header + (
        "Căn cứ Nghị quyết số 76/2025/UBTVQH15 ngày 14/4/2025 của Ủy ban Thường vụ Quốc hội;\n"
        "I. NHIỆM VỤ\n1. Rà soát các văn bản.\n"))
    assert [(r.symbol, r.target) for r in doc.references] == [
        ("76/2025/UBTVQH15", "76/2025/UBTVQH15@2025-04-14")]


GOVERNMENT = ("CHÍNH PHỦ\nSố: 12/NQ-CP\nHà Nội, ngày 09 tháng 01 năm 2026\nNGHỊ QUYẾT\n"
              "Ban hành Chương trình hành động của Chính phủ về chuyển đổi số\n")


def test_an_intro_whose_subject_must_act_leads_the_items_below() -> None:
    """`..., các Bộ, cơ quan ngang Bộ, ..., Ủy ban nhân dân các tỉnh ... cần ... các nhiệm vụ sau
    đây:` names who leads each item of the part, as `yêu cầu X ...:` does."""
    tasks = document(
        "II. NHIỆM VỤ CỤ THỂ\nĐể đạt được các mục tiêu nêu trên, các Bộ, cơ quan ngang Bộ, cơ quan "
        "thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương cần tổ chức "
        "triển khai thực hiện các nhiệm vụ sau đây:\na) Rà soát, sửa đổi các quy định về dữ liệu "
        "dùng chung.\nb) Xây dựng cơ sở dữ liệu cán bộ, công chức.\n", GOVERNMENT)
    assert [t.text[:8] for t in tasks] == ["Rà soát,", "Xây dựng"]
    for task in tasks:
        assert [f.id for f in task.lead] == ["vn/group/ministries", "vn/group/ubnd-tinh"]


def test_an_intro_that_only_announces_names_no_one() -> None:
    """The issuer announcing its plan (`Ủy ban nhân dân tỉnh ban hành Kế hoạch ... như sau:`) is
    not the subject of the items."""
    tasks = document("Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:\n"
                     "I. NHIỆM VỤ\n1. Rà soát các thủ tục hành chính nội bộ.\n")
    assert [f.id for f in tasks[0].lead] == ["lam-dong/group/ubnd-subordinates"]


def test_a_central_document_inherits_no_placeless_group() -> None:
    """Items of a central document that name no body have no invented lead (no `?/group/...`)."""
    tasks = document("II. NHIỆM VỤ\n1. Hoàn thiện thể chế về dữ liệu số trong năm 2026.\n",
                     GOVERNMENT.replace("CHÍNH PHỦ", "BAN CHẤP HÀNH TRUNG ƯƠNG\nĐẢNG ĐOÀN QUỐC HỘI")
                     .replace("12/NQ-CP", "3260-KH/ĐĐQH15"))
    assert tasks and all(not f.id or not f.id.startswith("?") for t in tasks for f in t.lead)


POLITBURO = ("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố: 91-NQ/TW\nĐẢNG CỘNG SẢN VIỆT NAM\n"
             "Hà Nội, ngày 12 tháng 01 năm 2026\nNGHỊ QUYẾT\nCỦA BỘ CHÍNH TRỊ\n"
             "về phát triển kinh tế số\n")


def test_a_politburo_task_naming_no_body_falls_to_the_party_committees_it_addresses() -> None:
    """The Politburo's subordinates are the provincial committees and the central organisations
    (ANNOTATION.md: an unnamed lead is the issuer's subordinate bodies); a body under the
    Central Committee (its header also names it) is not the Politburo."""
    body = "III. NHIỆM VỤ, GIẢI PHÁP\n1. Hoàn thiện thể chế về dữ liệu số trong năm 2026.\n"
    [task] = document(body, POLITBURO)
    assert [f.id for f in task.lead] == ["tw/group/provincial-committees",
                                         "tw/group/central-party-orgs"]
    assert all(f.inherited and f.text is None for f in task.lead)
    delegation = POLITBURO.replace("*", "ĐẢNG ĐOÀN QUỐC HỘI").replace(
        "CỦA BỘ CHÍNH TRỊ\n", "").replace("91-NQ/TW", "3260-KH/ĐĐQH15")
    [task] = document(body, delegation)
    assert task.lead == ()


def test_a_role_block_after_lettered_items_reaches_each_of_them_and_no_further() -> None:
    """`1. <heading>` `a) ...` `b) ...` `- Cơ quan chủ trì: X`: the block closes item 1, so X
    leads a) and b); item 2's task is not in its reach."""
    tasks = document("II. NHIỆM VỤ\n1. Hoàn thiện thể chế\na) Rà soát văn bản quy phạm pháp "
                     "luật.\nb) Đề xuất sửa đổi quy định.\n- Cơ quan chủ trì: Sở Tư pháp.\n"
                     "- Cơ quan phối hợp: Sở Nội vụ.\n2. Phát triển hạ tầng số\na) Nâng cấp "
                     "mạng truyền số liệu chuyên dùng.\n")
    assert [(t.text, [f.id for f in t.lead], [f.id for f in t.coordinate]) for t in tasks] == [
        ("Rà soát văn bản quy phạm pháp luật.", ["lam-dong/so-tu-phap"], ["lam-dong/so-noi-vu"]),
        ("Đề xuất sửa đổi quy định.", ["lam-dong/so-tu-phap"], ["lam-dong/so-noi-vu"]),
        ("Nâng cấp mạng truyền số liệu chuyên dùng.", ["lam-dong/group/ubnd-subordinates"], []),
    ]


def test_a_role_block_before_the_items_of_its_item_reaches_each_of_them() -> None:
    """`1. <heading>` `- Cơ quan chủ trì: X` `- Thời gian thực hiện: ...` `- Nhiệm vụ:` `a) ...`:
    the block comes first and covers the item's tasks, not the next item's."""
    tasks = document("II. NHIỆM VỤ\n1. Hoàn thiện thể chế\n- Cơ quan chủ trì: Sở Tư pháp.\n"
                     "- Cơ quan phối hợp: Sở Nội vụ.\n- Thời gian thực hiện: Quý III/2026.\n"
                     "- Nhiệm vụ:\na) Rà soát văn bản quy phạm pháp luật.\nb) Đề xuất sửa đổi quy "
                     "định.\n2. Phát triển hạ tầng số\na) Nâng cấp mạng truyền số liệu chuyên "
                     "dùng.\n")
    assert [([f.id for f in t.lead], [f.id for f in t.coordinate],
             t.deadline.date if t.deadline else None) for t in tasks] == [
        (["lam-dong/so-tu-phap"], ["lam-dong/so-noi-vu"], "2026-09-30"),
        (["lam-dong/so-tu-phap"], ["lam-dong/so-noi-vu"], "2026-09-30"),
        (["lam-dong/group/ubnd-subordinates"], [], None),
    ]


def test_a_task_table_group_row_heads_its_rows_and_is_no_task() -> None:
    """`| I. | <title> | | |` in a task table: a part of the outline over the rows below it."""
    table = ("II. NHIỆM VỤ\n\n| TT | Tên nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n"
             "|---|---|---|---|\n"
             "| **I.** | Hoàn thiện thể chế về chuyển đổi số | | |\n"
             "| 1. | Rà soát các quy định về dữ liệu số. | Sở Tư pháp | 6/2026 |\n"
             "| **II.** | Phát triển hạ tầng số | | |\n"
             "| 2. | Nâng cấp mạng truyền số liệu chuyên dùng. | Sở Khoa học và Công nghệ | 2026 |\n")
    doc = extracted(HEADER + table, "md")
    assert [t.text for t in doc.tasks] == ["Rà soát các quy định về dữ liệu số.",
                                           "Nâng cấp mạng truyền số liệu chuyên dùng."]
    headings = {s.path: s.heading for s in doc.sections}
    assert [headings.get(t.section or "") for t in doc.tasks] == [
        "Hoàn thiện thể chế về chuyển đổi số", "Phát triển hạ tầng số"]


def test_a_web_copy_bundling_another_document_ends_where_that_one_starts() -> None:
    """A markdown heading naming another document than the file's own title starts a text the
    site bundled after it: neither its tasks nor its references are the document's; the web
    copy's announcement of the signing names the issuer."""
    text = ("# Nghị quyết số 91-NQ/TW\n\n**Thay mặt Bộ Chính trị, Tổng Bí thư đã ký ban hành "
            "Nghị quyết số 91-NQ/TW về phát triển kinh tế số.**\n\n"
            "I- NHIỆM VỤ, GIẢI PHÁP\n\n1\\. Hoàn thiện thể chế về kinh tế số trong năm 2026.\n\n"
            "# Kết luận số 12-KL/TW\n\nBộ Chính trị yêu cầu tiếp tục thực hiện Nghị quyết số "
            "20-NQ/TW.\n\n1\\. Phát triển thị trường khoa học và công nghệ.\n")
    doc = extracted(text, "md")
    assert [t.text for t in doc.tasks] == ["Hoàn thiện thể chế về kinh tế số trong năm 2026."]
    assert doc.meta.issuer == "Bộ Chính trị"
    assert "20-NQ/TW" not in {r.symbol for r in doc.references}


def test_an_article_that_assigns_duties_to_a_named_official_leads_its_items() -> None:
    """`Điều 4. Phân công nhiệm vụ đồng chí X, Chủ tịch UBND xã` over numbered duties."""
    header = HEADER.replace("15/KH-UBND", "224/QĐ-UBND").replace("KẾ HOẠCH", "QUYẾT ĐỊNH")
    tasks = document(
        "Điều 4. Phân công nhiệm vụ đồng chí Nguyễn Văn An, Chủ tịch UBND xã\n"
        "1. Trực tiếp chỉ đạo công tác tổ chức bộ máy, biên chế của UBND xã.\n"
        "2. Trực tiếp chỉ đạo công tác tiếp công dân, giải quyết khiếu nại.\n"
        "Điều 5. Phân công nhiệm vụ đồng chí Lê Thị Bình, Phó Chủ tịch UBND xã\n"
        "1. Phụ trách lĩnh vực văn hóa, xã hội, y tế, giáo dục.\n", header)
    assert [leads(t) for t in tasks] == [
        [(None, "đồng chí Nguyễn Văn An, Chủ tịch UBND xã")]] * 2 + [
        [(None, "đồng chí Lê Thị Bình, Phó Chủ tịch UBND xã")]]


def _meta(text: str) -> tuple[str | None, str | None]:
    doc = extracted(text)
    return doc.meta.symbol, doc.meta.date


def test_a_long_subject_line_does_not_end_the_header() -> None:
    """A letter's `V/v ...` line may be a long sentence with a full stop: the place and date
    after it are still the header's."""
    assert _meta("ĐẢNG ỦY CHÍNH PHỦ\nVĂN PHÒNG\nSố 402-CV/VPĐU\nV/v xin ý kiến dự thảo báo cáo kết "
                 "quả thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về chuyển đổi số quốc "
                 "gia.\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 25 tháng 5 năm 2025\nKính gửi: Các "
                 "đồng chí Ủy viên Ban Thường vụ\n") == ("402-CV/VPĐU", "2025-05-25")


def test_a_meeting_date_is_not_the_date_a_draft_left_blank() -> None:
    """`ngày   tháng 11 năm 2024` (a draft's blank day) stays null; the paragraph that follows
    (`Ngày 12/11/2024, tại trụ sở ...`) dates the meeting, not the notice."""
    assert _meta("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: /TB-UBND Quảng Ngãi, ngày tháng 11 năm "
                 "2024\nTHÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp\nNgày "
                 "12/11/2024, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp nghe "
                 "báo cáo tiến độ triển khai thực hiện các chương trình\n") == (None, None)


def test_a_report_through_named_bodies_goes_via_them() -> None:
    """`báo cáo UBND tỉnh (thông qua Sở Tài chính, Sở Nội vụ)`: to the committee, via both."""
    [task] = document("II. NHIỆM VỤ\n1. Hoàn thành việc rà soát và báo cáo UBND tỉnh (thông qua "
                      "Sở Tài chính, Sở Nội vụ) trước ngày 30/6/2026.\n")
    assert [f.id for f in task.report_to] == ["lam-dong/ubnd"]
    assert [f.id for f in task.via] == ["lam-dong/so-tai-chinh", "lam-dong/so-noi-vu"]


@pytest.mark.parametrize("item", [
    "1. Các sở, ban, ngành xây dựng kế hoạch, gửi về Sở Nội vụ trước ngày 20/11/2026 để tổng "
    "hợp, báo cáo Ủy ban nhân dân tỉnh.\n",
    "1. Các sở, ban, ngành gửi báo cáo kết quả thực hiện về Sở Nội vụ để tổng hợp, theo dõi.\n",
])
def test_what_is_sent_to_a_body_reports_to_it_not_to_the_one_it_reports_to(item: str) -> None:
    [task] = document("II. NHIỆM VỤ\n" + item)
    assert [f.id for f in task.report_to] == ["lam-dong/so-noi-vu"]


def test_a_task_given_to_a_minister_is_led_by_the_ministry() -> None:
    notice = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\nHà Nội, ngày 10 tháng 3 năm 2026\nTHÔNG BÁO\n"
              "Kết luận của Thủ tướng Chính phủ\n")
    [task] = document("1. Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra, rà soát "
                      "các dự án giao thông trọng điểm.\n", notice)
    assert [f.id for f in task.lead] == ["cp/bxd"]


def test_provinces_listed_as_actors_act_by_their_people_s_committees() -> None:
    """`Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương ...` in a central notice: each province's
    People's Committee leads; provinces named as where something is (`trên địa bàn các tỉnh`)
    are not actors."""
    notice = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 12/TB-VPCP\nHà Nội, ngày 10 tháng 3 năm 2026\nTHÔNG BÁO\n"
              "Kết luận của Thủ tướng Chính phủ\n")
    tasks = document("1. Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thiện Báo cáo "
                     "nghiên cứu tiền khả thi.\n2. Bộ Xây dựng kiểm tra các dự án trên địa bàn các "
                     "tỉnh Nghệ An, Hà Tĩnh.\n", notice)
    assert [[f.id for f in t.lead] for t in tasks] == [
        ["nghe-an/ubnd", "quang-ngai/ubnd", "cao-bang/ubnd"], ["cp/bxd"]]
    tasks = document("1. Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh tiến độ lập báo "
                     "cáo.\n2. Hà Nội là nơi tổ chức hội nghị.\n", notice)
    assert [[f.id for f in t.lead] for t in tasks] == [
        ["ha-noi/ubnd", "bac-ninh/ubnd", "gia-lai/ubnd"], []]
    [task] = document("1. Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh và tỉnh Quảng "
                      "Ninh trực tiếp hỗ trợ chi viện.\n", notice)
    assert [f.id for f in task.lead] == ["ha-noi/ubnd", "ho-chi-minh/ubnd", "quang-ninh/ubnd"]


def test_a_partner_the_gazetteer_lacks_ends_where_the_matter_starts() -> None:
    [task] = document("II. PHÂN CÔNG\n1. Đồng chí Nguyễn Văn An - Phó Chủ tịch UBND xã: chỉ đạo "
                      "công tác văn hóa, phối hợp với đồng chí Lô Xuân Du đối với các nội dung "
                      "liên quan hạ tầng.\n")
    assert [(f.id, f.text) for f in task.coordinate] == [(None, "đồng chí Lô Xuân Du")]


def test_a_list_after_one_kind_word_names_each_body() -> None:
    """`các Sở: Tài chính, Kế hoạch và Đầu tư, Xây dựng` is three departments, each with its words
    as written (`Kế hoạch và Đầu tư` is one name though it holds `và`); not `các Sở` as a group."""
    [task] = document("II. NHIỆM VỤ\n1. Giao Sở Nội vụ chủ trì, phối hợp với các Sở: Tài chính, "
                      "Kế hoạch và Đầu tư, Xây dựng xây dựng đề án vị trí việc làm.\n")
    assert [(f.id, f.text) for f in task.coordinate] == [
        ("lam-dong/so-tai-chinh", "Tài chính"), ("lam-dong/so-khdt", "Kế hoạch và Đầu tư"),
        ("lam-dong/so-xay-dung", "Xây dựng")]
    assert [f.id for f in task.lead] == ["lam-dong/so-noi-vu"]


def test_a_report_through_a_unit_of_a_body_goes_through_that_unit() -> None:
    """`(qua Phòng Tham mưu - Công an tỉnh)`: the unit as written, not the police it belongs to;
    `(thông qua Sở Tài chính, Sở Nội vụ)` stays two bodies."""
    [unit] = document("II. NHIỆM VỤ\n1. Các xã xây dựng kế hoạch, gửi về Công an tỉnh (qua "
                      "Phòng Tham mưu - Công an tỉnh) để theo dõi.\n")
    assert [(f.id, f.text) for f in unit.via] == [(None, "Phòng Tham mưu - Công an tỉnh")]
    assert [f.id for f in unit.report_to] == ["lam-dong/cong-an"]
    [listed] = document("II. NHIỆM VỤ\n1. Các xã báo cáo Ủy ban nhân dân tỉnh (thông qua Sở "
                        "Tài chính, Sở Nội vụ) trước ngày 08/02/2026.\n")
    assert [f.id for f in listed.via] == ["lam-dong/so-tai-chinh", "lam-dong/so-noi-vu"]


def test_the_time_inside_a_quoted_rule_is_not_the_task_s() -> None:
    [task] = document("II. NHIỆM VỤ\n1. Sở Tài chính hướng dẫn thực hiện quy định “các cơ quan "
                      "gửi báo cáo trước ngày 15 tháng 01 hằng năm” của Nghị định.\n")
    assert task.deadline is None


def test_a_relative_name_without_a_place_keeps_its_words_and_no_made_up_id() -> None:
    header = "ỦY BAN NHÂN DÂN XÃ\nSố: 5/KH-UBND\nKẾ HOẠCH\nPhòng chống thiên tai năm 2026\n"
    [task] = document("II. NHIỆM VỤ\n1. Rà soát các điểm sạt lở, báo cáo Ủy ban nhân dân xã "
                      "trước ngày 30/6/2026.\n", header)
    assert [(f.id, f.text) for f in task.report_to] == [(None, "Ủy ban nhân dân xã")]


@pytest.mark.parametrize(("words", "cell", "date"), [
    ("từ ngày 02/02/2026 – 15/02/2026", False, "2026-02-15"),  # a range ends at its end
    ("Từ ngày 15/01 - 24/01/2026", False, "2026-01-24"),  # the start without its year
    ("6/2025", True, "2025-06-30"),  # a month in a time column
    ("Tháng 12/2025", True, "2025-12-31"),
    ("Tháng 11 - 12/2025", True, "2025-12-31"),  # two months, not the 11th of December
    ("hoàn thành trong tháng 11 - 12/2025.", False, "2025-12-31"),
])
def test_ranges_and_months_in_a_time_column_end_where_they_end(words: str, cell: bool,
                                                               date: str) -> None:
    deadline = parse_deadline(words, cell=cell)
    assert deadline is not None and (deadline.type, deadline.date) == ("date", date)


@pytest.mark.parametrize("words", ["Quý III, IV/2024", "Quý III và Quý IV/2024", "quý 3 - 4/2024"])
def test_a_range_of_quarters_ends_with_its_last(words: str) -> None:
    deadline = parse_deadline(words, cell=True)
    assert deadline is not None and (deadline.type, deadline.date) == ("quarter", "2024-12-31")


def test_work_from_a_month_until_an_event_has_the_event_for_deadline() -> None:
    deadline = parse_deadline("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê", cell=True)
    assert deadline is not None and deadline.type == "event" and deadline.date is None


def test_a_bare_month_in_running_text_is_no_deadline() -> None:
    """`6/2025` in a sentence may be a ratio or a citation's part; only a time cell says it."""
    assert parse_deadline("đạt tỷ lệ 6/2025 hồ sơ") is None


@pytest.mark.parametrize(("words", "kept"), [
    ("Tiếp tục thực hiện Kế hoạch số 310/KH-UBND ngày 21/8/2024 của Ủy ban nhân dân tỉnh về phát "
     "triển nuôi trồng thủy sản trên biển đến năm 2030;", None),
    ("Triển khai Quyết định số 1382/QĐ-UBND ngày 23/4/2026 về Danh mục dự án thu hút đầu tư "
     "giai đoạn 2026 - 2030.", None),
    # the task's own time after the title, past a comma, stays its deadline
    ("Triển khai Kế hoạch số 12/KH-UBND về chuyển đổi số, hoàn thành trong năm 2026.",
     "trong năm 2026"),
])
def test_a_time_in_a_cited_documents_title_is_not_the_tasks(words: str, kept: str | None) -> None:
    deadline = parse_deadline(words)
    assert (deadline.text if deadline else None) == kept


def test_frequencies_are_listed_the_same_way_whatever_order_the_text_uses() -> None:
    deadline = parse_deadline("Tham mưu công tác báo cáo tổng hợp hàng tuần, hàng tháng, quý và năm;")
    assert deadline is not None
    assert deadline.frequency == ("weekly", "monthly", "quarterly", "yearly")


def test_a_sentence_over_a_list_of_fields_is_one_task() -> None:
    """`5. Trực tiếp phụ trách, chỉ đạo các lĩnh vực sau:` over fields (one of which reads like
    a verb): one task, its time the sentence's, not a field's (`hằng năm`)."""
    header = HEADER.replace("15/KH-UBND", "224/QĐ-UBND").replace("KẾ HOẠCH", "QUYẾT ĐỊNH")
    tasks = document(
        "Điều 4. Phân công nhiệm vụ đồng chí Nguyễn Văn An, Chủ tịch UBND xã\n"
        "1. Trực tiếp chỉ đạo công tác tiếp công dân, giải quyết khiếu nại.\n"
        "2. Trực tiếp phụ trách, chỉ đạo các lĩnh vực sau:\n- Tài chính - ngân sách; dự toán ngân "
        "sách hằng năm;\n- Quản lý, sử dụng tài sản công;\n- Quốc phòng, an ninh, nội chính.\n",
        header)
    assert [t.text.split("\n")[0] for t in tasks] == [
        "Trực tiếp chỉ đạo công tác tiếp công dân, giải quyết khiếu nại.",
        "Trực tiếp phụ trách, chỉ đạo các lĩnh vực sau:"]
    assert tasks[1].text.endswith("Quốc phòng, an ninh, nội chính.") and tasks[1].deadline is None


def test_a_sentence_over_a_list_of_actions_leaves_each_a_task() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Tổ chức các hoạt động truyền thông sau:\n- Xây dựng "
                     "chuyên mục trên cổng thông tin điện tử.\n- Các cơ quan, đơn vị gửi tin bài "
                     "về Sở Văn hóa.\n- Tổ chức tọa đàm về chuyển đổi số.\n")
    assert len(tasks) == 3 and tasks[1].text.startswith("Các cơ quan, đơn vị gửi")


def test_a_partner_the_gazetteer_lacks_is_kept_with_its_words() -> None:
    """`phối hợp với phòng Văn hóa` / `với đồng chí Lô Xuân Du`: coordinating partners by name;
    a generic `các đơn vị liên quan` is the generic body, not a name."""
    tasks = document("II. NHIỆM VỤ\n1. Phối hợp với phòng Văn hóa tham mưu quy trình đánh giá chất "
                     "lượng theo tiêu chuẩn ISO.\n2. Rà soát hồ sơ đất đai, phối hợp với đồng chí Lô "
                     "Xuân Du để giải quyết dứt điểm.\n3. Phối hợp với các đơn vị liên quan rà soát "
                     "hồ sơ.\n")
    assert [[(f.id, f.text) for f in t.coordinate] for t in tasks] == [
        [(None, "phòng Văn hóa")], [(None, "đồng chí Lô Xuân Du")],
        [("generic/co-quan-lien-quan", "các đơn vị liên quan")]]


def test_an_item_that_opens_with_an_official_leads_its_sub_items() -> None:
    """`1. Đồng chí Kiều Đình Việt, phụ trách ... cụ thể sau:` over bullets: the official leads."""
    tasks = document("II. PHÂN CÔNG NHIỆM VỤ\n1. Đồng chí Kiều Đình Việt, phụ trách và tham mưu "
                     "thực hiện các nhiệm vụ thuộc lĩnh vực tài chính, cụ thể sau:\n- Lập, thẩm định "
                     "kế hoạch đầu tư công của xã.\n- Tham mưu thực hiện hoạt động đấu thầu.\n")
    assert tasks and all(leads(t) == [(None, "Đồng chí Kiều Đình Việt")] for t in tasks)


def test_a_sentence_that_names_no_one_goes_on_with_the_one_before() -> None:
    [first, second] = document("II. NHIỆM VỤ\n1. Giao Sở Tài chính chủ trì rà soát các dự án chậm "
                               "giải ngân. Hoàn thành và báo cáo UBND tỉnh trước ngày 20/02/2026.\n")
    assert [f.id for f in first.lead] == [f.id for f in second.lead] == ["lam-dong/so-tai-chinh"]
    # the paragraph names it: not `inherited` (the workbench reads that as "from the heading above")
    assert not second.lead[0].inherited and not first.lead[0].inherited


def test_a_line_opening_with_giao_leads_its_items_not_the_wider_request_above() -> None:
    """`Giao X chủ trì, phối hợp với Y:` over lettered items: X leads each (not Y, and not the
    departments a request further up names) and Y coordinates; the verb opening the line counts
    as an intro's."""
    tasks = document("\n\n".join((  # one paragraph a line, as a Word document is read
        "II. NHIỆM VỤ TRỌNG TÂM",
        "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành tập trung thực hiện các nhiệm vụ sau:",
        "1. Về cải cách thể chế",
        "Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan:",
        "a) Rà soát toàn bộ văn bản quy phạm pháp luật do tỉnh ban hành.",
        "b) Tham mưu bãi bỏ các văn bản không còn phù hợp trong quý II/2026.",
        "2. Về cải cách thủ tục hành chính",
        "a) Công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công.\n")))
    by_text = {t.text[:12]: leads(t) for t in tasks}
    partners = {t.text[:12]: [f.id for f in t.coordinate] for t in tasks}
    assert partners["Rà soát toàn"] == partners["Tham mưu bãi"] == ["generic/co-quan-lien-quan"]
    assert partners["Công khai đầ"] == []
    assert by_text["Rà soát toàn"] == [("lam-dong/so-tu-phap", "Sở Tư pháp")]
    assert by_text["Tham mưu bãi"] == [("lam-dong/so-tu-phap", "Sở Tư pháp")]
    assert by_text["Công khai đầ"] == [("lam-dong/group/departments", "các sở, ban, ngành")]


@pytest.mark.parametrize(("words", "frequency"), [
    ("Tổ chức diễn tập ứng phó sự cố hóa chất định kỳ.", ()),
    ("Kiểm tra định kỳ và đột xuất việc chấp hành quy định.", ()),
    ("Kiểm tra, đánh giá an toàn thông tin ít nhất 01 lần/năm.", ("yearly",)),
    ("Báo cáo 02 lần/ngày về Ban Chỉ huy.", ("daily",)),
    ("Phấn đấu mỗi năm tổ chức đấu giá từ 05 mỏ khoáng sản.", ("yearly",)),
])
def test_a_recurrence_without_hang_is_recurring(words: str, frequency: tuple[str, ...]) -> None:
    deadline = parse_deadline(words)
    assert deadline is not None and (deadline.type, deadline.frequency) == ("recurring", frequency)


def test_a_stated_year_beats_a_bare_recurrence() -> None:
    deadline = parse_deadline("Tổ chức diễn tập định kỳ cho lực lượng xung kích trong năm 2023.")
    assert deadline is not None and (deadline.type, deadline.year) == ("year", 2023)


@pytest.mark.parametrize("words", ["Tổ chức khám sức khỏe định kỳ cho cán bộ.",
                                   "Chuẩn bị nội dung theo quy định kỳ họp thứ hai.",
                                   "Nộp hồ sơ theo ấn định kỳ hạn của cơ quan thuế."])
def test_dinh_ky_inside_other_words_is_no_recurrence(words: str) -> None:
    assert parse_deadline(words) is None


@pytest.mark.parametrize("words", [
    "Bố trí kinh phí chi thường xuyên để thực hiện kế hoạch.",
    "Đưa nội dung vào chương trình giáo dục thường xuyên.",
    "Lắp đặt hệ thống cảnh báo tại các khu vực thường xuyên xảy ra thiên tai.",
    # the law's regular reception of citizens and the regular work are things, not times
    "Cử cán bộ tham gia tiếp công dân thường xuyên tại trụ sở tiếp công dân.",
    "Xử lý và giải quyết các công việc thường xuyên của Tổ giúp việc.",
    "Bảo đảm an toàn, hoạt động liên tục của các hệ thống thông tin.",
    # the term of an elected body or a congress, a numbered event's year
    "Tuyên truyền cuộc bầu cử đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031.",
    "Quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030.",
    "Tổ chức truyền hình trực tiếp Lễ khai mạc Festival Thăng Long lần thứ II, năm 2026.",
])
def test_words_that_describe_a_thing_set_no_time(words: str) -> None:
    assert parse_deadline(words) is None


def test_trong_nam_is_a_time_even_after_a_named_programme() -> None:
    deadline = parse_deadline("Thực hiện thắng lợi các nhiệm vụ đột phá của Đề án chuyển đổi số "
                              "trong năm 2026, trọng tâm là chuyển đổi phương thức làm việc.")
    assert deadline is not None and (deadline.type, deadline.year) == ("year", 2026)
    assert parse_deadline("Triển khai Đề án chuyển đổi số năm 2026 của tỉnh.") is None  # its name


@pytest.mark.parametrize("words", [
    "Bảo đảm sự phối hợp chặt chẽ, thường xuyên, hiệu quả giữa các cơ quan, đơn vị.",
    "Phong trào thi đua phải được tổ chức triển khai thường xuyên, sâu rộng, thiết thực.",
    "Triển khai chương trình tuyên truyền thường xuyên, sâu rộng về nội dung Nghị quyết.",
    "Bảo đảm điều kiện kỹ thuật cho hoạt động thường xuyên, liên tục của Trung tâm.",
])
def test_thuong_xuyen_among_qualities_sets_no_time(words: str) -> None:
    """Listed with qualities (`chặt chẽ`, `sâu rộng`, `hiệu quả`) `thường xuyên` says how a
    thing is done; `liên tục` paired with a `thường xuyên` that is no time is none either."""
    assert parse_deadline(words) is None


@pytest.mark.parametrize("words", [
    "Các sở, ngành phải thường xuyên, kịp thời động viên, thăm hỏi các gia đình.",
    "Tuyên truyền thường xuyên, định kỳ, sâu rộng về nội dung Kế hoạch.",
    "Cập nhật thường xuyên, đầy đủ dữ liệu kết quả xử lý hồ sơ.",
])
def test_thuong_xuyen_beside_a_time_word_stays_a_time(words: str) -> None:
    deadline = parse_deadline(words)
    assert deadline is not None and deadline.type in {"ongoing", "recurring"}


def test_thuong_xuyen_before_a_verb_is_ongoing() -> None:
    deadline = parse_deadline("Thường xuyên rà soát, cập nhật cơ sở dữ liệu.")
    assert deadline is not None and deadline.type == "ongoing"


@pytest.mark.parametrize("subject", [
    "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
    "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ",
])
def test_the_governments_standard_addressee_is_one_group(subject: str) -> None:
    tasks = document(f"II. NHIỆM VỤ\n1. {subject} rà soát các quy định về đầu tư.\n", GOVERNMENT)
    assert leads(tasks[0]) == [("vn/group/ministries", subject)]


def coordinators(task: Task) -> list[tuple[str | None, str | None]]:
    return [(f.id, f.text) for f in task.coordinate]


def test_a_compound_ending_in_a_unit_word_is_no_related_body() -> None:
    [task] = document("II. NHIỆM VỤ\n1. Sở Tài chính chủ trì, phối hợp với các cơ sở liên quan "
                      "rà soát các quy định về phí.\n")
    assert "generic/co-quan-lien-quan" not in [f.id for f in task.coordinate]


@pytest.mark.parametrize("phrase", ["cơ quan, địa phương liên quan", "các đơn vị có liên quan",
                                    "các sở, ban, ngành và địa phương liên quan"])
def test_a_phrase_ended_by_lien_quan_is_the_generic_body(phrase: str) -> None:
    tasks = document(f"II. NHIỆM VỤ\n1. Sở Tài chính chủ trì, phối hợp với {phrase} rà soát "
                     "các quy định về phí.\n")
    assert coordinators(tasks[0]) == [("generic/co-quan-lien-quan", phrase)]


def test_a_bullet_opening_with_its_partners_heads_none_of_its_own_sentences() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Sở Xây dựng\n- Chủ trì, phối hợp với các cơ quan liên quan "
                     "kiểm tra việc sử dụng vật liệu xây dựng; Tiếp tục kiểm soát các bãi tập kết "
                     "cát, sỏi.\n")
    assert [t.text[:15] for t in tasks] == ["Chủ trì, phối h", "Tiếp tục kiểm s"]
    assert [[f.id for f in t.coordinate] for t in tasks] == [["generic/co-quan-lien-quan"], []]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_laid_out_line_broken_mid_phrase_or_a_long_bullet_goes_on_on_the_next(fmt: str) -> None:
    tasks = extracted(HEADER + "II. NHIỆM VỤ\n1. Sở Xây dựng\n"
                      "- Phối hợp với Công an tỉnh, Sở Nội vụ và\nSở Tài chính tổ chức phân luồng "
                      "giao thông cho đại biểu.\n"
                      "- Chủ trì, phối hợp với các đơn vị liên quan gửi giấy mời tới đại biểu các "
                      "tỉnh, thành phố và thành phố\nHà Nội theo danh sách đã được phê duyệt.\n"
                      "- Sở Tài chính\nBố trí kinh phí thực hiện.\n", fmt).tasks
    assert [t.text[:12] for t in tasks][:2] == ["Phối hợp với", "Chủ trì, phố"]
    assert [f.id for f in tasks[0].coordinate] == ["lam-dong/cong-an", "lam-dong/so-noi-vu",
                                                   "lam-dong/so-tai-chinh"]
    assert tasks[1].text.endswith("đã được phê duyệt.")
    assert not any(t.text.startswith("Sở Tài chính Bố trí") for t in tasks)  # a short one heads


def test_a_coordination_heading_without_chu_tri_reaches_its_bullets() -> None:
    tasks = document("V. TỔ CHỨC THỰC HIỆN\n1. Sở Công Thương\na) Chủ trì, phối hợp với các sở, "
                     "ban, ngành\n- Tổ chức tập huấn kiến thức về thương mại điện tử.\n"
                     "b) Phối hợp với Ủy ban nhân dân các xã, phường\n"
                     "- Hỗ trợ các nhà đầu tư phát triển hạ tầng thương mại.\n")
    assert [leads(t) for t in tasks] == [[("lam-dong/so-cong-thuong", "Sở Công Thương")]] * 2
    assert [f.id for f in tasks[1].coordinate] == ["lam-dong/group/commune-ubnd"]


def test_a_paragraph_naming_only_partners_under_a_body_heading_reaches_its_bullets() -> None:
    # a web copy: the heading in bold on its own, the partners in a paragraph of their own
    tasks = extracted(HEADER.replace("\n", "\n\n") + "**V. TỔ CHỨC THỰC HIỆN**\n\n**1. Sở Khoa "
                      "học và Công nghệ**\n\nChủ trì, phối hợp với các sở, ngành, UBND các xã,\n"
                      "phường:\n\n- Triển khai chính sách hỗ trợ doanh nghiệp đổi mới công nghệ."
                      "\n\n- Hướng dẫn xây dựng nhãn hiệu cho sản phẩm chủ lực.\n\n**2. Sở Tài "
                      "chính**\n\n- Bố trí kinh phí thực hiện Kế hoạch.\n", "md").tasks
    assert [leads(t)[0][0] for t in tasks] == ["lam-dong/so-khcn"] * 2 + ["lam-dong/so-tai-chinh"]
    assert [[f.id for f in t.coordinate] for t in tasks] == [
        ["lam-dong/group/departments", "lam-dong/group/commune-ubnd"]] * 2 + [[]]


def test_a_heading_listing_owners_between_semicolons_gives_each_the_lead() -> None:
    tasks = document("IV. TỔ CHỨC THỰC HIỆN\n8. Các sở, ban, ngành; UBND các xã, phường, đặc khu; "
                     "các cơ quan, đơn vị có liên quan\na) Xây dựng kế hoạch tuyên truyền cụ thể.\n"
                     "b) Tổ chức thực hiện các hình thức tuyên truyền phù hợp.\n")
    assert [[f.id for f in t.lead] for t in tasks] == [
        ["lam-dong/group/departments", "lam-dong/group/commune-ubnd",
         "generic/co-quan-lien-quan"]] * 2


def test_a_committee_abbreviated_before_its_place_is_that_places() -> None:
    """`tỉnh Đắk Lắk` is a longer phrase than `UBND tỉnh` and takes the words; the committee
    is still read, the place's, not the issuer's."""
    [task] = document("V. TỔ CHỨC THỰC HIỆN\n19. Mời các địa phương tham gia\n- Đề nghị UBND "
                      "Thành phố Hồ Chí Minh, UBND tỉnh Đắk Lắk cử đoàn nghệ thuật tham gia.\n")
    assert leads(task) == [("ho-chi-minh/ubnd", "UBND Thành phố Hồ Chí Minh"),
                           ("dak-lak/ubnd", "UBND tỉnh Đắk Lắk")]


@pytest.mark.parametrize("verb", ["chịu trách nhiệm", "triệu tập", "thông báo", "lập", "giữ vững",
                                  "tiếp công dân", "không để", "kịp thời phát hiện",
                                  "trực tiếp phụ trách", "tuân thủ"])
def test_a_clause_after_a_semicolon_led_by_a_directive_verb_is_a_task_of_its_own(verb: str) -> None:
    tasks = document("II. NHIỆM VỤ\n1. Lãnh đạo, chỉ đạo, điều hành toàn diện các hoạt động thuộc "
                     f"chức năng, nhiệm vụ của Ủy ban nhân dân xã; {verb} theo quy định về các nội "
                     "dung công việc được giao trong năm.\n")
    assert len(tasks) == 2 and tasks[1].text.startswith(verb)


def test_a_completion_time_after_a_task_and_a_quoted_semicolon_start_no_task() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Rà soát, cập nhật tiến độ thực hiện nhiệm vụ của tỉnh trên hệ "
                     "thống. Hoàn thành trước ngày 20/12/2025.\n2. Khen thưởng các tập thể có thành "
                     "tích trong phong trào thi đua “Đẩy mạnh phát triển hạ tầng; thực hành tiết "
                     "kiệm, chống lãng phí” của tỉnh; hoàn thành chậm nhất là ngày 30/01/2026.\n")
    assert len(tasks) == 2
    assert [t.deadline.date if t.deadline else None for t in tasks] == ["2025-12-20", "2026-01-30"]


@pytest.mark.parametrize(("sentence", "report_to", "via"), [
    # a proposal sent through a channel goes to whom it names
    ("đề nghị các cơ quan, đơn vị đề xuất UBND tỉnh (qua Sở Nội vụ để tổng hợp) xem xét, chỉ đạo.",
     ["lam-dong/ubnd"], ["lam-dong/so-noi-vu"]),
    ("Các sở, ngành đăng ký với Ủy ban nhân dân tỉnh (qua Sở Tài chính) các dự án khởi công.",
     ["lam-dong/ubnd"], ["lam-dong/so-tai-chinh"]),
    # a channel in emphasis; a recipient the gazetteer lacks beside it
    ("Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan, đơn vị phản hồi về Ban Chỉ đạo "
     "(*qua Sở Tài chính*) để xem xét.", [None], ["lam-dong/so-tai-chinh"]),
])
def test_a_channel_in_brackets_is_via_and_the_body_before_it_is_reported_to(
        sentence: str, report_to: list[str | None], via: list[str]) -> None:
    [task] = document(f"IV. TỔ CHỨC THỰC HIỆN\n1. {sentence}\n")
    assert [f.id for f in task.report_to] == report_to
    assert [f.id for f in task.via] == via


def test_difficulties_reflected_to_a_body_report_to_it() -> None:
    [task] = document("IV. TỔ CHỨC THỰC HIỆN\n1. Trong quá trình thực hiện, nếu có khó khăn, "
                      "vướng mắc, các cơ quan, đơn vị kịp thời phản ánh về Sở Nội vụ để tổng "
                      "hợp, báo cáo Ủy ban nhân dân tỉnh.\n")
    assert [f.id for f in task.report_to] == ["lam-dong/so-noi-vu"]


def test_a_deputy_is_not_the_office_he_deputises() -> None:
    [task] = document("II. NHIỆM VỤ\n1. Sở Nội vụ theo dõi, đôn đốc, báo cáo Phó Chủ tịch Ủy ban "
                      "nhân dân tỉnh kết quả thực hiện.\n")
    assert "lam-dong/ubnd/ct" not in [f.id for f in task.report_to]


@pytest.mark.parametrize(("cell", "names"), [
    ("Đỗ Mạnh Cường\nVũ Việt Linh\nNguyễn Thị Loan",
     ["Đỗ Mạnh Cường", "Vũ Việt Linh", "Nguyễn Thị Loan"]),
    ("Phòng Quản lý công nghiệp\nVăn phòng Sở", ["Phòng Quản lý công nghiệp", "Văn phòng Sở"]),
    ("Sở Công\nThương", ["Sở Công Thương"]),  # a name the cell wraps is not cut
    ("Sở Nông nghiệp và\nMôi trường", ["Sở Nông nghiệp và Môi trường"]),
    ("Tổ chức ước\nđạt kết quả", ["Tổ chức ước đạt kết quả"]),  # lower-case lines are no people
])
def test_a_people_cell_names_one_filler_a_line(cell: str, names: list[str]) -> None:
    """A `Người thực hiện` cell lists a person (or a unit) a line."""
    assert [f.text for f in tasks_stage._names(cell)] == names


@pytest.mark.parametrize(("written", "body_id"), [
    ("Sở Lao động – Thương binh và Xã hội", "lam-dong/so-ld-tbxh"),  # an en dash for the comma
    ("Sở Kế hoạch - Đầu tư", "lam-dong/so-khdt"),  # a hyphen for `và`
    ("Sở Văn hóa - Thể thao và Du lịch", "lam-dong/so-vh-tt-dl"),
])
def test_an_agency_name_is_the_same_whatever_joins_its_fields(written: str, body_id: str) -> None:
    [task] = document(f"II. NHIỆM VỤ\n1. {written} rà soát các quy định về phí.\n")
    assert leads(task) == [(body_id, written)]


def test_who_is_told_at_once_and_the_provincial_tier_are_reported_to() -> None:
    told, tier, people = document(
        "II. NHIỆM VỤ\n1. Cục Thuế tỉnh kịp thời thông báo cho Sở Tài chính khi giá không còn phù "
        "hợp.\n2. Sở Xây dựng tổng hợp, báo cáo Ủy ban nhân dân cấp tỉnh về sự cố công trình.\n"
        "3. Sở Tài chính thông báo cho người dân biết lịch tiếp nhận hồ sơ.\n")[:3]
    assert [f.id for f in told.report_to] == ["lam-dong/so-tai-chinh"]
    assert [f.id for f in tier.report_to] == ["lam-dong/ubnd"]  # a province's own tier
    assert people.report_to == ()  # the public is told, no body reported to
    [notice] = document("II. NHIỆM VỤ\n1. Cơ quan thuế ban hành Thông báo về nghĩa vụ tài chính "
                        "chuyển Văn phòng đăng ký đất đai để nộp nghĩa vụ.\n")
    assert notice.report_to == ()  # `Thông báo về ...` is a notice named by its matter


def test_a_report_relayed_on_goes_to_the_first_body_only() -> None:
    [task] = document("II. NHIỆM VỤ\n1. Các xã kịp thời báo cáo Sở Nội vụ trước ngày 30/11/2026 "
                      "để tổng hợp tiếp tục báo cáo Bộ Nội vụ theo quy định.\n")
    assert [f.id for f in task.report_to] == ["lam-dong/so-noi-vu"]


def test_a_hyphen_before_a_parent_agency_keeps_two_names_apart() -> None:
    from pipeline.gazetteer import separator_variants
    assert separator_variants("cục thuế - bộ tài chính") == ["cục thuế - bộ tài chính"]
    assert "sở kế hoạch - đầu tư" in separator_variants("sở kế hoạch và đầu tư")


COMMUNE_HEADER = ("ĐẢNG BỘ TỈNH KHÁNH HOÀ\nĐẢNG UỶ XÃ CÔNG HẢI\n*\nSố: 12-KH/ĐU\n"
                  "Công Hải, ngày 10 tháng 3 năm 2026\nKẾ HOẠCH\nThực hiện chuyển đổi số năm 2026\n")


def test_a_communes_document_has_the_commune_as_jurisdiction_and_its_bodies() -> None:
    doc = extracted(COMMUNE_HEADER + "II. TỔ CHỨC THỰC HIỆN\n"
                    "1. Ủy ban nhân dân xã chủ trì, phối hợp với Hội Nông dân xã và Sở Tài chính "
                    "rà soát hạ tầng số của xã.\n"
                    "2. Tổ chức hội nghị quán triệt kế hoạch đến cán bộ, đảng viên.\n")
    assert doc.meta.jurisdiction == "khanh-hoa/cong-hai"
    first, second = doc.tasks[:2]
    assert leads(first) == [("khanh-hoa/cong-hai/xa/ubnd", "Ủy ban nhân dân xã")]
    # the level word makes a provincial template the commune's; a province's department stays
    assert [(f.id, f.text) for f in first.coordinate] == [
        ("khanh-hoa/cong-hai/hnd", "Hội Nông dân xã"), ("khanh-hoa/so-tai-chinh", "Sở Tài chính")]
    # a neighbouring commune named is that commune's; `xã hội` is no level word
    found = {m.text: m.id for m in extracted(COMMUNE_HEADER + "1. Phối hợp với UBND xã Thuận "
                                             "Bắc, Sở Y tế xã hội hóa dịch vụ.\n").bodies}
    assert found["UBND xã Thuận Bắc"] == "khanh-hoa/thuan-bac/xa/ubnd"
    assert found["Sở Y tế"] == "khanh-hoa/so-y-te"
    assert found["ĐẢNG UỶ XÃ CÔNG HẢI"] == "khanh-hoa/cong-hai/xa/du"  # the issuer itself
    assert [f.id for f in second.lead] == ["khanh-hoa/cong-hai/group/party-subordinates"]


def test_the_boards_of_the_committee_that_writes_are_its_own() -> None:
    found = {m.text: m.id for m in extracted(
        COMMUNE_HEADER + "1. Các cơ quan tham mưu, giúp việc Đảng ủy phối hợp với các ban xây "
        "dựng Đảng của Tỉnh ủy rà soát hạ tầng số.\n").bodies}
    assert found["Các cơ quan tham mưu, giúp việc Đảng ủy"] == (
        "khanh-hoa/cong-hai/group/party-boards")
    assert found["các ban xây dựng Đảng của Tỉnh ủy"] == "khanh-hoa/group/party-boards"
    found = {m.text: m.id for m in extracted(
        COMMUNE_HEADER + "1. Các cơ quan tham mưu, giúp việc Đảng ủy UBND tỉnh rà soát hạ tầng "
        "số.\n").bodies}
    assert found["Các cơ quan tham mưu, giúp việc Đảng ủy"] == "khanh-hoa/group/party-boards"
    found = {m.text: m.id for m in extracted(  # a lower-case word after it is the sentence's
        COMMUNE_HEADER + "1. Các cơ quan tham mưu, giúp việc Đảng ủy đề xuất danh mục.\n").bodies}
    assert found["Các cơ quan tham mưu, giúp việc Đảng ủy"] == (
        "khanh-hoa/cong-hai/group/party-boards")


def test_a_communes_party_organs_are_named_after_its_party_committee() -> None:
    doc = extracted(COMMUNE_HEADER + "II. TỔ CHỨC THỰC HIỆN\n"
                    "1. Ban Chấp hành Đảng bộ xã lãnh đạo việc thực hiện; báo cáo kết quả về Ban "
                    "Thường vụ Đảng ủy xã (qua Văn phòng Đảng ủy) trước ngày 15/12/2026.\n")
    task = doc.tasks[0]
    # the commune's committee is its own entry, not a province's `Tỉnh ủy` under another place
    assert leads(task) == [("khanh-hoa/cong-hai/xa/du", "Ban Chấp hành Đảng bộ xã")]
    assert [(f.id, f.text) for f in task.report_to] == [
        ("khanh-hoa/cong-hai/btv", "Ban Thường vụ Đảng ủy xã")]
    assert [(f.id, f.text) for f in task.via] == [("khanh-hoa/cong-hai/vp", "Văn phòng Đảng ủy")]


def test_a_commune_name_several_provinces_have_takes_the_province_the_text_names() -> None:
    header = ("ỦY BAN NHÂN DÂN\nXÃ NGHĨA LÂM\nSố: 20/KH-UBND\nNghĩa Lâm, ngày 2 tháng 4 năm 2026\n"
              "KẾ HOẠCH\nTriển khai Kế hoạch số 15/KH-UBND của UBND tỉnh Nghệ An\n")
    body = "1. Văn phòng HĐND và UBND xã theo dõi, đôn đốc thực hiện.\n"
    assert extracted(header + body).meta.jurisdiction == "nghe-an/nghia-lam"
    # Nghĩa Lâm is a commune of Ninh Bình too: with no province named, no guess
    unnamed = header.replace(" của UBND tỉnh Nghệ An", "")
    assert extracted(unnamed + body).meta.jurisdiction is None


def test_a_provinces_document_about_a_commune_keeps_the_province() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: 30/KH-UBND\nKhánh Hòa, ngày 2 tháng 4 năm 2026\n"
              "KẾ HOẠCH\nHỗ trợ xã Công Hải xây dựng nông thôn mới\n")
    doc = extracted(header + "1. UBND xã Công Hải chủ trì rà soát các tiêu chí.\n")
    assert doc.meta.jurisdiction == "khanh-hoa"
    # a commune named is that commune's; above the commune, `UBND xã` alone names every
    # commune's: one identity with `UBND các xã`
    assert [f.id for f in doc.tasks[0].lead] == ["khanh-hoa/cong-hai/xa/ubnd"]
    for every in ("UBND cấp xã", "UBND các xã, phường"):
        again = extracted(doc.source.text.replace("UBND xã Công Hải", every))
        assert [f.id for f in again.tasks[0].lead] == ["khanh-hoa/group/commune-ubnd"]


DISTRICT_HEADER = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN KRÔNG NÔ Độc lập - Tự do"
                   " - Hạnh phúc\nSố: 45/KH-UBND Krông Nô, ngày 12 tháng 6 năm 2019\nKẾ HOẠCH\n"
                   "Rà soát mộ liệt sĩ trên địa bàn huyện\n")


def test_a_districts_document_has_the_district_as_jurisdiction_and_its_communes() -> None:
    doc = extracted(DISTRICT_HEADER + "II. TỔ CHỨC THỰC HIỆN\n"
                    "1. UBND các xã, thị trấn chủ trì rà soát, phối hợp với Công an huyện.\n"
                    "2. UBND cấp xã báo cáo kết quả về UBND huyện trước ngày 30/9/2019.\n"
                    "3. Tổ chức hội nghị sơ kết việc rà soát.\n")
    assert doc.meta.jurisdiction == "dak-nong/krong-no"  # a district before the 2025 reform
    first, second, third = doc.tasks[:3]
    # what no body is named for is the district committee's agencies' and communes'
    assert [f.id for f in third.lead] == ["dak-nong/krong-no/group/ubnd-subordinates"]
    # the district's communes, not every commune of the province
    assert leads(first) == [("dak-nong/krong-no/group/commune-ubnd", "UBND các xã, thị trấn")]
    assert leads(second) == [("dak-nong/krong-no/group/commune-ubnd", "UBND cấp xã")]
    assert [f.id for f in second.report_to] == ["dak-nong/krong-no/hu/ubnd"]
    # the district's police, and a commune of the district named by its words
    assert [(f.id, f.text) for f in first.coordinate] == [
        ("dak-nong/krong-no/hu/cong-an", "Công an huyện")]
    named = {m.text: m.id for m in extracted(DISTRICT_HEADER + "1. Giao UBND xã Quảng Phú và "
                                             "UBND thị trấn Đắk Mâm rà soát.\n").bodies}
    assert named["UBND xã Quảng Phú"] == "dak-nong/krong-no/quang-phu/xa/ubnd"
    assert named["UBND thị trấn Đắk Mâm"] == "dak-nong/krong-no/dak-mam/xa/ubnd"
    # a province's document with the same words means the province's communes
    province = extracted(DISTRICT_HEADER.replace("HUYỆN KRÔNG NÔ", "TỈNH ĐẮK NÔNG")
                         + "1. UBND các xã, phường, thị trấn chủ trì rà soát.\n")
    assert province.meta.jurisdiction == "dak-nong"
    assert [f.id for f in province.tasks[0].lead] == ["dak-nong/group/commune-ubnd"]


def test_a_district_is_the_jurisdiction_only_where_it_issues() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\nSố: 80/KH-UBND\nĐắk Nông, ngày 2 tháng 4 năm 2019\n"
              "KẾ HOẠCH\nXây dựng bãi rác tại huyện Krông Nô\n")
    body = "1. Sở Tài chính chủ trì thẩm định.\n"
    assert extracted(header + body).meta.jurisdiction == "dak-nong"  # spoken of, not issuing
    # a name several provinces' districts share is the one under the province named
    shared = ("HUYỆN ỦY CHÂU THÀNH\nSố: 12-KH/HU\nTiền Giang, ngày 2 tháng 4 năm 2019\nKẾ HOẠCH\n"
              "Thực hiện Kế hoạch của Tỉnh ủy Tiền Giang\n")
    assert extracted(shared + body).meta.jurisdiction == "tien-giang/chau-thanh"
    unnamed = shared.replace("Tiền Giang, ngày", "Châu Thành, ngày").replace(" Tiền Giang\n", "\n")
    assert extracted(unnamed + body).meta.jurisdiction is None  # six provinces have one


def test_a_ward_of_a_district_issuing_is_the_jurisdiction_and_its_bodies() -> None:
    header = ("ỦY BAN NHÂN DÂN\nPHƯỜNG 1\nSố: /KH-UBND\nPhường 1, ngày 10 tháng 3 năm 2025\n"
              "KẾ HOẠCH\nTriển khai chuẩn tiếp cận pháp luật trên địa bàn Phường 1, thành phố "
              "Vũng Tàu năm 2025\n")
    doc = extracted(header + "II. NHIỆM VỤ\n1. Tuyên truyền quy định về chuẩn tiếp cận pháp "
                    "luật đến cán bộ, nhân dân.\n")
    # a ward of three-tier government, in no table: the province and its name (a number keeps
    # the level word); what no body is named for is the ward committee's own units'
    assert doc.meta.jurisdiction == "ba-ria-vung-tau/phuong-1"
    assert [f.id for f in doc.tasks[0].lead] == ["ba-ria-vung-tau/phuong-1/group/ubnd-subordinates"]
    named = header.replace("PHƯỜNG 1", "XÃ LONG SƠN").replace("Phường 1,", "Long Sơn,")
    assert extracted(named + "1. Tuyên truyền.\n").meta.jurisdiction == "ba-ria-vung-tau/long-son"
    # with no district named there is nothing to place the ward in
    alone = header.replace(", thành phố Vũng Tàu", "")
    assert extracted(alone + "1. Tuyên truyền.\n").meta.jurisdiction is None


def test_a_wards_units_in_a_task_block_lead_and_partner() -> None:
    header = ("ỦY BAN NHÂN DÂN\nPHƯỜNG 1\nSố: /KH-UBND\nPhường 1, ngày 10 tháng 3 năm 2025\n"
              "KẾ HOẠCH\nTriển khai chuẩn tiếp cận pháp luật trên địa bàn Phường 1, thành phố "
              "Vũng Tàu năm 2025\n")
    tasks = extracted(header + "II. NHIỆM VỤ\n"
                      "1. Tổ chức tập huấn cho đội ngũ cán bộ làm công tác đánh giá\n"
                      "- Bộ phận tham mưu: bộ phận Tư pháp - Hộ tịch.\n"
                      "- Bộ phận phối hợp: Các bộ phận, ngành, đoàn thể có liên quan.\n"
                      "- Thời gian thực hiện: Năm 2025.\n"
                      "2. Kiểm tra, đánh giá kết quả xây dựng phường đạt chuẩn\n"
                      "- Bộ phận chủ trì: bộ phận Văn hóa - Thông tin.\n"
                      "- Thời gian thực hiện: Quý 4 năm 2025.\n").tasks
    # each item is one task: its label lines (a ward's `bộ phận`, the one that drafts for the
    # committee) give its roles and time, and are no tasks of their own
    assert len(tasks) == 2
    first, second = tasks
    assert [f.text for f in first.lead] == ["bộ phận Tư pháp - Hộ tịch"]
    assert [f.text for f in first.coordinate] == ["Các bộ phận, ngành, đoàn thể có liên quan"]
    assert first.deadline is not None and first.deadline.year == 2025
    assert [f.text for f in second.lead] == ["bộ phận Văn hóa - Thông tin"]


def test_the_enacting_formula_names_the_issuer_a_header_lost() -> None:
    preamble = ("KẾ HOẠCH\nThực hiện chương trình Dân số và phát triển năm 2025\n"
                "Căn cứ Nghị quyết số 21-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương;\n"
                "Theo đề nghị của Trưởng phòng Y tế tại Tờ trình số 08/TTr-PYT ngày 19/02/2025; "
                "UBND thành phố Vũng Tàu ban hành Kế hoạch hoạt động năm 2025 như sau:\n"
                "I. NHIỆM VỤ\n1. Tuyên truyền, vận động sinh đủ hai con.\n"
                "2. Định kỳ báo cáo kết quả về Sở Y tế và UBND thành phố.\n")
    doc = extracted(preamble)
    assert doc.meta.issuer == "Ủy ban nhân dân thành phố Vũng Tàu"
    assert doc.meta.jurisdiction == "ba-ria-vung-tau/vung-tau"
    first, second = doc.tasks[:2]
    assert [f.id for f in first.lead] == ["ba-ria-vung-tau/vung-tau/group/ubnd-subordinates"]
    # in a province's city `UBND thành phố` is the city's committee, not the province's
    assert [f.id for f in second.report_to] == ["ba-ria-vung-tau/so-y-te",
                                                "ba-ria-vung-tau/vung-tau/hu/ubnd"]
    # a cited document's formula (no `như sau`) is no issuer's
    cited = preamble.replace(" như sau:", ".")
    assert extracted(cited).meta.issuer is None


def test_two_partners_the_gazetteer_does_not_know_are_two() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Phòng Giáo dục: Phối hợp với Phòng Y tế và Trung tâm Y tế "
                     "tổ chức lồng ghép các hoạt động truyền thông.\n"
                     "2. Phòng Y tế phối hợp với Phòng Văn hóa, Khoa học và Thông tin tổ chức "
                     "tuyên truyền.\n")
    assert [f.text for f in tasks[0].coordinate] == ["Phòng Y tế", "Trung tâm Y tế"]
    # a comma or `và` inside one name, no body's head word after it: one partner
    assert [f.text for f in tasks[1].coordinate] == ["Phòng Văn hóa, Khoa học và Thông tin"]


def test_a_lower_bodys_name_between_the_mottos_lines_is_the_issuer() -> None:
    # a scan's two columns read row by row: the centre's name runs on between the motto's lines
    header = ("SỞ KH&CN SƠN LA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TRUNG TÂM THÔNG TIN VÀ Độc lập - "
              "Tự do - Hạnh phúc\nỨNG DỤNG KHCN\nSố: 62/KH-TTTTƯD Sơn La, ngày 04 tháng 3 năm 2019"
              "\nKẾ HOẠCH\nThực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2019\n")
    doc = extracted(header + "1. Tuyên truyền, phổ biến các văn bản.\n")
    assert doc.meta.issuer == "TRUNG TÂM THÔNG TIN VÀ ỨNG DỤNG KHCN"
    assert doc.meta.jurisdiction == "son-la"
    # one line under the parent's is the lower body's whole name, as before
    one = header.replace(" TRUNG TÂM THÔNG TIN VÀ", "").replace("ỨNG DỤNG KHCN", "TRUNG TÂM KHCN")
    assert extracted(one + "1. Tuyên truyền.\n").meta.issuer == "TRUNG TÂM KHCN"
    # a body named with its level word takes the parent's place once (not `TỈNH TỈNH ...`)
    inspectorate = ("UBND TỈNH ĐẮK NÔNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM THANH TRA TỈNH Độc lập - "
                    "Tự do - Hạnh phúc\nSố: 269/TB-TTr Đắk Nông, ngày 02 tháng 4 năm 2019\n"
                    "THÔNG BÁO\nTiếp nhận hồ sơ\n")
    assert extracted(inspectorate + "1. Tiếp nhận hồ sơ.\n").meta.issuer == "THANH TRA TỈNH ĐẮK NÔNG"


def test_in_a_centrally_run_city_the_city_committee_is_the_provinces() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 15/KH-UBND\nCần Thơ, ngày 10 tháng 3 năm "
              "2026\nKẾ HOẠCH\nChuyển đổi số năm 2026\n")
    doc = extracted(header + "1. Sở Tài chính báo cáo kết quả về UBND thành phố.\n")
    assert [f.id for f in doc.tasks[0].report_to] == ["can-tho/ubnd"]


def test_a_district_whose_name_ocr_misread_is_found_by_its_letters() -> None:
    header = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM HUYỆN ĐÁK R'LÁP Độc lập - Tự do - "
              "Hạnh phúc\nSố: 45/CĐ-UBND Đắk R lấp, ngày 15 tháng 5 năm 2019\nCÔNG ĐIỆN KHẨN\n"
              "Về việc phòng, chống dịch tả lợn Châu Phi\n")
    body = "1. UBND các xã, thị trấn tuyên truyền, phối hợp với Công an huyện.\n"
    doc = extracted(header + body)
    # the tones misread (`ĐÁK` for `ĐẮK`), the letters are the district's
    assert doc.meta.jurisdiction == "dak-nong/dak-r-lap"
    assert [f.id for f in doc.tasks[0].lead] == ["dak-nong/dak-r-lap/group/commune-ubnd"]
    # a stray word the scan added before the name, and no place line: still the district
    stray = header.replace("ĐÁK R'LÁP", "ĐÁKI ĐÁKR°LẤP").replace(" Đắk R lấp, ngày 15", " ngày 15")
    assert extracted(stray + body).meta.jurisdiction == "dak-nong/dak-r-lap"


def test_a_districts_body_named_with_its_district_is_that_districts() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\nSố: 409/TB-VPUBND\nĐắk Nông, ngày 2 tháng 5 năm 2019\n"
              "THÔNG BÁO\nKết luận về bãi rác\n")
    tasks = document("1. Giao UBND huyện Đắk R'lấp chủ trì, phối hợp với Sở Xây dựng rà soát.\n",
                     header)
    assert [(f.id, f.text) for f in tasks[0].lead] == [
        ("dak-nong/dak-r-lap/hu/ubnd", "UBND huyện Đắk R'lấp")]


def test_a_subject_after_a_fronted_clause_leads() -> None:
    tasks = document("III. TỔ CHỨC THỰC HIỆN\n"
                     "1. Căn cứ Kế hoạch này, các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, "
                     "phường xây dựng kế hoạch triển khai thực hiện.\n"
                     "2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, Sở Tài chính "
                     "kịp thời báo cáo Ủy ban nhân dân tỉnh.\n"
                     "3. Căn cứ kết quả rà soát của Sở Xây dựng, tổng hợp danh mục công trình.\n")
    first, second, third = tasks[:3]
    assert [f.id for f in first.lead] == ["lam-dong/group/departments",
                                          "lam-dong/group/commune-ubnd"]
    assert [f.id for f in second.lead] == ["lam-dong/so-tai-chinh"]
    # a body inside the fronted clause is not its subject: the plan's own agencies act
    assert [f.id for f in third.lead] == ["lam-dong/group/ubnd-subordinates"]


def test_a_subject_the_gazetteer_lacks_leads_by_its_words() -> None:
    tasks = document("III. TỔ CHỨC THỰC HIỆN\n"
                     "1. Bộ Tư lệnh Thành phố chủ trì, phối hợp với Sở Tài chính tổ chức diễn tập.\n"
                     "2. Liên minh Hợp tác xã tỉnh và Hội Doanh nhân trẻ tỉnh rà soát nhu cầu vốn.\n"
                     "3. Ban Quản lý các Khu công nghệ cao tỉnh tổ chức tập huấn.\n"
                     "4. Giao Phó Thủ tướng Trần Hồng Hà trực tiếp chỉ đạo công tác chuẩn bị.\n")
    assert leads(tasks[0]) == [(None, "Bộ Tư lệnh Thành phố")]
    assert leads(tasks[3]) == [(None, "Phó Thủ tướng Trần Hồng Hà")]  # `trực tiếp` is how
    assert leads(tasks[1]) == [(None, "Liên minh Hợp tác xã tỉnh"), (None, "Hội Doanh nhân trẻ tỉnh")]
    assert leads(tasks[2]) == [(None, "Ban Quản lý các Khu công nghệ cao tỉnh")]  # `Quản lý`: its name


@pytest.mark.parametrize("sentence", [
    "Trưởng phòng chịu trách nhiệm điều hành chung.",  # a bare title: the person is named elsewhere
    "Trường hợp cần thiết tổ chức kiểm tra đột xuất.",  # a condition
    "Cơ quan, đơn vị được giao nhiệm vụ theo dõi tiến độ.",  # a name ending in a function word
    "Phòng, chống dịch bệnh triển khai đồng bộ các biện pháp.",  # common nouns, no capital after
    "Bà con nhân dân tham gia vệ sinh môi trường.",
    "Hội nghị trực tuyến toàn quốc tổ chức vào tháng 10.",
])
def test_words_that_are_no_subject_the_gazetteer_lacks(sentence: str) -> None:
    assert tasks_stage._named_subject(sentence, sentence.lower(), 0, len(sentence), []) == []


def test_partners_end_at_the_verb_after_their_list_and_a_noun_names_none() -> None:
    tasks = document("III. TỔ CHỨC THỰC HIỆN\n"
                     "1. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan tham mưu Ủy ban "
                     "nhân dân tỉnh đánh giá chỉ số cải cách hành chính.\n"
                     "2. Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư tham mưu Ủy ban nhân "
                     "dân tỉnh bố trí kinh phí.\n"
                     "3. Sở Xây dựng bảo đảm sự phối hợp chặt chẽ giữa các phòng với các sở, ngành "
                     "trong quá trình thực hiện.\n")
    coordinators = [[f.id for f in t.coordinate] for t in tasks[:3]]
    assert coordinators[0] == ["generic/co-quan-lien-quan"]  # not the People's Committee advised
    assert coordinators[1] == ["lam-dong/so-khdt"]  # `Đầu tư` is the name's, `tham mưu` the verb
    assert coordinators[2] == []


@pytest.mark.parametrize(("words", "end"), [
    ("Tổ chức từ ngày 01/10/2026 đến hết ngày 31/10/2026.", "2026-10-31"),
    ("Tổ chức từ ngày 10 - 15/10/2026 tại Nhà hát Lớn.", "2026-10-15"),
    ("Triển lãm từ ngày 10 đến ngày 15/10/2026.", "2026-10-15"),
])
def test_a_day_range_ends_at_its_end(words: str, end: str) -> None:
    for cell in (False, True):
        found = parse_deadline(words, cell=cell)
        assert found is not None and (found.type, found.date) == ("date", end)


def test_review_cases_of_subjects_and_partners() -> None:
    tasks = document("III. TỔ CHỨC THỰC HIỆN\n"
                     "1. Căn cứ chức năng, nhiệm vụ, phối hợp với Sở Tài chính, Sở Xây dựng thẩm "
                     "định dự án.\n"
                     "2. Sở Y tế tăng cường sự phối hợp với Sở Tài chính bảo đảm kinh phí.\n")
    first, second = tasks[:2]
    # the main clause began without a subject: both are partners, the plan's agencies lead
    assert [f.id for f in first.lead] == ["lam-dong/group/ubnd-subordinates"]
    assert [f.id for f in first.coordinate] == ["lam-dong/so-tai-chinh", "lam-dong/so-xay-dung"]
    assert [f.id for f in second.coordinate] == ["lam-dong/so-tai-chinh"]  # `sự phối hợp với X`


def test_an_activity_is_its_title_over_field_lines() -> None:
    tasks = document("III. NỘI DUNG CÁC HOẠT ĐỘNG\n"
                     "1. Lễ khai mạc Liên hoan\n"
                     "- Thời gian: 20h00 ngày 10/10/2026.\n"
                     "- Địa điểm: Quảng trường trung tâm tỉnh.\n"
                     "- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch.\n"
                     "- Đơn vị phối hợp: Công an tỉnh, Sở Y tế.\n"
                     "2. Triển lãm ảnh nghệ thuật\n"
                     "- Thời gian: từ ngày 08/10 đến ngày 15/10/2026.\n"
                     "- Địa điểm: Nhà văn hóa tỉnh.\n"
                     "- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch.\n")
    assert [t.text.splitlines()[0] for t in tasks] == ["Lễ khai mạc Liên hoan",
                                                       "Triển lãm ảnh nghệ thuật"]
    assert tasks[0].text.endswith("- Đơn vị phối hợp: Công an tỉnh, Sở Y tế.")  # the whole item
    first, second = tasks
    assert [f.id for f in first.lead] == ["lam-dong/so-vh-tt-dl"]
    assert [f.id for f in first.coordinate] == ["lam-dong/cong-an", "lam-dong/so-y-te"]
    assert first.deadline is not None and first.deadline.date == "2026-10-10"
    assert second.deadline is not None and second.deadline.date == "2026-10-15"


def test_an_activity_title_may_wrap_and_its_time_may_be_expected() -> None:
    tasks = document("III. NỘI DUNG CÁC HOẠT ĐỘNG\n"
                     "2.1. Chương trình nghệ thuật đặc biệt khai mạc Liên hoan Văn hóa các dân tộc\n"
                     "tỉnh Lâm Đồng lần thứ I năm 2026\n"
                     "- Thời gian dự kiến: ngày 11/9/2026 (thứ Sáu).\n"
                     "- Địa điểm: Quảng trường trung tâm tỉnh.\n"
                     "- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch.\n"
                     "- Kinh phí: Ngân sách tỉnh.\n"
                     "2.2. Chương trình nghệ thuật đường phố\n"
                     "- Thời gian tổ chức: ngày 12/9/2026.\n"
                     "- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch.\n")
    assert [t.text.split("\n- ")[0] for t in tasks] == [
        "Chương trình nghệ thuật đặc biệt khai mạc Liên hoan Văn hóa các dân tộc\n"
        "tỉnh Lâm Đồng lần thứ I năm 2026", "Chương trình nghệ thuật đường phố"]
    assert [t.deadline.date if t.deadline else None for t in tasks] == ["2026-09-11", "2026-09-12"]
    assert [[f.id for f in t.lead] for t in tasks] == [["lam-dong/so-vh-tt-dl"]] * 2


def test_a_heading_or_lead_in_time_is_the_deadline_of_the_items_under_it() -> None:
    tasks = document("I. MỤC TIÊU\n"
                     "Đến hết năm 2030, phấn đấu đạt được những mục tiêu sau:\n"
                     "- 100% xã, phường tổ chức tập huấn kỹ năng phòng tránh thiên tai;\n"
                     "- Hoàn thành số hóa hồ sơ đất đai trước ngày 30/6/2027.\n"
                     "II. NHIỆM VỤ\n"
                     "1. Năm 2027\n"
                     "- Tổng kết công tác kiểm tra, giám sát nhiệm kỳ 2025 - 2030.\n"
                     "- Xây dựng Đề án phát triển du lịch cộng đồng.\n")
    deadlines = [(t.deadline.type, t.deadline.year, t.deadline.date) if t.deadline else None
                 for t in tasks]
    assert deadlines == [("year", 2030, None), ("date", 2027, "2027-06-30"),
                         ("year", 2027, None), ("year", 2027, None)]


@pytest.mark.parametrize("lead_in", [
    "Triển khai Kế hoạch phát triển du lịch đến năm 2030, cụ thể như sau:",  # a plan's name
    "Từ nay đến hết năm 2026 chỉ còn hai tháng, yêu cầu các sở, ngành:",  # the situation
])
def test_a_time_inside_a_lead_in_governs_nothing(lead_in: str) -> None:
    tasks = document(f"II. NHIỆM VỤ\n{lead_in}\n- Rà soát hồ sơ thủ tục hành chính của tỉnh.\n")
    assert [t.deadline for t in tasks] == [None]


def test_a_titles_doer_line_is_one_task_with_it() -> None:
    tasks = document("II. NỘI DUNG\n"
                     "1. Quý IV năm 2026\n"
                     "- Nghị quyết về phát triển nông nghiệp xanh giai đoạn 2026 - 2030.\n"
                     "Sở Nông nghiệp và Môi trường tham mưu, trình trong tháng 12/2026.\n"
                     "- Sơ kết công tác chuyển đổi số của tỉnh.\n")
    first = tasks[0]
    assert first.text.startswith("Nghị quyết về phát triển") and first.text.endswith("12/2026.")
    assert [f.id for f in first.lead] == ["lam-dong/so-nn-mt"]
    assert first.deadline is not None and first.deadline.date == "2026-12-31"
    assert len(tasks) == 2 and tasks[1].deadline is not None and tasks[1].deadline.date == "2026-12-31"


def test_a_new_cac_in_a_list_of_unknown_partners_opens_another_group() -> None:
    tasks = document("II. NỘI DUNG\n"
                     "1. Chương trình giao lưu nghệ thuật\n"
                     "- Thời gian dự kiến: ngày 13/9/2026.\n"
                     "- Đơn vị chủ trì: Sở Tài chính.\n"
                     "- Đơn vị phối hợp: Các Đại sứ quán, các tỉnh, thành phố.\n"
                     "2. Chương trình nghệ thuật đường phố\n"
                     "- Đơn vị chủ trì: Sở Tài chính.\n"
                     "- Đơn vị phối hợp: các hội nghề nghiệp, các nghệ nhân có liên quan.\n"
                     "3. Chương trình hội chợ công nghệ\n"
                     "- Đơn vị chủ trì: Sở Tài chính.\n"
                     "- Đơn vị phối hợp: Ban Quản lý Khu công nghệ cao và các khu công nghiệp "
                     "Đà Nẵng.\n")
    assert [[f.text for f in t.coordinate] for t in tasks] == [
        ["Các Đại sứ quán", "các tỉnh, thành phố"],
        ["các hội nghề nghiệp, các nghệ nhân có liên quan"],  # a `liên quan` phrase stays whole
        ["Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng"]]  # one name


def test_a_line_that_only_names_who_and_when_goes_on_with_an_acting_item() -> None:
    tasks = document("II. NỘI DUNG\n"
                     "1. Năm 2026\n"
                     "1.1. Tổng kết công tác chuyển đổi số của tỉnh giai đoạn 2021 - 2025.\n"
                     "Sở Khoa học và Công nghệ chủ trì, phối hợp tham mưu, trình trong Quý I/2026.\n"
                     "1.2. Tập huấn kỹ năng số cho cán bộ, công chức cấp xã.\n"
                     "- Sở Nội vụ tham mưu, thực hiện.\n"
                     "1.3. Rà soát hồ sơ thủ tục hành chính của tỉnh.\n"
                     "Sở Tư pháp xây dựng bộ tài liệu hướng dẫn trong tháng 6/2026.\n"
                     "1.4. Tổng kết công tác cải cách hành chính năm 2025.\n"
                     "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính trong năm 2026 xây dựng 3 đề án.\n"
                     "1.5. Sơ kết công tác tuyên truyền.\n"
                     "Sở Y tế chủ trì, thực hiện vào tháng 6/2026.\n")
    assert len(tasks) == 7
    first, second, third, fourth, fifth, sixth, seventh = tasks
    # a time, then work of its own: two tasks; `vào` is a time word, not `và`
    assert fifth.text.endswith("năm 2025.") and sixth.text.startswith("Sở Nội vụ chủ trì")
    assert seventh.text.endswith("6/2026.") and [f.id for f in seventh.lead] == ["lam-dong/so-y-te"]
    assert first.text.endswith("Quý I/2026.") and [f.id for f in first.lead] == ["lam-dong/so-khcn"]
    assert first.deadline is not None and first.deadline.date == "2026-03-31"
    assert second.text.endswith("thực hiện.") and [f.id for f in second.lead] == ["lam-dong/so-noi-vu"]
    # a sentence with work of its own is a task of its own, whoever it names
    assert third.text.endswith("của tỉnh.") and fourth.text.startswith("Sở Tư pháp xây dựng")


def test_a_schedules_day_and_month_are_in_the_year_its_time_column_names() -> None:
    tasks = extracted(HEADER + "II. LỊCH PHÁT SÓNG\n\n"
                      "| TT | Nội dung | Đơn vị thực hiện | Thời gian (Năm 2027) |\n"
                      "|---|---|---|---|\n"
                      "| 1 | Đối thoại về cải cách hành chính với người dân | Sở Y tế | "
                      "20 giờ ngày 23 tháng 1 |\n"
                      "| 2 | Đối thoại về chuyển đổi số với doanh nghiệp | Sở Tài chính | 10/10 |\n",
                      "md").tasks
    assert [t.deadline.date if t.deadline else None for t in tasks] == ["2027-01-23", "2027-10-10"]
    assert parse_deadline("ngày 29 tháng 2", cell=True, year=2027) is None  # no such day


@pytest.mark.parametrize(("words", "event"), [
    ("Tổ chức thực hiện Dự án 6 trên địa bàn tỉnh (khi Bộ Y tế có văn bản triển khai).",
     "khi Bộ Y tế có văn bản triển khai"),
    ("Sau khi hoàn thành xây dựng các phần mềm chuyên ngành, tổ chức tập huấn cho công chức.",
     "Sau khi hoàn thành xây dựng các phần mềm chuyên ngành"),
    ("Hỗ trợ xe máy, thiết bị (khi các chủ đầu tư đề nghị) để đẩy nhanh tiến độ thi công.", None),
    ("Cung cấp thông tin cho các cơ quan báo chí (khi được Chủ tịch ủy quyền).", None),
])
def test_an_event_bracketed_or_opening_the_task_is_its_time(words: str, event: str | None) -> None:
    found = parse_deadline(words)
    assert (found.text if found is not None and found.type == "event" else None) == event


def test_the_period_dinh_ky_states_is_the_tasks_not_a_yearly_plans() -> None:
    found = parse_deadline("Các sở căn cứ kế hoạch cải cách hành chính hằng năm của cơ quan, "
                           "định kỳ hằng tháng rà soát, cập nhật kết quả lên phần mềm.")
    assert found is not None and found.frequency == ("monthly",)
    found = parse_deadline("Tổ chức hằng năm hội nghị sơ kết; định kỳ báo cáo UBND tỉnh.")
    assert found is not None and found.frequency == ("yearly",)
    found = parse_deadline("Hằng tháng, các sở rà soát theo kế hoạch kiểm tra định kỳ hằng năm.")
    assert found is not None and found.frequency == ("monthly",)  # the plan's period is the plan's


def test_a_period_of_work_is_still_a_deadline() -> None:
    found = parse_deadline("Thực hiện rà soát quy hoạch cán bộ giai đoạn 2026 - 2030.")
    assert found is not None and (found.start_year, found.end_year) == (2026, 2030)


def test_a_quoted_titles_time_in_a_heading_governs_nothing() -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n"
                     "1. Giao Sở Nông nghiệp và Môi trường hướng dẫn thực hiện Đề án “Quản lý rủi ro "
                     "thiên tai dựa vào cộng đồng đến năm 2030” trên địa bàn tỉnh; thực hiện các "
                     "nhiệm vụ sau:\n"
                     "- Điều phối chung việc triển khai Kế hoạch đến các sở, ngành.\n")
    assert [t.deadline for t in tasks if t.text.startswith("Điều phối")] == [None]


def test_an_office_holders_field_list_under_a_title_is_one_task() -> None:
    tasks = document("Điều 2. Phân công nhiệm vụ\n"
                     "1. Đồng chí Nguyễn Văn An - Phó Chủ tịch UBND xã:\n"
                     "a) Lĩnh vực Xây dựng và Công Thương\n"
                     "- Quy hoạch xây dựng, kiến trúc;\n"
                     "- Hạ tầng kỹ thuật đô thị, khu dân cư nông thôn;\n"
                     "- Giao thông;\n"
                     "b) Chỉ đạo Phòng Kinh tế xây dựng kế hoạch phát triển thương mại.\n",
                     header=HEADER.replace("KẾ HOẠCH", "QUYẾT ĐỊNH").replace("/KH-", "/QĐ-"))
    texts = [t.text for t in tasks]
    assert texts[0].startswith("Lĩnh vực Xây dựng và Công Thương") and texts[0].endswith("Giao thông;")
    assert not any(t.startswith("- Giao") or t == "Giao thông;" for t in texts)


def test_a_headings_owner_leads_and_its_partners_coordinate_the_bullets() -> None:
    tasks = document("III. TỔ CHỨC THỰC HIỆN\n"
                     "1. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi "
                     "trường, Công an tỉnh:\n"
                     "- Xây dựng chương trình tập huấn về phòng chống thiên tai cho giáo viên;\n"
                     "- Lồng ghép nội dung giảm nhẹ rủi ro thiên tai vào hoạt động ngoại khóa.\n")
    assert len(tasks) == 2
    for task in tasks:
        assert [f.id for f in task.lead] == ["lam-dong/so-gd-dt"]
        assert [f.id for f in task.coordinate] == ["lam-dong/so-nn-mt", "lam-dong/cong-an"]


def test_a_coordination_regulations_article_names_who_leads_its_clauses() -> None:
    tasks = document("Chương II. NỘI DUNG PHỐI HỢP\n"
                     "Điều 5. Nội dung Sở Nội vụ có trách nhiệm chủ trì\n"
                     "1. Xây dựng kế hoạch quản lý nhà nước về tín ngưỡng, tôn giáo hằng năm.\n"
                     "2. Kiểm tra việc thực hiện chính sách, pháp luật về tín ngưỡng, tôn giáo.\n"
                     "Điều 6. Nội dung cần thống nhất khi phối hợp\n"
                     "1. Trao đổi thông tin về tình hình tôn giáo trên địa bàn.\n",
                     header=HEADER.replace("KẾ HOẠCH", "QUY CHẾ").replace("/KH-", "/QĐ-"))
    leads_of = {t.text[:20]: [f.id for f in t.lead] for t in tasks}
    assert leads_of["Xây dựng kế hoạch qu"] == ["lam-dong/so-noi-vu"]
    assert leads_of["Kiểm tra việc thực h"] == ["lam-dong/so-noi-vu"]
    assert leads_of.get("Trao đổi thông tin v") != ["lam-dong/so-noi-vu"]


def test_a_recipient_the_gazetteer_lacks_is_reported_to_by_its_words() -> None:
    tasks = document("II. NHIỆM VỤ\n"
                     "1. Các chi đoàn gửi danh sách đăng ký về Ban Chỉ đạo chiến dịch tình nguyện "
                     "trước ngày 07/02/2026.\n"
                     "2. Các chi đoàn gửi báo cáo về trước ngày 10/02/2026.\n")
    assert [[f.text for f in t.report_to] for t in tasks] == [
        ["Ban Chỉ đạo chiến dịch tình nguyện"], []]


def test_an_office_holder_reported_to_is_named_by_their_words() -> None:
    tasks = document("II. NHIỆM VỤ\n"
                     "1. Sở Xây dựng theo dõi, đôn đốc tiến độ, báo cáo Phó Thủ tướng Trần Hồng Hà "
                     "trước ngày 15/11/2026.\n")
    assert [f.text for f in tasks[0].report_to] == ["Phó Thủ tướng Trần Hồng Hà"]


def test_a_groups_members_in_brackets_do_not_lead_beside_it() -> None:
    tasks = document("I. TRÁCH NHIỆM PHỐI HỢP\n"
                     "1. Các sở, ban, ngành (Sở Tài chính, Sở Nội vụ):\n"
                     "a) Rà soát hồ sơ đề xuất chủ trương đầu tư của các dự án.\n"
                     "2. Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh):\n"
                     "a) Tiếp nhận hồ sơ thủ tục hành chính của tổ chức, cá nhân.\n")
    first, second = tasks
    assert [f.id for f in first.lead] == ["lam-dong/group/departments"]
    assert len(second.lead) == 2 and second.lead[0].id == "lam-dong/ubnd/vp"


@pytest.mark.parametrize(("header", "sentence", "lead", "partner"), [
    # Hà Nội's culture and sport apart from its tourism department
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 17/KH-UBND\nHà Nội, ngày 10 tháng 3 năm 2026\n"
     "KẾ HOẠCH\nTổ chức Lễ hội du lịch năm 2026\n",
     "Sở Du lịch chủ trì, phối hợp với Sở Văn hóa và Thể thao xây dựng chương trình lễ hội.",
     "ha-noi/so-du-lich", "ha-noi/so-vh-tt"),
    # a commune's Party-building board; the national television
    ("ĐẢNG BỘ TỈNH KHÁNH HÒA\nĐẢNG ỦY XÃ CÔNG HẢI\nSố: 18-KH/ĐU\n"
     "Công Hải, ngày 13 tháng 10 năm 2025\nKẾ HOẠCH\nTuyên truyền cuộc bầu cử\n",
     "Ban Xây dựng Đảng chủ trì, phối hợp với Đài Truyền hình Việt Nam tuyên truyền về cuộc bầu "
     "cử trên địa bàn xã.",
     "khanh-hoa/cong-hai/xa/ban-xdd", "cp/vtv"),
])
def test_bodies_added_to_the_knowledge_base_are_known(header: str, sentence: str, lead: str,
                                                      partner: str) -> None:
    tasks = document(f"II. NHIỆM VỤ\n1. {sentence}\n", header=header)
    assert [f.id for f in tasks[0].lead] == [lead]
    assert [f.id for f in tasks[0].coordinate] == [partner]


def test_a_scans_two_columns_read_as_one_line_keep_the_issuer_kind_title_and_place() -> None:
    """OCR reads a scanned header row by row: the issuer and the motto share a line, the kind
    line's tone is misread (`QUYÉT`), the day is unreadable. Each field is still read; the date,
    which the text no longer holds, stays null."""
    header = ("ỦY BAN NHÂN DÂN CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "TỈNH THÁI BÌNH Độc lập - Tự do - Hạnh phúc\n"
              "Số: ÊŒ /QĐ-UBND Thái Bình, ngày |D tháng 02 năm 2012\n"
              "QUYÉT ĐỊNH\nVề việc tặng Bằng khen cho các tập thể\n"
              "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH\n")
    meta = extracted(header + "Căn cứ Luật Thi đua, Khen thưởng;\nQUYẾT ĐỊNH:\n"
                     "Điều 1. Tặng Bằng khen cho các tập thể.\n").meta
    assert (meta.kind, meta.title, meta.place, meta.date, meta.issuer) == (
        "Quyết định", "Về việc tặng Bằng khen cho các tập thể", "Thái Bình", None,
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH")
    plan = extracted("BỘ CÔNG THƯƠNG CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG ĐẠI HỌC ĐIỆN LỰC "
                     "Độc lập - Tự do - Hạnh phúc\nSố: 15/KH-ĐHĐL Hà Nội, ngày 3 tháng 6 năm 2026\n"
                     "KẾ HOẠCH\nKhảo sát sự hài lòng của sinh viên\n1. Mục đích\n").meta
    assert plan.issuer == "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC"  # the school, not its ministry (the gold's)


@pytest.mark.parametrize("date_line", ["Lào Cai, ngày        tháng 5 năm 2026",
                                       "Số: /UBND-KT Lào Cai, ngày   tháng   năm 2026"])
def test_a_blank_day_leaves_the_place(date_line: str) -> None:
    meta = extracted(f"ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n{date_line}\nKẾ HOẠCH\nKiểm tra an toàn\n"
                     "I. NHIỆM VỤ\n1. Sở Công Thương chủ trì kiểm tra.\n").meta
    assert (meta.place, meta.date) == ("Lào Cai", None)


@pytest.mark.parametrize(("authority", "issuer"), [
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
    ("GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÂM ĐỒNG", "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÂM ĐỒNG"),
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),  # the committee's own
])
def test_a_decision_is_issued_by_the_office_under_its_title(authority: str, issuer: str) -> None:
    meta = extracted(DECISION + f"{authority}\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
                     "QUYẾT ĐỊNH:\nĐiều 1. Thành lập Tổ công tác.\n").meta
    assert meta.issuer == issuer


def test_dashes_as_ocr_reads_them_are_bullets_under_a_heading_that_names_two_bodies() -> None:
    tasks = document("II. PHÂN CÔNG\n1. Phòng Đào tạo và Phòng Công tác sinh viên\n"
                     "— Rà soát danh sách sinh viên các khoa tham gia khảo sát.\n"
                     "— Hỗ trợ các khoa đôn đốc sinh viên hoàn thành khảo sát.\n")
    assert [[f.text for f in t.lead] for t in tasks] == [
        ["Phòng Đào tạo", "Phòng Công tác sinh viên"]] * 2
    tasks = document("II. PHÂN CÔNG\n1. Các doanh nghiệp viễn thông (VNPT, Viettel và doanh nghiệp "
                     "khác)\n- Bảo đảm thông tin liên lạc thông suốt.\n"
                     "2. Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND xã và Trưởng Công an xã\n"
                     "- Chỉ đạo công tác bảo đảm an ninh, trật tự.\n")
    assert [[f.text for f in t.lead] for t in tasks] == [
        ["Các doanh nghiệp viễn thông (VNPT, Viettel và doanh nghiệp khác)"],
        ["Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND xã", "Trưởng Công an xã"]]


@pytest.mark.parametrize(("sentence", "lead"), [
    ("Bước 2: Trung tâm Khảo thí thực hiện chọn mẫu ngẫu nhiên sinh viên.", "Trung tâm Khảo thí"),
    ("Trung tâm Khảo thí là đầu mối theo dõi, đôn đốc, tổng hợp kết quả thực hiện.",
     "Trung tâm Khảo thí"),
])
def test_a_steps_label_or_a_role_as_focal_point_leaves_the_subject(sentence: str, lead: str
                                                                   ) -> None:
    [task] = document(f"II. TỔ CHỨC THỰC HIỆN\n- {sentence}\n")
    assert [f.text for f in task.lead] == [lead]


def test_an_execution_article_listing_departments_after_one_title_names_each() -> None:
    [task] = [t for t in extracted(
        DECISION + "Điều 1. Thành lập Tổ công tác.\nĐiều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh; "
        "Giám đốc các Sở, ngành: Nội vụ, Tài chính, Kho bạc Nhà nước tỉnh; thủ trưởng các đơn vị "
        "liên quan căn cứ Quyết định thi hành./.\n").tasks if t.text.startswith("Chánh")]
    assert leads(task) == [("lam-dong/ubnd/vp", "Văn phòng Ủy ban nhân dân tỉnh"),
                           ("lam-dong/so-noi-vu", "Nội vụ"), ("lam-dong/so-tai-chinh", "Tài chính"),
                           (None, "Kho bạc Nhà nước tỉnh"),
                           ("generic/co-quan-lien-quan", "thủ trưởng các đơn vị liên quan")]
    [task] = [t for t in extracted(
        DECISION + "Điều 1. Thành lập Tổ công tác.\nĐiều 2. Trưởng các phòng: Kinh tế, Văn hóa - Xã "
        "hội chịu trách nhiệm thi hành Quyết định này./.\n").tasks if t.text.startswith("Trưởng")]
    assert leads(task) == [(None, "Kinh tế"), (None, "Văn hóa - Xã hội")]


def test_a_heading_that_says_whose_duties_follow_names_them_however_long() -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n6. Trách nhiệm của các tổ chức, doanh nghiệp hoạt động "
                     "trong lĩnh vực có liên quan đến vật liệu nổ công nghiệp, tiền chất thuốc nổ\n"
                     "a) Chấp hành nghiêm các quy định pháp luật về vật liệu nổ công nghiệp.\n")
    assert [[f.text for f in t.lead] for t in tasks] == [[
        "các tổ chức, doanh nghiệp hoạt động trong lĩnh vực có liên quan đến vật liệu nổ công "
        "nghiệp, tiền chất thuốc nổ"]]


def test_a_partner_or_recipient_the_gazetteer_lacks_ends_where_its_name_does() -> None:
    """A verb written with a capital is a name's word (`Trung tâm Quản lý chất lượng`); what is
    reported (`các khó khăn`) follows the recipient, it is not part of its name."""
    tasks = document("II. NHIỆM VỤ\n1. Phòng Đào tạo phân công cán bộ phối hợp với Trung tâm Quản "
                     "lý chất lượng hướng dẫn sinh viên.\n2. Trung tâm Khảo thí kịp thời báo cáo Ban "
                     "Giám hiệu các khó khăn, vướng mắc phát sinh.\n")
    assert [([f.text for f in t.coordinate], [f.text for f in t.report_to]) for t in tasks] == [
        (["Trung tâm Quản lý chất lượng"], []), ([], ["Ban Giám hiệu"])]


def test_a_signature_read_between_the_recipients_keeps_its_title_and_name() -> None:
    """A page's two columns read row by row put the signature's lines among the `Nơi nhận`
    items; its capacities, title and name are still the signer's."""
    doc = extracted(DECISION + "Điều 1. Thành lập Tổ công tác.\nĐiều 2. Chánh Văn phòng Ủy ban nhân "
                    "dân tỉnh chịu trách nhiệm thi hành Quyết định này./.\nNơi nhận:\n"
                    "TM. ỦY BAN NHÂN DÂN\n- Như Điều 2;\nKT. CHỦ TỊCH\n- Bộ Nội vụ;\nPHÓ CHỦ TỊCH\n"
                    "- Lưu: VT, NC.\nTrần Văn Bình\n")
    signer = doc.meta.signer
    assert signer is not None
    assert (signer.capacity, signer.title, signer.name) == (
        "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình")


def test_a_letter_whose_subject_line_the_scan_lost_is_still_a_letter_with_tasks() -> None:
    """No kind line and no readable `V/v`: the `Kính gửi:` list under a number without a kind
    says it is a letter, and its numbered items hold tasks."""
    doc = extracted("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK MIL\nSố: J3}/UBND-NN\n"
                    "- ếp tục phòng, chống bệnh dịch trên địa bàn huyện\nKính gửi:\n"
                    "- UBND các xã, thị trấn;\n- Phòng Nông nghiệp và PTNT.\n"
                    "Ủy ban nhân dân huyện đề nghị các đơn vị triển khai các nhiệm vụ sau:\n"
                    "1. UBND các xã, thị trấn.\n- Tiếp tục kiểm tra tình hình dịch bệnh trên địa bàn.\n"
                    "2. Phòng Nông nghiệp và PTNT; Trung tâm dịch vụ kỹ thuật nông nghiệp huyện\n"
                    "- Chuẩn bị đầy đủ hóa chất, vật tư phục vụ công tác chống dịch.\n")
    assert doc.meta.kind == "Công văn"
    assert [t.text[:15] for t in doc.tasks] == ["Tiếp tục kiểm t", "Chuẩn bị đầy đủ"]
    assert [f.text for f in doc.tasks[1].lead] == [
        "Phòng Nông nghiệp và PTNT", "Trung tâm dịch vụ kỹ thuật nông nghiệp huyện"]


def test_a_heading_for_whom_the_items_are_names_who_does_them() -> None:
    """`a) Đối với chủ vật nuôi:` over bullets: the people it names do them; a heading `Đối với
    Đảng ủy - UBND các xã` names two bodies; `Đối với dự án ...` names no one."""
    tasks = document("II. NHIỆM VỤ\n1. Phòng chống dịch bệnh\na) Đối với chủ vật nuôi:\n"
                     "- Không giết mổ, mua bán lợn mắc bệnh.\nb) Đối với Đảng ủy - UBND các xã:\n"
                     "- Chỉ đạo lực lượng thú y kiểm tra các hộ chăn nuôi.\n"
                     "c) Đối với dự án chăn nuôi tập trung:\n- Rà soát các điều kiện vệ sinh.\n")
    assert [[f.text for f in t.lead] for t in tasks[:2]] == [["chủ vật nuôi"],
                                                             ["Đảng ủy", "UBND các xã"]]
    assert len(tasks) == 3 and not any(f.text for f in tasks[2].lead)  # the plan's own issuer


def test_a_coordination_regulations_articles_hold_duties_under_a_misread_chapter() -> None:
    """`Chương IH` is OCR's `Chương III`; `Điều 8. Phối hợp trong việc ...` and `Điều 9. Đối với
    ...` articles of a coordination regulation hold duties, a principles article none."""
    tasks = extracted(DECISION + "QUY ĐỊNH\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Nguyên tắc phối hợp\n"
                      "Bảo đảm sự thống nhất trong tiếp công dân.\nChương IH\n"
                      "MỐI QUAN HỆ PHỐI HỢP\nĐiều 8. Phối hợp trong việc quản lý Trụ sở tiếp công dân\n"
                      "1. Ban Tiếp công dân chủ trì giao ban định kỳ hằng tháng.\n"
                      "Điều 9. Đối với Ủy ban nhân dân các xã\n"
                      "1. Phối hợp chặt chẽ để trao đổi thông tin về đơn thư.\n").tasks
    assert [t.text[:12] for t in tasks] == ["Ban Tiếp côn", "Phối hợp chặ"]
    assert [s.kind for s in extracted(DECISION + "Chương IH\nMỐI QUAN HỆ\n").sections] == ["chapter"]


@pytest.mark.parametrize(("signature", "chairman"), [
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Bình\n", True),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nTrần Văn Bình\n", True),
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Bình\n", False)])
def test_a_letter_signed_for_the_chairman_is_the_chairman_s(signature: str, chairman: bool) -> None:
    """Signed `KT. CHỦ TỊCH` or `TL. CHỦ TỊCH` without `TM. ỦY BAN NHÂN DÂN`, a committee's
    letter is its Chairman's; on the committee's behalf it is the committee's."""
    doc = extracted("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/UBND-KT\nV/v triển khai Kế hoạch\n"
                    "Lâm Đồng, ngày 10 tháng 3 năm 2026\nKính gửi: Sở Tài chính.\n"
                    "Ủy ban nhân dân tỉnh giao Sở Tài chính rà soát kinh phí.\n"
                    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n" + signature)
    expected = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert doc.meta.issuer == ("CHỦ TỊCH " + expected if chairman else expected)


@pytest.mark.parametrize(("tail", "kept"), [(" ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", ""),
                                            (" CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", ""),
                                            (" CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
                                             " CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")])
def test_the_issuer_a_web_copy_joins_to_the_title_is_not_the_title(tail: str, kept: str) -> None:
    """`... NĂM 2026 ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG`: the line under the title, joined to it, is
    the issuer's; the issuer as the title's own words (`... CỦA ỦY BAN ...`) stays."""
    title = "VỀ VIỆC BAN HÀNH KẾ HOẠCH KIỂM KÊ TÀI SẢN CÔNG NĂM 2026"
    doc = extracted("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/QĐ-UBND\n"
                    "Lâm Đồng, ngày 10 tháng 3 năm 2026\nQUYẾT ĐỊNH\n" + title + tail + "\n"
                    "Điều 1. Ban hành Kế hoạch kèm theo Quyết định này.\n")
    assert doc.meta.title == title + kept


def test_a_part_of_tasks_that_also_assigns_them_splits_its_items_at_each_action() -> None:
    """`III. NHIỆM VỤ, GIẢI PHÁP, PHÂN CÔNG TRÁCH NHIỆM`: its first telling word makes it a part of
    tasks, each action of an item its own task; `TỔ CHỨC THỰC HIỆN` keeps an item one assignment."""
    body = ("1. Sở Tài chính:\nLập, giao kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030; "
            "thông báo tổng mức vốn sự nghiệp nguồn ngân sách nhà nước theo quy định.\n")
    tasks = document("III. NHIỆM VỤ, GIẢI PHÁP, PHÂN CÔNG TRÁCH NHIỆM\n" + body)
    assert [(t.text[:10], t.kind) for t in tasks] == [("Lập, giao ", "task"), ("thông báo ", "task")]
    assert [(t.text[:10], t.kind) for t in document("III. TỔ CHỨC THỰC HIỆN\n" + body)] == [
        ("Lập, giao ", "assignment")]


def test_a_sentence_on_what_matters_is_no_task_and_who_is_asked_leads() -> None:
    """`Phát triển các cụm công nghiệp là nhiệm vụ quan trọng.` opens with a verb and asks no one;
    the sentence after it (`Ủy ban nhân dân tỉnh yêu cầu các sở ...`) is the task."""
    tasks = document("II. NHIỆM VỤ\n1. Sở Công Thương:\nRà soát quy hoạch các cụm công nghiệp.\n"
                     "Phát triển các cụm công nghiệp là nhiệm vụ quan trọng. Ủy ban nhân dân tỉnh "
                     "yêu cầu Ủy ban nhân dân các xã, phường nêu cao tinh thần trách nhiệm.\n")
    assert [t.text[:12] for t in tasks] == ["Rà soát quy ", "Ủy ban nhân "]
    assert [f.id for f in tasks[1].lead] == ["lam-dong/group/commune-ubnd"]


def test_the_sentences_after_a_named_subject_keep_it_under_a_heading_naming_another() -> None:
    """In one paragraph, clauses that name no one go on with the body the first one asks (`Ủy ban
    nhân dân tỉnh yêu cầu Ủy ban nhân dân các xã, phường ...; phối hợp ...`), not with the
    body of the heading the paragraph sits under."""
    tasks = document("II. NHIỆM VỤ\n1. Văn phòng Ủy ban nhân dân tỉnh:\n"
                     "Theo dõi, đôn đốc các cơ quan thực hiện Kết luận này.\n"
                     "Ủy ban nhân dân tỉnh yêu cầu Ủy ban nhân dân các xã, phường nêu cao tinh thần "
                     "trách nhiệm; phối hợp chặt chẽ với các sở, không đùn đẩy, né tránh nhiệm vụ.\n")
    assert [[f.id for f in t.lead] for t in tasks] == [
        ["lam-dong/ubnd/vp"], ["lam-dong/group/commune-ubnd"], ["lam-dong/group/commune-ubnd"]]


def test_a_heading_naming_bodies_with_commas_gives_each_its_items() -> None:
    """`Đề nghị Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh` over bullets: both lead them;
    `Sở Văn hóa, Thể thao và Du lịch`-like names, whose parts are no names, stay whole."""
    tasks = document("II. NHIỆM VỤ\n1. Đề nghị Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh\n"
                     "- Thực hiện tốt chức năng thực hành quyền công tố, xét xử.\n"
                     "2. Trung tâm Văn hóa, Thể thao và Truyền thanh tỉnh\n"
                     "- Tổ chức tuyên truyền về phòng, chống ma túy.\n")
    assert [[f.text for f in t.lead] for t in tasks] == [
        ["Viện kiểm sát nhân dân tỉnh", "Tòa án nhân dân tỉnh"],
        ["Trung tâm Văn hóa, Thể thao và Truyền thanh tỉnh"]]


def test_a_part_heading_a_scan_misread_still_says_what_its_part_holds() -> None:
    """`TÓ CHỨC THỰC HIỆN` (`Ổ` read as `Ó`) is `TỔ CHỨC THỰC HIỆN`: its items are assignments;
    a heading no keyword names, with or without marks, still holds none."""
    tasks = document("I. NHIỆM VỤ\n1. Rà soát các thủ tục hành chính của tỉnh.\n"
                     "II. TÓ CHỨC THỰC HIỆN\n1. Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế "
                     "hoạch này; tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định.\n"
                     "III. ĐIỀU CHỈNH DANH MỤC\n1. Danh mục các thủ tục được cập nhật theo quý.\n")
    assert [t.text[:12] for t in tasks] == ["Rà soát các ", "Sở Nội vụ th"]
    assert tasks[1].kind == "assignment"
    assert leads(tasks[1]) == [("lam-dong/so-noi-vu", "Sở Nội vụ")]


def test_parts_on_reporting_funds_and_checks_hold_work_but_not_where_money_comes_from() -> None:
    tasks = document("II. KINH PHÍ THỰC HIỆN\n1. Kinh phí thực hiện Kế hoạch được bố trí trong "
                     "dự toán chi thường xuyên của các cơ quan, đơn vị.\n2. Sở Tài chính tham mưu "
                     "bố trí kinh phí thực hiện Kế hoạch theo quy định.\n"
                     "III. CHẾ ĐỘ BÁO CÁO\nCác sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội "
                     "vụ trước ngày 15/12/2026.\n")
    assert [t.text[:12] for t in tasks] == ["Sở Tài chính", "Các sở, ban,"]
    assert [f.id for f in tasks[1].report_to] == ["lam-dong/so-noi-vu"]


def test_a_heading_that_says_who_asks_does_not_lead_the_requests_below_it() -> None:
    """`Văn phòng Chính phủ trân trọng đề nghị:`: the office asks; the bodies each item names
    act (a heading naming who acts, `Đề nghị Sở Y tế:`, still leads)."""
    tasks = document("I. THÀNH PHẦN\nLãnh đạo các sở, ngành.\n"
                     "II. Văn phòng Ủy ban nhân dân tỉnh trân trọng đề nghị:\n"
                     "1. Sở Y tế chuẩn bị tài liệu phục vụ Hội nghị.\n"
                     "2. Gửi danh sách đại biểu dự Hội nghị trước ngày 08/10/2026.\n")
    assert [f.id for f in tasks[0].lead] == ["lam-dong/so-y-te"]
    assert all(f.id != "lam-dong/ubnd/vp" for t in tasks for f in t.lead)


@pytest.mark.parametrize("sentence", [
    "Sở Y tế gửi danh sách về Sở Nội vụ trước ngày 08/10/2026 để tổng hợp, báo cáo Ủy ban "
    "nhân dân tỉnh.",
    "Sở Y tế gửi Sở Nội vụ trước ngày 08/10/2026 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
    "Sở Y tế có văn bản đề xuất, gửi Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
])
def test_what_is_sent_to_a_body_that_sums_up_reports_to_that_body(sentence: str) -> None:
    [task] = document(f"II. TỔ CHỨC THỰC HIỆN\n1. {sentence}\n")
    assert [f.id for f in task.report_to] == ["lam-dong/so-noi-vu"]


REGULATION = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 06/2022/QĐ-UBND\nAn Giang, ngày 04 tháng 3 năm 2022\n"
    "QUY ĐỊNH\nPhân công trách nhiệm quản lý chất lượng công trình xây dựng\n"
    "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy định này áp dụng cho các công trình.\n"
    "Chương II\nPHÂN CÔNG, PHÂN CẤP QUẢN LÝ NHÀ NƯỚC\n"
    "Điều 2. Sở Xây dựng\n1. Sở Xây dựng chịu trách nhiệm quản lý chất lượng công trình dân dụng.\n"
    "2. Sở Xây dựng là cơ quan đầu mối giúp Ủy ban nhân dân tỉnh quản lý chất lượng công trình, "
    "thực hiện các nội dung sau:\n"
    "a) Kiểm tra công tác nghiệm thu công trình xây dựng theo quy định tại\n"
    "Điều 24 Nghị định số 06/2021/NĐ-CP đối với công trình do mình quản lý;\n"
    "b) Tổng hợp, báo cáo Bộ Xây dựng về công tác quản lý chất lượng.\n"
    "Điều 3. Ban Quản lý Khu kinh tế\n1. Kiểm tra định kỳ các công trình trong khu kinh tế.\n"
    "Điều 4. Ủy ban nhân dân cấp huyện\n1. Ủy ban nhân dân cấp huyện chịu trách nhiệm quản lý "
    "chất lượng công trình trên địa bàn.\n")


def test_a_chapter_of_duties_gives_its_articles_named_after_bodies_their_tasks() -> None:
    """`Chương II. PHÂN CÔNG ...` over `Điều 2. Sở Xây dựng`: each clause is a duty of the body
    the article names (one the gazetteer lacks too); a lead-in `X là cơ quan đầu mối giúp Y`
    names X alone; a citation a line break put at a line's start (`Điều 24 Nghị định số ...`)
    is no article; `Ủy ban nhân dân cấp huyện` is the district tier."""
    tasks = extracted(REGULATION).tasks
    by_text = {t.text[:12]: leads(t) for t in tasks}
    assert "Quy định này" not in by_text and "Phạm vi điề" not in by_text  # no duties
    assert by_text["Kiểm tra côn"] == by_text["Tổng hợp, bá"] == [
        ("an-giang/so-xay-dung", "Sở Xây dựng")]
    [checks] = [t for t in tasks if t.text.startswith("Kiểm tra công tác")]
    assert checks.text.endswith("do mình quản lý;")  # the citation's line is in the task
    assert by_text["Kiểm tra địn"] == [(None, "Ban Quản lý Khu kinh tế")]
    assert [f.id for f in next(t for t in tasks if t.text.startswith("Ủy ban nhân dân cấp")).lead
            ] == ["an-giang/group/district-ubnd"]


def test_a_closing_paragraph_s_work_starts_after_its_summary_sentence() -> None:
    [task] = document("II. TỔ CHỨC THỰC HIỆN\nTrên đây là Kế hoạch triển khai công tác chuyển "
                      "đổi số năm 2026 của tỉnh. Yêu cầu các sở, ban, ngành nghiêm túc triển khai "
                      "thực hiện; nếu có khó khăn kịp thời báo cáo Ủy ban nhân dân tỉnh.\n")
    assert task.text.startswith("Yêu cầu các sở, ban, ngành")


@pytest.mark.parametrize(("words", "frequency"), [
    ("Định kỳ hàng tháng (trước ngày 18 hàng tháng), 6 tháng (trước ngày 18/5), tổng kết năm "
     "(trước ngày 30/11 hàng năm) hoặc khi có yêu cầu báo cáo đột xuất",
     ("monthly", "6-monthly", "yearly")),
    ("Định kỳ 6 tháng (trước ngày 15/6), hằng năm (trước ngày 15/12) báo cáo UBND tỉnh",
     ("6-monthly", "yearly")),
    ("báo cáo hàng tháng, sơ kết 6 tháng, tổng kết năm", ("monthly", "6-monthly", "yearly")),
    ("Định kỳ 6 tháng (trước ngày 15/6 hằng năm) báo cáo UBND tỉnh", ("6-monthly",)),
])
def test_a_recurrence_whose_periods_give_their_days_recurs_on_each(
        words: str, frequency: tuple[str, ...]) -> None:
    deadline = parse_deadline(words)
    assert deadline is not None and deadline.type == "recurring"
    assert deadline.frequency == frequency


def test_a_lead_in_whose_sentence_a_citation_broke_names_its_unknown_subject_for_the_items(
        ) -> None:
    header = ("ỦY BAN NHÂN DÂN\nHUYỆN AN PHÚ\nSố: 12/QĐ-UBND\nAn Phú, ngày 10 tháng 3 năm 2026\n"
              "QUY ĐỊNH\nChức năng, nhiệm vụ của Phòng Văn hóa và Thông tin\n")
    tasks = document("Điều 2. Nhiệm vụ và quyền hạn\n"
                     "Phòng Văn hóa và Thông tin thực hiện nhiệm vụ, quyền hạn quy định tại\n"
                     "Điều 7 Nghị định số 37/2014/NĐ-CP ngày 05 tháng 5 năm 2014 của Chính phủ "
                     "và thực hiện các nhiệm vụ, quyền hạn sau:\n"
                     "1. Chủ trì, phối hợp với các cơ quan có liên quan trình Ủy ban nhân dân "
                     "huyện:\na) Ban hành kế hoạch phát triển văn hóa trên địa bàn.\n"
                     "2. Hướng dẫn hoạt động của các thiết chế văn hóa cơ sở.\n", header,
                     fmt="pdf")  # a PDF's lines, as its reader leaves them
    by_text = {t.text[:12]: t for t in tasks}
    assert leads(by_text["Ban hành kế "]) == leads(by_text["Hướng dẫn ho"]) == [
        (None, "Phòng Văn hóa và Thông tin")]
    # whom the work is put to (`trình Ủy ban nhân dân huyện`) is no partner of it
    assert [f.id for f in by_text["Ban hành kế "].coordinate] == ["generic/co-quan-lien-quan"]


def test_the_office_of_a_districts_council_and_committee_is_one_body() -> None:
    header = ("ỦY BAN NHÂN DÂN\nHUYỆN AN PHÚ\nSố: 12/QĐ-UBND\nAn Phú, ngày 10 tháng 3 năm 2023\n"
              "QUYẾT ĐỊNH\nVề việc công nhận xã đạt chuẩn tiếp cận pháp luật\n")
    tasks = document("Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện, "
                     "Trưởng phòng Tư pháp, Chủ tịch Ủy ban nhân dân các xã chịu trách nhiệm thi "
                     "hành Quyết định này.\n", header)
    assert leads(tasks[0])[0] == ("an-giang/an-phu/hu/vp-hdnd-ubnd",
                                  "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện")


def test_a_party_resolutions_typewritten_numbering_and_a_scans_numeral_make_sections() -> None:
    header = ("BAN CHẤP HÀNH TRUNG ƯƠNG\nSố 13-NQ/TW\nHà Nội, ngày 16 tháng 01 năm 2012\n"
              "NGHỊ QUYẾT\nVề xây dựng hệ thống kết cấu hạ tầng đồng bộ\n")
    doc = extracted(header + "I- TÌNH HÌNH\nHệ thống kết cấu hạ tầng còn nhiều yếu kém.\n"
                    "_ W- CÁC GIẢI PHÁP CHỦ YẾU\n__ 1- Nâng cao chất lượng quy hoạch\n"
                    "Rà soát, hoàn thiện thể chế về quy hoạch.\n2- Thu hút các nguồn vốn\n"
                    "Phát hành trái phiếu công trình. Thu hút vốn ODA.\n"
                    "Thời gian thực hiện từ 2 - 3 năm.\n", "pdf")  # a scan's lines, as OCR'd
    assert [(s.path, s.heading) for s in doc.sections] == [
        ("I", "TÌNH HÌNH"), ("IV", "CÁC GIẢI PHÁP CHỦ YẾU"),
        ("IV.1", "Nâng cao chất lượng quy hoạch"), ("IV.2", "Thu hút các nguồn vốn")]
    assert [t.section for t in doc.tasks if t.text.startswith(("Rà soát", "Thu hút vốn"))] == [
        "IV.1", "IV.2"]


def test_a_departments_rooms_named_as_one_group_stay_one() -> None:
    header = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\nSỞ TÀI CHÍNH\nSố: 15/KH-STC\n"
              "Đắk Nông, ngày 10 tháng 3 năm 2026\nKẾ HOẠCH\nTuyên truyền cải cách hành chính\n")
    first, second = document(
        "II. TỔ CHỨC THỰC HIỆN\n1. Các phòng, ban thuộc Sở có trách nhiệm tuyên truyền, phổ biến "
        "nhằm nâng cao nhận thức.\n2. Văn phòng Sở chủ trì, phối hợp với các phòng, ban có liên "
        "quan tham mưu cho Sở thực hiện kế hoạch.\n", header)
    assert leads(first) == [(None, "Các phòng, ban thuộc Sở")]  # not `Các phòng` + `ban thuộc Sở`
    assert [(f.id, f.text) for f in second.coordinate] == [
        ("generic/co-quan-lien-quan", "các phòng, ban có liên quan")]
    # a ministry whose name ends in `phòng` is no room of such a group
    [task] = document("II. NHIỆM VỤ\n1. Bộ Tài chính chủ trì, phối hợp với Bộ Quốc phòng, cơ quan, "
                      "tổ chức liên quan bố trí kinh phí thực hiện.\n")
    assert [f.text for f in task.coordinate] == ["Bộ Quốc phòng", "cơ quan, tổ chức liên quan"]


def test_items_that_only_cite_documents_and_the_preambles_last_line_are_no_tasks() -> None:
    # (a PDF's document list under `Tuyên truyền các văn bản ...`, whose items its reader
    # leaves as lines of their own; the rule is the line's test)
    assert tasks_stage._not_a_task("Nghị định số 25/2026/NĐ-CP ngày 17 tháng 01 năm 2026 của "
                                   "Chính phủ quy định chi tiết một số điều của Luật.")
    assert tasks_stage._not_a_task("Quyết định số 963/QĐ-UBND ngày 17/6/2016 của Ủy ban nhân dân "
                                   "tỉnh về việc ban hành Kế hoạch cải cách hành chính.")
    assert tasks_stage._not_a_task("Xét đề nghị của Phòng Tài nguyên và Môi trường tại Tờ trình "
                                   "số 61/TTr-PTNMT ngày 11 tháng 4 năm 2023.")
    # no day after the number: a sentence about the document, which may assign
    assert not tasks_stage._not_a_task("Quyết định số 12/QĐ-UBND giao Sở Nội vụ kiểm tra việc "
                                       "thực hiện.")


def test_a_page_header_a_pdf_repeats_between_items_is_no_task() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Rà soát danh mục thủ tục hành chính.\n"
                     "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "HUYỆN AN PHÚ Độc lập - Tự do - Hạnh phúc\n"
                     "2. Cập nhật cơ sở dữ liệu thủ tục hành chính.\n", fmt="pdf")
    assert not [t for t in tasks if "CỘNG HÒA" in t.text]
    assert [t.text[:7] for t in tasks] == ["Rà soát", "Cập nhậ"]
    [day] = document("II. NHIỆM VỤ\n1. Tổ chức Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt "
                     "Nam tại địa phương.\n")  # the country's name in a sentence
    assert day.text.startswith("Tổ chức Ngày Pháp luật")


def test_a_central_party_symbol_names_who_acts_where_a_scan_garbled_the_issuer() -> None:
    header = ("| Ì BẢN CHẮP HÀNH TRƯNG ƯƠNG\nSố 13-NQ/TW\nHà Nội, ngày 16 tháng 01 năm 2012\n"
              "NGHỊ QUYẾT\nVề xây dựng hệ thống kết cấu hạ tầng đồng bộ\n")
    tasks = document("IV- CÁC GIẢI PHÁP CHỦ YẾU\n1- Nâng cao chất lượng quy hoạch\n"
                     "Rà soát, hoàn thiện thể chế về quy hoạch.\n", header, fmt="pdf")
    assert [f.id for f in tasks[0].lead] == ["tw/group/provincial-committees",
                                             "tw/group/central-party-orgs"]


def test_the_front_and_the_mass_organisations_lead_together() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể đẩy mạnh "
                     "vận động các tầng lớp nhân dân tham gia thực hiện Kế hoạch.\n")
    assert leads(tasks[0])[1:] == [(None, "các đoàn thể")]


@pytest.mark.parametrize(("words", "date"), [
    ("Gửi danh sách về Văn phòng Chính phủ trước 14 giờ ngày 08 tháng 10 năm 2025 để tổng hợp.",
     "2025-10-08"),
    ("Xác nhận đại biểu tham dự qua hộp thư điện tử trước 14 giờ, ngày 08 tháng 10 năm 2025.",
     "2025-10-08"),
    ("Tổ chức huấn luyện an toàn, bắt đầu từ 13h30 thứ Hai ngày 06/7/2026.", "2026-07-06"),
    ("Tuyên truyền cuộc bầu cử (được tiến hành vào Chủ nhật ngày 15/3/2026) đến cử tri.",
     "2026-03-15"),
])
def test_an_hour_or_a_weekday_before_the_day_keeps_the_day(words: str, date: str) -> None:
    found = parse_deadline(words)
    assert found is not None and (found.type, found.date) == ("date", date)


@pytest.mark.parametrize(("words", "event"), [
    ("Ban bầu cử phân công nhiệm vụ từ giai đoạn chuẩn bị cho đến khi kết thúc cuộc bầu cử; "
     "trong đó, phân công một thành viên thường trực.", "cho đến khi kết thúc cuộc bầu cử"),
    ("Tham mưu tổ chức thực hiện (từ quý IV/2025 đến khi kết thúc bầu cử).",
     "từ quý IV/2025 đến khi kết thúc bầu cử"),
    ("Tiêu hủy đàn lợn bệnh trong vòng 24 giờ kể từ khi có kết quả xét nghiệm dương tính.",
     "trong vòng 24 giờ kể từ khi có kết quả xét nghiệm dương tính"),
    ("Dừng vận chuyển lợn từ thôn có ổ dịch trong vòng 30 ngày để theo dõi.", "trong vòng 30 ngày"),
])
def test_work_that_lasts_until_an_event_or_a_count_of_days_has_an_event_for_time(
        words: str, event: str) -> None:
    found = parse_deadline(words)
    assert found is not None and (found.type, found.text) == ("event", event)


def test_a_time_cell_deferring_to_another_documents_timetable_is_an_event() -> None:
    found = parse_deadline("Theo các mốc thời gian tại Quyết định số 1737/QĐ-UBND ngày 17/10/2025 "
                           "của Chủ tịch UBND tỉnh", cell=True)
    assert found is not None and found.type == "event" and found.date is None
    found = parse_deadline("Theo hướng dẫn của Trung ương", cell=True)
    assert found is not None and found.type == "event"


@pytest.mark.parametrize(("words", "yearly"), [
    ("Tham mưu đánh giá, phân xếp loại cuối năm đối với cá nhân, tập thể.", True),
    ("Cuối năm tiến hành kiểm điểm, đánh giá tiến độ xây dựng cơ quan an toàn.", True),
    ("Tổ chức tổng kết vào cuối năm 2025.", False),  # a year: that year's end
    ("Tổ chức tổng kết cuối năm học cho học sinh.", False),
])
def test_the_year_end_without_a_year_recurs_every_year(words: str, yearly: bool) -> None:
    found = parse_deadline(words)
    assert (found is not None and found.type == "recurring"
            and found.frequency == ("yearly",)) == yearly


def test_a_task_rows_own_words_give_its_time_where_its_time_cell_gives_none() -> None:
    tasks = extracted(HEADER + "II. NHIỆM VỤ\n\n"
                      "| TT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành |\n"
                      "|---|---|---|---|\n"
                      "| 1 | Thường xuyên rà soát, cập nhật Khung kiến trúc số cấp tỉnh. | "
                      "Sở Khoa học và Công nghệ | Kịp thời |\n"
                      "| 2 | Ban hành kế hoạch chuyển đổi số trước ngày 31/3/2027. | "
                      "Sở Khoa học và Công nghệ | Quý II/2027 |\n",
                      "md").tasks
    assert [(t.deadline.type, t.deadline.date) if t.deadline else None for t in tasks] == [
        ("ongoing", None), ("quarter", "2027-06-30")]


def test_a_report_passed_on_goes_to_the_first_recipient_and_a_scanned_gua_is_qua() -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n"
                     "1. UBND các xã hằng ngày báo cáo diễn biến tình hình dịch bệnh về Phòng "
                     "Nông nghiệp và PTNT trước 15 giờ 00 phút để báo cáo UBND tỉnh, Sở Y tế.\n"
                     "2. UBND các xã báo cáo kết quả về UBND tỉnh (gua Sở Nội vụ) trước ngày "
                     "15/6/2026.\n", header=DISTRICT_HEADER)
    first, second = tasks
    assert [r.text for r in first.report_to] == ["Phòng Nông nghiệp và PTNT"]
    assert [r.id for r in second.report_to] == ["dak-nong/ubnd"]
    assert [r.id for r in second.via] == ["dak-nong/so-noi-vu"]


@pytest.mark.parametrize(("words", "cell", "frequency"), [
    ("Trước ngày 05 của tháng liền kề", True, ("monthly",)),
    ("Báo cáo UBND thành phố công nhận phường đạt chuẩn tiếp cận pháp luật trước ngày 10 tháng 01 "
     "của năm liền kề sau năm đánh giá.", False, ("yearly",)),
])
def test_a_day_of_each_following_month_or_year_recurs(words: str, cell: bool,
                                                       frequency: tuple[str, ...]) -> None:
    found = parse_deadline(words, cell=cell)
    assert found is not None and (found.type, found.frequency) == ("recurring", frequency)


def test_a_year_followed_by_the_vision_beyond_it_names_a_strategy_not_a_time() -> None:
    assert parse_deadline("Rà soát Quy hoạch xây dựng và phát triển hệ thống cây xanh đô thị Ninh "
                          "Bình đến năm 2030, tầm nhìn đến năm 2050 để điều chỉnh.") is None
    found = parse_deadline("Phấn đấu tỷ trọng ngành công nghiệp trong GRDP đến năm 2030 đạt 33,59%.")
    assert found is not None and found.year == 2030


def test_a_subjects_list_goes_on_past_a_group_the_gazetteer_lacks() -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n"
                     "1. Ủy ban nhân dân tỉnh yêu cầu Lãnh đạo các sở, ngành, các Ban Quản lý dự án "
                     "và Ủy ban nhân dân các xã, phường nêu cao tinh thần trách nhiệm.\n"
                     "2. Sở Y tế, các Trung tâm y tế triển khai và Ủy ban nhân dân các xã, phường "
                     "tham gia.\n")
    assert [(r.id, r.text) for r in tasks[0].lead] == [
        ("lam-dong/group/departments", "các sở, ngành"), (None, "các Ban Quản lý dự án"),
        ("lam-dong/group/commune-ubnd", "Ủy ban nhân dân các xã, phường")]
    assert [r.id for r in tasks[1].lead] == ["lam-dong/so-y-te"]  # a verb ends the subject


@pytest.mark.parametrize("article", [
    "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh;\nGiám đốc Sở Công Thương;\n"
    "Thủ trưởng các sở, ban, ngành thuộc tỉnh;\nỦy ban nhân dân các xã, phường chịu trách "
    "nhiệm thi hành Quyết định này./.\n",
    "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Công Thương;\nThủ trưởng các "
    "sở, ban, ngành thuộc tỉnh; Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành "
    "Quyết định này./.\n",
])
def test_offices_listed_over_several_lines_are_one_subject(article: str) -> None:
    tasks = document(article, header=HEADER.replace("15/KH-UBND", "15/QĐ-UBND"))
    assert len(tasks) == 1
    assert [r.id for r in tasks[0].lead] == [
        "lam-dong/ubnd/vp", "lam-dong/so-cong-thuong", "lam-dong/group/departments",
        "lam-dong/group/commune-ubnd"]


def test_a_report_made_directly_to_x_for_y_names_both() -> None:
    task, = document("II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì triển khai Kế hoạch này; hằng năm "
                     "(trước ngày 15/12) báo cáo Ủy ban nhân dân tỉnh để báo cáo Ban Thường vụ Tỉnh "
                     "ủy (qua Ban Tổ chức Tỉnh ủy).\n")
    assert [r.id for r in task.report_to] == ["lam-dong/ubnd", "lam-dong/btv"]
    assert [r.id for r in task.via] == ["lam-dong/btc"]


def test_who_chairs_the_work_a_task_joins_is_not_its_lead() -> None:
    first, second = document("II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Phối hợp tham gia kiểm tra "
                             "liên ngành về an toàn lao động do Sở Công Thương hoặc Công an tỉnh "
                             "chủ trì.\n2. Sở Tài chính chủ trì, phối hợp với Sở Y tế kiểm tra.\n")
    assert [r.id for r in first.lead] == ["lam-dong/so-noi-vu"]
    assert [r.id for r in second.lead] == ["lam-dong/so-tai-chinh"]


@pytest.mark.parametrize("line", [
    "PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC HUẤN LUYỆN, KIỂM TRA AN TOÀN",  # a title in capitals
    "ĐẢNG UỶ XÃ CÔNG HẢI",  # an issuer over a signature
    "Số: /KH-UBND",  # the header's number line
    "./. L]",  # a scan's specks
    # fields of an event's description
    "Lãnh đạo phụ trách: Phó giám đốc Nguyễn Văn A, Phó giám đốc Trần Văn B.",
    "Danh nghĩa tổ chức: Thành ủy, Hội đồng nhân dân, Ủy ban nhân dân thành phố.",
    "Địa điểm tổ chức: Hội trường Ủy ban nhân dân tỉnh.",
])
def test_a_line_that_names_no_work_after_a_task_is_no_task(line: str) -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì triển khai Kế hoạch.\n" + line + "\n")
    assert [t.text for t in tasks] == ["Sở Y tế chủ trì triển khai Kế hoạch."]


def test_an_opening_event_may_end_where_the_work_is_handed_out() -> None:
    found = parse_deadline("Khi có kết quả đánh giá chính thức các chỉ số cải cách hành chính giao "
                           "Sở Nội vụ chủ trì phân tích cụ thể từng nội dung;")
    assert found is not None and (found.type, found.text) == (
        "event", "Khi có kết quả đánh giá chính thức các chỉ số cải cách hành chính")


@pytest.mark.parametrize("line", [
    "Thông báo này có hiệu lực từ ngày ký và thay thế Thông báo số 02/TB-UBND ngày 15/4/2026.",
    "Nhận thức của một bộ phận nhân dân còn hạn chế, nhất là nhân dân vùng sâu, vùng xa.",
    "Một số cơ quan chức năng chưa phát huy tốt vai trò tham mưu trong việc tổ chức thực hiện.",
])
def test_what_a_text_says_of_itself_or_of_how_things_stand_is_no_task(line: str) -> None:
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chủ trì triển khai Kế hoạch.\n2. " + line
                     + "\n")
    assert [t.text for t in tasks] == ["Sở Y tế chủ trì triển khai Kế hoạch."]
    kept = document("II. TỔ CHỨC THỰC HIỆN\n1. Khắc phục những hạn chế còn chậm được xử lý.\n")
    assert len(kept) == 1


MINISTRY_HEADER = ("BỘ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                   "Số: 12/BNV-TCPCP\nHà Nội, ngày 02 tháng 12 năm 2025\nV/v báo cáo tình hình hội\n"
                   "Kính gửi: Ủy ban nhân dân tỉnh, thành phố\n\n")
CLOSING = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"


@pytest.mark.parametrize("grounds", ["", "Căn cứ khoản 2 Điều 5 Nghị định số 10/2024/NĐ-CP "
                                         "ngày 08/10/2024 của Chính phủ quy định về hội, "])
def test_a_ministry_asking_the_provinces_in_its_letter_gives_them_the_task(grounds: str) -> None:
    tasks = document(grounds + "Bộ Nội vụ đề nghị Ủy ban nhân dân tỉnh, thành phố khẩn trương "
                     "xây dựng báo cáo tình hình tổ chức hội và gửi về Bộ Nội vụ trước ngày "
                     "31/12/2025.\n" + CLOSING, header=MINISTRY_HEADER)
    assert len(tasks) == 1
    assert [f.id for f in tasks[0].lead] == ["vn/group/ubnd-tinh"]
    assert [f.id for f in tasks[0].report_to] == ["cp/bnv"]
    assert tasks[0].deadline is not None and tasks[0].deadline.date == "2025-12-31"


def test_after_the_grounds_a_body_that_asks_another_hands_it_the_lead() -> None:
    tasks = document("Căn cứ Kế hoạch số 5/KH-UBND ngày 02/01/2026, Ủy ban nhân dân tỉnh đề nghị "
                     "các sở, ban, ngành xây dựng báo cáo gửi về Sở Nội vụ trước ngày "
                     "31/12/2026.\n")
    assert [f.id for f in tasks[0].lead] == ["lam-dong/group/ubnd-subordinates"]


def test_a_set_of_criteria_is_no_ministry_speaking() -> None:
    tasks = document("Bộ tiêu chí xã chuyển đổi số được ban hành kèm theo Quyết định số "
                     "5/QĐ-UBND, yêu cầu các xã tự đánh giá hằng năm.\n" + CLOSING,
                     header=MINISTRY_HEADER)
    assert tasks == []


def test_a_long_paragraph_broken_before_a_word_in_lower_case_goes_on_as_one_task() -> None:
    tasks = document("III. TỔ CHỨC THỰC HIỆN\n1. Ủy ban nhân dân các xã, phường\n"
                     "- Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm trước pháp\n"
                     "luật, trước Ủy ban nhân dân tỉnh và Chủ tịch Ủy ban nhân dân tỉnh nếu để xảy ra\n"
                     "tình trạng khai thác khoáng sản trái phép trên địa bàn quản lý.\n", fmt="docx")
    assert len(tasks) == 1
    assert "tình trạng khai thác" in tasks[0].text
    assert [f.id for f in tasks[0].lead] == ["lam-dong/group/commune-ubnd"]


def test_a_web_copys_letter_starts_under_its_addressees_line() -> None:
    tasks = document("Bộ Nội vụ đề nghị Ủy ban nhân dân tỉnh, thành phố báo cáo tình hình tổ chức "
                     "hội, gửi về Bộ Nội vụ trước ngày 31/12/2025.\n" + CLOSING,
                     header=MINISTRY_HEADER.rstrip("\n") + "\n")
    assert [t.text[:17] for t in tasks] == ["Bộ Nội vụ đề nghị"]
    assert [f.id for f in tasks[0].lead] == ["vn/group/ubnd-tinh"]


# ---------------------------------------------------------------- twenty-fourth session
ASSIGNMENT_HEADER = ("SỞ NỘI VỤ\nPHÒNG THI ĐUA, KHEN THƯỞNG\nQuảng Bình, ngày 04 tháng 5 năm 2021\n"
                     "PHÂN CÔNG NHIỆM VỤ\nCÁC THÀNH VIÊN PHÒNG\n")


def test_lettered_parts_hold_a_duty_assignment_without_a_kind_word() -> None:
    """`A. Phân công nhiệm vụ:` / `B. Tổ chức thực hiện:` are the document's parts (a room's
    duty assignment names no kind of document): the persons' items under them hold tasks, led
    by the person each item names."""
    tasks = document("A. Phân công nhiệm vụ:\n1. Ông Hồ Văn Thắng - Trưởng phòng\n"
                     "- Phụ trách chung, điều hòa công việc giữa các thành viên của Phòng;\n"
                     "2. Bà Trương Thị Ngọc - Chuyên viên\n"
                     "- Thẩm định hồ sơ đề nghị khen thưởng của các cơ quan, đơn vị;\n"
                     "B. Tổ chức thực hiện:\n1. Các thành viên có trách nhiệm chủ động tham mưu, "
                     "triển khai thực hiện nhiệm vụ được phân công.\n", header=ASSIGNMENT_HEADER)
    assert [t.section for t in tasks] == ["A.1.-1", "A.2.-1", "B.1"]
    assert leads(tasks[0]) == [(None, "Ông Hồ Văn Thắng - Trưởng phòng")]
    assert leads(tasks[1]) == [(None, "Bà Trương Thị Ngọc - Chuyên viên")]


def test_a_lettered_part_counts_only_in_order_from_a() -> None:
    """A capital and a full stop open a part only as the next of its series: `B. Nguyễn ...`
    with no `A.` before it is a line of text, and `C.` after `A.` skips one."""
    from pipeline.stages.outline import segment

    paths = [s.path for s in segment("B. Nguyễn Văn Nam trình bày.\n"
                                     "A. Nhiệm vụ\n1. Nội dung hai\nC. Kinh phí\n2. Nội dung ba\n")]
    assert paths == ["A", "A.1", "A.2"]


def test_a_scans_misread_marks_still_name_the_body() -> None:
    """The OCR's `Thương bình` and `thành phó` are `Thương binh` and `thành phố`: in a text read
    by OCR a name is found by its bare letters where its exact letters miss; in typed text it
    is not (a wrong mark there is no misreading)."""
    from pipeline.records import ReadByOcr

    body = ("II. NHIỆM VỤ\n1. Sở Lao động - Thương bình và Xã hội chủ trì, phối hợp với Công an "
            "tỉnh hướng dẫn Ủy ban nhân dân các huyện, thành phó triển khai thu thập thông tin.\n")
    text = HEADER + body
    sha = hashlib.sha256(text.encode()).hexdigest()
    read = extract(SourceDocument(path="t.pdf", format="pdf", sha256=sha, text=text,
                                  ocr_pages=(ReadByOcr(1, 80.0),)), screen=keep_all)
    ids = {b.id for b in read.bodies}
    assert {"lam-dong/so-ld-tbxh", "lam-dong/group/district-ubnd"} <= ids
    assert leads(read.tasks[0]) == [("lam-dong/so-ld-tbxh", "Sở Lao động - Thương bình và Xã hội")]
    typed = {b.id for b in extracted(text).bodies}
    assert "lam-dong/so-ld-tbxh" not in typed
    # a typed first page bound with a scanned second: only the scanned page's marks are misread
    second = "2. Sở Lao động - Thương bình và Xã hội tổng hợp kết quả.\n"
    both = text + second
    sha = hashlib.sha256(both.encode()).hexdigest()
    read = extract(SourceDocument(path="t.pdf", format="pdf", sha256=sha, text=both, pages=2,
                                  page_starts=(0, len(text)), ocr_pages=(ReadByOcr(2, 80.0),)),
                   screen=keep_all)
    assert [b.start >= len(text) for b in read.bodies if b.id == "lam-dong/so-ld-tbxh"] == [True]


def test_bare_letters_keep_offsets_and_drop_only_marks() -> None:
    from pipeline.normalize import bare_letters

    assert bare_letters("Thương bình Đồng Tháp") == "Thuong binh Dong Thap"
    assert len(bare_letters("Ủy ban nhân dân tỉnh Quảng Bình")) == len("Ủy ban nhân dân tỉnh Quảng Bình")


def test_a_schedule_line_opening_with_its_date_is_a_task_of_the_body_it_names() -> None:
    """`III. THỜI GIAN THỰC HIỆN` holds tasks; under a lead-in, `Trước ngày 30/6/2024: Công an
    cấp xã hoàn thành ...` acts (its time, then who, then what): each line is a task led by the
    body after the date, the date its deadline."""
    tasks = document("III. THỜI GIAN THỰC HIỆN\n1. Năm 2026: Tổ chức thu thập theo tiến độ sau:\n"
                     "- Trước ngày 30/6/2026: Công an cấp xã hoàn thành việc nhập thông tin vào "
                     "phần mềm.\n- Trước ngày 31/10/2026: Sở Tài chính phối hợp Công an tỉnh tổng "
                     "hợp, báo cáo kết quả.\n")
    assert [t.text.split(":")[0] for t in tasks] == ["Trước ngày 30/6/2026", "Trước ngày 31/10/2026"]
    assert leads(tasks[0]) == [("lam-dong/group/ca-xa", "Công an cấp xã")]
    assert leads(tasks[1]) == [("lam-dong/so-tai-chinh", "Sở Tài chính")]
    assert [f.id for f in tasks[1].coordinate] == ["lam-dong/cong-an"]
    assert tasks[0].deadline is not None and tasks[0].deadline.date == "2026-06-30"


def test_a_part_titled_time_alone_holds_no_task() -> None:
    """`Thời gian:` of a meeting is when it meets, not a schedule of work."""
    tasks = document("I. NỘI DUNG\n1. Tổ chức hội nghị sơ kết công tác chuyển đổi số.\n"
                     "II. Thời gian, địa điểm\nTổ chức vào 8 giờ ngày 20/3/2026 tại Hội trường.\n")
    assert [t.section for t in tasks] == ["I.1"]


def test_a_group_heading_listing_its_members_gives_each_the_lead() -> None:
    """`3. Các đơn vị chuyên môn: Khoa Lý luận Chính trị, Viện Kinh tế Quản lý và Khoa ...`: the
    members named after the colon lead the items below, not the group's words."""
    tasks = document("IV. TỔ CHỨC THỰC HIỆN\n3. Các đơn vị chuyên môn: Khoa Lý luận Chính trị, "
                     "Viện Kinh tế Quản lý và Khoa Giáo dục Quốc phòng An ninh\n"
                     "a) Chủ trì triển khai các nội dung liên quan đến các học phần đào tạo.\n")
    assert leads(tasks[0]) == [(None, "Khoa Lý luận Chính trị"), (None, "Viện Kinh tế Quản lý"),
                               (None, "Khoa Giáo dục Quốc phòng An ninh")]


def test_a_group_heading_in_a_web_copys_bold_with_no_break_spaces_gives_its_members() -> None:
    """The same heading as a web copy writes it: bold, a no-break space after the number and
    before `và`: still its members."""
    tasks = document("IV. TỔ CHỨC THỰC HIỆN\n**3.\u00a0Các đơn vị chuyên môn: Khoa Lý luận Chính "
                     "trị, Viện Kinh tế Quản lý\u00a0và Khoa\u00a0Giáo dục Quốc phòng An ninh**\n"
                     "a) Chủ trì triển khai các nội dung liên quan đến các học phần đào tạo.\n")
    assert [text for _, text in leads(tasks[0])] == [
        "Khoa Lý luận Chính trị", "Viện Kinh tế Quản lý", "Khoa Giáo dục Quốc phòng An ninh"]


def test_a_partner_named_in_brackets_leaves_the_bracket_out() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Phòng Văn hóa\n- Thẩm định hồ sơ khen thưởng thành tích "
                     "kháng chiến (Phối hợp với đ/c Trương Đình Nời);\n")
    assert [(f.id, f.text) for f in tasks[0].coordinate] == [(None, "đ/c Trương Đình Nời")]


def test_a_lead_in_under_a_bodys_heading_hands_its_items_to_the_body_it_directs() -> None:
    """`5. UBND các huyện` over `- Chỉ đạo, hướng dẫn UBND cấp xã thực hiện các nội dung:` and
    its `+` items: the communes do the items (the lead-in is nearer than the heading); the
    district's own bullet stays the district's."""
    tasks = document("V. TỔ CHỨC THỰC HIỆN\n5. Ủy ban nhân dân các huyện, thành phố\n"
                     "- Bố trí kinh phí đối ứng ngân sách cấp huyện.\n"
                     "- Chỉ đạo, hướng dẫn UBND cấp xã thực hiện các nội dung:\n"
                     "+ Ban hành quyết định thành lập Tổ điều tra;\n"
                     "+ Tổ chức nghiệm thu phiếu thu thập.\n"
                     "6. Sở Tài chính\n- Thẩm định dự toán kinh phí.\n")
    assert [leads(t)[0][0] for t in tasks] == [
        "lam-dong/group/district-ubnd", "lam-dong/group/commune-ubnd",
        "lam-dong/group/commune-ubnd", "lam-dong/so-tai-chinh"]
    three = document("V. TỔ CHỨC THỰC HIỆN\n5. Ủy ban nhân dân các huyện, thành phố\n"
                     "- Chỉ đạo, hướng dẫn, đôn đốc UBND cấp xã thực hiện các nội dung:\n"
                     "+ Ban hành quyết định thành lập Tổ điều tra.\n")
    assert leads(three[-1])[0][0] == "lam-dong/group/commune-ubnd"


def test_a_lead_in_asking_people_the_gazetteer_lacks_names_them_for_its_items() -> None:
    """`Nhà trường đề nghị sinh viên:` over bullets: the students do them (people by their role,
    as written); `đề nghị quan tâm chỉ đạo ...:` names no one and hands nothing on."""
    tasks = document("III. NHIỆM VỤ\nNhà trường đề nghị sinh viên:\n"
                     "- Đăng ký dự Lễ tốt nghiệp trước ngày 05/5/2026.\n"
                     "IV. TỔ CHỨC THỰC HIỆN\nĐề nghị quan tâm chỉ đạo thực hiện một số nội dung sau:\n"
                     "- Rà soát kinh phí.\n")
    assert leads(tasks[0]) == [(None, "sinh viên")]
    assert leads(tasks[1]) == [("lam-dong/group/ubnd-subordinates", None)]


def test_lettered_lines_under_a_roman_part_or_an_item_stay_its_own_list() -> None:
    """`II. NHIỆM VỤ` / `A. Lĩnh vực kinh tế` / `1. ...`: the letters group the part's items and
    end nothing; the items stay tasks and `III.` is no child of `B.`. Answer options under an
    item (`A. Rất hài lòng`) do not close it either."""
    tasks = document("I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức.\nII. NHIỆM VỤ, GIẢI PHÁP\n"
                     "A. Lĩnh vực kinh tế\n1. Sở Tài chính thẩm định dự toán kinh phí.\n"
                     "2. Sở Xây dựng rà soát quy hoạch.\nB. Lĩnh vực văn hóa - xã hội\n"
                     "1. Sở Y tế tổ chức tiêm chủng.\nIII. TỔ CHỨC THỰC HIỆN\n"
                     "1. Sở Nội vụ theo dõi, đôn đốc.\n")
    assert [t.section for t in tasks] == ["I.1", "II.1", "II.2", "II.1~2", "III.1"]
    from pipeline.stages.outline import segment

    paths = [s.path for s in segment("I. NHIỆM VỤ\n1. Sở Y tế khảo sát theo mẫu phiếu:\n"
                                     "A. Rất hài lòng\nB. Hài lòng\n2. Sở Tài chính bố trí kinh phí.\n")]
    assert paths == ["I", "I.1", "I.2"]


def test_lettered_parts_start_afresh_in_each_division_and_annex() -> None:
    from pipeline.stages.outline import segment

    paths = [s.path for s in segment("Phần thứ nhất\nA. Một\n1. Nội dung\nB. Hai\nPhần thứ hai\n"
                                     "A. Khác\n1. Nội dung\n")]
    assert paths == ["Phần thứ nhất", "Phần thứ nhất.A", "Phần thứ nhất.A.1", "Phần thứ nhất.B",
                     "Phần thứ hai", "Phần thứ hai.A", "Phần thứ hai.A.1"]
    text = ("A. MỤC ĐÍCH\n1. Nội dung\nB. NHIỆM VỤ\n1. Nội dung\nPHỤ LỤC\n"
            "A. Lĩnh vực kinh tế\n1. Nội dung\n")
    annexed = [s.path for s in segment(text, annex_start=text.index("PHỤ LỤC"))]
    assert annexed[-2:] == ["A~2", "A~2.1"]


def test_a_digital_services_words_are_no_department_in_a_scan() -> None:
    """`chuyển đổi số y tế` has the bare letters of `Sở Y tế`: a misread mark is taken only where
    the name's first word is its own (`Sở ...`) and one other word at most differs."""
    from pipeline.records import ReadByOcr

    text = HEADER + ("II. NHIỆM VỤ\n1. Sở Thông tin và Truyền thông đẩy mạnh chuyển đổi số y tế, "
                     "chuyển đổi số tài chính, số tư pháp.\n")
    sha = hashlib.sha256(text.encode()).hexdigest()
    read = extract(SourceDocument(path="t.pdf", format="pdf", sha256=sha, text=text,
                                  ocr_pages=(ReadByOcr(1, 80.0),)), screen=keep_all)
    ids = {b.id for b in read.bodies}
    assert "lam-dong/so-tt-tt" in ids
    assert not ids & {"lam-dong/so-y-te", "lam-dong/so-tai-chinh", "lam-dong/so-tu-phap"}


def test_a_lead_in_with_a_second_clause_leaves_the_items_to_the_heading_body() -> None:
    """`- Chỉ đạo, đôn đốc Trung tâm Y tế ... triển khai tiêm chủng; đồng thời thực hiện các nội
    dung:` under `1. Sở Y tế`: the items are the department's own."""
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Chỉ đạo, đôn đốc Trung tâm Y tế các "
                     "huyện triển khai tiêm chủng; đồng thời thực hiện các nội dung:\n"
                     "+ Tổng hợp số liệu tiêm chủng;\n+ Báo cáo UBND tỉnh kết quả.\n")
    assert all(leads(t)[0][0] == "lam-dong/so-y-te" for t in tasks[-2:])


def test_a_lead_in_naming_people_stops_at_what_they_must_do() -> None:
    tasks = document("III. NHIỆM VỤ\nYêu cầu học sinh khi tham gia kỳ thi phải:\n"
                     "- Có mặt đúng giờ tại phòng thi.\n")
    assert leads(tasks[0]) == [(None, "học sinh")]


def test_a_part_on_the_progress_of_spending_holds_no_task() -> None:
    tasks = document("I. NHIỆM VỤ\n1. Sở Tài chính bố trí kinh phí.\nII. TIẾN ĐỘ GIẢI NGÂN\n"
                     "1. Sở Tài chính đã giải ngân 50% kế hoạch vốn.\n")
    assert [t.section for t in tasks] == ["I.1"]


def test_a_lead_in_that_goes_on_with_what_to_note_still_hands_its_items_on() -> None:
    """`1. Yêu cầu Sở Tài chính …; trong đó lưu ý:` asks the department, and the note's items are
    its tasks: only `đồng thời` or `; thực hiện` opens a second clause of the subject's own."""
    tasks = document("II. NHIỆM VỤ\n1. Yêu cầu Sở Tài chính nâng cao tính chủ động, rà soát kế "
                     "hoạch vốn; trong đó lưu ý:\na) Tập trung giải ngân vốn được giao.\n")
    assert leads(tasks[-1])[0][0] == "lam-dong/so-tai-chinh"


def test_a_scans_misread_roman_part_is_the_next_part_of_the_series() -> None:
    """OCR runs strokes into an `H` (`IH.` / `HI.` for `II.` or `III.`, `H.` for `II.`) or
    reads `I` as `l`: such a number is a part when it may be the next of the series, and its
    items are tasks."""
    report = ("I. KẾT QUẢ NĂM 2017\nNăm 2017 Sở Tài chính đã thực hiện tốt nhiệm vụ.\n"
              "II. ĐÁNH GIÁ\nCòn một số hạn chế.\nIH. Chương trình công tác năm 2018\n"
              "1. Xây dựng kế hoạch tuyển dụng viên chức năm 2018.\n"
              "2. Thực hiện quy hoạch cán bộ lãnh đạo cấp phòng.\n")
    read = scanned(HEADER + report)
    assert [s.path for s in read.sections if s.kind == "part"] == ["I", "II", "III"]
    assert [t.section for t in read.tasks] == ["III.1", "III.2"]
    parts = scanned(HEADER + "I. Tập thể\n1. Phòng Tư pháp.\nH. Cá nhân\n1. Ông Nguyễn Văn A.\n"
                    ).sections
    assert [s.path for s in parts if s.kind == "part"] == ["I", "II"]
    # the same misreading stands for the next numeral, whichever it is (`IH.` after `I.`)
    series = scanned(HEADER + "I. MỤC ĐÍCH\nNâng cao nhận thức.\nIH. NỘI DUNG\n"
                     "1. Tuyên truyền pháp luật.\nHI. TỔ CHỨC THỰC HIỆN\n"
                     "1. Phòng Tổng hợp theo dõi.\n").sections
    assert [s.path for s in series if s.kind == "part"] == ["I", "II", "III"]
    # typed text has no misreading: `IH.` there is no part
    assert [s.path for s in extracted(HEADER + report).sections if s.kind == "part"] == ["I", "II"]


def scanned(text: str) -> ExtractedDocument:
    """`text` as a PDF page the OCR read."""
    from pipeline.records import ReadByOcr

    sha = hashlib.sha256(text.encode()).hexdigest()
    return extract(SourceDocument(path="t.pdf", format="pdf", sha256=sha, text=text,
                                  ocr_pages=(ReadByOcr(1, 80.0),)), screen=keep_all)


def test_a_misread_roman_number_out_of_the_series_is_no_part() -> None:
    """On a scanned page, `IH.` with nothing before it, or `H.` going on a lettered list (parts
    `A.` ... `G.`, or a part's own `A.` ... `G.` under `I.`), is not taken for a Roman part;
    nor is a typed line `H. Đức Trọng ...` (`huyện` shortened, wrapped)."""
    alone = scanned(HEADER + "IH. Chương trình công tác\n1. Xây dựng kế hoạch.\n").sections
    assert not [s for s in alone if s.kind == "part"]
    opening = "Căn cứ tình hình thực tế, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
    lettered = scanned(HEADER + opening + "".join(f"{c}. Phần {c}\nI. Nội dung.\n"
                                                  for c in "ABCDEG") + "H. Phần cuối\n").sections
    assert [s.marker for s in lettered if s.kind == "part-named"][-1] == "H."
    answers = scanned(HEADER + opening + "I. NỘI DUNG KHẢO SÁT\n" + "".join(
        f"{c}. Mức {c}.\n" for c in "ABCDEG") + "H. Không trả lời.\n"
        "1. Sở Nội vụ chủ trì tổ chức khảo sát.\n").sections
    assert [s.path for s in answers if s.kind == "part"] == ["I"]
    typed = extracted(HEADER + opening + "I. NHIỆM VỤ\n1. Sở Nông nghiệp và Môi trường phối hợp "
                      "với Ủy ban nhân dân\nH. Đức Trọng kiểm tra việc khai thác khoáng sản.\n"
                      "II. TỔ CHỨC THỰC HIỆN\n").sections
    assert [s.path for s in typed if s.kind == "part"] == ["I", "II"]


def test_a_scans_misread_article_word_still_opens_an_article() -> None:
    """`Điêu 10.` / `Điễu 11.`: the mark on `Điều` misread; the article keeps its number and the
    responsibility its title names (`Trách nhiệm cña ...`, `của` misread too) leads its items."""
    body = ("Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\n"
            "Điêu 10. Trách nhiệm của Sở Tài chính\n1. Bố trí kinh phí thực hiện.\n"
            "Điễu 11. Trách nhiệm cña Bảo hiểm xã hội Việt Nam\n"
            "1. Bảo đảm hạ tầng tiếp nhận dữ liệu.\n")
    read = extracted(HEADER.replace("KẾ HOẠCH", "QUYẾT ĐỊNH") + body)
    assert [s.path for s in read.sections if s.kind == "article"] == ["Điều 10", "Điều 11"]
    assert [leads(t)[0][0] for t in read.tasks] == ["lam-dong/so-tai-chinh", "cp/bhxh"]


def test_a_hall_or_a_conference_is_no_member_of_a_group() -> None:
    """`2. Các phòng: Hội trường A, Hội trường B`: `hội` opens an association's name, not a
    hall's (`Hội trường`), a conference's or a seminar's; the halls lead nothing."""
    tasks = document("II. TỔ CHỨC THỰC HIỆN\n1. Văn phòng UBND tỉnh\n- Chuẩn bị tài liệu.\n"
                     "2. Các phòng: Hội trường A, Hội trường B\n- Dọn dẹp, bố trí chỗ ngồi.\n")
    assert (None, "Hội trường A") not in leads(tasks[-1])


def test_a_lettered_part_of_tasks_over_roman_parts_that_name_no_kind_keeps_them() -> None:
    """`A. NHIỆM VỤ TRỌNG TÂM` over `I. Lĩnh vực kinh tế`: the Roman part names a field, not a
    kind, so the lettered part says its items are tasks."""
    tasks = document("Căn cứ tình hình thực tế, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
                     "A. NHIỆM VỤ TRỌNG TÂM\nI. Lĩnh vực kinh tế\n"
                     "1. Sở Tài chính bố trí kinh phí thực hiện.\nII. Lĩnh vực văn hóa\n"
                     "1. Sở Văn hóa, Thể thao và Du lịch tổ chức lễ hội.\n"
                     "B. BÁO CÁO KẾT QUẢ\nI. Kết quả năm 2025\n1. Sở Tài chính đã bố trí kinh phí.\n")
    assert [t.section for t in tasks] == ["A.I.1", "A.II.1"]


def test_letters_under_a_roman_part_inside_a_phan_are_its_own_list() -> None:
    """`Phần thứ hai` ⏎ `II. Nhiệm vụ cụ thể` ⏎ `A. Lĩnh vực kinh tế`: the letters group the
    Roman part's items and close nothing; in the next `Phần`, `A.` opens a lettered part again."""
    from pipeline.stages.outline import segment

    paths = [s.path for s in segment(
        "Phần thứ hai\nII. Nhiệm vụ cụ thể\nA. Lĩnh vực kinh tế\n1. Nội dung\n"
        "B. Lĩnh vực xã hội\n2. Nội dung\nPhần thứ ba\nA. Tổ chức\nI. Sở\nB. Kinh phí\n")]
    assert "Phần thứ hai.II.2" in paths and "Phần thứ hai.A" not in paths
    assert paths[-3:] == ["Phần thứ ba.A", "Phần thứ ba.A.I", "Phần thứ ba.B"]


SCHOOL_HEADER = ("BỘ CÔNG THƯƠNG\nTRƯỜNG ĐẠI HỌC CÔNG NGHIỆP ABC\nSố: 12/KH-ĐHABC\n"
                 "Hà Nội, ngày 1 tháng 3 năm 2026\nKẾ HOẠCH\nKhảo sát ý kiến sinh viên năm 2026\n")


def test_a_plan_of_an_issuer_without_known_units_gives_its_items_to_whom_the_closing_asks() -> None:
    """A school's plan names no one for its content items; its closing paragraph asks `các phòng
    chuyên môn` to carry it out: they lead those items (the gold's convention for schools and
    centres). An item naming its own subject keeps it, and the last item is a task, not a
    heading over the closing paragraph."""
    tasks = document("I. NỘI DUNG\n1. Tổ chức khảo sát trực tuyến trong tháng 4/2026.\n"
                     "2. Trung tâm Khảo thí tổng hợp kết quả khảo sát.\n"
                     "Trên đây là Kế hoạch khảo sát năm 2026 của Trường, yêu cầu các phòng chuyên "
                     "môn nghiêm túc thực hiện.\nNơi nhận:\n- BGH;\n- Lưu: VT.\n",
                     header=SCHOOL_HEADER)
    assert leads(tasks[0]) == [(None, "các phòng chuyên môn")]
    assert tasks[0].lead[0].inherited
    assert leads(tasks[1]) == [(None, "Trung tâm Khảo thí")]
    ubnd = document("I. NỘI DUNG\n1. Tổ chức khảo sát trực tuyến trong tháng 4/2026.\n"
                    "Trên đây là Kế hoạch, yêu cầu các phòng chuyên môn nghiêm túc thực hiện.\n")
    assert leads(ubnd[0]) == [("lam-dong/group/ubnd-subordinates", None)]


def test_a_scanned_items_full_stop_read_as_a_comma_still_marks_the_item() -> None:
    """On a page the OCR read, `1, Đánh giá chung` and `2L Nhiệm vụ` are items `1.` and `2.`
    (their parts say which lines are tasks); in typed text a wrapped `12, Điều 13` is none."""
    from pipeline.records import ReadByOcr

    body = ("1, Đánh giá chung\n- Các xã đã triển khai lập bản đồ.\n2.1, Tồn tại, hạn chế\n"
            "- Công tác tuyên truyền chưa thường xuyên.\n3L Nhiệm vụ thời gian tới\n"
            "- Sở Y tế tăng cường kiểm tra.\n")
    text = HEADER + body
    sha = hashlib.sha256(text.encode()).hexdigest()
    read = extract(SourceDocument(path="t.pdf", format="pdf", sha256=sha, text=text,
                                  ocr_pages=(ReadByOcr(1, 80.0),)), screen=keep_all)
    assert [s.path for s in read.sections if s.kind == "item"] == ["1", "2.1", "3"]
    assert [t.text for t in read.tasks] == ["Sở Y tế tăng cường kiểm tra."]
    typed = extracted(HEADER + "1. Sở Tài chính thực hiện theo khoản 2 Điều 12,\n"
                      "12, Điều 13 của Luật.\n").sections
    assert [s.path for s in typed if s.kind == "item"] == ["1"]


def test_a_closing_that_asks_upwards_or_for_reports_names_no_lead() -> None:
    """Only a plan's `Trên đây là ...` asking its own units to carry it out gives the unled items
    a lead: not a report's `kính đề nghị UBND tỉnh quan tâm, hỗ trợ`, nor a closing line asking to
    report difficulties."""
    report = document("II. NHIỆM VỤ TRỌNG TÂM\n1. Tiếp tục nâng cao chất lượng dạy học.\n"
                      "Trên đây là báo cáo kết quả năm học của Trường, kính đề nghị UBND tỉnh quan "
                      "tâm, hỗ trợ./.\n", header=SCHOOL_HEADER.replace("KẾ HOẠCH", "BÁO CÁO"))
    assert all(not t.lead for t in report if t.section == "II.1")
    plan = document("I. NỘI DUNG\n1. Tổ chức khảo sát trực tuyến trong tháng 4/2026.\n"
                    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các đơn vị "
                    "phản ánh kịp thời.\n", header=SCHOOL_HEADER)
    assert not plan[0].lead


def test_a_lead_in_going_on_after_a_semicolon_keeps_the_items_with_the_heading() -> None:
    """`1. Chỉ đạo Sở Y tế tăng cường kiểm tra ...; tổ chức tuyên truyền các nội dung sau:`: the
    second clause is the issuer's own work, so its items are not the department's."""
    tasks = document("II. NHIỆM VỤ\n1. Chỉ đạo Sở Y tế tăng cường kiểm tra an toàn thực phẩm; tổ "
                     "chức tuyên truyền các nội dung sau:\na) Tuyên truyền trên báo chí.\n")
    assert leads(tasks[-1])[0][0] != "lam-dong/so-y-te"


def test_a_wrapped_number_on_a_scanned_page_is_no_item() -> None:
    """`12, Ủy ban ...` after item `1.` on a scanned page is the wrapped end of a number."""
    read = scanned(HEADER + "II. NHIỆM VỤ\n1. Sở Y tế tổ chức kiểm tra, số cơ sở được kiểm tra "
                   "năm 2025 tăng thêm\n12, Ủy ban nhân dân các xã phối hợp thực hiện.\n"
                   "2. Sở Công Thương kiểm tra thị trường.\n")
    assert [s.path for s in read.sections if s.kind == "item"] == ["II.1", "II.2"]


def test_lettered_items_written_with_a_full_stop_are_letters() -> None:
    """`a. Sở Tư pháp …` under `1. Tuyên truyền`: a lettered item as `a)` is, each its own task
    with its own lead; `a. lower case` goes on the line above (no item)."""
    doc = extracted(HEADER + "I. NHIỆM VỤ\n1. Tuyên truyền\na. Sở Tư pháp chủ trì tổ chức tuyên "
                    "truyền pháp luật cho nhân dân.\nb. Sở Y tế tổ chức tập huấn cho cán bộ y tế cơ "
                    "sở.\n2. Kiểm tra\nSở Nội vụ kiểm tra việc thực hiện tại các xã, phường, đặc khu "
                    "và\na. trường hợp cần thiết thì báo cáo.\n")
    letters = [(s.path, s.heading[:10]) for s in doc.sections if s.kind == "letter"]
    assert letters == [("I.1.a", "Sở Tư pháp"), ("I.1.b", "Sở Y tế tổ")]
    assert [leads(t) for t in doc.tasks[:2]] == [[("lam-dong/so-tu-phap", "Sở Tư pháp")],
                                                  [("lam-dong/so-y-te", "Sở Y tế")]]


def test_a_heading_naming_whom_its_items_bind_holds_their_tasks() -> None:
    """`II. Đối với cán bộ coi thi (CBCT)` under a guide, or `1. Đối với giảng viên` under a
    part that names no kind (`II. Các quy định`): its items are that reader's tasks."""
    guide = ("TRƯỜNG ĐẠI HỌC KINH TẾ\nSố: 64/HD-ĐHKT\nHuế, ngày 26 tháng 11 năm 2021\nHƯỚNG DẪN\n"
             "Về công tác coi thi\n")
    tasks = document("I. Đối với cán bộ coi thi (CBCT)\n1. Có mặt tại phòng thi trước giờ thi 30 "
                     "phút.\n2. Nhận danh sách thi qua hộp thư điện tử.\nII. Các quy định\n"
                     "1. Đối với giảng viên\n- Hướng dẫn sinh viên viết báo cáo thực tập.\n"
                     "2. Điểm thưởng\n- Sinh viên đạt giải được cộng điểm.\n", header=guide)
    assert [(t.text[:20], leads(t)) for t in tasks] == [
        ("Có mặt tại phòng thi", [(None, "cán bộ coi thi (CBCT)")]),
        ("Nhận danh sách thi q", [(None, "cán bộ coi thi (CBCT)")]),
        ("Hướng dẫn sinh viên ", [(None, "giảng viên")])]


def test_a_symbol_fonts_bullets_are_bullets() -> None:
    """A Word file printed to PDF gives its bullets as the symbol font's private-use code points
    (`\\uf0b7`, `\\uf0a7` one level down): they open items as `•` and `+` do."""
    doc = extracted("TRƯỜNG ĐẠI HỌC KINH TẾ\nSố: 46/KH-KT\nHuế, ngày 16 tháng 5 năm 2023\n"
                    "KẾ HOẠCH\nThực tập doanh nghiệp\nI. Nhiệm vụ của sinh viên\n"
                    "\uf0b7 Sinh viên phải đăng ký học phần thực tập theo quy định của Trường.\n"
                    "\uf0b7 Nội dung chính của báo cáo:\n\uf0a7 Giới thiệu về đơn vị thực tập.\n"
                    "\uf0a7 Kết quả (nếu có).\n", fmt="pdf")
    assert [(s.path, s.heading[:9]) for s in doc.sections if s.kind == "bullet"] == [
        ("I.-1", "Sinh viên"), ("I.-2", "Nội dung "), ("I.-2.-1", "Giới thiệ"),
        ("I.-2.-2", "Kết quả (")]
    assert doc.tasks[0].text.startswith("Sinh viên phải đăng ký")


Rows = list[tuple[str, ...]]


def pdf_with_tables(body: str, blocks: list[str | Rows]) -> ExtractedDocument:
    """A PDF's text after `HEADER` and `body`: each block a line, or the rows of a ruled table
    the reader found, one line a row, its cells spanning their words."""
    from pipeline.records import Cell, Table

    text, tables = HEADER + body, []
    for block in blocks:
        if isinstance(block, str):
            text += block + "\n"
            continue
        rows = []
        for row in block:
            cells = []
            for word in row:
                cells.append(Cell(word, len(text), len(text) + len(word)))
                text += word + " "
            text = text[:-1] + "\n"
            rows.append(tuple(cells))
        tables.append(Table(rows[0][0].start, rows[-1][-1].end, tuple(rows)))
    text += "Nơi nhận:\n- Lưu: VT.\n"
    sha = hashlib.sha256(text.encode()).hexdigest()
    return extract(SourceDocument(path="t.pdf", format="pdf", sha256=sha, text=text,
                                  tables=tuple(tables)), screen=keep_all)


def test_a_pdfs_ruled_task_table_over_two_pages_gives_a_task_a_row() -> None:
    """A ruled table `TT | Thời gian | Nội dung` the PDF reader found, carried on over a page
    break without its header: one task a row, its time from its cell, its lead named in the
    row; the bullet over the table is no list heading of the rows."""
    doc = pdf_with_tables("I. NHIỆM VỤ\n- Hình thức thực tập:\n", [
        [("TT", "Thời gian", "Nội dung"),
         ("1", "Ngày 24/05/2023", "Khoa thông báo danh sách giảng viên hướng dẫn đến sinh viên"),
         ("2", "Từ 01/06/2023 đến 16/06/2023", "Sinh viên nộp đề cương thực tập lên hệ thống")],
        [("3", "Ngày 03/08/2023", "Sở Nội vụ lập danh sách sinh viên được báo cáo")]])  # next page
    assert [(t.text[:12], leads(t), t.deadline.date if t.deadline else None) for t in doc.tasks] == [
        ("Khoa thông b", [(None, "Khoa")], "2023-05-24"),
        ("Sinh viên nộ", [(None, "Sinh viên")], "2023-06-16"),
        ("Sở Nội vụ lậ", [("lam-dong/so-noi-vu", "Sở Nội vụ")], "2023-08-03")]


def test_a_pdf_tables_rest_joins_it_only_straight_after_it() -> None:
    """A members' table with as many columns, after the task table and two paragraphs, is no
    rest of it: the paragraphs stay tasks and the members are no tasks."""
    doc = pdf_with_tables("I. NHIỆM VỤ\n1. Phân công thực hiện\n", [
        [("TT", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"),
         ("1", "Tổ chức hội nghị triển khai kế hoạch", "Sở Y tế", "Tháng 3/2026")],
        "2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch trước ngày 30/4/2026.",
        "3. Sở Nội vụ kiểm tra việc thực hiện kế hoạch, báo cáo UBND tỉnh.",
        "II. THÀNH PHẦN BAN CHỈ ĐẠO",
        [("1", "Ông Nguyễn Văn Hùng", "Phó Chủ tịch UBND tỉnh", "Trưởng ban"),
         ("2", "Bà Trần Thị Mai Hương", "Giám đốc Sở Y tế", "Phó Trưởng ban")]])
    assert [t.text[:20] for t in doc.tasks] == [
        "Tổ chức hội nghị tri", "Sở Tài chính bố trí ", "Sở Nội vụ kiểm tra v"]


def test_whom_a_heading_binds_is_who_acts_and_only_in_a_plan_or_guide() -> None:
    """`Đối với trường hợp cấp mới` (a case), `Đối với cán bộ nghỉ hưu` (whom it benefits) bind
    no one; `Đối với cán bộ coi thi` in a report is no list of duties."""
    for heading in ("Đối với trường hợp cấp mới", "Đối với cán bộ nghỉ hưu",
                    "Đối với phòng, chống dịch bệnh"):
        tasks = document(f"II. Hồ sơ, thủ tục\n1. {heading}\n- Nộp đơn đề nghị theo mẫu số 01.\n"
                         "- Bản sao giấy chứng nhận đăng ký kinh doanh.\n")
        assert tasks == [], heading
    report = ("UBND TỈNH LÂM ĐỒNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 15/BC-SGDĐT\nLâm Đồng, ngày 10 "
              "tháng 3 năm 2026\nBÁO CÁO\nKết quả kỳ thi năm 2026\n")
    assert document("II. Quy định chung\n1. Đối với cán bộ coi thi\n- Có mặt tại phòng thi "
                    "trước giờ thi 30 phút.\n", header=report) == []


def test_a_letter_after_a_point_or_a_sum_goes_on_the_line_above() -> None:
    """`… theo quy định tại điểm` ⏎ `a. Trường hợp …`: the point's letter, no lettered item."""
    doc = extracted(HEADER + "I. NHIỆM VỤ\n1. Sở Tư pháp hướng dẫn thực hiện theo quy định tại "
                    "điểm\na. Khoản 2 Điều 5 Nghị định số 10/2026/NĐ-CP.\n")
    assert [s.kind for s in doc.sections] == ["part", "item"]
    assert doc.tasks[0].text.endswith("Nghị định số 10/2026/NĐ-CP.")


def test_a_short_name_leads_only_when_it_stands_for_people_or_a_body() -> None:
    """`cán bộ coi thi (CBCT)` … `CBCT 1 kiểm tra …`: CBCT 1 leads; `công nghệ thông tin (CNTT)`
    … `CNTT hỗ trợ …`: a thing, no lead."""
    tasks = document("Kế hoạch quy định trách nhiệm của cán bộ coi thi (CBCT) và việc ứng dụng "
                     "công nghệ thông tin (CNTT) trong kỳ thi.\nI. NHIỆM VỤ\n1. CBCT 1 kiểm tra "
                     "thẻ thí sinh.\n2. CNTT hỗ trợ công tác quản lý thi.\n")
    assert leads(tasks[0]) == [(None, "CBCT 1")]
    assert leads(tasks[1]) != [(None, "CNTT")]


def test_an_items_rights_are_no_tasks() -> None:
    """`Điều 14. Nhiệm vụ và quyền hạn của học viên`: the duties under `1. Nhiệm vụ …` are
    tasks, the rights under `2. Quyền hạn …` (`Được …`) are not; so in a plan's part."""
    regulation = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/QĐ-UBND\nLâm Đồng, ngày 10 tháng 3 năm "
                  "2026\nQUY CHẾ\nTổ chức bồi dưỡng\nChương III\nTRÁCH NHIỆM\n")
    tasks = document("Điều 14. Nhiệm vụ và quyền hạn của học viên\n1. Nhiệm vụ của học viên\n"
                     "- Thực hiện kế hoạch, chương trình bồi dưỡng theo thời gian quy định.\n"
                     "2. Quyền hạn của học viên\n- Được cung cấp, mượn tài liệu phục vụ việc học "
                     "tập.\n", header=regulation)
    assert [t.text[:15] for t in tasks] == ["Thực hiện kế ho"]
    plan = document("II. QUYỀN LỢI CỦA HỌC VIÊN\n1. Được cấp giấy chứng nhận khi hoàn thành "
                    "khóa học.\nIII. NHIỆM VỤ\n1. Sở Nội vụ tổ chức lớp bồi dưỡng.\n")
    assert [t.text[:15] for t in plan] == ["Sở Nội vụ tổ ch"]


def test_words_o_bullets_are_items_not_one_line() -> None:
    """Word's second-level bullet is a letter `o` in the text layer of its PDF: each `o` line
    opens an item (the reader and the cleaner joined them into one line), a plain `o` inside a
    sentence does not."""
    from pipeline.readers.layout import is_block_start

    assert is_block_start("o Mỗi lớp cử ít nhất 01 đội dự thi.", "2. Yêu cầu:")
    assert is_block_start("o 30% số học sinh tham gia.", "2. Yêu cầu:")
    assert not is_block_start("o bế các cháu.", "Cô giáo")
    doc = extracted("TRƯỜNG THPT LÊ LỢI\nSố: 12/KH-THPTLL\nHuế, ngày 10 tháng 11 năm 2025\n"
                    "KẾ HOẠCH\nHội thi khoa học kỹ thuật\nI. NỘI DUNG\n1. Các bước:\n"
                    "o Phát động hội thi đến các lớp.\no Tổ chức chấm vòng sơ khảo tại trường.\n",
                    fmt="pdf")
    assert [(s.path, s.heading[:9]) for s in doc.sections if s.kind == "bullet"] == [
        ("I.1.-1", "Phát động"), ("I.1.-2", "Tổ chức c")]
    assert [t.text for t in doc.tasks] == ["Phát động hội thi đến các lớp.",
                                           "Tổ chức chấm vòng sơ khảo tại trường."]


def test_a_lower_case_item_in_words_o_list_opens_its_own_line() -> None:
    """Once Word's `o` list has begun, an item written in lower case opens a line too, in the
    reader's joins and in the cleaner's; the same words with no `o` item above stay joined."""
    from pipeline.readers.layout import is_o_bullet

    assert is_o_bullet("o tổ chức chấm vòng sơ khảo.", in_list=True)
    assert not is_o_bullet("o tổ chức chấm vòng sơ khảo.")
    doc = extracted("TRƯỜNG THPT LÊ LỢI\nSố: 12/KH-THPTLL\nHuế, ngày 10 tháng 11 năm 2025\n"
                    "KẾ HOẠCH\nHội thi khoa học kỹ thuật\nI. NỘI DUNG\n1. Các bước:\n"
                    "o Phát động hội thi đến các lớp.\no tổ chức chấm vòng sơ khảo tại "
                    "trường.\no Trao giải cho các đội.\n2. Yêu cầu\nCô giáo chủ nhiệm lớp\n"
                    "o bế các cháu.\n", fmt="pdf")
    assert [t.text for t in doc.tasks][:3] == ["Phát động hội thi đến các lớp.",
                                               "tổ chức chấm vòng sơ khảo tại trường.",
                                               "Trao giải cho các đội."]
    from pipeline.stages.clean import _o_bullets

    assert _o_bullets("2. Yêu cầu\nCô giáo chủ nhiệm lớp\no bế các cháu.\n").endswith("\no bế các cháu.\n")
    assert _o_bullets("o Phát động.\n- Khác.\no bế các cháu.\n").endswith("\no bế các cháu.\n")


def test_a_part_on_how_an_event_is_held_holds_tasks() -> None:
    """`II. QUY TRÌNH TỔ CHỨC` and `III. LỊCH CHI TIẾT TỔ CHỨC` hold what is done; `Ban Tổ
    chức` names a body, not a kind of part."""
    tasks = document("I. QUY TRÌNH TỔ CHỨC HỘI THI\n1. Phát động hội thi đến các lớp.\n"
                     "II. LỊCH CHI TIẾT TỔ CHỨC\n1. Chấm vòng sơ khảo tại trường.\n")
    assert [t.text for t in tasks] == ["Phát động hội thi đến các lớp.",
                                       "Chấm vòng sơ khảo tại trường."]
    assert tasks_stage._heading_kind("ban tổ chức hội thi") is None


def test_a_schedules_item_opening_with_its_day_has_that_day_as_deadline() -> None:
    """`• 15/11: Phát động …` under `V. LỊCH TỔ CHỨC (15/11 → 10/12/2025)`: the day in the
    heading's year is the task's time and the words after the label are the task."""
    tasks = document("I. LỊCH TỔ CHỨC (15/11 → 10/12/2025)\nTuần 1:\n- 15/11: Phát động hội thi "
                     "đến các lớp.\n- Ngày 03/12: Chấm vòng sơ khảo tại trường.\n")
    assert [(t.text, t.deadline and t.deadline.date) for t in tasks] == [
        ("Phát động hội thi đến các lớp.", "2025-11-15"),
        ("Chấm vòng sơ khảo tại trường.", "2025-12-03")]


def test_an_office_named_with_its_holder_leads_the_duties_after_the_name() -> None:
    """`1. Hiệu trưởng: Ông … – Chỉ đạo chung …`, `3. 22 GVCN: Chịu trách nhiệm …` under a
    part assigning duties: the office (counted or not) leads."""
    school = ("TRƯỜNG THPT LÊ LỢI\nSố: 12/KH-THPTLL\nHuế, ngày 10 tháng 11 năm 2025\nKẾ HOẠCH\n"
              "Hội thi khoa học kỹ thuật\n")
    tasks = document("I. PHÂN CÔNG TRÁCH NHIỆM\n1. Hiệu trưởng: Ông Trần Văn An – Chỉ đạo chung, "
                     "duyệt kinh phí.\n2. Phó Hiệu trưởng: Bà Lê Thị Bình – Theo dõi tiến độ hội "
                     "thi.\n3. 22 GVCN: Chịu trách nhiệm đăng ký đội thi của lớp.\n"
                     "4. Đoàn trường: Trang trí hội trường.\nTrên là kế hoạch tổ chức hội thi của "
                     "nhà trường./.\n", header=school)
    assert [leads(t) for t in tasks] == [[(None, "Hiệu trưởng")], [(None, "Phó Hiệu trưởng")],
                                         [(None, "22 GVCN")], [(None, "Đoàn trường")]]
    assert tasks[-1].text.startswith("Đoàn trường: Trang trí")


def test_a_team_members_duties_behind_their_name_are_tasks_each_led_by_them() -> None:
    """`1. Ông. Trần Văn An - Trưởng đoàn: Phụ trách chung; chủ trì …; ký …`: one task a duty,
    led by the member as written; a body's duties behind its name stay one task."""
    tasks = document("I. PHÂN CÔNG NHIỆM VỤ\n1. Ông. Trần Văn An - Trưởng đoàn: Phụ trách chung; "
                     "chủ trì các buổi làm việc; ký các văn bản của Đoàn.\n"
                     "2. Bà Lê Thị Bình - Thư ký: Lập biên bản kiểm tra.\n"
                     "3. Phòng Kế hoạch: Chủ trì tổng hợp kết quả; phối hợp với các đơn vị "
                     "liên quan báo cáo Giám đốc Sở.\n")
    assert [(t.text, leads(t)) for t in tasks[:4]] == [
        ("Phụ trách chung;", [(None, "Ông. Trần Văn An - Trưởng đoàn")]),
        ("chủ trì các buổi làm việc;", [(None, "Ông. Trần Văn An - Trưởng đoàn")]),
        ("ký các văn bản của Đoàn.", [(None, "Ông. Trần Văn An - Trưởng đoàn")]),
        ("Lập biên bản kiểm tra.", [(None, "Bà Lê Thị Bình - Thư ký")])]
    assert len(tasks) == 5 and tasks[4].text.startswith("Phòng Kế hoạch: Chủ trì")


def test_a_paragraph_going_on_under_an_item_is_led_by_whom_the_items_line_names() -> None:
    """`2. Ông. … - Phó Trưởng đoàn: Chủ trì …;` ⏎ `Tổng hợp, dự thảo báo cáo …`: the paragraph
    under the item, naming no one, is the member's work, not the issuer's subordinates'."""
    tasks = document("I. PHÂN CÔNG NHIỆM VỤ\n1. Sở Nội vụ rà soát biên chế của các cơ quan.\n"
                     "2. Ông. Lê Văn Bình - Phó Trưởng đoàn: Chủ trì kiểm tra hồ sơ pháp lý của "
                     "các doanh nghiệp;\nTổng hợp, dự thảo báo cáo kết quả kiểm tra của Đoàn.\n")
    assert [leads(t) for t in tasks] == [[("lam-dong/so-noi-vu", "Sở Nội vụ")],
                                         [(None, "Ông. Lê Văn Bình - Phó Trưởng đoàn")],
                                         [(None, "Ông. Lê Văn Bình - Phó Trưởng đoàn")]]


def test_provisions_a_letter_quotes_are_not_its_items() -> None:
    """`2. Về căn cứ pháp lý` ⏎ `Tại Điều 24 Nghị định … quy định:` ⏎ `“1. Khi hết thời gian …` ⏎
    `2. … bổ nhiệm chức danh nghề nghiệp”.` ⏎ `3. Về thành phần hồ sơ`: the quoted numbers are
    the decree's; the letter's own item 3 holds its task."""
    letter = ("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 120/SGDĐT-TCCB\nHuế, ngày 10 tháng 11 năm 2025\n"
              "V/v bổ nhiệm chức danh nghề nghiệp\n")
    doc = extracted(letter + "1. Về thẩm quyền\nThủ trưởng đơn vị quyết định bổ nhiệm theo phân "
                    "cấp.\n2. Về căn cứ pháp lý\nTại Điều 24 Nghị định số 115/2020/NĐ-CP quy định:\n"
                    "“1. Khi hết thời gian tập sự, người tập sự phải báo cáo kết quả tập sự.\n"
                    "2. Người đứng đầu đơn vị quyết định bổ nhiệm chức danh nghề nghiệp”.\n"
                    "3. Về thành phần hồ sơ\nĐơn vị hoàn thiện hồ sơ bổ nhiệm theo hướng dẫn của "
                    "Sở.\n")
    assert [(s.path, s.heading[:9]) for s in doc.sections if s.kind == "item"] == [
        ("1", "Về thẩm q"), ("2", "Về căn cứ"), ("3", "Về thành ")]
    assert [t.section for t in doc.tasks if "hoàn thiện hồ sơ" in t.text] == ["3"]
    assert not [t for t in doc.tasks if "người tập sự phải báo cáo" in t.text]


def test_a_defined_short_name_before_a_verb_of_the_lexicon_leads() -> None:
    """`cán bộ coi thi (CBCT)` … `CBCT 1 đọc tên …`, `Yêu cầu SV đăng nhập …`: the verbs of an
    examination guide (`đọc`, `đăng nhập`, `xác nhận`, `truy cập`) act, so the short name before
    them leads."""
    guide = ("TRƯỜNG ĐẠI HỌC KINH TẾ\nSố: 64/HD-ĐHKT\nHuế, ngày 26 tháng 11 năm 2021\nHƯỚNG DẪN\n"
             "Về công tác coi thi của cán bộ coi thi (CBCT) và sinh viên (SV)\n")
    tasks = document("I. NHIỆM VỤ\n1. CBCT 1 đọc tên SV theo danh sách phòng thi.\n"
                     "2. Yêu cầu SV đăng nhập vào hệ thống thi bằng tài khoản của trường.\n",
                     header=guide)
    assert [leads(t) for t in tasks] == [[(None, "CBCT 1")], [(None, "SV")]]


def test_what_the_reviewed_rules_leave_alone() -> None:
    """A count before a noun is no office (`20 trường học đạt chuẩn`), a report's `CÔNG TÁC TỔ
    CHỨC CÁN BỘ` no part of tasks, a fraction before a dash no day, `Tổ thư ký` one name, and a
    member's body in their label no lead of theirs."""
    goals = document("I. MỤC TIÊU\n1. 20 trường học đạt chuẩn quốc gia.\n")
    assert all(f.inherited for t in goals for f in t.lead)
    report = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 15/BC-UBND\nLâm Đồng, ngày 10 tháng 3 năm 2026\n"
              "BÁO CÁO\nKết quả công tác năm 2025\n")
    assert document("A. KẾT QUẢ THỰC HIỆN NĂM 2025\nI. CÔNG TÁC TỔ CHỨC CÁN BỘ\n1. Sở Nội vụ "
                    "đã tham mưu sắp xếp bộ máy.\n", header=report) == []
    assert tasks_stage._heading_kind("tổ chức bộ máy") is None
    fraction = document("I. NHIỆM VỤ\n- 3/4 - số xã tổ chức tập huấn cho cán bộ.\n")
    assert [t.deadline for t in fraction] == [None]
    members = document("I. PHÂN CÔNG NHIỆM VỤ\n1. Tổ thư ký tổng hợp kết quả chấm thi.\n"
                       "2. Đồng chí Trần Văn Bình, Giám đốc Sở Nội vụ - Phó Trưởng Ban: Giúp "
                       "Trưởng ban điều hành; tổng hợp báo cáo.\n")
    assert leads(members[0]) == [(None, "Tổ thư ký")]
    assert leads(members[1]) == [
        (None, "Đồng chí Trần Văn Bình, Giám đốc Sở Nội vụ - Phó Trưởng Ban")]


@pytest.mark.parametrize(("heading", "label", "date"), [
    ("LỊCH TỔ CHỨC NĂM HỌC 2025 - 2026", "15/11", "2025-11-15"),
    ("LỊCH TỔ CHỨC NĂM HỌC 2025 - 2026", "10/01", "2026-01-10"),
    ("LỊCH TỔ CHỨC (15/11/2025 → 10/01/2026)", "05/01", "2026-01-05"),
    ("LỊCH TỔ CHỨC (15/11/2025 → 10/01/2026)", "15/11 - 20/11", "2025-11-20"),
    ("NHIỆM VỤ TRỌNG TÂM ĐẾN NĂM 2030", "15/11", None),
    ("LỊCH TỔ CHỨC", "05/01", "2027-01-05"),  # the plan is of 10/3/2026: the next 5 January
])
def test_a_schedules_day_is_put_in_the_year_its_headings_mean(heading: str, label: str,
                                                              date: str | None) -> None:
    tasks = document(f"I. {heading}\n- {label}: Các lớp đăng ký đội thi.\n")
    assert [t.deadline.date if t.deadline else None for t in tasks] == [date]


def test_a_title_quoted_and_left_open_hides_no_part() -> None:
    """`chủ đề: “Tuổi trẻ sáng tạo` left open, a later `… hành động” trong trường học.` closing
    mid-line: no quotation of provisions, parts II and III and their items stay."""
    doc = extracted(HEADER + "Cuộc thi với chủ đề: “Tuổi trẻ sáng tạo\nII. NHIỆM VỤ\n1. Sở Tài chính "
                    "bố trí kinh phí.\nIII. TỔ CHỨC THỰC HIỆN\n1. Các trường tuyên truyền khẩu "
                    "hiệu Tuổi trẻ hành động” trong trường học.\n2. Sở Y tế kiểm tra.\n")
    assert [s.path for s in doc.sections] == ["II", "II.1", "III", "III.1", "III.2"]


def test_the_office_of_a_citys_peoples_committee_is_its_office() -> None:
    """`Chánh Văn phòng Ủy ban nhân dân Thành phố` in the City's decision names the committee's
    office (`ho-chi-minh/ubnd/vp`), not the committee."""
    decision = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 120/QĐ-UBND\nThành phố Hồ Chí Minh, ngày "
                "10 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVề việc bổ sung dự toán năm 2025\n"
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nQUYẾT ĐỊNH:\n")
    tasks = document("Điều 1. Bổ sung dự toán năm 2025 cho các đơn vị.\nĐiều 2. Chánh Văn phòng Ủy "
                     "ban nhân dân Thành phố, Giám đốc Sở Tài chính chịu trách nhiệm thi hành "
                     "Quyết định này.\n", header=decision)
    assert [f.id for f in tasks[-1].lead] == ["ho-chi-minh/ubnd/vp", "ho-chi-minh/so-tai-chinh"]


def test_the_pdf_reader_breaks_before_a_lower_case_item_of_words_o_list() -> None:
    from pipeline.readers.pdf import _joiner

    assert _joiner("o Phát động hội thi.", "o tổ chức chấm vòng sơ khảo.", 80, o_list=True) == "\n"
    assert _joiner("Cô giáo chủ nhiệm lớp", "o bế các cháu.", 80) == " "


def test_a_committees_specialised_units_are_a_group_not_the_committee() -> None:
    """`các cơ quan chuyên môn thuộc UBND huyện Krông Nô` leads as the group written so (the
    gazetteer knows only a province's); the committee named alone is still the committee."""
    district = ("ỦY BAN NHÂN DÂN HUYỆN KRÔNG NÔ\nSố: 12/KH-UBND\nKrông Nô, ngày 10 tháng 11 năm "
                "2014\nKẾ HOẠCH\nTiếp công dân năm 2015\n")
    tasks = document("II. NHIỆM VỤ\n1. Đối với UBND các xã, thị trấn và các cơ quan chuyên môn "
                     "thuộc UBND huyện Krông Nô\n- Phối hợp trao đổi thông tin trong quá trình "
                     "tiếp nhận đơn thư.\n2. Các phòng chuyên môn thuộc UBND huyện Krông Nô rà "
                     "soát hồ sơ tiếp công dân.\n3. UBND huyện Krông Nô kiểm tra việc tiếp công "
                     "dân.\n", district)
    assert [leads(t) for t in tasks] == [
        [("dak-nong/krong-no/group/commune-ubnd", "UBND các xã, thị trấn"),
         (None, "các cơ quan chuyên môn thuộc UBND huyện Krông Nô")],
        [(None, "Các phòng chuyên môn thuộc UBND huyện Krông Nô")],
        [("dak-nong/krong-no/hu/ubnd", "UBND huyện Krông Nô")]]


def test_prohibitions_under_an_addressee_are_tasks_each() -> None:
    """`Đối với chủ vật nuôi:` over `- Cấm …`, `- Không giết mổ …`, `- Thực hiện …`: a duty not
    to act is a task as an action is, so the items stay tasks of their own, not one block."""
    tasks = document("II. NHIỆM VỤ\n1. Các xã\na) Đối với chủ vật nuôi:\n- Cấm điều trị lợn bệnh "
                     "để tiêu hủy.\n- Không sử dụng thức ăn thừa;\n- Thực hiện vệ sinh, khử "
                     "trùng chuồng trại;\n")
    assert [t.text for t in tasks] == ["Cấm điều trị lợn bệnh để tiêu hủy.",
                                       "Không sử dụng thức ăn thừa;",
                                       "Thực hiện vệ sinh, khử trùng chuồng trại;"]
    assert not tasks_stage.is_verb_led("Không khí ô nhiễm nặng.")
    assert not tasks_stage.is_verb_led("Không hạn chế số lượng quà tặng.")


def test_an_article_whose_line_ends_on_thi_goes_on_with_the_next_line() -> None:
    """`Điều 7. Trong quá trình thực hiện nếu có vướng mắc thì` ⏎ `Trưởng phòng … trình …`:
    a line never ends on a condition's `thì`, so the article's words are one sentence."""
    doc = extracted("ỦY BAN NHÂN DÂN\nHUYỆN AN PHÚ\nSố: 12/QĐ-UBND\nAn Phú, ngày 10 tháng 3 năm 2021\n"
                    "QUY ĐỊNH\nChức năng, nhiệm vụ của Phòng Giáo dục\nChương III\nTỔ CHỨC THỰC HIỆN\n"
                    "Điều 7. Trong quá trình thực hiện nếu có vấn đề phát sinh, vướng mắc thì\n"
                    "Trưởng phòng Giáo dục và Đào tạo trình Ủy ban nhân dân huyện xem xét, quyết "
                    "định điều chỉnh phù hợp.\n", fmt="pdf")
    assert [s.heading[-40:] for s in doc.sections if s.kind == "article"] == [
        "Ủy ban nhân dân huyện xem xét, quyết định điều chỉnh phù hợp."[-40:]]


def test_words_o_list_reads_lines_as_the_cleaner_does() -> None:
    """Only `\\n` ends a line: a carriage return or a form feed inside one opens no `o` item."""
    from pipeline.stages.clean import _o_bullets

    assert _o_bullets("a\ro Phát động.\n") == "a\ro Phát động.\n"
    assert _o_bullets("o Phát động.\r\no bế các cháu.\r\n") == "+ Phát động.\r\n+ bế các cháu.\r\n"


def test_a_provinces_specialised_units_stay_the_gazetteers_group() -> None:
    """`Các sở, ngành và cơ quan chuyên môn thuộc UBND tỉnh`: a province's units are the
    departments the gazetteer knows; no second lead in the text's words."""
    tasks = document("II. NHIỆM VỤ\n1. Các sở, ngành và cơ quan chuyên môn thuộc UBND tỉnh rà "
                     "soát các thủ tục hành chính.\n")
    assert [i for i, _ in leads(tasks[0])] == ["lam-dong/group/departments"]


def test_a_partners_name_ends_at_a_verb_listed_before_a_comma() -> None:
    """`phối hợp với Phòng Công tác sinh viên rà soát, bổ sung, hoàn thiện …`: the partner is
    the office, not the office and the first verbs of the list."""
    tasks = document("II. NHIỆM VỤ\n1. Đoàn Thanh niên\na) Phối hợp với Phòng Công tác sinh viên "
                     "rà soát, bổ sung, hoàn thiện tiêu chí đánh giá.\nb) Chủ trì, phối hợp với "
                     "các đơn vị rà soát, bổ sung quy chế.\nc) Phối hợp với các tổ chức, đoàn "
                     "thể trong việc tuyên truyền.\n")
    assert [coordinators(t) for t in tasks] == [[(None, "Phòng Công tác sinh viên")],
                                                [(None, "các đơn vị")],
                                                [(None, "các tổ chức, đoàn thể")]]


@pytest.mark.parametrize("sentence", [
    "Trường hợp không cân đối được kinh phí, các đơn vị có văn bản đề xuất, gửi Sở Nội vụ tổng "
    "hợp, báo cáo Ủy ban nhân dân tỉnh.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, báo cáo Sở Nội vụ để tổng hợp.",
])
def test_whom_a_fronted_sentence_sends_to_is_no_lead(sentence: str) -> None:
    """`…, gửi Sở Nội vụ tổng hợp`, `…, báo cáo Sở Nội vụ`: after a fronted clause the main
    clause opens with its verb; the body after it is sent the work, it does not lead it."""
    [task] = document(f"II. TỔ CHỨC THỰC HIỆN\n1. {sentence}\n")
    assert [f.id for f in task.report_to] == ["lam-dong/so-noi-vu"]
    assert "lam-dong/so-noi-vu" not in [f.id for f in task.lead]


def test_a_report_read_or_named_by_its_kind_is_no_duty_to_report() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Trên cơ sở báo cáo của Công ty TNHH MTV Đầu tư Lâm Đồng, "
                     "giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát phương án.\n"
                     "2. Trên cơ sở Báo cáo chính trị Đại hội Đảng bộ tỉnh, Sở Nội vụ xây dựng "
                     "chương trình hành động.\n"
                     "3. Sở Công Thương báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.\n")
    assert [ids(t.report_to) for t in tasks[:3]] == [[], [], ["lam-dong/ubnd"]]
    assert ids(tasks[0].coordinate) == ["lam-dong/so-xay-dung"]  # a partner, not a recipient


def test_what_follows_the_purpose_of_a_report_sent_to_a_body_is_that_bodys() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Các sở, ngành nếu có khó khăn, vướng mắc kịp thời phản ánh "
                     "về Sở Nông nghiệp và Môi trường để tổng hợp, hướng dẫn, giải quyết theo thẩm "
                     "quyền hoặc báo cáo Ủy ban nhân dân tỉnh xem xét.\n"
                     "2. Sở Nội vụ gửi kết quả về Sở Tư pháp để theo dõi, đồng thời báo cáo Chủ "
                     "tịch Ủy ban nhân dân tỉnh.\n")
    assert ids(tasks[0].report_to) == ["lam-dong/so-nn-mt"]  # the province is the department's
    assert ids(tasks[1].report_to) == ["lam-dong/so-tu-phap", "lam-dong/ubnd/ct"]  # both


def test_a_report_of_the_senders_own_after_a_purpose_or_a_sentence_is_kept() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Sở Y tế gửi kết quả về Sở Nội vụ trước ngày 15/12. Trường "
                     "hợp vượt thẩm quyền, Sở Y tế phối hợp với các đơn vị để xử lý, báo cáo UBND "
                     "tỉnh xem xét.\n"
                     "2. Sở Giáo dục và Đào tạo gửi kế hoạch về các trường để triển khai, tổng hợp "
                     "kết quả báo cáo UBND tỉnh trước ngày 30/6.\n"
                     "3. Các đơn vị gửi báo cáo về Sở Khoa học và Công nghệ để tổng hợp, tham mưu "
                     "UBND tỉnh báo cáo Bộ Khoa học và Công nghệ.\n"
                     "4. Các doanh nghiệp nhà nước nộp báo cáo tài chính năm cho Sở Tài chính.\n")
    assert ids(tasks[0].report_to) == ["lam-dong/so-noi-vu", "lam-dong/ubnd"]
    assert ids(tasks[1].report_to) == ["lam-dong/ubnd"]  # the department sums up and reports
    assert ids(tasks[2].report_to) == ["lam-dong/so-khcn"]  # the ministry is the province's
    assert ids(tasks[3].report_to) == ["lam-dong/so-tai-chinh"]  # accounts handed in are a report


def test_a_bare_council_before_its_committee_takes_the_committees_place() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Sở Công Thương tổng hợp báo cáo Tỉnh ủy, HĐND, UBND tỉnh "
                     "về tình hình thực hiện.\n"
                     "2. Sở Tài chính báo cáo Thường trực HĐND và UBND tỉnh kết quả thực hiện.\n"
                     "3. Văn phòng HĐND, UBND tỉnh theo dõi việc thực hiện.\n")
    assert ids(tasks[0].report_to) == ["lam-dong/tu", "lam-dong/hdnd", "lam-dong/ubnd"]
    assert ids(tasks[1].report_to) == ["lam-dong/hdnd/tt", "lam-dong/ubnd"]
    assert "lam-dong/hdnd" not in ids(tasks[2].lead)  # an office serving both is neither


def test_no_council_is_named_where_a_board_an_office_or_a_commune_stands_over_it() -> None:
    tasks = document("II. NHIỆM VỤ\n1. Sở Công Thương báo cáo Thường trực Tỉnh ủy, HĐND, UBND tỉnh "
                     "kết quả thực hiện.\n2. Văn phòng Đoàn ĐBQH và HĐND, UBND tỉnh theo dõi.\n"
                     "3. Các xã báo cáo HĐND, UBND xã kết quả.\n")
    named = [f.id for t in tasks[:3] for f in (*t.lead, *t.report_to)]
    assert not any(i and "hdnd" in i for i in named)  # which board or office: not told
