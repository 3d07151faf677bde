"""The kinds of record an import reads, in the order the upload page offers them."""

from __future__ import annotations

from dataclasses import replace

from tracker.imports import mapping
from tracker.imports.cases import CASES
from tracker.imports.dependants import DEPENDANTS, check_people
from tracker.imports.statuses import STATUSES

# Candidates with the dependants the candidate export lists among them.
CANDIDATES = replace(mapping.CANDIDATES, checker=check_people)
KINDS = {kind.code: kind for kind in (CANDIDATES, DEPENDANTS, mapping.ALLOTMENTS, CASES,
                                      STATUSES)}
