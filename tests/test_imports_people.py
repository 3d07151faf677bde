"""Import of employees' current status and of dependants (issue 18), through the real pages.

A status is recorded by the record form's own rules (people.services.check_input), a
dependant by the dependant form's (candidates.dependants.check_dependant); each kind
matches by passport number within the company, so the same file twice changes nothing.
"""

from __future__ import annotations

import html
from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import cases_of
from tests.test_imports import candidates, csv_bytes, import_kind, job
from tracker.audit.models import AuditEvent
from tracker.cases.models import CaseStageEvent
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")
STATUS_HEADERS = ["Passport number", "Scheme", "Visa / e-Visa number", "Visa issue date",
                  "Limit of stay until", "Arrival date", "Owner"]
DEPENDANT_HEADERS = ["Dependant of (passport number)", "Relation", "Full name", "Nationality",
                     "Date of birth", "Passport number", "Passport expiry", "Scheme",
                     "Visa / e-Visa number", "Visa issue date", "Limit of stay until",
                     "Arrival date"]


def page(client, number: int) -> str:
    return html.unescape(client.get(f"/imports/{number}").get_data(as_text=True))


def test_statuses_are_recorded_once_by_the_record_forms_rules(app, client, staff, company,
                                                              make):
    people = [make.candidate(company) for _ in range(2)]
    rows = [[people[0].passport_number, "IANG", "EV1", "01/09/2024", "31/08/2026",
             "05/09/2024", staff.email],
            [people[1].passport_number, "iang", "EV2", "01/09/2024", "31/08/2026",
             "05/09/2024", ""]]
    number = import_kind(client, csv_bytes(STATUS_HEADERS, rows), "statuses")
    assert job(app, number).new_count == 2, page(client, number)
    client.post(f"/imports/{number}/write", data={})
    recorded = sorted(cases_of(app, company.id), key=lambda c: c.candidate_id)
    assert [(c.kind, c.stage, c.scheme, c.visa_number, c.owner_id) for c in recorded] == [
        ("record", "active", "IANG", "EV1", staff.id), ("record", "active", "IANG", "EV2", None)]
    assert recorded[0].limit_of_stay_until == date(2026, 8, 31)
    with app.app_context():
        notes = db.session.scalars(sa.select(CaseStageEvent.note).where(
            CaseStageEvent.company_id == company.id)).all()
        assert notes == ["Imported from a spreadsheet"] * 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "import", AuditEvent.company_id == company.id)) == 1
    again = import_kind(client, csv_bytes(STATUS_HEADERS, rows), "statuses")
    assert job(app, again).unchanged_count == 2
    client.post(f"/imports/{again}/write", data={})
    assert len(cases_of(app, company.id)) == 2


def test_bad_status_rows_are_refused_with_their_column(app, client, staff, company, make):
    person, other, third = (make.candidate(company) for _ in range(3))
    rows = [[person.passport_number, "GEP", "EV1", "01/09/2024", "31/08/2026", "05/09/2024",
             ""],
            [other.passport_number, "IANG", "EV2", "01/09/2024", "31/05/2025", "05/09/2024",
             "nobody@example.com"],
            [other.passport_number, "IANG", "EV3", "01/09/2024", "31/08/2026", "05/09/2024",
             ""],
            ["Q0000000", "IANG", "EV4", "01/09/2024", "31/08/2026", "05/09/2024", ""],
            [third.passport_number, "IANG", "EV5", "01/09/2024", "31/08/2026", "01/08/2024",
             ""]]
    number = import_kind(client, csv_bytes(STATUS_HEADERS, rows), "statuses")
    shown = page(client, number)
    assert "Row 2, column “Scheme”: Choose a visa from the list." in shown
    assert ("Row 3, column “Limit of stay until”: The limit of stay 31/05/2025 has passed"
            in shown)
    assert ("Row 3, column “Owner”: nobody@example.com is not an active user of your "
            "company") in shown
    assert f"Row 4, column “Passport number”: Passport number {other.passport_number} is " \
           "also on row 3." in shown
    assert "Row 5, column “Passport number”: No one with passport number Q0000000" in shown
    assert "Row 6, column “Arrival date”: Arrival date 01/08/2024 is before" in shown
    client.post(f"/imports/{number}/write", data={})
    assert cases_of(app, company.id) == []


