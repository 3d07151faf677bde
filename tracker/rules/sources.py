"""Where the rules come from, and the dates they took effect.

Each rule names its source in words a reviewer can look up. "(secondary)"
marks a non-official source. Dates that are known exactly are used as is;
for seed rules whose start predates the seed, `SEED_AS_OF` is the date the
app relies on them from (the rule was in force by then; its real start is
earlier and is not recorded). All were checked against stored copies of
public pages when written — re-check them against the pages named here before
each release.
"""

from __future__ import annotations

from datetime import date

# The seed document ("Hong Kong's Immigration Policy") lists 13 TechTAS areas
# (the Jan-2020 expansion) and the first Talent List of 11 professions (before
# the 2021 update), so it describes the schemes as of about 2020.
SEED_AS_OF = date(2020, 1, 1)
SEED = "Seed document 'Hong Kong's Immigration Policy' (describes the schemes c. 2020)"

# The talent-attraction enhancements announced in the 2022 Policy Address.
ENHANCEMENTS_2022 = date(2022, 12, 28)
IMMD_ENHANCEMENTS_FAQ = "ImmD FAQ on the enhancement measures of 28 Dec 2022"

QMAS_REFORM_2024 = date(2024, 11, 1)

IMMD_GEP = "ImmD page 'General Employment Policy – Professionals'"
IMMD_QMAS = "ImmD page 'Quality Migrant Admission Scheme'"
IMMD_ASSG = ("ImmD page 'Admission Scheme for the Second Generation of Chinese Hong Kong "
             "Permanent Residents'")
ITC_TECHTAS_FAQ = "ITC TechTAS FAQ"
EDB_NET = "Education Bureau NET Scheme recruitment notes"
TALENT_LIST_SITE = "talentlist.gov.hk 'Immigration Facilitation' page"
