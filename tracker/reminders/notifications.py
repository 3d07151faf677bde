"""What the pages need: the company's reminders, resending, and e-mail preferences.

The page speaks the user's language: a reminder's status in plain words, the
object it is about named and linked, never the mail server's message id; the
storage's own words ("ledger", "claimed") stay in the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import url_for
from flask_sqlalchemy.pagination import Pagination
from kombu.exceptions import OperationalError

from tracker.audit.services import record
from tracker.auth.models import User
from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.quotas.models import QuotaAllotment
from tracker.reminders.hooks import HOOKS
from tracker.reminders.models import STATUSES, ReminderLedger
from tracker.reminders.services import last_scan
from tracker.reminders.tasks import enqueue_sends
from tracker.rules import reminders as rules
from tracker.rules.text import Text
from tracker.text import passport_name
from tracker.validators import page_number

L = ReminderLedger
PER_PAGE = 50
# Each ledger status as the page shows it, in plain words (N_-marked: translated when shown).
STATUS_NAMES = {"pending": N_("waiting to be sent"), "sending": N_("being sent"),
                "sent": N_("sent"), "failed": N_("could not be sent"),
                "skipped": N_("not needed")}


class ReminderError(Refusal):
    """A request the rules refuse, with a message for the user (a `Text`)."""


@dataclass(frozen=True)
class ScanSummary:
    """The last scan as one company sees it: when, for which day, and its own rows."""

    started_at: datetime
    scan_on: date
    claimed: int
    skipped: int


def last_scan_for(company_id: int) -> ScanSummary | None:
    """The last scan, counting only *company_id*'s reminders (a scan covers every company,
    and its totals would tell one company how much the others have due)."""
    scan = last_scan()
    if scan is None:
        return None
    skipped = sa.case((L.status == "skipped", 1), else_=0)
    claimed, skipped_count = db.session.execute(
        sa.select(sa.func.count(L.id) - sa.func.coalesce(sa.func.sum(skipped), 0),
                  sa.func.coalesce(sa.func.sum(skipped), 0))
        .where(L.company_id == company_id, L.claimed_at >= scan.started_at)).one()
    return ScanSummary(scan.started_at, scan.scan_on, claimed, skipped_count)


def ledger_page(company_id: int, status: str | None, page: int) -> Pagination:
    """The company's ledger rows, newest first, optionally of one status."""
    query = sa.select(L).where(L.company_id == company_id)
    if status in STATUSES:
        query = query.where(L.status == status)
    return db.paginate(query.order_by(L.id.desc()), page=page_number(page), per_page=PER_PAGE,
                       error_out=False)


@dataclass(frozen=True)
class Subject:
    """What a reminder is about, as the page names it, and its page."""

    name: str
    url: str


def labels_for(rows: list[ReminderLedger]) -> dict[tuple[str, int], Subject]:
    """A readable name and a link for each row's object, in one query per kind (never
    per row). The rows are the company's, and so are the objects they were claimed for."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.kind, set()).add(row.object_id)
    queries = {
        rules.QUOTA_EXPIRY.code: lambda ids: sa.select(
            QuotaAllotment.id, QuotaAllotment.itc_reference, sa.literal("")
        ).where(QuotaAllotment.id.in_(ids)),
        rules.STAY_EXPIRY.code: lambda ids: _case_names(ids),
        rules.HKID_DUE.code: lambda ids: _case_names(ids),
        rules.NET_CONTRACT_END.code: lambda ids: _case_names(ids),
        rules.PASSPORT_EXPIRY.code: lambda ids: sa.select(
            Candidate.id, Candidate.full_name, Candidate.chinese_name
        ).where(Candidate.id.in_(ids)),
        rules.DIGEST.code: lambda ids: sa.select(User.id, User.full_name, sa.literal("")
                                                 ).where(User.id.in_(ids)),
    }
    labels: dict[tuple[str, int], Subject] = {}
    for kind, ids in wanted.items():
        if kind in HOOKS:  # another package's kind: its query also names the page's target
            for object_id, name, chinese, target in db.session.execute(HOOKS[kind].names(ids)):
                labels[(kind, object_id)] = Subject(passport_name(name, chinese),
                                                    HOOKS[kind].page(target))
        if kind in queries:
            # A person's name comes with their Chinese name (third column; "" otherwise).
            for object_id, name, chinese in db.session.execute(queries[kind](ids)):
                labels[(kind, object_id)] = Subject(passport_name(name, chinese),
                                                    _page_of(kind, object_id))
    return labels


def _case_names(ids: set[int]) -> sa.Select:
    return (sa.select(Case.id, Candidate.full_name, Candidate.chinese_name)
            .join(Candidate, Candidate.id == Case.candidate_id).where(Case.id.in_(ids)))


def _page_of(kind: str, object_id: int) -> str:
    """The page of the object a reminder of *kind* is about."""
    if kind == rules.QUOTA_EXPIRY.code:
        return url_for("quotas.allotment", allotment_id=object_id)
    if kind == rules.PASSPORT_EXPIRY.code:
        return url_for("candidates.show", candidate_id=object_id)
    if kind == rules.DIGEST.code:
        return url_for("auth.edit_user", user_id=object_id)
    return url_for("cases.show", case_id=object_id)


def resend(row: ReminderLedger) -> bool:
    """Put a failed reminder back in line and queue it; False if the queue is unreachable.

    The row is `pending` either way, so when the broker is down the hourly
    retry (or a starting worker) sends it once it is back.
    """
    if row.status != "failed":
        raise ReminderError(Text("Only failed reminders can be resent; this one is %(status)s.",
                                 status=Text(STATUS_NAMES.get(row.status, row.status))))
    # A person asked: the attempts allowed (REMINDER_MAX_ATTEMPTS) start again.
    row.status, row.reason = "pending", ""
    row.error = f"Resend requested after {row.attempts} attempts. {row.error}"[:2000]
    row.attempts = 0
    record("resend", "reminder", row.id, summary=f"{row.kind} {row.object_id}")
    db.session.commit()
    try:
        enqueue_sends([row.id])
    except (OperationalError, OSError):
        return False
    return True


def update_preferences(user: User, enabled: bool, digest: bool) -> None:
    """Switch a user's reminder e-mails and daily digest; audited."""
    changes = {}
    if user.quota_reminders_enabled != enabled:
        changes["quota_reminders_enabled"] = [user.quota_reminders_enabled, enabled]
        user.quota_reminders_enabled = enabled
    if user.daily_digest != digest:
        changes["daily_digest"] = [user.daily_digest, digest]
        user.daily_digest = digest
    if changes:
        record("update", "user", user.id, changes=changes, company_id=user.company_id,
               summary="notification settings")
        db.session.commit()
