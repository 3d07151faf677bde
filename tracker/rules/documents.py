"""Document checklists per scheme, as data.

`required` items must be received (or marked not applicable) before a case is
submitted to ImmD; missing ones give a warning on the move, not a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentItem:
    code: str
    label: str
    required: bool = True
    note: str = ""


ID990A = DocumentItem("id990a", "ID 990A – application form (applicant)",
                      note="ImmD form for the applicant")
ID990B = DocumentItem("id990b", "ID 990B – employer's form", note="ImmD form for the employer")
PASSPORT = DocumentItem("passport", "Passport copy (personal particulars page)")
DEGREE = DocumentItem("degree", "Degree certificates and transcripts")
CV = DocumentItem("cv", "CV / proof of work experience")
CONTRACT = DocumentItem("contract", "Employment contract or offer letter")
BR_CERT = DocumentItem("br_certificate", "Business registration certificate")
PHOTO = DocumentItem("photo", "Recent photograph", required=False)

CHECKLISTS: dict[str, tuple[DocumentItem, ...]] = {
    "GEP": (ID990A, ID990B, PASSPORT, DEGREE, CV, CONTRACT, BR_CERT,
            DocumentItem("local_recruitment", "Justification of local recruitment difficulty",
                         note="Waived for Talent List posts or pay of HK$2M+ a year "
                              "(since 28 Dec 2022)"),
            PHOTO),
    "TechTAS": (ID990A, ID990B, PASSPORT, DEGREE, CV, CONTRACT, BR_CERT,
                DocumentItem("itc_letter", "ITC quota allotment letter"), PHOTO),
}


def checklist(scheme: str) -> tuple[DocumentItem, ...]:
    """The document items a case of *scheme* tracks."""
    return CHECKLISTS.get(scheme, ())
