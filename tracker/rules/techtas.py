"""TechTAS facts: technology areas and quota validity, as versioned data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.sources import SEED


@dataclass(frozen=True)
class AreaList:
    """One official list of TechTAS technology areas."""

    effective_from: date
    source: str
    areas: tuple[str, ...]


AREA_LISTS: tuple[AreaList, ...] = (
    AreaList(
        effective_from=date(2018, 6, 25),
        source=f"{SEED} (scheme as launched); ITC TechTAS page",
        areas=(
            "Artificial intelligence", "Biotechnology", "Cybersecurity", "Data analytics",
            "Financial technologies", "Material science", "Robotics", "5G communications",
            "Digital entertainment", "Green technology", "Integrated circuit design",
            "Internet-of-Things", "Microelectronics",
        ),
    ),
    AreaList(
        effective_from=date(2022, 12, 28),
        source="HKSAR Government press release P2022122800250 (28 Dec 2022)",
        areas=(
            "Advanced communication technologies (incl. 5G)", "Artificial intelligence",
            "Biotechnology", "Cybersecurity", "Data analytics", "Digital entertainment",
            "Financial technologies", "Green technology", "Integrated circuit design",
            "Internet-of-Things", "Material science", "Microelectronics", "Quantum technology",
            "Robotics",
        ),
    ),
)

# An allotment is shown as "expiring" when this many days or fewer are left.
# A product rule, not an official one.
EXPIRING_WITHIN_DAYS = 60


def area_list(on: date) -> AreaList:
    """The list of technology areas in force on *on*."""
    current = [a for a in AREA_LISTS if a.effective_from <= on]
    return current[-1] if current else AREA_LISTS[0]


def technology_areas(on: date) -> tuple[str, ...]:
    return area_list(on).areas
