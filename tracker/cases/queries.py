"""Loading for the case pages and forms: the case with everything its page shows, and the
company's users, allotments and positions for the case form's selects.

Each is a fixed number of statements; a choice list selects only the columns its label needs.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tracker.auth.models import User
from tracker.cases.models import Case, CaseStageEvent
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment, QuotaPosition
from tracker.rules.techtas import area_label
from tracker.rules.text import Text
from tracker.tenancy import get_or_404
from tracker.text import hkdate


def load_case(case_id: int) -> Case:
    """A case of the signed-in user's company with its candidate, quota, timeline, documents."""
    return get_or_404(
        Case, case_id,
        joinedload(Case.candidate), joinedload(Case.position),
        joinedload(Case.owner).raiseload(User.company),
        joinedload(Case.allotment).selectinload(QuotaAllotment.positions),
        selectinload(Case.events).joinedload(CaseStageEvent.moved_by).raiseload(User.company),
        selectinload(Case.documents),
    )


def owner_choices(company_id: int) -> list[tuple[int, str]]:
    """(id, name) of the company's active users."""
    rows = db.session.execute(sa.select(User.id, User.full_name).where(
        User.company_id == company_id, User.active).order_by(User.full_name))
    return [(row.id, row.full_name) for row in rows]


def allotment_choices(company_id: int) -> list[tuple[int, str]]:
    """(id, "ITC ref (valid until …)") of the company's allotments, latest validity first."""
    rows = db.session.execute(
        sa.select(QuotaAllotment.id, QuotaAllotment.itc_reference, QuotaAllotment.valid_until)
        .where(QuotaAllotment.company_id == company_id)
        .order_by(QuotaAllotment.valid_until.desc(), QuotaAllotment.id.desc()))
    return [(r.id, Text("%(reference)s (valid until %(date)s)", reference=r.itc_reference,
                        date=hkdate(r.valid_until))) for r in rows]


def position_choices(company_id: int) -> list[tuple[int, str, str]]:
    """(id, "Job title – area (used/quotas)", allotment reference) of the company's positions."""
    rows = db.session.execute(
        sa.select(QuotaPosition.id, QuotaPosition.job_title, QuotaPosition.technology_area,
                  QuotaPosition.used, QuotaPosition.quotas, QuotaAllotment.itc_reference)
        .join(QuotaAllotment, QuotaPosition.allotment_id == QuotaAllotment.id)
        .where(QuotaPosition.company_id == company_id)
        .order_by(QuotaAllotment.valid_until.desc(), QuotaAllotment.id.desc(),
                  QuotaPosition.id))
    return [(r.id, Text("%(title)s – %(area)s (%(used)s/%(quotas)s used)", title=r.job_title,
                        area=area_label(r.technology_area), used=r.used, quotas=r.quotas),
             r.itc_reference) for r in rows]
