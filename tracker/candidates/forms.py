"""The candidate form and the list's search box. Labels are relied on by people and tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.candidates.models import ACHIEVEMENT_KINDS, QUALIFICATION_LEVELS
from tracker.clock import today
from tracker.forms_common import SelectChoice, SingleLineField, TriStateField
from tracker.i18n import N_
from tracker.rules.dependants import RELATIONS
from tracker.rules.talent_list_versions import talent_list_on
from tracker.text import hkdate
from tracker.validators import plausible_date

NOT_ON_LIST = "-"  # the Talent List select's value for "not on the list" (stored as "")
COUNT = [Optional(), NumberRange(min=0, max=70)]
# HK$ a year: anything above a billion is a typing mistake.
AMOUNT = [Optional(), NumberRange(min=0, max=1_000_000_000)]


class TalentListField(SelectField):
    """Not known (None) / not on the list ("") / a profession of the list in force.

    The select needs a value for "not on the list" that differs from the blank
    "not known"; `profession` turns the posted value back into what is stored.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type = "SelectField"  # drawn as a select (Bootstrap-Flask picks the class by type)

    def process_data(self, value: object) -> None:
        self.data = NOT_ON_LIST if value == "" else value

    @property
    def profession(self) -> str | None:
        if not self.data:
            return None
        return "" if self.data == NOT_ON_LIST else str(self.data)


