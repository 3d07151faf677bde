"""Signed, time-limited, single-use tokens: password reset, invitations, e-mail changes.

A token carries the user id and a fingerprint of the current password hash and
e-mail address. Setting a password changes the hash, so a token works once only;
changing the e-mail voids every link sent before, so a link that reached an old
mailbox (one the user gave up, or an attacker's) cannot reset the password.
An invitation resent (addresses.resend_invitation) raises the invitee's session
version, which the fingerprint of an account without a password includes: the
links sent before stop working, and only the newest one sets the password.

An e-mail change token also carries the new address, under a salt of its own (a
reset token cannot be passed off as one, nor the reverse). Following it changes
the e-mail, and so the fingerprint: it works once, and a password change since
the request voids it too.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tracker.auth.models import User
from tracker.extensions import db

SALT = "password-reset"
EMAIL_CHANGE_SALT = "email-change"


def _serializer(salt: str = SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    # A line break cannot occur in either value, so no two pairs give the same text.
    state = f"{user.password_hash or 'unset'}\n{user.email}"
    if user.password_hash is None and user.session_version > 1:
        # An invitee's version moves only when an invitation is resent (or the account
        # is deactivated): from the first version on, links already sent stay valid.
        state += f"\n{user.session_version}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    """A token that lets *user* set a new password once."""
    return _serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})


def user_for_token(token: str, max_age: int) -> User | None:
    """The active user a token belongs to, or None when expired, reused or forged."""
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.scalar(sa.select(User).where(User.id == data.get("uid")))
    if user is None or not user.active or _fingerprint(user) != data.get("fp"):
        return None
    return user


def make_email_change_token(user: User, new_email: str) -> str:
    """A token that lets *user* make *new_email* their sign-in e-mail, once."""
    return _serializer(EMAIL_CHANGE_SALT).dumps(
        {"uid": user.id, "new": new_email, "fp": _fingerprint(user)})


def email_change_for_token(token: str, max_age: int) -> tuple[User, str] | None:
    """(active user, new address) a change token names, or None when expired, reused
    (the e-mail or password changed since) or forged."""
    try:
        data = _serializer(EMAIL_CHANGE_SALT).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.scalar(sa.select(User).where(User.id == data.get("uid")))
    if user is None or not user.active or _fingerprint(user) != data.get("fp"):
        return None
    return user, str(data["new"])
