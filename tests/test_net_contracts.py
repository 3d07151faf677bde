"""NET contracts on a case: dates (suggested end), renewal, gratuity, the page and its
form, and the contract-end reminders through the ledger and `flask send-reminders`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.case_helpers import audit_entries, case_row, walk
from tests.reminders import builders as build
from tracker.cases.contract import contract_months
from tracker.rules import net
from tracker.rules.net import ReminderOffset

pytestmark = pytest.mark.usefixtures("pinned_today")

EMAIL = "hr@school.example"


@pytest.fixture
def company(make):
    return make.company("St Paul's Primary School")


@pytest.fixture
def staff(make, company, login):
    user = make.user(company, role="staff", email=EMAIL)
    login(user)
    return user


@pytest.fixture
def net_case(make, company):
    candidate = make.candidate(company, full_name="Emma Brown", native_english=True)
    return make.case(company, candidate=candidate, scheme="NET", job_title="NET teacher",
                     monthly_salary=40_000)


def post_contract(client, case, **values):
    data = {"contract_start": "2025-08-01", "contract_end": "", "renewal_decision": "pending",
            "gratuity_rate_percent": ""} | values
    return client.post(f"/cases/{case.id}/contract", data=data)


def test_the_end_is_suggested_from_the_start(app, client, staff, net_case):
    page = client.get(f"/cases/{net_case.id}").get_data(as_text=True)
    assert 'aria-label="NET contract"' in page and "not recorded yet" in page
    assert post_contract(client, net_case).status_code == 302
    row = case_row(app, net_case.id)
    assert (row.contract_start, row.contract_end, row.renewal_decision) == (
        date(2025, 8, 1), date(2027, 7, 31), "pending")
    page = client.get(f"/cases/{net_case.id}").get_data(as_text=True)
    assert "01/08/2025 to 31/07/2027" in page
    assert "Gratuity due</dt>\n        <dd class=\"col-sm-7\">31/07/2027" in page
    assert "31/01/2027 – 6 months before the NET contract ends" in page
    assert "30/04/2027 – 3 months before the NET contract ends" in page
    [entry] = audit_entries(app, "case", net_case.id, "update")
    assert entry.changes["contract_end"] == [None, "2027-07-31"]


def test_the_school_edits_the_end_and_enters_the_gratuity_rate(app, client, staff, net_case):
    assert post_contract(client, net_case, contract_end="2027-08-15",
                         gratuity_rate_percent="15").status_code == 302
    row = case_row(app, net_case.id)
    assert (row.contract_end, row.gratuity_rate_percent) == (date(2027, 8, 15), Decimal("15"))
    page = client.get(f"/cases/{net_case.id}").get_data(as_text=True)
    # 40,000 a month × 24 whole months × 15%
    assert "HK$144,000.00 (15.00% of HK$40,000" in page


@pytest.mark.parametrize("values,message", [
    ({"contract_end": "2025-07-31"}, "The contract cannot end before it starts (01/08/2025)."),
    ({"contract_start": ""}, "This field is required."),
    ({"gratuity_rate_percent": "150"}, "Number must be between 0 and 100."),
    ({"renewal_decision": "maybe"}, "Not a valid choice"),
    ({"gratuity_rate_percent": "sNaN"}, "Enter a number."),
    ({"gratuity_rate_percent": "Infinity"}, "Enter a number."),
    ({"contract_start": "0001-01-01"}, "Enter a date between 01/01/1998 and 31/12/2100."),
    ({"contract_end": "9999-12-31"}, "Enter a date between 01/01/1998 and 31/12/2100."),
])
def test_bad_contract_input_changes_nothing(app, client, staff, net_case, values, message):
    response = post_contract(client, net_case, **values)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    row = case_row(app, net_case.id)
    assert (row.contract_start, row.contract_end) == (None, None)


def test_renewal_starts_the_next_two_year_contract(app, client, staff, net_case):
    post_contract(client, net_case, renewal_decision="renewed", gratuity_rate_percent="15")
    page = client.get(f"/cases/{net_case.id}").get_data(as_text=True)
    assert "the next contract runs 01/08/2027 to 31/07/2029" in page
    response = client.post(f"/cases/{net_case.id}/contract/renew")
    assert response.status_code == 302
    row = case_row(app, net_case.id)
    assert (row.contract_start, row.contract_end, row.renewal_decision,
            row.gratuity_rate_percent) == (date(2027, 8, 1), date(2029, 7, 31), "pending",
                                           Decimal("15"))
    # Not renewed: no next contract to start.
    post_contract(client, net_case, renewal_decision="not_renewed")
    client.post(f"/cases/{net_case.id}/contract/renew")
    assert case_row(app, net_case.id).contract_start == date(2025, 8, 1)


def test_only_net_cases_have_a_contract(app, client, make, company, staff):
    gep = make.case(company)
    assert 'aria-label="NET contract"' not in client.get(f"/cases/{gep.id}").get_data(
        as_text=True)
    response = post_contract(client, gep)
    assert response.status_code == 302
    assert "has no teaching contract" in client.get(response.location).get_data(as_text=True)
    assert case_row(app, gep.id).contract_start is None


def test_viewers_read_and_other_companies_see_nothing(app, client, make, company, net_case,
                                                     login):
    login(make.user(company, role="viewer"))
    page = client.get(f"/cases/{net_case.id}").get_data(as_text=True)
    assert 'aria-label="NET contract"' in page and "Save contract" not in page
    assert post_contract(client, net_case).status_code == 403
    outsider = login(make.user(make.company(), role="admin"), the_client=app.test_client())
    assert post_contract(outsider, net_case).status_code == 404
    assert outsider.post(f"/cases/{net_case.id}/contract/renew").status_code == 404
    assert case_row(app, net_case.id).contract_start is None


@pytest.mark.parametrize("months", [6, 3, 1])
def test_the_scan_threshold_is_the_inverse_of_the_reminder_dates(months):
    """end ≤ reminder_threshold(day) exactly when the reminder for end is due on day."""
    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(0, 800)]
    for day in days[:430]:
        threshold = net.reminder_threshold(day, months)
        for end in (threshold, threshold + timedelta(days=1)):
            offset = ReminderOffset(months, "")
            due_on = net.reminder_dates(end, (offset,))[0][0]
            assert (due_on <= day) == (end <= threshold), (day, end)


def test_contract_months():
    assert contract_months(date(2024, 8, 1), date(2026, 7, 31)) == 24
    assert contract_months(date(2024, 8, 1), date(2026, 8, 14)) == 24
    assert contract_months(date(2024, 2, 29), date(2026, 2, 28)) == 24


# --- reminders -----------------------------------------------------------------------------

def send(runner, day: str):
    result = runner.invoke(args=["send-reminders", "--today", day])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_contract_end_reminders_at_6_and_3_months(app, runner, smtp_mail, client, make,
                                                  company, staff, net_case):
    post_contract(client, net_case, gratuity_rate_percent="15")  # ends 31/07/2027
    walk(app, net_case, "preparing", "submitted", "approved", "visa_issued", "arrived",
         "active")
    assert "      0     0       0        0" in send(runner, "2027-01-30")  # the day before
    out = send(runner, "2027-01-31")
    assert "      1     1       0        0" in out
    [mail] = [m for m in smtp_mail.received if "NET contract" in m.subject]
    assert mail.subject == "NET contract of Emma Brown ends in 181 days (31/07/2027)"
    assert mail.recipients == [EMAIL]
    for part in (mail.part("plain"), mail.part("html")):
        assert "St Paul" in part and "01/08/2025 to 31/07/2027" in part
        assert "Pending" in part and "HK$144,000.00" in part
        assert f"/cases/{net_case.id}" in part and "Record the renewal decision" in part
    assert "      0     0       0        0" in send(runner, "2027-01-31")  # once only
    smtp_mail.clear()
    assert "      1     1       0        0" in send(runner, "2027-04-30")
    assert [m.subject for m in smtp_mail.received] == [
        "NET contract of Emma Brown ends in 92 days (31/07/2027)"]
    rows = build.ledger(app, kind="net_contract_end")
    assert [(r["offset_days"], r["status"], r["due_on"]) for r in rows] == [
        (180, "sent", date(2027, 7, 31)), (90, "sent", date(2027, 7, 31))]


def test_late_scan_sends_only_the_most_urgent_and_closed_cases_get_nothing(
        app, runner, smtp_mail, client, make, company, staff, net_case):
    post_contract(client, net_case)  # ends 31/07/2027
    closed = make.case(company, scheme="NET", job_title="NET teacher")
    post_contract(client, closed)
    walk(app, closed, "withdrawn")
    out = send(runner, "2027-05-15")  # both offsets due; the scheduler was down
    assert "      1     1       0        1" in out
    rows = build.ledger(app, kind="net_contract_end")
    assert [(r["object_id"], r["offset_days"], r["status"], r["reason"]) for r in rows] == [
        (net_case.id, 90, "sent", ""), (net_case.id, 180, "skipped", "superseded")]
    # A changed end date starts a new series.
    post_contract(client, net_case, contract_end="2027-08-31")
    assert "      1     1       0        1" in send(runner, "2027-06-01")


def test_the_dry_run_lists_the_new_kind(app, runner, client, staff, net_case):
    post_contract(client, net_case)
    result = runner.invoke(args=["send-reminders", "--today", "2027-02-01", "--dry-run"])
    assert re.search(rf"net_contract_end\s+{net_case.id} 31/07/2027\s+180  send", result.stdout)
