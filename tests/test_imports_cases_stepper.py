"""An imported case's stepper (issue 18): the stages the import walked it through are done.

The import walks a case from its workflow's first stage to the row's stage by the
stage-move rules and records one timeline entry at that stage. The stages walked show
done on the case page's stepper, the optional ones it did not walk (an information
request the row does not date) skipped; the timeline and the printed case do not list
the walk as a fact, and the Reports count no days in the stages walked.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import cases_of, move
from tests.test_imports import csv_bytes, import_kind
from tracker.cases.models import CaseStageEvent
from tracker.extensions import db
from tracker.reports.queries import stage_times

pytestmark = pytest.mark.usefixtures("pinned_today")
HEADERS = ["Passport number", "Scheme", "Stage", "Job title", "Monthly salary (HKD)",
           "Local recruitment justification", "Submitted on", "ImmD reference",
           "Date ImmD asked for more information", "Approval date"]
APPROVED = {"Submitted on": "02/05/2025", "ImmD reference": "IMMD-1",
            "Approval date": "16/05/2025"}
BEFORE_APPROVAL = {"draft": "done", "preparing": "done", "submitted": "done"}
AFTER_APPROVAL = {"approved": "current", "visa_issued": "todo", "arrived": "todo",
                  "active": "todo", "closed": "todo"}


def imported_case(app, client, person, stage: str = "Approved", **facts: str):
    """A GEP case of *person* imported at *stage* with *facts* (header: value); the case."""
    values = {"Passport number": person.passport_number, "Scheme": "GEP", "Stage": stage,
              "Job title": "Research Engineer", "Monthly salary (HKD)": "50000",
              "Local recruitment justification": "Advertised for 8 weeks; no local hire.",
              **facts}
    number = import_kind(client, csv_bytes(HEADERS, [[values.get(h, "") for h in HEADERS]]),
                         "cases")
    assert client.post(f"/imports/{number}/write", data={}).status_code == 302
    [case] = cases_of(app, person.company_id)
    return case


def steps(client, case_id: int) -> dict[str, str]:
    """{stage: state} of the case page's stepper."""
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    stepper = page.split('id="case-stepper"', 1)[1].split("</ol>", 1)[0]
    return {stage: state for state, stage in
            re.findall(r'class="step step-(\w+)[^"]*" data-stage="(\w+)"', stepper)}


def test_the_stages_walked_are_done_and_an_information_request_never_made_skipped(
        app, client, staff, company, make):
    case = imported_case(app, client, make.candidate(company), **APPROVED)
    assert steps(client, case.id) == {**BEFORE_APPROVAL, "info_requested": "skipped",
                                      **AFTER_APPROVAL}


def test_an_information_request_the_row_dates_is_done(app, client, staff, company, make):
    case = imported_case(app, client, make.candidate(company),
                         **APPROVED, **{"Date ImmD asked for more information": "09/05/2025"})
    assert case.info_requested_on == date(2025, 5, 9)
    assert steps(client, case.id) == {**BEFORE_APPROVAL, "info_requested": "done",
                                      **AFTER_APPROVAL}


def test_a_refused_case_shows_the_stages_it_passed_before_its_ending(app, client, staff,
                                                                      company, make):
    case = imported_case(app, client, make.candidate(company), "Refused",
                         **{"Submitted on": "02/05/2025", "ImmD reference": "IMMD-1"})
    assert steps(client, case.id) == {**BEFORE_APPROVAL, "info_requested": "skipped",
                                      "approved": "skipped", "visa_issued": "skipped",
                                      "arrived": "skipped", "active": "skipped",
                                      "refused": "current"}


def test_the_timeline_and_the_print_show_the_imported_facts_not_the_walk(app, client, staff,
                                                                         company, make):
    case = imported_case(app, client, make.candidate(company), **APPROVED)
    for path in (f"/cases/{case.id}", f"/cases/{case.id}/print"):
        page = html.unescape(client.get(path).get_data(as_text=True))
        assert "Imported from a spreadsheet" in page and "Approval date: 16/05/2025" in page
        assert "passed_stages" not in page and "['draft'" not in page


def test_the_reports_count_no_days_in_the_stages_walked(app, client, staff, company, make):
    case = imported_case(app, client, make.candidate(company), **APPROVED)
    move(app, case, "visa_issued")
    with app.app_context():
        walked = db.session.scalar(sa.select(CaseStageEvent.facts).where(
            CaseStageEvent.case_id == case.id, CaseStageEvent.from_stage.is_(None)))
        assert walked["passed_stages"] == ["draft", "preparing", "submitted", "approved"]
        stays = stage_times(company.id, date(2000, 1, 1), date(2100, 1, 1))
    assert [(s.scheme, s.stage, s.stays) for s in stays] == [("GEP", "approved", 1)]



def test_the_imported_entry_reads_in_the_readers_language(app, client, staff, company, make):
    case = imported_case(app, client, make.candidate(company), **APPROVED)
    for path in (f"/cases/{case.id}", f"/cases/{case.id}/print"):
        page = client.get(path, headers={"Accept-Language": "zh-HK"}).get_data(as_text=True)
        assert "已從試算表匯入" in page and "Imported from a spreadsheet" not in page
