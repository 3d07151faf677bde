"""Stage labels where workflows share a stage code."""

from __future__ import annotations

import pytest

from tracker.rules.workflow import EMPLOYMENT, SELF_APPLIED, common_label, stage_label


@pytest.mark.parametrize(("labels", "label"), [
    (["Visa issued"], "Visa issued"),
    (["Visa issued", "Visa issued"], "Visa issued"),
    (["Active (employed)", "Active (in Hong Kong)"], "Active"),
    (["Active (employed)", "Active"], "Active"),
    (["Approved", "Approval-in-principle"], "Approved / Approval-in-principle"),
    (["Active (employed)", "Employed (active)"], "Active (employed) / Employed (active)"),
])
def test_common_label(labels, label):
    assert common_label(labels) == label


def test_stage_label_is_true_for_every_workflow():
    assert EMPLOYMENT.stage("active").label != SELF_APPLIED.stage("active").label
    assert stage_label("active") == "Active"
    assert stage_label("submitted") == "Submitted to ImmD"
    assert stage_label("draft") == "Draft"  # one workflow only
    assert stage_label("in_principle") == "Approval-in-principle"
    assert stage_label("no_such_stage") == "no_such_stage"
