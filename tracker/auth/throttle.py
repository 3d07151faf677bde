"""Throttling of sign-in and password-reset requests, with Flask-Limiter.

Counters live in Redis (REDIS_URL) under LOGIN_THROTTLE_PREFIX, so every web
worker shares them. If Redis stops answering, Flask-Limiter's in-memory
fallback keeps throttling per process instead of failing the page, and it
returns to Redis once Redis answers again.

Sign-in counts failed attempts only (deduct_when), following OWASP's device
cookies (tracker/auth/devices.py) so that a guesser cannot lock the owner out:

- a browser without a device cookie for the account tried is an untrusted
  client: its failures count per account (LOGIN_LIMIT_PER_ACCOUNT) and per
  client IP (LOGIN_LIMIT_PER_IP);
- a browser with one is trusted: its failures count against that cookie only
  (LOGIN_LIMIT_PER_DEVICE), and the two limits above do not apply to it.

A throttled attempt does not check the password at all and answers 429 with the
sign-in form; the audit log gets one row per burst, with the number of attempts.

Password-reset requests count per address (RESET_LIMIT_PER_ADDRESS: past it the
answer stays the usual one and no e-mail is queued) and per client IP
(RESET_LIMIT_PER_IP: 429 with the form).

An admin's resent invitations count per invitee (INVITE_RESEND_LIMIT, keyed by the
admin's company and the invitee's id): past it the Users page says when to try
again, and no link is mailed.

Accounts are keyed by a hash of the normalised e-mail, whether or not such an
account exists, so a throttled unknown e-mail looks exactly like a real one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import partial
from typing import cast

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from tracker.auth.devices import account_digest, request_device
from tracker.auth.forms import LoginForm, ResetRequestForm
from tracker.auth.services import normalise_email, record_throttled_burst
from tracker.i18n import N_

TOO_MANY = N_("Too many attempts. Try again in {minutes} minute{s}.")
TOO_MANY_RESETS = N_("Too many reset requests from your network. "
                     "Try again in {minutes} minute{s}.")
RESET_ANSWER = N_("If that email has an account, a reset link is on its way.")
TOO_MANY_RESENDS = N_("This invitation has been resent too often. "
                      "Try again in {minutes} minute{s}.")
LOGIN_ENDPOINT = "auth.login"
RESET_ENDPOINT = "auth.reset_request"
RESEND_ENDPOINT = "auth.resend_invitation"


def submitted_email() -> str:
    """The normalised e-mail of a form or JSON submission ("" if none).

    Flask-WTF reads a JSON body as form data (tracker/security.py has already
    refused one that is not {name: text or [text]}), so a JSON sign-in must be
    keyed by its e-mail exactly like a form's.
    """
    data = request.form
    if request.is_json:
        body = request.get_json(silent=True)
        data = ImmutableMultiDict(body) if isinstance(body, dict) else ImmutableMultiDict()
    email = data.get("email", "")
    return normalise_email(email) if isinstance(email, str) else ""


def account_key() -> str:
    """Throttle key for the e-mail being tried: a hash, so Redis never holds addresses."""
    email = submitted_email()
    # No e-mail typed: the form is invalid, nothing is checked, nothing counted.
    return "account:" + (account_digest(email) if email else "-")


def ip_key() -> str:
    """Throttle key for the client address (the real one when PROXY_FIX_HOPS is set)."""
    if request.headers.get("X-Forwarded-For") and not current_app.config["PROXY_FIX_HOPS"]:
        _warn_unread_proxy_header()
    return "ip:" + (get_remote_address() or "unknown")


def device_key() -> str:
    """Throttle key for a trusted browser: its device cookie's nonce."""
    return "device:" + (request_device(submitted_email()) or "-")


def reset_address_key() -> str:
    return "reset-address:" + account_digest(submitted_email())


def reset_ip_key() -> str:
    return "reset-ip:" + (get_remote_address() or "unknown")


def resend_key() -> str:
    """Throttle key for a resent invitation: the admin's company and the invitee's id (an
    admin of another company, whose request is refused, counts against nobody's)."""
    company = current_user.company_id if current_user.is_authenticated else "-"
    return f"invite-resend:{company}:{(request.view_args or {}).get('user_id', '-')}"


def _warn_unread_proxy_header() -> None:
    """Log once per process: behind a proxy with PROXY_FIX_HOPS=0, every client has the
    proxy's address, so the per-IP limits throttle everyone behind it together."""
    if not current_app.extensions.get("proxy_header_warned"):
        current_app.extensions["proxy_header_warned"] = True
        current_app.logger.warning(
            "X-Forwarded-For received but PROXY_FIX_HOPS is 0: per-IP throttling and the "
            "audit log see the proxy's address. Set PROXY_FIX_HOPS to the number of proxies.")


def _trusted() -> bool:
    return request_device(submitted_email()) is not None


def _untrusted() -> bool:
    return not _trusted()


def mark_failed_sign_in() -> None:
    """Called by the sign-in view when the credentials were wrong: count this attempt."""
    g.sign_in_failed = True


def mark_reset_requested() -> None:
    """Called by the reset view when it accepted a request: count it."""
    g.reset_requested = True


def mark_invitation_resent() -> None:
    """Called by the resend view when it issued a fresh invitation link: count it."""
    g.invitation_resent = True


def _resent(response: Response) -> bool:
    return bool(g.get("invitation_resent"))


def _failed(response: Response) -> bool:
    return bool(g.get("sign_in_failed"))


def _reset_requested(response: Response) -> bool:
    return bool(g.get("reset_requested"))


def _limit(setting: str) -> str:
    return current_app.config[setting]


