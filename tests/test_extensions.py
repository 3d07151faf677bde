"""Extensions of stay (issue 16): started from a case holding the person's stay, their own
workflow and checklist, no quota, the approval superseding the parent, reminders moving
to the new limit (the real scan), and the case page's window, next stay, fees and time."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import FACTS, TODAY, audit_entries, case_row, move, used, walk
from tracker.cases.continuation import StartRefused, start_extension
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused
from tracker.extensions import db
from tracker.reminders.models import ReminderLedger
from tracker.reminders.services import scan

pytestmark = pytest.mark.usefixtures("pinned_today")

OLD_LIMIT = date(2025, 8, 20)
NEW_LIMIT = date(2028, 8, 20)
ENTRY_STAGES = ("preparing", "submitted", "approved", "visa_issued", "arrived", "active")
# The extension's facts (rules/workflow.py EXTENSION), by TODAY at the latest.
SUBMIT = {"submitted_on": date(2025, 6, 1), "submission_channel": "online",
          "immd_reference": "EXT-1"}
APPROVE = {"approved_on": TODAY, "limit_of_stay_until": NEW_LIMIT}


def active_case(app, make, company, scheme: str = "GEP", limit: date = OLD_LIMIT, **kwargs):
    """An entry case walked to Active, its visa giving *limit* as the limit of stay."""
    case = make.case(company, scheme=scheme, **kwargs)
    for stage in ENTRY_STAGES:
        facts = FACTS.get(stage, {})
        if stage == "visa_issued":
            facts = facts | {"limit_of_stay_until": limit}
        move(app, case, stage, **facts)
    return case


def extend(app, case, user_id: int | None = None) -> Case:
    with app.app_context():
        extension_id = start_extension(case.id, case.company_id, user_id).id
    return case_row(app, extension_id)


def refusal(app, case) -> str:
    with app.app_context(), pytest.raises(StartRefused) as refused:
        start_extension(case.id, case.company_id)
    return str(refused.value.message)


# --- Starting one ---------------------------------------------------------------------------

def test_the_extension_is_a_new_case_on_the_same_person_scheme_and_owner(app, make, company,
                                                                          staff, client):
    case = active_case(app, make, company, owner_id=staff.id)
    response = client.post(f"/cases/{case.id}/extension")
    extension = case_row(app, case.id + 1)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{extension.id}")
    assert (extension.kind, extension.parent_case_id, extension.candidate_id, extension.scheme,
            extension.owner_id, extension.stage) == (
        "extension", case.id, case.candidate_id, "GEP", staff.id, "preparing")
    assert [e.action for e in audit_entries(app, "case", extension.id)] == ["create"]
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    assert "Extension of stay 1" in page and "Extends the limit of stay" in page
    assert 'id="no-admission-rules"' in page and "verdict-summary" not in page


def test_refused_from_a_case_not_yet_arrived(app, make, company):
    case = make.case(company)
    walk(app, case, "preparing")
    assert "starts from an arrived or active case" in refusal(app, case)
    assert case_row(app, case.id).id == max_case_id(app)  # nothing written


def test_refused_without_a_limit_of_stay(app, make, company):
    case = active_case(app, make, company)
    with app.app_context():
        db.session.get(Case, case.id).limit_of_stay_until = None
        db.session.commit()
    assert "Record this case's limit of stay first" in refusal(app, case)


def test_refused_while_an_extension_is_open(app, make, company, staff, client):
    case = active_case(app, make, company)
    first = extend(app, case)
    assert f"already open for this case: case {first.id}" in refusal(app, case)
    response = client.post(f"/cases/{case.id}/extension", follow_redirects=True)
    assert "The extension of stay was not started" in response.get_data(as_text=True)
    assert max_case_id(app) == first.id


def test_refused_from_a_superseded_case(app, make, company):
    case = active_case(app, make, company)
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    move(app, extension, "approved", **APPROVE)
    assert f"replaced by case {extension.id}" in refusal(app, case)


def test_a_second_extension_starts_from_the_approved_first(app, make, company):
    case = active_case(app, make, company)
    first = extend(app, case)
    move(app, first, "submitted", **SUBMIT)
    move(app, first, "approved", **APPROVE)
    second = extend(app, first)
    assert (second.parent_case_id, second.kind) == (first.id, "extension")


def test_a_techtas_extension_uses_no_quota(app, make, company, allotment):
    case = active_case(app, make, company, scheme="TechTAS", allotment=allotment)
    make.documents(case)
    assert used(app, allotment.position_id) == 1
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    move(app, extension, "approved", **APPROVE)
    row = case_row(app, extension.id)
    assert (row.allotment_id, row.position_id, row.quota_held) == (None, None, False)
    assert used(app, allotment.position_id) == 1


def max_case_id(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(Case.id)))


# --- Its workflow ---------------------------------------------------------------------------

def test_submission_needs_the_channel_and_a_techtas_one_is_online_only(app, make, company,
                                                                     allotment):
    case = active_case(app, make, company, scheme="TechTAS", allotment=allotment)
    extension = extend(app, case)
    with pytest.raises(MoveRefused, match="Submitted online or on paper"):
        move(app, extension, "submitted", submitted_on=date(2025, 6, 1))
    with pytest.raises(MoveRefused, match="TechTAS extensions of stay are filed online only"):
        move(app, extension, "submitted", **SUBMIT | {"submission_channel": "paper"})
    with pytest.raises(MoveRefused, match="choose one of"):
        move(app, extension, "submitted", **SUBMIT | {"submission_channel": "fax"})
    assert case_row(app, extension.id).stage == "preparing"
    move(app, extension, "submitted", **SUBMIT)
    assert case_row(app, extension.id).submission_channel == "online"


def test_approval_supersedes_the_parent_in_the_same_move(app, make, company):
    case = active_case(app, make, company)
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    result = move(app, extension, "approved", **APPROVE)
    assert case_row(app, case.id).superseded_by_id == extension.id
    assert case_row(app, extension.id).limit_of_stay_until == NEW_LIMIT
    assert any("replaced by this one" in notice for notice in result.notices)
    changes = audit_entries(app, "case", case.id, "update")[-1].changes
    assert changes["superseded_by_id"] == [None, extension.id]
    move(app, extension, "visa_issued", visa_issued_on=TODAY, visa_number="EV-2")
    assert case_row(app, extension.id).stage == "visa_issued"


def test_the_new_limit_must_come_after_the_extended_one(app, make, company):
    case = active_case(app, make, company)
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    with pytest.raises(MoveRefused, match="after the limit it extends \\(20/08/2025\\)"):
        move(app, extension, "approved", **APPROVE | {"limit_of_stay_until": OLD_LIMIT})
    assert case_row(app, case.id).superseded_by_id is None


def test_a_refused_extension_supersedes_nothing(app, make, company):
    case = active_case(app, make, company)
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    move(app, extension, "refused")
    assert case_row(app, case.id).superseded_by_id is None
    assert extend(app, case).kind == "extension"  # the next attempt may start


# --- Reminders follow the new limit (the real scan) ----------------------------------------

def stay_claims(app, day: date) -> list[tuple[int, date]]:
    with app.app_context():
        scan(day)
        rows = db.session.execute(sa.select(ReminderLedger.object_id, ReminderLedger.due_on)
                                  .where(ReminderLedger.kind == "stay_expiry",
                                         ReminderLedger.scan_on == day,
                                         ReminderLedger.status == "pending")).all()
        return [(row.object_id, row.due_on) for row in rows]


def test_after_approval_the_old_series_stops_and_the_new_limit_drives_the_next(app, make,
                                                                             company):
    case = active_case(app, make, company)
    assert stay_claims(app, date(2025, 6, 10)) == [(case.id, OLD_LIMIT)]  # 12 weeks before
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    move(app, extension, "approved", **APPROVE)
    assert stay_claims(app, date(2025, 7, 1)) == []  # the old limit's 8-week reminder
    assert stay_claims(app, date(2028, 6, 1)) == [(extension.id, NEW_LIMIT)]
    with app.app_context():
        old = db.session.scalars(sa.select(ReminderLedger.due_on).where(
            ReminderLedger.kind == "stay_expiry", ReminderLedger.object_id == case.id,
            ReminderLedger.status == "pending")).all()
    assert old == [OLD_LIMIT]  # only the reminder claimed before the approval


def test_the_limit_of_stay_attention_moves_to_the_extension(app, make, company, staff, client):
    case = active_case(app, make, company, limit=date(2025, 6, 20))  # within 30 days
    page = client.get("/cases/?attention=y").get_data(as_text=True)
    assert "Limit of stay ends 20/06/2025" in page
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    move(app, extension, "approved", **APPROVE)
    page = client.get("/cases/?attention=y").get_data(as_text=True)
    assert "Limit of stay ends 20/06/2025" not in page


# --- The case page --------------------------------------------------------------------------

def test_the_page_shows_the_window_advice_and_the_next_stay_prefilled(app, make, company,
                                                                     staff, client):
    case = active_case(app, make, company)
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    # The window for a limit of 20/08/2025: the 4 weeks before it (extensions filed until
    # 28/02/2026); ImmD's advice: 6 weeks before.
    assert 'id="window-opens">23/07/2025' in page
    assert "by 09/07/2025" in page
    # GEP 3+3+2 (applications since 28/12/2022): the first extension gives 3 years more.
    assert 'value="2028-08-20"' in page
    assert "Online (GovHK) or on paper" in page
    # The channel is named by its label, in the details and on the timeline.
    assert "Submitted online or on paper: Online (GovHK)" in page
    assert "submission_channel:" not in page


def test_a_top_tier_person_gets_the_top_tier_pattern(app, make, company, staff, client):
    person = make.candidate(company)
    with app.app_context():
        from tracker.candidates.models import Candidate
        db.session.get(Candidate, person.id).top_tier = True
        db.session.commit()
    case = active_case(app, make, company, candidate=person)
    extension = extend(app, case)
    move(app, extension, "submitted", **SUBMIT)
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    assert 'value="2030-08-20"' in page  # 3+5: five years more
    assert "top-tier pattern 3+5" in page


def test_a_passport_expiring_within_3_months_is_warned(app, make, company, staff, client):
    person = make.candidate(company, passport_expiry=date(2025, 8, 1))
    case = active_case(app, make, company, candidate=person)
    extension = extend(app, case)
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    assert "The passport expires on 01/08/2025, within 3 months" in page


def test_the_button_shows_on_an_active_case_only(app, make, company, staff, client):
    case = active_case(app, make, company)
    assert 'id="start-extension"' in client.get(f"/cases/{case.id}").get_data(as_text=True)
    preparing = make.case(company)
    assert 'id="start-extension"' not in client.get(
        f"/cases/{preparing.id}").get_data(as_text=True)
    extension = extend(app, case)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="start-extension"' not in page and f"/cases/{extension.id}" in page


def test_the_extension_checklist_is_the_extension_s(app, make, company, staff, client):
    case = active_case(app, make, company)
    extension = extend(app, case)
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    assert "ID 91 – application for extension of stay" in page
    assert "The employee is in Hong Kong when submitting and when collecting" in page
    assert "ID 990A" not in page


def test_another_company_s_case_answers_404(app, make, company, client, login):
    case = active_case(app, make, company)
    other = make.company()
    login(make.user(other, role="staff"))
    assert client.post(f"/cases/{case.id}/extension").status_code == 404
    assert client.post(f"/cases/{case.id}/change-of-employment",
                       data={"previous_employer": "Acme"}).status_code == 404
    assert max_case_id(app) == case.id


def test_the_workforce_page_starts_the_extension_by_post(app, make, company, staff, client):
    case = active_case(app, make, company, limit=date(2025, 6, 20))  # its window is open
    page = client.get("/workforce").get_data(as_text=True)
    assert f'action="/cases/{case.id}/extension"' in page
    response = client.post(f"/cases/{case.id}/extension")
    assert response.headers["Location"].endswith(f"/cases/{max_case_id(app)}")
