"""Reminders to candidates of what HR asked through the portal (issue 19): the same ledger,
exactly once per offset at the company's rhythm, one e-mail per candidate listing
everything outstanding, in the candidate's language; nothing for a candidate who has done
everything or whose access was revoked.

`flask send-reminders --today …` and a real Celery worker send over SMTP to aiosmtpd on
127.0.0.1; only "today" is simulated.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.factories import CaseRecord
from tests.reminder_fixtures import wait_for
from tests.reminders import builders as build
from tests.security.world import client_as
from tracker.candidates.models import Candidate
from tracker.cases.dependants import start_application
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.portal.models import PortalAccount, PortalRequest
from tracker.reminders import delivery, services

DUE = date(2031, 3, 20)
BASE = "http://127.0.0.1:5000"


def portal_account(app, company, candidate, *, email: str, language: str = "en",
                   active: bool = True) -> int:
    """The candidate's portal account, as an accepted invitation leaves it."""
    with app.app_context():
        account = PortalAccount(company_id=company.id, candidate_id=candidate.id,
                                email=email, language=language)
        db.session.add(account)
        db.session.commit()
        if not active:
            revoke(app, account.id)
        return account.id


def revoke(app, account_id: int) -> None:
    with app.app_context():
        account = db.session.get_one(PortalAccount, account_id)
        account.active, account.revoked_at = False, sa.func.now()
        db.session.commit()


def ask(app, case, account_id: int, hr, due_on: date | None = DUE, *, section: str = "",
        document: str = "", status: str = "requested") -> int:
    """A request HR made on *case*: a questionnaire section or a checklist document."""
    with app.app_context():
        request = PortalRequest(
            company_id=case.company_id, case_id=case.id, account_id=account_id,
            kind="document" if document else "section", section=section or None,
            document_code=document or None, due_on=due_on, status=status,
            requested_by_id=hr.id)
        db.session.add(request)
        db.session.commit()
        return request.id


def set_status(app, request_id: int, status: str) -> None:
    with app.app_context():
        db.session.get_one(PortalRequest, request_id).status = status
        db.session.commit()


def set_rhythm(app, company, offsets: str, overdue: int) -> None:
    with app.app_context():
        found = db.session.get_one(Company, company.id)
        found.portal_reminder_offsets, found.portal_overdue_days = offsets, overdue
        db.session.commit()


