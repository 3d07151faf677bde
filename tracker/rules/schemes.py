"""The admission schemes the tracker knows, as one registry.

Each scheme names its workflow (rules/workflow.py) and document checklist
(rules/documents.py), says who applies (the employer, the candidate, or the
school for NET), whether a job offer and an ITC quota are needed, and whether
the case tracks a fixed-term contract. Forms, services and reminders read these
flags instead of naming schemes. Adding a scheme is an entry here plus its data.
`workflow_for` and `case_stage_label` look a scheme's workflow up here, never hard-coded;
`workflow_for_case` gives a case of another kind (rules/case_kinds.py) its kind's workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules.case_kinds import ENTRY, KINDS
from tracker.rules.case_kinds import kind as case_kind
from tracker.rules.sources import EDB_NET, IMMD_ASSG, IMMD_GEP, IMMD_QMAS, ITC_TECHTAS_FAQ
from tracker.rules.sources_after_arrival import (
    IMMD_ASMTP,
    IMMD_DEPENDANTS,
    IMMD_IANG,
    IMMD_TTPS,
)
from tracker.rules.workflow import WORKFLOWS, Workflow, stage_label


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    applicant: str  # "employer", "self" or "school": who applies
    needs_job_offer: bool
    needs_quota: bool
    workflow: str
    source: str
    # NET: the case tracks a fixed-term contract (start, end, renewal, gratuity).
    tracks_contract: bool = False
    # The official Traditional Chinese name (see OFFICIAL_NAMES_ZH below for its source).
    name_zh: str = ""

    def name_in(self, language: str) -> str:
        """The scheme's official name in *language* (a tracker/i18n locale id)."""
        return self.name_zh if language == "zh_Hant" and self.name_zh else self.name


SCHEMES: dict[str, Scheme] = {
    "GEP": Scheme(
        "GEP", "General Employment Policy – Professionals", applicant="employer",
        needs_job_offer=True, needs_quota=False, workflow="employment",
        source=IMMD_GEP, name_zh="一般就業政策",
    ),
    "TechTAS": Scheme(
        "TechTAS", "Technology Talent Admission Scheme", applicant="employer",
        needs_job_offer=True, needs_quota=True, workflow="employment",
        source=ITC_TECHTAS_FAQ, name_zh="科技人才入境計劃",
    ),
    "QMAS": Scheme(
        "QMAS", "Quality Migrant Admission Scheme", applicant="self",
        needs_job_offer=False, needs_quota=False, workflow="self_applied",
        source=IMMD_QMAS, name_zh="優秀人才入境計劃",
    ),
    "ASSG": Scheme(
        "ASSG", "Admission Scheme for the Second Generation of Chinese Hong Kong Permanent "
                "Residents", applicant="self",
        needs_job_offer=False, needs_quota=False, workflow="self_applied",
        source=IMMD_ASSG, name_zh="第二代香港永久性居民入境計劃",
    ),
    # The school employs the teacher (recruited through EDB's NET Scheme) and
    # sponsors the employment visa like any employer: the employment workflow.
    "NET": Scheme(
        "NET", "Native-speaking English Teacher Scheme", applicant="school",
        needs_job_offer=True, needs_quota=False, workflow="employment",
        source=EDB_NET,
        tracks_contract=True, name_zh="外籍英語教師計劃",
    ),
    # GEP's rules for Mainland residents; the employer sponsors as under GEP.
    "ASMTP": Scheme(
        "ASMTP", "Admission Scheme for Mainland Talents and Professionals",
        applicant="employer", needs_job_offer=True, needs_quota=False, workflow="employment",
        source=IMMD_ASMTP, name_zh="輸入內地人才計劃",
    ),
    # The talent applies without a job offer; ImmD approves, then issues the e-Visa.
    "TTPS": Scheme(
        "TTPS", "Top Talent Pass Scheme", applicant="self", needs_job_offer=False,
        needs_quota=False, workflow="employment", source=IMMD_TTPS, name_zh="高端人才通行證計劃",
    ),
    # Fresh graduates need no offer; returning graduates apply with one.
    "IANG": Scheme(
        "IANG", "Immigration Arrangements for Non-local Graduates", applicant="self",
        needs_job_offer=False, needs_quota=False, workflow="employment", source=IMMD_IANG,
        name_zh="非本地畢業生留港/回港就業安排",
    ),
    # A dependant's own application (form ID 997), sponsored by the principal.
    "DEP": Scheme(
        "DEP", "Dependant visa", applicant="self", needs_job_offer=False, needs_quota=False,
        workflow="dependant", source=IMMD_DEPENDANTS, name_zh="受養人簽證",
    ),
}

# Official English and Traditional Chinese names of the departments and of the schemes
# the tracker mentions but does not run cases for, side by side with the schemes' own
# (Scheme.name / name_zh above). The Chinese is Hong Kong usage, as the departments'
# Chinese pages (ImmD, ITC, EDB) write it; the list is issue 15's, which took it from them.
OFFICIAL_NAMES_ZH: dict[str, tuple[str, str]] = {
    "ImmD": ("Immigration Department", "入境事務處"),
    "ITC": ("Innovation and Technology Commission", "創新科技署"),
    **{code: (s.name, s.name_zh) for code, s in SCHEMES.items()},
}


def scheme(code: str) -> Scheme:
    return SCHEMES[code]


def contract_schemes() -> tuple[str, ...]:
    """Codes of the schemes whose cases track a fixed-term contract (NET)."""
    return tuple(code for code, s in SCHEMES.items() if s.tracks_contract)


def scheme_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} – {s.name}") for s in SCHEMES.values()]


def workflow_for(scheme_code: str) -> Workflow:
    """The workflow of a scheme (the registry above names it, rules/workflow.py defines it)."""
    return WORKFLOWS[scheme(scheme_code).workflow]


def workflow_for_case(scheme_code: str, kind: str) -> Workflow:
    """The workflow of a case: its kind's (extension, change of employment, dependant,
    record), or for an entry application its scheme's."""
    own = case_kind(kind).workflow
    return WORKFLOWS[own] if own is not None else workflow_for(scheme_code)


def case_stage_label(scheme_code: str, stage_code: str, kind: str = ENTRY) -> str:
    """The stage's label in the case's own workflow ("Active (in Hong Kong)" for QMAS,
    "e-Visa issued" for an extension)."""
    if kind != ENTRY and kind in KINDS:
        return workflow_for_case(scheme_code, kind).label(stage_code)
    entry = SCHEMES.get(scheme_code)
    workflow = WORKFLOWS.get(entry.workflow) if entry else None
    return workflow.label(stage_code) if workflow is not None else stage_label(stage_code)


def schemes_by_workflow() -> dict[str, list[str]]:
    """{workflow code: [scheme codes]} — for SQL rules that depend on the workflow."""
    grouped: dict[str, list[str]] = {}
    for code, entry in SCHEMES.items():
        grouped.setdefault(entry.workflow, []).append(code)
    return grouped
