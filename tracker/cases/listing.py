"""The case list: filters, search, sorting and pages that stay fast at a million cases.

One statement fetches a page (per_page + 1 rows tell whether a next page
exists, so no COUNT of the filtered set is needed) with its candidate, owner
and allotment joined, as plain columns (tracker/cases/rows.py). One GROUP BY
gives the counts per stage; `case_summary` is the dashboard's cases section
(its attention list: tracker/cases/urgency.py).
The filters map onto the (company_id, ..., id DESC)
indexes of the cases table; text search onto trigram indexes (PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.candidates.models import Candidate
from tracker.candidates.services import search_condition
from tracker.cases.attention import attention_condition, needs_attention
from tracker.cases.models import Case
from tracker.cases.rows import Row, row_select, to_row
from tracker.cases.urgency import Urgent, most_urgent
from tracker.extensions import db
from tracker.i18n import N_
from tracker.rules.workflow import all_stages, stage_label
from tracker.validators import page_number

PER_PAGE = 25
# A text search or "needs attention" first looks among the newest NEWEST_WINDOW cases
# (see _newest_matches).
NEWEST_WINDOW = 500
# A text search counts at most this many matches per page view (see stage_counts).
SEARCH_COUNT_CAP = 1000


SORTS: dict[str, tuple[str, Any]] = {
    "created": (N_("Newest first"), lambda: (Case.id.desc(),)),
    "name": (N_("Candidate name"), lambda: (Candidate.full_name, Case.id.desc())),
    "stage": (N_("Stage"), None),  # workflow order: see _stage_window
    "start": (N_("Intended start date"), lambda: (Case.intended_start_date.asc().nulls_last(),
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
class CasePage:
    rows: list[Row]
    page: int
    has_next: bool


def _conditions(company_id: int, filters: CaseFilters, today: date, with_stage: bool = True,
                newest: int | None = None) -> tuple[list[sa.ColumnElement[bool]], bool]:
    """WHERE conditions for *filters*, and whether they need the candidates table.

    *newest*: the caller reads only the newest *newest* matching cases (see needs_attention).
    """
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
        where.append(needs_attention(today, company_id, newest))
    if filters.text.strip():
        # The company condition on candidates lets the search use its per-company index.
        where += [Candidate.company_id == company_id, search_condition(filters.text)]
    return where, bool(filters.text.strip())


def _base(company_id: int, today: date) -> sa.Select:
    """The page statement without its filters and order (see tracker/cases/rows.py);
    the redundant company condition on candidates lets the name sort use
    ix_candidates_company_name."""
    return row_select(today).where(Candidate.company_id == company_id)


def _stage_window(counts: dict[str, int], start: int, size: int
                  ) -> list[tuple[int, str, int, int]]:
    """(rank, stage, offset, limit) slices covering rows start..start+size in stage order.

    The counts per stage tell which stages a page falls in, so each slice is an
    index range scan of (company_id, stage, id DESC) instead of sorting every case.
    """
    slices, seen = [], 0
    for rank, (code, number) in enumerate(counts.items()):
        if seen + number > start and size > 0:
            offset = max(start - seen, 0)
            take = min(number - offset, size)
            slices.append((rank, code, offset, take))
            size -= take
        seen += number
    return slices


def _stage_sorted(statement: sa.Select, where: list, join_candidate: bool,
                  slices: list[tuple[int, str, int, int]]) -> sa.Select | None:
    """*statement* limited to the given per-stage slices, in stage order."""
    if not slices:
        return None
    parts = []
    for rank, code, offset, take in slices:
        part = sa.select(Case.id).where(*where, Case.stage == code)
        if join_candidate:
            part = part.join(Case.candidate)
        chosen = part.order_by(Case.id.desc()).offset(offset).limit(take).subquery()
        parts.append(sa.select(sa.literal(rank).label("rank"), chosen.c.id))
    window = sa.union_all(*parts).subquery("window")
    return statement.join(window, window.c.id == Case.id).order_by(window.c.rank,
                                                                   Case.id.desc())


def _newest_matches(company_id: int, filters: CaseFilters, today: date, needed: int
                    ) -> list[int] | None:
    """Ids of the newest *needed* cases matching the text search and/or "needs
    attention", if the company's newest NEWEST_WINDOW cases (under the other filters)
    hold that many; otherwise None.

    Why: the planner cannot tell how many candidates a name matches, or how many
    passports expire soon. For a common surname it starts from the name index and
    joins every match before sorting; for the dashboard's attention list it joins
    every expiring passport's case. Checking the newest cases one by one finds a
    page after a few dozen, whatever the number of matches (figures: README,
    Benchmark). When the window holds too few matches they are rare, and the
    index-first plan is the fast one: the caller falls back to it.
    Either way the answer is exact: the newest *needed* matches of the window are
    the newest overall.
    """
    others, _ = _conditions(company_id, replace(filters, text="", attention=False), today)
    window = (sa.select(Case.id).where(*others)
              .order_by(Case.id.desc()).limit(NEWEST_WINDOW).subquery("newest"))
    probe = (sa.select(window.c.id).select_from(window).join(Case, Case.id == window.c.id)
             .join(Candidate, Candidate.id == Case.candidate_id))
    if filters.text.strip():
        probe = probe.where(Candidate.company_id == company_id, search_condition(filters.text))
    if filters.attention:
        probe = probe.where(attention_condition(today))
    ids = list(db.session.scalars(probe.order_by(window.c.id.desc()).limit(needed)))
    return ids if len(ids) == needed else None


def case_page(company_id: int, filters: CaseFilters, today: date, page: int = 1,
              per_page: int = PER_PAGE, counts: dict[str, int] | None = None) -> CasePage:
    """One page of the company's cases matching *filters* (one statement; two for a
    text search or "needs attention" in the default order, see _newest_matches).

    Sorting by stage reads the counts per stage (*counts*, as the list page has
    them already; computed when not given).
    """
    page = page_number(page)
    start = (page - 1) * per_page
    newest_first = filters.sort not in SORTS or filters.sort == "created"
    # Newest first (the default order) needs only the newest rows of each attention reason.
    newest = start + per_page + 1 if newest_first else None
    probed = filters.text.strip() or filters.attention
    ids = (_newest_matches(company_id, filters, today, start + per_page + 1)
           if newest_first and probed and start + per_page + 1 <= NEWEST_WINDOW else None)
    where: list[sa.ColumnElement[bool]]
    if ids is not None:  # the newest cases held the page: fetch exactly those
        where, join_candidate = [Case.id.in_(ids)], False
    else:
        where, join_candidate = _conditions(company_id, filters, today, newest=newest)
    statement = _base(company_id, today).where(*where)
    if filters.sort == "stage":
        if counts is None:
            counts = stage_counts(company_id, today, filters)
        if filters.stage:
            counts = {filters.stage: counts.get(filters.stage, 0)}
        by_stage = _stage_sorted(statement, where, join_candidate,
                                 _stage_window(counts, start, per_page + 1))
        if by_stage is None:
            return CasePage([], page, False)
        statement = by_stage
    else:
        order = SORTS[filters.sort if filters.sort in SORTS else "created"][1]
        statement = statement.order_by(*order()).limit(per_page + 1).offset(start)
    results = db.session.execute(statement).all()
    rows = [to_row(record) for record in results[:per_page]]
    return CasePage(rows, page, len(results) > per_page)


def matching_cases(company_id: int, filters: CaseFilters, today: date) -> sa.Select:
    """Every case matching *filters*, newest first, with the list's columns (the export
    reads it row by row; its callers may add columns)."""
    where, _ = _conditions(company_id, filters, today)
    return _base(company_id, today).where(*where).order_by(Case.id.desc())


def stage_counts(company_id: int, today: date, filters: CaseFilters | None = None,
                 cap: int | None = None) -> dict[str, int]:
    """{stage: number of cases} for the company, under every filter except the stage.

    With *cap*, only the first cap + 1 matching cases are counted (a total above
    *cap* then means "more than cap", and the split per stage is partial): a search
    for a common name matches thousands of cases, and counting them all costs more
    than the page itself.
    """
    where, join_candidate = _conditions(company_id, filters or CaseFilters(), today,
                                        with_stage=False)
    matching = sa.select(Case.stage).where(*where)
    if join_candidate:
        matching = matching.join(Case.candidate)
    if cap is None:
        statement = matching.add_columns(sa.func.count()).group_by(Case.stage)
    else:
        found = matching.limit(cap + 1).subquery("matching")
        statement = sa.select(found.c.stage, sa.func.count()).group_by(found.c.stage)
    counts: dict[str, int] = {stage: n for stage, n in db.session.execute(statement)}
    ordered = {code: counts[code] for code in all_stages() if code in counts}
    return ordered | {code: n for code, n in counts.items() if code not in ordered}


ATTENTION_LIMIT = 20


@dataclass
class CaseSummary:
    attention: list[Urgent]  # most urgent first (tracker/cases/urgency.py)
    more_attention: bool
    counts: list[tuple[str, str, int]]  # (stage code, label, number)


def case_summary(company_id: int, today: date, limit: int = ATTENTION_LIMIT) -> CaseSummary:
    """Cases needing attention (most urgent first, each reason with its days left) and
    the counts per stage.

    Four statements for the attention list (tracker.cases.urgency.most_urgent) and the
    GROUP BY of stages; "All cases needing attention" links to the full, sortable list.
    """
    attention, more = most_urgent(company_id, today, limit)
    counts = stage_counts(company_id, today)
    return CaseSummary(attention, more,
                       [(code, stage_label(code), n) for code, n in counts.items()])
