"""The audit log in plain language (issue 17): labels, values as the user knows them, links.

Fields read as their forms' labels, values as the user knows them (an owner's
name, "Not applicable", Yes/No, DD/MM/YYYY), objects link to their pages, in
English and in Chinese; another company's objects are never named or linked;
the names of a page cost one query whatever its length.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.queries import count_queries
from tracker.audit.models import AuditEvent
from tracker.extensions import db

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
WHEN = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def admin(make, login, company):
    user = make.user(company, role="admin")
    login(user)
    return user


def add(app, company_id: int, user_id: int | None, *entries) -> None:
    """Insert audit rows directly: (action, object_type, object_id, changes)."""
    with app.app_context():
        for n, (action, object_type, object_id, changes) in enumerate(entries):
            db.session.add(AuditEvent(company_id=company_id, user_id=user_id, action=action,
                                      object_type=object_type, object_id=object_id,
                                      changes=changes, created_at=WHEN + timedelta(minutes=n)))
        db.session.commit()


def page(client, headers=EN, **query) -> str:
    answer = client.get("/audit", headers=headers, query_string=query)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def change(text: str, label: str) -> str:
    """What the page shows after a field's label (tags removed, spaces collapsed)."""
    found = re.search(rf">{re.escape(label)}</span>:(.*?)</li>", text, re.S)
    assert found, label
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()))


@pytest.fixture
def world(app, make, company, admin):
    """A case of Chan Tai Man on an allotment, its owner, and another company's case."""
    owner = make.user(company, role="staff")
    candidate = make.candidate(company, full_name="Chan Tai Man", chinese_name="陳大文")
    allotment = make.allotment(company, reference="ITC/TTAS/0042")
    case = make.case(company, candidate=candidate, allotment=allotment,
                     position_id=allotment.position_id)
    other = make.company("Other Secrets Limited")
    stranger = make.user(other, role="admin")
    hidden = make.candidate(other, full_name="Hidden Person")
    hidden_case = make.case(other, candidate=hidden)
    return {"owner": owner, "candidate": candidate, "allotment": allotment, "case": case,
            "stranger": stranger, "hidden": hidden, "hidden_case": hidden_case}


def test_fields_read_as_labels_and_values_as_the_user_knows_them(app, client, company,
                                                                 admin, world):
    case = world["case"]
    add(app, company.id, admin.id,
        ("update", "case", case.id, {"owner_id": [None, world["owner"].id],
                                     "intended_start_date": ["2099-01-01", "2099-02-01"],
                                     "quota_held": [False, True],
                                     "monthly_salary": [50000, 52000]}),
        ("document", "case", case.id, {"passport.status": ["missing", "not_applicable"]}),
        ("update", "candidate", world["candidate"].id, {"stem_degree": [True, None],
                                                         "qualification_level":
                                                             ["bachelor", "master"]}),
        ("stage", "case", case.id, {"stage": ["draft", "submitted"]}))
    text = page(client)
    owner = world["owner"]
    assert re.search(rf'Owner</span>: <span[^>]*>—</span> → <a href="/company/users/{owner.id}">'
                     r"User \d+</a>", text)
    assert change(text, "Intended start date") == "01/01/2099 → 01/02/2099"
    assert change(text, "Holds a quota") == "No → Yes"
    assert change(text, "Monthly salary (HKD)") == "HK$50,000 → HK$52,000"
    assert change(text, "Passport copy (personal particulars page): Status") == \
        "Missing → Not applicable"
    assert change(text, "STEM degree") == "Yes → Not known"
    assert change(text, "Highest qualification") == "Bachelor's → Master's"
    assert change(text, "Stage") == "Draft → Submitted to ImmD"
    for code in ("owner_id", "owner id", "not_applicable", "stem degree", "quota_held",
                 "2099-01-01", ">update<", ">True<"):
        assert code not in text, code


