"""Allotments through the real views: validity, positions, references, edits, deletes."""

from __future__ import annotations

import html
from datetime import date

import pytest

from tests.quota_helpers import AI, allotment_post, audit_entries, config, stored_allotments
from tracker.rules.techtas_rules import quota_validity


def test_new_form_prefills_valid_until_and_shows_the_note(app, client, staff):
    with config(app, TODAY_OVERRIDE="2025-03-03"):
        page = client.get("/quotas/new").get_data(as_text=True)
    assert 'value="2025-03-03"' in page and 'value="2026-03-03"' in page
    rule = quota_validity(date(2022, 12, 28))
    text = " ".join(html.unescape(page).split())
    assert "ITC gives 24 months to quotas allotted from 28/12/2022" in text
    assert f"Source: {rule.source}." in text
    for label in ("ITC reference", "Allotment date", "Valid until", "Number of quotas",
                  "Job title", "Technology area", "Required qualification",
                  "Monthly salary (HKD)", "Quotas"):
        assert f">{label}</label>" in page
    assert "Quantum technology" in page and "<script>" not in page and "style=" not in page


def test_blank_valid_until_is_allotment_date_plus_twelve_months(app, client, staff, company):
    response = client.post("/quotas/new", data=allotment_post(allotment_date="2025-03-03"))
    assert response.status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == date(2026, 3, 3)
    assert [(p.job_title, p.quotas, p.used) for p in allotment.positions] == \
        [("Data scientist", 3, 0)]


def test_validity_setting_of_24_months_is_used(app, client, staff, company):
    with config(app, TECHTAS_QUOTA_VALIDITY_MONTHS=24, TODAY_OVERRIDE="2025-01-01"):
        assert 'value="2027-01-01"' in client.get("/quotas/new").get_data(as_text=True)
        client.post("/quotas/new", data=allotment_post(allotment_date="2025-03-03"))
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == date(2027, 3, 3)


def test_explicit_valid_until_is_kept(app, client, staff, company):
    client.post("/quotas/new", data=allotment_post(allotment_date="2025-03-03",
                                                   valid_until="2027-03-02"))
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.valid_until == date(2027, 3, 2)


def test_valid_until_before_allotment_date_is_refused(app, client, staff, company):
    response = client.post("/quotas/new", data=allotment_post(valid_until="2025-01-01"))
    assert response.status_code == 200
    assert b"Valid until cannot be before the allotment date." in response.data
    assert stored_allotments(app, staff.company_id) == []


def test_several_positions_must_add_up_to_the_total(app, client, staff, company):
    positions = (("Data scientist", AI, 42000, 2), ("Robotics engineer", "Robotics", 38000, 2))
    response = client.post("/quotas/new", data=allotment_post(total=5, positions=positions))
    assert response.status_code == 200
    assert b"The positions&#39; quotas add up to 4, but the Number of quotas is 5" in response.data
    assert stored_allotments(app, staff.company_id) == []
    assert client.post("/quotas/new", data=allotment_post(total=4, positions=positions)
                       ).status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert [p.quotas for p in allotment.positions] == [2, 2]


def test_area_must_be_on_the_list_for_the_allotment_date(app, client, staff):
    old_area = (("Engineer", "5G communications", 40000, 3),)
    response = client.post("/quotas/new", data=allotment_post(positions=old_area))
    assert b"5G communications is not a TechTAS technology area for allotments dated 03/03/2025" \
        in response.data
    assert client.post("/quotas/new", data=allotment_post(
        allotment_date="2022-06-01", positions=old_area)).status_code == 302


@pytest.mark.parametrize("field,value,message", [
    ("total_quotas", "0", b"Number must be at least 1."),
    ("positions-0-quotas", "0", b"Number must be at least 1."),
    ("positions-0-monthly_salary", "-5", b"Enter an amount from HK$0 to HK$10,000,000."),
    ("positions-0-monthly_salary", "lots", b"Not a valid integer value."),
    ("allotment_date", "31/02/2025", b"Not a valid date value."),
    ("itc_reference", "", b"This field is required."),
])
def test_bad_input_gets_a_message_and_saves_nothing(app, client, staff, field, value, message):
    response = client.post("/quotas/new", data=allotment_post() | {field: value})
    assert response.status_code == 200 and message in response.data
    assert stored_allotments(app, staff.company_id) == []


