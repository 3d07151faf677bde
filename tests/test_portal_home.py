"""The portal's home (issue 19): the candidate's own cases and their dependants', each
stage in plain words, what is asked of them and by when, and what happens next."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.case_helpers import TODAY
from tests.factories import CandidateRecord
from tests.portal_helpers import signed_up
from tests.reminder_fixtures import purge_queue
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.portal.models import PortalAccount, PortalRequest
from tracker.rules.candidate_stages import OVERRIDES, STAGES, candidate_stage
from tracker.rules.schemes import SCHEMES
from tracker.rules.workflow import WORKFLOWS

pytestmark = pytest.mark.usefixtures("pinned_today")
EMAIL = "lee.siuming@example.com"


@pytest.fixture(autouse=True)
def _empty_queue(app):
    purge_queue(app)
    yield
    purge_queue(app)


def test_every_stage_of_every_workflow_has_the_candidates_words():
    for workflow in WORKFLOWS.values():
        for stage in workflow.stages:
            assert stage.code in STAGES or (workflow.code, stage.code) in OVERRIDES, \
                (workflow.code, stage.code)
    assert all(stage in WORKFLOWS[flow].by_code for flow, stage in OVERRIDES)
    extension = candidate_stage("GEP", "extension", "visa_issued")
    assert "extension" in extension.now and extension != STAGES["visa_issued"]
    assert candidate_stage("GEP", "entry", "visa_issued") == STAGES["visa_issued"]
    assert set(SCHEMES) >= {"GEP", "QMAS"}


def dependant_of(app, principal: CandidateRecord, name: str) -> CandidateRecord:
    with app.app_context():
        child = Candidate(company_id=principal.company_id, principal_id=principal.id,
                          relation="child", full_name=name, nationality="Canadian",
                          date_of_birth=date(2015, 2, 2), passport_number=name.upper()[:8],
                          passport_expiry=date(2035, 1, 1))
        db.session.add(child)
        db.session.commit()
        return CandidateRecord(child.id, child.full_name, child.passport_number,
                               child.company_id)


def set_stage(app, case_id: int, stage: str) -> None:
    with app.app_context():
        db.session.get(Case, case_id).stage = stage
        db.session.commit()


def ask(app, case_id: int, person_id: int, requested_by: int, **values) -> int:
    """A request as HR's request pages make it (their flows are tested on their own)."""
    with app.app_context():
        account = db.session.query(PortalAccount).filter_by(candidate_id=person_id).one()
        row = PortalRequest(company_id=account.company_id, case_id=case_id,
                            account_id=account.id, requested_by_id=requested_by, **values)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_home_shows_own_and_dependants_cases_with_what_is_asked(app, client, staff, make,
                                                                company):
    person = make.candidate(company, full_name="Lee Siu Ming", email=EMAIL)
    own = make.case(company, candidate=person)
    set_stage(app, own.id, "info_requested")
    child = dependant_of(app, person, "Lee Child")
    childs = make.case(company, candidate=child, scheme="QMAS")
    stranger = make.case(company)  # someone else's
    candidate = signed_up(app, client, person.id, EMAIL)
    soon = TODAY + timedelta(days=3)
    ask(app, own.id, person.id, staff.id, kind="section", section="personal", due_on=soon)
    ask(app, own.id, person.id, staff.id, kind="document", document_code="passport",
        status="returned", reason="The scan is cut off at the bottom.",
        due_on=TODAY - timedelta(days=1))
    ask(app, own.id, person.id, staff.id, kind="section", section="education",
        status="accepted")
    ask(app, childs.id, person.id, staff.id, kind="section", section="family")

    page = candidate.get("/portal/").get_data(as_text=True)
    assert f'id="case-{own.id}"' in page and f'id="case-{childs.id}"' in page
    assert f'id="case-{stranger.id}"' not in page
    assert page.index(f'id="case-{own.id}"') < page.index(f'id="case-{childs.id}"')
    assert "The Immigration Department has asked for more information." in page
    assert "Send what is asked of you below as soon as you can" in page
    assert "Personal details" in page and f"by {soon:%d/%m/%Y}" in page
    assert "Passport copy (personal particulars page)" in page
    assert "The scan is cut off at the bottom." in page
    assert "text-danger" in page  # the returned passport is overdue
    assert "Education" not in page  # accepted: nothing left to do
    assert "For Lee Child" in page and "Family and dependants" in page
    assert "Quality Migrant Admission Scheme" in page


def test_home_in_chinese(app, client, staff, make, company):
    person = make.candidate(company, full_name="Lee Siu Ming", email=EMAIL)
    make.case(company, candidate=person)
    candidate = signed_up(app, client, person.id, EMAIL)
    candidate.post("/language", data={"language": "zh_Hant", "next": "/portal/"})
    page = candidate.get("/portal/").get_data(as_text=True)
    assert "你的申請" in page and "你的僱主已開始處理你的申請。" in page
    assert "一般就業政策" in page  # the scheme's official Chinese name
    assert "候選人專區" in page and "登出" in page
    assert "Dashboard" not in page and "儀表板" not in page  # no HR navigation


def test_home_without_cases(app, client, staff, make, company):
    person = make.candidate(company, email=EMAIL)
    candidate = signed_up(app, client, person.id, EMAIL)
    page = candidate.get("/portal/").get_data(as_text=True)
    assert "Your employer has not opened an application for you yet." in page


def test_a_case_page(app, client, staff, make, company):
    person = make.candidate(company, email=EMAIL)
    case = make.case(company, candidate=person)
    set_stage(app, case.id, "approved")
    candidate = signed_up(app, client, person.id, EMAIL)
    page = candidate.get(f"/portal/cases/{case.id}").get_data(as_text=True)
    assert "Your application has been approved." in page
    assert "The Immigration Department issues your visa." in page
    assert "All your applications" in page
