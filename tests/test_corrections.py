"""Correcting a recorded stage fact: with a reason, checked like a move, audited (old → new),
in the timeline, and what derives from it follows (HKID due date, reminders, the quota rule)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.case_helpers import FACTS, TODAY, audit_entries, case_row, move, used, walk
from tracker.auth.models import User
from tracker.cases.corrections import CorrectionRefused, CorrectionResult, correct_fact
from tracker.cases.models import CaseStageEvent
from tracker.extensions import db
from tracker.reminders import delivery
from tracker.reminders import services as reminders
from tracker.rules import stay

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("pinned_today")]
DAY = timedelta(days=1)
ALL_STAGES = ("preparing", "submitted", "approved", "visa_issued", "arrived", "active")


@pytest.fixture
def clerk(make, company):
    """A staff user of the company (not signed in: the service takes the user)."""
    return make.user(company, role="staff")


def correct(app, case, fact: str, value: Any, user, reason: str = "Typed from the wrong letter."
            ) -> CorrectionResult:
    with app.app_context():
        result = correct_fact(case.id, case.company_id, db.session.get(User, user.id), fact,
                              value, reason)
        db.session.expunge_all()
        return result


def timeline_entries(app, case_id: int) -> list[CaseStageEvent]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(CaseStageEvent).where(
            CaseStageEvent.case_id == case_id).order_by(CaseStageEvent.id)))
        db.session.expunge_all()
        return rows


def refused(app, case, fact, value, user, match: str, reason: str = "Typo.") -> None:
    """The correction is refused with *match*, and the case, timeline and audit are unchanged."""
    before, events = case_row(app, case.id), len(timeline_entries(app, case.id))
    audits = len(audit_entries(app, "case", case.id))
    with pytest.raises(CorrectionRefused, match=match):
        correct(app, case, fact, value, user, reason)
    after = case_row(app, case.id)
    assert (getattr(after, fact), after.updated_at, after.hkid_due_on, after.quota_held) == (
        getattr(before, fact), before.updated_at, before.hkid_due_on, before.quota_held)
    assert len(timeline_entries(app, case.id)) == events
    assert len(audit_entries(app, "case", case.id)) == audits


@pytest.mark.parametrize("fact,value", [
    ("submitted_on", date(2025, 5, 5)), ("immd_reference", "G/2025/77"),
    ("approved_on", date(2025, 5, 20)), ("visa_issued_on", date(2025, 5, 24)),
    ("visa_number", "EV-999"), ("limit_of_stay_until", date(2028, 6, 30)),
    ("arrived_on", date(2025, 6, 1)), ("hkid_registered_on", date(2025, 6, 2)),
])
def test_each_recorded_fact_can_be_corrected_audited_and_in_the_timeline(
        app, techtas, clerk, fact, value):
    walk(app, techtas, *ALL_STAGES)
    move_hkid = fact == "hkid_registered_on"
    if move_hkid:
        with app.app_context():
            from tracker.cases.models import Case
            db.session.get(Case, techtas.id).hkid_registered_on = date(2025, 5, 31)
            db.session.commit()
    old = getattr(case_row(app, techtas.id), fact)
    correct(app, techtas, fact, value, clerk, reason="  The letter says otherwise.  ")
    assert getattr(case_row(app, techtas.id), fact) == value
    shown = [v.isoformat() if isinstance(v, date) else v for v in (old, value)]
    [entry] = audit_entries(app, "case", techtas.id, "correct")
    assert entry.user_id == clerk.id
    assert entry.changes[fact] == shown
    assert entry.summary.endswith("Reason: The letter says otherwise.")
    event = timeline_entries(app, techtas.id)[-1]
    assert (event.kind, event.from_stage, event.to_stage, event.note, event.moved_by_id) == (
        "correction", "active", "active", "The letter says otherwise.", clerk.id)
    assert event.facts[fact] == shown


def test_a_corrected_arrival_moves_the_hkid_due_date(app, make, company, techtas, clerk):
    walk(app, techtas, *ALL_STAGES)
    assert case_row(app, techtas.id).hkid_due_on == date(2025, 6, 29)
    result = correct(app, techtas, "arrived_on", date(2025, 5, 25), clerk)
    row = case_row(app, techtas.id)
    assert (row.arrived_on, row.hkid_due_on) == (date(2025, 5, 25), date(2025, 6, 24))
    assert result.notices == ["HKID registration is now due by 24/06/2025."]
    [entry] = audit_entries(app, "case", techtas.id, "correct")
    assert entry.changes == {"arrived_on": ["2025-05-30", "2025-05-25"],
                             "hkid_due_on": ["2025-06-29", "2025-06-24"]}
    # The HKID reminders follow: the scan claims the new due date, never the old one.
    with app.app_context():
        claims = reminders.scan(date(2025, 6, 24) - timedelta(days=3)).claims
    assert [(c.kind, c.due_on, c.offset_days) for c in claims
            if c.object_id == techtas.id and c.status == "pending"] == [
        ("hkid_due", date(2025, 6, 24), 3)]


def test_a_corrected_limit_of_stay_restarts_the_reminders_and_stops_the_old_ones(
        app, techtas, clerk):
    """Through the real scan and delivery: the ledger keys reminders by their date."""
    walk(app, techtas, *ALL_STAGES)
    old_end, new_end = FACTS["visa_issued"]["limit_of_stay_until"], date(2028, 11, 22)
    old_series, new_series = stay_reminders(old_end), stay_reminders(new_end)
    (first, day), (new_first, new_day) = old_series[0], new_series[0]
    with app.app_context():
        [claim] = [c for c in reminders.scan(day).claims if c.object_id == techtas.id]
    assert (claim.kind, claim.due_on, claim.offset_days, claim.status) == (
        "stay_expiry", old_end, first, "pending")

    result = correct(app, techtas, "limit_of_stay_until", new_end, clerk,
                     reason="Extension of stay granted.")
    assert result.notices == ["Limit-of-stay reminders now count down to 22/11/2028."]
    with app.app_context():
        # The old date's reminder, claimed but not sent, is not sent any more.
        assert delivery.deliver(claim.id, day) == "skipped"
        # The old date's later reminders are never claimed...
        for _, later in old_series[1:]:
            assert [c for c in reminders.scan(later).claims if c.object_id == techtas.id] == []
        # ...and the new date has its own series.
        claims = [c for c in reminders.scan(new_day).claims if c.object_id == techtas.id]
    assert [(c.kind, c.due_on, c.offset_days, c.status) for c in claims] == [
        ("stay_expiry", new_end, new_first, "pending")]


def stay_reminders(limit: date) -> list[tuple[int, date]]:
    """(ledger offset, day it is due) of each reminder of *limit*, most distant first."""
    return [(r.key, r.due_on(limit)) for r in stay.extension_window(limit).window.reminders]


# --- the rules a correction must still meet ------------------------------------------------

def test_a_corrected_date_cannot_lie_in_the_future(app, techtas, clerk):
    walk(app, techtas, "preparing", "submitted")
    refused(app, techtas, "submitted_on", TODAY + DAY, clerk,
            r"Submission date 03/06/2025 is in the future \(today is 02/06/2025\)\.")
    correct(app, techtas, "submitted_on", TODAY, clerk)
    assert case_row(app, techtas.id).submitted_on == TODAY


def test_a_corrected_date_keeps_the_stages_order(app, techtas, clerk):
    walk(app, techtas, "preparing", "submitted", "approved", "visa_issued")
    approved = FACTS["approved"]["approved_on"]
    refused(app, techtas, "submitted_on", approved + DAY, clerk,
            "Submission date 17/05/2025 is after the approval date 16/05/2025.")
    refused(app, techtas, "approved_on", date(2025, 5, 1), clerk,
            "Approval date 01/05/2025 is before the submission date 02/05/2025.")
    correct(app, techtas, "submitted_on", approved, clerk)  # the same day is in order
    visa = FACTS["visa_issued"]["visa_issued_on"]
    refused(app, techtas, "limit_of_stay_until", visa, clerk,
            "Limit of stay 23/05/2025 is not after the visa issue date 23/05/2025.")
    correct(app, techtas, "limit_of_stay_until", visa + DAY, clerk)


def test_hkid_registration_stays_between_arrival_and_today(app, client, staff, techtas, clerk):
    walk(app, techtas, *ALL_STAGES)
    assert client.post(f"/cases/{techtas.id}/hkid",
                       data={"hkid_registered_on": "2025-06-01"}).status_code == 302
    refused(app, techtas, "hkid_registered_on", date(2025, 5, 29), clerk,
            "HKID registration date 29/05/2025 is before the arrival date 30/05/2025.")
    refused(app, techtas, "arrived_on", date(2025, 6, 2), clerk,
            "Arrival date 02/06/2025 is after the HKID registration date 01/06/2025.")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(app, techtas, clerk, reason):
    walk(app, techtas, "preparing", "submitted")
    refused(app, techtas, "submitted_on", date(2025, 5, 1), clerk,
            "Give the reason for the correction.", reason=reason)


def test_what_cannot_be_corrected(app, make, company, techtas, clerk):
    walk(app, techtas, "preparing", "submitted")
    refused(app, techtas, "approved_on", date(2025, 5, 20), clerk,
            "Approval date is not recorded on this case: record it with a stage move.")
    refused(app, techtas, "submitted_on", FACTS["submitted"]["submitted_on"], clerk,
            "Submission date is already 02/05/2025: nothing to correct.")
    refused(app, techtas, "info_requested_on", date(2025, 5, 20), clerk,
            "That fact cannot be corrected here.")
    refused(app, techtas, "stage", "closed", clerk, "That fact cannot be corrected here.")
    refused(app, techtas, "submitted_on", None, clerk, "Submission date cannot be left blank.")
    refused(app, techtas, "submitted_on", "2025-05-01", clerk, "Submission date must be a date.")
    refused(app, techtas, "immd_reference", "x" * 61, clerk, "60 characters or fewer")
    viewer = make.user(company, role="viewer")
    refused(app, techtas, "submitted_on", date(2025, 5, 1), viewer,
            "Only staff of the case's company can correct its facts.")
    outsider = make.user(make.company(), role="admin")
    refused(app, techtas, "submitted_on", date(2025, 5, 1), outsider,
            "Only staff of the case's company can correct its facts.")


def test_a_blank_optional_reference_clears_and_a_visa_date_can_be_filled_in(
        app, techtas, clerk):
    walk(app, techtas, "preparing", "submitted", "approved")
    correct(app, techtas, "immd_reference", "  ", clerk)
    assert case_row(app, techtas.id).immd_reference == ""
    # A visa recorded before the tracker asked for its issue date.
    move(app, techtas, "visa_issued", visa_number="EV1", limit_of_stay_until=date(2028, 5, 1),
         visa_issued_on=date(2025, 5, 20))
    refused(app, techtas, "visa_number", "", clerk, "cannot be left blank")
    with app.app_context():
        from tracker.cases.models import Case
        db.session.get(Case, techtas.id).visa_issued_on = None
        db.session.commit()
    correct(app, techtas, "visa_issued_on", date(2025, 5, 21), clerk)
    assert case_row(app, techtas.id).visa_issued_on == date(2025, 5, 21)


# --- the quota rule -------------------------------------------------------------------------

@pytest.mark.parametrize("submitted,message", [
    (date(2025, 4, 30), "Submission date 30/04/2025 is before allotment {ref} was allotted on "
                        "01/05/2025: its quotas could not be used yet. This case holds one of "
                        "its quotas."),
    (date(2025, 5, 21), "Submission date 21/05/2025 is after allotment {ref} expired on "
                        "20/05/2025: its quotas could no longer be used. This case holds one of "
                        "its quotas."),
])
def test_a_submission_date_moved_out_of_the_allotments_validity_is_refused(
        app, make, company, clerk, submitted, message):
    allotment = make.techtas_allotment(company, allotment_date=date(2025, 5, 1),
                                       valid_until=date(2025, 6, 30))
    case = make.case(company, allotment=allotment)
    walk(app, case, "preparing")
    move(app, case, "submitted", submitted_on=date(2025, 5, 10))
    with app.app_context():  # the letter's validity, as if its end had been typed earlier
        from tracker.quotas.models import QuotaAllotment
        db.session.get(QuotaAllotment, allotment.id).valid_until = date(2025, 5, 20)
        db.session.commit()
    assert used(app, allotment.position_id) == 1
    refused(app, case, "submitted_on", submitted, clerk,
            re.escape(message.format(ref=allotment.itc_reference)))
    assert used(app, allotment.position_id) == 1
    # Both ends of the validity are inside it: the quota stays with the case, used once.
    for inside in (date(2025, 5, 1), date(2025, 5, 20)):
        correct(app, case, "submitted_on", inside, clerk)
    assert used(app, allotment.position_id) == 1
    assert case_row(app, case.id).quota_held


def test_a_case_that_gave_its_quota_back_is_not_held_to_the_validity(app, make, company,
                                                                      clerk):
    allotment = make.techtas_allotment(company, allotment_date=date(2025, 5, 1))
    case = make.case(company, allotment=allotment)
    walk(app, case, "preparing", "submitted", "withdrawn")
    assert used(app, allotment.position_id) == 0
    correct(app, case, "submitted_on", date(2025, 4, 30), clerk)
    assert used(app, allotment.position_id) == 0


# --- over HTTP: the case page's "Correct" forms ---------------------------------------------

def correction(fact: str, value: str, reason: str = "Typo in the letter date.") -> dict:
    return {f"correct-{fact}-value": value, f"correct-{fact}-reason": reason}


def field_errors(page: str, name: str) -> list[str]:
    """The error messages shown under the field named *name*."""
    found = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>(?:[^<]*</textarea>)?'
                      rf'((?:\s*<div class="invalid-feedback[^"]*">[^<]*</div>)*)', page)
    assert found, name
    return [html.unescape(m) for m in re.findall(r">([^<]*)</div>", found.group(1))]


def test_staff_correct_a_fact_on_the_case_page(app, client, staff, techtas):
    walk(app, techtas, "preparing", "submitted", "approved")
    page = client.get(f"/cases/{techtas.id}").get_data(as_text=True)
    assert f'action="/cases/{techtas.id}/facts/approved_on/correct"' in page
    response = client.post(f"/cases/{techtas.id}/facts/approved_on/correct",
                           data=correction("approved_on", "2025-05-20"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Approval date corrected." in page
    timeline = page.split('aria-label="Timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Correction" in timeline and "Approval date: 16/05/2025 → 20/05/2025" in timeline
    assert "Reason: Typo in the letter date." in timeline
    assert case_row(app, techtas.id).approved_on == date(2025, 5, 20)
    [entry] = audit_entries(app, "case", techtas.id, "correct")
    assert (entry.user_id, entry.changes) == (staff.id,
                                              {"approved_on": ["2025-05-16", "2025-05-20"]})


def test_a_refused_correction_shows_every_problem_and_changes_nothing(app, client, staff,
                                                                      techtas):
    walk(app, techtas, "preparing", "submitted", "approved")
    before = case_row(app, techtas.id)
    events = len(timeline_entries(app, techtas.id))
    page = client.post(f"/cases/{techtas.id}/facts/approved_on/correct",
                       data=correction("approved_on", "2025-05-01", reason=" ")
                       ).get_data(as_text=True)
    assert "The correction of “Approval date” was not saved" in page
    assert field_errors(page, "correct-approved_on-value") == [
        "Approval date 01/05/2025 is before the submission date 02/05/2025."]
    assert field_errors(page, "correct-approved_on-reason") == [
        "Give the reason for the correction."]
    assert re.search(r'<details class="fact-correction" open>\s*<summary[^>]*>Correct'
                     r'</summary>\s*<form[^>]*facts/approved_on/correct', page)
    after = case_row(app, techtas.id)
    assert (after.approved_on, after.updated_at) == (before.approved_on, before.updated_at)
    assert len(timeline_entries(app, techtas.id)) == events
    assert audit_entries(app, "case", techtas.id, "correct") == []


def test_viewers_see_no_correct_forms_and_cannot_post_them(app, client, make, company, login,
                                                           techtas):
    walk(app, techtas, "preparing", "submitted")
    login(make.user(company, role="viewer"))
    page = client.get(f"/cases/{techtas.id}").get_data(as_text=True)
    assert "Submission date" in page and "facts/submitted_on/correct" not in page
    assert client.post(f"/cases/{techtas.id}/facts/submitted_on/correct",
                       data=correction("submitted_on", "2025-05-01")).status_code == 403
    assert case_row(app, techtas.id).submitted_on == FACTS["submitted"]["submitted_on"]


def test_another_companys_case_and_unknown_facts_are_404(app, client, make, staff, techtas):
    stranger = make.case(make.company())
    walk(app, stranger, "preparing", "submitted")
    assert client.post(f"/cases/{stranger.id}/facts/submitted_on/correct",
                       data=correction("submitted_on", "2025-05-01")).status_code == 404
    assert case_row(app, stranger.id).submitted_on == FACTS["submitted"]["submitted_on"]
    assert client.post(f"/cases/{techtas.id}/facts/stage/correct",
                       data=correction("stage", "closed")).status_code == 404
    assert client.post(f"/cases/{techtas.id}/facts/info_requested_on/correct",
                       data=correction("info_requested_on", "2025-05-01")).status_code == 404
