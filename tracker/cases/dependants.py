"""Dependants' own cases: their ID 997 application, and their stays extended with the sponsor's.

A dependant (tracker/candidates/dependants.py) applies on form ID 997: a case of kind
"dependant" under the scheme "DEP" (rules/schemes.py), whose parent is the principal's
case that sponsors it and whose owner is that case's owner, so the same person at HR
follows the family. Its stay is tied to the sponsor's (rules/dependants.py): the
approval's limit of stay is pre-filled from the sponsor's limit in force.

When the sponsor's extension of stay is approved, HR extends the dependants' stays with
it: each chosen dependant gets an extension case of their own, approved on the sponsor's
dates with the sponsor's new limit of stay, which supersedes their previous case exactly
as the sponsor's extension superseded theirs (tracker/cases/moves.supersede_parent). A
child who turns 18 on or before that limit no longer qualifies, and is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from tracker.audit.services import diff, record, snapshot
from tracker.candidates.dependants import holding_stay, is_open
from tracker.candidates.models import Candidate
from tracker.cases.after_arrival import holds_stay
from tracker.cases.models import Case, CaseStageEvent
from tracker.cases.moves import supersede_parent
from tracker.cases.services import FIELDS, OPENED_NOTE
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.i18n import N_
from tracker.rules.dependants import (
    age_out_warning,
    hkid_due,
    needs_hkid,
    qualifies,
    turns_18_before,
)
from tracker.rules.schemes import workflow_for_case
from tracker.rules.sources_after_arrival import IMMD_DEPENDANTS
from tracker.rules.stay import StaySuggestion
from tracker.rules.text import Text
from tracker.text import hkdate

DEPENDANT_SCHEME = "DEP"  # the dependant visa's code in rules/schemes.py
DEPENDANT_KIND = "dependant"
EXTENSION_KIND = "extension"
# The timeline's first entry of an extension recorded with the sponsor's (stored in
# English, shown translated like the other notes the tracker writes).
EXTENDED_WITH_SPONSOR_NOTE = N_("Extended with the sponsor's extension of stay")


class DependantCaseRefused(ValueError):
    """Nothing was written; `message` (a Text: shown translated) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _cases_of(company_id: int, candidate_id: int) -> list[Case]:
    return list(db.session.scalars(sa.select(Case).where(
        Case.company_id == company_id, Case.candidate_id == candidate_id)
        .order_by(Case.id.desc())))


def stay_case(company_id: int, candidate_id: int) -> Case | None:
    """The person's case holding their stay now (the furthest limit), if any."""
    return holding_stay(_cases_of(company_id, candidate_id))


def sponsoring_case(company_id: int, principal_id: int) -> Case | None:
    """The principal's case that sponsors a dependant's application: the one holding their
    stay, else (a family applying together) their newest open case."""
    held = stay_case(company_id, principal_id)
    if held is not None:
        return held
    return next((case for case in _cases_of(company_id, principal_id) if is_open(case)), None)


def _locked_dependant(dependant_id: int, company_id: int) -> Candidate:
    dependant = db.session.scalar(
        sa.select(Candidate).where(Candidate.id == dependant_id,
                                   Candidate.company_id == company_id)
        .with_for_update().execution_options(populate_existing=True))
    if dependant is None or dependant.principal_id is None:
        raise DependantCaseRefused(Text("There is no such dependant in your company."))
    return dependant


def _check_start(dependant: Candidate, today: date) -> Case:
    """The sponsoring case, or DependantCaseRefused naming the first problem."""
    open_case = next((c for c in _cases_of(dependant.company_id, dependant.id) if is_open(c)),
                     None)
    if open_case is not None:
        raise DependantCaseRefused(Text("%(name)s already has an open case: case %(case)s.",
                                        name=dependant.full_name, case=open_case.id))
    verdict = qualifies(dependant.relation or "", today, dependant.date_of_birth,
                        unmarried=True)
    if verdict.outcome == "fail":
        raise DependantCaseRefused(verdict.reason)
    sponsor = sponsoring_case(dependant.company_id, dependant.principal_id or 0)
    if sponsor is None:
        raise DependantCaseRefused(Text(
            "The principal has no case: open or record their case first, since it sponsors "
            "the dependant's application."))
    return sponsor