def minutes_until(seconds: float) -> int:
    """Whole minutes (at least 1) to wait for *seconds*; a second of slack so that a
    fresh 15-minute window reads "15 minutes", not 16."""
    return max(1, math.ceil((seconds - 1) / 60))


def _wait(limit: RequestLimit) -> tuple[float, int]:
    """Seconds until *limit*'s window ends, and the whole minutes to tell the user."""
    seconds = max(1.0, limit.window[0] - time.time())  # window[0]: when the window ends
    return seconds, minutes_until(seconds)


def _message(template: str, minutes: int) -> str:
    return gettext(template).format(minutes=minutes, s="" if minutes == 1 else "s")


def _too_many(page: str, seconds: float) -> Response:
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(math.ceil(seconds))
    return response


def _kind(limit: RequestLimit) -> str:
    """Which limit was reached: "account", "IP" or "device"."""
    keys = [str(arg) for arg in limit.request_args]
    for prefix, kind in (("account:", "account"), ("device:", "device")):
        if any(key.startswith(prefix) for key in keys):
            return kind
    return "IP"


def _burst_attempt(limit: RequestLimit, seconds_left: float) -> int:
    """Which throttled attempt of this window and key this is (1 for the first).

    Counted atomically in the limiter's own storage (Redis, or memory while Redis
    is down), per breached key and tried account, in a counter that expires with
    the window: the next window's first throttled attempt starts a new burst.
    (The window's end time cannot name the burst: Redis gives it to the second,
    so it moves by one between attempts.)
    """
    try:
        return limit.limiter.storage.incr(f"burst/{limit.key}/{account_key()}",
                                          math.ceil(seconds_left))
    except Exception:  # noqa: BLE001 - storage trouble: audit this attempt on its own
        current_app.logger.warning("could not count a throttled burst", exc_info=True)
        return 1


def throttled_page(limit: RequestLimit) -> Response:
    """The sign-in form with "Too many attempts. Try again in N minutes." (429)."""
    seconds, minutes = _wait(limit)
    kind = _kind(limit)
    record_throttled_burst(submitted_email(), kind, _burst_attempt(limit, seconds),
                           window_seconds=limit.limit.get_expiry(), seconds_left=seconds,
                           same_ip=kind == "IP")
    # The hint is for the owner: their known browsers are not held up (not so when it
    # is such a browser that reached its own limit).
    page = render_template("auth/login.html", form=LoginForm(),
                           throttled=_message(TOO_MANY, minutes), device_hint=kind != "device")
    return _too_many(page, seconds)


def reset_answer() -> Response:
    """What every accepted reset request sees, whether or not the e-mail has an account
    and whether or not its address was throttled."""
    flash(gettext(RESET_ANSWER), "info")
    return make_response(redirect(url_for("auth.login")))


def reset_address_throttled(limit: RequestLimit) -> Response:
    """Past RESET_LIMIT_PER_ADDRESS: the usual answer, and no e-mail queued."""
    return reset_answer()


def reset_ip_throttled(limit: RequestLimit) -> Response:
    """Past RESET_LIMIT_PER_IP: the reset form with "Try again in N minutes" (429)."""
    seconds, minutes = _wait(limit)
    page = render_template("auth/reset_request.html", form=ResetRequestForm(),
                           throttled=_message(TOO_MANY_RESETS, minutes))
    return _too_many(page, seconds)


def resend_throttled(limit: RequestLimit) -> Response:
    """Past INVITE_RESEND_LIMIT: back to the Users page with when to try again."""
    _seconds, minutes = _wait(limit)
    flash(_message(TOO_MANY_RESENDS, minutes), "warning")
    return make_response(redirect(url_for("auth.users")))


SIGN_IN_LIMITS = (  # key, setting, exempt when
    (account_key, "LOGIN_LIMIT_PER_ACCOUNT", _trusted),
    (ip_key, "LOGIN_LIMIT_PER_IP", _trusted),
    (device_key, "LOGIN_LIMIT_PER_DEVICE", _untrusted),
)
RESET_LIMITS = (  # key, setting, answer when reached
    (reset_address_key, "RESET_LIMIT_PER_ADDRESS", reset_address_throttled),
    (reset_ip_key, "RESET_LIMIT_PER_IP", reset_ip_throttled),
)


def _view(app: Flask, endpoint: str) -> Callable[..., ResponseReturnValue]:
    # The auth views are plain (sync) views; Flask types its views as sync or async.
    return cast(Callable[..., ResponseReturnValue], app.view_functions[endpoint])


def init_app(app: Flask) -> Limiter:
    """Throttle POSTs to the sign-in, reset and invitation-resend views of *app* (one
    limiter per app)."""
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
    login = _view(app, LOGIN_ENDPOINT)
    for key, setting, exempt in SIGN_IN_LIMITS:
        login = limiter.limit(partial(_limit, setting), key_func=key, methods=["POST"],
                              exempt_when=exempt, deduct_when=_failed,
                              on_breach=throttled_page)(login)
    app.view_functions[LOGIN_ENDPOINT] = login
    reset = _view(app, RESET_ENDPOINT)
    for key, setting, answer in RESET_LIMITS:
        reset = limiter.limit(partial(_limit, setting), key_func=key, methods=["POST"],
                              deduct_when=_reset_requested, on_breach=answer)(reset)
    app.view_functions[RESET_ENDPOINT] = reset
    app.view_functions[RESEND_ENDPOINT] = limiter.limit(
        partial(_limit, "INVITE_RESEND_LIMIT"), key_func=resend_key, methods=["POST"],
        deduct_when=_resent, on_breach=resend_throttled)(_view(app, RESEND_ENDPOINT))
    app.extensions["login_limiter"] = limiter
    return limiter
