"""The case page built around the next step (issue 17): its progress, the next action at the
top, the checklist saved in one form, refusals that stay on the page, settled items folded
once the case is past submission; in English and Chinese."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from tests import documents_files as files
from tests.case_helpers import FACTS, pin_today, walk
from tracker.audit.models import AuditEvent
from tracker.documents.models import CaseDocument
from tracker.extensions import db

ZH = {"Accept-Language": "zh-HK"}


@pytest.fixture
def gep(app, make, login, company, monkeypatch, tmp_path):
    """A GEP case in draft, a signed-in staff user, today pinned and uploads kept apart."""
    pin_today(app, monkeypatch)
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    login(make.user(company, role="staff"))
    return make.case(company=company, scheme="GEP")


def documents(app, case_id: int) -> dict[str, CaseDocument]:
    with app.app_context():
        rows = db.session.scalars(sa.select(CaseDocument).where(CaseDocument.case_id == case_id))
        return {d.code: d for d in rows}


def document_audits(app) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "document").order_by(AuditEvent.id)))


def save(client, case_id: int, items: dict[str, tuple[str, str]], headers=None, **query):
    """Post the checklist's one form: {code: (status, received date)}."""
    data = {}
    for code, (status, received) in items.items():
        data |= {f"status-{code}": status, f"received-{code}": received}
    return client.post(f"/cases/{case_id}/documents", data=data, query_string=query,
                       headers=headers or {})


def page_of(client, case_id: int, headers=None) -> str:
    return client.get(f"/cases/{case_id}", headers=headers or {}).get_data(as_text=True)


# --- several items in one save --------------------------------------------------------------

def test_one_save_changes_several_items_with_one_audit_entry_each(app, client, gep):
    page = f"/cases/{gep.id}"
    response = save(client, gep.id, {"passport": ("received", "2025-05-20"),
                                     "cv": ("not_applicable", ""),
                                     "degree": ("missing", "2025-06-02")}, next=page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}#documents")
    rows = documents(app, gep.id)
    assert (rows["passport"].status, rows["passport"].received_on.isoformat()) == (
        "received", "2025-05-20")
    assert rows["cv"].status == "not_applicable" and "degree" not in rows  # unchanged: no row
    audits = document_audits(app)
    assert [a.changes for a in audits] == [
        {"passport.status": ["missing", "received"], "passport.received_on": [None, "2025-05-20"]},
        {"cv.status": ["missing", "not_applicable"]}]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Documents saved: Passport copy (personal particulars page), " in shown


def test_a_save_with_nothing_changed_says_so(app, client, gep):
    response = save(client, gep.id, {"cv": ("missing", "")})
    assert "Documents: no change." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert document_audits(app) == []


