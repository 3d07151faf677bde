"""The records the fuzzed forms aim at, built once per test from the fixture world.

forms_table.py asks these for URLs and valid values. Objects a request only
reads or edits are cached with `world.once`; a case that a stage move would
use up is rebuilt whenever an accepted move took it out of its stage.
Company B's objects carry "Company B" in their names, so a page of company A
that shows one is caught (test_fuzz_forms.FOREIGN_MARK).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from tests.case_helpers import walk
from tests.factories import AllotmentRecord, ApplicationRecord, CandidateRecord, CaseRecord
from tests.security.world import World
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.quotas.models import QuotaPosition

# The stages a new case passes through to reach each stage (valid facts from case_helpers).
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "preparing": ("preparing",),
    "submitted": ("preparing", "submitted"),
    "approved": ("preparing", "submitted", "approved"),
    "visa_issued": ("preparing", "submitted", "approved", "visa_issued"),
    "arrived": ("preparing", "submitted", "approved", "visa_issued", "arrived"),
    "active": ("preparing", "submitted", "approved", "visa_issued", "arrived", "active"),
}
ARRIVED_ON = date(2025, 5, 30)  # case_helpers.FACTS["arrived"]


def candidate(w: World) -> CandidateRecord:
    return w.once("candidate", lambda w: w.make.candidate(w.company_a, full_name="Chan Siu Ming"))


def gep_case(w: World) -> CaseRecord:
    return w.once("gep_case", lambda w: w.make.case(w.company_a, candidate(w)))


def allotment(w: World) -> AllotmentRecord:
    """Company A's allotment with two positions (3 + 2 quotas), for the case and edit forms."""
    return w.once("allotment", lambda w: w.make.allotment(
        w.company_a, reference="ITC/FUZZ/A", allotment_date=date(2025, 1, 6),
        positions=(("Research engineer", 3), ("Data scientist", 2))))


def application(w: World) -> ApplicationRecord:
    return w.once("application", lambda w: w.make.application(w.company_a, "ITC/APP/FUZZ"))


def net_case(w: World) -> CaseRecord:
    """Company A's NET case (a teaching contract)."""
    return w.once("net_case", lambda w: w.make.case(w.company_a, scheme="NET",
                                                    job_title="NET teacher"))


def case_in(w: World, stage: str, scheme: str = "GEP") -> CaseRecord:
    """A case of company A sitting in *stage* (a fresh one once a move took the last away)."""
    key = f"case_in_{scheme}_{stage}"
    cached = w._cache.get(key)
    if cached is not None:
        with w.app.app_context():
            if db.session.scalar(sa.select(Case.stage).where(Case.id == cached.id)) == stage:
                return cached
    case = w.make.case(w.company_a, scheme=scheme)
    walk(w.app, case, *PATHS[stage])
    w._cache[key] = case
    return case


def person_without_status(w: World) -> CandidateRecord:
    """A person of company A with no case at all (a fresh one once a status was recorded)."""
    cached = w._cache.get("person_without_status")
    if cached is not None:
        with w.app.app_context():
            if db.session.scalar(sa.select(Case.id).where(Case.candidate_id == cached.id)
                                 .limit(1)) is None:
                return cached
    person = w.make.candidate(w.company_a, full_name="Visa Holder")
    w._cache["person_without_status"] = person
    return person


# --- company B: what company A's users must never reach ---------------------------

def b_candidate(w: World) -> CandidateRecord:
    return w.once("b_candidate", lambda w: w.make.candidate(
        w.company_b, full_name="Company B Candidate"))


def b_allotment(w: World) -> AllotmentRecord:
    return w.once("b_allotment", lambda w: w.make.allotment(
        w.company_b, reference="ITC/COMPANY-B", positions=(("Company B Engineer", 2),)))


def b_application(w: World) -> ApplicationRecord:
    return w.once("b_application", lambda w: w.make.application(w.company_b, "Company B app"))


def b_case(w: World) -> CaseRecord:
    return w.once("b_case", lambda w: w.make.case(w.company_b, b_candidate(w)))


def editable_allotment(w: World) -> AllotmentRecord:
    """An allotment for the edit form, rebuilt once an accepted edit replaced a position."""
    cached = w._cache.get("editable_allotment")
    if cached is not None:
        with w.app.app_context():
            ids = db.session.scalars(sa.select(QuotaPosition.id).where(
                QuotaPosition.allotment_id == cached.id).order_by(QuotaPosition.id)).all()
        if tuple(ids) == cached.position_ids:
            return cached
    built = w.make.allotment(w.company_a, reference=w.unique("ITC/EDIT/{}"),
                             allotment_date=date(2025, 1, 6),
                             positions=(("Research engineer", 3), ("Data scientist", 2)))
    w._cache["editable_allotment"] = built
    return built
