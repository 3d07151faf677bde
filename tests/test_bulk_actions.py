"""Bulk actions on the case list (issue 17): assign an owner, move where allowed (each
refusal listed with its reason, the others moved, each with its audit entry and timeline
event), mark a document received; staff only, CSRF, company-scoped; in Chinese too."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.case_helpers import TODAY, audit_entries, case_row
from tests.quota_helpers import config
from tracker.cases.models import Case, CaseStageEvent
from tracker.documents.models import CaseDocument
from tracker.extensions import db

pytestmark = pytest.mark.usefixtures("pinned_today")

ZH = {"Accept-Language": "zh-HK,zh;q=0.9"}


def set_case(app, case_id: int, **columns) -> None:
    with app.app_context():
        db.session.execute(sa.update(Case).where(Case.id == case_id).values(**columns))
        db.session.commit()


def events(app, case_id: int) -> list[tuple[str | None, str]]:
    with app.app_context():
        return [(e.from_stage, e.to_stage) for e in db.session.scalars(
            sa.select(CaseStageEvent).where(CaseStageEvent.case_id == case_id)
            .order_by(CaseStageEvent.id))]


def bulk(client, ids, headers=None, **fields):
    data = {"case_id": [str(i) for i in ids], **fields}
    return client.post("/cases/bulk", data=data, headers=headers or {}, follow_redirects=True)


@pytest.fixture
def three(app, make, company):
    """Two drafts and a submitted case of the company; one case of another company."""
    drafts = [make.case(company) for _ in range(2)]
    submitted = make.case(company)
    set_case(app, submitted.id, stage="submitted")
    theirs = make.case(make.company())
    return {"drafts": drafts, "submitted": submitted, "theirs": theirs}


def test_move_where_allowed_and_list_each_refusal(app, client, staff, three):
    ids = [c.id for c in three["drafts"]] + [three["submitted"].id]
    page = bulk(client, ids, action="move", to_stage="preparing").get_data(as_text=True)
    assert "Moved 2 cases." in page
    refused = three["submitted"].id
    assert re.search(rf"Case {refused} \([^)]*\): A case in &#39;Submitted to ImmD&#39; "
                     r"cannot move to &#39;Preparing documents&#39;", page)
    for case in three["drafts"]:
        assert case_row(app, case.id).stage == "preparing"
        assert events(app, case.id)[-1] == ("draft", "preparing")
        assert [e.summary for e in audit_entries(app, "case", case.id, "stage")] == [
            "Draft → Preparing documents"]
    assert case_row(app, refused).stage == "submitted"
    assert audit_entries(app, "case", refused, "stage") == []


def test_a_move_needing_a_case_value_is_refused_with_the_rule(app, client, staff, make,
                                                               company):
    approved = make.case(company)
    set_case(app, approved.id, stage="approved")
    page = bulk(client, [approved.id], action="move", to_stage="visa_issued").get_data(
        as_text=True)
    assert "Enter the" in page and "Limit of stay until" in page
    assert case_row(app, approved.id).stage == "approved"


def test_the_date_given_is_the_steps_date(app, client, staff, make, company):
    preparing = make.case(company)
    make.documents(preparing)
    set_case(app, preparing.id, stage="preparing")
    bulk(client, [preparing.id], action="move", to_stage="submitted", on="2025-05-20")
    row = case_row(app, preparing.id)
    assert row.stage == "submitted" and row.submitted_on.isoformat() == "2025-05-20"


def test_another_companys_ids_refuse_the_whole_selection(app, client, staff, three):
    theirs, mine = three["theirs"], three["drafts"][0]
    response = client.post("/cases/bulk", data={"case_id": [str(mine.id), str(theirs.id)],
                                                "action": "move", "to_stage": "preparing"})
    assert response.status_code == 400
    assert "the selection holds cases that are not your company&#39;s" in response.get_data(
        as_text=True)
    assert case_row(app, theirs.id).stage == "draft" and len(events(app, theirs.id)) == 1
    assert case_row(app, mine.id).stage == "draft"


def test_the_service_refuses_a_foreign_id_on_its_own_too(app, make, company, three):
    from tracker.cases.bulk import move_cases
    with app.app_context():
        result = move_cases(company.id, [three["theirs"].id], "preparing", TODAY)
    assert [r.reason for r in result.refused] == ["There is no such case in your company."]
    assert case_row(app, three["theirs"].id).stage == "draft"


def test_assign_an_owner(app, client, make, company, staff, three):
    colleague = make.user(company, role="staff")
    ids = [c.id for c in three["drafts"]]
    page = bulk(client, ids, action="owner", owner=str(colleague.id)).get_data(as_text=True)
    assert "Owner assigned to 2 cases." in page
    for case_id in ids:
        assert case_row(app, case_id).owner_id == colleague.id
        assert len(audit_entries(app, "case", case_id, "update")) == 1
    again = bulk(client, ids, action="owner", owner=str(colleague.id)).get_data(as_text=True)
    assert "2 cases were already so." in again


def test_an_owner_of_another_company_is_refused(app, client, make, company, staff, three):
    stranger = make.user(make.company(), role="staff")
    case_id = three["drafts"][0].id
    page = bulk(client, [case_id], action="owner", owner=str(stranger.id)).get_data(
        as_text=True)
    assert "Choose an active user of your company as owner." in page  # 400, nothing done
    assert case_row(app, case_id).owner_id is None


def test_mark_a_document_received_where_it_applies(app, client, staff, make, company, three):
    qmas = make.case(company, scheme="QMAS", job_title="")
    ids = [three["drafts"][0].id, qmas.id]
    page = bulk(client, ids, action="documents", document="contract").get_data(as_text=True)
    assert "Marked received on 1 case." in page
    assert f"Case {qmas.id} (" in page and "Its checklist has no such document." in page
    with app.app_context():
        rows = db.session.execute(sa.select(CaseDocument.case_id, CaseDocument.status)
                                  .where(CaseDocument.code == "contract")).all()
    assert rows == [(three["drafts"][0].id, "received")]


def test_viewers_cannot_and_nothing_changes(app, client, make, company, login, three):
    login(make.user(company, role="viewer"))
    assert client.post("/cases/bulk", data={"case_id": [str(three["drafts"][0].id)],
                                            "action": "move", "to_stage": "preparing"}
                       ).status_code == 403
    assert case_row(app, three["drafts"][0].id).stage == "draft"
    page = client.get("/cases/").get_data(as_text=True)
    assert 'id="bulk-form"' not in page and 'name="case_id"' not in page


def test_the_csrf_token_is_required(app, client, staff, three):
    case_id = three["drafts"][0].id
    with config(app, WTF_CSRF_ENABLED=True):
        response = client.post("/cases/bulk", data={"case_id": [str(case_id)],
                                                    "action": "move", "to_stage": "preparing"})
        assert response.status_code == 400
        page = client.get("/cases/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/cases/bulk", data={"csrf_token": token, "case_id": [str(case_id)],
                                                    "action": "move", "to_stage": "preparing"})
        assert response.status_code == 302
    assert case_row(app, case_id).stage == "preparing"


def test_the_list_offers_checkboxes_and_comes_back_with_its_filters(app, client, staff, three):
    page = client.get("/cases/?scheme=GEP").get_data(as_text=True)
    for case in three["drafts"]:
        assert f'name="case_id" value="{case.id}" form="bulk-form"' in page
    assert 'id="select-all"' in page and "case_list.js" in page
    response = client.post("/cases/bulk", data={"case_id": [str(three["drafts"][0].id)],
                                                "action": "move", "to_stage": "preparing",
                                                "back": "scheme=GEP&evil=1"})
    assert response.status_code == 302 and response.location.endswith("/cases/?scheme=GEP")


def test_nothing_selected(client, staff, three):
    page = bulk(client, [], action="move", to_stage="preparing").get_data(as_text=True)
    assert "Select at least one case." in page


def test_bulk_messages_in_chinese(app, client, staff, three):
    ids = [three["drafts"][0].id, three["submitted"].id]
    page = bulk(client, ids, headers=ZH, action="move", to_stage="preparing").get_data(
        as_text=True)
    assert "已轉移 1 個個案。" in page and "Moved 1 case." not in page
    assert "cannot move to" not in page
    listing = client.get("/cases/", headers=ZH).get_data(as_text=True)
    assert "所選個案" in listing and "With the selected cases" not in listing
