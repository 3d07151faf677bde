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

After arrival (the Workforce page and the person's page read it), tied to the entry
case i by its id so each chunk generates its own and the data stays deterministic:
  an approved extension of stay for 1 in 4 arrived/active cases (1 in 16 has a
  second one), each superseding the case before it; an extension in progress for
  1 in 8 active cases; a spouse (1 in 10 principals) and a child (1 in 20), each a
  candidate linked to the principal with their own dependant visa case; and a
  status recorded as the visa shows it (IANG, QMAS, TTPS, ASSG) for a newly hired
  person per 49 cases. Entry case i is case 8i and the cases it leads to follow it
  (see AFTER_ARRIVAL and SLOTS).
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
from psycopg import sql
from tqdm import tqdm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/tracker_bench"
BENCH_PASSWORD = "bench password 2026"
LARGE_COMPANIES = 5
CHUNK = 100_000
# Bumped whenever the generated data changes shape: `--reuse` regenerates a database
# stamped with another version (the stamp is the database's comment, written last).
DATA_VERSION = "4: after arrival (extensions, dependants, recorded statuses), case ids 8i + k"

# Which entry cases i get after-arrival rows: i % modulus in residues. Arrived and
# active entry cases are i % 8 in (5, 6); each subset below keeps to them (the moduli
# are multiples of 8), and no modulus is a multiple of 5, so every large employer (case i
# belongs to the ((i - 1) % 5 + 1)th) and every small one gets its share.
AFTER_ARRIVAL: dict[str, tuple[int, tuple[int, ...]]] = {
    "extension": (32, (5, 6)),         # approved, supersedes the entry case
    "second_extension": (128, (5, 6)),  # approved, supersedes the first extension
    "open_extension": (64, (22,)),     # preparing or submitted: supersedes nothing yet
    # 38 % 32 = 6: half the families are of people whose stay was extended once.
    "spouse": (64, (13, 38)),
    "child": (128, (13, 38)),
    "record": (49, (3,)),              # a newly hired person already on a visa
}
# Ids. Entry case i is case SLOTS * i, of candidate i, and the after-arrival cases it
# leads to take the ids just after it (SLOTS * i + offset), so they mix with the entry
# cases in id order (newest-first lists and windows read a realistic mix, not a block of
# after-arrival cases). The people they add are candidates offset * cases + i.
SLOTS = 8
CASE_OFFSETS = {"extension": 1, "second_extension": 2, "spouse": 3, "child": 4, "record": 5}
CANDIDATE_OFFSETS = {"spouse": 1, "child": 2, "record": 3}


def matching(cases: int, name: str) -> int:
    """How many of the entry cases 1..*cases* get the after-arrival row *name*."""
    modulus, residues = AFTER_ARRIVAL[name]
    return sum((cases - r) // modulus + 1 for r in residues if r <= cases)


def picked(name: str, column: str = "i") -> str:
    """SQL: entry case *column* gets the after-arrival row *name*."""
    modulus, residues = AFTER_ARRIVAL[name]
    return f"{column} % {modulus} IN ({', '.join(map(str, residues))})"


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

    def after_arrival(self, name: str) -> int:
        return matching(self.cases, name)

    def as_dict(self) -> dict[str, int]:
        """What the data set holds; "cases" counts the entry applications (the million)."""
        extensions = sum(self.after_arrival(n) for n in
                         ("extension", "second_extension", "open_extension"))
        dependants = self.after_arrival("spouse") + self.after_arrival("child")
        records = self.after_arrival("record")
        return {"companies": self.companies, "users": self.users,
                "allotments": self.allotments, "positions": self.allotments * 2,
                "candidates": self.cases + dependants + records, "cases": self.cases,
                "extensions": extensions, "dependants": dependants,
                "recorded_statuses": records,
                "stage_events": round(self.cases * 4.5),
                "audit_events": self.cases + extensions + dependants + records}


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
            SELECT {SLOTS} * i, c, i, s, j, 45000 + (i % 40) * 1000, {t} + (i % 365) - 100,
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

    n = sizes.cases

    def case_id(name: str, column: str = "i") -> str:
        """SQL: the id of the after-arrival case *name* of entry case *column*."""
        return f"{SLOTS} * {column} + {CASE_OFFSETS[name]}"

    def person_id(name: str, column: str = "i") -> str:
        """SQL: the id of the person *name* (a dependant, a recorded hire) of entry *column*."""
        return f"{CANDIDATE_OFFSETS[name] * n} + {column}"

    # An extended person's limit of stay now: spread over the next ~3 years (some within
    # the Workforce page's 90 days); each earlier link's limit is its successor's minus
    # the period the successor granted (2 or 3 years), so the older links lie in the past.
    now_limit = f"({t} + (c.candidate_id % 1000) + 30)"
    first_limit = (f"(CASE WHEN {picked('second_extension', 'c.candidate_id')} "
                   f"THEN {now_limit} - 730 ELSE {now_limit} END)")
    entry_limit = f"({first_limit} - 1095)"
    extension_columns = """(id, company_id, candidate_id, scheme, kind, parent_case_id,
        submission_channel, job_title, monthly_salary, owner_id, quota_held,
        local_recruitment_justification, talent_list_profession, stage, stage_changed_at,
        submitted_on, immd_reference, approved_on, visa_issued_on, visa_number,
        limit_of_stay_until, created_at, updated_at)"""

    def extension_values(parent: str, parent_limit: str, stage: str, limit: str) -> str:
        """The SELECT list of an extension of case *parent* whose limit was *parent_limit*:
        filed 90 days before that limit, approved 20 days before (never after today)."""
        return f"""c.company_id, c.candidate_id, c.scheme, 'extension', {parent},
            (ARRAY['online','paper'])[(c.candidate_id / 32) % 2 + 1], c.job_title,
            c.monthly_salary, c.owner_id, false, '', '', {stage},
            now() - make_interval(days => c.candidate_id % 90),
            LEAST({parent_limit} - 90, {t} - 1), 'IMMD/E' || c.candidate_id,
            LEAST({parent_limit} - 20, {t}),
            CASE WHEN {stage} = 'visa_issued' THEN LEAST({parent_limit} - 13, {t}) END,
            CASE WHEN {stage} = 'visa_issued' THEN 'EVX' || c.candidate_id ELSE '' END, {limit},
            now() - make_interval(days => c.candidate_id % 90), now()"""

    def extensions(conn: psycopg.Connection, lo: int, hi: int) -> None:
        # Entry case rows c: their candidate id is their i.
        in_chunk = f"c.id BETWEEN {SLOTS * lo} AND {SLOTS * hi} AND c.kind = 'entry'"
        first_stage = (f"(CASE WHEN {picked('second_extension', 'c.candidate_id')} "
                       "OR (c.candidate_id / 32) % 2 = 0 THEN 'visa_issued' ELSE 'approved' END)")
        conn.execute(f"""
            INSERT INTO cases {extension_columns}
            SELECT {case_id('extension', 'c.candidate_id')},
                   {extension_values('c.id', entry_limit, first_stage, first_limit)}
            FROM cases c WHERE {in_chunk} AND {picked('extension', 'c.candidate_id')}""")
        conn.execute(f"""
            INSERT INTO cases {extension_columns}
            SELECT {case_id('second_extension', 'c.candidate_id')},
                   {extension_values(case_id('extension', 'c.candidate_id'), first_limit,
                                     "'approved'", now_limit)}
            FROM cases c WHERE {in_chunk} AND {picked('second_extension', 'c.candidate_id')}""")
        # The entry case's stay now lies before the extension's: arrived two years
        # before its limit, and superseded.
        conn.execute(f"""
            UPDATE cases c SET superseded_by_id = {case_id('extension', 'c.candidate_id')},
                   limit_of_stay_until = {entry_limit},
                   submitted_on = {entry_limit} - 830, approved_on = {entry_limit} - 770,
                   arrived_on = {entry_limit} - 730, hkid_due_on = {entry_limit} - 700
            WHERE {in_chunk} AND {picked('extension', 'c.candidate_id')}""")
        second = picked("second_extension", "candidate_id")
        conn.execute(f"""
            UPDATE cases SET superseded_by_id = {case_id('second_extension', 'candidate_id')}
            WHERE id BETWEEN {SLOTS * lo} AND {SLOTS * hi + SLOTS - 1}
              AND id % {SLOTS} = {CASE_OFFSETS['extension']} AND {second}""")
        # Extensions in progress: the entry case still holds the stay.
        conn.execute(f"""
            INSERT INTO cases (id, company_id, candidate_id, scheme, kind, parent_case_id,
                submission_channel, job_title, monthly_salary, owner_id, quota_held,
                local_recruitment_justification, talent_list_profession, stage,
                stage_changed_at, submitted_on, immd_reference, visa_number, created_at,
                updated_at)
            SELECT {case_id('extension', 'c.candidate_id')}, c.company_id, c.candidate_id,
                   c.scheme, 'extension', c.id, s.channel, c.job_title, c.monthly_salary,
                   c.owner_id, false, '', '', s.stage,
                   now() - make_interval(days => c.candidate_id % 30),
                   CASE WHEN s.stage = 'submitted' THEN {t} - (c.candidate_id % 30) END,
                   CASE WHEN s.stage = 'submitted' THEN 'IMMD/E' || c.candidate_id ELSE '' END,
                   '', now() - make_interval(days => c.candidate_id % 60), now()
            FROM cases c, LATERAL (SELECT
                   CASE WHEN (c.candidate_id / 64) % 2 = 0 THEN 'submitted' ELSE 'preparing' END
                     AS stage,
                   CASE WHEN (c.candidate_id / 64) % 2 = 0 THEN 'online' ELSE '' END
                     AS channel) AS s
            WHERE {in_chunk} AND {picked('open_extension', 'c.candidate_id')}""")

    def person_columns() -> str:
        return """(id, company_id, full_name, search_name, chinese_name, nationality,
            date_of_birth, place_of_birth, passport_number, passport_expiry, email,
            qualification_level, qualification_subject, qualification_institution,
            stem_degree, years_experience, current_location, principal_id, relation,
            created_at, updated_at)"""

    def dependants(conn: psycopg.Connection, lo: int, hi: int) -> None:
        """A spouse and a child: candidates linked to the principal, each with a dependant
        visa case sponsored by the principal's entry case, in its stage, with the stay
        the principal holds now (extended with theirs; no family's principal has a second
        extension)."""
        for relation, letter, first, born in (
                ("spouse", "S", "Sam", "p.date_of_birth + 400"),
                ("child", "K", "Kit", "DATE '2012-01-01' + (p.id % 3000)")):
            person = person_id(relation, "p.id")
            conn.execute(f"""
                INSERT INTO candidates {person_columns()}
                SELECT {person}, p.company_id, d.name, lower(d.name), '', p.nationality,
                       {born}, p.place_of_birth, '{letter}' || lpad(p.id::text, 9, '0'),
                       p.passport_expiry, '', '{"bachelor" if relation == "spouse" else "none"}',
                       '', '', NULL, 0, 'Hong Kong', p.id, '{relation}', now(), now()
                FROM candidates p, LATERAL (SELECT '{first} ' || split_part(p.full_name, ' ', 2)
                                            || ' ' || ({person}) AS name) AS d
                WHERE p.id BETWEEN {lo} AND {hi} AND {picked(relation, 'p.id')}""")
            conn.execute(f"""
                INSERT INTO cases (id, company_id, candidate_id, scheme, kind, parent_case_id,
                    job_title, owner_id, quota_held, local_recruitment_justification,
                    talent_list_profession, stage, stage_changed_at, submitted_on,
                    immd_reference, approved_on, visa_issued_on, visa_number,
                    limit_of_stay_until, arrived_on, created_at, updated_at)
                SELECT {case_id(relation, 'c.candidate_id')}, c.company_id,
                       {person_id(relation, 'c.candidate_id')}, 'DEP', 'dependant', c.id, '',
                       c.owner_id, false, '', '', c.stage, c.stage_changed_at, c.submitted_on,
                       'IMMD/D' || c.candidate_id, c.approved_on, c.approved_on + 7,
                       'EVD' || c.candidate_id,
                       coalesce(now.limit_of_stay_until, c.limit_of_stay_until), c.arrived_on,
                       c.created_at, now()
                FROM cases c LEFT JOIN cases now ON now.id = c.superseded_by_id
                WHERE c.id BETWEEN {SLOTS * lo} AND {SLOTS * hi} AND c.kind = 'entry'
                  AND {picked(relation, 'c.candidate_id')}""")

    def records(conn: psycopg.Connection, lo: int, hi: int) -> None:
        """People hired already on a visa HR recorded as it shows it (no application)."""
        person = person_id("record", "i")
        where = f"i BETWEEN {lo} AND {hi} AND {picked('record')}"
        conn.execute(f"""
            INSERT INTO candidates {person_columns()}
            SELECT {person}, {company_of(sizes)}, d.name, lower(d.name), '', 'Singaporean',
                   DATE '1985-01-01' + (i % 5000), 'Singapore',
                   'R' || lpad(i::text, 9, '0'), {t} + (i % 2000) + 100,
                   'r' || i || '@mail.example', 'master', 'Finance', 'University ' || (i % 50),
                   true, i % 15, 'Hong Kong', NULL, NULL, now(), now()
            FROM generate_series({lo}, {hi}) AS i, LATERAL (SELECT
                   (ARRAY['Lee','Ravi','Mei','Ana'])[(i % 4) + 1] || ' '
                   || (ARRAY['Wong','Singh','Lim','Costa'])[(i / 50 % 4) + 1] || ' '
                   || ({person}) AS name) AS d
            WHERE {where}""")
        conn.execute(f"""
            INSERT INTO cases (id, company_id, candidate_id, scheme, kind, job_title,
                owner_id, quota_held, local_recruitment_justification, talent_list_profession,
                stage, stage_changed_at, immd_reference, visa_issued_on, visa_number,
                limit_of_stay_until, arrived_on, created_at, updated_at)
            SELECT {case_id('record', 'i')}, c, {person},
                   (ARRAY['IANG','QMAS','TTPS','ASSG'])[(i / 50) % 4 + 1], 'record', '',
                   (c - 1) * 4 + 2 + (i % 2), false, '', '', 'active',
                   now() - make_interval(days => i % 300), '', {t} - (i % 700) - 40, 'EVR' || i,
                   {t} + (i % 900) - 30, {t} - (i % 700) - 30,
                   now() - make_interval(days => i % 300), now()
            FROM (SELECT i, {company_of(sizes)} AS c FROM generate_series({lo}, {hi}) AS i
                  WHERE {where}) AS g""")

    # The stages each kind passes through, in order (rules/workflow.py), as SQL arrays.
    kind_stages = {"entry": STAGES, "extension": STAGES[1:5],
                   "dependant": (*STAGES[1:4], "visa_issued", "arrived", "active"),
                   "record": ("active",)}
    stages_of_kind = "(CASE c.kind " + " ".join(
        f"WHEN '{kind}' THEN ARRAY[{','.join(repr(s) for s in stages)}]"
        for kind, stages in kind_stages.items()) + " END)"

    def events(conn: psycopg.Connection, lo: int, hi: int) -> None:
        # One event per stage reached: a case in stage n has n events (avg ~4.5), for the
        # entry cases lo..hi and the after-arrival cases generated from them.
        ranges = f"c.id BETWEEN {SLOTS * lo} AND {SLOTS * hi + SLOTS - 1}"
        conn.execute(f"""
            INSERT INTO case_stage_events (company_id, case_id, from_stage, to_stage,
                                           moved_by_id, moved_at, note, facts)
            SELECT c.company_id, c.id, CASE WHEN k > 1 THEN s.stages[k - 1] END,
                   s.stages[k], c.owner_id, c.created_at + make_interval(days => k * 7),
                   '', NULL
            FROM cases c, LATERAL (SELECT {stages_of_kind} AS stages) AS s,
                 generate_series(1, array_position(s.stages, c.stage)) AS k
            WHERE {ranges}""")
        conn.execute(f"""
            INSERT INTO audit_events (company_id, user_id, action, object_type, object_id,
                                      summary, changes, ip, created_at)
            SELECT company_id, owner_id, 'stage', 'case', id, 'moved to ' || stage, NULL,
                   '127.0.0.1', stage_changed_at
            FROM cases c WHERE {ranges}""")

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
        ("extensions", sizes.cases, extensions),
        ("dependants", sizes.cases, dependants),
        ("recorded statuses", sizes.cases, records),
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
    """True when the database exists, holds the requested number of entry cases and was
    generated by this version of the generator (DATA_VERSION, the database's comment)."""
    try:
        with psycopg.connect(url) as conn:
            stamp = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()").fetchone()[0]
            if stamp != DATA_VERSION:
                return False
            count = conn.execute("SELECT count(*) FROM cases WHERE kind = 'entry'").fetchone()[0]
    except psycopg.Error:
        return False
    return count == sizes.cases


def stamp(conn: psycopg.Connection) -> None:
    """Mark the finished data set with DATA_VERSION (an interrupted one has no stamp)."""
    name = conn.execute("SELECT current_database()").fetchone()[0]
    conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(
        sql.Identifier(name), sql.Literal(DATA_VERSION)))


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
        stamp(conn)
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
