"""The case page says when the extension of stay can be filed, by the window in force."""

from __future__ import annotations

import re
from datetime import date

from tests.case_helpers import pin_today
from tracker.cases.models import Case
from tracker.extensions import db


def with_limit(app, make, company, limit: date, stage: str = "active") -> int:
    case = make.case(company, scheme="GEP", job_title="Engineer")
    with app.app_context():
        row = db.session.get(Case, case.id)
        row.stage, row.limit_of_stay_until = stage, limit
        db.session.commit()
    return case.id


def window_text(client, case_id: int) -> str | None:
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    found = re.search(r'id="extension-window">([^<]*)<', page)
    return found.group(1) if found else None


def test_the_case_page_names_the_window_of_its_limit(app, client, make, company, staff,
                                                     monkeypatch):
    old = with_limit(app, make, company, date(2026, 3, 28))
    new = with_limit(app, make, company, date(2026, 6, 2))
    pin_today(app, monkeypatch, date(2026, 2, 1))
    assert window_text(client, old) == (
        "Can be filed from 28/02/2026 (4 weeks before the limit of stay ends, for extensions "
        "filed until 28/02/2026; form ID 91).")
    assert window_text(client, new).startswith(
        "Can be filed from 02/03/2026 (3 months before the limit of stay ends, for extensions "
        "filed from 01/03/2026; not confirmed by an ImmD page")
    pin_today(app, monkeypatch, date(2026, 3, 2))
    assert window_text(client, new).startswith(
        "Open now: file by 02/06/2026; the window opened on 02/03/2026")


def test_no_window_without_a_limit_or_once_closed(app, client, make, company, staff):
    closed = with_limit(app, make, company, date(2030, 9, 1), stage="closed")
    assert window_text(client, closed) is None
    assert window_text(client, make.case(company, scheme="GEP", job_title="Engineer").id) is None
