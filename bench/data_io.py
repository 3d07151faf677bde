"""Time the data in and out (issue 18) at scale, with the peak memory of each step.

* Import: an XLSX of 50,000 candidates (and of 5,000, for scale) through the real path:
  uploaded to the import page (the web process reads the file and keeps it as a job),
  its columns posted, then checked and written by a real Celery worker
  (`celery -A wsgi.celery_app worker`, solo pool) while the page's status is polled.
* Export: the case list of a company with 100,000 cases (and of one with 10,000) as CSV
  and as XLSX, through the export URL, its body read chunk by chunk as a download is.

Peak memory is the peak RSS of the process doing the work (VmHWM in /proc, reset before
the step by writing 5 to /proc/<pid>/clear_refs), less its RSS just before the step.
Every measurement runs in a fresh process (the web side) and a fresh worker, so an
earlier step's memory neither hides nor inflates a later one. Streaming holds when the
export's peak does not grow from 10,000 to 100,000 rows.

Its own database (IO_URL), built from the migrations; the export data is written by
set-based SQL (as bench/generate.py does), the imported candidates deleted before
each import. `python bench/data_io.py` measures and merges the figures into
bench/results/latest.json and .md; `make bench` runs it after the pages (bench/run.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from multiprocessing import get_context
from typing import Any

import psycopg

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import generate  # noqa: E402

IO_URL = "postgresql://postgres@127.0.0.1:5432/tracker_bench_io"
IO_VERSION = "1: companies 1 (100,000 cases), 2 (10,000), 3 (imports)"
EXPORT_SIZES = {1: 100_000, 2: 10_000}  # company id: cases
IMPORT_COMPANY = 3
IMPORT_ROWS = (5_000, 50_000)
HEADERS = ["Full name (full_name)", "Chinese name (chinese_name)", "Nationality (nationality)",
           "Date of birth (date_of_birth)", "Place of birth (place_of_birth)",
           "Passport number (passport_number)", "Passport expiry (passport_expiry)",
           "Email (email)", "Highest qualification (qualification_level)",
           "Years of relevant experience (years_experience)"]


def email_of(company_id: int) -> str:
    return f"admin@io{company_id}.example"


# --- The database -----------------------------------------------------------------------

def prepare(url: str, today: date, sizes: dict[int, int] | None = None) -> None:
    """Build the database unless it holds this version's data already."""
    sizes = sizes or EXPORT_SIZES
    version = f"{IO_VERSION} {sorted(sizes.items())}"
    try:
        with psycopg.connect(url) as conn:
            found = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM "
                                 "pg_database WHERE datname = current_database()").fetchone()
        if found and found[0] == version:
            generate.migrate(url)
            return
    except psycopg.Error:
        pass
    generate.create_database(url)
    with psycopg.connect(url, autocommit=True) as conn:
        _fill(conn, today, sizes)
        name = url.rsplit("/", 1)[1]
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{version}'")


def _fill(conn: psycopg.Connection, today: date, sizes: dict[int, int]) -> None:
    """The companies, an admin each, and the export companies' candidates and cases."""
    from tracker.auth.passwords import hash_password

    password = hash_password(generate.BENCH_PASSWORD)
    for company_id in (*sizes, IMPORT_COMPANY):
        conn.execute("INSERT INTO companies (id, name, brn, contact_email, "
                     "quota_reminder_offsets, created_at) VALUES (%s, %s, %s, %s, "
                     "'90,60,30', now())",
                     (company_id, f"IO Company {company_id}", f"{company_id:08d}",
                      f"hr@io{company_id}.example"))
        conn.execute("INSERT INTO users (id, company_id, email, full_name, role, active, "
                     "password_hash, session_version, created_at, quota_reminders_enabled, "
                     "daily_digest) VALUES (%s, %s, %s, 'IO Admin', 'admin', true, %s, 1, "
                     "now(), false, false)",
                     (company_id, company_id, email_of(company_id), password))
    first = 1
    for company_id, count in sizes.items():
        _cases(conn, company_id, first, first + count - 1, today)
        first += count
    generate.reset_sequences(conn)
    conn.execute("VACUUM ANALYZE")


