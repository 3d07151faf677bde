"""Languages (issue 15): the admin pages in Hong Kong Traditional Chinese.

Quota applications, the dashboard's quota section, the audit log, users and
invitations, company settings and reminder e-mail settings: each page in Chinese
shows Chinese and none of its English interface text; refusals with a value in
them (an ITC reference, an address) read in Chinese; English stays as it was.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.quota_helpers import allotment_post
from tests.reminders import builders as build
from tracker.audit_log import labels
from tracker.candidates.services import FIELDS as CANDIDATE_FIELDS
from tracker.cases.contract import FIELDS as CONTRACT_FIELDS
from tracker.cases.services import FIELDS as CASE_FIELDS
from tracker.companies.services import SETTINGS_FIELDS
from tracker.documents.services import AUDITED as DOCUMENT_FIELDS
from tracker.quotas.applications import APPLICATION_FIELDS
from tracker.quotas.services import ALLOTMENT_FIELDS, POSITION_FIELDS
from tracker.rules.workflow import DERIVED_FACTS, all_stages

ZH = {"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def admin(make, login, company):
    """An admin of `company`, signed in on `client`."""
    user = make.user(company, role="admin")
    login(user)
    return user


def page(client, path: str, headers: dict[str, str] = ZH) -> str:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, path
    return answer.get_data(as_text=True)


def shows(text: str, chinese: tuple[str, ...], english: tuple[str, ...]) -> None:
    """Every Chinese phrase is on the page and none of the English ones."""
    for phrase in chinese:
        assert phrase in text, phrase
    for phrase in english:
        assert phrase not in text, phrase


def test_quota_applications_in_chinese(client, make, company, admin):
    application = make.application(company, reference="ITC/APP/8", requested=3)
    shows(page(client, "/quotas/applications"),
          ("向創新科技署提交的配額申請", "新增申請", "提交日期", "申請數目", "已提交",
           "由此申請建立配額分配"),
          ("Quota applications to ITC", "New application", "Submitted on", ">submitted<",
           "Create allotment from this application"))
    shows(page(client, f"/quotas/applications/{application.id}"),
          ("配額申請 ITC/APP/8", "3 個配額", "更改狀態", "已獲分配", "已被拒絕", "儲存狀態"),
          ("Quota application ITC/APP/8", "3 quotas", "Change status", ">Allotted<",
           ">Rejected<", "Requested"))
    shows(page(client, "/quotas/applications/new"),
          ("向創新科技署提交的新配額申請", "申請配額數目", "儲存申請"),
          ("New quota application to ITC", "Requested number of quotas", "Save application"))


def test_an_application_refusal_names_its_allotment_in_chinese(client, make, company, admin):
    application = make.application(company, reference="ITC/APP/9")
    client.post("/quotas/new", data=allotment_post(reference="ITC/APP/9",
                                                   application_id=application.id))
    answer = client.post(f"/quotas/applications/{application.id}",
                         data={"status": "submitted"}, headers=ZH)
    shows(answer.get_data(as_text=True),
          ("配額分配 ITC/APP/9 由此申請建立：狀態維持為已獲分配。",),
          ("it stays allotted",))


def test_a_duplicate_itc_reference_is_refused_in_chinese(client, make, company, admin):
    make.allotment(company, reference="ITC/DUP/1")
    refused = client.post("/quotas/new", data=allotment_post(reference="itc/dup/1"),
                          headers=ZH).get_data(as_text=True)
    shows(refused, ("貴公司已記錄創新科技署檔案編號 itc/dup/1。",),
          ("is already recorded for your company",))
    refused = client.post("/quotas/new", data=allotment_post(reference="itc/dup/1"),
                          headers=EN).get_data(as_text=True)
    assert "ITC reference itc/dup/1 is already recorded for your company." in refused


def test_an_allotment_in_use_is_not_deleted_in_chinese(client, company, admin, allotment,
                                                      techtas):
    answer = client.post(f"/quotas/{allotment.id}/delete", headers=ZH, follow_redirects=True)
    shows(answer.get_data(as_text=True),
          (f"有 1 個個案使用配額分配 {allotment.itc_reference}：不能刪除。",),
          ("cannot be deleted",))


def test_the_dashboards_quota_section_in_chinese(client, make, company, admin):
    make.techtas_allotment(company, itc_reference="ITC/DASH/1")
    shows(page(client, "/"),
          ("科技人才入境計劃配額", "所有配額", "有效期至 31/12/2099", "已用 0 · 尚餘 5（共 5）",
           ">有效</span>", "ITC/DASH/1 的已用配額"),
          ("All allotments", "valid until", "remaining of", ">active<", "Quotas used of"))
    english = page(client, "/", EN)
    assert "valid until 31/12/2099" in english and "0 used · 5 remaining of 5" in english
    assert ">active</span>" in english


def test_the_audit_log_in_chinese(client, make, company, admin):
    application = make.application(company, reference="ITC/APP/5")
    client.post(f"/quotas/applications/{application.id}",
                data={"status": "rejected", "notes": "Not R&D enough"})
    colleague = make.user(company, role="staff")
    client.post(f"/company/users/{colleague.id}", data={"role": "staff"})  # deactivated
    text = page(client, "/audit")
    assert re.search(r"生效中</span>:\s*是 → 否", text)
    shows(text,
          ("審計記錄", "最新的排先", "時間", "變更（舊 → 新）", "<td>已新增</td>",
           "<td>已更新</td>", "配額申請<br>", "狀態</span>", "申請配額數目</span>", "系統",
           "任何", "對象類別", "開始日期", "篩選"),
          ("Audit log", "newest first", "Changes (old → new)", "<td>Created</td>",
           "<td>Updated</td>", "Quota application<br>", "Status</span>",
           "Requested number of quotas</span>", ">system<", ">Any<", "Object type", "Date from"))
    # Summaries and free text stay as they were written; a status reads as its label.
    assert "Not R&amp;D enough" in text and "已被拒絕" in text
    refused = page(client, "/audit?date_from=2025-03-05&date_to=2025-03-01")
    shows(refused, ("結束日期不可早於開始日期。", "請更正上面的篩選條件以查看記錄。"),
          ("Date to cannot be before date from.",))
    english = page(client, "/audit", EN)
    assert "<td>Created</td>" in english and "Quota application<br>" in english
    assert "Requested number of quotas</span>" in english


def test_users_invite_and_edit_in_chinese(client, make, company, admin):
    colleague = make.user(company, role="staff", email="colleague@example.com")
    shows(page(client, "/company/users"),
          ("邀請使用者", "名稱", "角色", "上次登入", ">有效<", ">職員<", ">管理員<", "編輯"),
          ("Users of", "Invite a user", "Last sign-in", ">active<", ">staff<"))
    shows(page(client, "/company/users/new"),
          ("邀請使用者", "檢視者可閱覽", "姓名", "發送邀請", ">職員<"),
          ("Invite a user", "Viewers read", "Full name", "Send invitation", ">Staff<"))
    shows(page(client, f"/company/users/{colleague.id}"),
          ("編輯使用者", "有效（可以登入）", ">檢視者<"),
          ("Edit user", "Active (can sign in)", ">Viewer<"))
    refused = client.post("/company/users/new", headers=ZH, data={
        "full_name": "Again", "email": "colleague@example.com", "role": "staff"})
    shows(refused.get_data(as_text=True), ("電郵為 colleague@example.com 的使用者已存在。",),
          ("already exists",))
    answer = client.post(f"/company/users/{colleague.id}", headers=ZH, follow_redirects=True,
                         data={"role": "viewer", "active": "y"})
    assert "已更新 User " in answer.get_data(as_text=True)
    english = page(client, "/company/users", EN)
    assert "Invite a user" in english and ">active<" in english


def test_the_last_admin_is_kept_in_chinese(client, admin):
    answer = client.post(f"/company/users/{admin.id}", headers=ZH, follow_redirects=True,
                         data={"role": "staff", "active": "y"})
    shows(answer.get_data(as_text=True), ("公司最少需要一位有效的管理員",),
          ("at least one active admin",))


def test_company_settings_in_chinese(client, company, admin):
    shows(page(client, "/company/settings"),
          ("公司設定", "商業登記號碼：", "法定名稱", "聯絡電郵", "配額到期前的提醒日數",
           "儲存設定"),
          ("Company settings", "Business registration number", "Legal name", "Contact email",
           "Save settings"))
    answer = client.post("/company/settings", headers=ZH, follow_redirects=True, data={
        "name": company.name, "contact_email": "hr@example.com",
        "quota_reminder_offsets": "90, 30"})
    assert "設定已儲存。" in answer.get_data(as_text=True)


def test_reminder_preferences_in_chinese(client, admin):
    shows(page(client, "/account/notifications"),
          ("電郵設定", "以電郵向我發送提醒", "每日摘要", "儲存"),
          ("Email settings", "Email me reminders", "Daily digest", "Reminders go to"))
    answer = client.post("/account/notifications", headers=ZH, follow_redirects=True,
                         data={"quota_reminders_enabled": "y"})
    assert "電郵設定已儲存。" in answer.get_data(as_text=True)


def test_english_pages_are_unchanged(client, make, company, admin):
    make.application(company, reference="ITC/APP/7")
    text = page(client, "/quotas/applications", EN)
    assert "Quota applications to ITC" in text and ">submitted<" in text
    assert "Company settings" in page(client, "/company/settings", EN)
    assert "Email settings" in page(client, "/account/notifications", EN)


def test_the_allotment_pages_leftovers_in_chinese(client, make, company, admin):
    shows(page(client, "/quotas/"),
          ("尚未有配額分配", "追蹤向創新科技署提交的申請"), ("No allotments yet", "track your"))
    flagged = make.allotment(company, allotment_date=date(2025, 3, 3))  # 12 months, rule: 24
    shows(page(client, f"/quotas/{flagged.id}"),
          ("「有效期至」與現行規定所得的日期不符。",
           "創新科技署給予 03/03/2025 分配的配額 24 個月有效期，即有效期至 03/03/2027。",
           "以創新科技署信件上的日期為準", ">更正</a>", ">已過期<"),
          ("is not what the rule in force gives", "ITC gives quotas", "correct it", ">expired<"))
    application = make.application(company, reference="ITC/APP/3", requested=3)
    shows(page(client, f"/quotas/new?application={application.id}"),
          ("來自配額申請 ITC/APP/3（申請 3 個配額）", "12 個月", "個月（現行規定）",
           'data-label="{months} 個月（現行規定）"', "除非你輸入創新科技署信件上的日期"),
          ("From the quota application", "12 months", "months (rule in force)",
           "Unless you type"))
    english = page(client, f"/quotas/new?application={application.id}", EN)
    assert "(3 quotas requested)" in english
    assert 'data-label="{months} months (rule in force)"' in english


def test_reminder_statuses_and_a_refused_resend_in_chinese(app, client, admin):
    row_id = build.ledger_row(app, admin.company_id, 1, status="sent", attempts=1)
    shows(page(client, "/notifications"), (">已發送</span>", ">等候發送<", ">未能發送<"),
          (">sent</span>", ">Waiting to be sent<", ">Could not be sent<"))
    answer = client.post(f"/notifications/{row_id}/resend", headers=ZH, follow_redirects=True)
    shows(answer.get_data(as_text=True), ("只可重新發送失敗的提醒；此提醒的狀態為「已發送」。",),
          ("Only failed reminders",))
    english = page(client, "/notifications", EN)
    assert ">sent</span>" in english and ">Waiting to be sent<" in english


def test_the_idle_sign_out_says_why_in_chinese(client, make, login, clock):
    login(make.user())
    clock.advance(minutes=31)
    answer = client.get("/", headers=ZH, follow_redirects=True)
    shows(answer.get_data(as_text=True), ("你已 30 分鐘沒有活動，已被登出。",),
          ("without activity",))


def test_every_audited_field_has_a_label():
    """A field some service audits, missing from the labels, would show as its code."""
    stage_facts = {fact.name for stage in all_stages().values() for fact in stage.facts}
    audited = {*CANDIDATE_FIELDS, *CONTRACT_FIELDS, *CASE_FIELDS, *SETTINGS_FIELDS,
               *DOCUMENT_FIELDS, *APPLICATION_FIELDS, *ALLOTMENT_FIELDS, *POSITION_FIELDS,
               *stage_facts, *(derived for derived, _days in DERIVED_FACTS.values()),
               "stage", "quota_held", "hkid_registered_on",
               "email", "role", "active", "language", "attempts", "quota_reminders_enabled",
               "daily_digest"}
    assert audited - labels.FIELDS.keys() == set()


def test_account_refusals_read_in_chinese(client, admin):
    wrong = client.post("/account/email", headers=ZH, data={
        "email": "new@example.com", "current_password": "not the password"})
    shows(wrong.get_data(as_text=True), ("目前的密碼不正確。",), ("is not correct",))
    same = client.post("/account/email", headers=ZH, data={
        "email": admin.email, "current_password": admin.password})
    shows(same.get_data(as_text=True), ("這已經是你的電郵地址。",), ("already your email",))
    wrong = client.post("/account/password", headers=ZH, data={
        "current_password": "not the password", "new_password": "a long new passphrase 42",
        "confirm": "a long new passphrase 42"})
    shows(wrong.get_data(as_text=True), ("目前的密碼不正確。",), ("is not correct",))
