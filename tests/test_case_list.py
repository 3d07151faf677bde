"""The case list and dashboard: needs-attention rule, filters, search, sorting, pages,
tenant isolation, and a constant number of SQL statements per page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.case_helpers import TODAY, walk
from tests.queries import count_queries
from tracker.cases import listing
from tracker.cases import views as case_views
from tracker.cases.listing import CaseFilters, case_page, case_summary, stage_counts
from tracker.cases.models import Case
from tracker.extensions import db

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("pinned_today")]


def set_case(app, case_id: int, **columns) -> None:
    """Put a case in a given state directly (these tests are about the list rule)."""
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id).values(**columns))
        db.session.commit()


def attention(app, company_id: int) -> dict[int, list[str]]:
    with app.app_context():
        page = case_page(company_id, CaseFilters(attention=True), TODAY, per_page=100)
        return {row.case.id: row.reasons for row in page.rows}


def settled(make, company, **kwargs):
    """A case with every required document received, so only the tested reason applies."""
    case = make.case(company, **kwargs)
    make.documents(case)
    return case


# --- Needs attention ------------------------------------------------------------------------

def test_a_required_document_missing_before_submission(app, make, company):
    missing = make.case(company)
    complete = settled(make, company)
    assert attention(app, company.id) == {
        missing.id: ["Required documents missing before submission"]}
    set_case(app, missing.id, stage="submitted")  # after submission it no longer counts
    assert attention(app, company.id) == {}
    assert complete.id not in attention(app, company.id)


def test_not_applicable_documents_count_as_settled(app, make, company):
    case = make.case(company)
    make.documents(case, status="not_applicable")
    assert attention(app, company.id) == {}


def test_additional_information_requested(app, make, company):
    case = settled(make, company)
    set_case(app, case.id, stage="info_requested")
    assert attention(app, company.id) == {case.id: ["ImmD asked for additional information"]}


@pytest.mark.parametrize("days,flagged", [(30, True), (31, False), (-5, True)])
def test_limit_of_stay_within_30_days(app, make, company, days, flagged):
    case = settled(make, company)
    set_case(app, case.id, stage="active", limit_of_stay_until=TODAY + timedelta(days=days))
    found = attention(app, company.id)
    assert (case.id in found) is flagged
    if flagged:
        assert found[case.id] == [
            f"Limit of stay ends {(TODAY + timedelta(days=days)).strftime('%d/%m/%Y')}"]


@pytest.mark.parametrize("days,registered,flagged", [
    (30, None, True), (31, None, False), (10, date(2025, 6, 1), False), (-3, None, True)])
def test_hkid_registration_due(app, make, company, days, registered, flagged):
    case = settled(make, company)
    set_case(app, case.id, stage="arrived", hkid_due_on=TODAY + timedelta(days=days),
             hkid_registered_on=registered)
    assert (case.id in attention(app, company.id)) is flagged


@pytest.mark.parametrize("expiry,flagged", [(date(2025, 12, 2), True), (date(2025, 12, 3), False)])
def test_passport_expiring_within_6_months(app, make, company, expiry, flagged):
    case = settled(make, company, candidate=make.candidate(company, passport_expiry=expiry))
    found = attention(app, company.id)
    assert (case.id in found) is flagged
    if flagged:
        assert found[case.id] == ["Passport expires 02/12/2025"]


@pytest.mark.parametrize("stage", ["closed", "refused", "withdrawn"])
def test_ended_cases_never_need_attention(app, make, company, stage):
    case = make.case(company, candidate=make.candidate(company, passport_expiry=TODAY))
    set_case(app, case.id, stage=stage, limit_of_stay_until=TODAY)
    assert attention(app, company.id) == {}


def test_several_reasons_are_all_listed(app, make, company):
    case = make.case(company, candidate=make.candidate(company, passport_expiry=TODAY))
    assert attention(app, company.id)[case.id] == [
        "Required documents missing before submission", "Passport expires 02/06/2025"]


# --- Dashboard ------------------------------------------------------------------------------

@pytest.mark.parametrize("window", [3, 8, 500])
def test_attention_pages_in_newest_order_across_reasons(app, make, company, monkeypatch,
                                                        window):
    """Each reason only contributes its newest cases to a page, and the newest cases are
    checked first (a window of 3 falls back at once, 8 on page 2, 500 on page 3): pages
    must still be exact."""
    monkeypatch.setattr(listing, "NEWEST_WINDOW", window)
    documents = [make.case(company).id for _ in range(4)]  # documents missing
    passport = [settled(make, company, candidate=make.candidate(
        company, passport_expiry=TODAY + timedelta(days=20))).id]
    info = [settled(make, company).id for _ in range(3)]
    for case_id in info:
        set_case(app, case_id, stage="info_requested")
    stay = [settled(make, company).id for _ in range(4)]
    for case_id in stay:
        set_case(app, case_id, stage="active", limit_of_stay_until=TODAY + timedelta(days=3))
    settled(make, company)  # needs nothing
    expected = sorted(documents + passport + info + stay, reverse=True)
    with app.app_context():
        pages = [case_page(company.id, CaseFilters(attention=True), TODAY, page=n, per_page=5)
                 for n in (1, 2, 3)]
    assert [[r.case.id for r in p.rows] for p in pages] == [
        expected[0:5], expected[5:10], expected[10:12]]
    assert [p.has_next for p in pages] == [True, True, False]


def test_dashboard_lists_cases_needing_attention_and_counts(app, client, make, company, login):
    urgent = make.case(company, candidate=make.candidate(company, full_name="Urgent Person"))
    calm = settled(make, company, candidate=make.candidate(company, full_name="Calm Person"))
    set_case(app, calm.id, stage="approved")
    make.case(make.company(), candidate=None)  # another company's case: never shown
    with app.app_context():
        summary = case_summary(company.id, TODAY)
        assert [r.case.id for r in summary.attention] == [urgent.id]
        assert summary.counts == [("draft", "Draft", 1), ("approved", "Approved", 1)]
    login(make.user(company, role="viewer"))
    page = client.get("/").get_data(as_text=True)
    assert "Cases needing attention" in page and "Urgent Person" in page
    assert f'href="/cases/{urgent.id}"' in page
    assert "Required documents missing before submission" in page
    assert "Calm Person" not in page
    assert re.search(r"Approved\s*<span[^>]*>1</span>", page)


# --- List filters, search, sorting, pages --------------------------------------------------

@pytest.fixture
def listed(app, make, company):
    """Five cases of the company with different schemes, stages, owners, allotments."""
    owner = make.user(company, role="staff")
    allotment = make.techtas_allotment(company)
    other_allotment = make.techtas_allotment(company)
    cases = {
        "alice": make.case(company, candidate=make.candidate(
            company, full_name="Alice Ng", passport_number="AA1000001"), allotment=allotment,
            owner_id=owner.id, intended_start_date=date(2025, 9, 1)),
        "bob": make.case(company, candidate=make.candidate(
            company, full_name="Bob Lee", passport_number="BB2000002"),
            allotment=other_allotment, intended_start_date=date(2025, 7, 1)),
        "chan": make.case(company, candidate=make.candidate(
            company, full_name="Chan Mei", passport_number="CC3000003"), scheme="GEP",
            intended_start_date=None),
        "dora": make.case(company, candidate=make.candidate(
            company, full_name="Dora Ho", passport_number="DD4000004"), scheme="GEP",
            owner_id=owner.id, intended_start_date=date(2025, 8, 1)),
    }
    for case in cases.values():
        make.documents(case)
    walk(app, cases["bob"], "preparing")
    walk(app, cases["dora"], "preparing", "submitted", "info_requested")
    stranger = make.company()
    make.case(stranger, candidate=make.candidate(stranger, full_name="Alice Stranger"))
    return {"cases": cases, "owner": owner, "allotment": allotment}


def names(app, company_id: int, **filters) -> list[str]:
    with app.app_context():
        page = case_page(company_id, CaseFilters(**filters), TODAY)
        return [row.case.candidate.full_name for row in page.rows]


def test_filters(app, company, listed):
    assert names(app, company.id) == ["Dora Ho", "Chan Mei", "Bob Lee", "Alice Ng"]
    assert names(app, company.id, scheme="GEP") == ["Dora Ho", "Chan Mei"]
    assert names(app, company.id, stage="preparing") == ["Bob Lee"]
    assert names(app, company.id, allotment_id=listed["allotment"].id) == ["Alice Ng"]
    assert names(app, company.id, owner_id=listed["owner"].id) == ["Dora Ho", "Alice Ng"]
    assert names(app, company.id, attention=True) == ["Dora Ho"]
    assert names(app, company.id, scheme="GEP", stage="draft") == ["Chan Mei"]


def test_search_on_name_and_passport(app, company, listed):
    assert names(app, company.id, text="alice") == ["Alice Ng"]
    assert names(app, company.id, text="cc3 000") == ["Chan Mei"]
    assert names(app, company.id, text="nobody") == []


@pytest.fixture
def surnames(make, company):
    """12 cases, oldest first: Chan, Wong, Chan, Wong … and one Lee, the oldest of all."""
    lee = make.case(company, candidate=make.candidate(company, full_name="Lee Ka Ho"))
    cases = [make.case(company, candidate=make.candidate(
        company, full_name=f"{'Chan' if n % 2 == 0 else 'Wong'} {n:02d}")) for n in range(12)]
    return {"lee": lee, "cases": cases}


@pytest.mark.parametrize("window", [6, 10, 500])
def test_search_finds_the_same_page_through_the_newest_window_or_the_index(
        app, company, surnames, monkeypatch, window):
    """A small window makes dense names (Chan: every other case) take the window path
    and rare ones (Lee: only the oldest case) fall back; pages and order stay exact."""
    monkeypatch.setattr(listing, "NEWEST_WINDOW", window)
    chans = [f"Chan {n:02d}" for n in (10, 8, 6, 4, 2, 0)]
    with app.app_context():
        pages = [case_page(company.id, CaseFilters(text="chan"), TODAY, page=n, per_page=2)
                 for n in (1, 2, 3, 4)]
        assert [[r.case.candidate.full_name for r in p.rows] for p in pages] == [
            chans[0:2], chans[2:4], chans[4:6], []]
        assert [p.has_next for p in pages] == [True, True, False, False]
        lee = case_page(company.id, CaseFilters(text="lee"), TODAY, per_page=2)
        assert [r.case.id for r in lee.rows] == [surnames["lee"].id] and not lee.has_next
        # The other filters apply inside the window too.
        drafts = case_page(company.id, CaseFilters(text="wong", stage="preparing"), TODAY)
        assert drafts.rows == []


def test_search_in_a_window_never_reaches_another_company(app, make, company, monkeypatch):
    monkeypatch.setattr(listing, "NEWEST_WINDOW", 3)
    mine = make.case(company, candidate=make.candidate(company, full_name="Chan Tai Man"))
    stranger = make.company()
    for _ in range(3):
        make.case(stranger, candidate=make.candidate(stranger, full_name="Chan Stranger"))
    with app.app_context():
        page = case_page(company.id, CaseFilters(text="chan"), TODAY)
    assert [r.case.id for r in page.rows] == [mine.id]


def test_search_counts_stop_at_the_cap(app, client, make, company, surnames, login,
                                        monkeypatch):
    with app.app_context():
        assert stage_counts(company.id, TODAY, CaseFilters(text="chan")) == {"draft": 6}
        assert stage_counts(company.id, TODAY, CaseFilters(text="chan"), cap=4) == {"draft": 5}
    login(make.user(company, role="viewer"))
    monkeypatch.setattr(listing, "SEARCH_COUNT_CAP", 4)
    monkeypatch.setattr(case_views, "SEARCH_COUNT_CAP", 4)
    page = client.get("/cases?q=chan").get_data(as_text=True)
    assert "4+" in page and "More than 4 cases match" in page
    assert "Chan 10" in page and "Wong" not in page.split("<tbody>", 1)[1]
    # Sorting by stage still needs the exact counts, and gets them, counting once.
    with count_queries(app) as statements:
        by_stage = client.get("/cases?q=chan&sort=stage").get_data(as_text=True)
    assert by_stage.split("<tbody>", 1)[1].count("Chan ") == 6
    assert "More than" not in by_stage
    assert sum("GROUP BY" in statement for statement in statements) == 1
    few = client.get("/cases?q=lee").get_data(as_text=True)
    assert "More than" not in few and "Lee Ka Ho" in few


def test_sorting(app, company, listed):
    assert names(app, company.id, sort="name") == ["Alice Ng", "Bob Lee", "Chan Mei",
                                                   "Dora Ho"]
    assert names(app, company.id, sort="stage") == ["Chan Mei", "Alice Ng", "Bob Lee",
                                                    "Dora Ho"]
    assert names(app, company.id, sort="start") == ["Bob Lee", "Dora Ho", "Alice Ng",
                                                    "Chan Mei"]
    assert names(app, company.id, sort="bogus") == names(app, company.id)


def test_counts_per_stage_follow_the_filters_except_the_stage(app, company, listed):
    with app.app_context():
        assert stage_counts(company.id, TODAY) == {"draft": 2, "preparing": 1,
                                                   "info_requested": 1}
        assert stage_counts(company.id, TODAY, CaseFilters(scheme="GEP", stage="draft")) == {
            "draft": 1, "info_requested": 1}
        assert stage_counts(company.id, TODAY, CaseFilters(text="alice")) == {"draft": 1}


def test_list_page_over_http(app, client, make, company, listed, login):
    login(make.user(company, role="viewer"))
    page = client.get("/cases?scheme=GEP&q=chan").get_data(as_text=True)
    table = page.split("<tbody>", 1)[1]
    assert "Chan Mei" in table and "Dora Ho" not in table and "Alice Stranger" not in page
    assert re.search(r'data-stage="draft"[^>]*href="[^"]*scheme=GEP[^"]*stage=draft', page) \
        or re.search(r'data-stage="draft"[^>]*href="[^"]*stage=draft', page)
    # Bad filter values are ignored, never a 500.
    assert client.get("/cases?stage=nope&allotment=x&sort=zzz&page=-3").status_code == 200
    # Only filter fields travel into links (url_for reads "_scheme", "_anchor"… itself).
    crafted = client.get("/cases?_scheme=javascript&_anchor=%0Aalert(1)&scheme=GEP")
    assert crafted.status_code == 200
    assert "alert(1)" not in crafted.get_data(as_text=True)
    assert "http://localhost" not in crafted.get_data(as_text=True)
    # Another company's allotment is not offered: the filter is refused with a message and
    # ignored, and nothing of the other company shows.
    stranger = make.company("Stranger Holdings Ltd")
    other_allotment = make.techtas_allotment(stranger, itc_reference="ITC/STRANGER/1")
    page = client.get(f"/cases?allotment={other_allotment.id}").get_data(as_text=True)
    assert "Not a valid choice" in page
    assert "ITC/STRANGER/1" not in page and "Stranger Holdings" not in page
    assert client.get("/cases/").status_code == 200


def table_names(page: str) -> list[str]:
    """Candidates' names in the list's table, top to bottom."""
    return re.findall(r'<a href="/cases/\d+">([^<]+)</a>', page.split("<tbody>", 1)[-1])


def test_list_opens_without_errors_from_the_menu_and_the_dashboard(app, client, make,
                                                                     company, listed, login):
    """Issue 13: Cases (menu) and a stage button (dashboard) showed "Not a valid choice."
    under Scheme and Stage, because an absent filter was None, not the blank choice."""
    login(make.user(company, role="viewer"))
    dashboard = client.get("/").get_data(as_text=True)
    assert 'class="nav-link" href="/cases/"' in dashboard  # the menu's link
    menu = client.get("/cases/").get_data(as_text=True)
    assert "Not a valid choice" not in menu
    assert table_names(menu) == ["Dora Ho", "Chan Mei", "Bob Lee", "Alice Ng"]
    stage_links = re.findall(r'href="(/cases/\?stage=[a-z_]+)"', dashboard)
    assert "/cases/?stage=preparing" in stage_links
    for link in stage_links:
        assert "Not a valid choice" not in client.get(link).get_data(as_text=True), link
    preparing = client.get("/cases/?stage=preparing").get_data(as_text=True)
    assert table_names(preparing) == ["Bob Lee"]
    assert '<option selected value="preparing">' in preparing
    both = client.get("/cases?scheme=GEP&stage=draft").get_data(as_text=True)
    assert table_names(both) == ["Chan Mei"] and "Not a valid choice" not in both
    # A value that is no choice is refused beside its field and ignored, never a 500.
    bogus = client.get("/cases?stage=bogus&scheme=NOPE")
    assert bogus.status_code == 200
    assert table_names(bogus.get_data(as_text=True)) == table_names(menu)


def test_pagination(app, client, make, company, login):
    for n in range(27):
        make.case(company, candidate=make.candidate(company, full_name=f"Person {n:02d}"))
    with app.app_context():
        first = case_page(company.id, CaseFilters(sort="name"), TODAY)
        second = case_page(company.id, CaseFilters(sort="name"), TODAY, page=2)
    assert len(first.rows) == 25 and first.has_next
    assert [r.case.candidate.full_name for r in second.rows] == ["Person 25", "Person 26"]
    assert not second.has_next
    login(make.user(company, role="viewer"))
    page = client.get("/cases?sort=name").get_data(as_text=True)
    assert "page=2" in page and "sort=name" in page


# --- A constant number of SQL statements ----------------------------------------------------

def populate(app, make, company, n: int) -> int:
    """n cases needing attention, with owners and allotments, and one case with about n
    timeline events (submitted ⇄ additional information requested); returns its id."""
    owner = make.user(company, role="staff")
    allotment = make.techtas_allotment(company, positions=[{"quotas": 99}])
    for _ in range(n):
        make.case(company, allotment=allotment, owner_id=owner.id)
    case = make.case(company, allotment=allotment, owner_id=owner.id)
    make.documents(case)
    walk(app, case, "preparing", "submitted")
    for _ in range(n // 2):
        walk(app, case, "info_requested", "submitted")
    return case.id


@pytest.mark.parametrize("url", ["/cases", "/cases?attention=y&sort=stage", "/case", "/",
                                 "/cases?q=candidate", "/cases?q=zzz"])
def test_statement_count_does_not_grow_with_cases(app, make, login, url):
    counts = []
    for n in (3, 30):
        company = make.company()
        case_id = populate(app, make, company, n)
        browser = login(make.user(company, role="staff"), the_client=app.test_client())
        target = f"/cases/{case_id}" if url == "/case" else url
        with count_queries(app) as statements:
            assert browser.get(target).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
