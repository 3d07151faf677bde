"""Where the after-arrival rules come from: fees, processing times, extensions of stay,
change of employment, dependants, residence, and the TTPS, IANG and ASMTP routes.

The same conventions as tracker/rules/sources.py (kept apart so the two can be edited at
once): each constant names the authority a user can check and the date it was checked;
"(secondary)" marks a non-official source, used where no official text was found.
"""

from __future__ import annotations

from datetime import date

from tracker.rules.sources import CHECKED

# The fee regulation took effect at 11 a.m. on 26 Feb 2025 (Immigration (Amendment)
# Regulation 2025): an application submitted earlier that day pays the old fee.
FEES_2025 = date(2025, 2, 26)
# The flat HK$230 fee replaced HK$190 from 25 Mar 2019 (Asia Times, 16 Jan 2019, secondary).
FEES_2019 = date(2019, 3, 25)
TTPS_LAUNCH = date(2022, 12, 28)
# In-Hong-Kong requirement for extensions of stay, from the ImmD press release of 1 Nov 2023.
IN_HK_RULE_2024 = date(2024, 1, 1)
# Same-sex spouses and partners count as dependants (ImmD policy change after the Court of
# Final Appeal's QT judgment).
SAME_SEX_DEPENDANTS = date(2018, 9, 19)
# TTPS category A holders approved from this day get 36 months (24 before).
TTPS_A_36_MONTHS = date(2024, 10, 16)

HKSAR_FEES_2025 = ("HKSAR Government press release P2025022600221 (26 Feb 2025): application "
                   "fee and visa fee for the specified admission schemes")
FEES_2019_SOURCE = ("HKSAR Government fee revision of 25 Mar 2019 (visa/entry permit and "
                    "extension of stay HK$190 to HK$230), as reported by Asia Times, "
                    "16 Jan 2019 (secondary)")
FEES_BEFORE_2019_SOURCE = ("Asia Times, 16 Jan 2019, on the fee revision of 25 Mar 2019: the "
                           "HK$190 it replaced (secondary)")

IMMD_GEP_PROCESSING = ("ImmD 'General Employment Policy – Professionals' page: normally 4 "
                       f"weeks after all documents; 4–6 weeks as reported (secondary), {CHECKED}")
ITC_TECHTAS_PROCESSING = ("ITC, 'Technology Talent Admission Scheme – FAQ' (about 2 weeks), "
                          f"{CHECKED}")
QMAS_PROCESSING = ("reports after the QMAS reform of 1 Nov 2024: about 6 months "
                   f"(secondary), {CHECKED}")
EXTENSION_PROCESSING = f"extension of stay: about 4–6 weeks as reported (secondary), {CHECKED}"

IMMD_EXTENSION = f"ImmD, 'Extension of stay' page and form ID 91 (with ID 481A/481B), {CHECKED}"
IMMD_IN_HK_2023 = ("ImmD press release of 1 Nov 2023: the applicant must be in Hong Kong when "
                   "submitting and when collecting (from 1 Jan 2024)")
IMMD_ONLINE_EXTENSION = (f"ImmD / GovHK online extension of stay service conditions, {CHECKED}")
MAGRATH_EXTENSION = "Magrath, on filing an extension of stay early (secondary)"
VISAPRO_TOP_TIER = ("visapro news on the Dec 2022 enhancements: top-tier and IANG/TTPS stay "
                    "patterns (secondary)")

IMMD_TTPS = f"ImmD, 'Top Talent Pass Scheme' page and guidebook ID(E) 1026, {CHECKED}"
IMMD_IANG = ("ImmD, 'Immigration Arrangements for Non-local Graduates' page, "
             f"{CHECKED}")
IMMD_ASMTP = f"ImmD, 'Admission Scheme for Mainland Talents and Professionals' page, {CHECKED}"
IMMD_DEPENDANTS = (f"ImmD, 'Entry arrangements for dependants' page, form ID 997 and "
                   f"guidebook ID(E) 998, {CHECKED}")
IMMD_CHANGE_OF_EMPLOYMENT = ("ImmD GEP/ASMTP guidebook ID(E) 991: a change of employment needs "
                             f"the Director's prior approval, {CHECKED}")
ROP_ORDINANCE = ("Registration of Persons Ordinance (Cap. 177): residents aged 11 or over "
                 "staying over 180 days register for an HKID within 30 days")
BASIC_LAW_24 = ("Basic Law art. 24(2)(4) and ImmD 'Right of abode' page: 7 years' continuous "
                f"ordinary residence, {CHECKED}")
