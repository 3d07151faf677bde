"""HR's side of portal accounts: inviting a person, revoking access, and the state the
person's page shows. Each function owns its commit and writes the audit entry.

An invitation is created here, in the request, with a placeholder secret: the worker
gives it its real token just before mailing it (signin.issue_invitation_token), so the
token never travels through the task queue and exists only in the e-mail.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from tracker.audit.services import record
from tracker.auth.models import User
from tracker.auth.services import AccountError, check_address, normalise_email
from tracker.candidates.models import Candidate
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.portal.models import PortalAccount, PortalInvitation, PortalSignInCode


class PortalError(Refusal):
    """A rule refused a portal change (tracker.i18n.Refusal)."""


def secret_hash(secret: str) -> str:
    """What is stored of a token or code: its SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def account_of(candidate: Candidate) -> PortalAccount | None:
    """The person's portal account, if they were ever invited (same company only)."""
    return db.session.scalar(sa.select(PortalAccount).where(
        PortalAccount.candidate_id == candidate.id,
        PortalAccount.company_id == candidate.company_id))


def latest_invitation(account: PortalAccount) -> PortalInvitation | None:
    return db.session.scalar(
        sa.select(PortalInvitation).where(PortalInvitation.account_id == account.id)
        .order_by(PortalInvitation.id.desc()).limit(1))


def _void_secrets(account: PortalAccount, now: datetime) -> None:
    """Mark every unused invitation and code of *account* used: none works any more."""
    for model in (PortalInvitation, PortalSignInCode):
        db.session.execute(sa.update(model).where(
            model.account_id == account.id, model.used_at.is_(None)).values(used_at=now))


def _checked_email(email: str) -> str:
    email = normalise_email(email)
    try:
        check_address(email)
    except AccountError as error:
        raise PortalError(error.message) from None
    return email


def invite(inviter: User, candidate: Candidate, email: str) -> PortalInvitation:
    """Invite *candidate* (of the inviter's company) to the portal at *email*: creates
    or reopens their account and a new invitation; earlier links stop working.

    A changed address drops the password set at the old one (a new mailbox may be
    someone else's) and ends the account's sessions.
    """
    if candidate.company_id != inviter.company_id:
        raise PortalError(N_("This person belongs to another company."))
    email = _checked_email(email)
    now = utcnow()
    account = account_of(candidate)
    before = None
    if account is None:
        account = PortalAccount(company_id=candidate.company_id, candidate_id=candidate.id,
                                email=email)
        db.session.add(account)
        db.session.flush()
    else:
        before = account.email
        if account.email != email:
            account.email, account.password_hash = email, None
            account.session_version += 1
        account.active, account.revoked_at, account.revoked_by_id = True, None, None
        _void_secrets(account, now)
    invitation = PortalInvitation(
        company_id=account.company_id, account_id=account.id, created_by_id=inviter.id,
        token_hash=secret_hash(secrets.token_urlsafe(32)),  # replaced when mailed
        created_at=now, expires_at=now + timedelta(days=inviter.company.portal_invitation_days))
    db.session.add(invitation)
    record("portal_invited", "candidate", candidate.id, company_id=candidate.company_id,
           user_id=inviter.id, summary=f"Invited to the candidate portal at {email}",
           changes={"portal_email": [before, email]})
    db.session.commit()
    return invitation


def revoke(user: User, account: PortalAccount) -> None:
    """End the account's access: it cannot sign in, and its sessions end on their next
    request (session_version); open invitations and codes stop working."""
    if not account.active:
        raise PortalError(N_("The candidate's portal access is already revoked."))
    now = utcnow()
    account.active, account.revoked_at, account.revoked_by_id = False, now, user.id
    account.session_version += 1
    _void_secrets(account, now)
    record("portal_revoked", "candidate", account.candidate_id, company_id=account.company_id,
           user_id=user.id, summary="Candidate portal access revoked",
           changes={"portal_active": [True, False]})
    db.session.commit()


@dataclass(frozen=True)
class PortalState:
    """What the person's page says of their portal access."""

    status: str  # "none", "invited", "expired", "active", "revoked"
    account: PortalAccount | None = None
    expires_at: datetime | None = None


def portal_state(candidate: Candidate) -> PortalState:
    """Not invited / invited (until when) / invitation expired / active / revoked."""
    account = account_of(candidate)
    if account is None:
        return PortalState("none")
    if not account.active:
        return PortalState("revoked", account)
    if account.password_hash is not None:
        return PortalState("active", account)
    invitation = latest_invitation(account)
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return PortalState("expired", account)
    return PortalState("invited", account, invitation.expires_at)
