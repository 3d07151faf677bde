"""The feed itself: the dates the tracker knows, as all-day events (RFC 5545, icalendar).

Each event's UID is "<kind>-<object id>-<date>@<host>": stable across fetches, so a
calendar updates an event rather than adding it twice, and a new date (an extension's
new limit of stay) is a new event. Each links to its case (or allotment) page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from icalendar import Calendar, Event

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.people.status import in_force
from tracker.quotas.models import QuotaAllotment
from tracker.rules.processing import expected_decision
from tracker.rules.stay import extension_window
from tracker.rules.text import Text
from tracker.text import passport_name

DECISION_STAGES = ("submitted", "info_requested")  # waiting for ImmD's decision


@dataclass(frozen=True)
class Day:
    kind: str  # part of the UID
    object_id: int
    on: date
    summary: Text
    path: str  # the page it links to, below the site's root


def _case_days(company_id: int, owner_id: int | None) -> Iterator[Day]:
    where = [Case.company_id == company_id]
    if owner_id is not None:
        where.append(Case.owner_id == owner_id)
    rows = db.session.execute(
        sa.select(Case.id, Case.scheme, Case.kind, Case.stage, Case.limit_of_stay_until,
                  Case.hkid_due_on, Case.hkid_registered_on, Case.contract_end,
                  Case.submitted_on, in_force().label("in_force"),
                  Candidate.id.label("candidate_id"), Candidate.full_name,
                  Candidate.chinese_name, Candidate.passport_expiry)
        .join(Candidate, Candidate.id == Case.candidate_id).where(*where)
        .order_by(Case.id))
    passports: set[int] = set()  # a person with several cases: their passport once
    for r in rows:
        name, path = passport_name(r.full_name, r.chinese_name), f"/cases/{r.id}"
        if r.in_force and r.limit_of_stay_until:
            yield Day("stay-end", r.id, r.limit_of_stay_until,
                      Text("Limit of stay ends: %(name)s", name=name), path)
            opens = extension_window(r.limit_of_stay_until).opens
            yield Day("extension-window", r.id, opens,
                      Text("Extension window opens: %(name)s", name=name), path)
        if r.hkid_due_on and not r.hkid_registered_on:
            yield Day("hkid-due", r.id, r.hkid_due_on,
                      Text("HKID registration due: %(name)s", name=name), path)
        if r.contract_end and r.scheme == "NET":
            yield Day("net-contract-end", r.id, r.contract_end,
                      Text("NET contract ends: %(name)s", name=name), path)
        if r.submitted_on and r.stage in DECISION_STAGES:
            expected = expected_decision(r.scheme, r.kind, r.submitted_on)
            if expected:
                yield Day("decision", r.id, expected,
                          Text("Decision expected: %(name)s", name=name), path)
        if r.passport_expiry and r.candidate_id not in passports:
            passports.add(r.candidate_id)
            yield Day("passport-expiry", r.candidate_id, r.passport_expiry,
                      Text("Passport expires: %(name)s", name=name), path)


def _allotment_days(company_id: int) -> Iterator[Day]:
    rows = db.session.execute(sa.select(QuotaAllotment.id, QuotaAllotment.itc_reference,
                                        QuotaAllotment.valid_until)
                              .where(QuotaAllotment.company_id == company_id))
    for r in rows:
        yield Day("quota-end", r.id, r.valid_until,
                  Text("Quota allotment %(reference)s valid until today",
                       reference=r.itc_reference), f"/quotas/{r.id}")


def calendar(company_id: int, owner_id: int | None, root: str, host: str) -> bytes:
    """The ICS file: the company's dates (only *owner_id*'s cases when given; allotments
    are the company's, and are in the company-wide feed only)."""
    cal = Calendar()
    cal.add("prodid", "-//HK Sponsorship Tracker//Calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "HK Sponsorship Tracker")
    stamp: datetime = utcnow()
    days = list(_case_days(company_id, owner_id))
    if owner_id is None:
        days += _allotment_days(company_id)
    for day in days:
        event = Event()
        event.add("uid", f"{day.kind}-{day.object_id}-{day.on:%Y%m%d}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day.on)
        event.add("dtend", day.on + timedelta(days=1))
        event.add("summary", day.summary.translated())
        event.add("url", root.rstrip("/") + day.path)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