def test_every_refusal_is_shown_at_once_and_nothing_is_written(app, client, gep):
    response = save(client, gep.id, {"passport": ("received", "2025-06-03"),  # the future
                                     "cv": ("received", "2025-02-30"),       # no such day
                                     "degree": ("received", "1899-01-01"),   # a typing slip
                                     "contract": ("received", "2025-05-01")},  # fine alone
                    next=f"/cases/{gep.id}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "3 documents could not be saved; nothing was saved." in html
    for code, message in (("passport", "The received date cannot be in the future."),
                          ("cv", "Received on: not a valid date."),
                          ("degree", "The received date looks wrong: check the year.")):
        assert f'id="error-{code}">{message}</div>' in html
    assert 'id="error-contract"' not in html
    assert 'value="2025-02-30"' in html and 'value="1899-01-01"' in html  # as typed
    assert 'id="next-action"' in html  # the case page, not the documents page
    assert documents(app, gep.id) == {} and document_audits(app) == []


def test_the_save_needs_the_csrf_token(app, client, gep, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert save(client, gep.id, {"cv": ("received", "")}).status_code == 400  # no token
    assert documents(app, gep.id) == {}
    token = re.search(r'id="checklist-save"[^>]*>\s*<input type="hidden" name="csrf_token" '
                      r'value="([^"]+)"', page_of(client, gep.id)).group(1)
    response = client.post(f"/cases/{gep.id}/documents",
                           data={"csrf_token": token, "status-cv": "received"})
    assert response.status_code == 302 and documents(app, gep.id)["cv"].status == "received"


def test_a_viewer_reads_the_checklist_but_cannot_save_it(app, client, make, company, login):
    case = make.case(company=company, scheme="GEP")
    login(make.user(company, role="viewer"))
    assert save(client, case.id, {"cv": ("received", "")}).status_code == 403
    html = page_of(client, case.id)
    assert 'id="checklist-save"' not in html and 'id="doc-cv"' in html
    assert documents(app, case.id) == {}


# --- a refused upload stays on the case page ------------------------------------------------

def test_a_refused_upload_comes_back_to_its_item_on_the_case_page(app, client, gep):
    page = f"/cases/{gep.id}"
    url = f"/cases/{gep.id}/documents/cv/upload"
    response = client.post(url, query_string={"next": page}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(files.HTML), "cv.pdf")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{page}#doc-cv")
    shown = client.get(response.headers["Location"])
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "“cv.pdf” is not a PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX) file" in html
    assert 'class="alert alert-danger"' in html and 'id="next-action"' in html
    assert documents(app, gep.id) == {}


def test_an_upload_by_the_script_gets_the_message_and_the_new_row(app, client, gep):
    fetch = {"X-Requested-With": "fetch"}
    url = f"/cases/{gep.id}/documents/cv/upload"
    answer = client.post(url, headers=fetch, content_type="multipart/form-data",
                         query_string={"next": f"/cases/{gep.id}"},
                         data={"file": (io.BytesIO(files.pdf()), "cv.pdf")})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["ok"] and "“cv.pdf” uploaded." in body["message"]
    assert body["row"].startswith('<li class="list-group-item doc-item') and "cv.pdf" in body["row"]
    assert 'data-status="received"' in body["row"]
    assert body["counts"].startswith("1 received")
    refused = client.post(url, headers=fetch, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b""), "cv.pdf")})
    assert refused.status_code == 400 and not refused.get_json()["ok"]
    assert "“cv.pdf” is empty." in refused.get_json()["message"]


# --- the next action, the progress, the folding ---------------------------------------------

def test_the_next_action_comes_first_with_what_stands_before_submission(client, gep, make):
    html = page_of(client, gep.id)
    assert html.index('id="next-action"') < html.index('id="documents"') < html.index(
        'id="details-heading"')
    assert html.index('id="case-stepper"') < html.index('id="next-action"')
    action = html.split('id="next-action"', 1)[1].split("</section>", 1)[0]
    assert 'class="move-form"' in action
    # Draft → preparing does not submit: nothing stands before it yet.
    assert 'id="blockers"' not in action


def test_before_submission_the_missing_documents_are_listed_with_links(app, client, gep, make):
    walk(app, gep, "preparing")
    make.documents(gep, ["passport"])
    action = page_of(client, gep.id).split('id="next-action"', 1)[1].split("</section>", 1)[0]
    assert 'id="blockers"' not in action  # no rule refuses this case
    missing = action.split('id="missing-documents">', 1)[1].split("</p>", 1)[0]
    assert "8 required documents missing (the submission warns, it is not refused):" in missing
    assert '<a href="#doc-cv">CV / proof of work experience</a>, ' in missing
    assert 'href="#doc-passport"' not in missing
    assert action.index('class="move-form"') < action.index('id="missing-documents"')


def test_a_rule_that_refuses_the_submission_is_named_above_the_form(app, client, make, company,
                                                                   gep):
    allotment = make.techtas_allotment(company, positions=[{"quotas": 1}])
    first, second = (make.case(company, allotment=allotment) for _ in range(2))
    walk(app, first, "preparing", "submitted")  # takes the only quota
    walk(app, second, "preparing")
    action = page_of(client, second.id).split('id="next-action"', 1)[1].split("</section>", 1)[0]
    blockers = action.split('id="blockers"', 1)[1].split("</div>", 1)[0]
    assert '<li class="text-danger-emphasis" data-refuses="true"><a href="#eligibility">Valid ' \
        'allotment' in blockers and "refuses the submission" in blockers
    assert action.index('id="blockers"') < action.index('class="move-form"')


def test_the_stepper_marks_the_current_stage_and_the_ending(app, client, gep):
    walk(app, gep, "preparing", "submitted", "approved")
    html = page_of(client, gep.id)
    stepper = html.split('id="case-stepper"', 1)[1].split("</ol>", 1)[0]
    states = {stage: state for state, stage in
              re.findall(r'class="step step-(\w+)[^"]*" data-stage="(\w+)"', stepper)}
    assert states == {"draft": "done", "preparing": "done", "submitted": "done",
                      "info_requested": "skipped", "approved": "current", "visa_issued": "todo",
                      "arrived": "todo", "active": "todo", "closed": "todo"}
    assert 'step-ending" data-stage="closed"' in stepper
    assert 'aria-current="step"' in stepper and "Stage 5 of 9" in html


