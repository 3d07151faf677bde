"""Company rules: register a company, its settings. Each function owns its commit.

Users of a company are managed in tracker/auth (accounts), which sits above this package.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from tracker.audit.services import diff, record, snapshot
from tracker.companies.models import (
    PORTAL_INVITATION_DAYS_RANGE,
    PORTAL_OVERDUE_DAYS_RANGE,
    Company,
)
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.rules.offsets import OffsetsError, parse_offsets
from tracker.rules.text import Text
from tracker.text import has_control_characters

# A Hong Kong BR number: 8 digits (the branch/check suffix is optional).
BRN_PATTERN = re.compile(r"^\d{8}(-\d{3}-\d{2}-\d{2}-\d)?$")


NAME_ONE_LINE = N_("The company name cannot contain line breaks, tabs or other control "
                   "characters.")


class CompanyError(Refusal):
    """A rule refused a company change (tracker.i18n.Refusal)."""


def create_company(name: str, brn: str, contact_email: str = "") -> Company:
    """Register a company; refuses a missing name, a malformed or duplicate BRN."""
    name, brn = name.strip(), brn.strip()
    if not name:
        raise CompanyError(N_("The company name is required."))
    if has_control_characters(name):
        raise CompanyError(NAME_ONE_LINE)
    if not BRN_PATTERN.match(brn):
        raise CompanyError(Text("Business registration number %(brn)s should be 8 digits.",
                                brn=repr(brn)))
    if db.session.scalar(sa.select(Company.id).where(Company.brn == brn)):
        raise CompanyError(Text("A company with business registration number %(brn)s exists.",
                                brn=brn))
    company = Company(name=name, brn=brn, contact_email=contact_email.strip())
    db.session.add(company)
    db.session.flush()
    record("create", "company", company.id, company_id=company.id, summary=name)
    db.session.commit()
    return company


def company_by_brn(brn: str) -> Company | None:
    return db.session.scalar(sa.select(Company).where(Company.brn == brn.strip()))


SETTINGS_FIELDS = ("name", "contact_email", "quota_reminder_offsets", "portal_invitation_days",
                   "portal_reminder_offsets", "portal_overdue_days")


def update_company_settings(company: Company, name: str, contact_email: str,
                            reminder_offsets: str,
                            portal_invitation_days: int | None = None, *,
                            portal_reminder_offsets: str | None = None,
                            portal_overdue_days: int | None = None) -> None:
    """Save the company's name, contact e-mail, reminder offsets, how long portal
    invitations work and when candidates are reminded (None: unchanged)."""
    try:
        offsets = parse_offsets(reminder_offsets)
    except OffsetsError as error:
        # The view shows CompanyError messages next to the field; nothing is saved.
        raise CompanyError(error.args[0]) from None  # a Text: translated when shown
    if has_control_characters(name):
        raise CompanyError(NAME_ONE_LINE)
    low, high = PORTAL_INVITATION_DAYS_RANGE  # the form's range: a guard for other callers
    if portal_invitation_days is not None and not low <= portal_invitation_days <= high:
        raise CompanyError(Text("Choose from %(low)d to %(high)d days.", low=low, high=high))
    portal = _portal_reminders(portal_reminder_offsets, portal_overdue_days)
    before = snapshot(company, SETTINGS_FIELDS)
    company.name = name.strip()
    company.contact_email = contact_email.strip()
    company.quota_reminder_offsets = ",".join(str(d) for d in offsets)
    if portal_invitation_days is not None:
        company.portal_invitation_days = portal_invitation_days
    for field, value in portal.items():
        setattr(company, field, value)
    if changes := diff(before, snapshot(company, SETTINGS_FIELDS)):
        record("update", "company", company.id, changes=changes, company_id=company.id)
    db.session.commit()


def _portal_reminders(offsets: str | None, overdue: int | None) -> dict[str, object]:
    """The candidates' reminder settings to store ({} when neither is given); refuses
    what the form also refuses (a guard for other callers)."""
    portal: dict[str, object] = {}
    if offsets:
        try:
            portal["portal_reminder_offsets"] = ",".join(str(d) for d in parse_offsets(offsets))
        except OffsetsError as error:
            raise CompanyError(error.args[0]) from None
    if overdue is not None:
        low, high = PORTAL_OVERDUE_DAYS_RANGE
        if not low <= overdue <= high:
            raise CompanyError(Text("Choose from %(low)d to %(high)d days.", low=low, high=high))
        portal["portal_overdue_days"] = overdue
    return portal