def start_application(dependant_id: int, company_id: int, today: date,
                      user_id: int | None = None) -> Case:
    """Open the dependant's ID 997 application, sponsored by the principal's case and
    owned by its owner; DependantCaseRefused (nothing written) when it cannot start."""
    try:
        dependant = _locked_dependant(dependant_id, company_id)
        sponsor = _check_start(dependant, today)
    except DependantCaseRefused:
        db.session.rollback()  # release the row lock
        raise
    first = workflow_for_case(DEPENDANT_SCHEME, DEPENDANT_KIND).first.code
    case = Case(company_id=company_id, candidate_id=dependant.id, scheme=DEPENDANT_SCHEME,
                kind=DEPENDANT_KIND, parent_case_id=sponsor.id, owner_id=sponsor.owner_id,
                job_title="", monthly_salary=None, stage=first, stage_changed_at=utcnow(),
                quota_held=False)
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseStageEvent(company_id=company_id, case_id=case.id, from_stage=None,
                                  to_stage=first, moved_by_id=user_id, note=OPENED_NOTE))
    record("create", "case", case.id, company_id=company_id, user_id=user_id,
           changes=diff({}, snapshot(case, (*FIELDS, "kind", "parent_case_id"))),
           summary=f"dependant application of {dependant.full_name} (sponsor case {sponsor.id})")
    db.session.commit()
    return case


def sponsor_limit(case: Case) -> tuple[int, date] | None:
    """(case id, limit) of the sponsor's stay now, for a dependant's application: the
    sponsoring case, or the later case that replaced its limit (an approved extension)."""
    sponsor, seen = case.parent, set()
    while sponsor is not None and sponsor.superseded_by_id and sponsor.id not in seen:
        seen.add(sponsor.id)
        sponsor = db.session.get(Case, sponsor.superseded_by_id)
    if sponsor is None or sponsor.limit_of_stay_until is None:
        return None
    return sponsor.id, sponsor.limit_of_stay_until


def stay_with_sponsor(case: Case) -> StaySuggestion | None:
    """The approval's limit of stay for a dependant's application: the sponsor's (None:
    not a dependant's application, or the sponsor has no limit of stay yet)."""
    if case.kind != DEPENDANT_KIND:
        return None
    found = sponsor_limit(case)
    if found is None:
        return None
    sponsor_id, until = found
    return StaySuggestion(case.scheme, until, "sponsor-based", Text(
        "the sponsor's limit of stay (case %(case)s): a dependant's stay is tied to it.",
        case=sponsor_id), IMMD_DEPENDANTS, None)


@dataclass(frozen=True)
class DependantOffer:
    """A dependant of the sponsor, as the extension's page offers them."""

    dependant: Candidate
    stay: Case | None  # their case holding their stay now
    offered: bool  # may be extended with the sponsor now
    reason: Text | None  # why not, or the age-out flag


def _offer(dependant: Candidate, new_limit: date) -> DependantOffer:
    stay = stay_case(dependant.company_id, dependant.id)
    if dependant.relation == "child" and turns_18_before(dependant.date_of_birth, new_limit):
        return DependantOffer(dependant, stay, False,
                              age_out_warning(dependant.date_of_birth, new_limit))
    if stay is None:
        return DependantOffer(dependant, None, False, Text(
            "No stay in force to extend: record their dependant visa or approve their "
            "application first."))
    if stay.limit_of_stay_until is not None and stay.limit_of_stay_until >= new_limit:
        return DependantOffer(dependant, stay, False, Text(
            "Already allowed to stay until %(date)s.", date=hkdate(stay.limit_of_stay_until)))
    return DependantOffer(dependant, stay, True, None)


