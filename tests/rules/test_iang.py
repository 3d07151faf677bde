"""IANG: a full-time local degree, then the fresh (within 6 months) or returning (job offer)
track; unknown facts stay unknown."""

from __future__ import annotations

from datetime import date

from tracker.rules.iang import iang_verdict
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.sources import checkable

ON = date(2026, 12, 1)


def test_a_fresh_graduate_within_6_months_needs_no_offer():
    fresh = CandidateProfile(hk_full_time_degree=True, degree_awarded_on=date(2026, 6, 1),
                             has_job_offer=False)
    verdict = iang_verdict(fresh, ON)
    assert verdict.status == "eligible"
    assert verdict.result("iang_fresh").reason == "Within 6 months of graduating (until " \
        "01/12/2026)."
    assert iang_verdict(fresh, date(2026, 12, 2)).status == "not_eligible"


def test_a_returning_graduate_needs_a_job_offer():
    later = CandidateProfile(hk_full_time_degree=True, degree_awarded_on=date(2020, 6, 1),
                             job_offer=JobOffer("Analyst", monthly_salary_hkd=30_000))
    verdict = iang_verdict(later, ON)
    assert verdict.status == "eligible"
    assert "degree level" in verdict.result("iang_returning").reason
    assert verdict.result("iang_track").reason == "Meets the returning-graduate track."


def test_no_local_degree_is_no_and_missing_facts_are_unknown():
    assert iang_verdict(CandidateProfile(hk_full_time_degree=False), ON).status == "not_eligible"
    empty = iang_verdict(CandidateProfile(), ON)
    assert empty.status == "possible"
    assert empty.result("iang_track").outcome == "unknown"
    assert all(checkable(r.source) for r in empty.results)
