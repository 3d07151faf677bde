"""What each list exports: its column headers and a generator of its rows.

Each table reads the statement its list page reads (the same filters, the same
company), row by row: `yield_per` makes psycopg fetch through a server-side cursor,
so a 100,000-row export never holds its rows at once. Headers are message ids,
translated for the reader when the file is written; codes (stages, kinds, statuses)
go out as the page shows them, in the reader's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import aliased

from tracker.audit_log import labels as audit_labels
from tracker.audit_log.queries import AuditFilters, export_statement
from tracker.candidates.models import QUALIFICATION_LEVELS, Candidate
from tracker.candidates.services import search_condition
from tracker.cases.listing import CaseFilters, matching_cases
from tracker.cases.models import Case
from tracker.clock import to_local
from tracker.exports.writers import Cell
from tracker.extensions import db
from tracker.i18n import N_
from tracker.people.workforce import WorkforceFilters, workforce_statement
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.reminders.models import STATUSES, ReminderLedger
from tracker.reminders.notifications import STATUS_NAMES
from tracker.rules import reminders as reminder_rules
from tracker.rules.case_kinds import KINDS
from tracker.rules.dependants import RELATIONS
from tracker.rules.schemes import case_stage_label
from tracker.rules.text import translated
from tracker.rules.workflow import SUBMISSION_CHANNEL

YIELD_PER = 1000  # rows per fetch from the server-side cursor


@dataclass
class Export:
    """A list ready to write: file name, sheet title, headers and rows (read once)."""

    name: str  # the file name's stem, e.g. "cases"
    title: str  # a message id: the XLSX sheet's name
    headers: list[str]  # message ids
    rows: Iterator[list[Cell]]

    def translated_headers(self) -> list[str]:
        return [gettext(header) for header in self.headers]


def _streamed(statement: sa.Select, to_cells: Callable[[Any], list[Cell]]
              ) -> Iterator[list[Cell]]:
    """*statement*'s rows, fetched YIELD_PER at a time, as cells."""
    for record in db.session.execute(statement.execution_options(yield_per=YIELD_PER)):
        yield to_cells(record)


def _yes_no(value: bool | None) -> str:
    return {True: gettext("Yes"), False: gettext("No")}.get(value, "")  # type: ignore[arg-type]


def _kind(code: str) -> str:
    return translated(KINDS[code].label) if code in KINDS else code


CASE_HEADERS = [N_("Case"), N_("Full name"), N_("Chinese name"), N_("Passport number"),
                N_("Scheme"), N_("Kind of case"), N_("Stage"), N_("Job title"),
                N_("Intended start date"), N_("Submitted on"), N_("ImmD reference"),
                N_("Visa / e-Visa number"), N_("Limit of stay until"), N_("Arrival date"),
                N_("HKID registration due"), N_("Owner"), N_("ITC reference"),
                # The rest of what an import of cases reads (tracker/imports/cases.py), so
                # that this file imports as it is.
                N_("Position"), N_("Monthly salary (HKD)"), N_("Local recruitment justification"),
                N_("Talent list profession"), N_("Submitted online or on paper"),
                N_("Date ImmD asked for more information"), N_("Approval date"),
                N_("Visa issue date"), N_("HKID registered on")]
POSITION_TITLE = (sa.select(QuotaPosition.job_title).where(QuotaPosition.id == Case.position_id)
                  .scalar_subquery())
CHANNELS = dict(SUBMISSION_CHANNEL.choices)


def cases(company_id: int, filters: CaseFilters, today: date) -> Export:
    """The case list under its current filters, newest first."""
    statement = matching_cases(company_id, filters, today).add_columns(
        Case.immd_reference, Case.visa_number, Case.arrived_on,
        POSITION_TITLE.label("position_title"), Case.monthly_salary,
        Case.local_recruitment_justification, Case.talent_list_profession,
        Case.submission_channel, Case.info_requested_on, Case.approved_on, Case.visa_issued_on,
        Case.hkid_registered_on)

    def cells(r: Any) -> list[Cell]:
        return [r.id, r.full_name, r.chinese_name, r.passport_number, r.scheme, _kind(r.kind),
                translated(case_stage_label(r.scheme, r.stage, r.kind)), r.job_title,
                r.intended_start_date, r.submitted_on, r.immd_reference, r.visa_number,
                r.limit_of_stay_until, r.arrived_on, r.hkid_due_on, r.owner_name,
                r.itc_reference, r.position_title, r.monthly_salary,
                r.local_recruitment_justification, r.talent_list_profession,
                translated(CHANNELS[r.submission_channel]) if r.submission_channel else "",
                r.info_requested_on, r.approved_on, r.visa_issued_on, r.hkid_registered_on]

    return Export("cases", N_("Cases"), CASE_HEADERS, _streamed(statement, cells))


CANDIDATE_HEADERS = [N_("Full name"), N_("Chinese name"), N_("Nationality"),
                     N_("Date of birth"), N_("Place of birth"), N_("Passport number"),
                     N_("Passport expiry"), N_("Email"), N_("Highest qualification"),
                     N_("Subject"), N_("Institution"), N_("STEM degree"),
                     N_("Years of relevant experience"), N_("Current location"), N_("Relation"),
                     N_("Dependant of (passport number)")]
QUALIFICATIONS = dict(QUALIFICATION_LEVELS)


