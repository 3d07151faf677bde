"""Document checklists per scheme, as data.

`required` items must be received (or marked not applicable) before a case is
submitted to ImmD; missing ones give a warning on the move, not a refusal.
Notes are shown under each item on the case's checklist.

Source: ImmD General Employment Policy page and forms ID 990A / ID 990B; ITC
TechTAS FAQ (valid quota, Business Registration Certificate); ImmD FAQ on the
28 Dec 2022 enhancement measures (waiver of the local-recruitment justification).
QMAS/ASSG: ImmD's QMAS and ASSG pages and guidance notes (QMAS: form ID 981,
guidance ID(E) 982; the ASSG form number was not found); NET: see the NET items
below. Checked 1 Dec 2026: a photograph and, for ASSG, proof of "financial
standing" are mandatory uploads of the GovHK online applications for GEP/ASMTP
and ASSG. Re-check against ImmD's current guidance notes before each release.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.rules.text import Text

SOURCE = ("ImmD GEP page and forms ID 990A/ID 990B; ITC TechTAS FAQ; "
          "ImmD FAQ on enhancement measures of 28 Dec 2022")


@dataclass(frozen=True)
class DocumentItem:
    code: str
    label: Text
    required: bool = True
    note: str = ""  # a Text when the item has one


ID990A = DocumentItem(
    "id990a", Text("ID 990A – application form (applicant)"),
    note=Text("ImmD form completed and signed by the candidate."))
ID990B = DocumentItem(
    "id990b", Text("ID 990B – employer's form"),
    note=Text("ImmD form completed and signed by the employer (the company)."))
PASSPORT = DocumentItem(
    "passport", Text("Passport copy (personal particulars page)"),
    note=Text("A clear copy of the page with the photo and passport number."))
DEGREE = DocumentItem(
    "degree", Text("Degree certificates and transcripts"),
    note=Text("Highest qualification; TechTAS needs a STEM degree from a university among "
              "the top 100 of the STEM ranking tables."))
CV = DocumentItem(
    "cv", Text("CV / proof of work experience"),
    note=Text("Employment history; reference letters where experience is relied on."))
CONTRACT = DocumentItem(
    "contract", Text("Employment contract or offer letter"),
    note=Text("Shows the post, the monthly salary and the start date."))
BR_CERT = DocumentItem(
    "br_certificate", Text("Business registration certificate"),
    note=Text("The company's valid Business Registration Certificate."))
# A mandatory upload of the GovHK online applications for GEP/ASMTP and ASSG; for the
# other schemes not confirmed, so listed without blocking the submission.
PHOTO = DocumentItem(
    "photo", Text("Recent photograph"),
    note=Text("A mandatory upload of the online application (GovHK)."))
PHOTO_IF_ASKED = DocumentItem(
    "photo", Text("Recent photograph"), required=False,
    note=Text("Mandatory for GEP and ASSG online applications; for this scheme have one "
              "ready in case ImmD asks."))

# Self-applied routes (QMAS, ASSG), from ImmD's QMAS and ASSG pages and guidance
# notes. The candidate completes ImmD's application form for the scheme (check the
# current form number on ImmD's scheme page); ImmD asks for a certificate of no
# criminal record with the approval-in-principle.
SCHEME_FORM = DocumentItem(
    "scheme_form", Text("Application form of the scheme (applicant)"),
    note=Text("ImmD's form for this scheme, completed and signed by the candidate (online "
              "or on paper)."))
LANGUAGE_PROOF = DocumentItem(
    "language_proof", Text("Proof of language proficiency"), required=False,
    note=Text("Chinese (Putonghua or Cantonese) or English: test results, or a degree "
              "taught in the language."))
NO_CRIMINAL_RECORD = DocumentItem(
    "no_criminal_record", Text("Certificate of no criminal record"), required=False,
    note=Text("Asked for after approval-in-principle: request it then, not before, so it "
              "is recent enough."))
QMAS_ITEMS = (
    DocumentItem("scheme_form", Text("ID 981 – QMAS application form (applicant)"),
                 note=Text("Completed by the candidate, online on GovHK (guidance notes "
                           "ID(E) 982).")),
    PASSPORT, PHOTO_IF_ASKED,
    DocumentItem("degree", Text("Degree certificates and transcripts"),
                 note=Text("Evidence for the academic factor of the points test.")),
    DocumentItem("work_proof", Text("Proof of work experience and income"),
                 note=Text("Employer letters, tax returns or payslips; business registration "
                           "if the candidate owns a business.")),
    LANGUAGE_PROOF,
    DocumentItem("achievement_proof", Text("Evidence of outstanding achievement"),
                 required=False,
                 note=Text("Achievement-based Points Test only: award letter, official record "
                           "of the medal or prize.")),
    DocumentItem("family_proof", Text("Marriage and children's birth certificates"),
                 required=False,
                 note=Text("Only if family factors are claimed or dependants apply.")),
    NO_CRIMINAL_RECORD)
ASSG_ITEMS = (
    SCHEME_FORM, PASSPORT, PHOTO,
    DocumentItem("birth_certificate", Text("Birth certificate (born overseas, parents named)"),
                 note=Text("Shows the place of birth and the parent through whom the "
                           "candidate applies.")),
    DocumentItem("parent_hkid", Text("Parent's Hong Kong permanent identity card"),
                 note=Text("A copy of the valid card of the parent named on the birth "
                           "certificate.")),
    DocumentItem("parent_settled_overseas",
                 Text("Proof the parent was a Chinese national settled overseas at the birth"),
                 note=Text("e.g. the parent's overseas residence or travel documents around "
                           "the birth.")),
    DocumentItem("degree", Text("Degree certificates, qualifications or proof of experience"),
                 note=Text("Good education, technical qualifications or proven professional "
                           "experience.")),
    DocumentItem("financial_standing", Text("Proof of financial standing"),
                 note=Text("Bank statements, tax returns or payslips showing the means to live "
                           "without recourse to public funds (a mandatory upload of the "
                           "online application).")),
    LANGUAGE_PROOF, NO_CRIMINAL_RECORD)
# NET: the school sponsors the employment visa with ImmD's employment forms.
NET_ITEMS = (
    ID990A, ID990B, PASSPORT,
    DocumentItem("degree", Text("Degree certificates and transcripts"),
                 note=Text("From the 2025/26 school year EDB asks for a bachelor's majoring in "
                           "English (or a higher degree majoring in English).")),
    DocumentItem("teaching_qualification", Text("PGDE (English) and TEFL/TESL certificate"),
                 note=Text("Both required by EDB from the 2025/26 school year; "
                           "special-education training helps for special schools.")),
    DocumentItem("contract", Text("NET contract of appointment"),
                 note=Text("The two-year contract: start and end dates, salary, gratuity.")),
    DocumentItem("edb_offer", Text("EDB / school offer of appointment"),
                 note=Text("The NET Scheme offer from the Education Bureau or the school.")),
    CV, PHOTO_IF_ASKED)

GEP_ITEMS = (
    ID990A, ID990B, PASSPORT, DEGREE, CV, CONTRACT, BR_CERT,
    DocumentItem("local_recruitment", Text("Justification of local recruitment difficulty"),
                 note=Text("Waived for Talent List posts or pay of HK$2M+ a year "
                           "(since 28 Dec 2022): mark it not applicable then.")),
    PHOTO)
# After arrival (issue 16). ASMTP: GEP's papers, then the Mainland permit (ImmD ASMTP page).
ASMTP_ITEMS = (
    *GEP_ITEMS,
    DocumentItem("exit_entry_permit", Text("Exit-entry Permit with the relevant endorsement"),
                 required=False,
                 note=Text("After ImmD approves: the Mainland authorities issue it; the person "
                           "needs it to come to Hong Kong.")))
# TTPS (guidebook ID(E) 1026): online on GovHK; the evidence depends on the category.
TTPS_ITEMS = (
    DocumentItem("scheme_form", Text("TTPS application (online, GovHK)"),
                 note=Text("Completed by the candidate (guidebook ID(E) 1026).")),
    PASSPORT, PHOTO_IF_ASKED,
    DocumentItem("income_proof", Text("Proof of income in the year before applying"),
                 required=False,
                 note=Text("Category A: tax demand note or employer's certificate of income.")),
    DocumentItem("degree", Text("Degree certificate from an eligible university"),
                 required=False, note=Text("Categories B and C.")),
    DocumentItem("work_proof", Text("Proof of work experience"), required=False,
                 note=Text("Category B: employer letters covering 3 of the last 5 years.")))
# IANG (ImmD IANG page): the graduate's form; returning graduates add the employer's.
IANG_ITEMS = (
    ID990A, PASSPORT, PHOTO_IF_ASKED,
    DocumentItem("degree", Text("Graduation certificate and transcript from Hong Kong"),
                 note=Text("A full-time, locally accredited degree programme.")),
    DocumentItem("id990b", Text("ID 990B – employer's form"), required=False,
                 note=Text("Returning graduates: the employer's form with the job offer.")),
    DocumentItem("contract", Text("Employment contract or offer letter"), required=False,
                 note=Text("Returning graduates: a degree-level post at market pay.")))
# A dependant's own application (form ID 997, guidebook ID(E) 998).
DEP_ITEMS = (
    DocumentItem("id997", Text("ID 997 – application for entry as a dependant"),
                 note=Text("Completed for the dependant, signed by the sponsor too.")),
    DocumentItem("passport", Text("Dependant's passport copy"),
                 note=Text("The personal particulars page.")),
    PHOTO_IF_ASKED,
    DocumentItem("relationship_proof", Text("Proof of the relationship"),
                 note=Text("Marriage or civil partnership certificate, or the child's birth "
                           "certificate naming the sponsor.")),
    DocumentItem("sponsor_status", Text("Sponsor's visa or e-Visa and HKID card"),
                 note=Text("The permission whose limit of stay the dependant's follows.")),
    DocumentItem("sponsor_support", Text("Proof the sponsor can support the dependant"),
                 note=Text("Employment contract or payslips, and the tenancy agreement: "
                           "support well above subsistence, with suitable accommodation.")))

CHECKLISTS: dict[str, tuple[DocumentItem, ...]] = {
    "GEP": GEP_ITEMS,
    "TechTAS": (ID990A, ID990B, PASSPORT, DEGREE, CV, CONTRACT, BR_CERT,
                DocumentItem("itc_letter", Text("ITC quota allotment letter"),
                             note=Text("The letter whose position this case draws on.")),
                PHOTO_IF_ASKED),
    "QMAS": QMAS_ITEMS,
    "ASSG": ASSG_ITEMS,
    "NET": NET_ITEMS,
    "ASMTP": ASMTP_ITEMS,
    "TTPS": TTPS_ITEMS,
    "IANG": IANG_ITEMS,
    "DEP": DEP_ITEMS,
}

def checklist(scheme: str) -> tuple[DocumentItem, ...]:
    """The document items a case of *scheme* tracks."""
    return CHECKLISTS.get(scheme, ())


def checklist_item(scheme: str, code: str) -> DocumentItem | None:
    """The item *code* of *scheme*'s checklist, or None when the scheme has no such item."""
    return next((item for item in checklist(scheme) if item.code == code), None)
