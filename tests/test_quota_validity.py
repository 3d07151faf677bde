"""Issue 13, through the real views without JavaScript: the allotment form offers the
validity in force (24 months from 28 Dec 2022) in one click, "Valid until" follows the
allotment date unless the user typed a date, and the allotment page flags a validity that
differs from the rule in force on the allotment date."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tests.case_helpers import TODAY
from tests.quota_helpers import allotment_post, config, stored_allotments
from tracker.rules.techtas_rules import quota_validity

pytestmark = pytest.mark.usefixtures("pinned_today")


def value(page: str, name: str) -> str:
    """The value of the input named *name* as the page renders it."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert found, name
    return found.group(1)


def offered(page: str) -> bool:
    """Whether the "Valid for" buttons (with the rule in force) are shown."""
    found = re.search(r'<div[^>]*id="validity-choice"([^>]*)>', page)
    assert found
    return "hidden" not in found.group(1)


def new_form(client) -> tuple[str, dict[str, str]]:
    """GET the new-allotment form: the page, and what it posts back as filled in."""
    page = client.get("/quotas/new").get_data(as_text=True)
    return page, {name: value(page, name) for name in (
        "allotment_date", "valid_until", "validity_basis", "valid_until_prefilled")}


def post_form(filled: dict[str, str], **fields: str) -> dict[str, str]:
    """The browser's post of the form as *filled* (untouched fields kept), with *fields*."""
    return allotment_post() | filled | fields


# --- "Valid until" goes stale without JavaScript ---------------------------------------

def test_a_changed_allotment_date_is_followed_when_valid_until_was_left_alone(
        app, client, staff):
    """The issue, as tried: an allotment dated 20 days ago was saved valid until today +
    12 months, because the pre-fill followed today's date."""
    _, filled = new_form(client)
    assert filled["valid_until"] == str(TODAY + relativedelta(months=12))
    dated = TODAY - timedelta(days=20)
    response = client.post("/quotas/new",
                           data=post_form(filled, allotment_date=dated.isoformat()))
    assert response.status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.allotment_date == dated
    assert allotment.valid_until == dated + relativedelta(months=12)


def test_a_typed_valid_until_is_kept_whatever_the_allotment_date(app, client, staff):
    _, filled = new_form(client)
    dated = TODAY - timedelta(days=20)
    client.post("/quotas/new", data=post_form(
        filled, allotment_date=dated.isoformat(), valid_until="2027-05-01"))
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == date(2027, 5, 1)


def test_a_redisplayed_form_shows_the_date_the_allotment_date_gives(client, staff):
    """"Add position" or a refused save redisplays the form: an untouched "Valid until"
    shows the new allotment date's, a typed one stays typed."""
    _, filled = new_form(client)
    page = client.post("/quotas/new", data=post_form(
        filled, allotment_date="2025-01-10", add_position="Add position", submit="")
    ).get_data(as_text=True)
    assert value(page, "valid_until") == "2026-01-10"
    assert value(page, "valid_until_prefilled") == "2026-01-10"
    refused = client.post("/quotas/new", data=post_form(
        filled, allotment_date="2025-01-10", total_quotas="4")).get_data(as_text=True)
    assert "add up to 3, but the Number of quotas is 4" in refused
    assert value(refused, "valid_until") == "2026-01-10"
    typed = client.post("/quotas/new", data=post_form(
        filled, allotment_date="2025-01-10", valid_until="2027-01-09",
        add_position="Add position", submit="")).get_data(as_text=True)
    assert value(typed, "valid_until") == "2027-01-09"
    assert value(typed, "validity_basis") == "typed"


def test_a_post_without_the_filled_in_date_keeps_the_given_date(app, client, staff):
    """A client that does not post the hidden fields: a given date is the user's, a blank
    one is the allotment date + the configured months (as before)."""
    client.post("/quotas/new", data=allotment_post(reference="A", valid_until="2026-01-01"))
    client.post("/quotas/new", data=allotment_post(reference="B", valid_until=""))
    assert [a.valid_until for a in stored_allotments(app, staff.company_id)] == [
        date(2026, 1, 1), date(2026, 3, 3)]


# --- The validity in force, one click away ------------------------------------------------

@pytest.mark.parametrize(("today", "shown"), [("2022-12-27", False), ("2022-12-28", True)])
def test_the_rule_is_offered_for_allotments_dated_from_28_december_2022(
        app, client, staff, today, shown):
    with config(app, TODAY_OVERRIDE=today):
        page, filled = new_form(client)
    assert offered(page) is shown
    assert 'id="validity-rule"' in page  # hidden or not: the script shows it as the date moves
    # Without JavaScript, a redisplay decides from the posted allotment date.
    other = "2022-12-28" if today == "2022-12-27" else "2022-12-27"
    again = client.post("/quotas/new", data=post_form(
        filled, allotment_date=other, add_position="Add position", submit=""))
    assert offered(again.get_data(as_text=True)) is not shown


