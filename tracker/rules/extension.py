"""Extension of stay: its checklist, ImmD's advice, the passport check and the next stay.

An extension of stay (form ID 91 with ID 481A/481B) is its own case on the person. What
it needs, as data with sources:
* the checklist (`CHECKLIST`): ID 91, ID 481A/481B, the employer's letter, recent
  payslips and tax return, a valid passport, and — since 1 Jan 2024 (ImmD press
  release of 1 Nov 2023) — the employee in Hong Kong when submitting and collecting;
* when it can be filed: rules/stay.extension_window (the window by filing date), read
  here, never copied; ImmD advises filing at least 6 weeks before the limit of stay;
* the online service refuses a travel document expiring within 3 months (and changed
  circumstances, e.g. a new employer: that is a change of employment instead); QMAS,
  TechTAS, IANG and ASSG extensions are online only;
* the next stay period: rules/stay.suggest_limit_of_stay, by the scheme's pattern in
  force on the filing day, or the top-tier pattern (assessable income HK$2M+).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tracker.rules.documents import DocumentItem
from tracker.rules.sources_after_arrival import (
    IMMD_DEPENDANTS,
    IMMD_EXTENSION,
    IMMD_IN_HK_2023,
    IMMD_ONLINE_EXTENSION,
    IN_HK_RULE_2024,
    MAGRATH_EXTENSION,
)
from tracker.rules.stay import (
    StaySuggestion,
    WindowOpening,
    extension_window,
    suggest_limit_of_stay,
)
from tracker.rules.text import Text

ADVISED_WEEKS = 6  # ImmD: file at least 6 weeks before the limit of stay
ADVICE_SOURCE = f"{IMMD_EXTENSION}; {MAGRATH_EXTENSION}"
PASSPORT_MONTHS = 3  # the online service refuses a travel document expiring within this
ONLINE_ONLY = ("QMAS", "TechTAS", "IANG", "ASSG")


@dataclass(frozen=True)
class ChecklistEntry:
    """One item of the extension checklist, with its source and the day it applies from."""

    item: DocumentItem
    source: str
    effective_from: date = date.min


CHECKLIST: tuple[ChecklistEntry, ...] = (
    ChecklistEntry(DocumentItem("id91", Text("ID 91 – application for extension of stay"),
                                note=Text("Completed by the employee, online on GovHK or on "
                                          "paper.")), IMMD_EXTENSION),
    ChecklistEntry(DocumentItem("id481", Text("ID 481A / ID 481B – supplements to ID 91"),
                                note=Text("The employee's and the employer's supplementary "
                                          "forms for an employment extension.")),
                   IMMD_EXTENSION),
    ChecklistEntry(DocumentItem("employer_letter", Text("Employer's letter"),
                                note=Text("Confirms the continued employment: post, salary and "
                                          "period.")), IMMD_EXTENSION),
    ChecklistEntry(DocumentItem("payslips_tax", Text("Recent payslips and tax return"),
                                note=Text("The last few months' payslips and the latest salaries "
                                          "tax return or demand note.")), IMMD_EXTENSION),
    ChecklistEntry(DocumentItem("passport", Text("Valid passport"),
                                note=Text("The online service refuses a passport that expires "
                                          "within 3 months: renew it first.")),
                   f"{IMMD_EXTENSION}; {IMMD_ONLINE_EXTENSION}"),
    ChecklistEntry(DocumentItem("in_hong_kong", Text("The employee is in Hong Kong when "
                                                     "submitting and when collecting"),
                                note=Text("Required since 1 Jan 2024: plan travel around the "
                                          "submission and the collection of the e-Visa.")),
                   IMMD_IN_HK_2023, IN_HK_RULE_2024),
)


# A dependant's extension (scheme "DEP") follows the sponsor's: ImmD asks for the
# sponsor's new permission and support instead of the employment papers.
EMPLOYMENT_ONLY = ("id481", "employer_letter", "payslips_tax")
DEPENDANT_ITEMS: tuple[ChecklistEntry, ...] = (
    ChecklistEntry(DocumentItem("sponsor_permission", Text("The sponsor's extended visa or "
                                                           "e-Visa"),
                                note=Text("The dependant's stay follows the sponsor's: file "
                                          "once the sponsor's extension is approved.")),
                   IMMD_DEPENDANTS),
    ChecklistEntry(DocumentItem("sponsor_support", Text("Proof the sponsor still supports the "
                                                        "dependant"),
                                note=Text("The sponsor's employer letter or payslips, and the "
                                          "proof of the relationship.")), IMMD_DEPENDANTS),
)


def checklist(filed_on: date, scheme: str = "") -> tuple[DocumentItem, ...]:
    """The extension's document items for an extension filed on *filed_on* (a dependant's,
    scheme "DEP", swaps the employment papers for the sponsor's)."""
    entries = CHECKLIST
    if scheme == "DEP":
        entries = (CHECKLIST[0], *DEPENDANT_ITEMS,
                   *(e for e in CHECKLIST[1:] if e.item.code not in EMPLOYMENT_ONLY))
    return tuple(entry.item for entry in entries if entry.effective_from <= filed_on)


def channels(scheme: str) -> tuple[str, ...]:
    """How the extension may be submitted: online only for QMAS, TechTAS, IANG and ASSG."""
    return ("online",) if scheme in ONLINE_ONLY else ("online", "paper")


def advised_by(limit_of_stay: date) -> date:
    """The last day ImmD's advice leaves: 6 weeks before the limit of stay."""
    return limit_of_stay - timedelta(weeks=ADVISED_WEEKS)


def passport_warning(passport_expiry: date | None, on: date) -> Text | None:
    """A warning when the passport expires within 3 months of *on* (None: no warning)."""
    if passport_expiry is None:
        return Text("Passport expiry not recorded: the online service refuses a passport that "
                    "expires within 3 months.")
    if passport_expiry >= on + relativedelta(months=PASSPORT_MONTHS):
        return None
    return Text("The passport expires on %(day)s, within 3 months: the online extension "
                "service refuses it; renew the passport before filing.",
                day=f"{passport_expiry:%d/%m/%Y}")


@dataclass(frozen=True)
class ExtensionPlan:
    """What the case page shows for the extension of one limit of stay."""

    window: WindowOpening  # opens on window.opens, closes on the limit of stay
    advised_by: date
    passport_warning: Text | None
    next_stay: StaySuggestion

    @property
    def advice(self) -> Text:
        return Text("ImmD advises filing at least 6 weeks ahead: by %(day)s.",
                    day=f"{self.advised_by:%d/%m/%Y}")


def next_stay(scheme: str, filed_on: date, limit_of_stay: date, extension_number: int,
              top_tier: bool = False) -> StaySuggestion:
    """The suggested new limit of stay: the next period of the pattern in force on *filed_on*
    (the top-tier one for a person flagged top tier), starting the day after the current
    *limit_of_stay* (*extension_number* 1 = the first extension)."""
    return suggest_limit_of_stay(scheme, filed_on, limit_of_stay + timedelta(days=1),
                                 extension_number=extension_number, top_tier=top_tier)


def plan(scheme: str, limit_of_stay: date, on: date, extension_number: int,
         passport_expiry: date | None, top_tier: bool = False) -> ExtensionPlan:
    """The extension of *limit_of_stay* as of *on*: window, advice, passport, next stay."""
    return ExtensionPlan(extension_window(limit_of_stay), advised_by(limit_of_stay),
                         passport_warning(passport_expiry, on),
                         next_stay(scheme, on, limit_of_stay, extension_number, top_tier))
