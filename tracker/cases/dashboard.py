"""The cases section of the dashboard: what needs attention, and counts per stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.cases.listing import CaseFilters, Row, case_page, stage_counts
from tracker.rules.workflow import stage_label

ATTENTION_LIMIT = 20


@dataclass
class CaseSummary:
    attention: list[Row]
    more_attention: bool
    counts: list[tuple[str, str, int]]  # (stage code, label, number)


def case_summary(company_id: int, today: date, limit: int = ATTENTION_LIMIT) -> CaseSummary:
    """Cases needing attention (most urgent sort: nearest start date first) and stage counts.

    Two statements: the attention page (same rule as the case list's filter)
    and the GROUP BY of stages.
    """
    page = case_page(company_id, CaseFilters(attention=True, sort="start"), today,
                     per_page=limit)
    counts = stage_counts(company_id, today)
    return CaseSummary(page.rows, page.has_next,
                       [(code, stage_label(code), n) for code, n in counts.items()])
