"""Sign-in throttling with Flask-Limiter: per account and per client IP, failures only.

Counters live in Redis (REDIS_URL) under LOGIN_THROTTLE_PREFIX, so every web
worker shares them. If Redis stops answering, Flask-Limiter's in-memory
fallback keeps throttling per process instead of failing the sign-in page,
and it returns to Redis once Redis answers again.

The account key is a hash of the normalised e-mail, whether or not such an
account exists, so a throttled unknown e-mail looks exactly like a throttled
real one. Only failed attempts count (deduct_when); a throttled attempt does
not check the password at all and answers 429 with the sign-in form.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from functools import partial
from typing import cast

from flask import Flask, Response, current_app, g, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from tracker.audit.services import record
from tracker.auth.forms import LoginForm
from tracker.auth.services import find_user_by_email, normalise_email
from tracker.extensions import db

TOO_MANY = "Too many attempts. Try again in {minutes} minute{s}."
LOGIN_ENDPOINT = "auth.login"


def account_key() -> str:
    """Throttle key for the e-mail being tried: a hash, so Redis never holds addresses."""
    email = normalise_email(request.form.get("email", ""))
    # No e-mail typed: the form is invalid, nothing is checked, nothing counted.
    return "account:" + (hashlib.sha256(email.encode()).hexdigest() if email else "-")


def ip_key() -> str:
    """Throttle key for the client address (the real one when PROXY_FIX_HOPS is set)."""
    return "ip:" + (get_remote_address() or "unknown")


def mark_failed_sign_in() -> None:
    """Called by the sign-in view when the credentials were wrong: count this attempt."""
    g.sign_in_failed = True


def _failed(response: Response) -> bool:
    return bool(g.get("sign_in_failed"))


def _limit(setting: str) -> str:
    return current_app.config[setting]


def minutes_until(seconds: float) -> int:
    """Whole minutes (at least 1) to wait for *seconds*; a second of slack so that a
    fresh 15-minute window reads "15 minutes", not 16."""
    return max(1, math.ceil((seconds - 1) / 60))


def throttled_page(limit: RequestLimit) -> Response:
    """The sign-in form with "Too many attempts. Try again in N minutes." (429)."""
    seconds = max(1.0, limit.window[0] - time.time())  # window[0]: when the window ends
    minutes = minutes_until(seconds)
    email = normalise_email(request.form.get("email", ""))
    user = find_user_by_email(email) if email else None
    kind = "account" if any(str(a).startswith("account:") for a in limit.request_args) else "IP"
    record("sign_in_throttled", "user", user.id if user else None,
           summary=f"sign-in throttled (per {kind}) for {email[:200]}",
           company_id=user.company_id if user else None, user_id=user.id if user else None)
    db.session.commit()
    message = TOO_MANY.format(minutes=minutes, s="" if minutes == 1 else "s")
    page = render_template("auth/login.html", form=LoginForm(), throttled=message)
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(math.ceil(seconds))
    return response


def init_app(app: Flask) -> Limiter:
    """Throttle POSTs to the sign-in view of *app* (one limiter per app)."""
    limiter = Limiter(
        key_func=ip_key,
        storage_uri=app.config["REDIS_URL"],
        storage_options={"key_prefix": app.config["LOGIN_THROTTLE_PREFIX"],
                         # A hung Redis delays a sign-in by at most this, then the
                         # in-memory fallback takes over.
                         "socket_connect_timeout": 1, "socket_timeout": 2},
        strategy="fixed-window",
        in_memory_fallback_enabled=True,  # Redis down: count in memory, never a 500
        swallow_errors=True,
    )
    limiter.init_app(app)
    # The sign-in view is a plain (sync) view; Flask types its views as sync or async.
    view = cast(Callable[..., ResponseReturnValue], app.view_functions[LOGIN_ENDPOINT])
    for key, setting in ((account_key, "LOGIN_LIMIT_PER_ACCOUNT"), (ip_key, "LOGIN_LIMIT_PER_IP")):
        view = limiter.limit(partial(_limit, setting), key_func=key, methods=["POST"],
                             deduct_when=_failed, on_breach=throttled_page)(view)
    app.view_functions[LOGIN_ENDPOINT] = view
    app.extensions["login_limiter"] = limiter
    return limiter
