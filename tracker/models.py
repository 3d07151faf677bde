"""Imports every model so Alembic and the relationship registry see them all."""

from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.companies.models import Company

__all__ = ["AuditEvent", "Company", "User"]