@pytest.mark.sqlite
def test_dependants_with_their_status_are_imported_once(app, client, staff, company, make):
    principal = make.candidate(company)
    rows = [[principal.passport_number, "Spouse", "Chan Mei", "Canadian", "01/01/1991",
             "D1000001", "01/01/2034", "", "EVD1", "01/09/2024", "31/08/2026", "05/09/2024"],
            [principal.passport_number, "child", "Chan Siu", "Canadian", "01/01/2015",
             "D1000002", "01/01/2030", "", "", "", "", ""]]
    number = import_kind(client, csv_bytes(DEPENDANT_HEADERS, rows), "dependants")
    assert job(app, number).new_count == 2, page(client, number)
    client.post(f"/imports/{number}/write", data={})
    family = {c.passport_number: c for c in candidates(app, company.id)}
    assert (family["D1000001"].principal_id, family["D1000001"].relation) == (principal.id,
                                                                              "spouse")
    assert family["D1000002"].relation == "child"
    [status] = cases_of(app, company.id)
    assert (status.candidate_id, status.scheme, status.kind) == (family["D1000001"].id, "DEP",
                                                                 "record")
    again = import_kind(client, csv_bytes(DEPENDANT_HEADERS, rows), "dependants")
    assert job(app, again).unchanged_count == 2, page(client, again)
    changed = [[*rows[1][:3], "British", *rows[1][4:]]]
    third = import_kind(client, csv_bytes(DEPENDANT_HEADERS, changed), "dependants")
    assert job(app, third).update_count == 1
    client.post(f"/imports/{third}/write", data={})
    assert {c.passport_number: c for c in candidates(app, company.id)}[
        "D1000002"].nationality == "British"


def test_bad_dependant_rows_are_refused(app, client, staff, company, make):
    principal = make.candidate(company)
    other = make.company()
    theirs = make.candidate(other)
    rows = [[principal.passport_number, "child", "Old Child", "Canadian", "01/01/2000",
             "D2000001", "01/01/2034", "", "", "", "", ""],
            [theirs.passport_number, "spouse", "Someone", "Canadian", "01/01/1990",
             "D2000002", "01/01/2034", "", "", "", "", ""],
            [principal.passport_number, "spouse", "Wife", "Canadian", "01/01/1990",
             "D2000003", "01/01/2034", "", "", "", "", ""],
            [principal.passport_number, "spouse", "Wife again", "Canadian", "01/01/1990",
             "D2000003", "01/01/2034", "", "", "", "", ""]]
    number = import_kind(client, csv_bytes(DEPENDANT_HEADERS, rows), "dependants")
    shown = page(client, number)
    assert "Row 2, column “Date of birth”:" in shown
    assert ("Row 3, column “Dependant of (passport number)”: No principal with passport "
            f"number {theirs.passport_number}") in shown
    assert "Row 5, column “Passport number”: Passport number D2000003 is also on row 4." in shown
    client.post(f"/imports/{number}/write", data={})
    assert len(candidates(app, company.id)) == 1
    assert len(candidates(app, other.id)) == 1


def test_a_candidates_file_with_dependants_links_them_to_a_principal_of_the_file(
        app, client, staff, company):
    headers = ["Full name", "Nationality", "Date of birth", "Passport number",
               "Passport expiry", "Relation", "Dependant of (passport number)"]
    rows = [["A Spouse", "Canadian", "01/01/1991", "S1000001", "01/01/2034",
             "Spouse", "P1000001"],  # before their principal, as the export's name order may
            ["Principal", "Canadian", "01/01/1990", "P1000001", "01/01/2034", "", ""]]
    number = import_kind(client, csv_bytes(headers, rows), "candidates")
    assert job(app, number).new_count == 2, page(client, number)
    client.post(f"/imports/{number}/write", data={})
    people = {c.passport_number: c for c in candidates(app, company.id)}
    assert (people["S1000001"].principal_id, people["S1000001"].relation) == (
        people["P1000001"].id, "spouse")
    again = import_kind(client, csv_bytes(headers, rows), "candidates")
    assert job(app, again).unchanged_count == 2, page(client, again)
