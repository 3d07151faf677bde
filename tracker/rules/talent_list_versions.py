"""The Talent List of Hong Kong, as versioned data (one list per promulgation).

Professions on the list in force on a date earn QMAS's Talent List bonus and
spare a GEP employer the local-recruitment justification (since 28 Dec 2022).

Completeness — read before relying on a "not on the list" answer:
* 28 Aug 2018, 11 professions: complete, names from the government press
  release P2018082800360. The list had no industry segments (segment "").
* 2021, 13 professions: complete (the 11 plus two added, per the 2022-23
  Budget speech, para. 140). The start date is NOT confirmed: the update was
  announced in the 2021 Policy Address (6 Oct 2021), used here as the date.
* 16 May 2023, 51 professions in 9 segments: the 9 segments are official
  (news.gov.hk, 16 May 2023); only 32 of the 51 professions are named here —
  the 13 earlier ones (their 2023 wording and segment not checked), two I&T
  professions, ship finance and the healthcare/construction fields named in
  press reports (secondary, `confirmed=False`). 19 professions are missing.
* 1 Mar 2025, 60 professions: the nine additions are official (press release
  P2025021800221, 18 Feb 2025), which names an "aviation and shipping"
  segment; carrying the 2023 professions over is inferred from 51 + 9 = 60.
  41 of 60 named.
Because the 2023 and 2025 lists are incomplete, `lookup()` answers "unknown"
(never "no") for a profession it cannot find on them. To update: add a
`TalentList` below (with its source, date and declared count) and a test in
tests/rules/test_talent_list_versions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.places import normalise
from tracker.rules.results import Outcome
from tracker.rules.text import Text
from tracker.rules.versions import in_force


@dataclass(frozen=True)
class Profession:
    name: str
    segment: str = ""  # "" for lists without industry segments (2018, 2021)
    aliases: tuple[str, ...] = ()
    source: str = ""
    confirmed: bool = True  # False: name/segment from a secondary source or inferred

    def matches(self, text: str) -> bool:
        """Whether *text* names this profession (case, punctuation, 'experienced' ignored)."""
        wanted = _key(text)
        return any(_key(n) == wanted for n in (self.name, *self.aliases))


@dataclass(frozen=True)
class TalentList:
    effective_from: date
    title: str
    source: str
    declared_count: int  # how many professions the official list has
    segments: tuple[str, ...]
    professions: tuple[Profession, ...]
    date_confirmed: bool = True

    @property
    def complete(self) -> bool:
        """True when every profession of the official list is named here."""
        return len(self.professions) == self.declared_count

    def find(self, name: str) -> Profession | None:
        return next((p for p in self.professions if p.matches(name)), None)


@dataclass(frozen=True)
class TalentListMatch:
    """Whether a profession is on the list in force on a date, with the reason."""

    outcome: Outcome
    reason: str
    talent_list: TalentList | None
    profession: Profession | None = None


def _key(text: str) -> str:
    words = normalise(text).split()
    if words and words[0] == "experienced":
        words = words[1:]
    return " ".join(words)


def _p(name: str, segment: str, *aliases: str, source: str, confirmed: bool = True) -> Profession:
    return Profession(name, segment, aliases, source, confirmed)


PR_2018 = "HKSAR Government press release P2018082800360 (28 Aug 2018)"
BUDGET_2022 = "HKSAR Government, 2022-23 Budget speech, para. 140"
NEWS_2023 = "news.gov.hk 'Talent list coverage expanded' (16 May 2023)"
CHINA_DAILY_2023 = "China Daily report on the expanded Talent List, 16 May 2023 (secondary)"
HKSOA_2023 = "Hong Kong Shipowners Association circular A(23)103, May 2023 (secondary)"
LEAK_2023 = "HK01 report quoted by bactf.com, May 2023, on healthcare professions (secondary)"
PR_2025 = "HKSAR Government press release P2025021800221 (18 Feb 2025)"

_FIRST_11 = (
    _p("Experienced waste treatment specialists/engineers", "", "waste treatment specialists",
       "waste treatment engineers", source=PR_2018),
    _p("Experienced management professionals in asset management", "",
       "asset management professionals", "trust fund management", source=PR_2018),
    _p("Experienced professionals in marine insurance", "", "marine insurance",
       source=PR_2018),
    _p("Actuaries", "", "actuary", source=PR_2018),
    _p("Experienced professionals in fintech", "", "fintech professionals", source=PR_2018),
    _p("Experienced data scientists and experienced cyber security specialists", "",
       "data scientists", "data scientist", "cyber security specialists",
       "cybersecurity specialists", source=PR_2018),
    _p("Innovation and technology experts", "", "i&t experts", source=PR_2018),
    _p("Naval architects", "", "naval architect", source=PR_2018),
    _p("Marine engineers and superintendents of ships", "", "marine engineers",
       "superintendents of ships", source=PR_2018),
    _p("Creative industries professionals", "", "creative industries and performing arts",
       source=PR_2018),
    _p("Dispute resolution experts and transactional lawyers", "",
       "dispute resolution professionals", "transactional lawyers", source=PR_2018),
)
_ADDED_2021 = (
    _p("Professionals in compliance in asset management", "", source=BUDGET_2022),
    _p("Financial professionals in environmental, social and governance (ESG)", "",
       "esg professionals", "financial professionals in esg", source=BUDGET_2022),
)

SEGMENTS_2023 = (
    "Business support", "Creative industries, arts and culture, performing arts",
    "Development and construction", "Environmental technology services", "Financial services",
    "Healthcare services", "Innovation and technology", "Legal and dispute resolution services",
    "Maritime services",
)
_SEGMENT_OF_EARLIER = {  # where the 13 earlier professions sit since 2023 (inferred)
    "Experienced waste treatment specialists/engineers": "Environmental technology services",
    "Experienced professionals in marine insurance": "Maritime services",
    "Naval architects": "Maritime services",
    "Marine engineers and superintendents of ships": "Maritime services",
    "Experienced data scientists and experienced cyber security specialists":
        "Innovation and technology",
    "Innovation and technology experts": "Innovation and technology",
    "Creative industries professionals": "Creative industries, arts and culture, performing arts",
    "Dispute resolution experts and transactional lawyers":
        "Legal and dispute resolution services",
}
_CARRIED_2023 = tuple(
    Profession(p.name, _SEGMENT_OF_EARLIER.get(p.name, "Financial services"), p.aliases,
               p.source + "; carried into the 2023 list (inferred)", confirmed=False)
    for p in (*_FIRST_11, *_ADDED_2021)
)
_HEALTH = "Healthcare services"
_BUILD = "Development and construction"
_IT = "Innovation and technology"
_ADDED_2023 = (
    _p("Experienced artificial intelligence specialists", _IT, "ai specialists",
       source=CHINA_DAILY_2023, confirmed=False),
    _p("Experienced cloud infrastructure specialists", _IT, source=CHINA_DAILY_2023,
       confirmed=False),
    *(_p(name, _HEALTH, *aliases, source=src, confirmed=False) for name, src, aliases in (
        ("Doctors", CHINA_DAILY_2023, ("doctor", "medical practitioners")),
        ("Nurses", CHINA_DAILY_2023, ("nurse",)),
        ("Chinese medicine practitioners", CHINA_DAILY_2023, ()),
        ("Midwives", CHINA_DAILY_2023, ("midwife",)),
        ("Pharmacists", CHINA_DAILY_2023, ("pharmacist",)),
        ("Dentists", LEAK_2023, ("dentist",)),
        ("Dental hygienists", LEAK_2023, ()),
        ("Occupational therapists", LEAK_2023, ()),
        ("Physiotherapists", LEAK_2023, ("physical therapists",)),
        ("Medical laboratory technologists", LEAK_2023, ()),
        ("Optometrists", LEAK_2023, ()),
        ("Radiographers", LEAK_2023, ()),
    )),
    _p("Professionals in architecture", _BUILD, "architects", "architecture professionals",
       source=CHINA_DAILY_2023, confirmed=False),
    _p("Professionals in land surveying", _BUILD, "land surveyors",
       "land surveying professionals", source=CHINA_DAILY_2023, confirmed=False),
    _p("Professionals in town planning", _BUILD, "town planners", "town planning professionals",
       source=CHINA_DAILY_2023, confirmed=False),
    _p("Ship finance professionals", "Maritime services", source=HKSOA_2023, confirmed=False),
    _p("Engineering experts in development and construction", _BUILD, "civil engineers",
       "structural engineers", "building services engineers", source=CHINA_DAILY_2023,
       confirmed=False),
)
_AVIATION = "Aviation and shipping"
_FIN = "Financial services"
_ADDED_2025 = (
    _p("Accountants", _FIN, "accountant", source=PR_2025),
    _p("Financial professionals with Islamic market experience", _FIN, source=PR_2025),
    _p("Experienced professionals in commodities trading", _FIN, source=PR_2025),
    _p("Experienced systems architects", _IT, source=PR_2025),
    _p("Patent professionals", _IT, source=PR_2025),
    _p("Legal knowledge engineers", "Legal and dispute resolution services", source=PR_2025),
    _p("Ship surveyors", _AVIATION, source=PR_2025),
    _p("Professionals in green shipping", _AVIATION, source=PR_2025),
    _p("Aircraft maintenance engineers", _AVIATION, source=PR_2025),
)
_RENAMED_2025 = tuple(  # "Maritime services" appears as "aviation and shipping" in 2025
    Profession(p.name, _AVIATION if p.segment == "Maritime services" else p.segment, p.aliases,
               p.source + "; carried into the 2025 list (inferred)", confirmed=False)
    for p in (*_CARRIED_2023, *_ADDED_2023)
)

TALENT_LISTS: tuple[TalentList, ...] = (
    TalentList(date(2018, 8, 28), Text("First Talent List (11 professions)"), PR_2018, 11, (),
               _FIRST_11),
    TalentList(date(2021, 10, 6), Text("Updated Talent List (13 professions)"),
               BUDGET_2022 + "; 2021 Policy Address", 13, (), (*_FIRST_11, *_ADDED_2021),
               date_confirmed=False),
    TalentList(date(2023, 5, 16), Text("Expanded Talent List (51 professions, 9 segments)"),
               NEWS_2023, 51, SEGMENTS_2023, (*_CARRIED_2023, *_ADDED_2023)),
    TalentList(date(2025, 3, 1), Text("Talent List of 1 March 2025 (60 professions)"), PR_2025,
               60,
               tuple(_AVIATION if s == "Maritime services" else s for s in SEGMENTS_2023),
               (*_RENAMED_2025, *_ADDED_2025)),
)


def talent_list_on(on: date) -> TalentList | None:
    """The Talent List in force on *on* (None before 28 Aug 2018)."""
    return in_force(TALENT_LISTS, on)


def profession_names(on: date) -> tuple[str, ...]:
    """The professions named on the list in force on *on*, as forms offer them."""
    current = talent_list_on(on)
    return () if current is None else tuple(p.name for p in current.professions)


def lookup(name: str | None, on: date) -> TalentListMatch:
    """Three-valued Talent List check: on the list, not on it, or cannot tell."""
    current = talent_list_on(on)
    if current is None:
        return TalentListMatch("fail", Text("There was no Talent List before 28/08/2018."), None)
    if name is None:
        return TalentListMatch("unknown", Text("Talent List profession not given."), current)
    if not name.strip():
        return TalentListMatch("fail", Text("No profession on the Talent List."), current)
    found = current.find(name)
    if found is not None:
        return TalentListMatch("pass", _listed(found, current), current, found)
    if current.complete:
        return TalentListMatch("fail", Text("'%(name)s' is not on the %(list)s.", name=name,
                                            list=current.title), current)
    return TalentListMatch("unknown", Text("'%(name)s' is not among the %(named)s of %(count)s "
                                           "professions this app names from that list: check "
                                           "talentlist.gov.hk.", name=name,
                                           named=len(current.professions),
                                           count=current.declared_count), current)


def _listed(found: Profession, current: TalentList) -> Text:
    """Why *found* counts as on the list (the official English name, as the list gives it)."""
    since = f"{current.effective_from:%d/%m/%Y}"
    if found.confirmed:
        return Text("'%(name)s' is on the %(list)s, in force since %(day)s.", name=found.name,
                    list=current.title, day=since)
    return Text("'%(name)s' is on the %(list)s, in force since %(day)s (entry not confirmed "
                "against the official list).", name=found.name, list=current.title, day=since)


# Each profession as shown to a reader: the English name is the data (stored on a case,
# matched by lookup); the catalogue gives its Chinese, as the Talent List office's
# Chinese pages (人才清單) name it.
PROFESSION_LABELS: dict[str, Text] = {str(label): label for label in (
    Text("Experienced waste treatment specialists/engineers"),
    Text("Experienced management professionals in asset management"),
    Text("Experienced professionals in marine insurance"),
    Text("Actuaries"),
    Text("Experienced professionals in fintech"),
    Text("Experienced data scientists and experienced cyber security specialists"),
    Text("Innovation and technology experts"),
    Text("Naval architects"),
    Text("Marine engineers and superintendents of ships"),
    Text("Creative industries professionals"),
    Text("Dispute resolution experts and transactional lawyers"),
    Text("Professionals in compliance in asset management"),
    Text("Financial professionals in environmental, social and governance (ESG)"),
    Text("Experienced artificial intelligence specialists"),
    Text("Experienced cloud infrastructure specialists"),
    Text("Doctors"),
    Text("Nurses"),
    Text("Chinese medicine practitioners"),
    Text("Midwives"),
    Text("Pharmacists"),
    Text("Dentists"),
    Text("Dental hygienists"),
    Text("Occupational therapists"),
    Text("Physiotherapists"),
    Text("Medical laboratory technologists"),
    Text("Optometrists"),
    Text("Radiographers"),
    Text("Professionals in architecture"),
    Text("Professionals in land surveying"),
    Text("Professionals in town planning"),
    Text("Ship finance professionals"),
    Text("Engineering experts in development and construction"),
    Text("Accountants"),
    Text("Financial professionals with Islamic market experience"),
    Text("Experienced professionals in commodities trading"),
    Text("Experienced systems architects"),
    Text("Patent professionals"),
    Text("Legal knowledge engineers"),
    Text("Ship surveyors"),
    Text("Professionals in green shipping"),
    Text("Aircraft maintenance engineers"),
)}


def profession_label(name: str) -> str:
    """*name* as shown to a reader (a name not on any list stays as recorded)."""
    return PROFESSION_LABELS.get(name, name)
