"""Every form the fuzzer attacks: where it posts, as whom, its fields and their kinds.

`tests/security/test_fuzz_forms.py` posts Hypothesis-generated submissions to
each form below: per field either the valid value, a malformed value of the
field's kind, a nasty value (impossible dates, huge numbers, 10,000-character
text, Chinese, emoji, right-to-left text, HTML and SQL injection…), a wrong
type (a repeated field, a file) or nothing at all. It expects

- never a 500;
- a refused submission (200 re-render or 400 page) shows a message and changes
  no stored row (every table but the audit log is fingerprinted);
- an accepted submission (302) stores text exactly as typed (surrounding
  whitespace trimmed) and shows it escaped on the pages named in `echo`.

ADD ONE ENTRY PER FORM when you add one:

    "case_create": FormSpec(
        url=lambda w: "/cases/new",
        actor="staff",                       # one of world.ACTORS
        fields={"candidate_id": "id", "scheme": "choice:gep,techtas",
                "target_date": "date", "salary": "int", "notes": "text"},
        valid=lambda w: {"candidate_id": str(w.once("candidate", ...).id), ...},
        echo={"notes": lambda w: "/cases"},  # pages where the stored text shows
    ),

`valid` is called for every submission: give fields that must be unique a
fresh value each time, with w.unique("new.{}@example.com").

Field kinds: text, name (single-line text), email, password, int, money, date,
bool, id, and choice:<v1>,<v2>,... (see KIND_STRATEGIES in test_fuzz_forms.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.factories import PASSWORD
from tests.security.world import World

NEW_PASSWORD = "fuzzing is fun 2025"
TRISTATE = "choice:,yes,no"
ROLE_KIND = "choice:viewer,staff,admin"


@dataclass(frozen=True)
class FormSpec:
    """One form for the fuzzer (see the module docstring)."""

    url: Callable[[World], str]
    actor: str
    fields: dict[str, str]
    valid: Callable[[World], dict[str, str]]
    echo: dict[str, Callable[[World], str]] = field(default_factory=dict)


FORMS: dict[str, FormSpec] = {
    "login": FormSpec(
        url=lambda w: "/login", actor="anonymous",
        fields={"email": "email", "password": "password"},
        valid=lambda w: {"email": w.admin.email, "password": PASSWORD},
    ),
    "change_password": FormSpec(
        url=lambda w: "/account/password", actor="admin",
        fields={"current_password": "password", "new_password": "password",
                "confirm": "password"},
        # "Changing" to the same password keeps the valid current password valid.
        valid=lambda w: {"current_password": PASSWORD, "new_password": PASSWORD,
                         "confirm": PASSWORD},
    ),
    "change_email": FormSpec(
        url=lambda w: "/account/email", actor="admin",
        fields={"email": "email", "current_password": "password"},
        valid=lambda w: {"email": w.unique("fresh.address.{}@example.com"),
                         "current_password": PASSWORD},
    ),
    "reset_request": FormSpec(
        url=lambda w: "/reset", actor="anonymous",
        fields={"email": "email"},
        valid=lambda w: {"email": w.admin.email},
    ),
    "reset_password": FormSpec(
        url=lambda w: f"/reset/{w.reset_token(w.staff)}", actor="anonymous",
        fields={"new_password": "password", "confirm": "password"},
        valid=lambda w: {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    "invite_user": FormSpec(
        url=lambda w: "/company/users/new", actor="admin",
        fields={"full_name": "name", "email": "email", "role": ROLE_KIND},
        valid=lambda w: {"full_name": "Chan Tai Man", "email": w.unique("tm.chan.{}@example.com"),
                         "role": "staff"},
        echo={"full_name": lambda w: "/company/users"},
    ),
    "edit_user": FormSpec(
        url=lambda w: f"/company/users/{w.staff.id}", actor="admin",
        fields={"role": ROLE_KIND, "active": "bool"},
        valid=lambda w: {"role": "viewer", "active": "y"},
    ),
    "company_settings": FormSpec(
        url=lambda w: "/company/settings", actor="admin",
        fields={"name": "name", "contact_email": "email", "quota_reminder_offsets": "text"},
        valid=lambda w: {"name": "Acme HK Limited", "contact_email": "hr@acme.example",
                         "quota_reminder_offsets": "90, 30, 7"},
        echo={"name": lambda w: "/company/settings",
              "contact_email": lambda w: "/company/settings"},
    ),
}


def _advisor_candidate(w: World) -> Any:
    return w.once("advisor_candidate", lambda w: w.make.candidate(w.company_a))


def _candidate_page(w: World) -> str:
    return f"/candidates/{_advisor_candidate(w).id}"


# The candidate form with its "For the route advisor (optional)" section (editing
# one candidate keeps its passport number, so every valid submission is accepted).
FORMS["candidate_advisor_facts"] = FormSpec(
    url=lambda w: f"/candidates/{_advisor_candidate(w).id}/edit", actor="staff",
    fields={"full_name": "name", "nationality": "name", "date_of_birth": "date",
            "passport_number": "name", "passport_expiry": "date",
            "qualification_level": "choice:none,sub_degree,bachelor,master,doctorate",
            "years_experience": "int", "native_english": TRISTATE, "english": TRISTATE,
            "parent_hk_permanent_id": TRISTATE, "married": TRISTATE,
            "degrees_at_top_level": "int", "years_managerial": "int",
            "annual_income_hkd": "int", "children_under_18": "int", "other_languages": "name",
            "talent_list_profession": "choice:,-",
            "achievement_kind": "choice:,olympic_medal,nobel_prize,national_award,"
                                "international_award,other",
            "achievement": "name", "achievement_evidence": "text"},
    valid=lambda w: {
        "full_name": "Chan Siu Ming", "nationality": "Canadian", "date_of_birth": "1990-01-01",
        "passport_number": _advisor_candidate(w).passport_number,
        "passport_expiry": "2035-01-01", "qualification_level": "master",
        "years_experience": "5", "native_english": "yes", "english": "yes",
        "parent_hk_permanent_id": "", "married": "no", "degrees_at_top_level": "1",
        "years_managerial": "2", "annual_income_hkd": "800000", "children_under_18": "0",
        "other_languages": "French", "talent_list_profession": "-",
        "achievement_kind": "other", "achievement": "Chess grandmaster",
        "achievement_evidence": "FIDE title record"},
    echo={"achievement": _candidate_page, "achievement_evidence": _candidate_page,
          "other_languages": _candidate_page, "full_name": _candidate_page},
)


def _net_case(w: World) -> Any:
    return w.once("fuzz_net_case", lambda w: w.make.case(w.company_a, scheme="NET",
                                                         job_title="NET teacher"))


FORMS["net_contract"] = FormSpec(
    url=lambda w: f"/cases/{_net_case(w).id}/contract", actor="staff",
    fields={"contract_start": "date", "contract_end": "date",
            "renewal_decision": "choice:pending,renewed,not_renewed",
            "gratuity_rate_percent": "money"},
    # _net_case(w) here so the case exists before the fuzzer fingerprints the tables.
    valid=lambda w: {"contract_start": "2025-08-01", "contract_end": "2027-07-31",
                     "renewal_decision": "pending", "gratuity_rate_percent": "15",
                     **({} if _net_case(w) else {})},
)

# A self-applied case: no job title or salary needed.
FORMS["case_create_self_applied"] = FormSpec(
    url=lambda w: "/cases/new", actor="staff",
    fields={"candidate_id": "id", "scheme": "choice:QMAS,ASSG,GEP,NET,TechTAS",
            "job_title": "name", "monthly_salary": "int", "intended_start_date": "date"},
    valid=lambda w: {"candidate_id": str(_advisor_candidate(w).id), "scheme": "QMAS",
                     "job_title": "", "monthly_salary": "", "intended_start_date": ""},
)
