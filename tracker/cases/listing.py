"""The case list: filters, search, sorting and pages that stay fast at a million cases.

One statement fetches a page (per_page + 1 rows tell whether a next page
exists, so no COUNT of the filtered set is needed) with its candidate, owner
and allotment joined and every other relation raising if touched. One GROUP BY
gives the counts per stage. The filters map onto the (company_id, ..., id DESC)
indexes of the cases table; text search onto trigram indexes (PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, raiseload

from tracker.candidates.models import Candidate
from tracker.candidates.services import search_condition
from tracker.cases.attention import Flags, needs_attention, reason_columns, reasons
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.rules.workflow import all_stages

PER_PAGE = 25


def stage_order() -> sa.ColumnElement[int]:
    """Stages in workflow order (draft first), unknown codes last."""
    order = {code: index for index, code in enumerate(all_stages())}
    return sa.case(order, value=Case.stage, else_=len(order))


SORTS: dict[str, tuple[str, Any]] = {
    "created": ("Newest first", lambda: (Case.id.desc(),)),
    "name": ("Candidate name", lambda: (Candidate.full_name, Case.id.desc())),
    "stage": ("Stage", lambda: (stage_order(), Case.id.desc())),
    "start": ("Intended start date", lambda: (Case.intended_start_date.asc().nulls_last(),
                                             Case.id.desc())),
}


@dataclass
class CaseFilters:
    scheme: str = ""
    stage: str = ""
    allotment_id: int | None = None
    owner_id: int | None = None
    attention: bool = False
    text: str = ""
    sort: str = "created"


@dataclass
class Row:
    case: Case
    reasons: list[str]


@dataclass
class CasePage:
    rows: list[Row]
    page: int
    has_next: bool
    counts: dict[str, int] = field(default_factory=dict)


def _conditions(company_id: int, filters: CaseFilters, today: date, with_stage: bool = True
                ) -> tuple[list[sa.ColumnElement[bool]], bool]:
    """WHERE conditions for *filters*, and whether they need the candidates table."""
    where: list[sa.ColumnElement[bool]] = [Case.company_id == company_id]
    if filters.scheme:
        where.append(Case.scheme == filters.scheme)
    if filters.stage and with_stage:
        where.append(Case.stage == filters.stage)
    if filters.allotment_id:
        where.append(Case.allotment_id == filters.allotment_id)
    if filters.owner_id:
        where.append(Case.owner_id == filters.owner_id)
    if filters.attention:
        where.append(needs_attention(today))
    if filters.text.strip():
        where.append(search_condition(filters.text))
    return where, filters.attention or bool(filters.text.strip())


def case_page(company_id: int, filters: CaseFilters, today: date, page: int = 1,
              per_page: int = PER_PAGE) -> CasePage:
    """One page of the company's cases matching *filters* (one statement)."""
    page = max(page, 1)
    where, _ = _conditions(company_id, filters, today)
    order = SORTS.get(filters.sort, SORTS["created"])[1]()
    statement = (
        sa.select(Case, *reason_columns(today)).join(Case.candidate).where(*where)
        .options(contains_eager(Case.candidate), joinedload(Case.owner).raiseload("*"),
                 joinedload(Case.allotment).raiseload("*"), raiseload("*"))
        .order_by(*order).limit(per_page + 1).offset((page - 1) * per_page))
    results = db.session.execute(statement).all()
    rows = [Row(r[0], reasons(r[0], Flags.from_row(r))) for r in results[:per_page]]
    return CasePage(rows, page, len(results) > per_page)


def stage_counts(company_id: int, today: date, filters: CaseFilters | None = None
                 ) -> dict[str, int]:
    """{stage: number of cases} for the company, under every filter except the stage."""
    where, join_candidate = _conditions(company_id, filters or CaseFilters(), today,
                                        with_stage=False)
    statement = sa.select(Case.stage, sa.func.count()).where(*where).group_by(Case.stage)
    if join_candidate:
        statement = statement.join(Case.candidate)
    counts: dict[str, int] = {stage: n for stage, n in db.session.execute(statement)}
    ordered = {code: counts[code] for code in all_stages() if code in counts}
    return ordered | {code: n for code, n in counts.items() if code not in ordered}