def test_entries_link_to_their_objects(app, client, company, admin, world):
    case, allotment = world["case"], world["allotment"]
    add(app, company.id, admin.id,
        ("create", "case", case.id, {"candidate_id": [None, world["candidate"].id],
                                     "allotment_id": [None, allotment.id],
                                     "position_id": [None, allotment.position_id]}),
        ("update", "quota_allotment", allotment.id, {"total_quotas": [2, 3]}),
        ("update", "company", company.id, {"name": ["Old Name", "New Name"]}),
        ("update", "user", world["owner"].id, {"role": ["staff", "admin"],
                                               "active": [True, False]}))
    text = page(client)
    assert f'<a href="/cases/{case.id}">Chan Tai Man 陳大文 (TechTAS)</a>' in text
    assert f'<a href="/candidates/{world["candidate"].id}">Chan Tai Man 陳大文</a>' in text
    assert f'<a href="/quotas/{allotment.id}">ITC/TTAS/0042</a>' in text
    assert f'<a href="/quotas/{allotment.id}">ITC/TTAS/0042: Machine learning engineer</a>' \
        in text
    assert '<a href="/company/settings">' in text
    assert f'<a href="/company/users/{world["owner"].id}">' in text
    assert change(text, "Role") == "Staff → Admin"
    assert change(text, "Active") == "Yes → No"
    # A created case lists the values it was created with, no "— →".
    assert change(text, "Candidate") == "Chan Tai Man 陳大文"


def test_another_companys_objects_are_never_named_or_linked(app, client, company, admin,
                                                            world):
    """An id of another company's record (a forged or misfiled entry) stays a bare #id."""
    hidden_case, stranger = world["hidden_case"], world["stranger"]
    add(app, company.id, admin.id,
        ("update", "case", hidden_case.id, {"owner_id": [None, stranger.id],
                                            "candidate_id": [None, world["hidden"].id]}),
        ("update", "candidate", world["hidden"].id, {"married": [None, True]}))
    text = page(client)
    for secret in ("Hidden Person", "Other Secrets", f"/cases/{hidden_case.id}\"",
                   f"/company/users/{stranger.id}\"", f"/candidates/{world['hidden'].id}\""):
        assert secret not in text, secret
    assert f"#{hidden_case.id}" in text and f"#{stranger.id}" in text
    assert change(text, "Owner") == f"— → #{stranger.id}"


def test_a_deleted_object_stays_a_number(app, client, company, admin, world):
    add(app, company.id, admin.id, ("delete", "quota_allotment", 99_999_999,
                                    {"itc_reference": ["ITC/GONE/1", None]}))
    text = page(client)
    assert "#99999999" in text and 'href="/quotas/99999999"' not in text
    assert change(text, "ITC reference") == "ITC/GONE/1"  # deleted: the value it had


def test_the_log_reads_in_chinese(app, client, company, admin, world):
    case = world["case"]
    add(app, company.id, admin.id,
        ("update", "case", case.id, {"owner_id": [None, world["owner"].id],
                                     "quota_held": [False, True],
                                     "intended_start_date": ["2099-01-01", "2099-02-01"]}),
        ("document", "case", case.id, {"passport.status": ["missing", "not_applicable"]}),
        ("invitation_resent", "user", world["owner"].id, None))
    text = page(client, ZH)
    assert change(text, "佔用配額") == "否 → 是"
    assert change(text, "預計開始日期") == "01/01/2099 → 01/02/2099"
    assert change(text, "護照副本（個人資料頁）：狀態") == "欠缺 → 不適用"
    for chinese in ("負責人</span>", "不適用", "已更新", "個案", "已重新發送邀請"):
        assert chinese in text, chinese
    for english in ("Owner</span>", "Not applicable", "Holds a quota", ">Updated<",
                    "Invitation resent", "Missing"):
        assert english not in text, english


