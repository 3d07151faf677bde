"""Languages (issue 15, first slice): which one a page gets, the switch, the catalogue.

The order is the user's setting, then the footer switch, then Accept-Language, then
English (tracker/i18n.py). Dates and amounts stay Hong Kong formats in both languages.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.reminders import builders as build
from tracker.auth.models import User
from tracker.extensions import db
from tracker.rules import schemes
from tracker.text import hkd, hkdate

PO = Path(__file__).resolve().parent.parent / "tracker/translations/zh_Hant/LC_MESSAGES/messages.po"
ZH = {"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def html_lang(page: bytes) -> str:
    found = re.search(rb'<html lang="([^"]+)">', page)
    assert found, "no lang attribute"
    return found.group(1).decode()


def set_language(app, user_id: int, language: str | None) -> None:
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-HK", "zh-Hant-HK"), ("zh-TW,en;q=0.5", "zh-Hant-HK"), ("zh-Hant", "zh-Hant-HK"),
    ("zh", "zh-Hant-HK"), ("en-GB,zh-HK;q=0.5", "en"), ("fr-FR", "en"), ("", "en"),
])
def test_signed_out_pages_follow_accept_language(client, header, lang):
    page = client.get("/login", headers={"Accept-Language": header})
    assert html_lang(page.data) == lang


def test_the_sign_in_page_is_all_chinese(client):
    page = client.get("/login", headers=ZH).get_data(as_text=True)
    for chinese in ("登入", "電郵", "密碼", "忘記密碼？", "香港簽證擔保追蹤系統", "繁體中文"):
        assert chinese in page
    # English stays only as the switch's own name for English.
    for english in ("Sign in", "Email", "Password", "Forgot your password?",
                    "HK Sponsorship Tracker", "Language"):
        assert english not in page, english
    assert ">English<" in page


def test_wrong_sign_in_and_required_fields_read_in_chinese(client):
    page = client.post("/login", data={"email": "", "password": ""}, headers=ZH)
    text = page.get_data(as_text=True)
    assert "此欄位是必需的" in text and "This field is required" not in text
    assert "该" not in text  # WTForms' Simplified catalogue is not used
    page = client.post("/login", data={"email": "nobody@example.com", "password": "x"},
                       headers=ZH, follow_redirects=True)
    assert "電郵地址或密碼不正確。" in page.get_data(as_text=True)


def test_the_footer_switch_sets_the_language_and_goes_back(client):
    answer = client.post("/language", data={"language": "zh_Hant", "next": "/reset"},
                         headers=EN)
    assert answer.status_code == 302 and answer.headers["Location"] == "/reset"
    # The switch beats the browser's English.
    assert html_lang(client.get("/login", headers=EN).data) == "zh-Hant-HK"
    client.post("/language", data={"language": "en", "next": "/login"}, headers=ZH)
    assert html_lang(client.get("/login", headers=ZH).data) == "en"


def test_an_unknown_language_changes_nothing(client):
    answer = client.post("/language", data={"language": "xx", "next": "/login"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert html_lang(client.get("/login", headers=EN).data) == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_the_switch_refuses_an_open_redirect(client, target):
    answer = client.post("/language", data={"language": "zh_Hant", "next": target})
    location = answer.headers["Location"]
    assert answer.status_code == 302 and "evil" not in location and "javascript" not in location
    assert location.startswith("/")


def test_the_users_setting_beats_switch_and_browser(app, client, staff):
    set_language(app, staff.id, "zh_Hant")
    client.post("/language", data={"language": "en", "next": "/"})  # also stores "en"
    page = client.get("/", headers=ZH)
    assert html_lang(page.data) == "en"
    set_language(app, staff.id, "zh_Hant")
    page = client.get("/", headers=EN)
    assert html_lang(page.data) == "zh-Hant-HK"
    assert "今日待辦事項" in page.get_data(as_text=True)


def test_the_account_page_stores_the_language(app, client, staff):
    page = client.post("/account/language", data={"language": "zh_Hant"},
                       headers=EN, follow_redirects=True)
    assert "語言已儲存。" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, staff.id).language == "zh_Hant"
    client.post("/account/language", data={"language": ""})
    with app.app_context():
        assert db.session.get(User, staff.id).language is None
    refused = client.post("/account/language", data={"language": "klingon"}, headers=EN)
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)


def test_signing_in_keeps_the_switchs_choice(client, make, login):
    user = make.user()
    client.post("/language", data={"language": "zh_Hant", "next": "/login"})
    login(user)
    assert html_lang(client.get("/", headers=EN).data) == "zh-Hant-HK"


def test_error_pages_are_translated(client, staff):
    page = client.get("/no-such-page", headers=ZH)
    text = page.get_data(as_text=True)
    assert page.status_code == 404 and "找不到" in text and "Not found" not in text
    assert html_lang(page.data) == "zh-Hant-HK"


def test_dates_and_amounts_keep_hong_kong_formats_in_chinese(app, client, staff):
    page = client.get("/", headers=ZH).get_data(as_text=True)
    assert "今日待辦事項" in page  # the Chinese dashboard
    with app.test_request_context(headers=ZH):
        assert hkdate(date(2026, 3, 4)) == "04/03/2026" and hkd(1234567) == "HK$1,234,567"
    assert re.search(r"\d\d/\d\d/\d{4}", page)  # the dashboard's date
    assert "年" not in page


def test_the_csp_holds_on_chinese_pages(client):
    page = client.get("/login", headers=ZH)
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    text = page.get_data(as_text=True)
    assert "登入" in text and 'action="/language"' in text  # the Chinese page, with its switch
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline script"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
    assert "style=" not in text


def test_every_message_has_a_translation_and_none_is_fuzzy():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hant")
    assert len(catalog) > 50
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated and not fuzzy, (untranslated, fuzzy)


def test_official_chinese_names_sit_beside_the_english_ones():
    assert all(s.name_zh for s in schemes.SCHEMES.values())
    techtas = schemes.SCHEMES["TechTAS"]
    assert techtas.name_in("zh_Hant") == "科技人才入境計劃"
    assert techtas.name_in("en") == "Technology Talent Admission Scheme"
    assert schemes.OFFICIAL_NAMES_ZH["ImmD"][1] == "入境事務處"
    assert schemes.OFFICIAL_NAMES_ZH["IANG"][1] == "非本地畢業生留港/回港就業安排"


def test_the_stylesheet_covers_cjk_without_a_cdn():
    css = (Path(__file__).resolve().parent.parent / "tracker/static/app.css").read_text()
    for font in ("PingFang HK", "Microsoft JhengHei", "Noto Sans CJK TC"):
        assert font in css
    assert "@import" not in css and "http" not in css


def test_the_candidate_list_and_page_read_in_chinese(client, make, company, staff):
    candidate = make.candidate(company, full_name="Chan Tai Man", chinese_name="陳大文")
    listing = client.get("/candidates/", headers=ZH).get_data(as_text=True)
    for chinese in ("新增候選人", "姓名或護照號碼", "搜尋", "國籍", "護照號碼", "護照有效期至",
                    "是"):
        assert chinese in listing, chinese
    for english in ("Add a candidate", "Name or passport number", "Nationality",
                    "Passport number", "Passport expiry", "STEM degree", ">Yes<"):
        assert english not in listing, english
    assert "沒有候選人符合「Nobody」。" in client.get(
        "/candidates/?q=Nobody", headers=ZH).get_data(as_text=True)

    page = client.get(f"/candidates/{candidate.id}", headers=ZH).get_data(as_text=True)
    for chinese in ("哪些途徑適合？", "開立個案", "出生日期", "最高學歷", "碩士", "供途徑顧問參考",
                    "持有 STEM 學科排名前 100 大學頒授的學位", "尚未有個案。", "陳大文"):
        assert chinese in page, chinese
    for english in ("Which routes fit?", "Open a case", "Date of birth", "Highest qualification",
                    "Master's", "For the route advisor", "top-100 university", "No cases yet."):
        assert english not in page, english


def test_the_candidate_form_and_its_errors_read_in_chinese(client, staff):
    page = client.get("/candidates/new", headers=ZH).get_data(as_text=True)
    for chinese in ("新增候選人", "中文姓名", "背景及教育", "內地居民", "不詳", "儲存候選人"):
        assert chinese in page, chinese
    for english in ("Add a candidate", "Chinese name", "Background and education",
                    "Mainland resident", "Not known", "Save candidate"):
        assert english not in page, english
    data = {"full_name": "Chan Tai Man", "nationality": "Chinese", "date_of_birth": "1990-01-01",
            "passport_number": "AB", "passport_expiry": "2035-01-01",
            "qualification_level": "master", "years_experience": "3"}
    page = client.post("/candidates/new", data=data, headers=ZH).get_data(as_text=True)
    assert "護照號碼由 5 至 30 個字母及數字組成。" in page
    assert "A passport number has" not in page
    answer = client.post("/candidates/new", data=data | {"passport_number": "K1234567"},
                         headers=ZH, follow_redirects=True)
    assert "已新增候選人 Chan Tai Man。" in answer.get_data(as_text=True)


def test_the_case_list_and_its_filters_read_in_chinese(client, make, company, staff):
    make.case(company, make.candidate(company, full_name="Chan Tai Man", chinese_name="陳大文"))
    page = client.get("/cases/", headers=ZH).get_data(as_text=True)
    for chinese in ("開立個案", "候選人姓名或護照號碼", "所有計劃", "所有階段", "排序方式",
                    "最新優先", "需要處理", "套用", "清除", "職位名稱", "陳大文"):
        assert chinese in page, chinese
    for english in ("Open a case", "Name or passport number", "All schemes", "All stages",
                    "Sort by", "Newest first", "Needs attention", "Apply", "Clear",
                    "Job title"):
        assert english not in page, english
    empty = client.get("/cases/?q=Nobody", headers=ZH).get_data(as_text=True)
    assert "沒有符合的個案。" in empty and "No cases match." not in empty


def test_the_allotment_list_and_page_read_in_chinese(client, make, company, staff, allotment):
    listing = client.get("/quotas/", headers=ZH).get_data(as_text=True)
    for chinese in ("科技人才入境計劃配額", "新增配額分配", "配額申請", "創新科技署檔案編號",
                    "分配日期", "有效期至", "剩餘日數"):
        assert chinese in listing, chinese
    for english in ("TechTAS quota allotments", "New allotment", "Quota applications",
                    "ITC reference", "Allotment date", "Valid until", "Days left"):
        assert english not in listing, english

    page = client.get(f"/quotas/{allotment.id}", headers=ZH).get_data(as_text=True)
    for chinese in ("配額分配", "配額數目", "職位名稱", "科技範疇", "月薪（港元）",
                    "使用此配額分配的個案", "尚未有個案使用此配額分配。", "HK$"):
        assert chinese in page, chinese
    for english in ("Number of quotas", "Job title", "Technology area", "Monthly salary",
                    "Cases using this allotment", "No case uses this allotment yet."):
        assert english not in page, english


def test_the_allotment_form_and_a_refusal_read_in_chinese(client, staff):
    page = client.get("/quotas/new", headers=ZH).get_data(as_text=True)
    for chinese in ("新增配額分配", "分配信所列職位", "所需學歷", "新增職位", "儲存配額分配",
                    "取消"):
        assert chinese in page, chinese
    for english in ("New allotment", "Positions in the letter", "Required qualification",
                    "Add position", ">Save allotment<", "Cancel"):
        assert english not in page, english
    data = {"itc_reference": "", "allotment_date": "2025-03-03", "valid_until": "",
            "total_quotas": "1", "notes": "", "submit": "Save allotment",
            "positions-0-job_title": "Data scientist",
            "positions-0-technology_area": "Artificial intelligence",
            "positions-0-required_qualification": "", "positions-0-monthly_salary": "42000",
            "positions-0-quotas": "1"}
    refused = client.post("/quotas/new", data=data | {"itc_reference": "ITC/1",
                                                       "valid_until": "2025-01-01"},
                          headers=ZH).get_data(as_text=True)
    assert "有效期不可早於分配日期。" in refused
    assert "Valid until cannot be before" not in refused
    saved = client.post("/quotas/new", data=data | {"itc_reference": "ITC/2"}, headers=ZH,
                        follow_redirects=True).get_data(as_text=True)
    assert "已儲存配額分配 ITC/2。" in saved


def test_the_notifications_page_reads_in_chinese(app, client, login, make):
    admin = make.user(make.company("Acme Robotics Limited"), role="admin")
    build.ledger_row(app, admin.company_id, 1, error="SMTP down", attempts=4)
    login(admin)
    page = client.get("/notifications", headers=ZH).get_data(as_text=True)
    for chinese in ("Acme Robotics Limited 的每封提醒電郵", "尚未進行檢查。", "收件人",
                    "嘗試次數", "重新發送"):
        assert chinese in page, chinese
    for english in ("Every reminder e-mail", "No scan has run yet.", "Recipients", "Attempts",
                    ">Resend<"):
        assert english not in page, english
    empty = client.get("/notifications?status=sent", headers=ZH).get_data(as_text=True)
    assert "尚未有狀態為「已發送」的提醒。" in empty
