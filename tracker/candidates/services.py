"""Candidate rules: normalised, company-unique passport numbers; audited changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tracker.audit.services import diff, record, snapshot
from tracker.candidates.models import ACHIEVEMENT_KINDS, QUALIFICATION_LEVELS, Candidate
from tracker.clock import today
from tracker.extensions import db
from tracker.i18n import N_, Refusal
from tracker.rules.talent_list_versions import TALENT_LISTS
from tracker.rules.text import Text
from tracker.tenancy import get_in_company
from tracker.text import ONE_LINE, first_multi_line, passport_name, search_key
from tracker.validators import page_number

FIELDS: tuple[str, ...] = (
    "full_name", "chinese_name", "nationality", "date_of_birth", "place_of_birth",
    "passport_number", "passport_expiry", "email", "qualification_level",
    "qualification_subject", "qualification_institution", "stem_degree", "years_experience",
    "current_location",
)
# Optional facts for the route advisor (None = not known).
ADVISOR_FLAGS = (
    "mainland_resident", "renowned_institution", "owns_business", "english", "written_chinese",
    "putonghua", "cantonese", "other_language", "native_english", "tesl_tefl_experience",
    "special_education", "parent_hk_permanent_id", "parent_chinese_settled_overseas", "married",
    "spouse_has_degree", "family_hk_permanent_resident", "eligible_university",
    "top100_stem_university", "owns_listed_company", "financial_means", "good_character",
    "english_major", "pgde_english", "tefl_tesl_certificate", "eligible_university_degree",
    "hk_full_time_degree",
)
ADVISOR_COUNTS = ("degrees_at_top_level", "years_managerial", "years_international",
                  "annual_income_hkd", "children_under_18", "years_multinational",
                  "years_innovation_finance_trade", "years_in_technology_area",
                  "business_profit_hkd", "years_experience_last_5")
ADVISOR_DATES = ("degree_awarded_on",)  # TTPS C and IANG count from the award
ADVISOR_TEXT = ("other_languages", "achievement", "achievement_evidence")
ADVISOR_FIELDS = (*ADVISOR_FLAGS, *ADVISOR_COUNTS, *ADVISOR_DATES, *ADVISOR_TEXT,
                  "talent_list_profession", "achievement_kind")
FIELDS = (*FIELDS, *ADVISOR_FIELDS)
TEXT_FIELDS = ("full_name", "chinese_name", "nationality", "place_of_birth", "email",
               "qualification_subject", "qualification_institution", "current_location",
               *ADVISOR_TEXT)
RECENT_YEARS = 5  # TTPS B counts the years of work in the last 5
PASSPORT_PATTERN = re.compile(r"^[A-Z0-9]{5,30}$")


class CandidateError(Refusal):
    """Input refused; `field` names the form field of the first problem, `errors` maps
    every refused field to its message (each an N_ string or a Text)."""

    def __init__(self, message: str, field: str = "",
                 errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.errors = errors if errors is not None else {field: message}


@dataclass(frozen=True)
class SearchPage:
    items: list[Candidate]
    page: int
    has_next: bool


def normalise_passport(number: str) -> str:
    """Upper-case, with no spaces: "k12 34 567" and "K1234567" are the same number."""
    return "".join((number or "").split()).upper()


def find_by_passport(company_id: int, number: str, exclude_id: int | None = None
                     ) -> Candidate | None:
    """The company's candidate holding this (normalised) passport number, if any."""
    statement = sa.select(Candidate).where(Candidate.company_id == company_id,
                                           Candidate.passport_number == number)
    if exclude_id is not None:
        statement = statement.where(Candidate.id != exclude_id)
    return db.session.scalar(statement)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """The values to store; raises CandidateError naming every problem at once."""
    values, errors = _checked(data)
    if errors:
        field, message = next(iter(errors.items()))
        raise CandidateError(message, field, errors)
    return values


