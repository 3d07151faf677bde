"""Eligibility requirements per scheme, as data.

Each requirement has the text officials use, its source, and whether a
failure blocks the move to "submitted to ImmD". tracker/cases/eligibility.py
evaluates them (one small function per `code`); a scheme with no entry here
simply has no checklist.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules.gep import WAIVER_RULES
from tracker.rules.sources import SEED


@dataclass(frozen=True)
class Requirement:
    code: str  # names the check in tracker/cases/eligibility.py
    text: str
    source: str
    blocks_submission: bool


TECHTAS: tuple[Requirement, ...] = (
    Requirement("techtas_area", "Principally engaged in R&D in one of the technology areas",
                f"{SEED}; HKSAR press release P2022122800250 (28 Dec 2022)", True),
    Requirement("stem_degree", "Degree in science, technology, engineering or mathematics "
                "(STEM) from a well-recognised university", SEED, True),
    Requirement("salary_not_below_position", "Salary not below the monthly salary the "
                "allotment letter sets for the position", f"{SEED}; ITC TechTAS FAQ", True),
    Requirement("job_matches_position", "Job meets the particulars of a position in the "
                "quota allotment letter", SEED, True),
    Requirement("allotment_valid", "The company holds a valid quota at the time of "
                "application", f"{SEED}; ITC TechTAS FAQ", True),
)

GEP: tuple[Requirement, ...] = (
    Requirement("relevant_job", "A job relevant to the applicant's academic qualifications "
                "or work experience", f"{SEED}; ImmD GEP page", True),
    Requirement("local_recruitment", "The job cannot readily be taken up by the local "
                "workforce (justification of local recruitment)", f"{SEED}; ImmD GEP page",
                True),
    Requirement("market_pay", "Remuneration package commensurate with the prevailing market "
                "rate", f"{SEED}; ImmD GEP page", True),
    Requirement("good_education", "Good education background (normally a first degree), "
                "technical qualifications or proven professional experience",
                f"{SEED}; ImmD GEP page", False),  # ImmD may accept exceptions
    Requirement("local_recruitment_waiver", "Local-recruitment justification waived: post on "
                "the Talent List or paying HK$2 million or more a year",
                "ImmD FAQ on enhancement measures (28 Dec 2022)", False),
)

REQUIREMENTS: dict[str, tuple[Requirement, ...]] = {"TechTAS": TECHTAS, "GEP": GEP}

# Degree levels (codes of candidates.models.QUALIFICATION_LEVELS) that count as a degree.
DEGREE_LEVELS = ("bachelor", "master", "doctorate")
# Technical (non-degree) qualifications that count for GEP's "good education".
TECHNICAL_LEVELS = ("sub_degree",)
# GEP "relevant job": without a degree, at least this much relevant experience.
GEP_RELEVANT_EXPERIENCE_YEARS = 1
# GEP "good education": proven professional experience without a qualification.
GEP_PROVEN_EXPERIENCE_YEARS = 5
# GEP "market rate": no official figure exists. This floor is the tracker's own
# sanity check (a monthly salary below it is surely not a professional market
# rate); adjust it here. Salaries at or above it still need HR's judgement.
GEP_MARKET_PAY_FLOOR_MONTHLY = 20_000


# Since 28 Dec 2022 no local-recruitment justification is needed for a post
# on the Talent List or paying HK$2M+ a year (ImmD FAQ on the enhancement
# measures): the waiver rule the advisor uses too (rules/gep.py).
LOCAL_RECRUITMENT_WAIVER = WAIVER_RULES[-1]


def requirements(scheme: str) -> tuple[Requirement, ...]:
    """The requirements a case of *scheme* is checked against (none if unknown)."""
    return REQUIREMENTS.get(scheme, ())