def test_one_click_on_the_rule_without_javascript(app, client, staff):
    """The button redisplays the form with the rule's date; Save keeps following it."""
    _, filled = new_form(client)
    page = client.post("/quotas/new", data=post_form(
        filled, allotment_date="2025-03-03", validity_choice="rule", submit="")
    ).get_data(as_text=True)
    assert value(page, "valid_until") == "2027-03-03"
    assert value(page, "validity_basis") == "rule"
    assert re.search(r'<button[^>]*value="rule"[^>]*aria-pressed="true"', page)
    assert "This field is required" not in page  # a redisplay, not a save
    assert stored_allotments(app, staff.company_id) == []
    filled = {name: value(page, name) for name in filled}
    # The allotment date corrected afterwards: the rule's date follows it.
    assert client.post("/quotas/new", data=post_form(
        filled, allotment_date="2025-03-10")).status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == date(2027, 3, 10)


@pytest.mark.parametrize(("dated", "until"), [
    ("2022-12-27", date(2023, 12, 27)), ("2022-12-28", date(2024, 12, 28))])
def test_the_rule_is_the_one_in_force_on_the_allotment_date(app, client, staff, dated, until):
    """Chosen, "the rule in force" is 12 months for a letter dated before 28 Dec 2022."""
    client.post("/quotas/new", data=allotment_post(
        allotment_date=dated, validity_basis="rule", valid_until="", positions=(
            ("Engineer", "Robotics", 40000, 3),)))
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == until


def test_back_to_the_configured_months(client, staff):
    _, filled = new_form(client)
    page = client.post("/quotas/new", data=post_form(
        filled, validity_basis="rule", validity_choice="configured", submit="")
    ).get_data(as_text=True)
    assert value(page, "valid_until") == str(TODAY + relativedelta(months=12))
    assert value(page, "validity_basis") == "configured"


def test_an_edit_follows_what_the_stored_date_matches(app, client, make, staff, company):
    """An allotment saved with the 12-month pre-fill: its edit offers the rule; moving its
    date moves "Valid until" along. A date from the letter stays put."""
    record = make.allotment(company, allotment_date=date(2025, 1, 6))  # + 12 months
    url = f"/quotas/{record.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert offered(page) and value(page, "validity_basis") == "configured"
    data = allotment_post(reference=record.itc_reference, allotment_date="2025-01-06",
                          positions=(("Machine learning engineer", "Artificial intelligence",
                                      40000, 2),), total=2,
                          **{"positions-0-position_id": str(record.position_ids[0])})
    filled = {name: value(page, name) for name in ("valid_until", "validity_basis",
                                                   "valid_until_prefilled")}
    page = client.post(url, data=data | filled | {"validity_choice": "rule", "submit": ""}
                       ).get_data(as_text=True)
    assert value(page, "valid_until") == "2027-01-06"
    filled = {name: value(page, name) for name in filled}
    assert client.post(url, data=data | filled | {"allotment_date": "2025-01-08"}
                       ).status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == date(2027, 1, 8)
    # A date that no basis gives is the letter's: kept when the allotment date moves.
    letter = client.get(url).get_data(as_text=True)
    assert value(letter, "validity_basis") == "rule"
    client.post(url, data=data | {"allotment_date": "2025-01-08", "valid_until": "2027-01-05",
                                  "validity_basis": "rule", "valid_until_prefilled":
                                  "2027-01-08"})
    assert value(client.get(url).get_data(as_text=True), "validity_basis") == "typed"
    client.post(url, data=data | {"allotment_date": "2025-01-09", "valid_until": "2027-01-05",
                                  "validity_basis": "typed", "valid_until_prefilled":
                                  "2027-01-05"})
    [allotment] = stored_allotments(app, staff.company_id)
    assert (allotment.allotment_date, allotment.valid_until) == (
        date(2025, 1, 9), date(2027, 1, 5))


# --- The allotment page's flag --------------------------------------------------------

def flag(client, allotment_id: int) -> str | None:
    page = client.get(f"/quotas/{allotment_id}").get_data(as_text=True)
    found = re.search(r'<div[^>]*id="validity-flag"[^>]*>(.*?)</div>', page, re.S)
    return " ".join(html.unescape(found.group(1)).split()) if found else None


def test_the_page_flags_a_validity_other_than_the_rule_in_force(app, client, make, staff,
                                                                 company, login):
    rule = quota_validity(date(2025, 3, 3))
    prefilled = make.allotment(company, allotment_date=date(2025, 3, 3))  # + 12 months
    text = flag(client, prefilled.id)
    assert text is not None
    assert "ITC gives quotas allotted on 03/03/2025 a validity of 24 months" in text
    assert f"valid until 03/03/2027. Source: {rule.source}." in text
    assert f'href="/quotas/{prefilled.id}/edit"' in text
    assert flag(client, make.allotment(company, allotment_date=date(2025, 3, 3),
                                       valid_until=date(2027, 3, 3)).id) is None
    before = make.allotment(company, allotment_date=date(2022, 12, 27),
                            positions=(("Engineer", 1),), area="Robotics")
    assert flag(client, before.id) is None  # 12 months was the rule then
    viewer = login(make.user(company, role="viewer"), the_client=app.test_client())
    text = flag(viewer, prefilled.id)
    assert text is not None and "ask staff to correct it" in text and "href" not in text
