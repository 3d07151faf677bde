"""Stage moves: the workflow data, facts, timeline, audit, and the TechTAS quota rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.case_helpers import FACTS, TODAY, audit_entries, case_row, move, pin_today, used, walk
from tracker.cases.models import CaseStageEvent
from tracker.cases.moves import MoveRefused
from tracker.extensions import db
from tracker.rules.workflow import EMPLOYMENT, HKID_REGISTRATION_DAYS

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("pinned_today")]


def test_every_stage_can_be_reached_in_order(app, techtas):
    walk(app, techtas, "preparing", "submitted", "info_requested", "submitted", "approved",
         "visa_issued", "arrived", "active", "closed")
    assert case_row(app, techtas.id).stage == "closed"


@pytest.mark.parametrize("start,target", [
    ([], "approved"), ([], "submitted"), (["preparing"], "visa_issued"),
    (["preparing", "submitted"], "preparing"), (["preparing", "submitted", "approved"], "draft"),
    (["preparing", "withdrawn"], "preparing"), ([], "no-such-stage"),
])
def test_a_move_not_allowed_is_refused_and_changes_nothing(app, techtas, allotment, start,
                                                           target):
    walk(app, techtas, *start)
    before = case_row(app, techtas.id)
    events_before = _event_count(app, techtas.id)
    with pytest.raises(MoveRefused, match="cannot move to"):
        move(app, techtas, target, **FACTS.get(target, {"submitted_on": TODAY}))
    after = case_row(app, techtas.id)
    assert (after.stage, after.quota_held, after.updated_at) == (
        before.stage, before.quota_held, before.updated_at)
    assert _event_count(app, techtas.id) == events_before


def test_refused_and_withdrawn_end_a_case_from_any_open_stage(app, make, company):
    for stage in EMPLOYMENT.open_codes():
        assert {"refused", "withdrawn"} <= set(EMPLOYMENT.allowed_moves(stage))
    for stage in ("closed", "refused", "withdrawn"):
        assert EMPLOYMENT.allowed_moves(stage) == ()


def test_a_stage_needs_its_facts(app, techtas):
    walk(app, techtas, "preparing")
    with pytest.raises(MoveRefused, match="Submission date"):
        move(app, techtas, "submitted", immd_reference="X")
    assert case_row(app, techtas.id).stage == "preparing"


def test_each_move_records_who_when_note_and_facts_and_an_audit_entry(app, make, company,
                                                                     techtas):
    user = make.user(company, role="staff")
    walk(app, techtas, "preparing")
    move(app, techtas, "submitted", user_id=user.id, note="Filed online",
         submitted_on=date(2025, 6, 1), immd_reference=" G/123 ")
    with app.app_context():
        event = db.session.scalars(sa.select(CaseStageEvent).where(
            CaseStageEvent.case_id == techtas.id).order_by(CaseStageEvent.id.desc())).first()
        assert (event.from_stage, event.to_stage, event.moved_by_id, event.note) == (
            "preparing", "submitted", user.id, "Filed online")
        assert event.facts == {"submitted_on": "2025-06-01", "immd_reference": "G/123"}
        assert event.moved_at is not None
    row = case_row(app, techtas.id)
    assert (row.submitted_on, row.immd_reference) == (date(2025, 6, 1), "G/123")
    [entry] = [e for e in audit_entries(app, "case", techtas.id, "stage")
               if e.changes["stage"] == ["preparing", "submitted"]]
    assert entry.user_id == user.id
    assert entry.changes["quota_held"] == [False, True]
    assert entry.changes["immd_reference"] == ["", "G/123"]


def test_arrival_sets_the_hkid_due_date_and_registration_can_be_recorded(app, techtas):
    walk(app, techtas, "preparing", "submitted", "approved", "visa_issued")
    move(app, techtas, "arrived", arrived_on=date(2025, 5, 30))
    row = case_row(app, techtas.id)
    assert row.hkid_due_on == date(2025, 5, 30) + timedelta(days=HKID_REGISTRATION_DAYS)
    assert row.hkid_due_on == date(2025, 6, 29)
    assert row.limit_of_stay_until == date(2028, 5, 22)


def test_an_optional_fact_left_blank_keeps_the_earlier_value(app, techtas):
    walk(app, techtas, "preparing", "submitted", "info_requested")
    move(app, techtas, "submitted", submitted_on=date(2025, 5, 20))
    row = case_row(app, techtas.id)
    assert (row.submitted_on, row.immd_reference) == (date(2025, 5, 20), "IMMD-1")


# --- The TechTAS quota rule -----------------------------------------------------------------

def test_submission_takes_one_quota_and_resubmission_does_not_take_another(app, techtas,
                                                                          allotment):
    walk(app, techtas, "preparing")
    result = move(app, techtas, "submitted")
    assert used(app, allotment.position_id) == 1
    assert case_row(app, techtas.id).quota_held
    assert any("quota" in n for n in result.notices)
    walk(app, techtas, "info_requested", "submitted")
    assert used(app, allotment.position_id) == 1


def test_submission_is_refused_when_the_allotment_has_expired(app, make, company):
    expired = make.techtas_allotment(company, valid_until=TODAY - timedelta(days=1),
                             allotment_date=date(2024, 1, 1))
    case = make.case(company, allotment=expired)
    walk(app, case, "preparing")
    with pytest.raises(MoveRefused, match="expired on 01/06/2025"):
        move(app, case, "submitted")
    assert used(app, expired.position_id) == 0
    assert case_row(app, case.id).stage == "preparing"


def test_submission_on_the_last_valid_day_is_allowed(app, make, company):
    last_day = make.techtas_allotment(company, valid_until=TODAY)
    case = make.case(company, allotment=last_day)
    walk(app, case, "preparing", "submitted")
    assert used(app, last_day.position_id) == 1


def test_submission_is_refused_when_the_position_is_used_up(app, make, company, allotment):
    cases = [make.case(company, allotment=allotment) for _ in range(3)]
    for case in cases[:2]:
        walk(app, case, "preparing", "submitted")
    walk(app, cases[2], "preparing")
    # The engine reads the position's free quotas first; claim_quota re-checks under lock.
    with pytest.raises(MoveRefused, match=r"'Research Engineer', .* has no quota left"):
        move(app, cases[2], "submitted")
    assert used(app, allotment.position_id) == 2
    row = case_row(app, cases[2].id)
    assert (row.stage, row.quota_held) == ("preparing", False)


@pytest.mark.parametrize("before,end", [
    (["preparing", "submitted"], "withdrawn"),
    (["preparing", "submitted"], "refused"),
    (["preparing", "submitted", "info_requested"], "withdrawn"),
])
def test_refused_or_withdrawn_before_approval_returns_the_quota(app, techtas, allotment,
                                                                before, end):
    walk(app, techtas, *before)
    assert used(app, allotment.position_id) == 1
    result = move(app, techtas, end)
    assert used(app, allotment.position_id) == 0
    assert not case_row(app, techtas.id).quota_held
    assert "The quota was returned to position 'Research Engineer'." in result.notices


@pytest.mark.parametrize("end", ["withdrawn", "refused"])
def test_no_return_after_approval(app, techtas, allotment, end):
    walk(app, techtas, "preparing", "submitted", "approved")
    result = move(app, techtas, end)
    assert used(app, allotment.position_id) == 1
    assert case_row(app, techtas.id).quota_held
    assert "The case was approved, so its quota stays used." in result.notices


def test_no_return_once_the_allotment_has_expired(app, make, company, monkeypatch):
    allotment = make.techtas_allotment(company, valid_until=TODAY)
    case = make.case(company, allotment=allotment)
    walk(app, case, "preparing", "submitted")
    pin_today(app, monkeypatch, TODAY + timedelta(days=1))
    result = move(app, case, "withdrawn")
    assert used(app, allotment.position_id) == 1
    assert any("so the quota is not returned" in n for n in result.notices)


def test_a_draft_withdrawn_without_a_quota_returns_nothing(app, techtas, allotment):
    move(app, techtas, "withdrawn")
    assert used(app, allotment.position_id) == 0


def test_gep_cases_use_no_quota(app, make, company, allotment):
    case = make.case(company, scheme="GEP")
    walk(app, case, "preparing", "submitted", "withdrawn")
    assert used(app, allotment.position_id) == 0
    assert not case_row(app, case.id).quota_held


def test_the_check_constraint_refuses_used_above_quotas(app, allotment):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(sa.text("UPDATE quota_positions SET used = quotas + 1 "
                                       "WHERE id = :id"), {"id": allotment.position_id})
            db.session.flush()
        db.session.rollback()
    assert used(app, allotment.position_id) == 0


# --- Submission gate: eligibility refuses, documents warn -----------------------------------

def test_missing_required_documents_warn_but_do_not_refuse(app, make, company, allotment):
    case = make.case(company, allotment=allotment)
    make.documents(case, ["id990a", "id990b"])
    walk(app, case, "preparing")
    result = move(app, case, "submitted")
    assert case_row(app, case.id).stage == "submitted"
    [warning] = result.warnings
    assert warning.startswith("Submitted with required documents missing:")
    assert "Passport copy" in warning and "ID 990A" not in warning


def test_complete_documents_give_no_warning(app, techtas):
    walk(app, techtas, "preparing")
    assert move(app, techtas, "submitted").warnings == []


def test_a_blocking_eligibility_failure_refuses_submission(app, make, company, allotment):
    no_stem = make.candidate(company, stem_degree=False)
    case = make.case(company, candidate=no_stem, allotment=allotment, monthly_salary=30_000)
    walk(app, case, "preparing")
    with pytest.raises(MoveRefused) as refusal:
        move(app, case, "submitted")
    assert "STEM degree from a university among the top 100 of the STEM ranking tables (QS, THE " \
           "or ARWU): The degree is not in a STEM subject." in str(refusal.value)
    assert "states HK$40,000 a month, above the offer's HK$30,000" in str(refusal.value)
    assert used(app, allotment.position_id) == 0


def test_gep_without_a_recorded_justification_is_submitted_with_a_warning(app, make,
                                                                          company):
    # An empty field means "not recorded", never "no justification": the engine answers
    # unknown, which does not refuse; the document checklist warns instead.
    case = make.case(company, scheme="GEP", local_recruitment_justification="")
    walk(app, case, "preparing")
    [warning] = move(app, case, "submitted").warnings
    assert "Justification of local recruitment difficulty" in warning
    assert case_row(app, case.id).stage == "submitted"
    waived = make.case(company, scheme="GEP", local_recruitment_justification="",
                       monthly_salary=170_000)
    walk(app, waived, "preparing", "submitted")
    assert case_row(app, waived.id).stage == "submitted"


def _event_count(app, case_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(CaseStageEvent).where(
            CaseStageEvent.case_id == case_id))
