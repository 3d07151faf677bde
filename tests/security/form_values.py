"""Field kinds and valid submissions of the forms in forms_table.py.

Each form's fields map to a kind (test_fuzz_forms.KIND_STRATEGIES says what
the fuzzer draws for it) and each builder returns one valid submission, from
which the fuzzer breaks a few fields at a time. MISSING leaves a field out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.security import form_objects as objects
from tests.security.world import World


class Marker:
    """A drawn value that is not text: a field left out, or a file in its place."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


MISSING, FILE = Marker("missing"), Marker("file")


@dataclass(frozen=True)
class Upload:
    """A file posted in a file field: its name and bytes."""

    filename: str
    content: bytes

    def __repr__(self) -> str:
        return f"<Upload {self.filename!r:.60} {len(self.content)} bytes>"


# --- candidates ----------------------------------------------------------------------
CANDIDATE_FIELDS = {
    "full_name": "name", "chinese_name": "name", "nationality": "name",
    "date_of_birth": "date", "place_of_birth": "name", "passport_number": "name",
    "passport_expiry": "date", "email": "email",
    "qualification_level": "choice:none,sub_degree,bachelor,master,doctorate",
    "qualification_subject": "name", "qualification_institution": "name",
    "stem_degree": "bool", "years_experience": "int", "current_location": "name",
    # Advisor facts the TTPS and IANG rules read (migration 0015)
    "eligible_university_degree": "bool", "degree_awarded_on": "date",
    "years_experience_last_5": "int", "hk_full_time_degree": "bool",
}


def candidate_values(passport: str) -> dict[str, Any]:
    return {"full_name": "Chan Tai Man", "chinese_name": "陳大文", "nationality": "Canadian",
            "date_of_birth": "1990-01-01", "place_of_birth": "Toronto",
            "passport_number": passport, "passport_expiry": "2035-01-01",
            "email": "tm.chan@example.com", "qualification_level": "master",
            "qualification_subject": "Computer Science", "qualification_institution": "UofT",
            "stem_degree": "yes", "years_experience": "5", "current_location": "Toronto",
            "eligible_university_degree": "yes", "degree_awarded_on": "2015-07-01",
            "years_experience_last_5": "3", "hk_full_time_degree": "no"}


# --- cases ---------------------------------------------------------------------------
STAGE_KIND = ("choice:draft,preparing,submitted,info_requested,approved,visa_issued,"
              "arrived,active,closed,refused,withdrawn")
CASE_FIELDS = {
    "candidate_id": "id", "scheme": "choice:GEP,TechTAS", "allotment_id": "id",
    "position_id": "id", "job_title": "name", "monthly_salary": "int",
    "intended_start_date": "date", "owner_id": "id",
    "local_recruitment_justification": "text", "talent_list_profession": "name",
}


def case_values(w: World, techtas: bool = False) -> dict[str, Any]:
    quota = objects.allotment(w)
    return {"candidate_id": str(objects.candidate(w).id), "scheme": "GEP",
            "allotment_id": "", "position_id": "", "job_title": "Research engineer",
            "monthly_salary": "50000", "intended_start_date": "2026-01-01",
            "owner_id": str(w.staff.id),
            "local_recruitment_justification": "Advertised for 8 weeks; no local hire.",
            "talent_list_profession": ""} | (
        {"scheme": "TechTAS", "allotment_id": str(quota.id),
         "position_id": str(quota.position_id)} if techtas else {})


# target stage: (the stage the case starts in, {fact: (kind, valid value)}, scheme)
MOVES: dict[str, tuple[str, dict[str, tuple[str, str]], str]] = {
    "preparing": ("draft", {}, "GEP"),
    "submitted": ("preparing", {"submitted_on": ("date", "2025-06-01"),
                                "immd_reference": ("name", "IMMD/2025/1")}, "GEP"),
    "info_requested": ("submitted", {"info_requested_on": ("date", "2025-06-10")}, "GEP"),
    "approved": ("submitted", {"approved_on": ("date", "2025-07-01")}, "GEP"),
    "visa_issued": ("approved", {"visa_issued_on": ("date", "2025-06-15"),
                                 "visa_number": ("name", "EV-123456"),
                                 "limit_of_stay_until": ("date", "2028-07-01")}, "GEP"),
    "arrived": ("visa_issued", {"arrived_on": ("date", "2025-08-01")}, "GEP"),
    "active": ("arrived", {}, "GEP"),
    # A TechTAS case holding a quota gives it back.
    "withdrawn": ("submitted", {}, "TechTAS"),
}


# --- quotas --------------------------------------------------------------------------
ALLOTMENT_FIELDS = {
    "itc_reference": "name", "allotment_date": "date", "valid_until": "date",
    "total_quotas": "int", "notes": "text", "add_position": "bool",
    # What "Valid until" follows, the date the page filled in, the "Valid for" buttons.
    "validity_basis": "choice:configured,rule,typed", "valid_until_prefilled": "date",
    "validity_choice": "choice:configured,rule",
}


def position_fields(row: int) -> dict[str, str]:
    return {f"positions-{row}-{name}": kind for name, kind in (
        ("position_id", "id"), ("job_title", "name"),
        ("technology_area", "choice:Artificial intelligence,Robotics,5G communications"),
        ("required_qualification", "name"), ("monthly_salary", "int"), ("quotas", "int"),
        ("remove", "bool"))}


def position_values(row: int, title: str, quotas: int, position_id: int | None = None
                    ) -> dict[str, Any]:
    return {f"positions-{row}-{name}": value for name, value in (
        ("position_id", str(position_id) if position_id else MISSING), ("job_title", title),
        ("technology_area", "Artificial intelligence"),
        ("required_qualification", "Master's degree"), ("monthly_salary", "40000"),
        ("quotas", str(quotas)), ("remove", MISSING))}


def allotment_values(reference: str, total: int) -> dict[str, Any]:
    return {"itc_reference": reference, "allotment_date": "2025-01-06",
            "valid_until": "2026-01-05", "total_quotas": str(total),
            "notes": "Letter of 6 January 2025.", "add_position": MISSING,
            "validity_basis": MISSING, "valid_until_prefilled": MISSING,
            "validity_choice": MISSING}


def edit_allotment_values(w: World) -> dict[str, Any]:
    allotment = objects.editable_allotment(w)
    first, second = allotment.position_ids
    return {**allotment_values(allotment.itc_reference, 5),
            **position_values(0, "Research engineer", 3, first),
            **position_values(1, "Data scientist", 2, second)}