def send_reminders(runner, day: date) -> str:
    result = runner.invoke(args=["send-reminders", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def portal_rows(app) -> list[tuple[int, str, str]]:
    """(offset, status, reason) of the candidates' reminders, in the order claimed."""
    return [(r["offset_days"], r["status"], r["reason"])
            for r in build.ledger(app, kind="portal_due")]


def dependant_case(app, company, principal, name: str) -> CaseRecord:
    """The principal's child with their own application, sponsored by the principal's case."""
    with app.app_context():
        child = Candidate(company_id=company.id, principal_id=principal.id, relation="child",
                          full_name=name, nationality="Canadian", date_of_birth=date(2015, 2, 2),
                          passport_number="DEP00001", passport_expiry=date(2035, 1, 1))
        db.session.add(child)
        db.session.commit()
        case = start_application(child.id, company.id, date(2025, 5, 1))
        return CaseRecord(case.id, company.id, case.scheme, child.id)


def candidate_with_case(make, company, name: str):
    person = make.candidate(company, full_name=name)
    return person, make.case(company, person)


def test_each_offset_once_across_repeated_scans(app, runner, smtp_mail, make):
    """7, 3 and 1 days before, and 3 days after the date was missed (the defaults): one
    e-mail each, however many scans run each day; a batch with one date is one series."""
    company = make.company("Acme Robotics Limited")
    hr = make.user(company, role="staff", password=None)
    person, case = candidate_with_case(make, company, "Chan Tai Man")
    account = portal_account(app, company, person, email="tm.chan@mail.example")
    ask(app, case, account, hr, section="personal")
    ask(app, case, account, hr, document="passport")
    sent_on = []
    for n in range(-12, 8):
        day = DUE + timedelta(days=n)
        smtp_mail.clear()
        for _ in range(2):  # the daily scan and a manual run the same day
            send_reminders(runner, day)
        if smtp_mail.received:
            (mail,) = smtp_mail.received
            assert mail.recipients == ["tm.chan@mail.example"]
            sent_on.append(n)
    assert sent_on == [-7, -3, -1, 3]
    assert portal_rows(app) == [(7, "sent", ""), (3, "sent", ""), (1, "sent", ""),
                                (-3, "sent", "")]


def test_the_email_lists_everything_outstanding(app, runner, smtp_mail, make):
    company = make.company("Acme Robotics Limited")
    hr = make.user(company, role="staff", password=None)
    person, case = candidate_with_case(make, company, "Chan Tai Man")
    child_case = dependant_case(app, company, person, "Chan Siu Ming")
    account = portal_account(app, company, person, email="tm.chan@mail.example")
    ask(app, case, account, hr, section="personal")
    ask(app, case, account, hr, DUE + timedelta(days=10), section="work")
    ask(app, child_case, account, hr, None, document="passport", status="returned")
    ask(app, case, account, hr, section="education", status="submitted")
    send_reminders(runner, DUE - timedelta(days=7))
    (mail,) = smtp_mail.received
    assert mail.subject == "Acme Robotics Limited is waiting for 3 items from you"
    text, html = mail.part("plain"), mail.part("html")
    for part in (text, html):
        assert "Hello Chan Tai Man," in part
        assert "Personal details" in part and "by 20/03/2031" in part
        assert "Work history" in part and "by 30/03/2031" in part
        assert "Dependant&#39;s passport copy" in part or "Dependant's passport copy" in part
        assert "For Chan Siu Ming" in part and "Returned" in part
        assert "Education" not in part  # sent already: nothing to do
        assert f"{BASE}/portal/" in part


def test_a_candidate_who_has_done_everything_gets_nothing(app, runner, smtp_mail, make):
    company = make.company()
    hr = make.user(company, role="staff", password=None)
    person, case = candidate_with_case(make, company, "Lee Ka Yan")
    account = portal_account(app, company, person, email="ky.lee@mail.example")
    done = ask(app, case, account, hr, section="personal", status="submitted")
    ask(app, case, account, hr, section="work", status="accepted")
    send_reminders(runner, DUE - timedelta(days=3))
    assert smtp_mail.received == [] and portal_rows(app) == []

    # Returned to the candidate: outstanding again. Sent meanwhile: the claimed row is
    # skipped when its turn comes, and nothing goes out.
    set_status(app, done, "returned")
    day = DUE - timedelta(days=1)
    with app.app_context():
        (claimed,) = services.scan(day).to_send
    set_status(app, done, "submitted")
    with app.app_context():
        assert delivery.deliver(claimed, day) == "skipped"
    assert sorted(portal_rows(app)) == [(1, "skipped", "not_due"), (3, "skipped", "superseded"),
                                        (7, "skipped", "superseded")]
    assert smtp_mail.received == []


def test_nothing_for_a_revoked_account(app, runner, smtp_mail, make):
    company = make.company()
    hr = make.user(company, role="staff", password=None)
    person, case = candidate_with_case(make, company, "Wong Mei Ling")
    gone = portal_account(app, company, person, email="ml.wong@mail.example", active=False)
    ask(app, case, gone, hr, section="personal")
    send_reminders(runner, DUE - timedelta(days=7))
    assert smtp_mail.received == [] and portal_rows(app) == []

    other, other_case = candidate_with_case(make, company, "Ho Wing Sze")
    account = portal_account(app, company, other, email="ws.ho@mail.example")
    ask(app, other_case, account, hr, section="personal")
    day = DUE - timedelta(days=3)
    with app.app_context():
        (claimed,) = services.scan(day).to_send
    revoke(app, account)  # between the claim and the sending
    with app.app_context():
        assert delivery.deliver(claimed, day) == "skipped"
    assert portal_rows(app) == [(3, "skipped", "portal_revoked"), (7, "skipped", "superseded")]
    assert smtp_mail.received == []


def test_two_dates_due_the_same_day_are_one_email(app, runner, smtp_mail, make):
    company = make.company()
    hr = make.user(company, role="staff", password=None)
    person, case = candidate_with_case(make, company, "Chan Tai Man")
    account = portal_account(app, company, person, email="tm.chan@mail.example")
    ask(app, case, account, hr, DUE, section="personal")
    ask(app, case, account, hr, DUE + timedelta(days=4), section="work")  # 7 days: same day
    send_reminders(runner, DUE - timedelta(days=3))
    (mail,) = smtp_mail.received
    assert "Personal details" in mail.part("plain") and "Work history" in mail.part("plain")
    rows = build.ledger(app, kind="portal_due")
    assert [(r["due_on"], r["offset_days"], r["status"], r["reason"]) for r in rows] == [
        (DUE, 3, "sent", ""), (DUE, 7, "skipped", "superseded"),
        (DUE + timedelta(days=4), 7, "skipped", "combined")]
    smtp_mail.clear()  # the work history's own next offset still comes
    send_reminders(runner, DUE + timedelta(days=1))
    assert len(smtp_mail.received) == 1


def test_the_company_sets_the_rhythm(app, runner, smtp_mail, make):
    company = make.company()
    hr = make.user(company, role="staff", password=None)
    set_rhythm(app, company, "10, 2", 0)  # no reminder once overdue
    person, case = candidate_with_case(make, company, "Chan Tai Man")
    account = portal_account(app, company, person, email="tm.chan@mail.example")
    ask(app, case, account, hr, section="personal")
    other = make.company()  # the default rhythm elsewhere does not leak in
    other_hr = make.user(other, role="staff", password=None)
    other_person, other_case = candidate_with_case(make, other, "Lam Ka Ho")
    other_account = portal_account(app, other, other_person, email="kh.lam@mail.example")
    ask(app, other_case, other_account, other_hr, section="personal")
    days = {}
    for n in range(-12, 8):
        smtp_mail.clear()
        send_reminders(runner, DUE + timedelta(days=n))
        for mail in smtp_mail.received:
            days.setdefault(mail.recipients[0], []).append(n)
    assert days == {"tm.chan@mail.example": [-10, -2],
                    "kh.lam@mail.example": [-7, -3, -1, 3]}


def test_hr_sees_the_rows_in_plain_words_and_not_in_the_digest(app, runner, smtp_mail, make):
    company = make.company()
    admin = make.user(company, role="admin", password=None)
    build.set_user(app, admin.id, daily_digest=True)
    person, case = candidate_with_case(make, company, "Chan Tai Man")
    account = portal_account(app, company, person, email="tm.chan@mail.example")
    ask(app, case, account, admin, section="personal")
    send_reminders(runner, DUE + timedelta(days=3))
    assert [mail.recipients for mail in smtp_mail.received] == [["tm.chan@mail.example"]]
    page = client_as(app, admin).get("/notifications").get_data(as_text=True)
    assert "Candidate&#39;s outstanding requests:" in page
    assert f'<a href="/candidates/{person.id}">Chan Tai Man</a>' in page
    assert "3 days late" in page
    assert "tm.chan@mail.example" in page


def test_the_worker_sends_each_candidate_one_email_in_their_language(
        app, make, smtp_sink, start_worker):
    company = make.company("Acme Robotics Limited")
    hr = make.user(company, role="staff", password=None)
    accounts = {}
    for name, language in (("Chan Tai Man", "en"), ("Wong Mei Ling", "zh_Hant"),
                           ("Done Already", "en"), ("Access Revoked", "en")):
        person, case = candidate_with_case(make, company, name)
        email = name.lower().replace(" ", ".") + "@mail.example"
        accounts[name] = portal_account(app, company, person, email=email, language=language,
                                        active=name != "Access Revoked")
        ask(app, case, accounts[name], hr, section="personal",
            status="submitted" if name == "Done Already" else "requested")
        ask(app, case, accounts[name], hr, document="passport")
    with app.app_context():  # the finished candidate has sent everything
        db.session.execute(sa.update(PortalRequest).where(
            PortalRequest.account_id == accounts["Done Already"]).values(status="submitted"))
        db.session.commit()
    start_worker(smtp_sink.port)
    day = (DUE - timedelta(days=7)).isoformat()
    for _ in range(2):  # beat's scan twice the same day: nothing twice
        with app.app_context():
            app.extensions["celery"].send_task("reminders.scan", args=(day,),
                                               ignore_result=True)
    wait_for(lambda: len(smtp_sink.received) >= 2, 60, message="the candidates' e-mails")
    wait_for(lambda: all(r["status"] != "pending" for r in build.ledger(app)), 30,
             message="every row handled")
    by_address = {r.recipients[0]: r for r in smtp_sink.received}
    assert sorted(by_address) == ["chan.tai.man@mail.example", "wong.mei.ling@mail.example"]
    assert len(smtp_sink.received) == 2
    english = by_address["chan.tai.man@mail.example"]
    assert english.subject == "Acme Robotics Limited is waiting for 2 items from you"
    assert "is still waiting for the following from you" in english.part("plain")
    chinese = by_address["wong.mei.ling@mail.example"]
    assert chinese.subject == "Acme Robotics Limited正等待你提交 2 項資料"
    text = chinese.part("plain")
    assert "Acme Robotics Limited仍在等待你提交以下資料：" in text
    assert "請登入候選人專區提交：" in text and "限期 20/03/2031" in text
    assert "waiting" not in text
    assert chinese.message["Content-Language"] == "zh-Hant-HK"


def test_admins_set_the_rhythm_on_the_settings_page(app, make):
    company = make.company()
    admin = make.user(company, role="admin", password=None)
    client = client_as(app, admin)
    form = {"name": company.name, "contact_email": "hr@acme.example",
            "quota_reminder_offsets": "90, 30"}
    page = client.get("/company/settings").get_data(as_text=True)
    assert 'value="7,3,1"' in page and 'name="portal_overdue_days"' in page
    response = client.post("/company/settings", data={
        **form, "portal_reminder_offsets": "soon, 3", "portal_overdue_days": "99"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Reminder days must be whole numbers separated by commas." in page
    assert "Number must be between 0 and 30." in page  # both errors at once
    with app.app_context():
        found = db.session.get_one(Company, company.id)
        assert (found.portal_reminder_offsets, found.portal_overdue_days) == ("7,3,1", 3)
    response = client.post("/company/settings", data={
        **form, "portal_reminder_offsets": "2, 14, 2", "portal_overdue_days": "0"})
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get_one(Company, company.id)
        assert (found.portal_reminder_offsets, found.portal_overdue_days) == ("14,2", 0)
    log = client.get("/audit").get_data(as_text=True)
    assert "14,2" in log