def test_an_ended_case_ends_its_stepper_with_its_own_ending(app, client, gep):
    walk(app, gep, "withdrawn")
    stepper = page_of(client, gep.id).split('id="case-stepper"', 1)[1].split("</ol>", 1)[0]
    assert 'step-current step-ending" data-stage="withdrawn"' in stepper
    assert 'data-stage="closed"' not in stepper
    assert "no further moves" in page_of(client, gep.id)


def test_before_submission_every_item_is_open_with_the_missing_box(client, gep, make):
    make.documents(gep, ["passport"])
    html = page_of(client, gep.id)
    assert "8 required documents missing before submission to ImmD." in html
    assert 'id="documents-settled"' not in html


def test_past_submission_settled_items_fold_away_and_no_missing_box(app, client, gep, make):
    make.documents(gep, ["passport", "cv"])
    make.documents(gep, ["photo"], status="not_applicable")
    walk(app, gep, "preparing", "submitted", "approved", "visa_issued", "arrived", "active")
    html = page_of(client, gep.id)
    assert "required documents missing" not in html and 'id="documents-missing"' not in html
    folded = html.split('<details class="doc-settled mt-2" id="documents-settled">', 1)[1]
    folded = folded.split("</details>", 1)[0]
    assert "3 settled items (received or not applicable)" in folded
    assert {"doc-passport", "doc-cv", "doc-photo"} == set(re.findall(r'id="(doc-[a-z_0-9]+)"',
                                                                   folded))
    open_list = html.split('id="documents-settled"', 1)[0].split('id="documents"', 1)[1]
    assert 'id="doc-degree"' in open_list and 'id="doc-passport"' not in open_list


def test_eligibility_is_a_summary_line_with_the_rules_on_demand(client, gep):
    html = page_of(client, gep.id)
    section = html.split('id="eligibility"', 1)[1].split("</section>", 1)[0]
    assert 'class="mb-1 verdict-summary"' in section
    assert section.index("verdict-summary") < section.index('<details class="eligibility-rules"')
    assert "<details class=\"eligibility-rules\" id=\"eligibility-rules\">" in section  # closed
    assert "rules, one by one</summary>" in section


def test_the_page_uses_no_inline_script_or_style(client, gep):
    html = page_of(client, gep.id)
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert '<script src="/static/case_page.js"></script>' in html


# --- in Chinese -----------------------------------------------------------------------------

def test_the_new_case_page_reads_in_chinese(app, client, gep, make):
    walk(app, gep, "preparing")
    html = page_of(client, gep.id, ZH)
    for chinese in ("進度", "欠缺 9 份必需文件（提交時會發出警告，但不會被拒）：", "儲存狀態",
                    "可更改多個項目，然後一併儲存。", "履歷／工作經驗證明</a>、", "逐項查看",
                    "第 2 階段，共 9 個"):
        assert chinese in html, chinese
    for english in ("Progress", "the submission warns", "Save the statuses",
                    "Change as many items", "one by one", "Stage 2 of 9"):
        assert english not in html, english
    make.documents(gep, ["passport", "cv"])
    walk(app, gep, "submitted", "approved", "visa_issued", "arrived", "active")
    assert "2 項已處理（已收到或不適用）" in page_of(client, gep.id, ZH)


def test_a_refused_save_reads_in_chinese(app, client, gep):
    response = save(client, gep.id, {"passport": ("received", "2025-06-03"),
                                     "cv": ("received", "2025-02-30")}, headers=ZH,
                    next=f"/cases/{gep.id}")
    html = response.get_data(as_text=True)
    assert "有 2 項文件無法儲存；所有更改均未儲存。" in html
    assert "收到日期不可在將來。" in html and "收到日期：日期無效。" in html
    assert "could not be saved" not in html and "not a valid date" not in html


def test_the_facts_of_a_move_still_come_first_on_a_refused_move(app, client, gep):
    walk(app, gep, "preparing")
    response = client.post(f"/cases/{gep.id}/move", data={
        "to_stage": "submitted", "submitted_on": "2025-06-03",
        "immd_reference": FACTS["submitted"]["immd_reference"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "The move was not saved" in html
    assert html.index('class="move-form"') < html.index('id="documents"')
