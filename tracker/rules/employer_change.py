"""Whether a holder of each scheme's visa may change employer freely, or needs ImmD first.

GEP and ASMTP visas are tied to the employer: joining another needs ImmD's approval
before the first day (handled like a new application: its own case, kind
"change_of_employment"). NET teachers hold GEP visas with the school as employer. A
TechTAS visa is tied to the employer's ITC quota: treated like GEP, but no official
text was found saying so (confirmed=False). IANG, TTPS, QMAS and ASSG holders, and
dependants of these and of employment entrants, may work for any employer: they are
recorded with no approval step, and the product says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules.documents import DocumentItem
from tracker.rules.sources import IMMD_ASSG, IMMD_QMAS, ITC_TECHTAS_FAQ
from tracker.rules.sources_after_arrival import (
    IMMD_ASMTP,
    IMMD_CHANGE_OF_EMPLOYMENT,
    IMMD_DEPENDANTS,
    IMMD_IANG,
    IMMD_TTPS,
)
from tracker.rules.text import Text

TIED = Text("Employment with the sponsoring employer only")
FREE = Text("Free to take up or change employment")


@dataclass(frozen=True)
class EmployerChange:
    """What a change of employer means for one scheme's holders, and why."""

    scheme: str
    needs_approval: bool  # ImmD must approve before the person starts with a new employer
    conditions: Text  # the condition of stay, in a few words
    reason: Text
    source: str
    confirmed: bool = True


def _tied(scheme: str, reason: Text, source: str, confirmed: bool = True) -> EmployerChange:
    return EmployerChange(scheme, True, TIED, reason, source, confirmed)


def _free(scheme: str, reason: Text, source: str) -> EmployerChange:
    return EmployerChange(scheme, False, FREE, reason, source)


EMPLOYER_CHANGES: dict[str, EmployerChange] = {change.scheme: change for change in (
    _tied("GEP", Text("A GEP employment visa is tied to the employer: the new employer applies "
                      "for a change of employment, and the person may start only once ImmD "
                      "approves it."), IMMD_CHANGE_OF_EMPLOYMENT),
    _tied("ASMTP", Text("An ASMTP visa is tied to the employer: the new employer applies for a "
                        "change of employment, and the person may start only once ImmD "
                        "approves it."), f"{IMMD_CHANGE_OF_EMPLOYMENT}; {IMMD_ASMTP}"),
    _tied("NET", Text("The school employs the teacher on a GEP employment visa: another "
                      "employer needs ImmD's approval of a change of employment first."),
          IMMD_CHANGE_OF_EMPLOYMENT),
    _tied("TechTAS", Text("A TechTAS visa is tied to the employer and its ITC quota: treat a "
                          "change like GEP's, a new approval before starting (indicative: no "
                          "official text found)."),
          f"{ITC_TECHTAS_FAQ}; {IMMD_CHANGE_OF_EMPLOYMENT}", confirmed=False),
    _free("IANG", Text("IANG holders may take up and change employment freely during their "
                       "stay: no approval is needed."), IMMD_IANG),
    _free("TTPS", Text("TTPS holders need no job offer and may work for any employer or run a "
                       "business: no approval is needed."), IMMD_TTPS),
    _free("QMAS", Text("QMAS entrants are admitted without an employer and may change jobs "
                       "freely: no approval is needed."), IMMD_QMAS),
    _free("ASSG", Text("ASSG entrants are admitted without a job offer and may take up any "
                       "employment: no approval is needed."), IMMD_ASSG),
    _free("DEP", Text("Dependants of employment and talent-scheme entrants may work for any "
                      "employer: no approval is needed."), IMMD_DEPENDANTS),
)}


# A change of employment is handled like a new application (the scheme's checklist, the
# new employer's forms), plus the permission the person holds now.
CURRENT_PERMISSION = DocumentItem(
    "current_permission", Text("Current visa or e-Visa and HKID card"),
    note=Text("Copies of the permission the person holds now, with the previous employer "
              "named."))


def employer_change(scheme: str) -> EmployerChange | None:
    """What changing employer means for *scheme*'s holders (None: a scheme with no rule)."""
    return EMPLOYER_CHANGES.get(scheme)


def needs_approval(scheme: str) -> bool | None:
    """Whether joining a new employer needs ImmD's approval first (None: not known)."""
    change = employer_change(scheme)
    return None if change is None else change.needs_approval
