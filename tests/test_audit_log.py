"""The admin's audit log page: scoped, filtered, paginated, read-only."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tracker.audit.models import AuditEvent
from tracker.extensions import db

pytestmark = pytest.mark.sqlite


@pytest.fixture
def admin(make, login, company):
    user = make.user(company, role="admin")
    login(user)
    return user


def add_events(app, company_id, *events):
    """Insert audit rows directly: (action, object_type, user_id, created_at, changes)."""
    with app.app_context():
        for action, object_type, user_id, created_at, changes in events:
            db.session.add(AuditEvent(company_id=company_id, action=action,
                                      object_type=object_type, object_id=7, user_id=user_id,
                                      created_at=created_at, changes=changes,
                                      summary=f"{action} {object_type} at {created_at:%H:%M}"))
        db.session.commit()


def summaries(page: str) -> list[str]:
    return re.findall(r"<td>((?:create|update|delete|stage) [a-z_]+ at \d\d:\d\d)</td>", page)


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_only_admins_see_the_log(client, make, login, role):
    login(make.user(role=role))
    assert client.get("/audit").status_code == 403


def test_log_is_read_only(client, admin, app):
    assert client.post("/audit").status_code == 405
    assert client.delete("/audit").status_code == 405
    assert [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/audit")] == ["/audit"]


def test_newest_first_with_who_and_changes(app, client, make, admin, company):
    colleague = make.user(company, role="staff")
    t = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
    add_events(app, company.id,
               ("create", "quota_allotment", colleague.id, t, {"itc_reference": [None, "ITC/1"]}),
               ("update", "quota_allotment", admin.id, t + timedelta(hours=1),
                {"total_quotas": [3, 4]}))
    add_events(app, make.company().id, ("delete", "quota_allotment", None, t, None))
    page = client.get("/audit").get_data(as_text=True)
    assert summaries(page) == ["update quota_allotment at 03:00", "create quota_allotment at 02:00"]
    assert "01/03/2025 11:00" in page  # shown in Hong Kong time
    assert colleague.email in page
    assert re.search(r"Number of quotas</span>:\s*3 → 4", page)
    assert re.search(r"ITC reference</span>:\s*ITC/1<", page)  # created: the value set
    assert "delete quota_allotment" not in page  # another company's entry


def test_filters(app, client, make, admin, company):
    colleague = make.user(company, role="staff")
    day = datetime(2025, 3, 1, 17, 0, tzinfo=UTC)  # 02/03/2025 01:00 in Hong Kong
    add_events(app, company.id,
               ("create", "quota_allotment", colleague.id, day - timedelta(days=1), None),
               ("update", "quota_allotment", admin.id, day, None),
               ("update", "quota_application", colleague.id, day + timedelta(days=1), None))
    def shown(**query):
        return summaries(client.get("/audit", query_string=query).get_data(as_text=True))

    assert shown(action="update") == ["update quota_application at 17:00",
                                      "update quota_allotment at 17:00"]
    assert shown(object_type="quota_allotment") == ["update quota_allotment at 17:00",
                                                    "create quota_allotment at 17:00"]
    assert shown(user=str(colleague.id)) == ["update quota_application at 17:00",
                                             "create quota_allotment at 17:00"]
    assert shown(date_from="2025-03-02", date_to="2025-03-02") == [
        "update quota_allotment at 17:00"]
    assert shown(date_from="2025-03-03") == ["update quota_application at 17:00"]
    assert shown(date_to="2025-03-01") == ["create quota_allotment at 17:00"]
    assert shown(action="update", user=str(admin.id)) == ["update quota_allotment at 17:00"]


def test_bad_filters_get_a_message(client, make, admin):
    stranger = make.user(role="admin")
    page = client.get("/audit", query_string={"date_from": "2025-03-05",
                                              "date_to": "2025-03-01"}).get_data(as_text=True)
    assert "Date to cannot be before date from." in page
    page = client.get("/audit", query_string={"user": str(stranger.id)}).get_data(as_text=True)
    assert "Not a valid choice" in page and stranger.email not in page
    assert client.get("/audit", query_string={"date_from": "yesterday"}).status_code == 200
    assert client.get("/audit", query_string={"before": "9" * 30}).status_code == 200


def test_pages_walk_older_and_back(app, client, admin, company):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    add_events(app, company.id, *[("update", "quota_position", admin.id,
                                   start + timedelta(minutes=i), {"n": [i, i + 1]})
                                  for i in range(120)])
    first = client.get("/audit", query_string={"object_type": "quota_position"}
                       ).get_data(as_text=True)
    assert len(summaries(first)) == 50 and "Newer" not in first
    older = re.search(r'href="(/audit\?[^"]*before=\d+[^"]*)"', first).group(1)
    assert "object_type=quota_position" in older
    second = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert summaries(second)[0] == "update quota_position at 01:09"  # 120 - 50 - 1 = 69 min
    third = client.get(re.search(r'href="(/audit\?[^"]*before=\d+[^"]*)"', second).group(1)
                       .replace("&amp;", "&")).get_data(as_text=True)
    assert len(summaries(third)) == 20 and "Older" not in third
    back = re.search(r'href="(/audit\?[^"]*after=\d+[^"]*)"', third).group(1)
    assert summaries(client.get(back.replace("&amp;", "&")).get_data(as_text=True)) == \
        summaries(second)
