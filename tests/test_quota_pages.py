"""The allotment list, the allotment page and the dashboard section."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.queries import count_queries
from tests.quota_helpers import config


@pytest.fixture
def viewer(make, login, company):
    user = make.user(company, role="viewer")
    login(user)
    return user


def test_allotment_page_shows_usage_days_left_and_cases(app, client, make, viewer, company):
    record = make.allotment(company, valid_until=date(2025, 6, 30),
                            positions=(("ML engineer", 3), ("Quant dev", 2)), used=(2, 0))
    chan = make.case_on_allotment(record, name="Chan Siu Ming", quota_held=True)
    make.case_on_allotment(record, position_index=1, name="Li Wai")
    with config(app, TODAY_OVERRIDE="2025-05-31"):
        page = client.get(f"/quotas/{record.id}").get_data(as_text=True)
    assert f'href="/cases/{chan}"' in page  # each case links to its page
    assert "2 of 5 used · 3 remaining" in page
    assert "30 days left" in page and "expiring" in page
    assert "Chan Siu Ming" in page and "Li Wai" in page and "Quant dev" in page
    # Per position: quotas, used, remaining.
    row = re.search(r"<td>ML engineer</td>.*?</tr>", page, re.S).group(0)
    assert re.findall(r'class="text-end">(\d+)</td>', row) == ["3", "2", "1"]
    assert 'aria-valuenow="2"' in page and 'aria-valuemax="5"' in page
    assert 'viewBox="0 0 5 1"' in page and 'width="2"' in page
    assert "style=" not in page and "<script>" not in page


def test_allotment_page_queries_do_not_grow_with_cases(app, client, make, viewer, company):
    record = make.allotment(company, positions=(("ML engineer", 9),))
    make.case_on_allotment(record)
    with count_queries(app) as few:
        client.get(f"/quotas/{record.id}")
    for _ in range(5):
        make.case_on_allotment(record)
    with count_queries(app) as many:
        assert client.get(f"/quotas/{record.id}").status_code == 200
    assert len(many) == len(few)


def test_list_shows_status_days_left_and_usage(app, client, make, viewer, company):
    make.allotment(company, reference="ITC/ACTIVE", valid_until=date(2025, 12, 31))
    make.allotment(company, reference="ITC/SOON", valid_until=date(2025, 6, 1))
    make.allotment(company, reference="ITC/GONE", valid_until=date(2025, 3, 1))
    make.allotment(company, reference="ITC/FULL", valid_until=date(2025, 12, 1), used=(2,))
    with config(app, TODAY_OVERRIDE="2025-04-02"), count_queries(app) as statements:
        page = client.get("/quotas/").get_data(as_text=True)
    order = re.findall(r">(ITC/[A-Z]+)</a>", page)
    assert order == ["ITC/SOON", "ITC/FULL", "ITC/ACTIVE", "ITC/GONE"]
    rows = dict(re.findall(r">(ITC/[A-Z]+)</a>.*?badge [^>]*>([a-z ]+)</span>", page, re.S))
    assert rows == {"ITC/SOON": "expiring", "ITC/FULL": "used up", "ITC/ACTIVE": "active",
                    "ITC/GONE": "expired"}
    assert "60 days left" in page and "expired 32 days ago" in page and "2 / 2" in page
    assert len(statements) < 10  # positions are loaded in one query, not one per allotment


def test_dashboard_lists_valid_allotments_by_days_left(app, client, make, viewer, company):
    later = make.allotment(company, reference="ITC/LATER", valid_until=date(2025, 12, 31))
    soon = make.allotment(company, reference="ITC/SOON", valid_until=date(2025, 5, 1),
                          positions=(("ML engineer", 3),), used=(1,))
    make.allotment(company, reference="ITC/GONE", valid_until=date(2025, 4, 1))
    with config(app, TODAY_OVERRIDE="2025-04-02"):
        page = client.get("/").get_data(as_text=True)
    assert re.findall(r"<strong>(ITC/[A-Z]+)</strong>", page) == ["ITC/SOON", "ITC/LATER"]
    assert f'href="/quotas/{soon.id}"' in page and f'href="/quotas/{later.id}"' in page
    assert "29 days left" in page and "1 used · 2 remaining of 3" in page
    assert "expiring" in page


def test_dashboard_without_allotments(client, viewer):
    assert b"No valid quota allotment." in client.get("/").data


def test_nav_has_quotas_and_audit_log_for_admins_only(app, client, make, login, viewer,
                                                      company):
    page = client.get("/").get_data(as_text=True)
    assert ">Quotas</a>" in page and "Audit log" not in page
    admin = login(make.user(company, role="admin"), the_client=app.test_client())
    assert ">Audit log</a>" in admin.get("/").get_data(as_text=True)
