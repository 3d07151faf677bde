"""The kinds of case the tracker records about one person, and what each one is.

"entry" is the first application (today's cases); "extension" an extension of stay;
"change_of_employment" ImmD's approval to join a new employer (GEP, ASMTP);
"dependant" a dependant's own application (form ID 997); "record" a status the
company records without an application (e.g. an IANG graduate hired as they are).
"""

from __future__ import annotations

from typing import Literal

CaseKind = Literal["entry", "extension", "change_of_employment", "dependant", "record"]
KINDS: tuple[CaseKind, ...] = ("entry", "extension", "change_of_employment", "dependant",
                               "record")
# Kinds that are an application to ImmD (a "record" is not).
APPLICATIONS: tuple[CaseKind, ...] = ("entry", "extension", "change_of_employment",
                                      "dependant")
