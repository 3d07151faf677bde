"""A large candidate import reads and writes in batches (tracker/imports/batches): the
number of statements does not grow with the rows, and the results are those of the
row-by-row reading (new, update, unchanged, error; a match never crosses companies)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.queries import count_queries
from tracker.candidates.models import Candidate
from tracker.extensions import db
from tracker.imports import batches, writing
from tracker.imports.reading import Sheet

HEADERS = ["Full name (full_name)", "Nationality (nationality)",
           "Date of birth (date_of_birth)", "Passport number (passport_number)",
           "Passport expiry (passport_expiry)"]
MAPPING = {"full_name": HEADERS[0], "nationality": HEADERS[1], "date_of_birth": HEADERS[2],
           "passport_number": HEADERS[3], "passport_expiry": HEADERS[4]}


def person(n: int, nationality: str = "Canadian") -> list[str]:
    return [f"Person {n}", nationality, "01/02/1990", f"k{n:07d}", "31/12/2033"]


def run_import(app, company_id: int, rows: list[list[str]], valid_only: bool = False
               ) -> tuple[list[list], int, int]:
    """Preview and write *rows* through the service: (marks, statements to preview,
    statements to write)."""
    sheet = Sheet(HEADERS, [(n, row) for n, row in enumerate(rows, start=2)])
    with app.app_context():
        job = writing.create_job(company_id, None, "candidates", "people.csv", sheet)
        writing.set_mapping(job, MAPPING)
        with count_queries(app) as checked:
            writing.preview(job)
        marks = [[number, mark, errors] for number, mark, errors in job.marks]
        with count_queries(app) as written:
            writing.write(job, valid_only)
        return marks, len(checked), len(written)


def recorded(app, company_id: int) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(sa.select(Candidate.passport_number,
                                                 Candidate.nationality)
                                       .where(Candidate.company_id == company_id)).all())


def test_statements_do_not_grow_with_the_rows(app, make, monkeypatch):
    small, large = make.company(), make.company()
    monkeypatch.setattr(batches, "CHUNK", 1000)
    _, check_small, write_small = run_import(app, small.id, [person(n) for n in range(20)])
    _, check_large, write_large = run_import(app, large.id, [person(n) for n in range(400)])
    assert (check_large, write_large) == (check_small, write_small)
    # Importing the file again: 400 updates read back and written in batches.
    changed = [person(n, "Irish") for n in range(400)]
    _, check_again, write_again = run_import(app, large.id, changed)
    assert check_again <= check_small + 2 and write_again <= write_small + 3
    assert set(recorded(app, large.id).values()) == {"Irish"}


def test_batches_mark_and_write_as_row_by_row(app, make, monkeypatch):
    """Chunks of 3 rows: a duplicate, a match and an error each on another chunk's side."""
    monkeypatch.setattr(batches, "CHUNK", 3)
    company, other = make.company(), make.company()
    run_import(app, company.id, [person(1), person(2)])
    run_import(app, other.id, [person(5, "Thai")])
    rows = [person(1), person(2, "Irish"), person(3), person(4),
            person(3),  # the same passport as row 4 of the file, one chunk later
            [*person(6)[:2], "31/02/1990", *person(6)[3:]],  # a date that does not exist
            person(5)]  # another company's passport: new here, theirs untouched
    marks, _, _ = run_import(app, company.id, rows, valid_only=True)
    assert [mark for _, mark, _ in marks] == ["unchanged", "update", "new", "new", "error",
                                             "error", "new"]
    assert "is also on row" in str(marks[4][2]) and "'row': '4'" in str(marks[4][2])
    assert recorded(app, company.id) == {"K0000001": "Canadian", "K0000002": "Irish",
                                         "K0000003": "Canadian", "K0000004": "Canadian",
                                         "K0000005": "Canadian"}
    assert recorded(app, other.id) == {"K0000005": "Thai"}


def test_a_candidate_removed_between_check_and_write_stays_removed(app, make):
    company = make.company()
    run_import(app, company.id, [person(1)])
    sheet = Sheet(HEADERS, [(2, person(1, "Irish")), (3, person(2))])
    with app.app_context():
        job = writing.create_job(company.id, None, "candidates", "people.csv", sheet)
        writing.set_mapping(job, MAPPING)
        checks = writing._checks(job)
        db.session.execute(sa.delete(Candidate).where(Candidate.company_id == company.id))
        writing.write_candidates(company.id, [c for c in checks if c.mark != "error"])
        db.session.commit()
    assert recorded(app, company.id) == {"K0000002": "Canadian"}


@pytest.mark.parametrize("numbers", [[], [""], ["K1"] * 3])
def test_lookups_skip_blanks_and_repeats(app, make, numbers):
    company = make.company()
    with app.app_context(), count_queries(app) as statements:
        assert batches.candidates_by_passport(company.id, numbers) == {}
    assert len(statements) == (1 if any(numbers) else 0)


def test_dates_are_read_back_as_dates(app, make):
    company = make.company()
    run_import(app, company.id, [person(1)])
    with app.app_context():
        found = db.session.scalar(sa.select(Candidate).where(Candidate.company_id == company.id))
        assert found.date_of_birth == date(1990, 2, 1)


def test_imported_candidates_are_found_by_the_search_as_if_typed_in(app, make):
    """The bulk insert writes the search key the ORM's event writes (Simplified, lower)."""
    from tracker.candidates.services import search_candidates

    company = make.company()
    sheet = Sheet([*HEADERS, "Chinese name (chinese_name)"],
                  [(2, [*person(1), "陳大文"])])
    with app.app_context():
        job = writing.create_job(company.id, None, "candidates", "people.csv", sheet)
        writing.set_mapping(job, {**MAPPING, "chinese_name": "Chinese name (chinese_name)"})
        writing.preview(job)
        writing.write(job, False)
        found = search_candidates(company.id, "陈大文").items
        assert [c.passport_number for c in found] == ["K0000001"]
        assert search_candidates(company.id, "person 1").items == found
        assert found[0].created_at is not None and found[0].top_tier is False


def test_a_large_write_does_not_reload_its_job_after_every_batch(app, make, monkeypatch):
    """Each batch is committed with its progress saved apart: the job (holding the whole
    file) is not read back per batch, which grew with the square of the rows."""
    monkeypatch.setattr(writing, "LARGE", 10)
    monkeypatch.setattr(writing, "BATCH", 5)
    company = make.company()
    sheet = Sheet(HEADERS, [(n + 2, person(n)) for n in range(40)])
    with app.app_context():
        job = writing.create_job(company.id, None, "candidates", "people.csv", sheet)
        writing.set_mapping(job, MAPPING)
        writing.preview(job)
        with count_queries(app) as statements:
            writing.write(job, False)
        assert job.status == "done" and job.progress == 100 and job.written_count == 40
    reads = [s for s in statements if s.lstrip().startswith("SELECT import_jobs.")]
    assert len(reads) <= 2, reads
    progress = [s for s in statements if s.startswith("UPDATE import_jobs SET progress")]
    assert len(progress) == 16  # the check's eight batches again, then the write's
    assert len(recorded(app, company.id)) == 40
