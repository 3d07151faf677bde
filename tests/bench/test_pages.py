"""The benchmark's form saves: read from the real case page, posted with its CSRF token,
repeatable for as long as the bench runs (each save a real change)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from bench import load, statements, timing
from bench.pages import PAGES, case_save_form, hong_kong_today
from bench.sqlite_saves import checklist_save_form
from config import TestConfig
from tests.case_helpers import walk
from tracker import create_app
from tracker.cases.models import Case, CaseStageEvent
from tracker.documents.models import CaseDocument
from tracker.extensions import db

SESSION = load.Session("", 1, {})


@pytest.fixture
def submitted(app, make):
    """A GEP case submitted to ImmD, and a staff user of its company."""
    company = make.company()
    case = make.case(company)
    walk(app, case, "preparing", "submitted")
    return case, make.user(company, role="staff")


@pytest.fixture
def csrf_client(app, login, submitted):
    """The staff user signed in, then CSRF checked as in production."""
    client = login(submitted[1])
    app.config["WTF_CSRF_ENABLED"] = True
    yield client
    app.config["WTF_CSRF_ENABLED"] = False


def stage_of(app, case_id: int) -> tuple[str, int]:
    with app.app_context():
        stage = db.session.scalar(sa.select(Case.stage).where(Case.id == case_id))
        events = db.session.scalar(sa.select(sa.func.count()).where(
            CaseStageEvent.case_id == case_id))
        return stage, events


def test_the_case_save_moves_the_case_back_and_forth(app, submitted, csrf_client):
    case, _ = submitted
    page = csrf_client.get(f"/cases/{case.id}").get_data(as_text=True)
    _, events = stage_of(app, case.id)
    for expected in ("info_requested", "submitted", "info_requested"):
        action, fields = case_save_form(page, SESSION, 0)
        assert action == f"/cases/{case.id}/move" and fields["csrf_token"]
        response = csrf_client.post(action, data=fields, follow_redirects=True)
        assert response.history and response.history[0].status_code == 302
        events += 1
        assert stage_of(app, case.id) == (expected, events)
        page = response.get_data(as_text=True)


def test_without_its_token_the_save_is_refused(app, submitted, csrf_client):
    case, _ = submitted
    page = csrf_client.get(f"/cases/{case.id}").get_data(as_text=True)
    action, fields = case_save_form(page, SESSION, 0)
    response = csrf_client.post(action, data={**fields, "csrf_token": "forged"})
    assert response.status_code != 302
    assert stage_of(app, case.id)[0] == "submitted"


def test_a_page_without_the_move_form_offers_no_save(client, make, login):
    user = make.user(make.company(), role="staff")
    login(user)
    assert case_save_form(client.get("/").get_data(as_text=True), SESSION, 0) is None


def test_the_checklist_save_turns_one_item_and_keeps_the_others(app, submitted, csrf_client):
    case, _ = submitted
    page = csrf_client.get(f"/cases/{case.id}").get_data(as_text=True)
    action, fields = checklist_save_form(page, SESSION, 0)
    turned = [name for name, value in fields.items() if value == "received"]
    assert len(turned) == 1 and action.startswith(f"/cases/{case.id}/documents")
    response = csrf_client.post(action, data=fields, follow_redirects=True)
    assert response.history and "Documents saved" in response.get_data(as_text=True)
    code = turned[0].removeprefix("status-")
    with app.app_context():
        rows = db.session.execute(sa.select(CaseDocument.code, CaseDocument.status,
                                            CaseDocument.received_on)
                                  .where(CaseDocument.case_id == case.id)).all()
    assert [(r.code, r.status, r.received_on) for r in rows if r.status != "missing"] == [
        (code, "received", hong_kong_today())]
    _, again = checklist_save_form(response.get_data(as_text=True), SESSION, 0)
    assert again[turned[0]] == "missing"  # the next save turns it back
    assert [name for name, value in again.items() if value == "received"] == []


@pytest.fixture
def served(database_url) -> Iterator[int]:
    """The app as bench/app.py builds it (the Server-Timing header), CSRF checked, served
    over HTTP on a free port in a thread, as the bench's clients see gunicorn."""
    bench_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                           WTF_CSRF_ENABLED=True)
    timing.register(bench_app)
    server = make_server("127.0.0.1", 0, bench_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()


def test_the_load_client_repeats_the_save_with_the_server_s_time(app, make, served):
    company = make.company()
    case = make.case(company)
    walk(app, case, "preparing", "submitted")
    user = make.user(company, role="staff")
    _, before = stage_of(app, case.id)
    cookie = load.sign_in("127.0.0.1", served, user.email, user.password)
    session = load.Session(cookie, company.id, {"saves": [case.id]})
    result = load.drive("127.0.0.1", served, [session], PAGES["case save"], 3.0, 1)
    # At least one save whatever the machine's load (the first starts before the time is
    # up); the stage says how many ran, each a move of its own.
    assert result.requests >= 1 and result.errors == 0
    assert len(result.server_ms) == result.requests  # each the POST's and the page's time
    stage, events = stage_of(app, case.id)
    assert events == before + result.requests  # one move per save
    assert stage == ("info_requested" if result.requests % 2 else "submitted")


def test_statements_of_a_save_count_its_post_and_redirected_page(app, submitted, csrf_client):
    case, _ = submitted
    session = load.Session("", case.company_id, {"saves": [case.id]})
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001 - SQLAlchemy hook
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        status = statements._visit(csrf_client, PAGES["case save"], session, seen)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert status == 200 and any("UPDATE cases" in s for s in seen)
    assert sum(s.startswith("SELECT") for s in seen) > 1  # the page after the redirect too
