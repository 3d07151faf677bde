"""Languages (issue 15): the case pages, forms, moves and refusals in Hong Kong Traditional Chinese.

Stage names, fact labels, attention reasons, stage-date problems and the extension-window
sentence are the rules' Text (English, rendered in the reader's language); the case page,
the case form, every flash and service refusal are marked. English stays the default.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.case_helpers import walk
from tracker.rules.stage_dates import date_problems
from tracker.rules.stay import describe_window, extension_window
from tracker.rules.text import translated
from tracker.rules.workflow import EMPLOYMENT, stage_label

pytestmark = pytest.mark.usefixtures("pinned_today")  # today is 02/06/2025

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def visible(page: str) -> str:
    """The text a reader sees: the buttons' words, no scripts, tags or other attributes."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    page = re.sub(r'<input[^>]*type="submit"[^>]*value="([^"]*)"[^>]*>', r"\n\1\n", page)
    return re.sub(r"<[^>]+>", "\n", page)


def absent(text: str, *english: str) -> None:
    for phrase in english:
        assert phrase not in text, phrase


def present(text: str, *chinese: str) -> None:
    for phrase in chinese:
        assert phrase in text, phrase


@pytest.fixture
def person(make, company):
    """A candidate whose passport raises no flag (the flag is the candidates' text)."""
    return make.candidate(company, full_name="Chan Tai Man", chinese_name="陳大文")


@pytest.fixture
def arrived(app, make, company, person):
    """A GEP case that has arrived: every stage fact, the HKID form, the extension window."""
    case = make.case(company, candidate=person, intended_start_date=date(2025, 9, 1))
    make.documents(case)
    walk(app, case, "preparing", "submitted", "approved", "visa_issued", "arrived")
    return case


def test_a_gep_case_page_reads_in_chinese(client, staff, arrived):
    page = visible(client.get(f"/cases/{arrived.id}", headers=ZH).get_data(as_text=True))
    present(page, "陳大文", "一般就業政策", "已抵港", "編輯個案", "詳情", "候選人", "職位名稱",
            "月薪（港元）", "預計開始日期", "負責人", "未能在本地招聘的理由",
            # the stage facts, with their correction forms
            "提交日期", "入境事務處檔案編號", "批准日期", "簽證發出日期", "簽證／電子簽證號碼",
            "逗留期限至", "抵港日期", "香港身份證登記限期", "更正", "提交日期（更正）", "更正原因",
            "儲存更正",
            # when the extension of stay can be filed (rules/stay.py)
            "延期逗留", "可於 22/02/2028 起申請（逗留期限屆滿前 3 個月，適用於 01/03/2026 起提出的",
            # the timeline: stage names, the opening note, the facts of each move
            "時間線", "草擬", "已開立個案", "由「準備文件」", "已向入境事務處提交", "已獲批准",
            "已發出簽證", "提交日期：02/05/2025", "系統",
            # the move form and the HKID registration
            "轉移此個案的階段", "新階段", "生效中（受僱）", "已被拒絕", "已撤回", "轉移階段",
            "香港身份證登記", "須於 29/06/2025 或之前辦理（抵港後 30 日內）。",
            "記錄香港身份證登記")
    absent(page, "Details", "Edit case", "Candidate", "Job title", "Monthly salary", "Owner",
           "Justification", "Submission date", "ImmD reference", "Approval date",
           "Visa issue date", "Visa / e-Visa", "Limit of stay", "Arrival date",
           "HKID registration", "Correct", "Reason", "Extension of stay", "Can be filed",
           "before the limit of stay", "Timeline", "Draft", "Case opened", "from ",
           "Submitted to ImmD", "Approved", "Visa issued", "Arrived", "system",
           "Move this case", "New stage", "Active", "Refused", "Withdrawn", "Move case",
           "Due by", "days after arrival", "Record HKID", "Eligibility", "The same rules")
    # The scheme by its official Chinese name (the rules' sources cite the English pages).
    assert "計劃</dt><dd class=\"col-sm-7\">一般就業政策</dd>" in client.get(
        f"/cases/{arrived.id}", headers=ZH).get_data(as_text=True)


def test_a_techtas_case_page_shows_its_quota_in_chinese(app, client, staff, techtas):
    walk(app, techtas, "preparing", "submitted")
    page = visible(client.get(f"/cases/{techtas.id}", headers=ZH).get_data(as_text=True))
    present(page, "科技人才入境計劃", "配額", "職位", "有效期至 31/12/2099", "已用配額：1／2",
            "此個案佔用其中一個", "如現在（獲批前）被拒絕或撤回，此個案會把配額退回職位",
            "須補交資料", "「已獲批准」所需資料", "要求日期")
    absent(page, "Quota", "Position", "valid until", "this case holds one",
           "Refused or withdrawn", "Additional information", "For “", "Date requested")


