"""Case pages over HTTP: labels, company checks on posted ids, roles, moves, the case page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.case_helpers import (
    FACTS,
    audit_entries,
    case_form,
    case_row,
    cases_of,
    pin_today,
    used,
    walk,
)
from tracker.rules import schemes

pytestmark = pytest.mark.usefixtures("pinned_today")

CASE_LABELS = ["Candidate", "Scheme", "Quota allotment", "Position", "Job title",
               "Monthly salary (HKD)", "Intended start date", "Owner",
               "Justification of local recruitment", "Talent List profession"]


def has_label(page: str, label: str) -> bool:
    return bool(re.search(rf"<label[^>]*>\s*{re.escape(label)}\s*</label>", page))


def test_the_case_form_has_the_exact_labels(client, staff):
    page = client.get("/cases/new").get_data(as_text=True)
    for label in CASE_LABELS:
        assert has_label(page, label), label


def test_scheme_choices_come_from_the_registry(client, staff, monkeypatch):
    extra = schemes.Scheme("QMAS", "Quality Migrant Admission Scheme", applicant="self",
                           needs_job_offer=False, needs_quota=False, workflow="employment",
                           source="test")
    monkeypatch.setitem(schemes.SCHEMES, "QMAS", extra)
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'value="QMAS"' in page and 'value="GEP"' in page and 'value="TechTAS"' in page


def test_a_new_scheme_works_without_code_changes(app, client, make, company, staff,
                                                 monkeypatch):
    # A scheme neither the checklist nor the rule engine knows (QMAS is a real one now).
    extra = schemes.Scheme("PILOT", "A pilot scheme", applicant="self",
                           needs_job_offer=False, needs_quota=False, workflow="employment",
                           source="test")
    monkeypatch.setitem(schemes.SCHEMES, "PILOT", extra)
    candidate = make.candidate(company)
    response = client.post("/cases/new", data=case_form(candidate.id, scheme="PILOT"))
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "No eligibility rules are recorded for this scheme." in page
    [case] = cases_of(app, company.id)
    walk(app, case, "preparing", "submitted")
    assert case_row(app, case.id).stage == "submitted"


@pytest.mark.sqlite  # the make-run path: a case written and read back on SQLite
def test_staff_opens_a_techtas_case(app, client, make, company, staff):
    candidate = make.candidate(company)
    allotment = make.techtas_allotment(company)
    response = client.post("/cases/new", data=case_form(candidate.id, allotment=allotment,
                                                        owner_id=str(staff.id)))
    assert response.status_code == 302
    [case] = cases_of(app, company.id)
    assert (case.scheme, case.stage, case.allotment_id, case.position_id, case.owner_id) == (
        "TechTAS", "draft", allotment.id, allotment.position_id, staff.id)
    [entry] = audit_entries(app, "case", case.id, "create")
    assert entry.user_id == staff.id and entry.changes["scheme"] == [None, "TechTAS"]


def test_techtas_needs_an_allotment_and_a_position_of_it(app, client, make, company, staff):
    candidate = make.candidate(company)
    first, second = make.techtas_allotment(company), make.techtas_allotment(company)
    page = client.post("/cases/new", data=case_form(candidate.id)).get_data(as_text=True)
    assert "A TechTAS case needs one of your quota allotments." in page
    page = client.post("/cases/new", data=case_form(
        candidate.id, allotment=first, position_id=second.position_id)).get_data(as_text=True)
    assert f"That position is not one of allotment {first.itc_reference}" in page
    assert cases_of(app, company.id) == []


def test_gep_cases_drop_any_allotment(app, client, make, company, staff):
    candidate = make.candidate(company)
    allotment = make.techtas_allotment(company)
    response = client.post("/cases/new", data=case_form(candidate.id, scheme="GEP",
                                                        allotment=allotment))
    assert response.status_code == 302
    [case] = cases_of(app, company.id)
    assert (case.allotment_id, case.position_id) == (None, None)


@pytest.mark.parametrize("field", ["candidate_id", "allotment_id", "position_id", "owner_id"])
def test_another_companys_ids_are_form_errors(app, client, make, company, staff, field):
    other = make.company()
    foreign = {"candidate_id": make.candidate(other).id,
               "allotment_id": make.techtas_allotment(other).id,
               "position_id": make.techtas_allotment(other).position_id,
               "owner_id": make.user(other, role="staff").id}
    allotment = make.techtas_allotment(company)
    data = case_form(make.candidate(company).id, allotment=allotment)
    data[field] = str(foreign[field])
    response = client.post("/cases/new", data=data)
    assert response.status_code == 200
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert cases_of(app, company.id) == [] and cases_of(app, other.id) == []


def test_garbage_ids_are_form_errors_not_500s(client, make, company, staff):
    data = case_form("abc", allotment=make.techtas_allotment(company))
    response = client.post("/cases/new", data=data)
    assert response.status_code == 200
    assert "Choose one of your company&#39;s candidates." in response.get_data(as_text=True) \
        or "Invalid Choice" in response.get_data(as_text=True)


def test_a_case_holding_a_quota_cannot_change_position(app, client, make, company, staff):
    allotment = make.techtas_allotment(company, positions=[{}, {"job_title": "Data Scientist"}])
    case = make.case(company, allotment=allotment)
    make.documents(case)
    walk(app, case, "preparing", "submitted")
    data = case_form(case.candidate_id, allotment=allotment,
                     position_id=allotment.position_ids[1], job_title="Data Scientist")
    # The form shows the position locked: a post naming another one keeps the case's.
    assert client.post(f"/cases/{case.id}/edit", data=data).status_code == 302
    assert case_row(app, case.id).position_id == allotment.position_ids[0]


def test_edit_is_audited(app, client, make, company, staff):
    case = make.case(company)
    data = case_form(case.candidate_id, scheme="GEP", job_title="Senior Analyst",
                     local_recruitment_justification="x")
    assert client.post(f"/cases/{case.id}/edit", data=data).status_code == 302
    [entry] = audit_entries(app, "case", case.id, "update")
    assert entry.changes["job_title"] == ["Research Engineer", "Senior Analyst"]


def test_another_companys_case_is_404_everywhere(client, make, staff):
    stranger = make.case(make.company())
    for url in (f"/cases/{stranger.id}", f"/cases/{stranger.id}/edit"):
        assert client.get(url).status_code == 404
    for url in (f"/cases/{stranger.id}/edit", f"/cases/{stranger.id}/move",
                f"/cases/{stranger.id}/hkid"):
        assert client.post(url, data={"to_stage": "preparing"}).status_code == 404


@pytest.mark.parametrize("role,status", [("viewer", 403), ("staff", 302), ("admin", 302)])
def test_only_staff_move_cases(app, client, make, company, login, role, status):
    case = make.case(company)
    login(make.user(company, role=role))
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get("/cases/new").status_code == (403 if role == "viewer" else 200)
    response = client.post(f"/cases/{case.id}/move", data={"to_stage": "preparing"})
    assert response.status_code == status
    assert case_row(app, case.id).stage == ("draft" if role == "viewer" else "preparing")


def test_the_move_form_offers_only_allowed_stages_with_their_facts(client, make, company,
                                                                  staff, app):
    case = make.case(company, allotment=make.techtas_allotment(company))
    walk(app, case, "preparing")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    move_form = page.split('class="move-form"', 1)[1].split("</form>", 1)[0]
    options = re.findall(r'<option[^>]*value="([^"]+)"', move_form)
    assert options == ["submitted", "refused", "withdrawn"]
    for label in ("New stage", "Note", "Submission date", "ImmD reference"):
        assert has_label(move_form, label), label
    assert "Approval date" not in move_form
    assert "uses one quota of its position" in page


def test_http_move_with_facts_flashes_quota_and_document_warning(app, client, make, company,
                                                                 staff):
    allotment = make.techtas_allotment(company)
    case = make.case(company, allotment=allotment)
    walk(app, case, "preparing")
    response = client.post(f"/cases/{case.id}/move", data={
        "to_stage": "submitted", "submitted_on": "2025-06-01", "immd_reference": "G/1",
        "note": "Sent"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Moved to Submitted to ImmD." in page
    assert "alert-warning" in page and "Submitted with required documents missing" in page
    assert "Quota used: 1 of 5" in page
    assert "Refused or withdrawn now (before approval), this case returns its quota" in page
    assert used(app, allotment.position_id) == 1


def test_http_refusals_say_why_and_change_nothing(app, client, make, company, staff):
    allotment = make.techtas_allotment(company, positions=[{"quotas": 1}])
    first, second = (make.case(company, allotment=allotment) for _ in range(2))
    walk(app, first, "preparing", "submitted")
    walk(app, second, "preparing")
    data = {"to_stage": "submitted", "submitted_on": "2025-06-01"}
    page = client.post(f"/cases/{second.id}/move", data=data).get_data(as_text=True)
    assert "Move refused: Cannot submit to ImmD: Valid allotment" in page
    assert "has no quota left" in page
    page = client.post(f"/cases/{second.id}/move", data={"to_stage": "approved",
                                                        "approved_on": "2025-06-01"}
                       ).get_data(as_text=True)
    assert ("Move refused: A case in &#39;Preparing documents&#39; cannot move to "
            "&#39;Approved&#39;") in page
    assert case_row(app, second.id).stage == "preparing"
    assert used(app, allotment.position_id) == 1


def test_case_page_shows_details_flag_eligibility_and_timeline(app, client, make, company,
                                                              staff):
    candidate = make.candidate(company, passport_expiry=date(2025, 10, 1))
    case = make.case(company, candidate=candidate, allotment=make.techtas_allotment(company))
    make.documents(case)
    walk(app, case, "preparing", "submitted")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert ("Passport expires on 01/10/2025, before the intended start date 01/01/2099."
            in page)
    assert 'data-code="techtas_stem" data-outcome="pass"' in page
    timeline = page.split('aria-label="Timeline"', 1)[1].split("</ol>", 1)[0]
    assert timeline.index("Draft") < timeline.index("Preparing documents") < timeline.index(
        "Submitted to ImmD")
    assert "Submission date: 02/05/2025" in timeline and "ImmD reference: IMMD-1" in timeline


def test_hkid_registration_is_recorded_after_arrival(app, client, make, company, staff,
                                                     monkeypatch):
    case = make.case(company, allotment=make.techtas_allotment(company))
    make.documents(case)
    walk(app, case, "preparing", "submitted", "approved", "visa_issued")
    assert client.post(f"/cases/{case.id}/hkid", data={"hkid_registered_on": "2025-06-01"}
                       ).status_code == 200  # not arrived yet: refused
    assert case_row(app, case.id).hkid_registered_on is None
    walk(app, case, "arrived")
    assert FACTS["arrived"]["arrived_on"] == date(2025, 5, 30)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert has_label(page, "HKID registered on") and "Due by 29/06/2025" in page
    early = client.post(f"/cases/{case.id}/hkid", data={"hkid_registered_on": "2025-05-29"})
    assert ("HKID registration date 29/05/2025 is before the arrival date 30/05/2025."
            in early.get_data(as_text=True))
    ahead = client.post(f"/cases/{case.id}/hkid", data={"hkid_registered_on": "2025-06-03"})
    assert ("HKID registration date 03/06/2025 is in the future (today is 02/06/2025)."
            in ahead.get_data(as_text=True))
    assert case_row(app, case.id).hkid_registered_on is None
    pin_today(app, monkeypatch, date(2025, 6, 20))
    assert client.post(f"/cases/{case.id}/hkid", data={"hkid_registered_on": "2025-06-15"}
                       ).status_code == 302
    assert case_row(app, case.id).hkid_registered_on == date(2025, 6, 15)
    [entry] = audit_entries(app, "case", case.id, "update")
    assert entry.changes == {"hkid_registered_on": [None, "2025-06-15"]}
