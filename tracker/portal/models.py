"""The candidate portal's records: accounts, invitations, sign-in codes, and what HR asks
of a candidate (requests) with what the candidate sends back (answers, uploads).

A portal account is not a `User`: it has no role and is never Flask-Login's user. It
belongs to one company and one candidate (the person), and reaches that person's cases
and their dependants' cases only. Secrets (invitation tokens, sign-in codes) are kept
as SHA-256 hashes: a copy of the database gives nobody a working link or code.

Nothing the candidate sends changes HR's record by itself: an answer or an upload waits
as "pending" until HR accepts it (then the reviewing flow copies it onto the candidate or
the case's checklist) or returns it with a reason.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.clock import utcnow
from tracker.extensions import Model

LANGUAGES = ("en", "zh_Hant")
REQUEST_KINDS = ("section", "document")
# requested: waiting for the candidate; submitted: sent, waiting for HR's review;
# accepted: HR took it over; returned: HR sent it back with a reason (the candidate may
# send it again, which makes it "submitted" once more).
REQUEST_STATUSES = ("requested", "submitted", "accepted", "returned")
OPEN_REQUEST_STATUSES = ("requested", "returned")  # the candidate has something to do
REVIEW_STATUSES = ("pending", "accepted", "returned")  # of one answer or one upload
CODE_ATTEMPTS = 5  # wrong tries a sign-in code survives


def _in(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK that *column* holds one of *values* (one spelling for all)."""
    return f"{column} in ({', '.join(repr(value) for value in values)})"


class PortalAccount(Model):
    """A candidate's sign-in to the portal: one per candidate (the person).

    Revoking sets `active` False and bumps `session_version`, which ends every portal
    session of the account on its next request (the session carries the version).
    """

    __tablename__ = "portal_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidates.id"), unique=True)
    # Stored lower-cased. Not unique: one address may be the portal e-mail of a person
    # at two employers, and a code or password is tried against the account of the
    # company the sign-in names (tracker/portal/signin.py).
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))  # None until set
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    language: Mapped[str] = mapped_column(sa.String(10), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.CheckConstraint(_in("language", LANGUAGES), name="language_known"),
        sa.CheckConstraint("active OR revoked_at IS NOT NULL", name="revoked_has_time"),
    )

    def session_token(self) -> str:
        """What the portal session holds: "<id>:<session_version>"."""
        return f"{self.id}:{self.session_version}"


class PortalInvitation(Model):
    """A single-use link inviting a candidate to set their password.

    Only the SHA-256 of the token is stored. A new invitation voids the account's older
    unused ones (their used_at is set), so only the latest link works.
    """

    __tablename__ = "portal_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("portal_accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class PortalSignInCode(Model):
    """A 6-digit code mailed for one sign-in: 10 minutes, single use, 5 wrong tries."""

    __tablename__ = "portal_sign_in_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("portal_accounts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")

    __table_args__ = (
        sa.CheckConstraint(f"attempts >= 0 AND attempts <= {CODE_ATTEMPTS}",
                           name="attempts_in_range"),
    )


class PortalRequest(Model):
    """One thing HR asks of the candidate on a case: a questionnaire section
    (tracker/portal/questionnaire.py) or a checklist document, by a date.

    A document is named by its checklist code (rules/documents.py), not by a
    case_documents row: those rows are created on an item's first change, so the item
    asked for may have none yet. The row is (case_id, document_code) when it exists.
    """

    __tablename__ = "portal_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("portal_accounts.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    section: Mapped[str | None] = mapped_column(sa.String(20))  # kind "section"
    document_code: Mapped[str | None] = mapped_column(sa.String(40))  # kind "document"
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(10), default="requested",
                                        server_default="requested")
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")  # returned
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.CheckConstraint(_in("kind", REQUEST_KINDS), name="kind_known"),
        sa.CheckConstraint(_in("status", REQUEST_STATUSES), name="status_known"),
        sa.CheckConstraint(
            "(kind = 'section' AND section IS NOT NULL AND document_code IS NULL) OR "
            "(kind = 'document' AND document_code IS NOT NULL AND section IS NULL)",
            name="kind_has_its_subject"),
        # The candidate's open requests (the portal's home), and a case's (the case page).
        sa.Index("ix_portal_requests_account_status", "account_id", "status"),
        sa.Index("ix_portal_requests_company_case", "company_id", "case_id"),
    )


class PortalAnswer(Model):
    """The candidate's answer to one field of a requested section (value as text; dates
    ISO 8601), waiting for HR's review field by field."""

    __tablename__ = "portal_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("portal_requests.id"))
    field: Mapped[str] = mapped_column(sa.String(60))  # a field code of questionnaire.py
    value: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    status: Mapped[str] = mapped_column(sa.String(10), default="pending",
                                        server_default="pending")
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.UniqueConstraint("request_id", "field"),
        sa.CheckConstraint(_in("status", REVIEW_STATUSES), name="status_known"),
    )


class PortalUpload(Model):
    """A file the candidate uploaded for a document request, waiting for HR's review.

    Stored by tracker/documents/storage.py like HR's uploads, but apart from the case's
    checklist: the item is marked received only when HR accepts the upload (the review
    flow then attaches this file to the case_documents row). A returned upload stays
    here with its reason; the candidate's next upload is a new row.
    """

    __tablename__ = "portal_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"))
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("portal_requests.id"), index=True)
    file_name: Mapped[str] = mapped_column(sa.String(255))  # the candidate's, for display
    stored_name: Mapped[str] = mapped_column(sa.String(64))  # random (storage.save)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending",
                                        server_default="pending")
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.CheckConstraint(_in("status", REVIEW_STATUSES), name="status_known"),
        sa.CheckConstraint("size_bytes >= 0", name="size_not_negative"),
    )
