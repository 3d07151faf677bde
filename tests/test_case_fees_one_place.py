"""A case's government fees are read in one place (tracker/cases/after_arrival): the case
page and the person's chain show the same amounts for each submitted application."""

from __future__ import annotations

from datetime import date

import pytest

from tests.case_helpers import FACTS, TODAY, case_row, move
from tracker.cases.after_arrival import fees_paid, fees_view
from tracker.cases.continuation import start_extension
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.person import person_stay
from tracker.rules.schemes import workflow_for_case

pytestmark = pytest.mark.usefixtures("pinned_today")


def test_the_case_page_and_the_person_s_chain_read_the_same_fees(app, make, company, staff,
                                                                 client):
    person = make.candidate(company)
    entry = make.case(company, candidate=person)
    for stage in ("preparing", "submitted", "approved", "visa_issued", "arrived", "active"):
        move(app, entry, stage)
    with app.app_context():
        extension_id = start_extension(entry.id, company.id).id
    extension = case_row(app, extension_id)
    move(app, extension, "submitted", submitted_on=date(2025, 6, 1),
         submission_channel="online", immd_reference="EXT-1")
    move(app, extension, "approved", approved_on=TODAY, limit_of_stay_until=date(2031, 5, 22))
    with app.app_context():
        chain = person_stay(company.id, person.id, TODAY).chain
        assert [link.case_id for link in chain] == [entry.id, extension_id]
        for link in chain:
            case = db.session.get_one(Case, link.case_id)
            shown = fees_view(case, workflow_for_case(case.scheme, case.kind), TODAY).fees
            assert link.fees == shown == fees_paid(case, case.parent.limit_of_stay_until
                                                   if case.parent else None)
        totals = [link.fees.total_hkd for link in chain]
    # HK$600 each on submission, and the visa fee of a stay over 180 days (HK$1,300).
    assert totals == [1900, 1900]
    assert FACTS["visa_issued"]["limit_of_stay_until"] == date(2028, 5, 22)
    person_page = client.get(f"/candidates/{person.id}").get_data(as_text=True)
    assert "Government fees paid over these steps: HK$3,800" in person_page
    for case_id in (entry.id, extension_id):
        page = client.get(f"/cases/{case_id}").get_data(as_text=True)
        fees = page[page.index('id="fees"'):]
        assert "HK$600" in fees and "HK$1,300" in fees
