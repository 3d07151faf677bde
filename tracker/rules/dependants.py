"""Dependants of a principal: who qualifies, their stay, their HKID, and a child ageing out.

ImmD's dependant arrangements (form ID 997, guidebook ID(E) 998): the spouse, the
partner of a legally recognised civil partnership or union (same-sex and opposite-sex
alike since 19 Sep 2018), and unmarried dependent children under 18 of a person
admitted for employment or under a talent scheme. The sponsor must support them well
above subsistence with suitable accommodation (ImmD judges it). The dependant's stay
is normally tied to the sponsor's, so the form pre-fills the sponsor's limit of stay.
A child who turns 18 before that limit no longer qualifies at the next extension.
Anyone aged 11 or over staying more than 180 days registers for an HKID within 30
days of arrival, and a child in Hong Kong within 30 days of turning 11 (Registration
of Persons Ordinance, Cap. 177).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.rules.dates import age_on, birthday
from tracker.rules.results import Rule, RuleResult
from tracker.rules.sources_after_arrival import (
    IMMD_DEPENDANTS,
    ROP_ORDINANCE,
    SAME_SEX_DEPENDANTS,
)
from tracker.rules.text import Text

CHILD_AGE_LIMIT = 18
HKID_AGE = 11
HKID_DAYS = 30


@dataclass(frozen=True)
class Relation:
    code: str  # as stored on the dependant (candidates.relation)
    label: Text
    effective_from: date  # recognised for applications from this day
    source: str


RELATIONS: dict[str, Relation] = {r.code: r for r in (
    Relation("spouse", Text("Spouse"), date.min, IMMD_DEPENDANTS),
    Relation("partner", Text("Partner of a civil partnership or union (same-sex included)"),
             SAME_SEX_DEPENDANTS, f"{IMMD_DEPENDANTS}; policy from 19 Sep 2018"),
    Relation("child", Text("Unmarried dependent child under 18"), date.min, IMMD_DEPENDANTS),
)}

RELATION_RULE = Rule("dep_relation", Text("A spouse, a recognised partner or an unmarried "
                                          "child under 18"), True, IMMD_DEPENDANTS, date.min)


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def qualifies(relation: str, on: date, date_of_birth: date | None = None,
              unmarried: bool | None = None) -> RuleResult:
    """Whether a dependant of *relation* qualifies for an application made on *on*."""
    known = RELATIONS.get(relation)
    if known is None:
        return RELATION_RULE.result("fail", Text("Only a spouse, a partner or a child can be a "
                                                 "dependant."))
    if on < known.effective_from:
        return RELATION_RULE.result("fail", Text("Partners of civil partnerships or unions "
                                                 "are recognised from %(day)s.",
                                                 day=_day(known.effective_from)))
    if relation != "child":
        return RELATION_RULE.result("pass", known.label)
    return _child(on, date_of_birth, unmarried)


def _child(on: date, date_of_birth: date | None, unmarried: bool | None) -> RuleResult:
    if date_of_birth is None:
        return RELATION_RULE.result("unknown", Text("The child's date of birth is not given."))
    if age_on(date_of_birth, on) >= CHILD_AGE_LIMIT:
        return RELATION_RULE.result("fail", Text("Turned 18 on %(day)s: no longer a dependant "
                                                 "child.", day=_day(birthday(date_of_birth,
                                                                             CHILD_AGE_LIMIT))))
    if unmarried is False:
        return RELATION_RULE.result("fail", Text("A married child is not a dependant."))
    if unmarried is None:
        return RELATION_RULE.result("unknown", Text("Whether the child is unmarried is not "
                                                    "given."))
    return RELATION_RULE.result("pass", Text("Unmarried child under 18 (turns 18 on %(day)s).",
                                             day=_day(birthday(date_of_birth,
                                                               CHILD_AGE_LIMIT))))


def prefill_limit_of_stay(sponsor_limit: date | None) -> date | None:
    """The dependant's limit of stay as the form pre-fills it: the sponsor's (ImmD: tied)."""
    return sponsor_limit


def turns_18_before(child_dob: date, limit: date) -> bool:
    """Whether a child turns 18 on or before *limit* (the sponsor's current limit of stay),
    so no longer qualifies when the sponsor next extends."""
    return birthday(child_dob, CHILD_AGE_LIMIT) <= limit


def age_out_warning(child_dob: date, limit: date) -> Text | None:
    """The flag shown on a child who ages out before the next extension (None: no flag)."""
    if not turns_18_before(child_dob, limit):
        return None
    return Text("Turns 18 on %(day)s, on or before the limit of stay %(limit)s: no longer a "
                "dependant child when the stay is next extended.",
                day=_day(birthday(child_dob, CHILD_AGE_LIMIT)), limit=_day(limit))


def needs_hkid(date_of_birth: date, on: date) -> bool:
    """Whether a resident born on *date_of_birth* is of HKID age (11 or over) on *on*."""
    return age_on(date_of_birth, on) >= HKID_AGE


def hkid_due(date_of_birth: date, arrived_on: date) -> date:
    """The last day to register for an HKID: 30 days after arrival, or after turning 11."""
    starts = max(arrived_on, birthday(date_of_birth, HKID_AGE))
    return starts + timedelta(days=HKID_DAYS)


HKID_SOURCE = ROP_ORDINANCE
