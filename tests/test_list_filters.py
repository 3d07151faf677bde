"""The list pages' filters, read by one function each for the page and its export
(tracker/cases/list_filters.py, tracker/people/list_filters.py)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tracker.cases import list_filters as case_filters
from tracker.cases.listing import CaseFilters
from tracker.people import list_filters as workforce_filters
from tracker.people.workforce import WorkforceFilters


def test_case_filters_keep_the_valid_and_drop_the_rest(app, make, company):
    owner = make.user(company)
    allotment = make.allotment(company)
    args = MultiDict({"scheme": "TechTAS", "stage": "submitted", "owner": str(owner.id),
                      "allotment": str(allotment.id), "attention": "y", "q": "chan",
                      "sort": "name"})
    with app.test_request_context():
        read = case_filters.read_filters(case_filters.filter_form(args, company.id))
        assert read == CaseFilters("TechTAS", "submitted", allotment.id, owner.id, True,
                                   "chan", "name")
        stale = MultiDict({"scheme": "NOPE", "owner": "999999", "allotment": "x",
                           "sort": "sideways", "q": "chan"})
        read = case_filters.read_filters(case_filters.filter_form(stale, company.id))
        assert read == CaseFilters(text="chan")


def test_case_filters_offer_only_the_companys_owners(app, make, company):
    other = make.company()
    stranger = make.user(other)
    with app.test_request_context():
        form = case_filters.filter_form(MultiDict({"owner": str(stranger.id)}), company.id)
        assert case_filters.read_filters(form).owner_id is None


def test_workforce_filters_keep_the_valid_and_drop_the_rest(app, make, company):
    owner = make.user(company)
    with app.test_request_context():
        form = workforce_filters.filter_form(
            MultiDict({"scheme": "QMAS", "days": "30", "owner": str(owner.id)}), company.id)
        assert workforce_filters.read_filters(form) == WorkforceFilters("QMAS", "30", owner.id)
        form = workforce_filters.filter_form(
            MultiDict({"scheme": "ZZZ", "days": "abc", "owner": "x"}), company.id)
        assert workforce_filters.read_filters(form) == WorkforceFilters()
