"""Years of continuous ordinary residence toward permanent residence (7 years).

A non-Chinese national who has ordinarily resided in Hong Kong for a continuous period
of not less than 7 years may become a permanent resident (Basic Law art. 24(2)(4);
ImmD's right-of-abode page). The count runs from the first arrival of the person's
chain of cases (entry, extensions, changes of employment) to today; the person may
apply on the day 7 years are complete (the anniversary, tracker/rules/dates.py).

Not modelled, and said so where the count is shown: gaps (a long absence may break
continuity; ImmD judges it), periods that ImmD does not count as ordinary residence,
and the residence of a dependant before becoming one. The count is a prompt for HR,
never an answer to whether the person qualifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.rules.dates import age_on, anniversary
from tracker.rules.sources_after_arrival import BASIC_LAW_24
from tracker.rules.text import Text

PERMANENT_RESIDENCE_YEARS = 7
NOT_MODELLED = Text("Counted from the first arrival; absences are not counted out: ImmD judges "
                    "whether the residence was continuous and ordinary.")


@dataclass(frozen=True)
class Residence:
    """The years counted from *since* to *on*, and when they reach 7."""

    since: date
    on: date
    years: int  # completed years
    reaches_on: date  # the day 7 years are complete
    source: str = BASIC_LAW_24

    @property
    def reached(self) -> bool:
        return self.on >= self.reaches_on

    @property
    def days_to_go(self) -> int:
        return max((self.reaches_on - self.on).days, 0)

    @property
    def summary(self) -> Text:
        """One line for the person's status."""
        if self.on < self.since:
            return Text("Arrives on %(since)s.", since=f"{self.since:%d/%m/%Y}")
        if self.reached:
            return Text("%(years)s years since %(since)s: 7 years reached on %(day)s (may apply "
                        "for permanent residence).", years=self.years,
                        since=f"{self.since:%d/%m/%Y}", day=f"{self.reaches_on:%d/%m/%Y}")
        return Text("%(years)s of 7 years since %(since)s; 7 years on %(day)s.",
                    years=self.years, since=f"{self.since:%d/%m/%Y}",
                    day=f"{self.reaches_on:%d/%m/%Y}")


def residence(first_arrival: date, on: date) -> Residence:
    """The continuous-residence count of someone who first arrived on *first_arrival*."""
    years = max(age_on(first_arrival, on), 0) if on >= first_arrival else 0
    return Residence(first_arrival, on, years,
                     anniversary(first_arrival, PERMANENT_RESIDENCE_YEARS))