def test_a_net_case_page_shows_its_contract_in_chinese(client, make, company, staff, person):
    case = make.case(company, candidate=person, scheme="NET", monthly_salary=40_000)
    page = visible(client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True))
    present(page, "外籍英語教師計劃合約", "尚未記錄", "合約開始日期", "合約結束日期",
            "留空即為開始日期 + 2 年 − 1 日", "續約決定", "待定", "約滿酬金比率（%）", "儲存合約")
    absent(page, "NET contract", "not recorded yet", "Contract start", "Contract end",
           "Leave blank", "Renewal decision", "Pending", "Gratuity", "Save contract")

    saved = client.post(f"/cases/{case.id}/contract", headers=ZH, follow_redirects=True, data={
        "contract_start": "2025-08-01", "contract_end": "", "renewal_decision": "renewed",
        "gratuity_rate_percent": "15"}).get_data(as_text=True)
    page = visible(saved)
    present(page, "已儲存合約。", "01/08/2025 至 31/07/2027", "續約", "約滿酬金到期日",
            "（HK$40,000 × 合約月數的 15.00%）",
            "已續約：下一份合約由 01/08/2027 至 31/07/2029。", "開始續約合約",
            "由開始日期起計兩年，於 31/07/2027 結束")
    absent(page, "Contract saved.", " to 31/07/2027", "Renewed", "Gratuity due",
           "the contract's months", "the next contract runs", "Start the renewed contract",
           "Two years from the start")

    refused = client.post(f"/cases/{case.id}/contract", headers=ZH, data={
        "contract_start": "2025-08-01", "contract_end": "2025-07-01",
        "renewal_decision": "pending", "gratuity_rate_percent": ""}).get_data(as_text=True)
    assert "合約的結束日期不可早於開始日期（01/08/2025）。" in refused
    assert "cannot end before it starts" not in refused


def test_a_refused_move_says_why_in_chinese_with_its_values(app, client, staff, make, company,
                                                             person):
    case = make.case(company, candidate=person)
    make.documents(case)
    # The service refuses a stage the workflow does not allow, naming the allowed ones.
    page = client.post(f"/cases/{case.id}/move", headers=ZH, follow_redirects=True,
                       data={"to_stage": "approved"}).get_data(as_text=True)
    assert ("未能轉移階段：處於「草擬」的個案不能轉移至「已獲批准」。可轉移至：「準備文件」、"
            "「已被拒絕」、「已撤回」。") in page
    absent(page, "Move refused", "cannot move to", "Allowed:")

    walk(app, case, "preparing", "submitted")  # submitted on 02/05/2025
    page = client.post(f"/cases/{case.id}/move", headers=ZH, data={
        "to_stage": "approved", "approved_on": "2025-04-01"}).get_data(as_text=True)
    present(page, "階段轉移未有儲存：請檢查轉移表格的欄位。",
            "批准日期 01/04/2025 早於提交日期 02/05/2025。")
    absent(page, "The move was not saved", "is before the submission date")
    page = client.post(f"/cases/{case.id}/move", headers=ZH, data={
        "to_stage": "approved", "approved_on": "2025-07-01"}).get_data(as_text=True)
    assert "批准日期 01/07/2025 是將來的日期（今日是 02/06/2025）。" in page
    assert "is in the future" not in page

    moved = client.post(f"/cases/{case.id}/move", headers=ZH, follow_redirects=True, data={
        "to_stage": "approved", "approved_on": "2025-05-20"}).get_data(as_text=True)
    assert "已轉移至「已獲批准」。" in moved and "Moved to" not in moved


def test_refused_corrections_and_hkid_dates_read_in_chinese(client, staff, arrived):
    page = client.post(f"/cases/{arrived.id}/facts/submitted_on/correct", headers=ZH, data={
        "correct-submitted_on-value": "2025-05-02", "correct-submitted_on-reason": ""}
    ).get_data(as_text=True)
    present(page, "「提交日期」的更正未有儲存：請查看欄位下的原因。",
            "提交日期已經是 02/05/2025：無需更正。", "請說明更正的原因。")
    absent(page, "was not saved", "nothing to correct", "Give the reason")

    # A service refusal (rules/stage_dates.py) under the field, with its dates.
    page = client.post(f"/cases/{arrived.id}/hkid", headers=ZH,
                       data={"hkid_registered_on": "2025-05-01"}).get_data(as_text=True)
    assert "香港身份證登記日期 01/05/2025 早於抵港日期 30/05/2025。" in page
    assert "is before the arrival date" not in page
    done = client.post(f"/cases/{arrived.id}/hkid", headers=ZH, follow_redirects=True,
                       data={"hkid_registered_on": "2025-06-01"}).get_data(as_text=True)
    assert "已記錄香港身份證登記。" in done and "HKID registration recorded" not in done


