"""Stage dates that can be true: none in the future, and in the order of the stages.

A submission, a request for information, an approval, a visa, an arrival and
an HKID registration have happened by the time they are recorded, so none of
them lies after today. They follow the stages: approval on or after the
submission, the visa on or after the approval, arrival on or after the visa,
HKID registration on or after arrival. A limit of stay falls after the visa
date (a visa never ends on the day it is issued).

`date_problems` is the one check: the stage-move service and form and the
correction service all call it, with the case's recorded facts and the new
ones. Only pairs involving a new date are judged: a refusal is always about
what the user is entering now, never about an older record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.rules.text import Text


@dataclass(frozen=True)
class StageDate:
    """A date fact of a case, as the messages name it."""

    name: str  # the Case attribute
    noun: Text  # "submission date": "the submission date 03/02/2026"
    subject: Text  # the noun at the start of a sentence ("Submission date")
    past: bool = True  # it has happened when recorded: never after today


# Noun and subject are separate texts: a translation may word them differently.
DATES: dict[str, StageDate] = {d.name: d for d in (
    StageDate("submitted_on", Text("submission date"), Text("Submission date")),
    StageDate("info_requested_on", Text("date ImmD asked for more information"),
              Text("Date ImmD asked for more information")),
    StageDate("approved_on", Text("approval date"), Text("Approval date")),
    StageDate("visa_issued_on", Text("visa issue date"), Text("Visa issue date")),
    StageDate("limit_of_stay_until", Text("limit of stay"), Text("Limit of stay"), past=False),
    StageDate("arrived_on", Text("arrival date"), Text("Arrival date")),
    StageDate("hkid_registered_on", Text("HKID registration date"),
              Text("HKID registration date")),
)}


@dataclass(frozen=True)
class After:
    """*later* comes on or after (strict: after) the first recorded date of *earlier*.

    *earlier* lists the preceding stages' dates nearest first, so a date that
    was never recorded (the visa issue date of a case recorded before it was
    asked for) is skipped and the next one still holds the order.
    """

    later: str
    earlier: tuple[str, ...]
    strict: bool = False
    # Judged only when *later* is the new date. A case re-submitted after ImmD's
    # request records the re-submission date, later than the request.
    only_when_later_is_new: bool = False


ORDER: tuple[After, ...] = (
    After("info_requested_on", ("submitted_on",), only_when_later_is_new=True),
    After("approved_on", ("submitted_on",)),
    After("visa_issued_on", ("approved_on", "submitted_on")),
    After("arrived_on", ("visa_issued_on", "approved_on", "submitted_on")),
    After("limit_of_stay_until", ("visa_issued_on", "approved_on", "submitted_on"),
          strict=True),
    After("hkid_registered_on", ("arrived_on",)),
)


@dataclass(frozen=True)
class DateProblem:
    """Why a date cannot be true, and the fact (form field) it belongs to."""

    fact: str
    message: Text


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def date_problems(known: Mapping[str, Any], new: Mapping[str, Any], today: date
                  ) -> list[DateProblem]:
    """Every problem with the dates in *new*, given the case's *known* facts, on *today*.

    *known* and *new* map fact names to values (other facts and non-dates are
    ignored); a new value replaces the known one. Empty list: all true.
    """
    fresh = {k: v for k, v in new.items() if k in DATES and isinstance(v, date)}
    merged = {k: v for k, v in known.items() if k in DATES and isinstance(v, date)} | fresh
    problems = [DateProblem(name, Text("%(date)s %(day)s is in the future (today is %(today)s).",
                                       date=DATES[name].subject, day=dmy(day), today=dmy(today)))
                for name, day in fresh.items() if DATES[name].past and day > today]
    for rule in ORDER:
        problem = _order_problem(rule, merged, fresh)
        if problem:
            problems.append(problem)
    return problems


def _order_problem(rule: After, merged: dict[str, date], fresh: dict[str, date]
                   ) -> DateProblem | None:
    later = merged.get(rule.later)
    before = next((name for name in rule.earlier if name in merged), None)
    if later is None or before is None:
        return None
    if rule.later not in fresh and (rule.only_when_later_is_new or before not in fresh):
        return None
    earlier = merged[before]
    if later > earlier or (later == earlier and not rule.strict):
        return None
    late, early = DATES[rule.later], DATES[before]
    if rule.later in fresh:  # the later date is the one being entered
        new = {"date": late.subject, "day": dmy(later), "other": early.noun,
               "other_day": dmy(earlier)}
        return DateProblem(rule.later, (
            Text("%(date)s %(day)s is not after the %(other)s %(other_day)s.", **new)
            if rule.strict else
            Text("%(date)s %(day)s is before the %(other)s %(other_day)s.", **new)))
    old = {"date": early.subject, "day": dmy(earlier), "other": late.noun,
           "other_day": dmy(later)}
    return DateProblem(before, (
        Text("%(date)s %(day)s is not before the %(other)s %(other_day)s.", **old)
        if rule.strict else
        Text("%(date)s %(day)s is after the %(other)s %(other_day)s.", **old)))
