"""QMAS, ASSG and NET as case schemes: forms, workflows, engine eligibility, checklists,
the limit-of-stay pre-fill, and the stay reminders covering them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.case_helpers import case_form, case_row, cases_of, move, walk
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused
from tracker.extensions import db
from tracker.reminders import services as reminders
from tracker.rules.workflow import SELF_APPLIED

pytestmark = pytest.mark.usefixtures("pinned_today")

ASSG_FACTS = {"place_of_birth": "Vancouver, Canada", "parent_hk_permanent_id": True,
              "parent_chinese_settled_overseas": True, "english": True,
              "date_of_birth": date(1995, 3, 1), "financial_means": True}
SELF_PATH = ["submitted", "under_assessment", "in_principle", "visa_issued", "arrived",
             "active", "closed"]


def self_case(make, company, scheme="QMAS", **facts):
    """A self-applied case: no job title, no salary."""
    candidate = make.candidate(company, **facts)
    return make.case(company, candidate=candidate, scheme=scheme, job_title="",
                     monthly_salary=None, local_recruitment_justification="")


# --- the case form -------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["QMAS", "ASSG"])
def test_self_applied_cases_need_no_job_offer(app, client, make, company, staff, scheme):
    candidate = make.candidate(company)
    response = client.post("/cases/new", data=case_form(candidate.id, scheme=scheme,
                                                        job_title="", monthly_salary=""))
    assert response.status_code == 302
    [case] = cases_of(app, company.id)
    assert (case.scheme, case.stage, case.job_title, case.monthly_salary) == (
        scheme, "preparing", "", None)
    page = client.get(response.location).get_data(as_text=True)
    assert "Preparing documents" in page and "Monthly salary (HKD)" in page


@pytest.mark.parametrize("scheme", ["GEP", "NET"])
def test_employer_schemes_still_need_the_offer(app, client, make, company, staff, scheme):
    candidate = make.candidate(company)
    response = client.post("/cases/new", data=case_form(candidate.id, scheme=scheme,
                                                        job_title="", monthly_salary=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the job title." in page and "Enter the monthly salary in HKD" in page
    assert cases_of(app, company.id) == []


def test_every_scheme_is_offered(client, staff):
    page = client.get("/cases/new").get_data(as_text=True)
    for code in ("GEP", "TechTAS", "QMAS", "ASSG", "NET"):
        assert f'value="{code}"' in page


# --- workflows -----------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["QMAS", "ASSG"])
def test_self_applied_cases_move_through_their_stages(app, make, company, scheme):
    case = self_case(make, company, scheme, **ASSG_FACTS)
    assert case_row(app, case.id).stage == SELF_APPLIED.first.code == "preparing"
    walk(app, case, *SELF_PATH[:3])
    row = case_row(app, case.id)
    assert (row.stage, row.submitted_on, row.approved_on) == (
        "in_principle", date(2025, 5, 2), date(2025, 5, 16))
    walk(app, case, *SELF_PATH[3:])
    row = case_row(app, case.id)
    assert (row.stage, row.limit_of_stay_until, row.arrived_on, row.hkid_due_on) == (
        "closed", date(2028, 5, 22), date(2025, 5, 30), date(2025, 6, 29))


def test_a_self_applied_move_out_of_order_names_the_allowed_stages(app, make, company):
    case = self_case(make, company)
    walk(app, case, "submitted")
    with pytest.raises(MoveRefused, match="A case in 'Submitted to ImmD' cannot move to "
                                          "'Approval-in-principle'. Allowed: 'Under "
                                          "assessment', 'Refused', 'Withdrawn'"):
        move(app, case, "in_principle")
    assert case_row(app, case.id).stage == "submitted"


def test_refused_and_withdrawn_end_a_self_applied_case(app, make, company):
    refused, withdrawn = self_case(make, company), self_case(make, company)
    walk(app, refused, "submitted", "under_assessment", "refused")
    walk(app, withdrawn, "withdrawn")
    assert case_row(app, refused.id).stage == "refused"
    assert case_row(app, withdrawn.id).stage == "withdrawn"
    with pytest.raises(MoveRefused, match="none \\(the case is over\\)"):
        move(app, refused, "submitted")


def test_net_uses_the_employment_workflow(app, make, company):
    candidate = make.candidate(company, native_english=True)
    case = make.case(company, candidate=candidate, scheme="NET", job_title="NET teacher")
    walk(app, case, "preparing", "submitted", "approved", "visa_issued", "arrived", "active")
    assert case_row(app, case.id).stage == "active"


# --- eligibility from the rule engine ------------------------------------------------------

def items(page: str) -> dict[str, str]:
    return dict(re.findall(r'class="rule" data-code="(\w+)" data-outcome="(\w+)"',
                           page))


def test_the_case_page_shows_the_engine_rules_of_the_scheme(client, make, company, staff):
    assg = self_case(make, company, "ASSG", **ASSG_FACTS)
    page = client.get(f"/cases/{assg.id}").get_data(as_text=True)
    assert items(page) == {"assg_age": "pass", "assg_born_overseas": "pass",
                           "assg_parent": "pass", "assg_education": "pass",
                           "assg_language": "pass", "assg_financial_means": "pass",
                           "assg_no_offer": "pass"}
    assert "indicative — the Immigration Department decides" in page
    assert "Aged 30 on 02/06/2025; turns 41 on 01/03/2036." in page
    qmas = self_case(make, company, "QMAS")
    page = client.get(f"/cases/{qmas.id}").get_data(as_text=True)
    assert items(page)["qmas_language"] == "unknown"
    assert "Proof of language proficiency" in page  # the QMAS checklist


def test_a_blocking_failure_refuses_submission(app, make, company):
    born_here = self_case(make, company, "ASSG", **ASSG_FACTS | {
        "place_of_birth": "Kowloon, Hong Kong"})
    with pytest.raises(MoveRefused, match=r"Cannot submit to ImmD: Born overseas .*: Born in "
                                          "Kowloon, Hong Kong"):
        move(app, born_here, "submitted")
    assert case_row(app, born_here.id).stage == "preparing"
    non_native = make.case(company, candidate=make.candidate(company, native_english=False),
                           scheme="NET", job_title="NET teacher")
    walk(app, non_native, "preparing")
    with pytest.raises(MoveRefused, match="Not a native speaker of English"):
        move(app, non_native, "submitted")


def test_an_unknown_fact_does_not_refuse_submission(app, make, company):
    case = self_case(make, company, "ASSG")  # parents and languages not recorded
    move(app, case, "submitted")
    assert case_row(app, case.id).stage == "submitted"


def test_the_age_counts_on_the_submission_date(app, make, company):
    # Turns 41 on 01/06/2025, the day before today: the submission on 01/06/2025 fails.
    case = self_case(make, company, "ASSG", **ASSG_FACTS | {"date_of_birth": date(1984, 6, 1)})
    with pytest.raises(MoveRefused, match="Aged 41 on 01/06/2025"):
        move(app, case, "submitted", submitted_on=date(2025, 6, 1))
    young = self_case(make, company, "ASSG", **ASSG_FACTS | {"date_of_birth": date(1984, 6, 2)})
    move(app, young, "submitted", submitted_on=date(2025, 6, 1))
    assert case_row(app, young.id).stage == "submitted"


# --- limit of stay -------------------------------------------------------------------------

def prefilled(page: str) -> str | None:
    found = re.search(r'<input[^>]*name="limit_of_stay_until"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', found.group(0)) if found else None
    return value.group(1) if value else None


@pytest.mark.parametrize("scheme,submitted_on,expected,pattern", [
    ("QMAS", date(2025, 3, 1), "2028-06-01", "3+3+2"),
    ("ASSG", date(2025, 3, 1), "2027-06-01", "2+3+3"),
    ("QMAS", date(2022, 12, 27), "2027-06-01", "2+3+3"),  # applied before the change
    ("ASSG", date(2022, 6, 1), "2026-06-01", "1+2+2+3"),
])
def test_visa_issued_prefills_the_limit_of_stay(app, client, make, company, staff, scheme,
                                                submitted_on, expected, pattern):
    case = self_case(make, company, scheme, **ASSG_FACTS)
    move(app, case, "submitted", submitted_on=submitted_on)
    walk(app, case, "under_assessment", "in_principle")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert prefilled(page) == expected
    assert f"pattern {pattern}" in page and "Change it to the date the visa states." in page
    # The suggestion is only a default: the date the visa states is what is stored.
    response = client.post(f"/cases/{case.id}/move", data={
        "to_stage": "visa_issued", "visa_issued_on": "2025-06-02", "visa_number": "EV1",
        "limit_of_stay_until": "2028-05-20"})
    assert response.status_code == 302
    assert case_row(app, case.id).limit_of_stay_until == date(2028, 5, 20)


def test_gep_and_net_prefill(app, client, make, company, staff):
    gep = make.case(company)
    make.documents(gep)
    walk(app, gep, "preparing", "submitted", "approved")
    assert prefilled(client.get(f"/cases/{gep.id}").get_data(as_text=True)) == "2028-06-01"
    net = make.case(company, candidate=make.candidate(company, native_english=True),
                    scheme="NET", job_title="NET teacher")
    walk(app, net, "preparing", "submitted", "approved")
    page = client.get(f"/cases/{net.id}").get_data(as_text=True)
    assert not prefilled(page) and "enter the contract end date" in page
    client.post(f"/cases/{net.id}/contract", data={"contract_start": "2025-08-01",
                                                    "renewal_decision": "pending"})
    page = client.get(f"/cases/{net.id}").get_data(as_text=True)
    assert prefilled(page) == "2027-07-31" and "Until the contract ends on 31/07/2027" in page


def test_stay_reminders_cover_the_new_schemes(app, make, company):
    ends = date(2030, 6, 30)
    ids = {}
    for scheme in ("QMAS", "ASSG", "NET"):
        case = (make.case(company, scheme="NET", job_title="NET teacher") if scheme == "NET"
                else self_case(make, company, scheme))
        ids[scheme] = case.id
        with app.app_context():
            row = db.session.get(Case, case.id)
            row.stage, row.limit_of_stay_until = "active", ends
            db.session.commit()
    with app.app_context():
        claims = reminders.scan(date(2030, 3, 30)).claims  # 3 months before: the window opens
    assert sorted((c.kind, c.object_id, c.offset_days) for c in claims
                  if c.status == "pending") == sorted(
        ("stay_expiry", i, 90) for i in ids.values())


def test_lists_show_the_stage_label_of_the_cases_own_workflow(app, client, make, company,
                                                              staff):
    case = self_case(make, company, "QMAS", **ASSG_FACTS)
    walk(app, case, "submitted", "under_assessment", "in_principle", "visa_issued", "arrived",
         "active")
    for url in ("/cases", f"/candidates/{case.candidate_id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Active (in Hong Kong)" in page and "Active (employed)</span>" not in page, url


def count_labels(page: str) -> dict[str, str]:
    """{stage code: label} of the count buttons on the case list."""
    return {code: label.strip() for code, label in re.findall(
        r'data-stage="([a-z_]+)"\s+href="[^"]*">([^<]*)<span', page)}


def test_stage_counts_are_labelled_for_the_workflows_listed(app, client, make, company, staff):
    qmas = self_case(make, company, "QMAS", **ASSG_FACTS)
    walk(app, qmas, *SELF_PATH[:6])
    techtas = make.case(company, allotment=make.techtas_allotment(company))
    make.documents(techtas)
    walk(app, techtas, "preparing", "submitted", "approved", "visa_issued", "arrived", "active")
    # Both cases are "active": the code means "employed" for one, "in Hong Kong" for the other.
    page = client.get("/cases").get_data(as_text=True)
    assert count_labels(page) == {"active": "Active"}
    assert '<option value="active">Active</option>' in page
    # Each row still shows its own case's label.
    assert "Active (employed)</span>" in page and "Active (in Hong Kong)</span>" in page
    assert count_labels(client.get("/cases?scheme=QMAS").get_data(as_text=True)) == {
        "active": "Active (in Hong Kong)"}
    assert count_labels(client.get("/cases?scheme=TechTAS").get_data(as_text=True)) == {
        "active": "Active (employed)"}
    # The dashboard's counts mix the workflows too.
    dashboard = client.get("/").get_data(as_text=True)
    assert re.search(r"stage=active\">Active <span", dashboard)
    assert "Active (employed)" not in dashboard


def test_a_move_flashes_the_label_of_the_cases_own_workflow(app, client, make, company, staff):
    qmas = self_case(make, company, "QMAS", **ASSG_FACTS)
    walk(app, qmas, *SELF_PATH[:5])
    page = client.post(f"/cases/{qmas.id}/move", data={"to_stage": "active"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Moved to Active (in Hong Kong)." in page
