"""The documents rules called directly: checklist data, summaries, type sniffing, storage."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from tests import documents_files as files
from tracker.audit.models import AuditEvent
from tracker.cases.models import Case
from tracker.documents import filetypes, storage
from tracker.documents.checklist import document_summary
from tracker.documents.models import CaseDocument
from tracker.documents.services import DocumentError, Upload, attach_file, set_status
from tracker.extensions import db
from tracker.rules.documents import CHECKLISTS, checklist_item
from tracker.rules.schemes import SCHEMES


def test_every_scheme_has_a_checklist_with_unique_codes():
    assert set(CHECKLISTS) == set(SCHEMES)
    for items in CHECKLISTS.values():
        codes = [item.code for item in items]
        assert len(codes) == len(set(codes))
        assert all(len(code) <= 40 and code.isidentifier() for code in codes)
    assert checklist_item("TechTAS", "itc_letter").required
    assert checklist_item("GEP", "itc_letter") is None


def test_photograph_is_mandatory_for_gep_and_assg_and_assg_needs_financial_standing():
    """GovHK's online applications for GEP/ASMTP and ASSG require both uploads (checked
    1 Dec 2026); for the other schemes the photograph is listed but does not block."""
    assert {s: checklist_item(s, "photo").required for s in CHECKLISTS} == {
        "GEP": True, "ASSG": True, "TechTAS": False, "QMAS": False, "NET": False,
        "ASMTP": True, "TTPS": False, "IANG": False, "DEP": False}
    assert checklist_item("ASSG", "financial_standing").required
    assert checklist_item("QMAS", "financial_standing") is None


def test_summary_counts_statuses_and_missing_required_items(app, make):
    company = make.company()
    gep, techtas = make.case(company=company), make.case(company=company, scheme="TechTAS")
    with app.app_context():
        db.session.add_all([
            CaseDocument(company_id=company.id, case_id=gep.id, code="passport",
                         status="received", received_on=date(2025, 1, 2)),
            CaseDocument(company_id=company.id, case_id=gep.id, code="local_recruitment",
                         status="not_applicable"),
            CaseDocument(company_id=company.id, case_id=techtas.id, code="photo",
                         status="received", received_on=date(2025, 1, 2)),
        ])
        db.session.commit()
        first = document_summary(db.session.get(Case, gep.id))
        second = document_summary(db.session.get(Case, techtas.id))
    assert (first.total, first.received, first.not_applicable, first.missing) == (9, 1, 1, 7)
    assert [i.code for i in first.missing_required] == [
        "id990a", "id990b", "degree", "cv", "contract", "br_certificate", "photo"]
    assert (second.received, len(second.missing_required), second.complete) == (1, 8, False)


def test_office_files_are_recognised_by_their_entries_whatever_their_order():
    # A thumbnail stored first pushes the word/ entries past the bytes filetype reads.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("docProps/thumbnail.jpeg", files.jpeg() * 200)
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert filetypes.sniff(io.BytesIO(buffer.getvalue())) == filetypes.DOCX
    assert filetypes.sniff(io.BytesIO(files.xlsx())) == filetypes.XLSX
    assert filetypes.sniff(io.BytesIO(files.plain_zip())) == "application/zip"
    assert filetypes.sniff(io.BytesIO(files.docx()[:200])) == "application/zip"  # truncated
    assert filetypes.sniff(io.BytesIO(files.HTML)) is None


def test_stored_names_cannot_point_outside_the_company_folder(app):
    with app.app_context():
        for name in ("../1/abc.pdf", "passport.pdf", "/etc/passwd", ""):
            with pytest.raises(ValueError):
                storage.path_of(1, name)


def test_services_refuse_without_changing_anything(app, make, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    case_record = make.case()
    with app.app_context():
        case = db.session.get(Case, case_record.id)
        item = checklist_item("GEP", "cv")
        with pytest.raises(DocumentError, match="not a PDF"):
            attach_file(case, item, Upload("cv.pdf", io.BytesIO(files.HTML)))
        with pytest.raises(DocumentError, match="Choose missing"):
            set_status(case, item, "lost")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseDocument)) == 0
    assert list(tmp_path.rglob("*")) == []


def test_a_service_call_outside_a_request_audits_under_the_cases_company(app, make):
    case_record = make.case()
    with app.app_context():
        case = db.session.get(Case, case_record.id)
        assert set_status(case, checklist_item("GEP", "cv"), "received", date(2025, 1, 2))
        entry = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "document"))
        assert (entry.company_id, entry.object_id) == (case_record.company_id, case_record.id)
