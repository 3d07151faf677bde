"""What the person's page shows of their stay: the status, the chain, the fees, residence.

The chain is the person's cases linked by Case.parent_case_id around the case that
carries the status (or, with no status in force, their newest case): the entry
application, extension 1, extension 2 … and any change of employment, oldest
first, each with its stage and limit of stay. A dependant's own application links
to their sponsor's case, another person: the chain stays within the person.
The government fees are those every application in the chain paid, as its case page
shows them (tracker/cases/after_arrival.fees_paid);
years of residence count from the chain's first arrival (rules/residence.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.cases.after_arrival import fees_paid
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.status import Status
from tracker.people.workforce import person_status
from tracker.rules.case_kinds import KINDS
from tracker.rules.fees import FeeBreakdown, total_paid
from tracker.rules.residence import Residence, residence
from tracker.rules.text import Text


@dataclass(frozen=True)
class ChainLink:
    """One case of the chain, as the person's page lists it."""

    case_id: int
    kind: str
    scheme: str
    stage: str
    label: Text  # "Entry application", "Extension of stay 2" …
    limit_of_stay: date | None
    fees: FeeBreakdown | None  # None: not submitted yet (no fee paid)


@dataclass(frozen=True)
class PersonStay:
    status: Status | None
    chain: list[ChainLink]
    residence: Residence | None  # None: no status in force, or no arrival in the chain

    @property
    def fees_paid(self) -> int:
        """The government fees the company paid over the chain (known amounts)."""
        return total_paid(link.fees for link in self.chain if link.fees is not None)

    @property
    def fees_complete(self) -> bool:
        """False while an approved application's visa fee waits for its limit of stay."""
        return all(link.fees.complete for link in self.chain if link.fees is not None)


def _cases(company_id: int, candidate_id: int) -> list[Any]:
    """The person's cases (the columns the chain reads), oldest first."""
    return list(db.session.execute(
        sa.select(Case.id, Case.kind, Case.scheme, Case.stage, Case.parent_case_id,
                  Case.submitted_on, Case.approved_on, Case.visa_issued_on,
                  Case.limit_of_stay_until, Case.arrived_on)
        .where(Case.company_id == company_id, Case.candidate_id == candidate_id)
        .order_by(Case.id)))


def _linked(cases: list[Any], anchor: int) -> list[Any]:
    """The cases connected to *anchor* through parent links (both ways), oldest first."""
    ids = {case.id for case in cases}
    neighbours: dict[int, set[int]] = {case.id: set() for case in cases}
    for case in cases:
        if case.parent_case_id in ids:
            neighbours[case.id].add(case.parent_case_id)
            neighbours[case.parent_case_id].add(case.id)
    found, todo = {anchor}, [anchor]
    while todo:
        for other in neighbours[todo.pop()] - found:
            found.add(other)
            todo.append(other)
    return [case for case in cases if case.id in found]


def _label(case: Any, extension_number: int) -> Text:
    if case.kind == "extension":
        return Text("Extension of stay %(number)s", number=extension_number)
    return KINDS[case.kind].label  # the kinds are the table's check constraint


def chain_links(cases: Iterable[Any]) -> list[ChainLink]:
    """ChainLinks of *cases* (oldest first), extensions numbered in order."""
    limits = {case.id: case.limit_of_stay_until for case in cases}
    links, extensions = [], 0
    for case in cases:
        extensions += case.kind == "extension"
        links.append(ChainLink(case.id, case.kind, case.scheme, case.stage,
                               _label(case, extensions), case.limit_of_stay_until,
                               fees_paid(case, limits.get(case.parent_case_id))))
    return links


def person_stay(company_id: int, candidate_id: int, today: date) -> PersonStay:
    """The person's status, chain, fees and residence count on *today* (two statements)."""
    status = person_status(company_id, candidate_id, today)
    cases = _cases(company_id, candidate_id)
    if not cases:
        return PersonStay(status, [], None)
    chain = _linked(cases, status.case_id if status else cases[-1].id)
    arrivals = [case.arrived_on for case in chain if case.arrived_on is not None]
    counted = residence(min(arrivals), today) if status and arrivals else None
    return PersonStay(status, chain_links(chain), counted)
