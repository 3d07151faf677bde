"""Imports every model so Alembic and the relationship registry see them all."""

from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.calendar.models import CalendarFeed
from tracker.candidates.models import Candidate
from tracker.cases.models import Case, CaseStageEvent
from tracker.companies.models import Company
from tracker.documents.models import CaseDocument
from tracker.imports.models import ImportJob, ImportMapping
from tracker.portal.models import (
    PortalAccount,
    PortalAnswer,
    PortalInvitation,
    PortalRequest,
    PortalSignInCode,
    PortalUpload,
)
from tracker.quotas.models import QuotaAllotment, QuotaApplication, QuotaPosition
from tracker.reminders.models import ReminderLedger, ReminderScan

__all__ = ["AuditEvent", "CalendarFeed", "Candidate", "Case", "CaseDocument", "CaseStageEvent",
           "Company", "ImportJob", "ImportMapping", "PortalAccount", "PortalAnswer",
           "PortalInvitation", "PortalRequest", "PortalSignInCode", "PortalUpload",
           "QuotaAllotment", "QuotaApplication", "QuotaPosition", "ReminderLedger",
           "ReminderScan", "User"]
