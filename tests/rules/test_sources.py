"""Sources a user can check: every rule the advisor shows cites an authority (ImmD, ITC,
EDB, the Talent List office, a government press release) or marks the source document
as history."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.rules import differences, stay
from tracker.rules.advisor import advise
from tracker.rules.profile import Achievement, CandidateProfile, JobOffer, Languages
from tracker.rules.qmas import assess_gpt
from tracker.rules.schemes import SCHEMES
from tracker.rules.sources import SEED, checkable, names_authority
from tracker.rules.techtas_rules import AllotmentPosition

DAYS = (date(2019, 1, 1), date(2021, 6, 1), date(2023, 6, 1), date(2025, 6, 2),
        date(2026, 12, 1))
POSITIONS = [AllotmentPosition("Research Engineer", "Artificial intelligence", 40_000, 1,
                               date(2099, 1, 1), "ITC/1", 1, 1)]
PROFILES = (
    CandidateProfile(),
    CandidateProfile(
        date_of_birth=date(1990, 1, 1), place_of_birth="Toronto, Canada",
        mainland_resident=False, qualification_level="master", stem_degree=True,
        years_experience=8, languages=Languages(english=True, written_chinese=True,
                                                putonghua=True, other=()),
        native_english=True, parent_hk_permanent_id=True,
        parent_chinese_national_settled_overseas=True, talent_list_profession="Actuaries",
        achievements=(Achievement("olympic_medal", "Gold", "IOC"),),
        job_offer=JobOffer("Research Engineer", monthly_salary_hkd=50_000,
                           technology_area="Artificial intelligence")),
)


@pytest.mark.parametrize("on", DAYS)
@pytest.mark.parametrize("profile", PROFILES)
def test_every_rule_the_advisor_shows_cites_a_checkable_source(profile, on):
    for verdict in advise(profile, on, POSITIONS):
        for result in verdict.results:
            assert checkable(result.source), (verdict.scheme, result.code, result.source)
            # The source document alone never stands for a rule that officials publish.
            assert result.source != SEED, (verdict.scheme, result.code)
        assert checkable(assess_gpt(profile, on).source)


def test_the_versions_stays_and_schemes_cite_checkable_sources():
    for difference in differences.DIFFERENCES:
        for version in difference.versions:
            assert checkable(version.source), (difference.topic, version.source)
    for pattern in stay.STAY_PATTERNS:
        assert checkable(pattern.source), pattern
    for entry in SCHEMES.values():
        assert names_authority(entry.source), entry.code


def test_the_source_document_is_cited_as_history():
    assert "(history" in SEED and not names_authority(SEED)
    assert not checkable("Seed document 'Hong Kong's Immigration Policy'")