def test_the_case_form_and_its_errors_read_in_chinese(client, staff, allotment):
    raw = client.get("/cases/new", headers=ZH).get_data(as_text=True)
    # The candidate search script says "no match" with the words the page hands it.
    assert 'data-no-results="你公司沒有符合的候選人。"' in raw
    page = visible(raw)
    present(page, "開立個案", "候選人", "選擇候選人", "輸入部分姓名或護照號碼", "計劃",
            "GEP – 一般就業政策", "TechTAS – 科技人才入境計劃", "只適用於科技人才入境計劃",
            "（有效期至 31/12/2099）", "— 無 —", "— 沒有 —", "— 不在清單上 —", "儲存個案",
            "一般就業政策：為何該職位未能輕易在本地招聘")
    absent(page, "Open a case", "Choose a candidate", "Type part of", "General Employment",
           "TechTAS only", "valid until", "none", "nobody", "not on the list", "Save case",
           "Not needed for", "why the post")

    page = client.post("/cases/new", headers=ZH, data={
        "candidate_id": "", "scheme": "TechTAS", "job_title": "", "monthly_salary": "",
        "allotment_id": "", "position_id": "", "owner_id": ""}).get_data(as_text=True)
    present(page, "請選擇你公司的其中一位候選人。", "請輸入職位名稱。",
            "請輸入以港元計的月薪（0 或以上）。", "TechTAS 個案須使用你公司的其中一項配額分配。",
            "請選擇此個案所用配額分配的職位。")
    absent(page, "Choose one of your company", "Enter the job title", "Enter the monthly",
           "needs one of your quota allotments", "Choose the position")


def test_the_dashboard_and_list_show_cases_in_chinese(client, staff, arrived):
    page = visible(client.get("/", headers=ZH).get_data(as_text=True))
    present(page, "需要處理的個案", "陳大文", "須於 29/06/2025 前登記香港身份證", "各階段的個案",
            "已抵港")
    absent(page, "HKID registration due", "Arrived", "Nothing needs attention", "Cases per stage")
    listing = visible(client.get("/cases/", headers=ZH).get_data(as_text=True))
    present(listing, "已抵港", "須於 29/06/2025 前登記香港身份證")
    absent(listing, "Arrived", "HKID registration due")


def test_english_pages_are_unchanged(app, client, staff, arrived):
    page = client.get(f"/cases/{arrived.id}", headers=EN).get_data(as_text=True)
    for english in ("Details", "Edit case", "Submission date", "Limit of stay until",
                    "Extension of stay", "Can be filed from 22/02/2028 (3 months before the "
                    "limit of stay ends, for extensions filed from 01/03/2026; not confirmed by "
                    "an ImmD page; form ID 91).", "Case opened", "from Preparing documents",
                    "Submitted to ImmD", "Move this case", "Active (employed)",
                    "Due by 29/06/2025 (30 days after arrival).", "General Employment Policy"):
        assert english in page, english
    assert "已抵港" not in page
    dashboard = client.get("/", headers=EN).get_data(as_text=True)
    assert "HKID registration due 29/06/2025" in dashboard
    refused = client.post(f"/cases/{arrived.id}/move", headers=EN, follow_redirects=True,
                          data={"to_stage": "submitted"}).get_data(as_text=True)
    assert ("Move refused: A case in &#39;Arrived&#39; cannot move to &#39;Submitted to "
            "ImmD&#39;. Allowed: &#39;Active (employed)&#39;, &#39;Refused&#39;, "
            "&#39;Withdrawn&#39;.") in refused


def test_the_rules_texts_are_english_and_render_in_chinese(app):
    problem = date_problems({"submitted_on": date(2025, 5, 2)},
                            {"approved_on": date(2025, 4, 1)}, date(2025, 6, 2))[0].message
    window = describe_window(extension_window(date(2026, 3, 20)), date(2026, 3, 1))
    assert problem == "Approval date 01/04/2025 is before the submission date 02/05/2025."
    assert stage_label("active") == "Active" and EMPLOYMENT.label("draft") == "Draft"
    with app.test_request_context(headers=ZH):
        assert translated(problem) == "批准日期 01/04/2025 早於提交日期 02/05/2025。"
        assert translated(stage_label("active")) == "生效中"
        assert translated(stage_label("in_principle")) == "原則上批准"
        assert translated(window).startswith("現正接受申請：請於 20/03/2026 或之前申請")
    with app.test_request_context(headers=EN):
        assert translated(window).startswith("Open now: file by 20/03/2026")


def test_the_passport_flag_reads_in_chinese(client, make, company, staff, person):
    case = make.case(company, candidate=person, intended_start_date=date(2099, 1, 1))
    page = client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True)
    assert "護照於 01/01/2035 到期，早於預計開始日期 01/01/2099。" in page
    assert "Passport expires" not in page
    english = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert "Passport expires on 01/01/2035, before the intended start date 01/01/2099." in english
