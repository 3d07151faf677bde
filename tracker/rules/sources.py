"""Where the rules come from, and the dates they took effect.

Each rule cites the authority a user can check: the Immigration Department
(ImmD), the Innovation and Technology Commission (ITC), the Education Bureau
(EDB), the Talent List office, or a government press release, by page title
and the date the page was checked (`CHECKED`). "(secondary)" marks a
non-official source. The source document the product was specified from
("Hong Kong's Immigration Policy", c. 2020) is history: it is cited only for
what it alone says (e.g. the 12-month quota validity before Dec 2022), and
then as `SEED`, which says "(history)".

Dates known exactly are used as is; for rules whose start predates the source
document, `SEED_AS_OF` is the date the app relies on them from (the rule was in
force by then; its real start is earlier and not recorded). Re-check the pages
named here before each release and move `CHECKED_ON`.
"""

from __future__ import annotations

from datetime import date

CHECKED_ON = date(2026, 12, 1)
CHECKED = "checked 1 Dec 2026"

# The source document lists 13 TechTAS areas (the Jan-2020 expansion) and the first
# Talent List of 11 professions (before the 2021 update): it describes about 2020.
SEED_AS_OF = date(2020, 1, 1)
SEED = "Source document 'Hong Kong's Immigration Policy' (history: describes the schemes c. 2020)"

# The talent-attraction enhancements announced in the 2022 Policy Address.
ENHANCEMENTS_2022 = date(2022, 12, 28)
QMAS_REFORM_2024 = date(2024, 11, 1)

IMMD_GEP = f"ImmD, 'General Employment Policy – Professionals' page, {CHECKED}"
IMMD_ENHANCEMENTS_FAQ = f"ImmD, FAQ on the enhancement measures of 28 Dec 2022, {CHECKED}"
IMMD_QMAS = f"ImmD, 'Quality Migrant Admission Scheme' page and guidebook, {CHECKED}"
IMMD_ASSG = ("ImmD, 'Admission Scheme for the Second Generation of Chinese Hong Kong "
             f"Permanent Residents' page, {CHECKED}")
ITC_TECHTAS = f"ITC, 'Technology Talent Admission Scheme' page, {CHECKED}"
ITC_TECHTAS_FAQ = f"ITC, 'Technology Talent Admission Scheme – FAQ', {CHECKED}"
HKSAR_TECHTAS_2022 = "HKSAR Government press release P2022122800250 (28 Dec 2022)"
EDB_NET = f"EDB, 'Recruitment of Primary NETs' (NET Scheme), {CHECKED}"
TALENT_LIST_SITE = ("Talent List office, 'Immigration Facilitation' page "
                    f"(talentlist.gov.hk/en/imf.html), {CHECKED}")

# Who a source must name for a user to check it (or say it is history).
AUTHORITIES = ("ImmD", "ITC", "EDB", "Talent List office", "HKSAR Government",
               "news.gov.hk", "GovHK", "Registration of Persons Ordinance")


def names_authority(source: str) -> bool:
    """Whether *source* names an authority a user can check."""
    return any(name in source for name in AUTHORITIES)


def checkable(source: str) -> bool:
    """An authority, a named publisher marked "(secondary)" where no official text was
    found, or the source document cited as history."""
    return names_authority(source) or "(secondary" in source or "(history" in source
