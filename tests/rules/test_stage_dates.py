"""The stage-date rule: no date in the future, dates in the stages' order (both sides of
each edge)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.rules.stage_dates import DATES, DateProblem, date_problems
from tracker.rules.workflow import correctable_facts, derived_values

TODAY = date(2026, 2, 10)
DAY = timedelta(days=1)
# A case whose every stage is recorded, in order.
RECORDED = {"submitted_on": date(2026, 1, 5), "approved_on": date(2026, 1, 20),
            "visa_issued_on": date(2026, 1, 25), "limit_of_stay_until": date(2029, 1, 25),
            "arrived_on": date(2026, 2, 1), "hkid_registered_on": date(2026, 2, 3)}


def messages(known, new, today=TODAY) -> list[str]:
    return [p.message for p in date_problems(known, new, today)]


@pytest.mark.parametrize("fact", ["submitted_on", "info_requested_on", "approved_on",
                                  "visa_issued_on", "arrived_on", "hkid_registered_on"])
def test_a_happened_date_may_be_today_but_not_tomorrow(fact):
    assert date_problems({}, {fact: TODAY}, TODAY) == []
    [problem] = date_problems({}, {fact: TODAY + DAY}, TODAY)
    assert problem.fact == fact
    assert problem.message == (f"{DATES[fact].subject} 11/02/2026 is in the future "
                               "(today is 10/02/2026).")


def test_a_limit_of_stay_lies_in_the_future():
    assert date_problems({}, {"limit_of_stay_until": TODAY + 3000 * DAY}, TODAY) == []


def test_the_issues_example_approval_before_submission():
    assert messages({"submitted_on": date(2026, 2, 3)}, {"approved_on": date(2026, 2, 1)}) == [
        "Approval date 01/02/2026 is before the submission date 03/02/2026."]


@pytest.mark.parametrize("later,earlier", [
    ("approved_on", "submitted_on"), ("visa_issued_on", "approved_on"),
    ("arrived_on", "visa_issued_on"), ("hkid_registered_on", "arrived_on"),
    ("info_requested_on", "submitted_on"),
])
def test_the_same_day_is_in_order_the_day_before_is_not(later, earlier):
    on = date(2026, 1, 15)
    assert date_problems({earlier: on}, {later: on}, TODAY) == []
    [problem] = date_problems({earlier: on}, {later: on - DAY}, TODAY)
    assert problem == DateProblem(later, f"{DATES[later].subject} 14/01/2026 is before the "
                                         f"{DATES[earlier].noun} 15/01/2026.")


def test_a_limit_of_stay_falls_after_the_visa_date():
    visa = {"visa_issued_on": date(2026, 1, 25)}
    assert date_problems(visa, {"limit_of_stay_until": date(2026, 1, 26)}, TODAY) == []
    assert messages(visa, {"limit_of_stay_until": date(2026, 1, 25)}) == [
        "Limit of stay 25/01/2026 is not after the visa issue date 25/01/2026."]


def test_an_arrival_before_both_is_refused_against_the_nearest_stage():
    known = {"submitted_on": date(2026, 1, 5), "approved_on": date(2026, 1, 20),
             "visa_issued_on": date(2026, 1, 25)}
    assert messages(known, {"arrived_on": date(2026, 1, 1)}) == [
        "Arrival date 01/01/2026 is before the visa issue date 25/01/2026."]


def test_a_missing_stage_date_is_skipped_for_the_one_before():
    # A visa recorded before the tracker asked for its issue date.
    known = {"submitted_on": date(2026, 1, 5), "approved_on": date(2026, 1, 20)}
    assert messages(known, {"arrived_on": date(2026, 1, 19)}) == [
        "Arrival date 19/01/2026 is before the approval date 20/01/2026."]
    assert messages(known, {"limit_of_stay_until": date(2026, 1, 20)}) == [
        "Limit of stay 20/01/2026 is not after the approval date 20/01/2026."]


def test_an_earlier_date_moved_past_a_later_one_names_the_later():
    assert messages(RECORDED, {"submitted_on": date(2026, 1, 21)}) == [
        "Submission date 21/01/2026 is after the approval date 20/01/2026."]
    assert date_problems(RECORDED, {"submitted_on": date(2026, 1, 20)}, TODAY) == []
    assert messages(RECORDED, {"visa_issued_on": date(2029, 1, 25)}) == [
        "Visa issue date 25/01/2029 is in the future (today is 10/02/2026).",
        "Visa issue date 25/01/2029 is after the arrival date 01/02/2026.",
        "Visa issue date 25/01/2029 is not before the limit of stay 25/01/2029."]
    problems = date_problems(RECORDED, {"arrived_on": date(2026, 2, 4)}, TODAY)
    assert [(p.fact, p.message) for p in problems] == [
        ("arrived_on", "Arrival date 04/02/2026 is after the HKID registration date 03/02/2026.")]


def test_every_problem_is_reported_at_once():
    new = {"visa_issued_on": date(2026, 1, 19), "limit_of_stay_until": date(2026, 1, 19)}
    problems = date_problems({"approved_on": date(2026, 1, 20)}, new, TODAY)
    assert [p.fact for p in problems] == ["visa_issued_on", "limit_of_stay_until"]


def test_older_records_out_of_order_are_not_the_new_dates_fault():
    known = {"submitted_on": date(2026, 1, 20), "approved_on": date(2026, 1, 5)}
    assert date_problems(known, {"hkid_registered_on": date(2026, 2, 1)}, TODAY) == []


def test_a_resubmission_after_a_request_is_later_than_the_request():
    known = {"submitted_on": date(2026, 1, 5), "info_requested_on": date(2026, 1, 12)}
    assert date_problems(known, {"submitted_on": date(2026, 1, 19)}, TODAY) == []
    assert messages({"submitted_on": date(2026, 1, 19)},
                    {"info_requested_on": date(2026, 1, 12)}) == [
        "Date ImmD asked for more information 12/01/2026 is before the submission date "
        "19/01/2026."]


def test_non_dates_and_other_facts_are_ignored():
    assert date_problems({"visa_number": "EV1"}, {"immd_reference": "X", "arrived_on": None},
                         TODAY) == []


def test_the_correctable_facts_and_the_derived_hkid_due_date():
    assert list(correctable_facts()) == [
        "submitted_on", "immd_reference", "approved_on", "visa_issued_on", "visa_number",
        "limit_of_stay_until", "arrived_on", "hkid_registered_on"]
    assert derived_values({"arrived_on": date(2026, 2, 1)}) == {"hkid_due_on": date(2026, 3, 3)}
    assert derived_values({"approved_on": date(2026, 2, 1)}) == {}
