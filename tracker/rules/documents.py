"""Document checklists per scheme, as data.

`required` items must be received (or marked not applicable) before a case is
submitted to ImmD; missing ones give a warning on the move, not a refusal.
Notes are shown under each item on the case's checklist.

Source: ImmD General Employment Policy page and forms ID 990A / ID 990B; ITC
TechTAS FAQ (valid quota, Business Registration Certificate); ImmD FAQ on the
28 Dec 2022 enhancement measures (waiver of the local-recruitment justification).
As summarised in shared/DOMAIN.md; re-check against ImmD's current guidance notes
before each release.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = ("ImmD GEP page and forms ID 990A/ID 990B; ITC TechTAS FAQ; "
          "ImmD FAQ on enhancement measures of 28 Dec 2022")


@dataclass(frozen=True)
class DocumentItem:
    code: str
    label: str
    required: bool = True
    note: str = ""


ID990A = DocumentItem("id990a", "ID 990A – application form (applicant)",
                      note="ImmD form completed and signed by the candidate.")
ID990B = DocumentItem("id990b", "ID 990B – employer's form",
                      note="ImmD form completed and signed by the employer (the company).")
PASSPORT = DocumentItem("passport", "Passport copy (personal particulars page)",
                        note="A clear copy of the page with the photo and passport number.")
DEGREE = DocumentItem("degree", "Degree certificates and transcripts",
                      note="Highest qualification; TechTAS needs a STEM degree from a "
                           "well-recognised university.")
CV = DocumentItem("cv", "CV / proof of work experience",
                  note="Employment history; reference letters where experience is relied on.")
CONTRACT = DocumentItem("contract", "Employment contract or offer letter",
                        note="Shows the post, the monthly salary and the start date.")
BR_CERT = DocumentItem("br_certificate", "Business registration certificate",
                       note="The company's valid Business Registration Certificate.")
PHOTO = DocumentItem("photo", "Recent photograph", required=False,
                     note="Only if ImmD asks for one.")

CHECKLISTS: dict[str, tuple[DocumentItem, ...]] = {
    "GEP": (ID990A, ID990B, PASSPORT, DEGREE, CV, CONTRACT, BR_CERT,
            DocumentItem("local_recruitment", "Justification of local recruitment difficulty",
                         note="Waived for Talent List posts or pay of HK$2M+ a year "
                              "(since 28 Dec 2022): mark it not applicable then."),
            PHOTO),
    "TechTAS": (ID990A, ID990B, PASSPORT, DEGREE, CV, CONTRACT, BR_CERT,
                DocumentItem("itc_letter", "ITC quota allotment letter",
                             note="The letter whose position this case draws on."),
                PHOTO),
}


def checklist(scheme: str) -> tuple[DocumentItem, ...]:
    """The document items a case of *scheme* tracks."""
    return CHECKLISTS.get(scheme, ())


def checklist_item(scheme: str, code: str) -> DocumentItem | None:
    """The item *code* of *scheme*'s checklist, or None when the scheme has no such item."""
    return next((item for item in checklist(scheme) if item.code == code), None)
