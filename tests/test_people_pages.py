"""The Workforce page, the person's status section, the dashboard counts and the form
recording an employee already on a visa, over HTTP, in English and in Chinese."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.case_helpers import TODAY, audit_entries, pin_today
from tests.queries import count_queries
from tests.test_people_status import add_case
from tracker.cases.models import Case, CaseStageEvent
from tracker.extensions import db
from tracker.reminders.services import scan

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"}
VALID = {"scheme": "QMAS", "visa_number": "EV-2024-001", "visa_issued_on": "2024-03-01",
         "limit_of_stay_until": "2027-02-28", "arrived_on": "2024-03-10", "owner_id": ""}


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def cases_of(app, candidate_id: int) -> list[Case]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Case).where(Case.candidate_id == candidate_id)))
        db.session.expunge_all()
        return rows


# --- The Workforce page and the dashboard ---------------------------------------------------

def test_the_workforce_page_lists_filters_and_links(app, client, make, company, staff):
    soon = make.candidate(company, full_name="Soon Ng")
    later = make.candidate(company, full_name="Later Wong")
    soon_case = add_case(app, soon, days(20))
    add_case(app, later, days(400))
    page = client.get("/workforce").get_data(as_text=True)
    assert page.index("Soon Ng") < page.index("Later Wong")
    assert f'href="/candidates/{soon.id}"' in page and f'href="/cases/{soon_case}"' in page
    assert "20 days left" in page and 'data-urgency="30"' in page
    # The extension window (3 months before the limit) is open for Soon Ng only.
    assert page.count("Start the extension") == 1
    filtered = client.get("/workforce?days=30").get_data(as_text=True)
    assert "Soon Ng" in filtered and "Later Wong" not in filtered
    assert "Nobody matches." in client.get("/workforce?days=expired").get_data(as_text=True)


def test_the_workforce_page_ignores_unusable_filters(client, staff):
    assert client.get("/workforce?days=abc&owner=x&scheme=ZZZ&page=-4").status_code == 200


def test_another_companys_people_never_show(app, client, make, company, staff):
    other = make.company()
    stranger = make.candidate(other, full_name="Stranger Yip")
    add_case(app, stranger, days(10))
    assert "Stranger Yip" not in client.get("/workforce").get_data(as_text=True)
    assert client.get(f"/people/{stranger.id}/record-status").status_code == 404
    assert client.post(f"/people/{stranger.id}/record-status", data=VALID).status_code == 404
    assert cases_of(app, stranger.id)[0].kind == "entry"  # nothing recorded


# --- The person's page ----------------------------------------------------------------------

def test_the_person_page_shows_the_status_and_chain(app, client, make, company, staff):
    person = make.candidate(company)
    entry = add_case(app, person, days(20), arrived_on=date(2023, 1, 2),
                     submitted_on=date(2022, 11, 1), approved_on=date(2022, 12, 1),
                     visa_issued_on=date(2022, 12, 5))
    page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    section = page.split('id="status-section"', 1)[1]
    assert "GEP – General Employment Policy – Professionals" in section
    assert "20 days left" in section and "Employment with the sponsoring employer only" in section
    assert "Open now: file by 22/06/2025" in section
    assert "2 of 7 years since 02/01/2023" in section
    assert f'href="/cases/{entry}">Entry application' in section
    assert f'action="/cases/{entry}/extension"' in section
    assert "Government fees paid over these steps: HK$230" in section
    assert "Record an employee already on a visa" not in section  # a status is in force


# --- Recording a status as the visa shows it ------------------------------------------------

def test_staff_record_an_employee_already_on_a_visa(app, client, make, company, staff):
    person = make.candidate(company, full_name="Ivy Lam")
    form_page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert "Record an employee already on a visa" in form_page
    response = client.post(f"/people/{person.id}/record-status", data=VALID)
    assert response.status_code == 302 and response.location.endswith(f"/candidates/{person.id}")
    [case] = cases_of(app, person.id)
    assert (case.kind, case.stage, case.scheme, case.visa_number, case.limit_of_stay_until,
            case.arrived_on, case.hkid_due_on) == (
        "record", "active", "QMAS", "EV-2024-001", date(2027, 2, 28), date(2024, 3, 10), None)
    [entry] = audit_entries(app, "case", case.id, action="create")
    assert entry.user_id == staff.id and entry.changes["kind"] == [None, "record"]
    with app.app_context():
        assert db.session.scalar(sa.select(CaseStageEvent.to_stage).where(
            CaseStageEvent.case_id == case.id)) == "active"
    page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert "Status of Ivy Lam recorded: QMAS until 28/02/2027." in page
    assert "Free to take up or change employment" in page
    assert "Ivy Lam" in client.get("/workforce").get_data(as_text=True)


def test_the_recorded_case_page_reads_in_chinese(app, client, make, company, staff):
    person = make.candidate(company)
    client.post(f"/people/{person.id}/record-status", data=VALID)
    [case] = cases_of(app, person.id)
    page = client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True)
    assert "按簽證所載記錄的身份" in page
    assert "Status recorded as the visa shows it" not in page


def test_bad_dates_are_refused_all_at_once_and_nothing_is_written(app, client, make, company,
                                                                   staff):
    person = make.candidate(company)
    bad = VALID | {"visa_issued_on": "2025-07-01",  # after today
                   "arrived_on": "2024-01-01",  # before the visa
                   "limit_of_stay_until": "2025-06-30",  # on or before the visa date
                   "visa_number": ""}
    response = client.post(f"/people/{person.id}/record-status", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Visa issue date 01/07/2025 is in the future (today is 02/06/2025)." in page
    assert "Limit of stay 30/06/2025 is not after the visa issue date 01/07/2025." in page
    assert "Arrival date 01/01/2024 is before the visa issue date 01/07/2025." in page
    assert "Enter the visa number." in page
    assert cases_of(app, person.id) == []


def test_a_field_refused_on_its_own_still_shows_the_others(app, client, make, company, staff):
    person = make.candidate(company)
    response = client.post(f"/people/{person.id}/record-status",
                           data=VALID | {"visa_issued_on": "not a date", "scheme": "GEP"})
    page = response.get_data(as_text=True)
    assert "Not a valid date value." in page and "Choose a visa from the list." in page
    assert cases_of(app, person.id) == []


def test_refusals_for_the_person(app, client, make, company, staff):
    person = make.candidate(company)
    add_case(app, person, days(100))
    page = client.post(f"/people/{person.id}/record-status",
                       data=VALID | {"scheme": "DEP"}).get_data(as_text=True)
    assert "already has a status in force, until" in page
    assert len(cases_of(app, person.id)) == 1
    free = make.candidate(company)
    page = client.post(f"/people/{free.id}/record-status",
                       data=VALID | {"scheme": "DEP"}).get_data(as_text=True)
    assert "A dependant visa belongs to a dependant" in page
    expired = client.post(f"/people/{free.id}/record-status",
                          data=VALID | {"limit_of_stay_until": "2025-05-01"})
    assert "that visa is no longer in force" in expired.get_data(as_text=True)
    assert cases_of(app, free.id) == []


def test_viewers_read_but_do_not_record(app, client, make, company, login):
    person = make.candidate(company)
    login(make.user(company, role="viewer"))
    assert client.get("/workforce").status_code == 200
    page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert "No permission to stay in force is recorded" in page
    assert "record-status-form" not in page
    assert client.post(f"/people/{person.id}/record-status", data=VALID).status_code == 403
    assert cases_of(app, person.id) == []


# --- In Chinese -----------------------------------------------------------------------------

def test_the_workforce_reads_in_chinese(app, client, make, company, staff):
    add_case(app, make.candidate(company, full_name="Soon Ng"), days(20))
    page = client.get("/workforce", headers=ZH).get_data(as_text=True)
    for chinese in ("外籍僱員", "尚餘 20 日", "逗留期限", "開始申請延期逗留", "負責人"):
        assert chinese in page, chinese
    for english in ("Workforce", "days left", "Limit of stay", "Start the extension", "Owner"):
        assert english not in page, english


def test_the_status_section_and_record_form_read_in_chinese(app, client, make, company, staff):
    person = make.candidate(company)
    page = client.get(f"/candidates/{person.id}", headers=ZH).get_data(as_text=True)
    assert "入境身份" in page and "記錄已持簽證的僱員" in page
    assert "Immigration status" not in page and "Record an employee" not in page
    refused = client.post(f"/people/{person.id}/record-status", headers=ZH,
                          data=VALID | {"visa_number": "", "scheme": "GEP"})
    text = refused.get_data(as_text=True)
    assert "請輸入簽證號碼。" in text and "請從清單中選擇簽證。" in text
    assert "Enter the visa number." not in text
    client.post(f"/people/{person.id}/record-status", data=VALID, headers=ZH)
    shown = client.get(f"/candidates/{person.id}", headers=ZH).get_data(as_text=True)
    for chinese in ("優秀人才入境計劃", "可否自由轉換僱主", "可自由受僱或轉換工作", "已記錄"):
        assert chinese in shown, chinese
    for english in ("Quality Migrant Admission Scheme", "Free to take up", "recorded:"):
        assert english not in shown, english


# --- A constant number of SQL statements ----------------------------------------------------

@pytest.mark.parametrize("url", ["/workforce", "/workforce?days=90&scheme=GEP", "/person"])
def test_statement_count_does_not_grow_with_people(app, make, login, url):
    counts = []
    for n in (3, 30):
        company = make.company()
        owner = make.user(company, role="staff")
        person = make.candidate(company)
        previous = add_case(app, person, days(-400), stage="closed")
        for number in range(n):  # a long chain for the person, and n other people
            previous = add_case(app, person, days(number), stage="approved", kind="extension",
                                parent=previous, submitted_on=date(2025, 1, 2), owner=owner.id)
            add_case(app, make.candidate(company), days(number), owner=owner.id)
        browser = login(owner, the_client=app.test_client())
        target = f"/candidates/{person.id}" if url == "/person" else url
        with count_queries(app) as statements:
            assert browser.get(target).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_recorded_status_joins_the_limit_of_stay_reminders(app, client, make, company, staff):
    person = make.candidate(company)
    limit = TODAY + timedelta(days=20)  # inside the 4-week window of 2025
    client.post(f"/people/{person.id}/record-status",
                data=VALID | {"scheme": "IANG", "limit_of_stay_until": f"{limit}",
                              "owner_id": str(staff.id)})
    [case] = cases_of(app, person.id)
    with app.app_context():
        claims = scan(TODAY, dry_run=True).claims
    mine = {(c.kind, c.due_on) for c in claims if c.object_id == case.id}
    assert mine == {("stay_expiry", limit)}  # each reminder offset due by now, one date


# --- The dashboard --------------------------------------------------------------------------

def test_the_dashboard_counts_link_to_the_filtered_list(app, client, make, company, staff):
    for n, limit in enumerate((-1, 5, 50, 85, 200)):
        add_case(app, make.candidate(company, full_name=f"Person {n}"), days(limit))
    page = client.get("/").get_data(as_text=True)
    for filter_days, number in (("30", 1), ("60", 2), ("90", 3), ("expired", 1)):
        link = f'href="/workforce?days={filter_days}"'
        assert link in page
        after = page.split(link, 1)[1].split("</a>", 1)[0]
        assert f'<span class="badge text-bg-light">{number}</span>' in after


def test_the_dashboard_counts_follow_the_pinned_today(app, client, make, company, staff,
                                                      monkeypatch):
    add_case(app, make.candidate(company), days(45))
    within_30 = 'Within 30 days <span class="badge text-bg-light">{}<'
    counts = client.get("/").get_data(as_text=True).split('id="workforce-expiring"', 1)[1]
    assert within_30.format(0) in counts
    pin_today(app, monkeypatch, TODAY + timedelta(days=20))  # 25 days left then
    later = client.get("/").get_data(as_text=True).split('id="workforce-expiring"', 1)[1]
    assert within_30.format(1) in later


def test_the_dashboard_counts_read_in_chinese(app, client, make, company, staff):
    add_case(app, make.candidate(company), days(10))
    dashboard = client.get("/", headers=ZH).get_data(as_text=True)
    for chinese in ("即將屆滿的逗留許可", "30 日內", "已屆滿"):
        assert chinese in dashboard, chinese
    for english in ("Permissions to stay ending", "Within 30 days", "Already ended"):
        assert english not in dashboard, english