class CandidateForm(FlaskForm):
    full_name = SingleLineField(_l("Full name"), validators=[DataRequired(), Length(max=200)],
                            description=_l("As in the passport"))
    chinese_name = SingleLineField(_l("Chinese name"), validators=[Optional(), Length(max=100)])
    nationality = SingleLineField(_l("Nationality"), validators=[DataRequired(), Length(max=100)])
    date_of_birth = DateField(_l("Date of birth"), validators=[DataRequired()])
    place_of_birth = SingleLineField(_l("Place of birth"), validators=[Optional(), Length(max=100)])
    passport_number = SingleLineField(_l("Passport number"), validators=[DataRequired(),
                                                                 Length(max=40)])
    passport_expiry = DateField(_l("Passport expiry"), validators=[DataRequired()])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    # No guessed default: "Not known" (stored as NULL) like every other fact.
    qualification_level = SelectField(
        _l("Highest qualification"), default="",
        choices=[SelectChoice("", _l("Not known"))] + [
            SelectChoice(code, _l(label)) for code, label in QUALIFICATION_LEVELS])
    qualification_subject = SingleLineField(_l("Subject"), validators=[Optional(), Length(max=200)])
    qualification_institution = SingleLineField(_l("Institution"),
                                            validators=[Optional(), Length(max=200)])
    stem_degree = TriStateField(_l("STEM degree"),
                                description=_l("Science, technology, engineering or mathematics"))
    years_experience = IntegerField(_l("Years of relevant experience"), validators=COUNT,
                                    description=_l("Leave blank if not known"))
    current_location = SingleLineField(_l("Current location"), validators=[Optional(),
                                                                    Length(max=100)])

    # For the route advisor (optional): None = not known.
    mainland_resident = TriStateField(
        _l("Mainland resident"), description=_l("Mainland residents apply under ASMTP, not GEP"))
    degrees_at_top_level = IntegerField(_l("Degrees at the highest level"),
                                        validators=[Optional(), NumberRange(min=1, max=9)],
                                        description=_l("e.g. 2 for two master's degrees"))
    renowned_institution = TriStateField(_l("Degree from a top-ranked university"))
    eligible_university = TriStateField(
        _l("Master's or doctorate from an eligible university"),
        description=_l("On the Top Talent Pass Scheme list of eligible universities (QMAS)"))
    top100_stem_university = TriStateField(
        _l("Degree from a top-100 university for STEM subjects"),
        description=_l("In the STEM tables of the QS, THE or ARWU rankings (TechTAS)"))
    eligible_university_degree = TriStateField(
        _l("Bachelor's or higher degree from an eligible university"),
        description=_l("On the Top Talent Pass Scheme list of eligible universities (TTPS "
                       "categories B and C)"))
    degree_awarded_on = DateField(
        _l("Date the degree was awarded"), validators=[Optional(), plausible_date],
        description=_l("TTPS category C: in the last 5 years; IANG fresh graduates: in the "
                       "last 6 months"))
    hk_full_time_degree = TriStateField(
        _l("Full-time, locally accredited degree from Hong Kong"),
        description=_l("A non-local graduate of a full-time, locally accredited degree "
                       "programme or above in Hong Kong (IANG)"))
    years_managerial = IntegerField(_l("Years in managerial or senior roles"), validators=COUNT)
    years_international = IntegerField(_l("Years of international work experience"),
                                       validators=COUNT)
    years_multinational = IntegerField(
        _l("Years in a multinational or renowned enterprise"), validators=COUNT,
        description=_l("Listed, Forbes Global 2000, Fortune 500 or Hurun China 500 (QMAS)"))
    years_innovation_finance_trade = IntegerField(
        _l("Years in innovation and technology, finance or international trade"), validators=COUNT,
        description=_l("Graduate or specialist level (QMAS)"))
    years_in_technology_area = IntegerField(
        _l("Years of work in the technology area of the post"), validators=COUNT,
        description=_l("TechTAS: a bachelor's degree holder needs at least 1"))
    years_experience_last_5 = IntegerField(
        _l("Years of work in the last 5 years"),
        validators=[Optional(), NumberRange(min=0, max=5)],
        description=_l("TTPS category B: at least 3"))
    annual_income_hkd = IntegerField(_l("Annual income (HKD)"), description=_l("In the past year"),
                                     validators=AMOUNT)
    owns_business = TriStateField(_l("Owns a business"))
    business_profit_hkd = IntegerField(_l("Annual profit of the business (HKD)"),
                                       validators=AMOUNT)
    owns_listed_company = TriStateField(_l("Owns a listed company"))
    financial_means = TriStateField(
        _l("Can live in Hong Kong without recourse to public funds"),
        description=_l("With dependants; bank statements, tax, payslips (QMAS, ASSG)"))
    good_character = TriStateField(
        _l("Good character"),
        description=_l("No criminal record or adverse immigration record (QMAS)"))
    english = TriStateField(_l("Written and spoken English"))
    written_chinese = TriStateField(_l("Written Chinese"))
    putonghua = TriStateField(_l("Spoken Putonghua"))
    cantonese = TriStateField(_l("Spoken Cantonese"))
    other_language = TriStateField(_l("Fluent in another language"))
    other_languages = SingleLineField(_l("Other languages"),
                                      validators=[Optional(), Length(max=200)],
                                      description=_l("Comma-separated, e.g. French, Japanese"))
    native_english = TriStateField(_l("Native speaker of English or native-speaker competence"))
    tesl_tefl_experience = TriStateField(_l("Experience teaching English as a second/foreign "
                                         "language (TESL/TEFL)"))
    special_education = TriStateField(_l("Special-education training or experience"))
    english_major = TriStateField(
        _l("Degree majoring in English"),
        description=_l("A bachelor's majoring in English, or a bachelor's plus a higher degree "
                    "majoring in English (NET from 2025/26)"))
    pgde_english = TriStateField(_l("PGDE majoring in English"))
    tefl_tesl_certificate = TriStateField(_l("TEFL/TESL certificate"))
    parent_hk_permanent_id = TriStateField(_l("A parent holds a Hong Kong permanent identity card"))
    parent_chinese_settled_overseas = TriStateField(
        _l("That parent was a Chinese national settled overseas at the candidate's birth"))
    married = TriStateField(_l("Married"))
    spouse_has_degree = TriStateField(_l("Spouse holds a degree"))
    children_under_18 = IntegerField(_l("Unmarried children under 18"), validators=COUNT)
    family_hk_permanent_resident = TriStateField(
        _l("An immediate family member is a Hong Kong permanent resident"))
    talent_list_profession = TalentListField(_l("Talent List profession"), validate_choice=False)
    # Stored None shows as "None recorded"; the service checks the value.
    achievement_kind = SelectField(
        _l("Outstanding achievement"), default="", validate_choice=False,
        choices=[SelectChoice("", _l("None recorded"))] + [
            SelectChoice(code, _l(label)) for code, label in ACHIEVEMENT_KINDS])
    achievement = SingleLineField(_l("Achievement"), validators=[Optional(), Length(max=300)],
                              description=_l("e.g. Gold medal, 2024 Olympic Games"))
    achievement_evidence = TextAreaField(_l("Evidence of the achievement"),
                                         validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save candidate"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        offer_talent_list(self.talent_list_profession)


def offer_talent_list(field: TalentListField) -> None:
    """Give *field* its choices: not known, not on the list, the professions of the list
    in force today (and the one held, if an earlier list's). Every form asking it calls
    this (HR's candidate form, the portal's questionnaire)."""
    current = talent_list_on(today())
    names = [p.name for p in current.professions] if current else []
    if field.data and field.data not in (NOT_ON_LIST, *names):
        names.insert(0, str(field.data))  # a profession of an earlier list stays selectable
    field.choices = [
        SelectChoice("", _("Not known")),
        SelectChoice(NOT_ON_LIST, _("Not on the Talent List")),
        *(SelectChoice(name) for name in names)]


# The optional facts for the route advisor, grouped as the form shows them.
ADVISOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Background and education"), ("mainland_resident", "degrees_at_top_level",
                                  "renowned_institution", "eligible_university",
                                  "top100_stem_university", "eligible_university_degree",
                                  "degree_awarded_on", "hk_full_time_degree")),
    (N_("Work"), ("years_managerial", "years_international", "years_multinational",
              "years_innovation_finance_trade", "years_in_technology_area",
              "years_experience_last_5", "annual_income_hkd", "owns_business",
              "business_profit_hkd", "owns_listed_company")),
    (N_("Financial means and character (QMAS, ASSG)"), ("financial_means", "good_character")),
    (N_("Languages"), ("english", "written_chinese", "putonghua", "cantonese", "other_language",
                   "other_languages")),
    (N_("Teaching (NET)"), ("native_english", "english_major", "pgde_english",
                        "tefl_tesl_certificate", "tesl_tefl_experience", "special_education")),
    (N_("Family (ASSG, QMAS)"), ("parent_hk_permanent_id", "parent_chinese_settled_overseas",
                             "married", "spouse_has_degree", "children_under_18",
                             "family_hk_permanent_resident")),
    (N_("Talent List and achievements (QMAS, GEP)"), ("talent_list_profession",
                                                  "achievement_kind", "achievement",
                                                  "achievement_evidence")),
)
ADVISOR_FIELDS: tuple[str, ...] = tuple(n for _, names in ADVISOR_GROUPS for n in names)
# The form's first sections, before the advisor's: each folds away once filled in.
MAIN_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Identity and passport"), ("full_name", "chinese_name", "nationality", "date_of_birth",
                                   "place_of_birth", "passport_number", "passport_expiry")),
    (N_("Contact"), ("email", "current_location")),
    (N_("Qualification and experience"), ("qualification_level", "qualification_subject",
                                          "qualification_institution", "stem_degree",
                                          "years_experience")),
)


