"""The round trip of issue 18: export a company's lists, import the files into a new
company, and get the same records, field by field.

Every file goes through the real export endpoints (signed in to the first company) and
the real import endpoints (signed in to the new one), with the columns the import
guessed from the export's own headers: nobody maps anything. Candidates and cases
travel as CSV, allotments and the Workforce as XLSX; all but the Workforce in Chinese
(headers, stages, kinds, relations, qualifications, yes and no).

Left out of the comparison, because they cannot carry over:
* ids (a case's, a candidate's, a principal's): the new company's rows get their own;
  the links between records are compared through the passport numbers and ITC
  references they point to instead;
* owners: users belong to one company and an e-mail to one user, so an owner carries
  over by full name, to the new company's user of that name (compared by name);
* the timeline and the audit log: an imported case has one entry, "Imported from a
  spreadsheet", at its stage (the Reports count it from the import);
* what no list shows: documents received, the route advisor's optional facts of a
  candidate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from tests.case_helpers import move
from tests.test_imports import import_kind, job
from tracker.auth.models import User
from tracker.candidates import dependants as dependant_rules
from tracker.candidates.models import Candidate
from tracker.cases import services as case_services
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people import services as status_services
from tracker.quotas.models import QuotaAllotment

pytestmark = pytest.mark.usefixtures("pinned_today")
ZH = {"Accept-Language": "zh-HK"}
CANDIDATE_FIELDS = ("full_name", "chinese_name", "nationality", "date_of_birth",
                    "place_of_birth", "passport_number", "passport_expiry", "email",
                    "qualification_level", "qualification_subject",
                    "qualification_institution", "stem_degree", "years_experience",
                    "current_location", "relation")
CASE_FIELDS = ("scheme", "kind", "stage", "job_title", "monthly_salary", "intended_start_date",
               "local_recruitment_justification", "talent_list_profession", "submitted_on",
               "submission_channel", "immd_reference", "info_requested_on", "approved_on",
               "visa_issued_on", "visa_number", "limit_of_stay_until", "arrived_on",
               "hkid_due_on", "hkid_registered_on", "quota_held")


def build_company(app, make, company) -> None:
    """Varied records: a family, a TechTAS allotment, cases at several stages, statuses."""
    owner = make.user(company, role="staff")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == owner.id)
                           .values(full_name="Ho Ka Yan"))
        db.session.commit()
    chan = make.candidate(company, full_name="Chan Tai Man", chinese_name="陳大文",
                          current_location="Hong Kong", years_experience=7)
    lee = make.candidate(company, full_name="Lee Wing", qualification_level="doctorate",
                         stem_degree=None, email="")
    wong = make.candidate(company, full_name="=Wong Formula", qualification_level=None)
    ip = make.candidate(company, full_name="Ip Mei", nationality="Indian")
    with app.app_context():
        principal = db.session.get_one(Candidate, chan.id)
        spouse = dependant_rules.add_dependant(principal, dependant_rules.DependantInput(
            "spouse", "Chan Mei Ling", "陳美玲", "Chinese", date(1991, 3, 4), "S7654321",
            date(2033, 1, 1)), date(2025, 6, 2))
        status_services.record_status(spouse, status_services.StatusInput(
            "DEP", "EVS1", date(2024, 9, 1), date(2026, 8, 31), date(2024, 9, 5)),
            date(2025, 6, 2))
        person = db.session.get_one(Candidate, ip.id)
        status_services.record_status(person, status_services.StatusInput(
            "IANG", "EVI1", date(2024, 9, 1), date(2026, 8, 31), date(2024, 9, 5),
            owner.id), date(2025, 6, 2))
    allotment = make.allotment(company, "ITC/RT/0001",
                               positions=(("Machine learning engineer", 2), ("Data steward", 1)))
    make.case(company, candidate=lee, owner_id=owner.id, talent_list_profession="")
    submitted = make.case(company, candidate=chan, owner_id=owner.id)
    move(app, submitted, "preparing")
    move(app, submitted, "submitted", submitted_on=date(2025, 5, 2), immd_reference="GEP/77")
    techtas = make.case(company, candidate=wong, allotment=allotment,
                        position_id=allotment.position_ids[1], job_title="Data steward",
                        monthly_salary=45000)
    for stage in ("preparing", "submitted", "info_requested", "submitted", "approved",
                  "visa_issued", "arrived"):
        move(app, techtas, stage)
    with app.app_context():
        case_services.mark_hkid_registered(db.session.get_one(Case, techtas.id),
                                           date(2025, 6, 1))


def export(client, path: str, headers: dict | None = None) -> bytes:
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200
    return response.get_data()


def imported(app, client, content: bytes, kind: str, headers: dict | None = None) -> int:
    """Import *content* as *kind* with the guessed columns and write it; the job id."""
    number = import_kind(client, content, kind)
    found = job(app, number)
    assert found.error_count == 0, [marks for marks in found.marks if marks[2]]
    assert client.post(f"/imports/{number}/write", data={}).status_code == 302
    assert job(app, number).status == "done"
    return number


def people(app, company_id: int) -> dict[str, dict[str, Any]]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Candidate).where(Candidate.company_id == company_id))
        by_id = {c.id: c for c in rows}
        return {c.passport_number: {**{f: getattr(c, f) for f in CANDIDATE_FIELDS},
                                    "principal": by_id[c.principal_id].passport_number
                                    if c.principal_id else None}
                for c in by_id.values()}


def allotments(app, company_id: int) -> dict[str, Any]:
    with app.app_context():
        rows = db.session.scalars(sa.select(QuotaAllotment).where(
            QuotaAllotment.company_id == company_id))
        return {a.itc_reference: (a.allotment_date, a.valid_until, a.total_quotas, a.notes,
                                  sorted((p.job_title, p.technology_area, p.monthly_salary,
                                          p.quotas, p.required_qualification, p.used)
                                         for p in a.positions)) for a in rows}


def cases(app, company_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Case).where(Case.company_id == company_id))
        return {(c.candidate.passport_number, c.kind): {
            **{f: getattr(c, f) for f in CASE_FIELDS},
            "owner": c.owner.full_name if c.owner else None,
            "allotment": c.allotment.itc_reference if c.allotment else None,
            "position": c.position.job_title if c.position else None} for c in rows}


@pytest.mark.sqlite
def test_a_company_exported_and_imported_into_a_new_one_gives_the_same_records(
        app, client, make, company, login):
    build_company(app, make, company)
    login(make.user(company, role="viewer"))  # viewers export what they read
    files = {"candidates": export(client, "/export/candidates.csv", ZH),
             "allotments": export(client, "/export/allotments.xlsx", ZH),
             "cases": export(client, "/export/cases.csv", ZH),
             "statuses": export(client, "/export/workforce.xlsx")}
    new = make.company()
    other = app.test_client()
    login(make.user(new, role="staff"), the_client=other)
    namesake = make.user(new, role="staff")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == namesake.id)
                           .values(full_name="Ho Ka Yan"))
        db.session.commit()
    for kind in ("candidates", "allotments", "cases"):
        imported(app, other, files[kind], kind)
    # Every status in force came with its case: the Workforce file holds nothing new.
    workforce = import_kind(other, files["statuses"], "statuses")
    assert job(app, workforce).unchanged_count == 3, other.get(
        f"/imports/{workforce}").get_data(as_text=True)

    assert people(app, new.id) == people(app, company.id)
    assert allotments(app, new.id) == allotments(app, company.id)
    before, after = cases(app, company.id), cases(app, new.id)
    assert len(before) == 5 and after == before
    # The same files again change nothing.
    for kind in ("candidates", "allotments", "cases"):
        again = import_kind(other, files[kind], kind)
        assert job(app, again).unchanged_count == job(app, again).total, kind
