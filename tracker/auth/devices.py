"""Device cookies: browsers that have signed in to an account before are not held up
by someone else guessing that account's password.

OWASP, "Slow Down Online Guessing Attacks with Device Cookies": a successful
sign-in (or a password reset from the e-mailed link) gives the browser a signed
cookie naming the account and a random nonce. On the next sign-in to that account
the browser is "trusted": its failures count against its own nonce only, and the
per-account and per-IP limits that an attacker can fill up do not apply to it.
Everyone else ("untrusted clients") shares those limits. So guessing from
elsewhere locks out other untrusted clients, never the owner's known browsers,
and a stolen cookie buys only the per-device allowance.

The cookie names the account by the same digest the throttle keys on (no address
in the cookie), is signed with SECRET_KEY, expires after DEVICE_COOKIE_DAYS, and
is renewed at every sign-in. One browser remembers one account: the latest.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from tracker.auth.services import normalise_email

SALT = "device-cookie"


def account_digest(email: str) -> str:
    """The account's name in throttle keys and device cookies: a hash of the
    normalised e-mail, whether or not an account has it, so Redis and cookies
    never hold addresses."""
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _max_age() -> int:
    return current_app.config["DEVICE_COOKIE_DAYS"] * 86400


def remember_device(response: Response, email: str) -> Response:
    """Mark the browser receiving *response* as a known device of the account *email*."""
    value = _serializer().dumps({"a": account_digest(email), "n": secrets.token_urlsafe(16)})
    config = current_app.config
    # Path "/" and no domain: what a __Host- name (production) requires. Strict: only
    # the sign-in form of this site ever needs it.
    response.set_cookie(config["DEVICE_COOKIE_NAME"], value, max_age=_max_age(),
                        secure=bool(config.get("SESSION_COOKIE_SECURE")), httponly=True,
                        samesite="Strict", path="/")
    return response


def trusted_device(email: str) -> str | None:
    """The nonce of this request's device cookie when it is valid for *email*, else None."""
    raw = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if not raw or not email:
        return None
    try:
        data = _serializer().loads(raw, max_age=_max_age())
    except BadSignature:  # forged, altered or expired (SignatureExpired is a BadSignature)
        return None
    if not isinstance(data, dict) or data.get("a") != account_digest(email):
        return None
    nonce = data.get("n")
    return nonce if isinstance(nonce, str) and nonce else None


def request_device(email: str) -> str | None:
    """trusted_device(email) for this request, worked out once."""
    if "device_nonce" not in g:
        g.device_nonce = trusted_device(email)
    return g.device_nonce
