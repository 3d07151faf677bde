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

from tests.case_helpers import FACTS, move, walk
from tests.factories import AllotmentRecord, ApplicationRecord, CandidateRecord, CaseRecord
from tests.security.world import World
from tracker.candidates.models import Candidate
from tracker.cases.continuation import start_extension
from tracker.cases.dependants import start_application
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


# --- dependants --------------------------------------------------------------------

def new_dependant(w: World, principal: CandidateRecord | None = None) -> CandidateRecord:
    """A child of company A's candidate (or of *principal*), recorded through the model."""
    principal = principal or candidate(w)
    with w.app.app_context():
        person = Candidate(company_id=principal.company_id, principal_id=principal.id,
                           relation="child", full_name=w.unique("Child {} Chan"),
                           nationality="Canadian", date_of_birth=date(2015, 2, 2),
                           passport_number=w.unique("DEP{:05d}"),
                           passport_expiry=date(2035, 1, 1))
        db.session.add(person)
        db.session.commit()
        return CandidateRecord(person.id, person.full_name, person.passport_number,
                               person.company_id)


def dependant(w: World) -> CandidateRecord:
    """Company A's dependant that requests only read or edit."""
    return w.once("dependant", new_dependant)


def b_dependant(w: World) -> CandidateRecord:
    return w.once("b_dependant", lambda w: new_dependant(w, b_candidate(w)))


def _approved_extension_with_dependant(w: World) -> tuple[CaseRecord, CandidateRecord]:
    """An approved extension of an active GEP case whose principal has a child on an active
    dependant visa to the old limit of stay: the child is offered."""
    sponsor = case_in(w, "active")
    w._cache.pop("case_in_GEP_active", None)  # this one gets an extension: not reused
    child = new_dependant(w, CandidateRecord(sponsor.candidate_id, "", "", sponsor.company_id))
    with w.app.app_context():
        extension = start_extension(sponsor.id, sponsor.company_id)
        extension_record = CaseRecord(extension.id, extension.company_id, extension.scheme,
                                      extension.candidate_id)
        application = start_application(child.id, child.company_id, date(2025, 5, 1))
        application_record = CaseRecord(application.id, application.company_id,
                                         application.scheme, application.candidate_id)
    move(w.app, extension_record, "submitted", submitted_on=date(2025, 6, 1),
         submission_channel="online")
    move(w.app, extension_record, "approved", approved_on=date(2025, 6, 2),
         limit_of_stay_until=date(2031, 5, 22))
    for stage in ("submitted", "approved", "visa_issued", "arrived", "active"):
        facts = {k: v for k, v in FACTS.get(stage, {}).items() if k != "limit_of_stay_until"}
        if stage == "approved":
            facts["limit_of_stay_until"] = date(2028, 5, 22)
        move(w.app, application_record, stage, **facts)
    return extension_record, child


def extension_offering(w: World) -> tuple[CaseRecord, CandidateRecord]:
    """(approved extension, offered dependant); a fresh pair once the child was extended."""
    cached = w._cache.get("extension_offering")
    if cached is not None:
        with w.app.app_context():
            extended = db.session.scalar(sa.select(Case.id).where(
                Case.candidate_id == cached[1].id, Case.kind == "extension").limit(1))
        if extended is None:
            return cached
    w._cache["extension_offering"] = _approved_extension_with_dependant(w)
    return w._cache["extension_offering"]