def _checked(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Trim text, normalise the passport number and check what a form cannot.

    Every problem is collected (field → message), so the form shows them all in one
    round; a value the form could not read arrives as None.
    """
    values: dict[str, Any] = {name: data.get(name) for name in FIELDS}
    for name in TEXT_FIELDS:
        values[name] = (values[name] or "").strip()
    values["email"] = values["email"].lower()
    values["passport_number"] = normalise_passport(values["passport_number"])
    values["qualification_level"] = values["qualification_level"] or None  # "" = not known
    errors: dict[str, str] = {}
    if multi_line := first_multi_line({n: values[n] for n in (*TEXT_FIELDS, "passport_number")}):
        errors[multi_line] = f"{multi_line.replace('_', ' ').capitalize()} {ONE_LINE}."
    if values["stem_degree"] not in (None, True, False):
        errors["stem_degree"] = N_("Choose yes, no or not known.")
    if not values["full_name"]:
        errors.setdefault("full_name", N_("Enter the full name as in the passport."))
    if not PASSPORT_PATTERN.match(values["passport_number"]):
        errors.setdefault("passport_number", N_("A passport number has 5 to 30 letters and "
                                                "digits."))
    if values["qualification_level"] not in (None, *dict(QUALIFICATION_LEVELS)):
        errors["qualification_level"] = N_("Choose a qualification level from the list.")
    if not isinstance(values["date_of_birth"], date) or values["date_of_birth"] >= today():
        errors["date_of_birth"] = N_("The date of birth must be a past date.")
    if not isinstance(values["passport_expiry"], date):
        errors["passport_expiry"] = N_("Enter the passport expiry date.")
    if values["years_experience"] is not None and values["years_experience"] < 0:
        errors["years_experience"] = N_("Years of experience cannot be negative.")
    _check_advisor_facts(values, errors)
    return values, errors


def _check_advisor_facts(values: dict[str, Any], errors: dict[str, str]) -> None:
    """Check the optional facts for the route advisor (None stays "not known")."""
    for name in ADVISOR_FLAGS:
        if values[name] not in (None, True, False):
            errors[name] = N_("Choose yes, no or not known.")
    for name in ADVISOR_COUNTS:
        low = 1 if name == "degrees_at_top_level" else 0
        if values[name] is not None and values[name] < low:
            errors[name] = Text("Enter a number of %(low)s or more, or leave it blank.", low=low)
    _check_ttps_iang_facts(values, errors)
    if values["other_languages"] and values["other_language"] is None:
        values["other_language"] = True  # naming a language answers the question
    profession = values["talent_list_profession"]
    if profession is not None:
        profession = values["talent_list_profession"] = " ".join(profession.split())
        if profession and not any(t.find(profession) for t in TALENT_LISTS):
            errors["talent_list_profession"] = N_("Choose a profession of the Talent List.")
    _check_achievement(values, errors)


def _check_achievement(values: dict[str, Any], errors: dict[str, str]) -> None:
    """An outstanding achievement has a kind from the list and a description, or neither."""
    values["achievement_kind"] = values["achievement_kind"] or None
    if values["achievement_kind"] not in (None, *dict(ACHIEVEMENT_KINDS)):
        errors["achievement_kind"] = N_("Choose a kind of achievement from the list.")
    elif values["achievement_kind"] and not values["achievement"]:
        errors.setdefault("achievement", N_("Describe the achievement."))
    elif values["achievement"] and not values["achievement_kind"]:
        errors["achievement_kind"] = N_("Choose the kind of achievement.")


def _check_ttps_iang_facts(values: dict[str, Any], errors: dict[str, str]) -> None:
    """TTPS and IANG facts: work in the last 5 years fits in 5; a degree is awarded in the
    past, after birth."""
    recent = values["years_experience_last_5"]
    if recent is not None and recent > RECENT_YEARS:
        errors["years_experience_last_5"] = N_("Years of work in the last 5 years cannot be "
                                               "more than 5.")
    awarded = values["degree_awarded_on"]
    if awarded is None:
        return
    if not isinstance(awarded, date):
        errors["degree_awarded_on"] = N_("Enter the date the degree was awarded, or leave it "
                                         "blank.")
    elif awarded > today():
        errors["degree_awarded_on"] = N_("The degree award date cannot be in the future.")
    elif isinstance(values["date_of_birth"], date) and awarded <= values["date_of_birth"]:
        errors["degree_awarded_on"] = N_("The degree award date must be after the date of "
                                         "birth.")


def value_problems(data: dict[str, Any]) -> dict[str, str]:
    """Every problem of *data* but a passport already recorded (field → message): for a
    caller that looked the passports up itself (an import, many rows at once)."""
    return _checked(data)[1]


def check_candidate(company_id: int, data: dict[str, Any], exclude_id: int | None = None
                    ) -> dict[str, str]:
    """Every problem of *data* (field → message), the passport already recorded included:
    what the form shows beside its own errors when it cannot save yet."""
    values, errors = _checked(data)
    number = values["passport_number"]
    if "passport_number" not in errors and find_by_passport(company_id, number, exclude_id):
        errors["passport_number"] = _duplicate_error(company_id, number, exclude_id).message
    return errors


def _duplicate_error(company_id: int, number: str, exclude_id: int | None) -> CandidateError:
    existing = find_by_passport(company_id, number, exclude_id)
    if existing is None:  # removed meanwhile by another request
        return CandidateError(Text("Passport number %(number)s is already recorded for "
                                   "another candidate.", number=number), "passport_number")
    return CandidateError(Text("Passport number %(number)s is already recorded for %(name)s "
                               "(candidate #%(id)s).", number=number, name=existing.full_name,
                               id=existing.id), "passport_number")


def commit_unique(company_id: int, number: str, exclude_id: int | None) -> None:
    """Commit, turning a concurrent duplicate (the unique constraint) into a clear error."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _duplicate_error(company_id, number, exclude_id) from None


def create_candidate(company_id: int, data: dict[str, Any]) -> Candidate:
    """Add a candidate to the company; refuses a passport number it already has."""
    values = _clean(data)
    if find_by_passport(company_id, values["passport_number"]):
        raise _duplicate_error(company_id, values["passport_number"], None)
    candidate = Candidate(company_id=company_id, **values)
    db.session.add(candidate)
    db.session.flush()
    record("create", "candidate", candidate.id, company_id=company_id,
           changes=diff({}, snapshot(candidate, FIELDS)), summary=candidate.full_name)
    commit_unique(company_id, values["passport_number"], None)
    return candidate


def update_candidate(candidate: Candidate, data: dict[str, Any]) -> Candidate:
    """Change a candidate's details (audited field by field)."""
    values = _clean(data)
    if find_by_passport(candidate.company_id, values["passport_number"], candidate.id):
        raise _duplicate_error(candidate.company_id, values["passport_number"], candidate.id)
    before = snapshot(candidate, FIELDS)
    for name, value in values.items():
        setattr(candidate, name, value)
    changes = diff(before, snapshot(candidate, FIELDS))
    if changes:
        record("update", "candidate", candidate.id, company_id=candidate.company_id,
               changes=changes, summary=candidate.full_name)
    commit_unique(candidate.company_id, values["passport_number"], candidate.id)
    return candidate


def search_condition(text: str) -> sa.ColumnElement[bool]:
    """Name or Chinese name contains *text* (any case; Traditional or Simplified
    characters alike), or the passport number contains it.

    Every name search (candidate list, case form lookup, case list) comes here,
    so all of them match the folded key `search_name` (tracker.text.search_key).
    """
    text = text.strip()
    number = normalise_passport(text)
    name_match = Candidate.search_name.like(f"%{_escape_like(search_key(text))}%",
                                            escape="\\")
    if not number:
        return name_match
    return sa.or_(name_match,
                  Candidate.passport_number.like(f"%{_escape_like(number)}%", escape="\\"))


def _escape_like(text: str) -> str:
    """Make % and _ typed by a user match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_candidates(company_id: int, text: str = "", page: int = 1, per_page: int = 25
                      ) -> SearchPage:
    """One page of the company's candidates by name, optionally filtered by *text*.

    Dependants are listed under their principal (the person's page), so the plain list
    leaves them out; a search finds them too, marked as dependants.
    """
    page = page_number(page)
    statement = sa.select(Candidate).where(Candidate.company_id == company_id)
    if text.strip():
        statement = statement.where(search_condition(text))
    else:
        statement = statement.where(Candidate.principal_id.is_(None))
    rows = list(db.session.scalars(
        statement.order_by(Candidate.full_name, Candidate.id)
        .limit(per_page + 1).offset((page - 1) * per_page)))
    return SearchPage(rows[:per_page], page, len(rows) > per_page)


# The case form's candidate search answers with at most this many: enough to pick
# from, small whatever the company's size (a large employer has 20,000 candidates).
LOOKUP_LIMIT = 20


def candidate_label(full_name: str, chinese_name: str, passport_number: str) -> str:
    """How a candidate appears in the case form's Candidate field."""
    return f"{passport_name(full_name, chinese_name)} ({passport_number})"


def lookup_candidates(company_id: int, text: str, limit: int = LOOKUP_LIMIT
                      ) -> list[tuple[int, str]]:
    """(id, label) of up to *limit* of the company's candidates matching *text*, by name.

    Blank *text* gives the most recently added candidates instead: what a
    small company would have picked from the old full list, and the person
    just added by someone about to open their case.
    """
    statement = (sa.select(Candidate.id, Candidate.full_name, Candidate.chinese_name,
                           Candidate.passport_number)
                 .where(Candidate.company_id == company_id).limit(limit))
    if text.strip():
        statement = statement.where(search_condition(text)).order_by(Candidate.full_name,
                                                                      Candidate.id)
    else:
        # Not by id alone: PostgreSQL would walk the primary key through every company.
        statement = statement.order_by(Candidate.created_at.desc(), Candidate.id.desc())
    return [(row.id, candidate_label(row.full_name, row.chinese_name, row.passport_number))
            for row in db.session.execute(statement)]


def candidate_choice(company_id: int, candidate_id: Any) -> tuple[int, str] | None:
    """(id, label) of the chosen candidate if it is the company's, else None.

    The case form renders only this one option; an id of another company (or
    one that is not an id at all) renders none, so its name never shows.
    """
    candidate = get_in_company(Candidate, candidate_id, company_id)
    if candidate is None:
        return None
    return candidate.id, candidate_label(candidate.full_name, candidate.chinese_name,
                                         candidate.passport_number)
