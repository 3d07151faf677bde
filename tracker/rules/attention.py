"""When a case or candidate needs HR's attention, as data.

The windows below are the product's own choices, not official rules, set
where the law gives a hard deadline: HKID registration within 30 days of
arrival (Registration of Persons Ordinance, Cap. 177), and the limit of stay
itself (the extension must be filed before it; its window, by date, is
rules/stay.py extension_window, which the reminders and the case page show).
"""

from __future__ import annotations

# Limit of stay ending within this many days (or already past) needs attention.
LIMIT_OF_STAY_WARNING_DAYS = 30
# HKID registration due within this many days (or overdue) and not yet done.
HKID_WARNING_DAYS = 30
# A passport expiring within this many months of today is flagged
# (and any passport expiring before the intended start date).
PASSPORT_WARNING_MONTHS = 6