@pytest.mark.sqlite  # the case-insensitive match is a lower() on each dialect
def test_duplicate_reference_in_same_company_is_refused(app, client, make, staff, company):
    make.allotment(company, reference="ITC/DUP/1")
    response = client.post("/quotas/new", data=allotment_post(reference="itc/dup/1 "))
    assert response.status_code == 200
    assert b"ITC reference itc/dup/1 is already recorded for your company." in response.data
    assert len(stored_allotments(app, staff.company_id)) == 1


def test_same_reference_is_allowed_in_another_company(app, client, make, staff, company):
    other = make.company()
    make.allotment(other, reference="ITC/SAME/1")
    assert client.post("/quotas/new", data=allotment_post(reference="ITC/SAME/1")
                       ).status_code == 302
    assert [a.itc_reference for a in stored_allotments(app, staff.company_id)] == ["ITC/SAME/1"]


def test_add_position_button_rerenders_with_one_more_row(client, staff):
    response = client.post("/quotas/new", data=allotment_post() | {
        "add_position": "Add position", "submit": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="positions-1-job_title"' in page and 'value="Data scientist"' in page
    assert "This field is required" not in page


def test_remove_position_button_drops_that_row(client, staff):
    positions = (("Data scientist", AI, 42000, 2), ("Robotics engineer", "Robotics", 38000, 1))
    response = client.post("/quotas/new", data=allotment_post(positions=positions) | {
        "positions-0-remove": "Remove position", "submit": ""})
    page = response.get_data(as_text=True)
    assert "Robotics engineer" in page and "Data scientist" not in page


def test_a_blank_extra_row_is_ignored(app, client, staff, company):
    data = allotment_post() | {"positions-1-job_title": "", "positions-1-monthly_salary": "",
                               "positions-1-quotas": "", "positions-1-technology_area": AI}
    assert client.post("/quotas/new", data=data).status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert len(allotment.positions) == 1


def edit_post(record, positions, total, **extra):
    """An edit post keeping the record's reference and date, with positions given by id."""
    data = allotment_post(reference=record.itc_reference, allotment_date="2025-01-06",
                          valid_until=str(record.valid_until), total=total,
                          positions=tuple(p[1:] for p in positions))
    for i, (position_id, *_rest) in enumerate(positions):
        if position_id:
            data[f"positions-{i}-position_id"] = position_id
    return data | extra


def test_edit_never_reduces_quotas_below_used(app, client, make, staff, company):
    record = make.allotment(company, positions=(("ML engineer", 3),), used=(2,))
    pid = record.position_ids[0]
    response = client.post(f"/quotas/{record.id}/edit",
                           data=edit_post(record, [(pid, "ML engineer", AI, 40000, 1)], 1))
    assert b"2 quotas are in use for ML engineer: its quotas cannot go below 2." in response.data
    [allotment] = stored_allotments(app, staff.company_id)
    assert allotment.total_quotas == 3 and allotment.positions[0].quotas == 3
    assert client.post(f"/quotas/{record.id}/edit", data=edit_post(
        record, [(pid, "ML engineer", AI, 40000, 2)], 2)).status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert (allotment.total_quotas, allotment.positions[0].quotas) == (2, 2)


def test_edit_adds_changes_and_removes_positions_with_audit(app, client, make, staff, company):
    record = make.allotment(company,
                            positions=(("ML engineer", 2), ("Old role", 1)))
    keep, drop = record.position_ids
    response = client.post(f"/quotas/{record.id}/edit", data=edit_post(
        record, [(keep, "ML engineer", AI, 45000, 2), (None, "Quantum researcher",
                                                        "Quantum technology", 60000, 2)], 4))
    assert response.status_code == 302
    [allotment] = stored_allotments(app, staff.company_id)
    assert [(p.job_title, p.monthly_salary, p.quotas) for p in allotment.positions] == [
        ("ML engineer", 45000, 2), ("Quantum researcher", 60000, 2)]
    entries = [(e.action, e.object_type, e.object_id, e.changes)
               for e in audit_entries(app) if e.user_id == staff.id]
    new_id = allotment.positions[1].id
    assert ("update", "quota_allotment", record.id, {"total_quotas": [3, 4]}) in entries
    [kept] = [e[3] for e in entries if e[:3] == ("update", "quota_position", keep)]
    assert kept == {"monthly_salary": [40000, 45000],
                    "required_qualification": ["", "MSc in a STEM subject"]}
    assert ("delete", "quota_position", drop) in [e[:3] for e in entries]
    created = [e for e in entries if e[:3] == ("create", "quota_position", new_id)]
    assert created and created[0][3]["job_title"] == [None, "Quantum researcher"]


def test_same_position_posted_twice_is_refused(app, client, make, staff, company):
    record = make.allotment(company, positions=(("ML engineer", 2), ("Other", 1)))
    pid = record.position_ids[0]
    response = client.post(f"/quotas/{record.id}/edit", data=edit_post(
        record, [(pid, "ML engineer", AI, 40000, 2), (pid, "ML engineer", AI, 40000, 1)], 3))
    assert b"The same position appears twice" in response.data
    assert [p.quotas for p in stored_allotments(app, company.id)[0].positions] == [2, 1]


def test_position_used_by_a_case_cannot_be_removed(app, client, make, staff, company):
    record = make.allotment(company, positions=(("ML engineer", 2), ("Other", 1)))
    make.case_on_allotment(record, position_index=1)
    keep = record.position_ids[0]
    response = client.post(f"/quotas/{record.id}/edit", data=edit_post(
        record, [(keep, "ML engineer", AI, 40000, 3)], 3))
    assert b"Position Other is used by cases and cannot be removed." in response.data
    assert len(stored_allotments(app, staff.company_id)[0].positions) == 2


def test_edit_form_lists_existing_positions(client, make, staff, company):
    record = make.allotment(company, positions=(("ML engineer", 2), ("Other", 1)),
                            used=(1,))
    page = client.get(f"/quotas/{record.id}/edit").get_data(as_text=True)
    assert f'value="{record.position_ids[1]}"' in page and "1 in use" in page


def test_posting_another_allotments_position_id_is_404(app, client, make, staff, company):
    mine = make.allotment(company)
    theirs = make.allotment(make.company())
    response = client.post(f"/quotas/{mine.id}/edit", data=edit_post(
        mine, [(theirs.position_ids[0], "Hijack", AI, 1, 2)], 2))
    assert response.status_code == 404
    assert stored_allotments(app, theirs.company_id)[0].positions[0].job_title != "Hijack"


def test_delete_only_when_no_case_refers_to_it(app, client, make, staff, company):
    record = make.allotment(company)
    case_id = make.case_on_allotment(record)
    response = client.post(f"/quotas/{record.id}/delete", follow_redirects=True)
    assert b"1 case uses allotment" in response.data
    assert len(stored_allotments(app, staff.company_id)) == 1
    from tracker.cases.models import Case
    from tracker.extensions import db

    with app.app_context():
        db.session.delete(db.session.get(Case, case_id))
        db.session.commit()
    assert client.post(f"/quotas/{record.id}/delete").status_code == 302
    assert stored_allotments(app, staff.company_id) == []
    deleted = [e for e in audit_entries(app) if e.action == "delete"]
    assert {(e.object_type, e.object_id) for e in deleted} == {
        ("quota_allotment", record.id), ("quota_position", record.position_ids[0])}
    assert next(e for e in deleted if e.object_type == "quota_allotment"
                ).changes["itc_reference"] == [record.itc_reference, None]


def test_create_is_audited_with_fields_and_user(app, client, staff, company):
    client.post("/quotas/new", data=allotment_post(reference="ITC/AUD/1"))
    [allotment] = stored_allotments(app, staff.company_id)
    entries = audit_entries(app, "quota_allotment")
    assert [(e.action, e.object_id, e.user_id, e.company_id) for e in entries] == [
        ("create", allotment.id, staff.id, staff.company_id)]
    assert entries[0].changes["itc_reference"] == [None, "ITC/AUD/1"]
    assert entries[0].changes["valid_until"] == [None, "2026-03-03"]
    [position] = audit_entries(app, "quota_position")
    assert position.changes["quotas"] == [None, 3]
