"""Candidate pages: labels, passport numbers, company isolation, roles, audit, search."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import audit_entries
from tests.factories import candidate_values
from tracker.candidates.models import Candidate
from tracker.candidates.services import CandidateError, create_candidate, normalise_passport
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")

LABELS = ["Full name", "Chinese name", "Nationality", "Date of birth", "Passport number",
          "Passport expiry", "Email", "Highest qualification", "Subject", "Institution",
          "STEM degree", "Years of relevant experience", "Current location", "Place of birth"]


def form(**overrides) -> dict:
    values = candidate_values(99, **overrides)
    data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
    data["stem_degree"] = {True: "yes", False: "no", None: ""}[values["stem_degree"]]
    return data


def stored(app, company_id: int) -> list[Candidate]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Candidate).where(
            Candidate.company_id == company_id).order_by(Candidate.id)))
        db.session.expunge_all()
        return rows


def test_the_form_has_the_exact_labels(client, make, login):
    login(make.user(role="staff"))
    page = client.get("/candidates/new").get_data(as_text=True)
    for label in LABELS:
        assert re.search(rf"<label[^>]*>\s*{re.escape(label)}\s*</label>", page), label


def test_staff_adds_a_candidate_with_a_normalised_passport_number(app, client, make, login):
    staff = make.user(role="staff")
    login(staff)
    response = client.post("/candidates/new", data=form(passport_number=" ab 12 345c "))
    assert response.status_code == 302
    [candidate] = stored(app, staff.company_id)
    assert candidate.passport_number == "AB12345C"
    assert client.get(response.location).status_code == 200
    [entry] = audit_entries(app, "candidate", candidate.id, "create")
    assert entry.user_id == staff.id
    assert entry.changes["passport_number"] == [None, "AB12345C"]


def test_a_duplicate_passport_in_the_company_is_refused_naming_the_candidate(app, client, make,
                                                                              login):
    company = make.company()
    existing = make.candidate(company, full_name="Chan Tai Man", passport_number="K1234567")
    login(make.user(company, role="staff"))
    response = client.post("/candidates/new", data=form(passport_number="k123 4567"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (f"Passport number K1234567 is already recorded for Chan Tai Man "
            f"(candidate #{existing.id}).") in page
    assert len(stored(app, company.id)) == 1


def test_the_same_passport_in_another_company_is_fine(app, make):
    make.candidate(make.company(), passport_number="K1234567")
    other = make.company()
    make.candidate(other, passport_number="K1234567")
    assert [c.passport_number for c in stored(app, other.id)] == ["K1234567"]


def test_editing_into_a_duplicate_is_refused(app, client, make, login):
    company = make.company()
    make.candidate(company, full_name="First", passport_number="A1111111")
    second = make.candidate(company, full_name="Second", passport_number="B2222222")
    login(make.user(company, role="staff"))
    response = client.post(f"/candidates/{second.id}/edit", data=form(
        full_name="Second", passport_number="a1111111"))
    assert "already recorded for First" in response.get_data(as_text=True)
    assert stored(app, company.id)[1].passport_number == "B2222222"


def test_edit_is_audited_field_by_field(app, client, make, login):
    company = make.company()
    candidate = make.candidate(company, full_name="Old Name")
    login(make.user(company, role="staff"))
    data = form(full_name="New Name", passport_number=candidate.passport_number)
    assert client.post(f"/candidates/{candidate.id}/edit", data=data).status_code == 302
    [entry] = audit_entries(app, "candidate", candidate.id, "update")
    assert entry.changes["full_name"] == ["Old Name", "New Name"]


@pytest.mark.parametrize("field,value,message", [
    ("passport_number", "AB-12", "5 to 30 letters and digits"),
    ("date_of_birth", "2030-01-01", "must be a past date"),
    # A line break in a name would reach e-mail subjects as a header of its own.
    ("full_name", "Evil Name\r\nBcc: x@evil.example",
     "Full name cannot contain line breaks, tabs or other control characters."),
    ("chinese_name", "黃嘉欣\t", "Chinese name cannot contain line breaks"),
])
def test_bad_input_is_refused_with_a_message(app, client, make, login, field, value, message):
    staff = make.user(role="staff")
    login(staff)
    response = client.post("/candidates/new", data=form(**{field: value}))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert stored(app, staff.company_id) == []


def test_service_refuses_control_characters_without_a_form(app, make):
    company = make.company()
    with app.app_context(), pytest.raises(CandidateError, match="cannot contain line breaks"):
        create_candidate(company.id, candidate_values(1, full_name="Evil\nBcc: x@evil.example"))
    assert stored(app, company.id) == []


def test_service_refuses_duplicates_directly(app, make):
    company = make.company()
    make.candidate(company, passport_number="Z9999999")
    with app.app_context(), pytest.raises(CandidateError, match="already recorded"):
        create_candidate(company.id, candidate_values(1, passport_number="z 9999999"))
    assert normalise_passport(" z 99\t99 ") == "Z9999"


def test_another_companys_candidate_is_404(client, make, login):
    login(make.user(role="staff"))
    stranger = make.candidate(make.company())
    assert client.get(f"/candidates/{stranger.id}").status_code == 404
    assert client.get(f"/candidates/{stranger.id}/edit").status_code == 404
    assert client.post(f"/candidates/{stranger.id}/edit", data=form()).status_code == 404


def test_the_list_shows_only_the_companys_candidates(client, make, login):
    company = make.company()
    make.candidate(company, full_name="Own Person")
    make.candidate(make.company(), full_name="Stranger Person")
    login(make.user(company, role="viewer"))
    page = client.get("/candidates").get_data(as_text=True)
    assert "Own Person" in page and "Stranger Person" not in page


@pytest.mark.parametrize("role,status", [("viewer", 403), ("staff", 200), ("admin", 200)])
def test_only_staff_add_and_edit(client, make, login, role, status):
    company = make.company()
    candidate = make.candidate(company)
    login(make.user(company, role=role))
    assert client.get("/candidates/new").status_code == status
    assert client.get(f"/candidates/{candidate.id}/edit").status_code == status
    assert client.get(f"/candidates/{candidate.id}").status_code == 200


def test_viewer_cannot_post(app, client, make, login):
    viewer = make.user(role="viewer")
    login(viewer)
    assert client.post("/candidates/new", data=form()).status_code == 403
    assert stored(app, viewer.company_id) == []


def test_search_by_name_or_passport_and_pages(client, make, login):
    company = make.company()
    make.candidate(company, full_name="Wong Siu Ming", passport_number="HK0000001")
    for n in range(30):
        make.candidate(company, full_name=f"Person {n:02d}", passport_number=f"X{n:07d}")
    login(make.user(company, role="viewer"))
    assert "Wong Siu Ming" in client.get("/candidates?q=siu").get_data(as_text=True)
    by_number = client.get("/candidates?q=hk 00").get_data(as_text=True)
    assert "Wong Siu Ming" in by_number and "Person 01" not in by_number
    first = client.get("/candidates").get_data(as_text=True)
    assert "Person 00" in first and "Person 29" not in first and "page=2" in first
    second = client.get("/candidates?page=2").get_data(as_text=True)
    assert "Person 29" in second and "Person 00" not in second
    # "%" and "_" match themselves, not anything.
    assert "No candidate matches" in client.get("/candidates?q=%25").get_data(as_text=True)
    assert "No candidate matches" in client.get("/candidates?q=_").get_data(as_text=True)


def test_candidate_page_shows_the_passport_flag(client, make, login):
    company = make.company()
    candidate = make.candidate(company, passport_expiry=date(2025, 9, 1))
    login(make.user(company, role="viewer"))
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Passport expires on 01/09/2025, within 6 months." in page


def test_a_stem_degree_left_not_known_stays_not_known(app, client, make, login):
    """Blank used to be stored as "no", and TechTAS's STEM rule then failed instead of
    answering "unknown"."""
    from tracker.candidates.profile import candidate_profile
    from tracker.rules.advisor import verdict_for

    staff = make.user(role="staff")
    login(staff)
    assert client.post("/candidates/new", data=form(stem_degree=None)).status_code == 302
    [candidate] = stored(app, staff.company_id)
    assert candidate.stem_degree is None
    assert "Not known" in client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    with app.app_context():
        verdict = verdict_for("TechTAS", candidate_profile(candidate), date(2025, 6, 2))
    [stem] = [rule for rule in verdict.results if "STEM" in rule.label]
    assert stem.outcome == "unknown"