def candidates(company_id: int, text: str = "") -> Export:
    """The company's candidates by name (a search as on the list page), dependants with
    their principal's passport number."""
    principal = aliased(Candidate)
    statement = (sa.select(Candidate, principal.passport_number.label("principal_passport"))
                 .outerjoin(principal, principal.id == Candidate.principal_id)
                 .where(Candidate.company_id == company_id)
                 .order_by(Candidate.full_name, Candidate.id))
    if text.strip():
        statement = statement.where(search_condition(text))

    def cells(r: Any) -> list[Cell]:
        c: Candidate = r[0]
        level = QUALIFICATIONS.get(c.qualification_level or "")
        relation = RELATIONS.get(c.relation or "")
        return [c.full_name, c.chinese_name, c.nationality, c.date_of_birth, c.place_of_birth,
                c.passport_number, c.passport_expiry, c.email,
                gettext(level) if level else "", c.qualification_subject,
                c.qualification_institution, _yes_no(c.stem_degree), c.years_experience,
                c.current_location, translated(relation.label) if relation else "",
                r.principal_passport]

    return Export("candidates", N_("Candidates"), CANDIDATE_HEADERS,
                  _streamed(statement, cells))


ALLOTMENT_HEADERS = [N_("ITC reference"), N_("Allotment date"), N_("Valid until"),
                     N_("Number of quotas"), N_("Notes"), N_("Job title"),
                     N_("Technology area"), N_("Required qualification"),
                     N_("Monthly salary (HKD)"), N_("Quotas"), N_("Used")]


def allotments(company_id: int) -> Export:
    """Every allotment, one row per position (an allotment without positions: one row)."""
    statement = (sa.select(QuotaAllotment, QuotaPosition)
                 .outerjoin(QuotaPosition, QuotaPosition.allotment_id == QuotaAllotment.id)
                 .where(QuotaAllotment.company_id == company_id)
                 .order_by(QuotaAllotment.valid_until.desc(), QuotaAllotment.id,
                           QuotaPosition.id))

    def cells(r: Any) -> list[Cell]:
        a: QuotaAllotment = r[0]
        p: QuotaPosition | None = r[1]
        position: list[Cell] = ([p.job_title, p.technology_area, p.required_qualification,
                                 p.monthly_salary, p.quotas, p.used] if p else [None] * 6)
        return [a.itc_reference, a.allotment_date, a.valid_until, a.total_quotas, a.notes,
                *position]

    return Export("allotments", N_("Quota allotments"), ALLOTMENT_HEADERS,
                  _streamed(statement, cells))


WORKFORCE_HEADERS = [N_("Full name"), N_("Chinese name"), N_("Passport number"),
                     N_("Scheme"), N_("Kind of case"), N_("Limit of stay until"),
                     N_("Days left"), N_("Arrival date"), N_("Relation"), N_("Owner"),
                     N_("Case"), N_("Visa / e-Visa number"), N_("Visa issue date")]


def workforce(company_id: int, filters: WorkforceFilters, today: date) -> Export:
    """Everyone with a status in force under the Workforce filters, fewest days left first."""
    def cells(r: Any) -> list[Cell]:
        relation = RELATIONS.get(r.relation or "")
        return [r.full_name, r.chinese_name, r.passport_number, r.scheme, _kind(r.kind),
                r.limit_of_stay_until, (r.limit_of_stay_until - today).days, r.arrived_on,
                translated(relation.label) if relation else "", r.owner_name, r.id,
                r.visa_number, r.visa_issued_on]

    return Export("workforce", N_("Workforce"), WORKFORCE_HEADERS,
                  _streamed(workforce_statement(company_id, filters, today).add_columns(
                      Case.visa_number, Case.visa_issued_on), cells))


AUDIT_HEADERS = [N_("When"), N_("Who"), N_("Email"), N_("Action"), N_("Object type"),
                 N_("Object"), N_("What"), N_("Changes (old → new)")]


def audit(company_id: int, filters: AuditFilters) -> Export:
    """The audit log under its filters, newest first; times in Hong Kong time."""
    def cells(r: Any) -> list[Cell]:
        event = r[0]
        changes = json.dumps(event.changes, ensure_ascii=False, default=str) if event.changes \
            else ""
        return [to_local(event.created_at), r.full_name, r.email,
                audit_labels.action(event.action), audit_labels.object_type(event.object_type),
                event.object_id, event.summary, changes]

    return Export("audit-log", N_("Audit log"), AUDIT_HEADERS,
                  _streamed(export_statement(company_id, filters), cells))


NOTIFICATION_HEADERS = [N_("Found due"), N_("Reminder"), N_("Object"), N_("Due"),
                        N_("Days before"), N_("Status"), N_("Recipients"), N_("Attempts"),
                        N_("Sent"), N_("Email subject"), N_("What went wrong")]


def notifications(company_id: int, status: str = "") -> Export:
    """The company's reminders (optionally of one status), newest first."""
    statement = sa.select(ReminderLedger).where(ReminderLedger.company_id == company_id)
    if status in STATUSES:
        statement = statement.where(ReminderLedger.status == status)

    def cells(r: Any) -> list[Cell]:
        row: ReminderLedger = r[0]
        kind = reminder_rules.KINDS.get(row.kind)
        return [to_local(row.claimed_at), translated(kind.label) if kind else row.kind,
                row.object_id, row.due_on, row.offset_days,
                gettext(STATUS_NAMES.get(row.status, row.status)), row.recipients,
                row.attempts, to_local(row.sent_at) if row.sent_at else None, row.subject,
                row.error]

    return Export("notifications", N_("Notifications"), NOTIFICATION_HEADERS,
                  _streamed(statement.order_by(ReminderLedger.id.desc()), cells))