def _cases(conn: psycopg.Connection, company_id: int, lo: int, hi: int, today: date) -> None:
    """Candidates and GEP cases lo..hi of *company_id*, at every stage (ids = i)."""
    t = f"DATE '{today.isoformat()}'"
    stages = "(ARRAY[" + ",".join(f"'{s}'" for s in generate.STAGES) + "])"
    conn.execute(f"""
        INSERT INTO candidates (id, company_id, full_name, search_name, chinese_name,
            nationality, date_of_birth, place_of_birth, passport_number, passport_expiry,
            email, qualification_level, qualification_subject, qualification_institution,
            stem_degree, years_experience, current_location, created_at, updated_at)
        SELECT i, {company_id}, 'Person ' || i, 'person ' || i, '陳大文',
               'Canadian', DATE '1975-01-01' + (i % 9000), 'Toronto',
               'P' || lpad(i::text, 9, '0'), {t} + (i % 3000) - 200, 'p' || i || '@mail.example',
               'master', 'Computer Science', 'University', true, i % 20, 'Overseas',
               now(), now()
        FROM generate_series({lo}, {hi}) AS i""")
    conn.execute(f"""
        INSERT INTO cases (id, company_id, candidate_id, scheme, job_title, monthly_salary,
            intended_start_date, owner_id, quota_held, local_recruitment_justification,
            talent_list_profession, stage, stage_changed_at, submitted_on, immd_reference,
            approved_on, visa_number, limit_of_stay_until, arrived_on, hkid_due_on,
            created_at, updated_at)
        SELECT i, {company_id}, i, 'GEP', 'Research Engineer', 45000 + (i % 40) * 1000,
               {t} + (i % 365) - 100, {company_id}, false, 'Advertised locally.', '',
               st, now(), CASE WHEN n >= 3 THEN {t} - (i % 400) END,
               CASE WHEN n >= 3 THEN 'IMMD/' || i ELSE '' END,
               CASE WHEN n >= 4 THEN {t} - (i % 300) END,
               CASE WHEN n >= 5 THEN 'EV' || i ELSE '' END,
               CASE WHEN n >= 5 THEN {t} + (i % 1100) - 60 END,
               CASE WHEN n >= 6 THEN {t} - (i % 200) END,
               CASE WHEN n >= 6 THEN {t} - (i % 200) + 30 END, now(), now()
        FROM (SELECT i, {stages}[(i % 8) + 1] AS st, (i % 8) + 1 AS n
              FROM generate_series({lo}, {hi}) AS i) AS g""")


# --- Memory of a process -------------------------------------------------------------------