def test_names_cost_one_query_whatever_the_page_length(app, client, make, company, admin,
                                                       world):
    def statements() -> int:
        with count_queries(app) as seen:
            page(client)
        return len(seen)

    case = world["case"]
    entry = ("update", "case", case.id, {"owner_id": [admin.id, world["owner"].id],
                                         "candidate_id": [None, world["candidate"].id]})
    add(app, company.id, admin.id, entry)
    few = statements()
    for _ in range(3):  # other cases, candidates and users each time
        more = make.case(company)
        add(app, company.id, admin.id,
            ("update", "case", more.id, {"candidate_id": [None, more.candidate_id],
                                         "owner_id": [None, make.user(company).id]}),
            ("update", "candidate", more.candidate_id, {"married": [None, True]}))
    assert statements() == few


# --- The Notifications page -------------------------------------------------------------

@pytest.fixture
def reminders(app, company, admin):
    """A sent reminder of an allotment (with the mail server's message id) and a failed
    one of a case's limit of stay, after a scan."""
    from tests.reminders import builders as build
    from tracker.reminders import services

    allotment = build.allotment(app, company.id, date(2030, 6, 30), reference="ITC/TTAS/0777")
    case = build.case(app, company.id, build.candidate(app, company.id, name="Lee Siu Ming"),
                      limit_of_stay_until=date(2030, 6, 30))
    build.ledger_row(app, company.id, allotment, status="sent", subject="Quota expires",
                     recipients="hr@example.com", message_id="<id-123@mail.example>",
                     attempts=1)
    build.ledger_row(app, company.id, case, kind="stay_expiry", status="failed",
                     error="Attempt 4: ConnectionRefusedError: [Errno 111]", attempts=4)
    with app.app_context():
        services.scan(date(2030, 5, 31))
    return {"allotment": allotment, "case": case}


def test_notifications_name_and_link_what_they_are_about(client, reminders):
    text = client.get("/notifications", headers=EN).get_data(as_text=True)
    assert f'<a href="/quotas/{reminders["allotment"]}">ITC/TTAS/0777</a>' in text
    assert f'<a href="/cases/{reminders["case"]}">Lee Siu Ming</a>' in text
    assert "id-123@mail.example" not in text  # no SMTP Message-ID
    assert ">Could not be sent<" in text and ">Waiting to be sent<" in text
    assert "could not be sent</span>" in text and "What went wrong" in text
    words = re.sub(r"<[^>]+>", " ", text).lower()
    for storage_word in ("claimed", "ledger", "skipped"):
        assert storage_word not in words, storage_word
    assert "Last check for reminders:" in text


def test_notifications_read_in_chinese(client, reminders):
    text = client.get("/notifications", headers=ZH).get_data(as_text=True)
    for chinese in ("提醒事項、發送時間及收件人", "上次檢查提醒：", "發現到期時間", "未能發送",
                    "等候發送", "出錯原因", "毋須發送"):
        assert chinese in text, chinese
    words = re.sub(r"<[^>]+>", " ", text)
    for english in ("Claimed", "claimed", "ledger", "Found due", "What went wrong",
                    "认领", "認領", "記錄簿", "略過"):
        assert english not in words, english
    assert "id-123@mail.example" not in text


def test_a_continuing_case_is_named_with_its_kind(app, client, company, admin, world):
    """A person's cases of one scheme differ by their kind: the extension says so."""
    from tracker.cases.models import Case

    with app.app_context():
        parent = db.session.get(Case, world["case"].id)
        extension = Case(company_id=company.id, candidate_id=parent.candidate_id,
                         scheme=parent.scheme, kind="extension", parent_case_id=parent.id,
                         job_title=parent.job_title, stage="draft")
        db.session.add(extension)
        db.session.commit()
        extension_id = extension.id
    add(app, company.id, admin.id,
        ("update", "case", world["case"].id, {"superseded_by_id": [None, extension_id]}))
    assert change(page(client), "Replaced by case") == \
        "— → Chan Tai Man 陳大文 (TechTAS, Extension of stay)"
    assert change(page(client, ZH), "由個案取代") == "— → Chan Tai Man 陳大文 (TechTAS, 延期逗留)"
