"""TechTAS facts: technology areas by date and quota validity, as versioned data.

Technology areas (the list in force on the application or allotment date):
* June 2018, at launch: 7 areas, for Science Park and Cyberport tenants and
  incubatees (news.gov.hk, 8 May 2018).
* January 2020: 13 areas, open to every company doing R&D in them (the
  Secretary for Innovation and Technology's LegCo reply of 4 May 2022). The day
  in January is not known: for an application that month an area that only
  the 13-area list has answers "unknown", never "no".
* 28 Dec 2022: 14 areas, "advanced communication technologies" replacing 5G
  and quantum technology added (press release P2022122800250).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.rules.places import normalise
from tracker.rules.results import Outcome
from tracker.rules.sources import CHECKED, HKSAR_TECHTAS_2022
from tracker.rules.text import Text


@dataclass(frozen=True)
class AreaList:
    """One official list of TechTAS technology areas."""

    effective_from: date
    source: str
    areas: tuple[str, ...]
    confirmed: bool = True  # False: the list itself comes from a secondary source
    certain_from: date | None = None  # set when only the month it started is known

    def has(self, area: str) -> bool:
        return any(area_key(a) == area_key(area) for a in self.areas)


AREA_LISTS: tuple[AreaList, ...] = (
    AreaList(
        effective_from=date(2018, 6, 25),
        source="news.gov.hk, 8 May 2018 (TechTAS announced: 7 areas, tenants and incubatees of "
               f"Science Park and Cyberport); ITC: launched June 2018; {CHECKED}",
        areas=(
            "Artificial intelligence", "Biotechnology", "Cybersecurity", "Data analytics",
            "Financial technologies", "Material science", "Robotics",
        ),
    ),
    AreaList(
        effective_from=date(2020, 1, 1),
        source="ITC enhancement of January 2020: 13 areas, all companies conducting R&D (LegCo "
               f"reply LCQ4 of 4 May 2022); the day in January is not known; {CHECKED}",
        areas=(
            "Artificial intelligence", "Biotechnology", "Cybersecurity", "Data analytics",
            "Financial technologies", "Material science", "Robotics", "5G communications",
            "Digital entertainment", "Green technology", "Integrated circuit design",
            "Internet-of-Things", "Microelectronics",
        ),
        certain_from=date(2020, 2, 1),
    ),
    AreaList(
        effective_from=date(2022, 12, 28),
        source=f"{HKSAR_TECHTAS_2022}, {CHECKED}",
        areas=(
            "Advanced communication technologies (incl. 5G)", "Artificial intelligence",
            "Biotechnology", "Cybersecurity", "Data analytics", "Digital entertainment",
            "Financial technologies", "Green technology", "Integrated circuit design",
            "Internet-of-Things", "Material science", "Microelectronics", "Quantum technology",
            "Robotics",
        ),
    ),
)


# Each area as shown to a reader: the English name (the data, as ITC's lists give it)
# and, through the catalogue, ITC's Chinese name (press release P2022122800249).
AREA_LABELS: dict[str, Text] = {
    "Artificial intelligence": Text("Artificial intelligence"),
    "Biotechnology": Text("Biotechnology"),
    "Cybersecurity": Text("Cybersecurity"),
    "Data analytics": Text("Data analytics"),
    "Financial technologies": Text("Financial technologies"),
    "Material science": Text("Material science"),
    "Robotics": Text("Robotics"),
    "5G communications": Text("5G communications"),
    "Digital entertainment": Text("Digital entertainment"),
    "Green technology": Text("Green technology"),
    "Integrated circuit design": Text("Integrated circuit design"),
    "Internet-of-Things": Text("Internet-of-Things"),
    "Microelectronics": Text("Microelectronics"),
    "Advanced communication technologies (incl. 5G)":
        Text("Advanced communication technologies (incl. 5G)"),
    "Quantum technology": Text("Quantum technology"),
}


def area_label(area: str) -> str:
    """*area* as shown to a reader (a name not on any list stays as typed)."""
    return AREA_LABELS.get(area, area)


# An allotment is shown as "expiring" when this many days or fewer are left.
# A product rule, not an official one.
EXPIRING_WITHIN_DAYS = 60


def area_key(area: str) -> str:
    """Compare areas across list versions: 5G communications = advanced communication."""
    key = normalise(area).replace(" incl 5g", "")
    return {"5g communications": "advanced communication technologies"}.get(key, key)


def area_list(on: date) -> AreaList:
    """The list of technology areas in force on *on*."""
    current = [a for a in AREA_LISTS if a.effective_from <= on]
    return current[-1] if current else AREA_LISTS[0]


def _uncertain(on: date) -> AreaList | None:
    """The list before the one in force on *on*, when the day the latter started is not known
    and *on* may fall before it; else None."""
    current = area_list(on)
    if current.certain_from is None or on >= current.certain_from:
        return None
    return area_list(current.effective_from - timedelta(days=1))


def area_outcome(area: str, on: date) -> Outcome:
    """Whether *area* is a technology area on *on*: "unknown" only when the lists that may
    be in force that day disagree."""
    listed = area_list(on).has(area)
    earlier = _uncertain(on)
    if earlier is not None and earlier.has(area) != listed:
        return "unknown"
    return "pass" if listed else "fail"


def technology_areas(on: date) -> tuple[str, ...]:
    """The areas a form offers for *on*: the list in force, plus those of the list it may
    not yet have replaced that day (a form never refuses an area that could be valid)."""
    areas = area_list(on).areas
    earlier = _uncertain(on)
    if earlier is None:
        return areas
    return areas + tuple(a for a in earlier.areas if not area_list(on).has(a))
