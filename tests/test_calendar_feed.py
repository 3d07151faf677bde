"""The calendar feed (issue 18): a secret address per user, issued, replaced and revoked
on the account page; the feed parses strictly, its UIDs are stable, it holds the user's
or the company's dates and never another company's."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from tracker.calendar import services
from tracker.cases.models import Case
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")
ZH = {"Accept-Language": "zh-HK"}


def address_on_page(client) -> str | None:
    """The address the account page shows (a path), if any."""
    page = client.get("/account/calendar").get_data(as_text=True)
    found = re.search(r'value="(http://[^"]+/calendar/([A-Za-z0-9_-]+)\.ics)"', page)
    return found.group(1).replace("http://localhost", "") if found else None


def issue(client, scope: str = "mine") -> str:
    response = client.post("/account/calendar", data={"scope": scope})
    assert response.status_code == 302
    address = address_on_page(client)
    assert address, "the new address is shown"
    return address


def strict(body: bytes) -> Calendar:
    """Parse as a strict reader would, and check what RFC 5545 requires."""
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
    cal = Calendar.from_ical(body)
    assert cal.errors == [] and str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    for event in cal.walk("VEVENT"):
        assert event.errors == []
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"):
            assert event.get(required) is not None, required
    assert b"DTSTART;VALUE=DATE:" in body
    return cal


def stay(app, case_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id).values(**values))
        db.session.commit()


def test_the_feed_holds_the_users_dates_and_parses_strictly(app, client, make, company, staff):
    case = make.case(company, owner_id=staff.id)
    stay(app, case.id, stage="arrived", limit_of_stay_until=date(2026, 6, 30),
         arrived_on=date(2025, 1, 2), hkid_due_on=date(2025, 2, 1))
    url = issue(client)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = strict(response.data)
    events = {str(e["UID"]).split("-2")[0]: e for e in cal.walk("VEVENT")}
    uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
    assert any(u.startswith(f"stay-end-{case.id}-20260630@") for u in uids)
    assert any(u.startswith(f"extension-window-{case.id}-") for u in uids)
    assert any(u.startswith(f"hkid-due-{case.id}-20250201@") for u in uids)
    assert any(u.startswith("passport-expiry-") for u in uids)
    assert events and all(str(e["URL"]).endswith(f"/cases/{case.id}") for e in events.values())
    # Stable: a second fetch gives the same UIDs.
    assert sorted(str(e["UID"]) for e in strict(client.get(url).data).walk("VEVENT")) == uids


def test_mine_or_the_company_and_never_another_company(app, client, make, company, staff):
    mine = make.case(company, owner_id=staff.id)
    theirs = make.case(company)
    other = make.company()
    foreign = make.case(other)
    allotment = make.allotment(company, reference="ITC/CAL/1")
    make.allotment(other, reference="ITC/OTHER/9")
    for case in (mine, theirs, foreign):
        stay(app, case.id, stage="arrived", limit_of_stay_until=date(2026, 6, 30))
    own = client.get(issue(client, "mine")).get_data(as_text=True)
    assert f"stay-end-{mine.id}-" in own and f"stay-end-{theirs.id}-" not in own
    everything = client.get(issue(client, "company")).get_data(as_text=True)
    assert f"stay-end-{mine.id}-" in everything and f"stay-end-{theirs.id}-" in everything
    assert f"quota-end-{allotment.id}-" in everything and "ITC/CAL/1" in everything
    assert f"-{foreign.id}-" not in everything and "ITC/OTHER/9" not in everything


def test_replaced_and_revoked_addresses_answer_404(client, make, company, staff):
    first = issue(client)
    second = issue(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post("/account/calendar/revoke")
    assert client.get(second).status_code == 404
    assert "You have no calendar address." in client.get("/account/calendar").get_data(
        as_text=True)
    assert client.get("/calendar/guess.ics").status_code == 404


def test_the_token_is_long_random_and_stored_hashed(app, make, company):
    user = make.user(company, role="viewer")
    with app.app_context():
        token = services.issue(user.id, company.id, "mine")
        assert len(token) >= 43  # 32 bytes: 256 bits
        feed = services.feed_of(user.id)
        assert feed.token_hash == services.token_hash(token) and token not in feed.token_hash
        assert services.find(token).id == feed.id and services.find(token[:-1] + "x") is None


def test_the_account_page_in_chinese(client, make, company, staff):
    page = client.get("/account/calendar", headers=ZH).get_data(as_text=True)
    assert "日曆訂閱" in page and "Calendar feed" not in page
    client.post("/account/calendar", data={"scope": "company"}, headers=ZH)
    page = client.get("/account/calendar", headers=ZH).get_data(as_text=True)
    assert "你的新日曆地址" in page and "你的日曆地址" in page
    assert "calendar address" not in page and "Copy it" not in page


def test_the_address_stays_on_its_owners_page_and_never_in_the_cookie(app, client, make,
                                                                     company, staff, login):
    response = client.post("/account/calendar", data={"scope": "mine"})
    token = address_token(app, staff.id)
    cookie = response.headers.get("Set-Cookie", "")
    session = app.session_interface.get_signing_serializer(app).loads(
        re.search(r"session=([^;]+)", cookie).group(1))
    assert token not in str(session) and token not in cookie
    first = address_on_page(client)
    assert first and first.endswith(f"/calendar/{token}.ics")
    assert address_on_page(client) == first, "shown again, the same"
    assert client.get(first).status_code == 200
    # Another user of the company sees none of it.
    colleague = login(make.user(company, role="viewer"), the_client=app.test_client())
    assert address_on_page(colleague) is None
    assert token not in colleague.get("/account/calendar").get_data(as_text=True)


def address_token(app, user_id: int) -> str:
    with app.app_context():
        feed = services.feed_of(user_id)
        return services.token_of(feed)


def test_an_address_that_cannot_be_derived_is_not_shown_but_works(app, client, make, company,
                                                                    staff):
    """A feed issued before seeds were kept (or before the key changed) keeps answering,
    and its page says to make a new address to see one."""
    old = issue(client)
    with app.app_context():
        db.session.execute(sa.update(services.CalendarFeed).values(seed=None))
        db.session.commit()
    assert address_on_page(client) is None
    assert "cannot be shown again" in client.get("/account/calendar").get_data(as_text=True)
    assert client.get(old).status_code == 200
    assert issue(client) != old and client.get(old).status_code == 404


def test_a_changed_key_hides_the_address(app, make, company):
    user = make.user(company, role="viewer")
    with app.app_context():
        services.issue(user.id, company.id, "company")
        feed = services.feed_of(user.id)
        assert services.token_of(feed)
        key = app.config["SECRET_KEY"]
        app.config["SECRET_KEY"] = key + "-rotated"
        try:
            assert services.token_of(feed) is None
        finally:
            app.config["SECRET_KEY"] = key
