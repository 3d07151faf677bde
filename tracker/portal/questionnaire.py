"""The candidate's questionnaire as data: its sections and the fields of each.

Every field is an attribute of the Candidate record (tracker/candidates/models.py), so
HR's review compares an answer with the record field by field, and accepting it writes
that attribute. A field's label, help text, kind and choices are the HR candidate
form's own (tracker/candidates/forms.CandidateForm): one wording per fact, already in
both languages, read here rather than copied.

Answers are stored as text (tracker/portal/models.PortalAnswer.value): dates ISO 8601
(YYYY-MM-DD), numbers as digits, yes/no as "yes"/"no", a choice as its code; "" is
"not known". `encode` and `decode` convert between that text and the record's values.

The sections follow issue 19: personal details, education, work history, languages,
family, and the scheme's own questions (keyed by the case's scheme; a scheme with no
questions of its own has no such section).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from wtforms import DateField, EmailField, IntegerField, TextAreaField
from wtforms.fields.core import UnboundField

from tracker.candidates.forms import NOT_ON_LIST, CandidateForm, TalentListField
from tracker.candidates.models import Candidate
from tracker.forms_common import NO, YES, TriStateField
from tracker.i18n import N_

FieldKind = Literal["text", "textarea", "email", "date", "number", "yes_no", "choice"]
SCHEME_SECTION = "scheme"


@dataclass(frozen=True)
class Field:
    """One question: the Candidate attribute it answers (its code)."""

    code: str

    @property
    def _form_field(self) -> UnboundField:
        return getattr(CandidateForm, self.code)

    @property
    def label(self) -> str:
        """The English label (a lazy string of the candidate form: str() translates it)."""
        return self._form_field.args[0]

    @property
    def description(self) -> str:
        return self._form_field.kwargs.get("description", "")

    @property
    def kind(self) -> FieldKind:
        """How the field is asked: read from the candidate form's field class."""
        field_class = self._form_field.field_class
        if issubclass(field_class, TriStateField):
            return "yes_no"
        if issubclass(field_class, TalentListField) or self.code == "qualification_level" \
                or self.code == "achievement_kind":
            return "choice"
        for kind_class, kind in ((DateField, "date"), (IntegerField, "number"),
                                 (EmailField, "email"), (TextAreaField, "textarea")):
            if issubclass(field_class, kind_class):
                return kind  # type: ignore[return-value]
        return "text"

    @property
    def nullable(self) -> bool:
        """Whether the record may hold None ("not known") for it."""
        return bool(Candidate.__table__.columns[self.code].nullable)

    @property
    def required(self) -> bool:
        """Whether the record cannot be without it (NOT NULL with no default: a name,
        a date of birth, the passport's): the candidate may not leave it blank."""
        column = Candidate.__table__.columns[self.code]
        return not column.nullable and column.default is None


@dataclass(frozen=True)
class Section:
    """A part of the questionnaire asked for (and reviewed) as one request."""

    code: str
    title: str  # N_-marked English: translated where shown
    fields: tuple[Field, ...]


def _fields(*codes: str) -> tuple[Field, ...]:
    return tuple(Field(code) for code in codes)


SECTIONS: dict[str, Section] = {section.code: section for section in (
    Section("personal", N_("Personal details"), _fields(
        "full_name", "chinese_name", "nationality", "date_of_birth", "place_of_birth",
        "passport_number", "passport_expiry", "email", "current_location",
        "mainland_resident")),
    Section("education", N_("Education"), _fields(
        "qualification_level", "qualification_subject", "qualification_institution",
        "stem_degree", "degrees_at_top_level", "degree_awarded_on",
        "renowned_institution")),
    Section("work", N_("Work history"), _fields(
        "years_experience", "years_managerial", "years_international", "annual_income_hkd",
        "owns_business", "business_profit_hkd", "owns_listed_company")),
    Section("languages", N_("Languages"), _fields(
        "english", "written_chinese", "putonghua", "cantonese", "other_language",
        "other_languages")),
    Section("family", N_("Family and dependants"), _fields(
        "married", "spouse_has_degree", "children_under_18",
        "family_hk_permanent_resident")),
)}

_ACHIEVEMENT = ("talent_list_profession", "achievement_kind", "achievement",
                "achievement_evidence")
# The scheme's own questions, by scheme code (tracker/rules/schemes.py): the facts its
# rules read beyond the common sections (see the candidate form's groups).
SCHEME_FIELDS: dict[str, tuple[Field, ...]] = {
    "GEP": _fields(*_ACHIEVEMENT),
    "TechTAS": _fields("top100_stem_university", "years_in_technology_area"),
    "QMAS": _fields("eligible_university", "years_multinational",
                    "years_innovation_finance_trade", "financial_means", "good_character",
                    *_ACHIEVEMENT),
    "ASSG": _fields("parent_hk_permanent_id", "parent_chinese_settled_overseas",
                    "financial_means"),
    "NET": _fields("native_english", "english_major", "pgde_english", "tefl_tesl_certificate",
                   "tesl_tefl_experience", "special_education"),
    "TTPS": _fields("eligible_university_degree", "years_experience_last_5"),
    "IANG": _fields("hk_full_time_degree", "degree_awarded_on"),
}
SCHEME_SECTION_TITLE = N_("Questions for your scheme")
SECTION_CODES = (*SECTIONS, SCHEME_SECTION)


def scheme_section(scheme: str) -> Section | None:
    """The scheme's own questions as a section, or None when it has none."""
    fields = SCHEME_FIELDS.get(scheme, ())
    return Section(SCHEME_SECTION, SCHEME_SECTION_TITLE, fields) if fields else None


def sections_for(scheme: str) -> tuple[Section, ...]:
    """The sections HR may ask for on a case of *scheme*, in questionnaire order."""
    own = scheme_section(scheme)
    return (*SECTIONS.values(), *((own,) if own else ()))


def section(code: str, scheme: str) -> Section | None:
    """The section *code* of a case of *scheme* (None: no such section)."""
    if code == SCHEME_SECTION:
        return scheme_section(scheme)
    return SECTIONS.get(code)


def encode(field: Field, value: object) -> str:
    """A record's value as an answer's text ("" for not known)."""
    if value is None:
        return ""
    if field.code == "talent_list_profession" and value == "":
        return NOT_ON_LIST  # known not to be on the list, unlike None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def decode(field: Field, text: str) -> object:
    """An answer's text as the record's value; ValueError when it is not one.

    Only the form (the questionnaire pages) sends answers, and it checked them; this is
    the last guard before a value reaches the record when HR accepts it.
    """
    if text == "":
        return None if field.nullable else ""
    if field.code == "talent_list_profession" and text == NOT_ON_LIST:
        return ""
    if field.kind == "yes_no":
        if text not in (YES, NO):
            raise ValueError(text)
        return text == YES
    if field.kind == "date":
        return date.fromisoformat(text)
    if field.kind == "number":
        return int(text)
    return text
