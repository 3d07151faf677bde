"""Import of cases at their current stage (issue 18), through the real pages.

A case imported at a stage passes exactly the rules of a case moved there by hand (the
stage-move service's own apply_move): the facts each stage records, the dates in order
and not in the future, the TechTAS quota taken on submission. Matched by case reference,
ImmD reference or person, scheme and submission date, so the same file twice changes
nothing; another company's cases are never read nor touched.
"""

from __future__ import annotations

import html
from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import case_row, cases_of, move, used
from tests.test_imports import csv_bytes, import_kind, job, past_step
from tracker.audit.models import AuditEvent
from tracker.cases.models import Case, CaseStageEvent
from tracker.cases.moves import MoveRefused
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")
HEADERS = ["Passport number", "Scheme", "Stage", "Job title", "Monthly salary (HKD)",
           "Local recruitment justification", "ITC reference", "Submitted on",
           "ImmD reference", "Approval date", "Visa issue date", "Visa / e-Visa number",
           "Limit of stay until", "Arrival date", "Kind of case"]
JUSTIFIED = "Advertised for 8 weeks; no local hire."


def row(passport: str, scheme: str = "GEP", stage: str = "Draft", itc: str = "",
        kind: str = "", **facts: str) -> list[str]:
    """A row of HEADERS: a GEP offer unless told, with the stage's facts given."""
    values = {"Passport number": passport, "Scheme": scheme, "Stage": stage,
              "Job title": "Research Engineer", "Monthly salary (HKD)": "50000",
              "Local recruitment justification": JUSTIFIED, "ITC reference": itc,
              "Kind of case": kind}
    names = {"submitted_on": "Submitted on", "immd_reference": "ImmD reference",
             "approved_on": "Approval date", "visa_issued_on": "Visa issue date",
             "visa_number": "Visa / e-Visa number",
             "limit_of_stay_until": "Limit of stay until", "arrived_on": "Arrival date"}
    values |= {names[k]: v for k, v in facts.items()}
    return [values.get(header, "") for header in HEADERS]


SUBMITTED = {"submitted_on": "02/05/2025", "immd_reference": "IMMD-1"}
VISA = SUBMITTED | {"approved_on": "16/05/2025", "visa_issued_on": "23/05/2025",
                    "visa_number": "EV123", "limit_of_stay_until": "22/05/2028"}


def page(client, number: int) -> str:
    """The preview page's text, quotes unescaped."""
    return html.unescape(client.get(f"/imports/{number}").get_data(as_text=True))


def test_cases_at_their_stage_are_written_once_with_an_imported_timeline_entry(
        app, client, staff, company, make):
    people = [make.candidate(company) for _ in range(4)]
    allotment = make.techtas_allotment(company, positions=[{"quotas": 2}])
    rows = [row(people[0].passport_number),
            row(people[1].passport_number, stage="Submitted to ImmD", **SUBMITTED),
            row(people[2].passport_number, "TechTAS", "Visa issued", allotment.itc_reference,
                **(VISA | {"immd_reference": "IMMD-2"})),
            row(people[3].passport_number, "IANG", "Active (recorded)",
                kind="Status recorded as the visa shows it",
                **{k: v for k, v in VISA.items() if k in (
                    "visa_issued_on", "visa_number", "limit_of_stay_until")},
                arrived_on="30/05/2025")]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    assert page(client, number).count('data-mark="new"') == 4, page(client, number)
    assert cases_of(app, company.id) == [] and used(app, allotment.position_id) == 0
    client.post(f"/imports/{number}/write", data={})
    cases = {c.candidate_id: c for c in cases_of(app, company.id)}
    assert [cases[p.id].stage for p in people] == ["draft", "submitted", "visa_issued",
                                                   "active"]
    techtas = cases[people[2].id]
    assert (techtas.quota_held, techtas.position_id) == (True, allotment.position_id)
    assert used(app, allotment.position_id) == 1  # taken by the submission, as by hand
    assert (techtas.submitted_on, techtas.limit_of_stay_until) == (date(2025, 5, 2),
                                                                   date(2028, 5, 22))
    assert cases[people[3].id].kind == "record"
    with app.app_context():
        events = list(db.session.scalars(sa.select(CaseStageEvent).where(
            CaseStageEvent.company_id == company.id)))
        assert len(events) == 4 and {e.moved_by_id for e in events} == {staff.id}
        mine = next(e for e in events if e.case_id == techtas.id)
        assert (mine.from_stage, mine.to_stage, mine.note) == (
            None, "visa_issued", "Imported from a spreadsheet")
        assert mine.facts["approved_on"] == "2025-05-16"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "import", AuditEvent.company_id == company.id)) == 1
    again = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    assert job(app, again).unchanged_count == 4, page(client, again)
    client.post(f"/imports/{again}/write", data={})
    assert len(cases_of(app, company.id)) == 4 and used(app, allotment.position_id) == 1


