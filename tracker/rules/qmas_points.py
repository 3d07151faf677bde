"""Scoring the QMAS points tables in force before Nov 2024, factor by factor.

Each factor returns the points surely earned and the points it could reach
if the unknown facts turned out favourably ("potential"), so an incomplete
profile gives a range instead of a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.dates import age_on
from tracker.rules.profile import CandidateProfile
from tracker.rules.qmas_tables import PointsTable
from tracker.rules.results import commas
from tracker.rules.talent_list_versions import lookup
from tracker.rules.text import Text

# The qualification levels below a degree, as a reason names them.
LEVEL_NAMES = {"none": Text("none"), "sub_degree": Text("sub-degree")}


@dataclass(frozen=True)
class Score:
    points: int
    potential: int
    reason: str


def age_points(t: PointsTable, p: CandidateProfile, on: date) -> Score:
    best = max(b.points for b in t.age)
    if p.date_of_birth is None:
        return Score(0, best, Text("Date of birth not given."))
    age = age_on(p.date_of_birth, on)
    for band in t.age:
        if age >= band.low and (band.high is None or age <= band.high):
            span = f"{band.low}+" if band.high is None else f"{band.low}–{band.high}"
            return Score(band.points, band.points, Text("Aged %(age)s: band %(span)s.", age=age,
                                                        span=span))
    return Score(0, 0, Text("Aged %(age)s: under 18 scores nothing (and fails the "
                            "prerequisite).", age=age))


def academic_points(t: PointsTable, p: CandidateProfile) -> Score:
    best = t.academic[0].points
    level = p.qualification_level
    if level is None:
        return Score(0, best, Text("Qualification not given."))
    bands = [b for b in t.academic if b.level == level]
    if not bands:
        return Score(0, 0, Text("No degree (%(level)s): no points for academic qualifications.",
                                level=LEVEL_NAMES.get(level, level)))
    one = next(b for b in bands if b.count == 1)
    two = next((b for b in bands if b.count == 2), one)
    if p.degrees_at_top_level is None:
        return Score(one.points, two.points,
                     Text("Holds %(degree)s; counted as one (number of such degrees not given).",
                          degree=one.label))
    band = two if p.degrees_at_top_level >= 2 else one
    return Score(band.points, band.points, Text("Holds %(degree)s.", degree=band.label))


def _work_band(t: PointsTable, years: int, senior: int) -> tuple[int, Text]:
    for band in t.work:
        if years >= band.years and senior >= band.senior_years:
            if band.senior_years:
                return band.points, Text("%(years)s+ years incl. %(senior)s managerial/senior",
                                         years=band.years, senior=band.senior_years)
            return band.points, Text("%(years)s+ years", years=band.years)
    return 0, Text("under 2 years")


def work_points(t: PointsTable, p: CandidateProfile) -> Score:
    if p.years_experience is None:
        return Score(0, t.work[0].points, Text("Years of experience not given."))
    years = p.years_experience
    low, low_label = _work_band(t, years, p.years_senior or 0)
    if p.years_senior is None:
        high, _ = _work_band(t, years, years)
        return Score(low, high, Text("%(years)s years' experience (%(band)s); managerial/senior "
                                     "years not given.", years=years, band=low_label))
    return Score(low, low, Text("%(years)s years' experience, %(senior)s managerial/senior "
                                "(%(band)s).", years=years, senior=p.years_senior,
                                band=low_label))


def language_points(t: PointsTable, p: CandidateProfile) -> Score:
    langs = p.languages

    def points(chinese: bool, english: bool, other: bool) -> int:
        if chinese and english:
            return t.language_both
        if (chinese or english) and other:
            return t.language_one_plus_other
        return t.language_one if chinese or english else 0

    facts = (langs.chinese, langs.english, langs.has_other)
    low = points(*(f is True for f in facts))
    high = points(*(f is not False for f in facts))
    names = (Text("Chinese"), Text("English"), Text("another language"))
    held = [n for n, f in zip(names, facts, strict=True) if f]
    reason = (Text("Fluent in %(languages)s.", languages=commas(held)) if held
              else Text("No qualifying language known."))
    if low != high:
        reason = Text("%(reason)s Some languages not given.", reason=reason)
    return Score(low, high, reason)


def family_points(t: PointsTable, p: CandidateProfile) -> Score:
    low = high = 0
    notes: list[Text] = []
    spouse = p.spouse_has_degree if p.marital_status != "single" else False
    if spouse:
        low += t.spouse_degree
        notes.append(Text("spouse with a degree"))
    high += t.spouse_degree if spouse is not False else 0
    children = p.unmarried_children_under_18
    if children is None:
        high += t.children_max
    else:
        earned = min(children * t.per_child, t.children_max)
        low, high = low + earned, high + earned
        if children:
            notes.append(Text("%(children)s unmarried child(ren) under 18", children=children))
    family = p.immediate_family_hk_permanent_resident
    if family:
        low += t.immediate_family_pr
        notes.append(Text("immediate family member a HK permanent resident"))
    high += t.immediate_family_pr if family is not False else 0
    reason = (Text("Family: %(notes)s.", notes=commas(notes)) if notes
              else Text("No family points known."))
    if low != high:
        reason = Text("%(reason)s Some family facts not given.", reason=reason)
    return Score(low, high, reason)


def talent_list_points(t: PointsTable, p: CandidateProfile, on: date) -> Score:
    match = lookup(p.talent_list_profession, on)
    if match.outcome == "pass":
        return Score(t.talent_list_bonus, t.talent_list_bonus, match.reason)
    if match.outcome == "unknown":
        return Score(0, t.talent_list_bonus, match.reason)
    return Score(0, 0, match.reason)


def renowned_points(t: PointsTable, p: CandidateProfile) -> Score:
    """The 2015 table's bonus for a degree from an internationally renowned institution."""
    bonus, rank = t.renowned_bonus, p.level_rank
    if rank is not None and rank < 2:
        return Score(0, 0, Text("No degree: no bonus for a renowned institution."))
    if p.renowned_institution is False:
        return Score(0, 0, Text("Degree not from an internationally renowned institution."))
    if p.renowned_institution and rank is not None:
        return Score(bonus, bonus, Text("Degree from an internationally renowned institution."))
    return Score(0, bonus, Text("Whether the degree is from an internationally renowned "
                                "institution is not given."))


def international_points(t: PointsTable, p: CandidateProfile) -> Score:
    """The 2015 table's bonus for international work experience."""
    bonus, years = t.international_bonus, p.years_international
    if years is None:
        return Score(0, bonus, Text("Years of international work experience not given."))
    if years >= t.international_years:
        return Score(bonus, bonus, Text("%(years)s years of international work experience.",
                                        years=years))
    return Score(0, 0, Text("%(years)s years of international work experience (under "
                            "%(required)s).", years=years, required=t.international_years))
