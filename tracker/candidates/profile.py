"""From a stored Candidate to what the rules read: a CandidateProfile.

The rules (tracker/rules/) know nothing of the database; the packages that own
the records translate them (the allotment positions: quotas/queries.py). A fact
the candidate record leaves empty stays None, so the rules answer "unknown"
rather than guess.
"""

from __future__ import annotations

from tracker.candidates.models import Candidate
from tracker.rules.profile import (
    Achievement,
    CandidateProfile,
    JobOffer,
    Languages,
    MaritalStatus,
)

ANOTHER_LANGUAGE = "another language"


def _other_languages(candidate: Candidate) -> tuple[str, ...] | None:
    """The languages besides Chinese and English: None not known, () none."""
    if candidate.other_language is None:
        return None
    if not candidate.other_language:
        return ()
    names = tuple(n.strip() for n in (candidate.other_languages or "").split(",") if n.strip())
    return names or (ANOTHER_LANGUAGE,)


def _marital_status(candidate: Candidate) -> MaritalStatus | None:
    return None if candidate.married is None else ("married" if candidate.married else "single")


def _achievements(candidate: Candidate) -> tuple[Achievement, ...]:
    if not candidate.achievement_kind or not candidate.achievement:
        return ()
    return (Achievement(candidate.achievement_kind, candidate.achievement,
                        candidate.achievement_evidence or ""),)


def candidate_profile(candidate: Candidate, offer: JobOffer | None = None,
                      has_job_offer: bool | None = None) -> CandidateProfile:
    """The facts the eligibility rules read about *candidate*.

    *offer* is the job offered in Hong Kong, if any (from a case or typed on the
    advisor page); without one, *has_job_offer* says whether there is one
    (None: not known).
    """
    return CandidateProfile(
        date_of_birth=candidate.date_of_birth,
        place_of_birth=candidate.place_of_birth or None,
        mainland_resident=candidate.mainland_resident,
        qualification_level=candidate.qualification_level,
        degrees_at_top_level=candidate.degrees_at_top_level,
        stem_degree=candidate.stem_degree,
        renowned_institution=candidate.renowned_institution,
        eligible_university=candidate.eligible_university,
        top100_stem_university=candidate.top100_stem_university,
        eligible_university_degree=candidate.eligible_university_degree,
        degree_awarded_on=candidate.degree_awarded_on,
        hk_full_time_degree=candidate.hk_full_time_degree,
        years_experience=candidate.years_experience,
        years_experience_last_5=candidate.years_experience_last_5,
        years_senior=candidate.years_managerial,
        years_international=candidate.years_international,
        years_multinational=candidate.years_multinational,
        years_innovation_finance_trade=candidate.years_innovation_finance_trade,
        years_in_technology_area=candidate.years_in_technology_area,
        annual_income_hkd=candidate.annual_income_hkd,
        owns_business=candidate.owns_business,
        business_profit_hkd=candidate.business_profit_hkd,
        owns_listed_company=candidate.owns_listed_company,
        financial_means=candidate.financial_means,
        good_character=candidate.good_character,
        languages=Languages(english=candidate.english, putonghua=candidate.putonghua,
                            cantonese=candidate.cantonese,
                            written_chinese=candidate.written_chinese,
                            other=_other_languages(candidate)),
        native_english=candidate.native_english,
        tesl_tefl_experience=candidate.tesl_tefl_experience,
        special_education=candidate.special_education,
        english_major=candidate.english_major,
        pgde_english=candidate.pgde_english,
        tefl_tesl_certificate=candidate.tefl_tesl_certificate,
        parent_hk_permanent_id=candidate.parent_hk_permanent_id,
        parent_chinese_national_settled_overseas=candidate.parent_chinese_settled_overseas,
        marital_status=_marital_status(candidate),
        spouse_has_degree=candidate.spouse_has_degree,
        unmarried_children_under_18=candidate.children_under_18,
        immediate_family_hk_permanent_resident=candidate.family_hk_permanent_resident,
        talent_list_profession=candidate.talent_list_profession,
        achievements=_achievements(candidate),
        has_job_offer=True if offer is not None else has_job_offer,
        job_offer=offer,
    )
