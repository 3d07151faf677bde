"""The cases section of the dashboard: what needs attention, and counts per stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.cases.listing import CaseFilters, case_page, stage_counts
from tracker.cases.rows import Row
from tracker.rules.workflow import stage_label

ATTENTION_LIMIT = 20


@dataclass
class CaseSummary:
    attention: list[Row]
    more_attention: bool
    counts: list[tuple[str, str, int]]  # (stage code, label, number)


def case_summary(company_id: int, today: date, limit: int = ATTENTION_LIMIT) -> CaseSummary:
    """Cases needing attention (newest first) and the counts per stage.

    The attention page (the case list's "needs attention" filter: two statements,
    or three when few of the newest cases need attention) and the GROUP BY of
    stages. Newest first, because that order lets the page stop after *limit* rows;
    "All cases needing attention" links to the full, sortable list.
    """
    page = case_page(company_id, CaseFilters(attention=True), today, per_page=limit)
    counts = stage_counts(company_id, today)
    return CaseSummary(page.rows, page.has_next,
                       [(code, stage_label(code), n) for code, n in counts.items()])