def _status_kib(pid: int | str, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def rss_mib(pid: int | str = "self") -> float:
    return _status_kib(pid, "VmRSS") / 1024


def peak_mib(pid: int | str = "self") -> float:
    """The process's peak RSS since start or since reset_peak."""
    return _status_kib(pid, "VmHWM") / 1024


def reset_peak(pid: int | str = "self") -> None:
    """Start the peak RSS (VmHWM) over from the current RSS (Linux 4.0+)."""
    with open(f"/proc/{pid}/clear_refs", "w") as refs:
        refs.write("5")


# --- The web side, in a fresh process each time ------------------------------------------

def _web_client(url: str, queue: str, company_id: int) -> Any:
    """The app (test settings: no CSRF, the cheapest hashing) on *url*, its tasks sent to
    *queue*; a client signed in as the company's admin."""
    from config import Config, TestConfig, celery_settings
    from tracker import create_app

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=_sqlalchemy_url(url),
                     CELERY=celery_settings(Config.REDIS_URL, queue))
    client = app.test_client()
    response = client.post("/login", data={"email": email_of(company_id),
                                           "password": generate.BENCH_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in failed: HTTP {response.status_code}")
    return client


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://")


def export_in_child(url: str, company_id: int, fmt: str) -> dict[str, Any]:
    """GET /export/cases.<fmt> as company *company_id*, reading the body chunk by chunk."""
    client = _web_client(url, "bench-io-unused", company_id)
    client.get("/export/allotments.csv").close()  # the first request's imports and caches
    base = rss_mib()
    reset_peak()
    started = time.perf_counter()
    response = client.get(f"/export/cases.{fmt}", buffered=False)
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "bytes": size, "status": response.status_code,
            "rows": lines - 1 if fmt == "csv" else None,
            "peak_mib": round(peak_mib() - base, 1), "base_rss_mib": round(base, 1)}


def import_in_child(url: str, queue: str, path: str, worker_pid: int) -> dict[str, Any]:
    """Upload *path*, post its columns, let the worker check it, then write it."""
    client = _web_client(url, queue, IMPORT_COMPANY)
    with open(path, "rb") as kept:
        content = kept.read()
    client.get("/imports/").close()
    base = rss_mib()
    reset_peak()
    started = time.perf_counter()
    response = client.post("/imports/", data={"kind": "candidates",
                                              "file": (io.BytesIO(content), "people.xlsx")},
                           content_type="multipart/form-data")
    upload = {"seconds": round(time.perf_counter() - started, 2),
              "peak_mib": round(peak_mib() - base, 1)}
    found = re.search(r"/imports/(\d+)/mapping", response.headers.get("Location", ""))
    if not found:
        raise RuntimeError("the upload was refused: " + response.get_data(as_text=True)[:300])
    job = int(found[1])
    worker_base = rss_mib(worker_pid)
    reset_peak(worker_pid)
    started = time.perf_counter()
    client.post(f"/imports/{job}/mapping",
                data={f"field_{_code(h)}": str(n) for n, h in enumerate(HEADERS)})
    state = _wait(client, job, "checking")
    check = {"seconds": round(time.perf_counter() - started, 2),
             "worker_peak_mib": round(peak_mib(worker_pid) - worker_base, 1)}
    if state["status"] != "previewed":
        raise RuntimeError(f"the check ended {state}")
    worker_base = rss_mib(worker_pid)
    reset_peak(worker_pid)
    started = time.perf_counter()
    client.post(f"/imports/{job}/write", data={})
    state = _wait(client, job, "writing")
    write = {"seconds": round(time.perf_counter() - started, 2),
             "worker_peak_mib": round(peak_mib(worker_pid) - worker_base, 1),
             "written": state["written"]}
    if state["status"] != "done":
        raise RuntimeError(f"the write ended {state}")
    return {"upload": upload, "check": check, "write": write,
            "seconds": round(upload["seconds"] + check["seconds"] + write["seconds"], 2),
            "worker_base_rss_mib": round(worker_base, 1)}


def _code(header: str) -> str:
    return header.rsplit("(", 1)[1].rstrip(")")


def _wait(client: Any, job: int, step: str, timeout: float = 1800) -> dict[str, Any]:
    """The job's status once it has left *step* (polled as the page does)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/imports/{job}/status.json").get_json()
        if state["status"] != step:
            return state
        time.sleep(0.2)
    raise RuntimeError(f"import job {job} still {step} after {timeout:.0f} s")


def in_fresh_process(function: Any, *args: Any) -> dict[str, Any]:
    """*function*(*args*) in a new interpreter (spawned), its result returned."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


# --- The import file and the worker --------------------------------------------------------

def write_file(path: str, rows: int) -> None:
    """An XLSX of *rows* candidates as HR's sheets have them: Chinese names, text dates
    (DD/MM/YYYY) beside real date cells, a merged title row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Staff")
    sheet.append(["Sponsored staff (exported from HR)"])
    sheet.append(HEADERS)
    for n in range(1, rows + 1):
        born = date(1970, 1, 1) + timedelta(days=n % 12000)
        sheet.append([f"Person {n}", "陳大文" if n % 3 == 0 else "", "Canadian",
                      born.strftime("%d/%m/%Y") if n % 2 else born, "Toronto",
                      f"B{n:08d}", date(2031, 1, 1) + timedelta(days=n % 900),
                      f"person{n}@mail.example", "master", n % 25])
    book.save(path)


def start_worker(url: str, queue: str, log: str) -> subprocess.Popen:
    """A real worker on *queue* (solo pool: the tasks run in the process measured)."""
    env = {**os.environ, "APP_ENV": "test", "FLASK_APP": "wsgi", "PYTHONPATH": ROOT,
           "TEST_DATABASE_URL": _sqlalchemy_url(url), "CELERY_QUEUE": queue,
           "PYTHONUNBUFFERED": "1"}
    env.pop("CELERY_BROKER_URL", None)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), "celery"), "-A", "wsgi.celery_app",
             "worker", "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"bench-io-{uuid.uuid4().hex[:8]}@%h"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with open(log, "rb") as seen:
            if b" ready." in seen.read():
                return process
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    with open(log, "rb") as seen:
        raise RuntimeError("the Celery worker did not start:\n" + seen.read()[-2000:].decode())


def _clear_imports(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM candidates WHERE company_id = %s", (IMPORT_COMPANY,))
        conn.execute("DELETE FROM import_jobs WHERE company_id = %s", (IMPORT_COMPANY,))
        conn.execute("VACUUM ANALYZE candidates")


def measure_import(url: str, rows: int, folder: str) -> dict[str, Any]:
    """Import *rows* candidates into the (emptied) import company with a fresh worker."""
    path = os.path.join(folder, f"candidates-{rows}.xlsx")
    write_file(path, rows)
    _clear_imports(url)
    queue = f"bench-io-{uuid.uuid4().hex[:8]}"
    worker = start_worker(url, queue, os.path.join(folder, f"worker-{rows}.log"))
    try:
        result = in_fresh_process(import_in_child, url, queue, path, worker.pid)
    finally:
        worker.terminate()
        worker.wait(30)
    return {"rows": rows, "file_bytes": os.path.getsize(path), **result}


# --- All of it -----------------------------------------------------------------------------

def measure(url: str = IO_URL, today: date | None = None, import_rows: tuple[int, ...] =
            IMPORT_ROWS, export_sizes: dict[int, int] | None = None) -> dict[str, Any]:
    """Every measurement: {"import": [...], "export": [...]}."""
    export_sizes = export_sizes or EXPORT_SIZES
    prepare(url, today or date.today(), export_sizes)
    exports = []
    for company_id, cases in sorted(export_sizes.items(), key=lambda item: item[1]):
        for fmt in ("csv", "xlsx"):
            print(f"  export of {cases:,} cases as {fmt.upper()} …", flush=True)
            exports.append({"cases": cases, "format": fmt,
                            **in_fresh_process(export_in_child, url, company_id, fmt)})
    imports = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in import_rows:
            print(f"  import of {rows:,} candidates from XLSX …", flush=True)
            imports.append(measure_import(url, rows, folder))
    return {"import": imports, "export": exports}


def markdown_lines(data_io: dict[str, Any] | None) -> list[str]:
    """The README's lines for the import and export figures (none measured: no lines)."""
    if not data_io:
        return []
    lines = ["Data in and out (issue 18; peak memory = the peak RSS of the process doing the "
             "step, above its RSS just before):", "",
             "| step | rows | seconds | rows/s | peak memory MiB |", "|---|---:|---:|---:|---:|"]
    for e in data_io.get("export", []):
        lines.append(f"| export cases {e['format'].upper()} ({e['bytes'] / 2**20:.1f} MiB) | "
                     f"{e['cases']:,} | {e['seconds']:.1f} | "
                     f"{e['cases'] / max(e['seconds'], 0.001):,.0f} | {e['peak_mib']:.1f} |")
    for i in data_io.get("import", []):
        n = i["rows"]
        for step, label, key in (("upload", "upload and read the XLSX (web)", "peak_mib"),
                                 ("check", "check every row (worker)", "worker_peak_mib"),
                                 ("write", "write (worker)", "worker_peak_mib")):
            part = i[step]
            lines.append(f"| import: {label} | {n:,} | {part['seconds']:.1f} | "
                         f"{n / max(part['seconds'], 0.001):,.0f} | {part[key]:.1f} |")
        lines.append(f"| **import, from upload to written** | {n:,} | {i['seconds']:.1f} | "
                     f"{n / max(i['seconds'], 0.001):,.0f} | – |")
    return [*lines, ""]


def merge_into_results(data_io: dict[str, Any], folder: str) -> None:
    """Put the figures into latest.json and rewrite latest.md (the pages' run kept)."""
    from bench import report
    from bench.run import load_baseline

    path = os.path.join(folder, "latest.json")
    with open(path) as kept:
        results = json.load(kept)
    results["data_io"] = data_io
    with open(path, "w") as out:
        json.dump(results, out, indent=2)
    with open(os.path.join(folder, "latest.md"), "w") as out:
        out.write(report.markdown(results, load_baseline()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BENCH_IO_DATABASE_URL", IO_URL))
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(argv)
    data_io = measure(args.url)
    print("\n".join(markdown_lines(data_io)))
    if not args.no_save:
        merge_into_results(data_io, os.path.join(ROOT, "bench", "results"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
