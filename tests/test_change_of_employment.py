"""Change of employment (issue 16): a GEP/ASMTP holder joining from another employer needs
ImmD's approval first — its own case, started from the person's case with the previous
employer; the schemes whose holders may change freely say why no approval is needed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.case_helpers import TODAY, audit_entries, case_row, move
from tests.test_extensions import active_case, max_case_id
from tracker.cases.continuation import StartRefused, start_change_of_employment
from tracker.cases.models import Case
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK"}


def recorded(app, make, company, scheme: str) -> Case:
    """A status recorded as the visa shows it (kind "record", active)."""
    person = make.candidate(company)
    with app.app_context():
        case = Case(company_id=company.id, candidate_id=person.id, scheme=scheme, kind="record",
                    stage="active", job_title="", limit_of_stay_until=date(2026, 9, 1),
                    visa_issued_on=date(2024, 9, 1), arrived_on=date(2024, 9, 2))
        db.session.add(case)
        db.session.commit()
        case_id = case.id
    return case_row(app, case_id)


def test_joining_from_another_employer_opens_its_own_case(app, make, company, staff, client):
    case = active_case(app, make, company)
    response = client.post(f"/cases/{case.id}/change-of-employment",
                           data={"previous_employer": "  Old  Employer Limited "})
    change = case_row(app, max_case_id(app))
    assert response.headers["Location"].endswith(f"/cases/{change.id}")
    assert (change.kind, change.parent_case_id, change.previous_employer, change.stage,
            change.scheme) == ("change_of_employment", case.id, "Old Employer Limited",
                               "preparing", "GEP")
    assert audit_entries(app, "case", change.id)[0].changes["previous_employer"] == [
        None, "Old Employer Limited"]
    page = client.get(f"/cases/{change.id}").get_data(as_text=True)
    assert "Old Employer Limited" in page
    # Its checklist: GEP's, as a new application, plus the permission held now.
    assert "ID 990A" in page and "Current visa or e-Visa and HKID card" in page
    # Like a new application, the scheme's admission rules apply to the post.
    assert 'class="mb-1 verdict-summary"' in page and 'id="no-admission-rules"' not in page


def test_the_visa_of_the_change_supersedes_the_old_permission(app, make, company):
    case = active_case(app, make, company)
    with app.app_context():
        change_id = start_change_of_employment(case.id, case.company_id, "Old Co").id
    change = case_row(app, change_id)
    for stage in ("submitted", "approved"):
        move(app, change, stage)
    assert case_row(app, case.id).superseded_by_id is None  # approval records no limit yet
    move(app, change, "visa_issued", visa_issued_on=TODAY, visa_number="EV-9",
         limit_of_stay_until=date(2028, 6, 1))
    assert case_row(app, case.id).superseded_by_id == change.id


def test_a_free_scheme_says_why_no_approval_is_needed(app, make, company, staff, client):
    case = recorded(app, make, company, "IANG")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "IANG holders may take up and change employment freely" in page
    assert 'id="change-of-employment"' not in page
    response = client.post(f"/cases/{case.id}/change-of-employment",
                           data={"previous_employer": "Old Co"})
    assert response.status_code == 200
    assert "no approval is needed" in response.get_data(as_text=True)
    assert max_case_id(app) == case.id


def test_refusals_change_nothing(app, make, company, staff, client):
    case = active_case(app, make, company)
    page = client.post(f"/cases/{case.id}/change-of-employment",
                       data={"previous_employer": ""}).get_data(as_text=True)
    assert "Enter the previous employer." in page
    with app.app_context():
        with pytest.raises(StartRefused, match="previous employer's name"):
            start_change_of_employment(case.id, case.company_id, "Line one\nline two")
        start_change_of_employment(case.id, case.company_id, "Old Co")
        with pytest.raises(StartRefused, match="already open"):
            start_change_of_employment(case.id, case.company_id, "Old Co")
    draft = make.case(company)
    with app.app_context(), pytest.raises(StartRefused, match="this case is at"):
        start_change_of_employment(draft.id, draft.company_id, "Old Co")


def test_the_change_of_employment_page_reads_in_chinese(app, make, company, staff, client):
    case = active_case(app, make, company)
    page = client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True)
    assert "由其他僱主轉職加入" in page and "前僱主" in page and "開始申請延期逗留" in page
    assert "Joins from another employer" not in page
    assert "Start the extension of stay" not in page
    response = client.post(f"/cases/{case.id}/change-of-employment", headers=ZH,
                           data={"previous_employer": ""})
    assert "請輸入前僱主。" in response.get_data(as_text=True)
