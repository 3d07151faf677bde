"""Languages (issue 15): document checklists, refusals and the documents page in Chinese.

Item names and notes are `Text` (tracker/rules/documents.py): English when stored and
compared, translated when shown. The English pages are tests/test_documents.py's.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from tests import documents_files as files
from tracker.documents.checklist import STATUS_LABELS
from tracker.documents.filetypes import ALLOWED_LABELS
from tracker.rules.documents import CHECKLISTS, checklist_item
from tracker.rules.text import Text

ZH = {"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
TODAY = date(2025, 3, 14)
# Latin words a Chinese checklist may keep: file formats, the STEM acronym, and the
# extension of an uploaded file's name.
KEPT_LATIN = {"PDF", "PNG", "JPEG", "Word", "DOCX", "Excel", "XLSX", "STEM", "pdf"}
ENGLISH_CHROME = ("Documents", "Required before submission", "Optional", "Missing",
                  "Received", "Not applicable", "Status", "Save", "Upload", "File",
                  "required document", "Every required document")


@pytest.fixture
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "TODAY_OVERRIDE", TODAY.isoformat())


@pytest.fixture
def gep(make, company, staff, uploads):
    """A GEP case of `company`, its staff user signed in."""
    return make.case(company=company, scheme="GEP")


def section(page: str) -> str:
    """The checklist section of *page*."""
    found = re.search(r'<section id="documents".*?</section>', page, re.S)
    assert found, "no checklist on the page"
    return found.group(0)


def visible_text(html: str) -> str:
    """*html* without its tags (attribute values such as ids and URLs are not shown)."""
    return re.sub(r"<[^>]+>", " ", html)


def leftover_english(html: str) -> set[str]:
    """Latin words of three letters or more that a reader of *html* would see."""
    return set(re.findall(r"[A-Za-z]{3,}", visible_text(html))) - KEPT_LATIN


def upload(client, case_id: int, code: str, content: bytes, name: str, headers=ZH):
    return client.post(f"/cases/{case_id}/documents/{code}/upload", headers=headers,
                       data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def set_status(client, case_id: int, code: str, status: str, received_on: str = "",
               headers=ZH, **kwargs):
    return client.post(f"/cases/{case_id}/documents/{code}/status", headers=headers,
                       data={"status": status, "received_on": received_on}, **kwargs)


def test_every_checklist_item_status_and_type_label_has_a_chinese_text(app):
    texts = [text for items in CHECKLISTS.values() for item in items
             for text in (item.label, item.note) if text]
    texts += [*STATUS_LABELS.values(), ALLOWED_LABELS]
    assert all(isinstance(text, Text) for text in texts)
    with app.test_request_context(headers=ZH):
        untranslated = [t for t in texts if t.translated() == str(t)
                        or re.search(r"[A-Za-z]{4,}", t.translated().replace("STEM", ""))
                        and not re.search(r"[\u4e00-\u9fff]", t.translated())]
    assert untranslated == []


def test_the_gep_checklist_reads_in_chinese_with_no_english_left(client, gep):
    set_status(client, gep.id, "passport", "received", "2025-03-02")
    upload(client, gep.id, "cv", files.pdf(), "履歷.pdf")
    set_status(client, gep.id, "local_recruitment", "not_applicable")
    page = client.get(f"/cases/{gep.id}/documents", headers=ZH).get_data(as_text=True)
    checklist = section(page)
    for chinese in ("文件", "護照副本（個人資料頁）", "本地招聘困難的理據", "近照",
                    "ID 990A – 申請表（申請人）", "商業登記證", "已於 02/03/2025 收到",
                    "不適用", "欠缺", "遞交前必需", "向入境事務處遞交申請前，尚欠 6 份必需文件。",
                    "已收 2 份 · 不適用 1 份 · 欠缺 6 份（共 9 份）", "檔案：", "移除檔案",
                    "（1 KB，於 ", "收到日期", "上載", "每個不超過"):
        assert chinese in checklist, chinese
    assert "創新科技署配額分配信" not in checklist  # TechTAS only
    assert leftover_english(checklist) == set()
    for english in ENGLISH_CHROME + ("Passport copy", "Justification of local recruitment"):
        assert english not in visible_text(checklist), english
    # The select offers the statuses in Chinese; the posted values stay English codes.
    assert '<option value="not_applicable" selected>不適用</option>' in checklist


def test_the_techtas_checklist_reads_in_chinese_on_the_case_page(client, make, company, staff,
                                                                uploads, allotment):
    case = make.case(company, allotment=allotment)
    page = client.get(f"/cases/{case.id}", headers=ZH).get_data(as_text=True)
    checklist = section(page)
    for chinese in ("創新科技署配額分配信", "本個案所用職位所屬的配額分配信。", "可選",
                    "科技人才入境計劃須持有 STEM 學科排名前 100 大學頒授的 STEM 學位"):
        assert chinese in checklist, chinese
    assert "本地招聘困難的理據" not in checklist  # GEP only
    assert leftover_english(checklist) == set()
    assert "ITC quota allotment letter" not in checklist


def test_a_fully_received_checklist_says_so_in_chinese(client, make, company, staff, uploads,
                                                      techtas):
    checklist = section(client.get(f"/cases/{techtas.id}/documents", headers=ZH)
                        .get_data(as_text=True))
    assert "所有必需文件均已收到或不適用。" in checklist
    assert leftover_english(checklist) == set()


def test_the_documents_page_heading_and_flashes_are_chinese(client, gep):
    page = client.get(f"/cases/{gep.id}/documents", headers=ZH).get_data(as_text=True)
    assert "<title>文件 – " in page and f"個案 #{gep.id}" in page and "計劃：" in page
    assert "一般就業政策" in page
    assert "Case #" not in page and "Scheme:" not in page and "General Employment" not in page
    saved = set_status(client, gep.id, "passport", "received", follow_redirects=True)
    assert "護照副本（個人資料頁）：已儲存。" in saved.get_data(as_text=True)
    again = set_status(client, gep.id, "passport", "received", follow_redirects=True)
    assert "護照副本（個人資料頁）：沒有更改。" in again.get_data(as_text=True)
    uploaded = upload(client, gep.id, "cv", files.pdf(), "cv.pdf")
    text = client.get(uploaded.headers["Location"], headers=ZH).get_data(as_text=True)
    assert "履歷／工作經驗證明：已上載「cv.pdf」。" in text and "uploaded." not in text
    removed = client.post(f"/cases/{gep.id}/documents/cv/remove", headers=ZH,
                          follow_redirects=True).get_data(as_text=True)
    assert "履歷／工作經驗證明：已移除檔案。" in removed and "file removed" not in removed


def error_of(client, response) -> str:
    """The refusal shown on the page a refused post comes back to (a flash, at the item)."""
    assert response.status_code == 302 and "#doc-" in response.headers["Location"]
    page = client.get(response.headers["Location"], headers=ZH).get_data(as_text=True)
    found = re.search(r'class="alert alert-danger" role="alert">(.*?)</div>', page, re.S)
    assert found, "no error shown"
    return found.group(1)


@pytest.mark.parametrize(("content", "name", "chinese", "english"), [
    (files.TEXT, "passport.pdf",
     "護照副本（個人資料頁）：「passport.pdf」不是 PDF、PNG、JPEG、Word (DOCX) 或 Excel (XLSX) "
     "檔案。檔案類型按內容而非檔名判斷。未有儲存任何內容。", "is not a"),
    (files.plain_zip(), "passport.docx", "（其內容看來是 application/zip）", "looks like"),
    (b"", "passport.pdf", "「passport.pdf」是空白檔案。", "is empty"),
    (files.png() + files.HTML, "passport.png",
     "「passport.png」不獲接受：圖像結尾之後還有其他資料。", "was refused"),
    (files.docx_with("word/vbaProject.bin"), "passport.docx", "檔案含有巨集、控制項或網頁程式碼",
     "macros"),
])
def test_a_refused_upload_says_why_in_chinese(client, gep, content, name, chinese, english):
    response = upload(client, gep.id, "passport", content, name)
    error = error_of(client, response)
    assert chinese in error
    assert english not in error and "Nothing was saved" not in error


def test_a_file_over_the_limits_is_refused_in_chinese(app, client, gep, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 2 * 1024 * 1024)
    response = upload(client, gep.id, "degree", files.pdf(padding=2 * 1024 * 1024), "d.pdf")
    assert error_of(client, response) == (
        "學位證書及成績單：「d.pdf」的大小為 2 MB；每個檔案的上限為 2 MB。未有儲存任何內容。")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    response = upload(client, gep.id, "degree", files.pdf(padding=1024 * 1024), "d.pdf")
    assert error_of(client, response) == "上載的檔案超過上限 1 MB。未有儲存任何內容。"


def test_form_and_status_refusals_are_chinese(client, gep):
    future = set_status(client, gep.id, "passport", "received", "2025-03-15")
    assert error_of(client, future) == "護照副本（個人資料頁）：收到日期不可在將來。"
    bad_date = error_of(client, set_status(client, gep.id, "passport", "received", "2025-02-30"))
    assert bad_date == "護照副本（個人資料頁）：收到日期：不是有效的日期值。"
    no_file = client.post(f"/cases/{gep.id}/documents/cv/upload", data={}, headers=ZH)
    assert error_of(client, no_file) == "履歷／工作經驗證明：檔案：請選擇要上載的檔案。"
    nothing = client.post(f"/cases/{gep.id}/documents/cv/remove", headers=ZH)
    assert error_of(client, nothing) == "履歷／工作經驗證明：此項目沒有可移除的檔案。"


def test_english_is_unchanged(client, gep):
    set_status(client, gep.id, "passport", "received", "2025-03-02", headers=EN)
    page = client.get(f"/cases/{gep.id}/documents", headers=EN).get_data(as_text=True)
    for english in ("Passport copy (personal particulars page)", "Received 02/03/2025",
                    "8 required documents missing before submission to ImmD.",
                    "1 received · 0 not applicable · 8 missing (of 9)",
                    "Required before submission", "Case #", "General Employment Policy"):
        assert english in page, english
    assert "護照" not in page and "欠缺" not in page
    for code in ("id990a", "id990b", "degree", "cv", "contract", "br_certificate", "photo"):
        set_status(client, gep.id, code, "received", headers=EN)
    page = client.get(f"/cases/{gep.id}/documents", headers=EN).get_data(as_text=True)
    assert "1 required document missing before submission to ImmD." in page
    assert str(checklist_item("GEP", "cv").label) == "CV / proof of work experience"
