"""Document checklists per scheme, as data.

`required` items must be received (or marked not applicable) before a case is
submitted to ImmD; missing ones give a warning on the move, not a refusal.
Notes are shown under each item on the case's checklist.

Source: ImmD General Employment Policy page and forms ID 990A / ID 990B; ITC
TechTAS FAQ (valid quota, Business Registration Certificate); ImmD FAQ on the
28 Dec 2022 enhancement measures (waiver of the local-recruitment justification).
QMAS/ASSG: ImmD's QMAS and ASSG pages and guidance notes (form numbers to be
checked there); NET: see the NET items below. Re-check against ImmD's current
guidance notes before each release.
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

# Self-applied routes (QMAS, ASSG), from ImmD's QMAS and ASSG pages and guidance
# notes. The candidate completes ImmD's application form for the scheme (check the
# current form number on ImmD's scheme page); ImmD asks for a certificate of no
# criminal record with the approval-in-principle.
SCHEME_FORM = DocumentItem("scheme_form", "Application form of the scheme (applicant)",
                           note="ImmD's form for this scheme, completed and signed by the "
                                "candidate (online or on paper).")
LANGUAGE_PROOF = DocumentItem("language_proof", "Proof of language proficiency",
                              required=False,
                              note="Chinese (Putonghua or Cantonese) or English: test results, "
                                   "or a degree taught in the language.")
NO_CRIMINAL_RECORD = DocumentItem("no_criminal_record", "Certificate of no criminal record",
                                  required=False,
                                  note="Asked for after approval-in-principle: request it then, "
                                       "not before, so it is recent enough.")
QMAS_ITEMS = (SCHEME_FORM, PASSPORT, PHOTO,
              DocumentItem("degree", "Degree certificates and transcripts",
                           note="Evidence for the academic factor of the points test."),
              DocumentItem("work_proof", "Proof of work experience and income",
                           note="Employer letters, tax returns or payslips; business "
                                "registration if the candidate owns a business."),
              LANGUAGE_PROOF,
              DocumentItem("achievement_proof", "Evidence of outstanding achievement",
                           required=False,
                           note="Achievement-based Points Test only: award letter, official "
                                "record of the medal or prize."),
              DocumentItem("family_proof", "Marriage and children's birth certificates",
                           required=False,
                           note="Only if family factors are claimed or dependants apply."),
              NO_CRIMINAL_RECORD)
ASSG_ITEMS = (SCHEME_FORM, PASSPORT, PHOTO,
              DocumentItem("birth_certificate", "Birth certificate (born overseas, parents "
                                                "named)",
                           note="Shows the place of birth and the parent through whom the "
                                "candidate applies."),
              DocumentItem("parent_hkid", "Parent's Hong Kong permanent identity card",
                           note="A copy of the valid card of the parent named on the birth "
                                "certificate."),
              DocumentItem("parent_settled_overseas", "Proof the parent was a Chinese national "
                                                      "settled overseas at the birth",
                           note="e.g. the parent's overseas residence or travel documents "
                                "around the birth."),
              DocumentItem("degree", "Degree certificates, qualifications or proof of "
                                     "experience",
                           note="Good education, technical qualifications or proven "
                                "professional experience."),
              LANGUAGE_PROOF, NO_CRIMINAL_RECORD)
# NET: the school sponsors the employment visa with ImmD's employment forms.
NET_ITEMS = (ID990A, ID990B, PASSPORT,
             DocumentItem("degree", "Degree certificates and transcripts",
                          note="EDB's recruitment notes ask for a recognised degree."),
             DocumentItem("teaching_qualification", "Teaching qualification and TESL/TEFL "
                                                    "certificates",
                          required=False,
                          note="TESL/TEFL experience is preferred; special-education training "
                               "for special schools."),
             DocumentItem("contract", "NET contract of appointment",
                          note="The two-year contract: start and end dates, salary, gratuity."),
             DocumentItem("edb_offer", "EDB / school offer of appointment",
                          note="The NET Scheme offer from the Education Bureau or the school."),
             CV, PHOTO)

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
    "QMAS": QMAS_ITEMS,
    "ASSG": ASSG_ITEMS,
    "NET": NET_ITEMS,
}


def checklist(scheme: str) -> tuple[DocumentItem, ...]:
    """The document items a case of *scheme* tracks."""
    return CHECKLISTS.get(scheme, ())


def checklist_item(scheme: str, code: str) -> DocumentItem | None:
    """The item *code* of *scheme*'s checklist, or None when the scheme has no such item."""
    return next((item for item in checklist(scheme) if item.code == code), None)
