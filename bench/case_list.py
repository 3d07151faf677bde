"""Time the case list, counts and dashboard on a big database (see bench/seed_cases.sql).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/<db> .venv/bin/python bench/case_list.py

Prints the best of five runs per statement, in milliseconds: the page (one statement)
and the counts per stage (one GROUP BY), as the list view runs them.
bench/realistic_cases.sql reshapes the seeded data to a more realistic mix of stages.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.cases.dashboard import case_summary  # noqa: E402
from tracker.cases.listing import CaseFilters, case_page, stage_counts  # noqa: E402
from tracker.extensions import db  # noqa: E402

TODAY = date(2025, 6, 2)
COMPANY = 1
CASES = {
    "newest first": (CaseFilters(), 1),
    "page 200": (CaseFilters(), 200),
    "scheme": (CaseFilters(scheme="GEP"), 1),
    "stage": (CaseFilters(stage="info_requested"), 1),
    "allotment": (CaseFilters(allotment_id=7), 1),
    "owner": (CaseFilters(owner_id=3), 1),
    "needs attention": (CaseFilters(attention=True), 1),
    "search name": (CaseFilters(text="abc"), 1),
    "search passport": (CaseFilters(text="P000123"), 1),
    "sort name": (CaseFilters(sort="name"), 1),
    "sort stage": (CaseFilters(sort="stage"), 1),
    "sort start": (CaseFilters(sort="start"), 1),
}


def best_ms(call) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return min(times)


def main() -> None:
    app = create_app(SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    with app.app_context():
        total = db.session.scalar(sa.text("SELECT count(*) FROM cases WHERE company_id = 1"))
        print(f"cases of company {COMPANY}: {total:,}")
        for name, (filters, page) in CASES.items():
            known = stage_counts(COMPANY, TODAY, filters)  # as the list view passes them on
            ms = best_ms(lambda f=filters, p=page, c=known: case_page(COMPANY, f, TODAY, p,
                                                                      counts=c))
            counts = best_ms(lambda f=filters: stage_counts(COMPANY, TODAY, f))
            print(f"{name:18} page {ms:8.1f} ms   counts {counts:8.1f} ms")
        print(f"{'dashboard':18} both {best_ms(lambda: case_summary(COMPANY, TODAY)):8.1f} ms")


if __name__ == "__main__":
    main()
