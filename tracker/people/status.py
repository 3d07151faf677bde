"""A person's immigration status now: the one rule for it, used by every page that shows it.

A person's cases form chains (Case.parent_case_id): the entry case, then each
extension of stay or change of employment; a status HR recorded as the visa shows
it is a chain of one. The status in force is the case that

* records a limit of stay (Case.limit_of_stay_until), in a stage where that limit
  is the permission of a person in Hong Kong — the stages of its kind that hold the
  stay (rules/case_kinds.py: an entry case once arrived, an approved extension, an
  active record …), never a refused, withdrawn or closed case;
* has not been superseded (Case.superseded_by_id: a later approved case replaced
  its limit of stay);
* and is the latest such case of the person (the furthest limit of stay, then the
  newest case), so a chain whose older link was not yet marked superseded still
  answers once.

`status_select` is that rule in SQL. The Workforce list pages it, the dashboard
counts it, and the person's page reads it for one person, so the three never
disagree. `to_status` turns a row into what the pages show: the scheme, the limit
of stay and days left, the conditions of stay and whether the holder may change
employer freely (both from rules/employer_change.py), and whether the extension
window is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.inline import one_of
from tracker.rules.case_kinds import KINDS
from tracker.rules.employer_change import EMPLOYER_CHANGES, EmployerChange, employer_change
from tracker.rules.schemes import OFFICIAL_NAMES_ZH, SCHEMES
from tracker.rules.stay import WindowOpening, extension_window

# Days left at or under which a status is shown as urgent, most urgent first: the
# Workforce filters and the dashboard counts use the same steps.
DAYS_STEPS = (30, 60, 90)
EXPIRED = "expired"


def in_force(case: Any = Case) -> sa.ColumnElement[bool]:
    """*case* (the Case class or an alias of it) carries a limit of stay in force: recorded,
    in a stage of its kind that holds the stay (rules/case_kinds.py, the stages the
    stay reminders read too), and not superseded."""
    by_kind = [sa.and_(case.kind == code, one_of(case.stage, kind.stay_stages))
               for code, kind in KINDS.items()]
    return sa.and_(sa.or_(*by_kind), case.limit_of_stay_until.is_not(None),
                   case.superseded_by_id.is_(None))


def latest_of_person() -> sa.ColumnElement[bool]:
    """No later case of the same person is in force (see the module docstring).

    A probe per row on ix_cases_candidate_stage (candidate, company, stage, id).
    """
    later = aliased(Case)
    return ~sa.exists().where(
        later.candidate_id == Case.candidate_id, later.company_id == Case.company_id,
        later.id != Case.id, in_force(later),
        sa.or_(later.limit_of_stay_until > Case.limit_of_stay_until,
               sa.and_(later.limit_of_stay_until == Case.limit_of_stay_until,
                       later.id > Case.id)))


def status_select(company_id: int) -> sa.Select:
    """Every company's person with a status in force, with the columns `to_status` reads;
    callers add filters, order and limits (or wrap it to count)."""
    return _statuses().where(Case.company_id == company_id)


@lru_cache(maxsize=1)
def _statuses() -> sa.Select:
    """status_select without its company. Built once and shared (SQLAlchemy statements
    are immutable): adapting the rule's columns to the alias of latest_of_person cost
    more than running the statement, on every Workforce page and dashboard."""
    return (
        sa.select(Case.id, Case.kind, Case.scheme, Case.stage, Case.limit_of_stay_until,
                  Case.arrived_on, Case.owner_id, User.full_name.label("owner_name"),
                  Candidate.id.label("candidate_id"), Candidate.full_name,
                  Candidate.chinese_name, Candidate.passport_number, Candidate.principal_id,
                  Candidate.relation)
        .select_from(Case)
        .join(Candidate, Candidate.id == Case.candidate_id)
        .outerjoin(User, User.id == Case.owner_id)
        # No company condition on candidates: a case's person is always of the case's
        # company (the case services check it), and the planner, taking the two company
        # conditions as independent, would expect almost no rows and sort every status
        # of the company instead of reading the limit-of-stay index in order.
        .where(in_force(), latest_of_person())
    )


@dataclass(frozen=True)
class Person:
    id: int
    full_name: str
    chinese_name: str
    passport_number: str
    principal_id: int | None  # a dependant's principal
    relation: str | None  # spouse, partner or child (dependants only)

    @property
    def is_dependant(self) -> bool:
        return self.principal_id is not None


@dataclass(frozen=True)
class Owner:
    id: int
    full_name: str


@dataclass(frozen=True)
class Status:
    """A person's immigration status on *today*, from the case that carries it."""

    case_id: int
    kind: str
    scheme: str
    stage: str
    limit_of_stay: date
    arrived_on: date | None
    days_left: int  # negative once the limit of stay has passed
    person: Person
    owner: Owner | None
    # Its conditions of stay and whether a new employer needs ImmD's approval first
    # (rules/employer_change.py; None: no rule for the scheme).
    employer_change: EmployerChange | None
    window: WindowOpening  # when an extension of this limit of stay can be filed
    window_open: bool

    def scheme_name(self, language: str) -> str:
        """The scheme's official name in *language* (a tracker/i18n locale id)."""
        return scheme_name(self.scheme, language)

    @property
    def urgency(self) -> str:
        """EXPIRED, or the first of DAYS_STEPS the days left fall within ("" beyond)."""
        return urgency(self.days_left)


def urgency(days_left: int) -> str:
    """EXPIRED for a passed limit, else "30", "60" or "90" (the first step it falls in)."""
    if days_left < 0:
        return EXPIRED
    return next((str(step) for step in DAYS_STEPS if days_left <= step), "")


def scheme_name(code: str, language: str) -> str:
    """*code*'s official name in *language*: the scheme registry's, else the official
    names the rules list (rules/schemes.py), else the code itself."""
    if code in SCHEMES:
        return SCHEMES[code].name_in(language)
    if code in OFFICIAL_NAMES_ZH:
        english, chinese = OFFICIAL_NAMES_ZH[code]
        return chinese if language == "zh_Hant" else english
    return code


def recordable_schemes() -> tuple[str, ...]:
    """The visas HR may record as they are, without an application: those whose holders
    may work for any employer with no approval (IANG, TTPS, QMAS, ASSG, dependants).

    A tied visa (GEP, ASMTP, TechTAS, NET) comes with the company's own application
    instead: an entry case, or a change of employment.
    """
    return tuple(code for code, change in EMPLOYER_CHANGES.items() if not change.needs_approval)


def to_status(record: Any, today: date) -> Status:
    """The Status of one record of status_select, on *today*."""
    limit: date = record.limit_of_stay_until
    window = extension_window(limit)
    return Status(
        case_id=record.id, kind=record.kind, scheme=record.scheme, stage=record.stage,
        limit_of_stay=limit, arrived_on=record.arrived_on, days_left=(limit - today).days,
        person=Person(record.candidate_id, record.full_name, record.chinese_name,
                      record.passport_number, record.principal_id, record.relation),
        owner=Owner(record.owner_id, record.owner_name) if record.owner_id else None,
        employer_change=employer_change(record.scheme),
        window=window, window_open=window.is_open(today))
