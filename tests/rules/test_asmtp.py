"""ASMTP: GEP's rules for a Mainland resident (the same answers as GEP's), plus the
Exit-entry Permit step after approval."""

from __future__ import annotations

from datetime import date

from tracker.rules.asmtp import asmtp_verdict
from tracker.rules.gep import gep_verdict
from tracker.rules.profile import CandidateProfile, JobOffer
from tracker.rules.sources import checkable

ON = date(2026, 12, 1)
OFFER = JobOffer("Engineer", annual_salary_hkd=2_400_000)


def test_a_mainland_resident_gets_geps_answers():
    mainland = CandidateProfile(mainland_resident=True, qualification_level="master",
                                job_offer=OFFER)
    asmtp = asmtp_verdict(mainland, ON)
    assert asmtp.status == "eligible"
    gep = gep_verdict(mainland, ON)
    assert gep.status == "not_eligible"  # GEP refuses Mainland residents
    shared = [r for r in gep.results if r.code != "gep_not_mainland"]
    assert [(r.code, r.outcome, r.reason) for r in shared] == \
        [(r.code, r.outcome, r.reason) for r in asmtp.results[1:-1]]
    assert all("Admission Scheme for Mainland Talents" in r.source for r in asmtp.results)


def test_others_are_sent_to_gep_and_the_permit_is_a_step_not_a_bar():
    assert asmtp_verdict(CandidateProfile(mainland_resident=False), ON).status == "not_eligible"
    unknown = asmtp_verdict(CandidateProfile(), ON)
    assert unknown.status == "possible"
    permit = unknown.result("asmtp_exit_entry_permit")
    assert not permit.blocking and "Exit-entry Permit" in permit.label
    assert all(checkable(r.source) for r in unknown.results)
