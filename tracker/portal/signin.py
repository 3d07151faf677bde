"""The candidate's side of portal accounts: the invitation link, password and code
sign-in, the portal session, sign-out. Each function owns its commit and audits.

Secrets are compared as SHA-256 hashes in constant time (hmac.compare_digest). Failures
say nothing of why (the views show one generic message), and an unknown e-mail takes
the same password-hashing time as a known one (passwords.verify_password).

The portal session is Flask's signed session holding PORTAL_KEY = "<account id>:
<session_version>" (tracker/auth/sessions.py times it like an HR session). Starting one
clears the session first, which also signs an HR user out of that browser.

A person may have portal accounts at two employers under one address: a password signs
in to the account it matches (the most recently used first), a code to the account it
was sent for.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import session

from tracker.audit.services import record
from tracker.auth.passwords import hash_password, verify_password
from tracker.auth.services import normalise_email
from tracker.auth.sessions import PORTAL_KEY, stamp_new_session
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.i18n import SESSION_KEY, language_or_none, remember_choice
from tracker.portal.accounts import secret_hash
from tracker.portal.models import (
    CODE_ATTEMPTS,
    PortalAccount,
    PortalInvitation,
    PortalSignInCode,
)

CODE_MINUTES = 10
CODE_DIGITS = 6
MAX_TOKEN_LENGTH = 100


def _audit(action: str, account: PortalAccount | None, summary: str = "") -> None:
    """An audit entry for the candidate's action (no HR user: user_id stays empty)."""
    record(action, "portal_account", account.id if account else None, summary=summary,
           company_id=account.company_id if account else None)


def active_accounts(email: str) -> list[PortalAccount]:
    """The active accounts with *email*, the most recently used first."""
    return list(db.session.scalars(
        sa.select(PortalAccount).where(PortalAccount.email == normalise_email(email),
                                       PortalAccount.active)
        .order_by(PortalAccount.last_signed_in_at.desc().nulls_last(),
                  PortalAccount.id.desc())))


# --- the invitation link -------------------------------------------------------------

def issue_invitation_token(invitation_id: int) -> tuple[PortalInvitation, str] | None:
    """Give a still-valid invitation a fresh token to mail (the worker calls this just
    before sending); None when it was used, voided or has expired meanwhile."""
    invitation = db.session.get(PortalInvitation, invitation_id)
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    token = secrets.token_urlsafe(32)  # 256 bits
    invitation.token_hash = secret_hash(token)
    db.session.commit()
    return invitation, token


def invitation_for(token: str) -> PortalInvitation | None:
    """The unused, unexpired invitation of an active account whose token is *token*."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    wanted = secret_hash(token)
    invitation = db.session.scalar(
        sa.select(PortalInvitation).where(PortalInvitation.token_hash == wanted))
    if invitation is None or not hmac.compare_digest(invitation.token_hash, wanted):
        return None
    account = db.session.get(PortalAccount, invitation.account_id)
    if (invitation.used_at is not None or invitation.expires_at <= utcnow()
            or account is None or not account.active):
        return None
    return invitation


def accept_invitation(invitation: PortalInvitation, password: str) -> PortalAccount:
    """Set the account's password from its invitation (used up now) and sign it in.
    The caller checked the password against the rules (auth.forms.strong_password)."""
    account = db.session.get_one(PortalAccount, invitation.account_id)
    invitation.used_at = utcnow()
    account.password_hash = hash_password(password)
    account.session_version += 1  # any session from before the new password ends
    _audit("portal_password_set", account, "Candidate set a portal password from the "
                                           "invitation")
    start_session(account)
    return account


# --- password and code sign-in -------------------------------------------------------

def authenticate(email: str, password: str) -> PortalAccount | None:
    """The active account with *email* whose password is *password*, or None (audited)."""
    accounts = [a for a in active_accounts(email) if a.password_hash]
    for account in accounts:
        if verify_password(account.password_hash, password):
            return account
    if not accounts:
        verify_password(None, password)  # the same time as a wrong password
    _audit("portal_sign_in_failed", accounts[0] if accounts else None,
           f"failed portal sign-in for {normalise_email(email)[:200]}")
    db.session.commit()
    return None


def issue_codes(email: str) -> list[tuple[PortalAccount, str]]:
    """A new 6-digit code for each active account with *email* (the worker mails each);
    the account's earlier codes stop working."""
    now, issued = utcnow(), []
    for account in active_accounts(email):
        db.session.execute(sa.update(PortalSignInCode).where(
            PortalSignInCode.account_id == account.id,
            PortalSignInCode.used_at.is_(None)).values(used_at=now))
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        db.session.add(PortalSignInCode(account_id=account.id, code_hash=secret_hash(code),
                                        created_at=now,
                                        expires_at=now + timedelta(minutes=CODE_MINUTES)))
        _audit("portal_code_sent", account, "Sign-in code sent to the candidate")
        issued.append((account, code))
    db.session.commit()
    return issued


def check_code(email: str, code: str) -> PortalAccount | None:
    """The account whose current code for *email* is *code*, or None (audited).

    A wrong code counts against every current code of the address; the fifth wrong try
    uses a code up, so guessing a million codes five at a time gets nowhere.
    """
    accounts = {a.id: a for a in active_accounts(email)}
    now, wanted = utcnow(), secret_hash(code.strip())
    current = list(db.session.scalars(
        sa.select(PortalSignInCode).where(
            PortalSignInCode.account_id.in_(accounts), PortalSignInCode.used_at.is_(None),
            PortalSignInCode.expires_at > now).with_for_update())) if accounts else []
    for row in current:
        if hmac.compare_digest(row.code_hash, wanted):
            row.used_at = now
            return accounts[row.account_id]
    for row in current:
        row.attempts += 1
        if row.attempts >= CODE_ATTEMPTS:
            row.used_at = now
    first = next(iter(accounts.values()), None)
    _audit("portal_sign_in_failed", first,
           f"wrong portal sign-in code for {normalise_email(email)[:200]}")
    db.session.commit()
    return None


# --- the session ---------------------------------------------------------------------

def start_session(account: PortalAccount) -> None:
    """Sign *account* in: a fresh session (nothing planted before survives, an HR user
    is signed out), stamped for the idle and absolute limits; audited."""
    chosen = language_or_none(session.get(SESSION_KEY))  # the switch used before signing in
    session.clear()
    session.permanent = True
    if chosen:
        account.language = chosen
    remember_choice(account.language)
    session[PORTAL_KEY] = account.session_token()
    stamp_new_session(session)
    account.last_signed_in_at = utcnow()
    _audit("portal_sign_in", account, "Candidate signed in to the portal")
    db.session.commit()


def account_for_session(token: object) -> PortalAccount | None:
    """The active account a session's PORTAL_KEY names at its current version, or None."""
    if not isinstance(token, str):
        return None
    account_id, _, version = token.partition(":")
    if not (account_id.isdigit() and version.isdigit()) or len(account_id) > 18:
        return None
    account = db.session.get(PortalAccount, int(account_id))
    if account is None or not account.active or account.session_version != int(version):
        return None
    return account


def sign_out(account: PortalAccount) -> None:
    """End this and every other portal session of the account."""
    account.session_version += 1
    _audit("portal_sign_out", account, "Candidate signed out of the portal")
    db.session.commit()
    language = session.get(SESSION_KEY)
    session.clear()
    remember_choice(language_or_none(language))


def set_language(account: PortalAccount, language: str) -> None:
    """Keep the candidate's language (their e-mails are written in it)."""
    if language_or_none(language) and account.language != language:
        account.language = language
        db.session.commit()