def test_a_stage_fact_missing_or_dates_out_of_order_refuse_the_row(app, client, staff,
                                                                    company, make):
    people = [make.candidate(company) for _ in range(4)]
    rows = [row(people[0].passport_number, stage="Submitted to ImmD"),
            row(people[1].passport_number, stage="Approved",
                **(SUBMITTED | {"approved_on": "01/05/2025"})),
            row(people[2].passport_number, stage="Submitted to ImmD",
                **(SUBMITTED | {"submitted_on": "01/07/2025", "immd_reference": "IMMD-3"})),
            row(people[3].passport_number, stage="Submitted to ImmD",
                **(SUBMITTED | {"approved_on": "16/05/2025", "immd_reference": "IMMD-4"}))]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    shown = page(client, number)
    assert ("Row 2, column “Stage”: Enter the Submission date for 'Submitted to ImmD'."
            in shown)
    assert "Row 3, column “Stage”: Approval date 01/05/2025 is before" in shown
    assert "Row 4, column “Stage”: Submission date 01/07/2025 is in the future" in shown
    assert ("Row 5, column “Approval date”: A case at stage 'Submitted to ImmD' has not "
            "recorded this yet.") in shown
    client.post(f"/imports/{number}/write", data={})
    assert cases_of(app, company.id) == []


def test_the_import_refuses_what_the_stage_move_refuses_in_the_same_words(app, client, staff,
                                                                         company, make):
    """One rule: the message of a case moved by hand is the import's message."""
    person = make.candidate(company)
    by_hand = make.case(company, candidate=make.candidate(company),
                        local_recruitment_justification=JUSTIFIED)
    move(app, by_hand, "preparing")
    move(app, by_hand, "submitted")
    with pytest.raises(MoveRefused) as refused:
        move(app, by_hand, "approved", approved_on=date(2025, 5, 1))
    rows = [row(person.passport_number, stage="Approved",
                **(SUBMITTED | {"approved_on": "01/05/2025", "immd_reference": "IMMD-9"}))]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    assert f"Row 2, column “Stage”: {refused.value.message}" in page(client, number)


def test_the_quota_runs_out_within_the_file_and_valid_rows_only_keep_one(app, client, staff,
                                                                         company, make):
    people = [make.candidate(company) for _ in range(2)]
    allotment = make.techtas_allotment(company, positions=[{"quotas": 1}])
    rows = [row(p.passport_number, "TechTAS", "Submitted to ImmD", allotment.itc_reference,
                submitted_on="02/05/2025", immd_reference=f"IMMD-{n}")
            for n, p in enumerate(people)]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    assert "Row 3, column “Stage”: No quota left on position 'Research Engineer'" in page(
        client, number)
    assert used(app, allotment.position_id) == 0  # the preview took nothing for good
    client.post(f"/imports/{number}/write", data={})
    assert cases_of(app, company.id) == []
    client.post(f"/imports/{number}/write", data={"valid_only": "y"})
    assert [c.candidate_id for c in cases_of(app, company.id)] == [people[0].id]
    assert used(app, allotment.position_id) == 1


def test_duplicates_unknown_people_dates_out_of_range_and_missing_columns(app, client, staff,
                                                                          company, make):
    person = make.candidate(company)
    rows = [row(person.passport_number, stage="Submitted to ImmD", **SUBMITTED),
            row(make.candidate(company).passport_number, stage="Submitted to ImmD",
                **SUBMITTED),
            row("X9999999"), row(person.passport_number, stage="Nowhere"),
            row(person.passport_number, stage="Submitted to ImmD", submitted_on="01/01/2300",
                immd_reference="IMMD-8")]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    shown = page(client, number)
    assert "Row 3, column “ImmD reference”: IMMD-1 is also on row 2." in shown
    assert ("Row 4, column “Passport number”: No one with passport number X9999999 is "
            "recorded in your company") in shown
    assert "Row 5, column “Stage”: Nowhere is not a stage of a GEP case." in shown
    assert ("Row 6, column “Submitted on”: The date 01/01/2300 is out of range (1900 to 2199)."
            in shown)
    from tests.test_imports import job_id, upload
    response = upload(client, csv_bytes(["Passport number", "Job title"], [["P1", "x"]]),
                      kind="cases")
    refused = client.post(f"/imports/{job_id(response)}/mapping",
                          data={"field_passport_number": "0"}, follow_redirects=True)
    assert "The file has no column for: Scheme, Stage." in refused.get_data(as_text=True)


