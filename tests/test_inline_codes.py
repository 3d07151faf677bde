"""The rules' codes written into SQL as literals (tracker/inline.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tracker.cases.models import Case
from tracker.extensions import db
from tracker.inline import one_of, pair_in

pytestmark = pytest.mark.sqlite


def sql(app, condition) -> str:
    with app.app_context():
        return str(sa.select(Case.id).where(condition).compile(db.engine))


def test_codes_are_written_into_the_statement_not_bound(app):
    text = sql(app, sa.and_(one_of(Case.stage, ["draft", "active"]),
                            pair_in((Case.scheme, Case.kind), [("GEP", "entry")])))
    assert "'draft', 'active'" in text and "('GEP', 'entry')" in text
    assert "POSTCOMPILE" not in text


@pytest.mark.parametrize("code", ["it's", "a b", "x') OR (1=1", ""])
def test_anything_but_a_plain_code_is_refused(code):
    with pytest.raises(ValueError, match="not a rule code"):
        one_of(Case.stage, [code])


def test_they_select_what_bound_lists_select(app, make):
    company = make.company()
    case = make.case(company)
    with app.app_context():
        def ids(condition) -> set[int]:
            return set(db.session.scalars(sa.select(Case.id).where(
                Case.company_id == company.id, condition)))
        assert ids(one_of(Case.stage, ["draft", "closed"])) == {case.id}
        assert ids(one_of(Case.stage, ["closed"])) == set()
        assert ids(one_of(Case.stage, [])) == set()
        assert ids(pair_in((Case.scheme, Case.kind), [("GEP", "entry")])) == {case.id}
        assert ids(pair_in((Case.scheme, Case.kind), [("GEP", "extension")])) == set()
        assert ids(pair_in((Case.scheme, Case.kind), [])) == set()
