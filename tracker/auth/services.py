"""Account rules: sign-in, sign-out, passwords. Each function owns its commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask import session
from flask_login import login_user, logout_user
from sqlalchemy.exc import IntegrityError

from tracker.audit.services import record
from tracker.auth.mail import notify_account_change
from tracker.auth.models import User
from tracker.auth.passwords import hash_password, needs_rehash, verify_password
from tracker.auth.sessions import stamp_new_session
from tracker.clock import utcnow
from tracker.extensions import db

WRONG_CURRENT_PASSWORD = "The current password is not correct."


class AccountError(ValueError):
    """A rule refused the request; the message is safe to show to the user."""


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively; store them lower-cased."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def load_user_from_session(token: str) -> User | None:
    """Flask-Login's user loader: the session token is "<id>:<session_version>"."""
    user_id, _, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Logs success and failure."""
    user = find_user_by_email(email)
    # verify_password runs even with no user, so both paths take the same time.
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        record("sign_in_failed", "user", user.id if user else None,
               summary=f"failed sign-in for {normalise_email(email)[:200]}",
               company_id=user.company_id if user else None,
               user_id=user.id if user else None)
        db.session.commit()
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        # The configured cost changed since this hash was made: upgrade it while
        # the plain password is at hand (it is never stored or seen again).
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def sign_in(user: User) -> None:
    """Start a fresh session for *user* (clearing the old one rotates the session)."""
    session.clear()
    session.permanent = True
    login_user(user)
    stamp_new_session(session)
    user.last_sign_in_at = utcnow()
    record("sign_in", "user", user.id, company_id=user.company_id, user_id=user.id)
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Invalidate every session of *user* (caller commits)."""
    user.session_version += 1


def sign_out(user: User) -> None:
    """Sign out here and everywhere else this user is signed in."""
    end_all_sessions(user)
    record("sign_out", "user", user.id, company_id=user.company_id, user_id=user.id)
    db.session.commit()
    logout_user()
    session.clear()


def set_password(user: User, new_password: str, action: str = "password_changed") -> None:
    """Store a new password and end all of the user's sessions."""
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    record(action, "user", user.id, company_id=user.company_id, user_id=user.id)
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one; keeps this session alive."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(WRONG_CURRENT_PASSWORD)
    set_password(user, new_password)
    sign_in(user)  # the version bump ended this session too; start a new one
    notify_account_change(user, "password_changed", user.email)


def change_email(user: User, current_password: str, new_email: str) -> None:
    """Change the sign-in e-mail after re-checking the password; tells the old address."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(WRONG_CURRENT_PASSWORD)
    new_email, old_email = normalise_email(new_email), user.email
    if new_email == old_email:
        raise AccountError("That is already your email address.")
    if find_user_by_email(new_email) is not None:
        raise AccountError("That email address is already in use.")
    user.email = new_email
    record("update", "user", user.id, changes={"email": [old_email, new_email]},
           company_id=user.company_id, user_id=user.id)
    try:
        db.session.commit()
    except IntegrityError:  # taken by someone else a moment ago
        db.session.rollback()
        raise AccountError("That email address is already in use.") from None
    notify_account_change(user, "email_changed", old_email)
