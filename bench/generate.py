"""Generate the benchmark's data set in PostgreSQL, fast.

Rows are produced inside the database by set-based `INSERT … SELECT … FROM
generate_series(…)` statements, in chunks so a progress bar can follow. That
is faster than streaming the same rows over COPY from Python, and the data is
still deterministic (derived from ids, not random), so two runs compare.

Shape (defaults; `--scale 0.01` makes a small set for tests):
  5,000 companies, 4 users each (admin, 2 staff, viewer);
  20 TechTAS allotments per company with 2 positions each (100,000 / 200,000);
  1,000,000 candidates and cases: the first 100,000 cases belong to 5 large
  employers (20,000 each), the rest spread evenly; ~5 stage events per case;
  one audit event per case.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import psycopg
from tqdm import tqdm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/tracker_bench"
BENCH_PASSWORD = "bench password 2026"
LARGE_COMPANIES = 5
CHUNK = 100_000


@dataclass(frozen=True)
class Sizes:
    companies: int
    cases: int

    @property
    def users(self) -> int:
        return self.companies * 4

    @property
    def allotments(self) -> int:
        return self.companies * 20

    @property
    def large_cases(self) -> int:
        """Cases belonging to the large employers (10% of all)."""
        return self.cases // 10

    def as_dict(self) -> dict[str, int]:
        return {"companies": self.companies, "users": self.users,
                "allotments": self.allotments, "positions": self.allotments * 2,
                "candidates": self.cases, "cases": self.cases,
                "stage_events": round(self.cases * 4.5), "audit_events": self.cases}


def sizes_for(scale: float) -> Sizes:
    return Sizes(companies=max(10, int(5_000 * scale)), cases=max(1_000, int(1_000_000 * scale)))


# Company of case/candidate i: large employers first, the rest spread evenly.
def company_of(sizes: Sizes, column: str = "i") -> str:
    large, rest = LARGE_COMPANIES, sizes.companies - LARGE_COMPANIES
    return (f"(CASE WHEN {column} <= {sizes.large_cases} THEN (({column} - 1) % {large}) + 1 "
            f"ELSE {large} + 1 + ({column} % {rest}) END)")


STAGES = ("draft", "preparing", "submitted", "approved", "visa_issued", "arrived", "active",
          "closed")


def steps(sizes: Sizes, today: date, password_hash: str) -> list[tuple[str, int, Callable]]:
    """(label, number of rows, function(conn, lo, hi)) for each generation step."""
    t = f"DATE '{today.isoformat()}'"
    assert "'" not in password_hash  # embedded as a literal below
    stage_array = "(ARRAY[" + ",".join(f"'{s}'" for s in STAGES) + "])"

    def companies(conn: psycopg.Connection, lo: int, hi: int) -> None:
        conn.execute(f"""
            INSERT INTO companies (id, name, brn, contact_email, quota_reminder_offsets, created_at)
            SELECT i, 'Bench Company ' || i || ' Limited', lpad(i::text, 8, '0'),
                   'hr@c' || i || '.example', '90,60,30,14,7,1', now()
            FROM generate_series({lo}, {hi}) AS i""")

    def users(conn: psycopg.Connection, lo: int, hi: int) -> None:
        conn.execute(f"""
            INSERT INTO users (id, company_id, email, full_name, role, active, password_hash,
                               session_version, created_at, quota_reminders_enabled, daily_digest)
            SELECT i, ((i - 1) / 4) + 1, 'u' || i || '@c' || (((i - 1) / 4) + 1) || '.example',
                   'Bench User ' || i,
                   (ARRAY['admin','staff','staff','viewer'])[((i - 1) % 4) + 1], true,
                   '{password_hash}', 1, now(), true, (i % 10 = 0)
            FROM generate_series({lo}, {hi}) AS i""")

    def allotments(conn: psycopg.Connection, lo: int, hi: int) -> None:
        conn.execute(f"""
            INSERT INTO quota_allotments (id, company_id, itc_reference, allotment_date,
                                          valid_until, total_quotas, notes, created_at)
            SELECT i, ((i - 1) / 20) + 1, 'ITC/TAS/' || i,
                   {t} - (i % 700), {t} - (i % 700) + (CASE WHEN i % 3 = 0 THEN 730 ELSE 365 END),
                   6, '', now()
            FROM generate_series({lo}, {hi}) AS i""")
        conn.execute(f"""
            INSERT INTO quota_positions (id, company_id, allotment_id, job_title, technology_area,
                                         required_qualification, monthly_salary, quotas, used)
            SELECT 2 * a - 1 + k, ((a - 1) / 20) + 1, a,
                   (ARRAY['Research Engineer','Data Scientist'])[k + 1],
                   (ARRAY['Artificial intelligence','Data analytics'])[k + 1],
                   'Master''s in a STEM subject', 40000 + 5000 * k, 3, 0
            FROM generate_series({lo}, {hi}) AS a, generate_series(0, 1) AS k""")

    def candidates(conn: psycopg.Connection, lo: int, hi: int) -> None:
        # search_name is tracker.text.search_key of the name (no Chinese name here; the
        # only capitals are ASCII, which lower() folds in any collation).
        conn.execute(f"""
            INSERT INTO candidates (id, company_id, full_name, search_name, chinese_name,
                nationality, date_of_birth, place_of_birth, passport_number, passport_expiry,
                email, qualification_level, qualification_subject, qualification_institution,
                stem_degree, years_experience, current_location, created_at, updated_at)
            SELECT i, {company_of(sizes)}, n.name, lower(n.name),
                   '', (ARRAY['British','Indian','Canadian','Australian','French'])[(i % 5) + 1],
                   DATE '1975-01-01' + (i % 9000), 'London',
                   'P' || lpad(i::text, 9, '0'), {t} + (i % 3000) - 200,
                   'c' || i || '@mail.example',
                   (ARRAY['bachelor','master','doctorate'])[(i % 3) + 1], 'Computer Science',
                   'University ' || (i % 50), (i % 7 <> 0), i % 20, 'Overseas', now(), now()
            FROM generate_series({lo}, {hi}) AS i, LATERAL (SELECT
                   (ARRAY['Alex','Priya','Wei','Maria','John','Aiko','Omar','Sara'])[(i % 8) + 1]
                     || ' ' || (ARRAY['Smith','Patel','Chen','Garcia','Kim','Tanaka','Haddad',
                                      'Müller','Nguyen','Silva'])[(i % 10) + 1] || ' ' || i
                   AS name) AS n""")

    def cases(conn: psycopg.Connection, lo: int, hi: int) -> None:
        company = company_of(sizes)
        allotment = f"(({company} - 1) * 20 + (i % 20) + 1)"
        conn.execute(f"""
            INSERT INTO cases (id, company_id, candidate_id, scheme, job_title, monthly_salary,
                intended_start_date, owner_id, allotment_id, position_id, quota_held,
                local_recruitment_justification, talent_list_profession, stage, stage_changed_at,
                submitted_on, immd_reference, approved_on, visa_number, limit_of_stay_until,
                arrived_on, hkid_due_on, created_at, updated_at)
            SELECT i, c, i, s, j, 45000 + (i % 40) * 1000, {t} + (i % 365) - 100,
                   (c - 1) * 4 + 2 + (i % 2),
                   CASE WHEN s = 'TechTAS' THEN a END,
                   CASE WHEN s = 'TechTAS' THEN 2 * a - 1 + (i % 2) END,
                   false,
                   CASE WHEN s = 'GEP' THEN 'Advertised locally for 8 weeks.' ELSE '' END, '',
                   st, now() - make_interval(days => i % 400),
                   CASE WHEN n >= 3 THEN {t} - (i % 400) END,
                   CASE WHEN n >= 3 THEN 'IMMD/' || i ELSE '' END,
                   CASE WHEN n >= 4 THEN {t} - (i % 300) END,
                   CASE WHEN n >= 5 THEN 'EV' || i ELSE '' END,
                   CASE WHEN n >= 5 THEN {t} + (i % 1100) - 60 END,
                   CASE WHEN n >= 6 THEN {t} - (i % 200) END,
                   CASE WHEN n >= 6 THEN {t} - (i % 200) + 30 END,
                   now() - make_interval(days => i % 700), now()
            FROM (
              SELECT i, {company} AS c, {allotment} AS a,
                     CASE WHEN i % 5 < 2 THEN 'TechTAS' ELSE 'GEP' END AS s,
                     (ARRAY['Research Engineer','Data Scientist'])[(i % 2) + 1] AS j,
                     {stage_array}[(i % 8) + 1] AS st, (i % 8) + 1 AS n
              FROM generate_series({lo}, {hi}) AS i) AS g""")

    def events(conn: psycopg.Connection, lo: int, hi: int) -> None:
        # One event per stage reached: a case in stage n has n events (avg ~4.5).
        conn.execute(f"""
            INSERT INTO case_stage_events (company_id, case_id, from_stage, to_stage,
                                           moved_by_id, moved_at, note, facts)
            SELECT c.company_id, c.id, CASE WHEN k > 1 THEN {stage_array}[k - 1] END,
                   {stage_array}[k], c.owner_id, c.created_at + make_interval(days => k * 7),
                   '', NULL
            FROM cases c, generate_series(1, array_position({stage_array}, c.stage)) AS k
            WHERE c.id BETWEEN {lo} AND {hi}""")
        conn.execute(f"""
            INSERT INTO audit_events (company_id, user_id, action, object_type, object_id,
                                      summary, changes, ip, created_at)
            SELECT company_id, owner_id, 'stage', 'case', id, 'moved to ' || stage, NULL,
                   '127.0.0.1', stage_changed_at
            FROM cases WHERE id BETWEEN {lo} AND {hi}""")

    def quota_usage(conn: psycopg.Connection, lo: int, hi: int) -> None:
        # Submitted-or-later TechTAS cases hold a quota, up to each position's total.
        conn.execute("""
            WITH ranked AS (
              SELECT c.id, c.position_id,
                     row_number() OVER (PARTITION BY c.position_id ORDER BY c.id) AS rn
              FROM cases c WHERE c.position_id IS NOT NULL
                AND c.stage IN ('submitted','info_requested','approved','visa_issued','arrived',
                                'active','closed'))
            UPDATE cases c SET quota_held = true
            FROM ranked r JOIN quota_positions p ON p.id = r.position_id
            WHERE c.id = r.id AND r.rn <= p.quotas""")
        conn.execute("""
            UPDATE quota_positions p SET used = s.n
            FROM (SELECT position_id, count(*) AS n FROM cases WHERE quota_held
                  GROUP BY position_id) s
            WHERE p.id = s.position_id""")

    def ledger(conn: psycopg.Connection, lo: int, hi: int) -> None:
        # Reminders already sent for allotments that have since expired (90/60/30 days).
        conn.execute(f"""
            INSERT INTO reminder_ledger (company_id, kind, object_id, due_on, offset_days,
                status, reason, scan_on, claimed_at, attempts, subject, recipients, message_id,
                error, sent_at, updated_at)
            SELECT a.company_id, 'quota_expiry', a.id, a.valid_until, o, 'sent', '',
                   a.valid_until - o, now(), 1, 'TechTAS quota ' || a.itc_reference || ' expires',
                   'u' || ((a.company_id - 1) * 4 + 1) || '@c' || a.company_id || '.example',
                   '<bench-' || a.id || '-' || o || '@tracker.local>', '', now(), now()
            FROM quota_allotments a, unnest(ARRAY[90, 60, 30]) AS o
            WHERE a.id BETWEEN {lo} AND {hi} AND a.valid_until < {t}""")

    return [
        ("companies", sizes.companies, companies),
        ("users", sizes.users, users),
        ("allotments+positions", sizes.allotments, allotments),
        ("candidates", sizes.cases, candidates),
        ("cases", sizes.cases, cases),
        ("stage events+audit", sizes.cases, events),
        ("quota usage", 1, quota_usage),
        ("reminder ledger", sizes.allotments, ledger),
    ]


def reset_sequences(conn: psycopg.Connection) -> None:
    """Move every id sequence past the generated ids, so the app can insert."""
    for table in ("companies", "users", "quota_allotments", "quota_positions", "candidates",
                  "cases", "case_stage_events", "audit_events", "reminder_ledger"):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"(SELECT coalesce(max(id), 1) FROM {table}))")


def create_database(url: str) -> None:
    """Drop and create the bench database, then build it with the migrations."""
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    migrate(url)


def migrate(url: str) -> None:
    """Bring the database's schema to the latest revision (a reused set may predate one)."""
    from flask_migrate import upgrade

    from config import ProductionConfig
    from tracker import create_app

    app = create_app(ProductionConfig, SECRET_KEY="x" * 40, TESTING=True,
                     SQLALCHEMY_DATABASE_URI=url.replace("postgresql://", "postgresql+psycopg://"))
    with app.app_context():
        upgrade()


