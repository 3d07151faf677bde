""""Required documents missing before submission": one counting subquery serves every
checklist, each case counted against its own scheme's and kind's required items."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import walk
from tracker.cases.attention import attention_conditions, needs_attention
from tracker.cases.models import Case
from tracker.clock import today
from tracker.extensions import db
from tracker.rules.case_checklists import checklist_for

pytestmark = pytest.mark.sqlite


def required(scheme: str, kind: str = "entry") -> list[str]:
    return [item.code for item in checklist_for(scheme, kind, date.today()) if item.required]


def flagged(app, company_id: int) -> set[int]:
    """The company's cases the documents reason flags, as a column and as a search."""
    with app.app_context():
        on = today()
        condition = dict(attention_conditions(on))["documents_missing"]
        as_column = set(db.session.scalars(sa.select(Case.id).where(
            Case.company_id == company_id, condition)))
        searched = set(db.session.scalars(sa.select(Case.id).where(
            needs_attention(on, company_id))))
        assert as_column <= searched  # the rule's other reasons may add cases, never drop
        return as_column


def test_each_case_counts_only_its_own_required_items(app, make):
    company = make.company()
    complete = make.case(company)  # GEP, every required item received
    make.documents(complete)
    one_short = make.case(company)
    make.documents(one_short, required("GEP")[1:])
    not_applicable = make.case(company)  # settled as not applicable counts too
    make.documents(not_applicable, required("GEP")[:1], status="not_applicable")
    make.documents(not_applicable, required("GEP")[1:])
    techtas = make.case(company, scheme="TechTAS")  # GEP's items are not all of TechTAS's
    extra = sorted(set(required("TechTAS")) - set(required("GEP")))
    assert extra, "TechTAS requires an item GEP does not"
    make.documents(techtas, [c for c in required("GEP") if c in required("TechTAS")])
    nothing = make.case(company)
    assert flagged(app, company.id) == {one_short.id, techtas.id, nothing.id}


def test_a_missing_item_that_is_not_required_or_received_later_does_not_count(app, make):
    company = make.company()
    case = make.case(company)
    make.documents(case, required("GEP"), status="missing")
    assert flagged(app, company.id) == {case.id}
    with app.app_context():
        db.session.execute(sa.text("UPDATE case_documents SET status = 'received' "
                                   "WHERE case_id = :id"), {"id": case.id})
        db.session.commit()
    assert flagged(app, company.id) == set()


def test_past_submission_the_documents_no_longer_flag_a_case(app, make):
    company = make.company()
    case = make.case(company)
    walk(app, case, "preparing")
    assert flagged(app, company.id) == {case.id}
    walk(app, case, "submitted")
    assert flagged(app, company.id) == set()
