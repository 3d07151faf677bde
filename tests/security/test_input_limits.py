"""Regression tests for the crashes the form fuzzer found (each was a 500 before its fix).

- Numbers beyond PostgreSQL's INTEGER in salary and quota fields failed at commit:
  now a form error (tracker/validators.fits_integer).
- Dates far in the future or past overflowed date arithmetic (31/12/9999 + 30 days
  on arrival, the audit log's "date to" + 1 day): now a form error
  (validators.plausible_date), and move_case refuses such a fact itself.
- ?page=10**30 overflowed OFFSET (a BIGINT): page numbers are kept in range
  (validators.page_number) by the list services.
- A hidden position id that was not a number reached int() in the allotment form.
- The case list's allotment and owner filters passed any number to the query,
  10**30 overflowing INTEGER: only the offered choices are used.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from wtforms.validators import ValidationError

from tests.case_helpers import FACTS, case_row, walk
from tests.quota_helpers import allotment_post
from tests.security import form_objects as objects
from tests.security.dbstate import changed_tables, fingerprint
from tests.security.world import client_as
from tracker.cases.models import Case
from tracker.cases.moves import MoveRefused, move_case
from tracker.extensions import db
from tracker.validators import MAX_INTEGER, MAX_PAGE, fits_integer, page_number, plausible_date

HUGE = str(10**30)
TOO_BIG = "Enter a number no larger than 2,147,483,647."
OUT_OF_RANGE = "Enter a date between 01/01/1900 and 31/12/2199."
SALARY_TOO_BIG = "Enter an amount from HK$0 to HK$10,000,000."  # the one salary limit
NOT_A_POSITION = "This position is not part of the allotment."


class Field:
    """Just enough of a WTForms field for calling a validator."""

    def __init__(self, data: object) -> None:
        self.data = data


@pytest.mark.parametrize("value,ok", [
    (None, True), (0, True), (MAX_INTEGER, True), (-MAX_INTEGER, True),
    (MAX_INTEGER + 1, False), (10**30, False), (-(10**30), False)])
def test_fits_integer(value, ok):
    if ok:
        fits_integer(None, Field(value))
    else:
        with pytest.raises(ValidationError, match="no larger than 2,147,483,647"):
            fits_integer(None, Field(value))


@pytest.mark.parametrize("value,ok", [
    (None, True), (date(1900, 1, 1), True), (date(2199, 12, 31), True), (date(2025, 2, 28), True),
    (date(1899, 12, 31), False), (date(2200, 1, 1), False), (date.max, False), (date.min, False)])
def test_plausible_date(value, ok):
    if ok:
        plausible_date(None, Field(value))
    else:
        with pytest.raises(ValidationError, match="between 01/01/1900 and 31/12/2199"):
            plausible_date(None, Field(value))


@pytest.mark.parametrize("page,kept", [
    (None, 1), (-5, 1), (0, 1), (1, 1), (7, 7), (MAX_PAGE, MAX_PAGE), (10**30, MAX_PAGE)])
def test_page_number(page, kept):
    assert page_number(page) == kept


def _allotment(field: str, value: str) -> tuple[str, dict[str, str]]:
    return "/quotas/new", allotment_post(**{field: value})


@pytest.mark.parametrize("form,field,value,message", [
    ("allotment", "total_quotas", HUGE, TOO_BIG),
    ("allotment", "positions-0-monthly_salary", str(2**31), SALARY_TOO_BIG),
    ("allotment", "positions-0-quotas", HUGE, TOO_BIG),
    ("allotment", "allotment_date", "9999-12-31", OUT_OF_RANGE),
    ("allotment", "valid_until", "0001-01-01", OUT_OF_RANGE),
    ("allotment", "positions-0-position_id", "陳大文", NOT_A_POSITION),
    ("application", "requested_quotas", HUGE, TOO_BIG),
    ("application", "submitted_on", "0001-01-01", OUT_OF_RANGE),
    ("case", "monthly_salary", HUGE, SALARY_TOO_BIG),
])
def test_out_of_range_input_is_a_message_and_stores_nothing(app, world, form, field, value,
                                                           message):
    if form == "allotment":
        url, data = _allotment(field, value)
    elif form == "application":
        url, data = "/quotas/applications/new", {
            "submitted_on": "2025-03-03", "requested_quotas": "3", field: value}
    else:
        url, data = "/cases/new", {
            "candidate_id": str(objects.candidate(world).id), "scheme": "GEP",
            "job_title": "Engineer", "monthly_salary": "50000", field: value}
    before = fingerprint(app)
    response = client_as(app, world.staff).post(url, data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert changed_tables(before, fingerprint(app)) == []


def test_a_junk_position_id_on_an_edit_is_not_found(app, world):
    allotment = objects.editable_allotment(world)
    data = allotment_post(reference=allotment.itc_reference,
                          **{"positions-0-position_id": "陳大文"})
    response = client_as(app, world.staff).post(f"/quotas/{allotment.id}/edit", data=data)
    assert response.status_code == 404


def test_a_far_future_arrival_is_refused_by_the_form(app, world):
    case = objects.case_in(world, "visa_issued")
    response = client_as(app, world.staff).post(f"/cases/{case.id}/move", data={
        "to_stage": "arrived", "arrived_on": "9999-12-31"})
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.get_data(as_text=True)
    assert case_row(app, case.id).stage == "visa_issued"


@pytest.mark.parametrize("fact,value", [("arrived_on", date.max), ("arrived_on", date.min),
                                        ("arrived_on", date(2200, 1, 1))])
def test_move_case_refuses_a_fact_date_out_of_range(app, make, fact, value):
    case = make.case()
    walk(app, case, "preparing", "submitted", "approved", "visa_issued")
    with app.app_context(), pytest.raises(MoveRefused, match="between 01/01/1900"):
        move_case(case.id, case.company_id, "arrived", facts={fact: value})
    stored = case_row(app, case.id)
    assert (stored.stage, stored.arrived_on, stored.hkid_due_on) == ("visa_issued", None, None)
    with app.app_context():  # the edge itself is fine
        move_case(case.id, case.company_id, "arrived", facts=FACTS["arrived"])


@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01",
                                   "date_from=2025-01-01&date_to=9999-12-31"])
def test_audit_log_dates_out_of_range_are_a_message(app, world, query):
    response = client_as(app, world.admin).get(f"/audit?{query}")
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "listed"), [
    (f"/candidates?page={HUGE}", False), (f"/cases?page={HUGE}", False),
    (f"/cases?sort=stage&page={HUGE}", False), (f"/cases?sort=name&page={HUGE}", False),
    (f"/notifications?page={HUGE}", False),
    (f"/candidates?page=-{HUGE}", True)])  # a negative page is page 1
def test_a_huge_page_number_is_an_empty_page(app, world, url, listed):
    case = objects.gep_case(world)
    actor = world.admin if url.startswith("/notifications") else world.viewer
    response = client_as(app, actor).get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (f"/cases/{case.id}" in html or f"/candidates/{case.candidate_id}" in html) is listed


@pytest.mark.parametrize("query", [f"owner={HUGE}", f"allotment={HUGE}", "owner=abc",
                                   "allotment=-1", "other_owner", "other_allotment"])
def test_case_list_ignores_owner_and_allotment_filters_it_did_not_offer(app, world, query):
    case = objects.gep_case(world)
    if query == "other_owner":
        query = f"owner={world.other_admin.id}"
    elif query == "other_allotment":
        query = f"allotment={objects.b_allotment(world).id}"
    page = client_as(app, world.viewer).get(f"/cases?{query}")
    assert page.status_code == 200
    assert f'href="/cases/{case.id}"' in page.get_data(as_text=True)  # filter ignored


def test_case_list_still_filters_by_an_offered_owner(app, world, make):
    mine = objects.gep_case(world)
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == mine.id)
                           .values(owner_id=world.staff.id))
        db.session.commit()
    other = make.case(world.company_a)
    page = client_as(app, world.viewer).get(f"/cases?owner={world.staff.id}").get_data(
        as_text=True)
    assert f'href="/cases/{mine.id}"' in page and f'href="/cases/{other.id}"' not in page


def test_the_fingerprint_sees_one_changed_value(app, world):
    """The fuzzer's "nothing stored" check is live: one changed field shows."""
    case = objects.gep_case(world)
    before = fingerprint(app)
    assert changed_tables(before, fingerprint(app)) == []
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case.id).values(job_title="Chef"))
        db.session.commit()
    assert changed_tables(before, fingerprint(app)) == ["cases"]


@pytest.mark.parametrize("url", ["/login", "/reset", "/company/settings"])
def test_deeply_nested_json_is_a_400_not_a_500(app, make, login, url):
    """100,000 "[" made json.loads raise RecursionError, which get_json(silent=True) lets by."""
    client = app.test_client()
    if url == "/company/settings":
        login(make.user(role="admin"), the_client=client)
    response = client.post(url, data="[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert b"Not a form" in response.data
