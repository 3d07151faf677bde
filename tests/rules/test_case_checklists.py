"""Each kind of case reads its checklist from the data that owns it."""

from __future__ import annotations

from datetime import date

from tracker.rules.case_checklists import checklist_for, checklist_item_for
from tracker.rules.documents import checklist

ON = date(2026, 12, 1)


def test_entry_extension_change_and_record():
    assert checklist_for("GEP", "entry", ON) == checklist("GEP")
    assert [i.code for i in checklist_for("GEP", "extension", ON)][0] == "id91"
    change = [i.code for i in checklist_for("GEP", "change_of_employment", ON)]
    assert change[:2] == ["id990a", "id990b"] and change[-1] == "current_permission"
    assert checklist_for("IANG", "record", ON) == ()
    assert checklist_item_for("QMAS", "extension", "in_hong_kong", ON) is not None
    assert checklist_item_for("QMAS", "extension", "in_hong_kong", date(2023, 1, 1)) is None
