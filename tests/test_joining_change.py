"""A GEP or ASMTP holder joining from another employer, with no case here (issue 16): HR
starts their change of employment from the person's page — a case of kind
change_of_employment with no parent — refused, with the rule's reason, for a visa that
needs no approval; in English and Hong Kong Traditional Chinese."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.case_helpers import audit_entries, move
from tracker.cases.continuation import StartRefused, start_joining_change
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.rules.employer_change import employer_change
from tracker.rules.schemes import workflow_for_case

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK"}


def start(client, person_id: int, scheme: str = "GEP", employer: str = "Old Co Limited",
          owner: int | str = "", **kwargs):
    return client.post(f"/people/{person_id}/change-of-employment", data={
        "joining-scheme": scheme, "joining-previous_employer": employer,
        "joining-owner_id": str(owner)}, **kwargs)


def cases_of(app, person_id: int) -> list[Case]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Case).where(Case.candidate_id == person_id)))
        db.session.expunge_all()
        return rows


@pytest.mark.parametrize("scheme", ["GEP", "ASMTP"])
def test_a_person_joining_from_another_employer_gets_a_change_of_employment(
        app, make, company, staff, client, scheme):
    person = make.candidate(company)
    page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert 'id="joining-change-form"' in page and 'name="joining-previous_employer"' in page
    response = start(client, person.id, scheme, "  Old   Co Limited ", owner=staff.id)
    (case,) = cases_of(app, person.id)
    assert response.status_code == 302 and response.location == f"/cases/{case.id}"
    assert (case.kind, case.scheme, case.parent_case_id, case.previous_employer,
            case.owner_id, case.stage, case.quota_held) == (
        "change_of_employment", scheme, None, "Old Co Limited", staff.id,
        workflow_for_case(scheme, "change_of_employment").first.code, False)
    assert [e.action for e in audit_entries(app, "case", case.id)] == ["create"]
    shown = client.get(response.location).get_data(as_text=True)
    assert "Old Co Limited" in shown and "Change of employment opened." in shown


@pytest.mark.parametrize("scheme", ["IANG", "TTPS", "QMAS", "ASSG", "DEP"])
def test_a_visa_that_needs_no_approval_is_refused_with_the_rule_s_reason(
        app, make, company, staff, client, scheme):
    person = make.candidate(company)
    response = start(client, person.id, scheme)
    page = response.get_data(as_text=True)
    reason = employer_change(scheme).reason  # the rule's own words, not a copy
    assert response.status_code == 200 and 'id="joining-refusal"' in page
    assert str(reason).replace("'", "&#39;") in page
    assert cases_of(app, person.id) == []


def test_the_refusal_and_the_form_read_in_chinese(app, make, company, staff, client):
    person = make.candidate(company)
    page = client.get(f"/candidates/{person.id}", headers=ZH).get_data(as_text=True)
    assert "為從其他僱主轉職加入的人士開始申請轉換僱主" in page
    assert "Start a change of employment for someone joining" not in page
    refused = start(client, person.id, "IANG", headers=ZH).get_data(as_text=True)
    assert "未能開始申請轉換僱主：非本地畢業生留港/回港就業安排的持有人" in refused
    assert "The change of employment was not started" not in refused
    assert "IANG holders may take up" not in refused
    blank = start(client, person.id, "GEP", employer=" ", headers=ZH).get_data(as_text=True)
    assert "請輸入前僱主的名稱（一行）。" in blank
    assert cases_of(app, person.id) == []


def test_a_person_whose_stay_a_case_here_holds_changes_from_that_case(app, make, company,
                                                                       staff, client):
    person = make.candidate(company)
    case = make.case(company, candidate=person)
    for stage in ("preparing", "submitted", "approved", "visa_issued", "arrived"):
        move(app, case, stage)
    response = start(client, person.id)
    assert (f"Case {case.id} holds this person&#39;s stay: start the change of employment "
            "from that case.") in response.get_data(as_text=True)
    assert len(cases_of(app, person.id)) == 1


def test_a_second_change_is_refused_while_one_is_open(app, make, company, staff, client):
    person = make.candidate(company)
    start(client, person.id)
    (opened,) = cases_of(app, person.id)
    page = start(client, person.id, employer="Another Limited").get_data(as_text=True)
    assert (f"A change of employment is already open for this person: case {opened.id}."
            in page)
    assert len(cases_of(app, person.id)) == 1


def test_the_service_checks_the_owner_and_the_company(app, make, company, staff):
    person = make.candidate(company)
    other = make.company()
    stranger = make.user(other, role="staff", password=None)
    with app.app_context():
        with pytest.raises(StartRefused, match="Choose an active user of your company"):
            start_joining_change(person.id, company.id, "GEP", "Old Co", stranger.id)
        with pytest.raises(StartRefused, match="There is no such person in your company"):
            start_joining_change(person.id, other.id, "GEP", "Old Co")
        with pytest.raises(StartRefused, match="No change-of-employment rule"):
            start_joining_change(person.id, company.id, "NOPE", "Old Co")
    assert cases_of(app, person.id) == []


def test_another_company_s_person_answers_404(app, make, company, client, login):
    person = make.candidate(company)
    login(make.user(make.company(), role="staff"))
    assert start(client, person.id).status_code == 404
    assert cases_of(app, person.id) == []
