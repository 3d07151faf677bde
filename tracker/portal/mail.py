"""E-mails to candidates: the portal invitation and the sign-in code, each in the
candidate's language (PortalAccount.language), sent by the worker (tasks.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from tracker.auth.mail import absolute_url
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.mail_message import build, mail_language
from tracker.portal.models import PortalAccount, PortalInvitation, PortalRequest
from tracker.portal.signin import CODE_MINUTES


def notify(account: PortalAccount, subject: object, template: str, **context: object) -> None:
    """Mail the account's address the text and HTML of *template* in its language."""
    language = mail_language(account.language)
    candidate = db.session.get_one(Candidate, account.candidate_id)
    company = db.session.get_one(Company, account.company_id)
    with force_locale(language):
        text = render_template(f"email/{template}.txt", candidate=candidate, company=company,
                               **context)
        html = render_template(f"email/{template}.html", candidate=candidate,
                               company=company, **context)
        line = " ".join(str(subject).split())  # a header holds no line break (names can)
    build(line, text, html, to=[account.email], language=language).send()


def send_invitation(account: PortalAccount, invitation: PortalInvitation, token: str) -> None:
    """The single-use link to set a password, with the day it stops working."""
    company = db.session.get_one(Company, account.company_id)
    notify(account, _l("%(company)s invites you to its candidate portal", company=company.name),
           "portal_invitation", link=absolute_url("portal.accept", token=token),
           expires_at=invitation.expires_at)


def send_code(account: PortalAccount, code: str) -> None:
    """The 6-digit sign-in code and how long it works."""
    notify(account, _l("Your sign-in code: %(code)s", code=code), "portal_code", code=code,
           minutes=CODE_MINUTES, link=absolute_url("portal.enter_code"))


@dataclass(frozen=True)
class Asked:
    """One batch of HR's requests still waiting for the candidate, and whom to tell."""

    requests: list[PortalRequest]
    account: PortalAccount
    case: Case
    company: Company


def asked(request_ids: list[int]) -> Asked | None:
    """The batch's requests still waiting when the worker mails them; None when there is
    nobody to mail (the account revoked, or every request answered already). The
    questionnaire's and the documents' "asked of you" e-mails both start here."""
    requests = [r for r in (db.session.get(PortalRequest, i) for i in request_ids)
                if r is not None and r.status == "requested"]
    if not requests:
        return None
    account = db.session.get_one(PortalAccount, requests[0].account_id)
    if not account.active:
        return None
    return Asked(requests, account, db.session.get_one(Case, requests[0].case_id),
                 db.session.get_one(Company, account.company_id))
