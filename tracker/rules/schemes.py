"""The admission schemes the tracker knows, as one registry.

Each scheme names its workflow (rules/workflow.py) and document checklist
(rules/documents.py). Adding a scheme is an entry here plus its data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    applicant: str  # "employer", "self" or "school": who applies
    needs_job_offer: bool
    needs_quota: bool
    workflow: str
    stay_pattern: str
    source: str


SCHEMES: dict[str, Scheme] = {
    "GEP": Scheme(
        "GEP", "General Employment Policy – Professionals", applicant="employer",
        needs_job_offer=True, needs_quota=False, workflow="employment",
        stay_pattern="3+3+2 years (applications since 28 Dec 2022; 2+3+3 before)",
        source="Seed document; ImmD GEP page",
    ),
    "TechTAS": Scheme(
        "TechTAS", "Technology Talent Admission Scheme", applicant="employer",
        needs_job_offer=True, needs_quota=True, workflow="employment",
        stay_pattern="3+3+2 years (applications since 28 Dec 2022; 2+3+3 before)",
        source="Seed document; ITC TechTAS FAQ",
    ),
}


def scheme(code: str) -> Scheme:
    return SCHEMES[code]


def scheme_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} – {s.name}") for s in SCHEMES.values()]
