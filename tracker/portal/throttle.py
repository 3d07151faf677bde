"""Throttling of the portal's sign-in, code entry and code requests, on HR's limiter
(tracker/auth/throttle.py: Redis, in-memory fallback) and HR's limits, under keys of
their own so a candidate's failures never count against an HR account.

- password and code sign-in: failed attempts per tried address
  (LOGIN_LIMIT_PER_ACCOUNT) and per client IP (LOGIN_LIMIT_PER_IP);
- code requests: per address (RESET_LIMIT_PER_ADDRESS; past it the usual answer and no
  e-mail) and per IP (RESET_LIMIT_PER_IP);
- HR's invitations of one person (INVITE_RESEND_LIMIT, keyed by the company and the
  person, like HR's own resent invitations): past it the panel says when to try again.

Past a limit the form comes back with "Too many attempts. Try again in N minutes."
(429), and the first throttled attempt of a burst is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from flask import Flask, Response, flash, g, make_response, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RequestLimit
from flask_login import current_user

from tracker.audit.services import record
from tracker.auth import throttle
from tracker.auth.views import safe_next
from tracker.extensions import db
from tracker.portal.forms import CodeForm, CodeRequestForm, SignInForm
from tracker.portal.views import code_requested

PAGES = {  # endpoint: (template, form)
    "portal.sign_in": ("portal/sign_in.html", SignInForm),
    "portal.enter_code": ("portal/enter_code.html", CodeForm),
    "portal.request_code": ("portal/request_code.html", CodeRequestForm),
}


def account_key() -> str:
    return "portal-" + throttle.account_key()


def ip_key() -> str:
    return "portal-" + throttle.ip_key()


def _failed(response: Response) -> bool:
    return bool(g.get("sign_in_failed"))


def _code_requested(response: Response) -> bool:
    return response.status_code == 302


def _throttled(endpoint: str, limit: RequestLimit) -> Response:
    """The page's form with when to try again (429); the burst's first attempt audited."""
    seconds, minutes = throttle._wait(limit)
    if throttle._burst_attempt(limit, seconds) == 1:
        record("portal_sign_in_throttled", "portal_account", None,
               summary=f"portal {endpoint.split('.')[1]} throttled for "
                       f"{throttle.submitted_email()[:200]}")
        db.session.commit()
    template, form = PAGES[endpoint]
    page = render_template(template, form=form(formdata=None),
                           throttled=throttle._message(throttle.TOO_MANY, minutes))
    return throttle._too_many(page, seconds)


def invite_key() -> str:
    """The inviting user's company and the invitee (another company's request, refused
    with 404, counts against nobody's)."""
    company = current_user.company_id if current_user.is_authenticated else "-"
    return f"portal-invite:{company}:{(request.view_args or {}).get('candidate_id', '-')}"


def _invited(response: Response) -> bool:
    return bool(g.get("portal_invited"))


def mark_invited() -> None:
    """Called by the invite view once it queued an invitation: count it."""
    g.portal_invited = True


def _invite_throttled(limit: RequestLimit) -> Response:
    """Past INVITE_RESEND_LIMIT: back to the page with when to try again."""
    _seconds, minutes = throttle._wait(limit)
    flash(throttle._message(throttle.TOO_MANY_RESENDS, minutes), "warning")
    return make_response(redirect(safe_next(request.form.get("next"))))


def _code_address_throttled(limit: RequestLimit) -> Response:
    """Past RESET_LIMIT_PER_ADDRESS: the usual answer, and no e-mail queued (whether an
    address has an account stays unsaid)."""
    return make_response(code_requested(throttle.submitted_email()))


def _limit(limiter: Limiter, app: Flask, endpoint: str, key: Callable[[], str], setting: str,
           deduct: Callable[[Response], bool],
           on_breach: Callable[[RequestLimit], Response] | None = None) -> None:
    view = cast(Callable[..., ResponseReturnValue], app.view_functions[endpoint])
    app.view_functions[endpoint] = limiter.limit(
        partial(throttle._limit, setting), key_func=key, methods=["POST"],
        deduct_when=deduct, on_breach=on_breach or partial(_throttled, endpoint))(view)


def init_app(app: Flask) -> None:
    """Wrap the portal's sign-in views (after auth.throttle.init_app made the limiter)."""
    limiter: Limiter = app.extensions["login_limiter"]
    for endpoint in ("portal.sign_in", "portal.enter_code"):
        _limit(limiter, app, endpoint, account_key, "LOGIN_LIMIT_PER_ACCOUNT", _failed)
        _limit(limiter, app, endpoint, ip_key, "LOGIN_LIMIT_PER_IP", _failed)
    _limit(limiter, app, "portal.request_code", account_key, "RESET_LIMIT_PER_ADDRESS",
           _code_requested, _code_address_throttled)
    _limit(limiter, app, "portal.request_code", ip_key, "RESET_LIMIT_PER_IP",
           _code_requested)
    _limit(limiter, app, "portal_hr.invite", invite_key, "INVITE_RESEND_LIMIT", _invited,
           _invite_throttled)