def test_another_companys_case_reference_is_never_touched(app, client, staff, company, make):
    other = make.company()
    theirs = make.case(other)
    person = make.candidate(company)
    headers = ["Case", *HEADERS]
    rows = [[str(theirs.id), *row(person.passport_number, stage="Submitted to ImmD",
                                  **SUBMITTED)]]
    number = import_kind(client, csv_bytes(headers, rows), "cases")
    assert job(app, number).new_count == 1  # their case is not this company's: a new one
    client.post(f"/imports/{number}/write", data={})
    assert case_row(app, theirs.id).stage == "draft"
    assert case_row(app, theirs.id).company_id == other.id
    mine = cases_of(app, company.id)
    assert len(mine) == 1 and mine[0].id != theirs.id
    # A recorded case at another stage than the row's is refused, not moved.
    changed = [[str(mine[0].id), *row(person.passport_number, stage="Approved",
                                      **(SUBMITTED | {"approved_on": "16/05/2025"}))]]
    number = import_kind(client, csv_bytes(headers, changed), "cases")
    assert (f"Case {mine[0].id} is recorded with other details: move or correct it on its "
            "page.") in page(client, number)


def test_a_refused_case_walks_through_its_facts_and_gives_its_quota_back(app, client, staff,
                                                                        company, make):
    person = make.candidate(company)
    allotment = make.techtas_allotment(company, positions=[{"quotas": 1}])
    rows = [row(person.passport_number, "TechTAS", "Refused", allotment.itc_reference,
                **SUBMITTED)]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    client.post(f"/imports/{number}/write", data={})
    [case] = cases_of(app, company.id)
    assert (case.stage, case.submitted_on, case.quota_held) == ("refused", date(2025, 5, 2),
                                                                False)
    assert used(app, allotment.position_id) == 0



@pytest.mark.sqlite
def test_a_case_import_on_either_database(app, client, staff, company, make):
    person = make.candidate(company)
    rows = [row(person.passport_number, stage="Approved",
                **(SUBMITTED | {"approved_on": "16/05/2025"}))]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")
    client.post(f"/imports/{number}/write", data={})
    with app.app_context():
        stored = db.session.scalar(sa.select(Case).where(Case.company_id == company.id))
        assert (stored.stage, stored.approved_on) == ("approved", date(2025, 5, 16))


def test_a_large_file_of_cases_is_checked_and_written_by_the_worker(
        app, client, staff, company, make, start_worker, smtp_sink, monkeypatch):

    from tracker.imports import writing

    monkeypatch.setattr(writing, "LARGE", 3)  # the page's decision; the worker follows it
    start_worker(smtp_sink.port)
    allotment = make.techtas_allotment(company, positions=[{"quotas": 4}])
    rows = [row(make.candidate(company).passport_number, "TechTAS", "Submitted to ImmD",
                allotment.itc_reference, submitted_on="02/05/2025",
                immd_reference=f"IMMD-{n}") for n in range(5)]
    number = import_kind(client, csv_bytes(HEADERS, rows), "cases")

    assert past_step(client, number, "checking")["status"] == "previewed"
    assert (job(app, number).new_count, job(app, number).error_count) == (4, 1)
    assert used(app, allotment.position_id) == 0  # the worker's check took nothing for good
    client.post(f"/imports/{number}/write", data={"valid_only": "y"})
    assert past_step(client, number, "writing") == {"status": "done", "progress": 100, "total": 5,
                                   "written": 4}
    assert len(cases_of(app, company.id)) == 4 and used(app, allotment.position_id) == 4


def test_an_hkid_registration_before_the_arrival_is_refused_by_the_case_pages_rule(
        app, client, staff, company, make):
    person = make.candidate(company)
    headers = [*HEADERS, "HKID registered on"]
    facts = VISA | {"arrived_on": "30/05/2025"}
    rows = [[*row(person.passport_number, stage="Arrived", **facts), "29/05/2025"]]
    number = import_kind(client, csv_bytes(headers, rows), "cases")
    assert ("Row 2, column “HKID registered on”: HKID registration date 29/05/2025 is before "
            "the arrival date 30/05/2025.") in page(client, number)
    rows = [[*row(person.passport_number, stage="Arrived", **facts), "01/06/2025"]]
    number = import_kind(client, csv_bytes(headers, rows), "cases")
    client.post(f"/imports/{number}/write", data={})
    [case] = cases_of(app, company.id)
    assert (case.stage, case.hkid_registered_on) == ("arrived", date(2025, 6, 1))
