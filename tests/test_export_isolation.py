"""Every export, in both formats, holds the signed-in user's company only (issue 18:
"Import and export under isolation"): another company's case, candidate, allotment,
audit entry and reminder never appear, whatever the filters say."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.reminders.builders import ledger_row
from tracker.audit.services import record
from tracker.extensions import db

MARK = "Zzyzx Other"  # company B's text, in every one of its records
LISTS = ("cases", "candidates", "allotments", "workforce", "audit", "notifications")


def body_text(response) -> str:
    """The export's cells as text, whichever the format."""
    if response.mimetype == "text/csv":
        return response.get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    return "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


@pytest.fixture
def two_companies(app, make, company):
    """Company A (the signed-in admin's) and company B, each with one of everything."""
    other = make.company()
    for owner, name in ((company, "Chan Own"), (other, MARK)):
        person = make.candidate(owner, full_name=name)
        make.case(owner, candidate=person)
        allotment = make.techtas_allotment(owner, itc_reference=f"ITC/{name}")
        ledger_row(app, owner.id, allotment.id, status="sent", subject=f"Reminder {name}")
        with app.app_context():
            record("update", "case", 1, summary=f"Changed {name}", company_id=owner.id)
            db.session.commit()
    return other


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", LISTS)
def test_no_export_holds_another_companys_records(app, client, make, company, login,
                                                 two_companies, name, fmt):
    login(make.user(company, role="admin"))
    # A search for company B's text matches nothing of B's.
    response = client.get(f"/export/{name}.{fmt}?q=Zzyzx")
    assert response.status_code == 200
    assert MARK not in body_text(response)
    whole = body_text(client.get(f"/export/{name}.{fmt}"))
    assert MARK not in whole
    if name == "workforce":  # nobody has a status in force: both lists are empty
        return
    assert "Chan Own" in whole
    # Company B's own admin finds its records in the same export.
    theirs = login(make.user(two_companies, role="admin"), the_client=app.test_client())
    assert MARK in body_text(theirs.get(f"/export/{name}.{fmt}"))
