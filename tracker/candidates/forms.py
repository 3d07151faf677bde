"""The candidate form and the list's search box. Labels are relied on by people and tests."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from tracker.candidates.models import ACHIEVEMENT_KINDS, QUALIFICATION_LEVELS
from tracker.clock import today
from tracker.forms_common import SelectChoice, SingleLineField, TriStateField
from tracker.rules.talent_list_versions import talent_list_on

NOT_ON_LIST = "-"  # the Talent List select's value for "not on the list" (stored as "")
COUNT = [Optional(), NumberRange(min=0, max=70)]


class TalentListField(SelectField):
    """Not known (None) / not on the list ("") / a profession of the list in force.

    The select needs a value for "not on the list" that differs from the blank
    "not known"; `profession` turns the posted value back into what is stored.
    """

    def process_data(self, value: object) -> None:
        self.data = NOT_ON_LIST if value == "" else value

    @property
    def profession(self) -> str | None:
        if not self.data:
            return None
        return "" if self.data == NOT_ON_LIST else str(self.data)


class CandidateForm(FlaskForm):
    full_name = SingleLineField("Full name", validators=[DataRequired(), Length(max=200)],
                            description="As in the passport")
    chinese_name = SingleLineField("Chinese name", validators=[Optional(), Length(max=100)])
    nationality = SingleLineField("Nationality", validators=[DataRequired(), Length(max=100)])
    date_of_birth = DateField("Date of birth", validators=[DataRequired()])
    place_of_birth = SingleLineField("Place of birth", validators=[Optional(), Length(max=100)])
    passport_number = SingleLineField("Passport number", validators=[DataRequired(),
                                                                 Length(max=40)])
    passport_expiry = DateField("Passport expiry", validators=[DataRequired()])
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=254)])
    qualification_level = SelectField(
        "Highest qualification", default="bachelor",
        choices=[SelectChoice(code, label) for code, label in QUALIFICATION_LEVELS])
    qualification_subject = SingleLineField("Subject", validators=[Optional(), Length(max=200)])
    qualification_institution = SingleLineField("Institution",
                                            validators=[Optional(), Length(max=200)])
    stem_degree = TriStateField("STEM degree",
                                description="Science, technology, engineering or mathematics")
    years_experience = IntegerField("Years of relevant experience", default=0,
                                    validators=[Optional(), NumberRange(min=0, max=70)])
    current_location = SingleLineField("Current location", validators=[Optional(),
                                                                    Length(max=100)])

    # For the route advisor (optional): None = not known.
    mainland_resident = TriStateField("Mainland resident",
                                      description="Mainland residents apply under ASMTP, not GEP")
    degrees_at_top_level = IntegerField("Degrees at the highest level",
                                        validators=[Optional(), NumberRange(min=1, max=9)],
                                        description="e.g. 2 for two master's degrees")
    renowned_institution = TriStateField("Degree from a top-ranked university")
    eligible_university = TriStateField(
        "Master's or doctorate from an eligible university",
        description="On the Top Talent Pass Scheme list of eligible universities (QMAS)")
    top100_stem_university = TriStateField(
        "Degree from a top-100 university for STEM subjects",
        description="In the STEM tables of the QS, THE or ARWU rankings (TechTAS)")
    years_managerial = IntegerField("Years in managerial or senior roles", validators=COUNT)
    years_international = IntegerField("Years of international work experience",
                                       validators=COUNT)
    years_multinational = IntegerField(
        "Years in a multinational or renowned enterprise", validators=COUNT,
        description="Listed, Forbes Global 2000, Fortune 500 or Hurun China 500 (QMAS)")
    years_innovation_finance_trade = IntegerField(
        "Years in innovation and technology, finance or international trade", validators=COUNT,
        description="Graduate or specialist level (QMAS)")
    years_in_technology_area = IntegerField(
        "Years of work in the technology area of the post", validators=COUNT,
        description="TechTAS: a bachelor's degree holder needs at least 1")
    annual_income_hkd = IntegerField("Annual income (HKD)", description="In the past year",
                                     validators=[Optional(),
                                                 NumberRange(min=0, max=1_000_000_000)])
    owns_business = TriStateField("Owns a business")
    business_profit_hkd = IntegerField("Annual profit of the business (HKD)",
                                       validators=[Optional(),
                                                   NumberRange(min=0, max=1_000_000_000)])
    owns_listed_company = TriStateField("Owns a listed company")
    financial_means = TriStateField(
        "Can live in Hong Kong without recourse to public funds",
        description="With dependants; bank statements, tax, payslips (QMAS, ASSG)")
    good_character = TriStateField(
        "Good character", description="No criminal record or adverse immigration record (QMAS)")
    english = TriStateField("Written and spoken English")
    written_chinese = TriStateField("Written Chinese")
    putonghua = TriStateField("Spoken Putonghua")
    cantonese = TriStateField("Spoken Cantonese")
    other_language = TriStateField("Fluent in another language")
    other_languages = SingleLineField("Other languages", validators=[Optional(), Length(max=200)],
                                  description="Comma-separated, e.g. French, Japanese")
    native_english = TriStateField("Native speaker of English or native-speaker competence")
    tesl_tefl_experience = TriStateField("Experience teaching English as a second/foreign "
                                         "language (TESL/TEFL)")
    special_education = TriStateField("Special-education training or experience")
    english_major = TriStateField(
        "Degree majoring in English",
        description="A bachelor's majoring in English, or a bachelor's plus a higher degree "
                    "majoring in English (NET from 2025/26)")
    pgde_english = TriStateField("PGDE majoring in English")
    tefl_tesl_certificate = TriStateField("TEFL/TESL certificate")
    parent_hk_permanent_id = TriStateField("A parent holds a Hong Kong permanent identity card")
    parent_chinese_settled_overseas = TriStateField(
        "That parent was a Chinese national settled overseas at the candidate's birth")
    married = TriStateField("Married")
    spouse_has_degree = TriStateField("Spouse holds a degree")
    children_under_18 = IntegerField("Unmarried children under 18", validators=COUNT)
    family_hk_permanent_resident = TriStateField(
        "An immediate family member is a Hong Kong permanent resident")
    talent_list_profession = TalentListField("Talent List profession", validate_choice=False)
    # Stored None shows as "None recorded"; the service checks the value.
    achievement_kind = SelectField(
        "Outstanding achievement", default="", validate_choice=False,
        choices=[SelectChoice("", "None recorded")] + [
            SelectChoice(code, label) for code, label in ACHIEVEMENT_KINDS])
    achievement = SingleLineField("Achievement", validators=[Optional(), Length(max=300)],
                              description="e.g. Gold medal, 2024 Olympic Games")
    achievement_evidence = TextAreaField("Evidence of the achievement",
                                         validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save candidate")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        current = talent_list_on(today())
        names = [p.name for p in current.professions] if current else []
        if self.talent_list_profession.data and self.talent_list_profession.data not in (
                NOT_ON_LIST, *names):  # a profession of an earlier list stays selectable
            names.insert(0, str(self.talent_list_profession.data))
        self.talent_list_profession.choices = [
            SelectChoice("", "Not known"), SelectChoice(NOT_ON_LIST, "Not on the Talent List"),
            *(SelectChoice(name) for name in names)]


# The optional facts for the route advisor, grouped as the form shows them.
ADVISOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Background and education", ("mainland_resident", "degrees_at_top_level",
                                  "renowned_institution", "eligible_university",
                                  "top100_stem_university")),
    ("Work", ("years_managerial", "years_international", "years_multinational",
              "years_innovation_finance_trade", "years_in_technology_area",
              "annual_income_hkd", "owns_business", "business_profit_hkd",
              "owns_listed_company")),
    ("Financial means and character (QMAS, ASSG)", ("financial_means", "good_character")),
    ("Languages", ("english", "written_chinese", "putonghua", "cantonese", "other_language",
                   "other_languages")),
    ("Teaching (NET)", ("native_english", "english_major", "pgde_english",
                        "tefl_tesl_certificate", "tesl_tefl_experience", "special_education")),
    ("Family (ASSG, QMAS)", ("parent_hk_permanent_id", "parent_chinese_settled_overseas",
                             "married", "spouse_has_degree", "children_under_18",
                             "family_hk_permanent_resident")),
    ("Talent List and achievements (QMAS, GEP)", ("talent_list_profession",
                                                  "achievement_kind", "achievement",
                                                  "achievement_evidence")),
)
ADVISOR_FIELDS: tuple[str, ...] = tuple(n for _, names in ADVISOR_GROUPS for n in names)


class SearchForm(FlaskForm):
    """GET search box: no CSRF token, so links stay shareable."""

    class Meta:
        csrf = False

    q = SingleLineField("Search", validators=[Optional(), Length(max=100)],
                    description="Name or passport number")


def advisor_facts(candidate: object) -> list[tuple[str, str]]:
    """The advisor facts recorded on *candidate*, labelled as on the form (unknowns omitted)."""
    kinds = dict(ACHIEVEMENT_KINDS)
    shown = []
    for name in ADVISOR_FIELDS:
        value = getattr(candidate, name)
        if value is None or (value == "" and name != "talent_list_profession"):
            continue
        if isinstance(value, bool):
            text = "Yes" if value else "No"
        elif name == "talent_list_profession":
            text = value or "Not on the Talent List"
        elif name == "achievement_kind":
            text = kinds.get(value, value)
        else:
            text = f"{value:,}" if isinstance(value, int) else str(value)
        shown.append((getattr(CandidateForm, name).args[0], text))
    return shown
