"""One search across the company's candidates, cases and allotments.

Three statements whatever the data (one per kind), each limited to a few rows
newest first and served by an index at a million cases: candidates by the folded
name key and the passport number (tracker.candidates.services.search_condition,
trigram indexes of migrations 0005 and 0012), cases by ImmD reference, visa
number or job title (trigram indexes of migration 0016), allotments by ITC
reference (a company holds few). Every statement is scoped to the company.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from tracker.candidates.models import Candidate
from tracker.candidates.services import search_condition
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment

# Rows shown per kind; one more is read to tell whether there are more.
PER_KIND = 10
# Longer input is no one's name or reference (and would only slow the LIKE).
MAX_LENGTH = 100


@dataclass
class Found:
    """Up to PER_KIND rows of one kind, and whether more matched."""

    rows: list[Any] = field(default_factory=list)
    more: bool = False


@dataclass
class SearchResults:
    text: str
    candidates: Found
    cases: Found
    allotments: Found

    @property
    def empty(self) -> bool:
        return not (self.candidates.rows or self.cases.rows or self.allotments.rows)


def _contains(text: str) -> str:
    """A LIKE pattern for *text* anywhere, with % and _ matching themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _found(statement: sa.Select, limit: int) -> Found:
    rows = db.session.execute(statement.limit(limit + 1)).all()
    return Found(list(rows[:limit]), len(rows) > limit)


def _candidates(company_id: int, text: str, limit: int) -> Found:
    return _found(sa.select(Candidate.id, Candidate.full_name, Candidate.chinese_name,
                            Candidate.passport_number, Candidate.principal_id)
                  .where(Candidate.company_id == company_id, search_condition(text))
                  .order_by(Candidate.id.desc()), limit)


def _cases(company_id: int, text: str, limit: int) -> Found:
    pattern = _contains(text)
    matches = sa.or_(*(column.ilike(pattern, escape="\\") for column in
                       (Case.immd_reference, Case.visa_number, Case.job_title)))
    return _found(sa.select(Case.id, Case.scheme, Case.kind, Case.stage, Case.job_title,
                            Case.immd_reference, Case.visa_number, Candidate.full_name,
                            Candidate.chinese_name)
                  .join(Candidate, Candidate.id == Case.candidate_id)
                  .where(Case.company_id == company_id, matches)
                  .order_by(Case.id.desc()), limit)


def _allotments(company_id: int, text: str, limit: int) -> Found:
    return _found(sa.select(QuotaAllotment.id, QuotaAllotment.itc_reference,
                            QuotaAllotment.valid_until)
                  .where(QuotaAllotment.company_id == company_id,
                         QuotaAllotment.itc_reference.ilike(_contains(text), escape="\\"))
                  .order_by(QuotaAllotment.valid_until.desc(), QuotaAllotment.id.desc()),
                  limit)


def search(company_id: int, text: str, limit: int = PER_KIND) -> SearchResults:
    """The company's candidates, cases and allotments matching *text* (blank: none)."""
    text = " ".join((text or "").split())[:MAX_LENGTH]
    if not text:
        return SearchResults(text, Found(), Found(), Found())
    return SearchResults(text, _candidates(company_id, text, limit),
                         _cases(company_id, text, limit), _allotments(company_id, text, limit))