class SearchForm(FlaskForm):
    """GET search box: no CSRF token, so links stay shareable."""

    class Meta:
        csrf = False

    q = SingleLineField(_l("Search"), validators=[Optional(), Length(max=100)],
                    description=_l("Name or passport number"))


def advisor_facts(candidate: object) -> list[tuple[str, str]]:
    """The advisor facts recorded on *candidate*, labelled as on the form (unknowns omitted)."""
    kinds = dict(ACHIEVEMENT_KINDS)
    shown = []
    for name in ADVISOR_FIELDS:
        value = getattr(candidate, name)
        if value is None or (value == "" and name != "talent_list_profession"):
            continue
        if isinstance(value, bool):
            text = _("Yes") if value else _("No")
        elif name == "talent_list_profession":
            text = value or _("Not on the Talent List")
        elif name == "achievement_kind":
            text = _(kinds[value]) if value in kinds else value
        elif isinstance(value, date):
            text = hkdate(value)
        else:
            text = f"{value:,}" if isinstance(value, int) else str(value)
        shown.append((str(getattr(CandidateForm, name).args[0]), text))
    return shown


# How a dependant's relation reads in lists (the form offers the rules' fuller labels).
RELATION_NAMES = {"spouse": N_("Spouse"), "partner": N_("Partner"), "child": N_("Child")}


class DependantForm(FlaskForm):
    """A dependant of the person: who they are to them, and their passport's facts.

    The service checks the whole (rules/dependants.py, one spouse or partner, a passport
    not yet recorded) and reports every problem at once; the fields check only what they
    can alone.
    """

    relation = SelectField(_l("Relation"), validate_choice=False)
    full_name = SingleLineField(_l("Full name"), validators=[Optional(), Length(max=200)],
                                description=_l("As in the passport"))
    chinese_name = SingleLineField(_l("Chinese name"), validators=[Optional(), Length(max=100)])
    nationality = SingleLineField(_l("Nationality"), validators=[Optional(), Length(max=100)])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional(), plausible_date])
    passport_number = SingleLineField(_l("Passport number"),
                                      validators=[Optional(), Length(max=40)])
    passport_expiry = DateField(_l("Passport expiry"), validators=[Optional(), plausible_date])
    submit = SubmitField(_l("Save the dependant"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.relation.choices = [SelectChoice("", _l("— choose —"))] + [
            SelectChoice(code, relation.label) for code, relation in RELATIONS.items()]


class ExtendDependantsForm(FlaskForm):
    """The dependants whose stays an approved extension of the sponsor extends with it."""

    dependants = SelectMultipleField(_l("Dependants"), coerce=int, validate_choice=False,
                                     widget=ListWidget(prefix_label=False),
                                     option_widget=CheckboxInput())
    submit = SubmitField(_l("Extend the dependants' stays"))
