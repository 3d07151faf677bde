"""Stage dates checked when a move records them: refused with the date and the reason, and
nothing changes (no stage, no event, no audit entry, no quota)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.case_helpers import FACTS, TODAY, audit_entries, case_row, move, used, walk
from tracker.cases.models import CaseStageEvent
from tracker.cases.moves import MoveRefused
from tracker.extensions import db

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("pinned_today")]
DAY = timedelta(days=1)


def events(app, case_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(CaseStageEvent.id)).where(
            CaseStageEvent.case_id == case_id))


def refused_and_unchanged(app, case, to: str, match: str, **facts) -> None:
    """The move is refused naming *match*; the case, its timeline and audit stay as they were."""
    before, count = case_row(app, case.id), events(app, case.id)
    audits = len(audit_entries(app, "case", case.id))
    with pytest.raises(MoveRefused, match=match):
        move(app, case, to, **facts)
    after = case_row(app, case.id)
    assert (after.stage, after.updated_at, after.quota_held) == (
        before.stage, before.updated_at, before.quota_held)
    assert events(app, case.id) == count
    assert len(audit_entries(app, "case", case.id)) == audits


def test_a_submission_six_months_ahead_is_refused_and_uses_no_quota(app, techtas, allotment):
    walk(app, techtas, "preparing")
    refused_and_unchanged(app, techtas, "submitted",
                          r"Submission date 02/12/2025 is in the future \(today is 02/06/2025\)",
                          submitted_on=date(2025, 12, 2))
    assert used(app, allotment.position_id) == 0


def test_a_submission_today_is_accepted_tomorrow_is_not(app, techtas, allotment):
    walk(app, techtas, "preparing")
    refused_and_unchanged(app, techtas, "submitted", "03/06/2025 is in the future",
                          submitted_on=TODAY + DAY)
    move(app, techtas, "submitted", submitted_on=TODAY)
    assert case_row(app, techtas.id).submitted_on == TODAY
    assert used(app, allotment.position_id) == 1


def test_an_approval_before_the_submission_is_refused(app, techtas):
    walk(app, techtas, "preparing", "submitted")
    submitted = FACTS["submitted"]["submitted_on"]
    refused_and_unchanged(app, techtas, "approved",
                          "Approval date 01/05/2025 is before the submission date 02/05/2025.",
                          approved_on=submitted - DAY)
    move(app, techtas, "approved", approved_on=submitted)  # the same day is in order
    assert case_row(app, techtas.id).approved_on == submitted


def test_an_arrival_before_both_is_refused(app, techtas):
    walk(app, techtas, "preparing", "submitted", "approved", "visa_issued")
    refused_and_unchanged(app, techtas, "arrived",
                          "Arrival date 01/05/2025 is before the visa issue date 23/05/2025.",
                          arrived_on=date(2025, 5, 1))
    assert case_row(app, techtas.id).hkid_due_on is None


def test_a_visa_is_issued_on_or_after_the_approval_and_the_limit_falls_after_it(app, techtas):
    walk(app, techtas, "preparing", "submitted", "approved")
    approved = FACTS["approved"]["approved_on"]
    refused_and_unchanged(app, techtas, "visa_issued",
                          "Visa issue date 15/05/2025 is before the approval date 16/05/2025. "
                          "Limit of stay 15/05/2025 is not after the visa issue date 15/05/2025.",
                          visa_issued_on=approved - DAY, visa_number="EV1",
                          limit_of_stay_until=approved - DAY)
    refused_and_unchanged(app, techtas, "visa_issued", "Limit of stay 16/05/2025 is not after",
                          visa_issued_on=approved, visa_number="EV1",
                          limit_of_stay_until=approved)
    move(app, techtas, "visa_issued", visa_issued_on=approved, visa_number="EV1",
         limit_of_stay_until=approved + DAY)
    assert case_row(app, techtas.id).limit_of_stay_until == approved + DAY


def test_a_submission_before_the_allotment_date_takes_no_quota(app, make, company):
    allotment = make.techtas_allotment(company, allotment_date=date(2025, 5, 10))
    case = make.case(company, allotment=allotment)
    walk(app, case, "preparing")
    refused_and_unchanged(app, case, "submitted",
                          f"Submission date 09/05/2025 is before allotment "
                          f"{allotment.itc_reference} was allotted on 10/05/2025",
                          submitted_on=date(2025, 5, 9))
    assert used(app, allotment.position_id) == 0
    move(app, case, "submitted", submitted_on=date(2025, 5, 10))
    assert used(app, allotment.position_id) == 1


# --- over HTTP: the move form --------------------------------------------------------------

def test_a_refused_move_shows_every_problem_on_its_field_and_changes_nothing(
        app, client, staff, techtas, allotment):
    walk(app, techtas, "preparing", "submitted", "approved")
    before, count = case_row(app, techtas.id), events(app, techtas.id)
    page = client.post(f"/cases/{techtas.id}/move", data={
        "to_stage": "visa_issued", "visa_issued_on": "2025-06-03", "visa_number": "EV1",
        "limit_of_stay_until": "2025-05-01"}).get_data(as_text=True)
    assert "The move was not saved: check the fields of the move form." in page
    assert field_errors(page, "visa_issued_on") == [
        "Visa issue date 03/06/2025 is in the future (today is 02/06/2025)."]
    assert field_errors(page, "limit_of_stay_until") == [
        "Limit of stay 01/05/2025 is not after the visa issue date 03/06/2025."]
    after = case_row(app, techtas.id)
    assert (after.stage, after.updated_at, after.visa_number) == ("approved",
                                                                 before.updated_at, "")
    assert events(app, techtas.id) == count
    assert used(app, allotment.position_id) == 1


def test_a_future_submission_over_http_uses_no_quota(app, client, staff, techtas, allotment):
    walk(app, techtas, "preparing")
    audits = len(audit_entries(app, "case", techtas.id))
    page = client.post(f"/cases/{techtas.id}/move", data={
        "to_stage": "submitted", "submitted_on": "2025-12-02"}).get_data(as_text=True)
    assert field_errors(page, "submitted_on") == [
        "Submission date 02/12/2025 is in the future (today is 02/06/2025)."]
    assert case_row(app, techtas.id).stage == "preparing"
    assert used(app, allotment.position_id) == 0
    assert len(audit_entries(app, "case", techtas.id)) == audits


def field_errors(page: str, name: str) -> list[str]:
    """The error messages shown under the input named *name*."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>((?:\s*<div class="invalid-feedback'
                      rf'[^"]*">[^<]*</div>)*)', page)
    assert found, name
    return [html.unescape(m) for m in re.findall(r">([^<]*)</div>", found.group(1))]
