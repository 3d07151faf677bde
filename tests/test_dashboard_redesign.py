"""The dashboard (issue 17): cases needing attention most urgent first with their days left,
"get started" steps for a company with no case, the Workforce counts, and the demo data
`make run` fills (idempotent), in English and Hong Kong Traditional Chinese."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.case_helpers import TODAY
from tests.queries import count_queries
from tracker.candidates.models import Candidate
from tracker.cases.listing import case_summary
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.quotas.models import QuotaAllotment

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}


def set_case(app, case_id: int, **columns) -> None:
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id).values(**columns))
        db.session.commit()


def set_passport(app, candidate_id: int, expiry) -> None:
    with app.app_context():
        db.session.execute(sa.update(Candidate).where(Candidate.id == candidate_id)
                           .values(passport_expiry=expiry))
        db.session.commit()


@pytest.fixture
def urgent(app, make, company):
    """Three settled cases: a passport expiring in 5 months, an HKID due in 18 days, a
    limit of stay that ended 3 days ago; and a draft missing documents (no date)."""
    def settled(name: str, stage: str = "submitted"):
        case = make.case(company, candidate=make.candidate(company, full_name=name))
        make.documents(case)
        set_case(app, case.id, stage=stage)
        return case

    passport = settled("Passport Person")
    set_passport(app, passport.candidate_id, TODAY + timedelta(days=150))
    hkid = settled("Hkid Person", "arrived")
    set_case(app, hkid.id, hkid_due_on=TODAY + timedelta(days=18))
    stay = settled("Stay Person", "active")
    set_case(app, stay.id, limit_of_stay_until=TODAY - timedelta(days=3))
    draft = make.case(company, candidate=make.candidate(company, full_name="Draft Person"))
    return {"passport": passport, "hkid": hkid, "stay": stay, "draft": draft}


def test_attention_is_sorted_by_urgency_with_days_left(app, company, urgent):
    with app.app_context():
        summary = case_summary(company.id, TODAY)
    order = [item.case.id for item in summary.attention]
    assert order == [urgent[k].id for k in ("stay", "hkid", "passport", "draft")]
    assert [item.reasons[0].days_left for item in summary.attention] == [-3, 18, 150, None]


def test_the_dashboard_shows_the_order_and_days(client, staff, urgent):
    page = re.sub(r"\s+", " ", client.get("/").get_data(as_text=True))
    names = re.findall(r"(Stay|Hkid|Passport|Draft) Person", page)
    assert names[:4] == ["Stay", "Hkid", "Passport", "Draft"]
    assert "3 days overdue" in page and "in 18 days" in page and "in 150 days" in page
    chinese = re.sub(r"\s+", " ", client.get("/", headers=ZH).get_data(as_text=True))
    assert "逾期 3 日" in chinese and "18 日後" in chinese
    assert "days overdue" not in chinese and "in 18 days" not in chinese


def test_the_most_urgent_comes_first_even_among_many(app, make, company, urgent):
    """The limit keeps the most urgent: 25 newer drafts do not push the HKID out."""
    for n in range(25):
        make.case(company, candidate=make.candidate(company, full_name=f"Newer {n}"))
    with app.app_context():
        summary = case_summary(company.id, TODAY, limit=5)
    assert [item.case.id for item in summary.attention][:3] == [
        urgent["stay"].id, urgent["hkid"].id, urgent["passport"].id]
    assert summary.more_attention


def test_the_summary_is_a_constant_number_of_statements(app, make, company, urgent):
    with count_queries(app) as few, app.app_context():
        case_summary(company.id, TODAY)
    for n in range(10):
        make.case(company, candidate=make.candidate(company, full_name=f"More {n}"))
    with count_queries(app) as many, app.app_context():
        case_summary(company.id, TODAY)
    assert len(few) == len(many) == 5  # four for attention, one GROUP BY of stages


def test_an_empty_company_gets_started(client, make, company, login):
    login(make.user(company, role="admin"))
    page = client.get("/").get_data(as_text=True)
    assert 'id="first-steps"' in page
    for link in ("/candidates/new", "/cases/new", "/quotas/new", "/company/users/new"):
        assert f'href="{link}"' in page, link
    chinese = client.get("/", headers=ZH).get_data(as_text=True)
    assert "開始使用" in chinese and "邀請同事" in chinese and "Get started" not in chinese


def test_steps_taken_are_marked_and_a_case_ends_them(client, make, company, login):
    login(make.user(company, role="admin"))
    candidate = make.candidate(company)
    page = client.get("/").get_data(as_text=True)
    assert "<s>Add a candidate</s>" in page and 'href="/candidates/new"' not in page
    make.case(company, candidate=candidate)
    assert 'id="first-steps"' not in client.get("/").get_data(as_text=True)


def test_viewers_see_the_steps_without_links_they_cannot_use(client, make, company, login):
    login(make.user(company, role="viewer"))
    page = client.get("/").get_data(as_text=True)
    assert 'id="first-steps"' in page and 'href="/cases/new"' not in page


def test_the_workforce_counts_stay_on_the_dashboard(client, staff):
    page = client.get("/").get_data(as_text=True)
    assert 'id="workforce-expiring"' in page and 'data-days="30"' in page


# --- The demo data --------------------------------------------------------------------------

def test_seed_demo_fills_a_company_once(app, runner, tmp_path):
    credentials = tmp_path / "demo.txt"
    first = runner.invoke(args=["seed-demo", "--credentials-file", str(credentials)])
    assert first.exit_code == 0, first.output
    assert "skipped" not in first.output, first.output
    assert first.output.rstrip().endswith(credentials.read_text().rstrip())
    assert "admin@demo.example" in credentials.read_text()
    with app.app_context():
        stages = set(db.session.scalars(sa.select(Case.stage)))
        kinds = set(db.session.scalars(sa.select(Case.kind)))
        schemes = set(db.session.scalars(sa.select(Case.scheme)))
        chinese = db.session.scalar(sa.select(sa.func.count()).where(Candidate.chinese_name != ""))
        dependants = db.session.scalar(sa.select(sa.func.count()).where(
            Candidate.principal_id.is_not(None)))
        allotments = db.session.scalar(sa.select(sa.func.count(QuotaAllotment.id)))
        counted = db.session.scalar(sa.select(sa.func.count(Case.id)))
    assert {"draft", "preparing", "submitted", "info_requested", "approved", "visa_issued",
            "arrived", "active", "withdrawn"} <= stages
    assert {"GEP", "TechTAS", "QMAS", "IANG", "ASMTP"} <= schemes
    assert "extension" in kinds and chinese >= 4 and dependants == 1 and allotments == 1
    second = runner.invoke(args=["seed-demo", "--credentials-file", str(credentials)])
    assert "no demo account" in second.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Case.id))) == counted


def test_the_runner_prints_the_demo_sign_in_last(tmp_path, monkeypatch):
    from tracker import runner
    credentials = tmp_path / "demo-credentials.txt"
    credentials.write_text("Demo account created. Sign in at http://127.0.0.1:5000 with\n"
                           "  email:    admin@demo.example\n  password: s3cret\n")
    monkeypatch.setattr(runner, "CREDENTIALS", str(credentials))
    text = runner.banner("http://127.0.0.1:5000")
    assert text.strip().splitlines()[-3:-1] == ["  email:    admin@demo.example",
                                               "  password: s3cret"]
    assert "Ready: open http://127.0.0.1:5000" in text
    monkeypatch.setattr(runner, "CREDENTIALS", str(tmp_path / "none.txt"))
    assert "password" not in runner.banner("http://127.0.0.1:5000")
