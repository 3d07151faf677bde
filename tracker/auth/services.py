"""Account rules: sign-in, sign-out, passwords, and the admin's user management.

Each function owns its commit.
"""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask import session
from flask_login import login_user, logout_user

from tracker.audit.models import AuditEvent
from tracker.audit.services import client_ip, record
from tracker.auth.mail import notify_account_change, send_password_reset
from tracker.auth.models import User
from tracker.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from tracker.auth.sessions import stamp_new_session
from tracker.clock import utcnow
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.i18n import LANGUAGES, N_, SESSION_KEY, Refusal, remember_choice
from tracker.permissions import Role
from tracker.rules.text import Text
from tracker.text import has_control_characters

WRONG_CURRENT_PASSWORD = N_("The current password is not correct.")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(Refusal):
    """A rule refused an account change (tracker.i18n.Refusal)."""


def user_exists(email: str) -> Text:
    """The refusal of an address a user (of this company, or any for the operator) has."""
    return Text("A user with email %(email)s already exists.", email=email)


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively; store them lower-cased."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def send_reset_link(email: str) -> bool:
    """Mail a reset link to the active account with *email*; False when there is none.

    Runs in the worker (tracker/auth/tasks.py): the web request only queues it, so
    a known and an unknown address take the same time to answer.
    """
    user = find_user_by_email(email)
    if user is None or not user.active:
        return False
    send_password_reset(user)
    return True


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


THROTTLED = "sign_in_throttled"


def record_throttled_burst(email: str, kind: str, attempt: int, *, window_seconds: float,
                           seconds_left: float, same_ip: bool) -> None:
    """Audit a throttled sign-in: one row per burst, its "attempts" raised by the later ones.

    A burst is one throttle window of one key (account, IP or device) and tried
    e-mail; *attempt* numbers this attempt within it (tracker/auth/throttle.py
    counts them atomically), and the first writes the row. 50 throttled attempts
    are then one row saying 50, not 50 rows in the company's log. A later attempt
    that comes before the first one's row is committed finds nothing to update;
    the next one sets the count right.
    """
    user = find_user_by_email(email) if email else None
    company_id = user.company_id if user else None
    summary = f"sign-in throttled (per {kind}) for {email[:200]}"
    if attempt == 1:
        record(THROTTLED, "user", user.id if user else None, summary=summary,
               changes={"attempts": 1}, company_id=company_id,
               user_id=user.id if user else None)
        db.session.commit()
        return
    # The row was written after the window opened; a second of slack for rounding.
    since = utcnow() - timedelta(seconds=window_seconds - seconds_left + 1)
    query = sa.select(AuditEvent).where(
        AuditEvent.action == THROTTLED, AuditEvent.summary == summary[:300],
        AuditEvent.company_id.is_(None) if company_id is None
        else AuditEvent.company_id == company_id,
        AuditEvent.created_at >= since)
    if same_ip:  # an IP's burst: the rows of other addresses for this e-mail are not it
        query = query.where(AuditEvent.ip == client_ip())
    # FOR UPDATE: concurrent attempts raise the count one after the other.
    event = db.session.scalar(query.order_by(AuditEvent.id.desc()).limit(1).with_for_update())
    if event is not None:
        attempts = max(attempt, int((event.changes or {}).get("attempts", 0)))
        event.changes = {**(event.changes or {}), "attempts": attempts}
    db.session.commit()


def sign_in(user: User) -> None:
    """Start a fresh session for *user* (clearing the old one rotates the session)."""
    language = session.get(SESSION_KEY)  # the footer switch outlives signing in
    session.clear()
    if language:
        remember_choice(language)
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


def set_language(user: User, language: str | None) -> None:
    """Store *user*'s interface language (None: follow the browser)."""
    if language is not None and language not in LANGUAGES:
        raise AccountError(Text("Unknown language: %(language)s.", language=language))
    if user.language != language:
        record("language_changed", "user", user.id, company_id=user.company_id,
               user_id=user.id, changes={"language": [user.language, language]})
        user.language = language
        db.session.commit()


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


def check_address(email: str) -> None:
    """Refuse an address that cannot be an e-mail address."""
    if not EMAIL_PATTERN.match(email):
        raise AccountError(Text("%(email)s is not a valid email address.", email=repr(email)))


def add_user(company: Company, email: str, full_name: str, role: Role,
              password: str | None) -> User:
    """Add (not commit) a user; *email* is normalised and checked by the caller."""
    if password is not None and (problem := password_problem(password)):
        raise AccountError(problem)
    if has_control_characters(full_name):
        raise AccountError(N_("The full name cannot contain line breaks, tabs or other "
                              "control characters."))
    user = User(company=company, email=email, full_name=full_name.strip() or email,
                role=Role(role).value,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    return user


def create_user(
    company: Company, email: str, full_name: str, role: Role, password: str | None = None
) -> User:
    """Add a user to *company* (the operator's command). Without a password the user
    is invited to set one.

    An address in use anywhere is refused by name: the operator sees every company.
    The admin's invitation page uses addresses.invite_user, which does not tell.
    """
    email = normalise_email(email)
    check_address(email)
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError(user_exists(email))
    user = add_user(company, email, full_name, role, password)
    record("create", "user", user.id, company_id=company.id,
           changes={"email": [None, email], "role": [None, user.role]})
    db.session.commit()
    return user


def company_users(company_id: int) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.company_id == company_id).order_by(User.full_name)))


def _active_admin_count(company_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.company_id == company_id, User.active, User.role == Role.ADMIN.value)) or 0


def update_user(user: User, role: Role, active: bool) -> None:
    """Change a user's role or active flag, keeping at least one active admin."""
    losing_admin = user.active and user.role == Role.ADMIN and (role != Role.ADMIN or not active)
    if losing_admin and _active_admin_count(user.company_id) <= 1:
        raise AccountError(N_("The company needs at least one active admin: "
                              "make someone else admin first."))
    changes: dict[str, list[str | bool]] = {}  # field: [before, after]
    if user.role != role.value:
        changes["role"] = [user.role, role.value]
        user.role = role.value
    if user.active != active:
        changes["active"] = [user.active, active]
        user.active = active
        if not active:
            end_all_sessions(user)
    if changes:
        record("update", "user", user.id, changes=changes, company_id=user.company_id)
        db.session.commit()
