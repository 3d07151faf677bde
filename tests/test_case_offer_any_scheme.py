"""The case page reads the case's job offer for every scheme (cases/eligibility.case_offer):
a returning IANG graduate with an offer recorded is eligible, as on the advisor page with
the offer typed; without a job title the track waits for HR, as before."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tracker.cases.eligibility import case_offer, case_verdict
from tracker.cases.models import Case
from tracker.extensions import db

# A Hong Kong degree awarded 2 years before the pinned today: past the fresh track.
RETURNING = {"qualification_level": "bachelor", "hk_full_time_degree": True,
             "degree_awarded_on": date(2023, 7, 1)}
ZH = {"Accept-Language": "zh-HK"}


def verdict_of(app, case_id: int, today: date):
    with app.app_context():
        case = db.session.get_one(Case, case_id)
        return case_offer(case), case_verdict(case, today)


def clear_offer(app, case_id: int) -> None:
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id)
                           .values(job_title="", monthly_salary=None))
        db.session.commit()


@pytest.mark.usefixtures("pinned_today")
def test_a_returning_graduate_s_recorded_offer_reaches_the_rules(app, make, company, staff,
                                                                 client, pinned_today):
    candidate = make.candidate(company, **RETURNING)
    case = make.case(company, candidate, scheme="IANG", job_title="Data Analyst",
                     monthly_salary=32_000)
    offer, verdict = verdict_of(app, case.id, pinned_today)
    assert (offer.title, offer.monthly_salary_hkd) == ("Data Analyst", 32_000)
    found = {r.code: r.outcome for r in verdict.results}
    assert (verdict.status, found["iang_returning"], found["iang_fresh"]) == (
        "eligible", "pass", "fail")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Holds a job offer: Data Analyst." in page
    chinese = client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True)
    assert "Holds a job offer" not in chinese and "Data Analyst" in chinese

    clear_offer(app, case.id)  # no job title: nothing for the rules to read
    offer, verdict = verdict_of(app, case.id, pinned_today)
    found = {r.code: r.outcome for r in verdict.results}
    assert offer is None
    assert (verdict.status, found["iang_returning"]) == ("possible", "unknown")