def is_sponsor_extension(case: Case) -> bool:
    """Whether *case* is an approved extension whose limit of stay holds now."""
    return case.kind == EXTENSION_KIND and holds_stay(case)


def extension_offers(case: Case) -> list[DependantOffer]:
    """The principal's dependants, each offered or not, for the approved extension *case*
    (empty for any other case)."""
    if not is_sponsor_extension(case) or case.limit_of_stay_until is None:
        return []
    dependants = db.session.scalars(sa.select(Candidate).where(
        Candidate.company_id == case.company_id, Candidate.principal_id == case.candidate_id)
        .order_by(Candidate.date_of_birth, Candidate.id))
    return [_offer(dependant, case.limit_of_stay_until) for dependant in dependants]


def _extension_for(sponsor: Case, stay: Case, user_id: int | None) -> Case:
    """The dependant's extension case, approved on the sponsor's dates (caller commits)."""
    values = {"submitted_on": sponsor.submitted_on, "approved_on": sponsor.approved_on,
              "limit_of_stay_until": sponsor.limit_of_stay_until,
              "submission_channel": sponsor.submission_channel}
    case = Case(company_id=stay.company_id, candidate_id=stay.candidate_id, scheme=stay.scheme,
                kind=EXTENSION_KIND, parent_case_id=stay.id, owner_id=sponsor.owner_id,
                job_title="", monthly_salary=None, stage="approved", stage_changed_at=utcnow(),
                quota_held=False, **values)
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseStageEvent(
        company_id=case.company_id, case_id=case.id, from_stage=None, to_stage="approved",
        moved_by_id=user_id, note=EXTENDED_WITH_SPONSOR_NOTE,
        facts={name: snapshot(case, (name,))[name] for name in values if values[name]}))
    record("create", "case", case.id, company_id=case.company_id, user_id=user_id,
           changes=diff({}, snapshot(case, (*FIELDS, "kind", "parent_case_id", *values))),
           summary=f"stay extended with the sponsor's extension (case {sponsor.id})")
    supersede_parent(case, user_id)
    return case


def extend_with_sponsor(case_id: int, company_id: int, dependant_ids: list[int],
                        user_id: int | None = None) -> list[Case]:
    """Extend the chosen dependants' stays to the sponsor's approved extension *case_id*:
    one extension case each, all in one commit; refused (nothing written) if any chosen
    dependant is not offered."""
    sponsor = db.session.scalar(sa.select(Case).where(
        Case.id == case_id, Case.company_id == company_id).with_for_update())
    try:
        if sponsor is None or not is_sponsor_extension(sponsor):
            raise DependantCaseRefused(Text(
                "Only an approved extension of stay extends the dependants' stays."))
        offers = {offer.dependant.id: offer for offer in extension_offers(sponsor)}
        chosen = list(dict.fromkeys(dependant_ids))
        if not chosen:
            raise DependantCaseRefused(Text("Choose the dependants whose stays to extend."))
        refused = [offers[i] for i in chosen if i in offers and not offers[i].offered]
        if any(i not in offers for i in chosen) or refused:
            raise DependantCaseRefused(Text(
                "%(name)s cannot be extended with this extension: %(reason)s",
                name=refused[0].dependant.full_name, reason=refused[0].reason)
                if refused else Text("Choose among the dependants offered."))
        created = [_extension_for(sponsor, offers[i].stay, user_id)  # type: ignore[arg-type]
                   for i in chosen]
    except DependantCaseRefused:
        db.session.rollback()
        raise
    db.session.commit()
    return created


def hkid_after_11(case: Case) -> date | None:
    """For a child under 11 on arrival, the day they must register by: 30 days after
    turning 11 (rules/dependants.hkid_due, the case's hkid_due_on as derived on arrival).
    None for anyone else."""
    if case.arrived_on is None or needs_hkid(case.candidate.date_of_birth, case.arrived_on):
        return None
    return hkid_due(case.candidate.date_of_birth, case.arrived_on)