def database_ready(url: str, sizes: Sizes) -> bool:
    """True when the database exists and holds the requested number of cases."""
    try:
        with psycopg.connect(url) as conn:
            count = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    except psycopg.Error:
        return False
    return count == sizes.cases


def generate(url: str, sizes: Sizes, today: date) -> float:
    """Create and fill the database; returns the seconds it took."""
    from tracker.auth.passwords import hash_password

    started = time.perf_counter()
    create_database(url)
    password_hash = hash_password(BENCH_PASSWORD)
    plan = steps(sizes, today, password_hash)
    total = sum(rows for _, rows, _ in plan)
    with psycopg.connect(url, autocommit=True) as conn, \
            tqdm(total=total, unit="row", desc="generating", unit_scale=True) as bar:
        for label, rows, step in plan:
            bar.set_postfix_str(label)
            for lo in range(1, rows + 1, CHUNK):
                hi = min(rows, lo + CHUNK - 1)
                with conn.transaction():
                    step(conn, lo, hi)
                bar.update(hi - lo + 1)
        reset_sequences(conn)
        bar.set_postfix_str("vacuum analyze")
        conn.execute("VACUUM ANALYZE")  # as autovacuum would: visibility map, statistics
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = a million cases")
    parser.add_argument("--reuse", action="store_true",
                        help="skip generation when the database already holds the data")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args(argv)
    sizes = sizes_for(args.scale)
    if args.reuse and database_ready(args.url, sizes):
        migrate(args.url)
        print(f"Reusing {args.url} ({sizes.cases:,} cases).")
        return 0
    seconds = generate(args.url, sizes, args.today)
    print(f"Generated {sizes.cases:,} cases in {seconds:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
