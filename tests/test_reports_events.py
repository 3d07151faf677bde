"""The Reports queries that read the stage events: only the company's moves, each stay
ended by the same case's next move, wherever the stay began."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.case_helpers import move
from tracker.reports.queries import StageTime, past_months, stage_history, stage_times

pytestmark = pytest.mark.sqlite

TODAY = date(2025, 6, 2)
SINCE = date(2024, 6, 3)  # the page's year: 12 months back


def at(clock, day: date) -> None:
    clock.now = datetime(day.year, day.month, day.day, 4, tzinfo=UTC)  # noon in Hong Kong


def test_stays_count_for_their_own_company_and_end_with_the_next_move(app, make, clock):
    company, other = make.company(), make.company()
    at(clock, date(2024, 5, 3))  # a draft begun before the year, left within it
    early = make.case(company)
    at(clock, date(2024, 6, 2))
    move(app, early, "preparing")  # 30 days in draft; the stay ends a day before the year
    at(clock, date(2024, 7, 2))
    move(app, early, "submitted", submitted_on=date(2024, 7, 2))  # 30 days preparing
    at(clock, date(2025, 1, 1))
    theirs = make.case(other)
    at(clock, date(2025, 1, 11))
    move(app, theirs, "preparing")  # another company's 10-day draft
    at(clock, TODAY)
    with app.app_context():
        assert stage_times(company.id, SINCE, TODAY) == [StageTime("GEP", "preparing", 1, 30.0)]
        assert stage_times(other.id, SINCE, TODAY) == [StageTime("GEP", "draft", 1, 10.0)]


def test_cases_per_stage_undo_only_the_company_s_moves_after_each_month(app, make, clock):
    company, other = make.company(), make.company()
    at(clock, date(2025, 4, 20))
    mine = make.case(company)
    theirs = make.case(other)
    at(clock, date(2025, 5, 10))
    move(app, mine, "preparing")
    move(app, theirs, "preparing")
    at(clock, TODAY)
    with app.app_context():
        history = stage_history(company.id, past_months(TODAY))
    # Created in April (not yet there at March's end), a draft at April's end, preparing
    # from May on; the other company's case counts nowhere.
    assert history["draft"][-3:] == [1, 0, 0] and history["draft"][-4] == 0
    assert history["preparing"][-3:] == [0, 1, 1]
