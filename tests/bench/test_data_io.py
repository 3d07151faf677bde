"""The benchmark's data in and out (bench/data_io.py), run small for real: its own
database, a real Celery worker, the import and export pages, and the report's lines."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from bench import data_io, report

SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def io_database() -> Iterator[str]:
    """A database of this test's own (parallel sessions on one server each have theirs)."""
    name = f"tracker_bench_io_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    yield f"{SERVER}/{name}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_small_run_imports_and_exports_for_real(io_database):
    measured = data_io.measure(io_database, date(2026, 12, 1), import_rows=(120,),
                               export_sizes={1: 600, 2: 60})
    exports = {(e["cases"], e["format"]): e for e in measured["export"]}
    assert set(exports) == {(60, "csv"), (60, "xlsx"), (600, "csv"), (600, "xlsx")}
    assert all(e["status"] == 200 and e["peak_mib"] >= 0 for e in exports.values())
    assert exports[(600, "csv")]["rows"] == 600 and exports[(60, "csv")]["rows"] == 60
    assert exports[(600, "xlsx")]["bytes"] > exports[(60, "xlsx")]["bytes"] > 0
    [imported] = measured["import"]
    assert imported["rows"] == 120 and imported["write"]["written"] == 120
    with psycopg.connect(io_database) as conn:
        assert conn.execute("SELECT count(*) FROM candidates WHERE company_id = %s",
                            (data_io.IMPORT_COMPANY,)).fetchone()[0] == 120
    # A second run reuses the data (the same version stamp): nothing is generated again.
    data_io.prepare(io_database, date(2026, 12, 1), {1: 600, 2: 60})
    with psycopg.connect(io_database) as conn:
        assert conn.execute("SELECT count(*) FROM candidates WHERE company_id = %s",
                            (data_io.IMPORT_COMPANY,)).fetchone()[0] == 120

    lines = "\n".join(data_io.markdown_lines(measured))
    assert "| export cases CSV" in lines and "| **import, from upload to written** | 120 |" in lines
    assert data_io.markdown_lines(None) == []


def test_the_report_carries_the_data_io_lines():
    from tests.bench.test_report import results

    measured = results(80.0)
    assert "Data in and out" not in report.markdown(measured)  # an older run: no lines
    measured["data_io"] = {
        "export": [{"cases": 100_000, "format": "xlsx", "seconds": 50.0, "bytes": 2**21,
                    "peak_mib": 1.5}],
        "import": [{"rows": 50_000, "seconds": 100.0,
                    "upload": {"seconds": 20.0, "peak_mib": 300.0},
                    "check": {"seconds": 40.0, "worker_peak_mib": 200.0},
                    "write": {"seconds": 40.0, "worker_peak_mib": 100.0}}]}
    text = report.markdown(measured)
    assert "| export cases XLSX (2.0 MiB) | 100,000 | 50.0 | 2,000 | 1.5 |" in text
    assert "| import: check every row (worker) | 50,000 | 40.0 | 1,250 | 200.0 |" in text
    assert "| **import, from upload to written** | 50,000 | 100.0 | 500 | – |" in text
