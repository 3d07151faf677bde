"""`make bench`: measure the app at a million cases against two ceilings.

Steps: generate (or reuse) the data set, serve the app with gunicorn exactly
as in production (2 workers), sign in HR users of several companies, drive
each page with concurrent clients for a fixed time, measure the two ceilings
(a bare Flask endpoint; the case list from one hand-written SQL query through
psycopg rendered with the same template) under the same server, time the
reminder scan against the raw SQL selecting the same due reminders, count SQL
statements per page on the small and the large data set, time the case page's
form saves on SQLite (bench/sqlite_saves.py), then write
bench/results/latest.json, latest.md (with before → after against
bench/results/baseline.json) and latest.png. Pages and ceilings are driven in
interleaved rounds, and the CPU spent per request by the app's workers,
PostgreSQL and the load client is read from /proc (bench/cpu.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import psycopg

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import cpu, generate, load, report  # noqa: E402
from bench.pages import CEILINGS, PAGES, sample_ids  # noqa: E402

RESULTS = os.path.join(ROOT, "bench", "results")
SMALL_URL = "postgresql://postgres@127.0.0.1:5432/tracker_bench_small"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(url: str) -> dict[str, str]:
    """The production settings, pointed at the bench database."""
    return {**os.environ, "APP_ENV": "production", "SECRET_KEY": "b" * 48,
            "DATABASE_URL": url.replace("postgresql://", "postgresql+psycopg://"),
            "TRUSTED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": ROOT,
            # No worker recycling during the run: a recycled worker's CPU time would be
            # lost from the per-request figures (bench/cpu.py).
            "GUNICORN_MAX_REQUESTS": "0"}


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    """gunicorn bench.app:app on the shipped gunicorn.conf.py with *workers* workers; waits
    until a worker answers."""
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-c", "gunicorn.conf.py",
         "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "bench.app:app"],
        cwd=ROOT, env=server_env(url))
    # Until a worker answers, not only the master's socket: on a loaded machine the workers
    # took over 30 s to import the app, and the first sign-in timed out.
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.settimeout(30)
                sock.sendall(b"GET /bench/bare HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                if sock.recv(12).startswith(b"HTTP/1."):
                    return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 180 s")


def sessions_for(url: str, port: int, count: int) -> list[load.Session]:
    """Sign in the admins of *count* companies: the large employers and small ones."""
    with psycopg.connect(url) as conn:
        companies = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
        chosen = list(range(1, generate.LARGE_COMPANIES + 1))[: count // 2]
        step = max(1, (companies - generate.LARGE_COMPANIES) // (count - len(chosen)))
        chosen += [generate.LARGE_COMPANIES + 1 + i * step for i in range(count - len(chosen))]
        sessions = []
        for company_id in chosen:
            email = f"u{(company_id - 1) * 4 + 1}@c{company_id}.example"
            cookie = load.sign_in("127.0.0.1", port, email, generate.BENCH_PASSWORD)
            sessions.append(load.Session(cookie, company_id, sample_ids(conn, company_id)))
    return sessions


def measure_pages(port: int, server_pid: int, sessions: list[load.Session], seconds: float,
                  clients: int, targets: dict[str, load.Target], rounds: int,
                  database: str | None = None) -> dict[str, dict]:
    """Drive every page and ceiling in turn, *rounds* times: *seconds* per page in all.

    Interleaving the rounds lets a page and its ceilings share whatever else the
    machine was doing: on this shared 2-core machine one 8-second run of the same
    page varied by up to 50% between runs, which one round per page turned into
    ratios that meant little.
    """
    results: dict[str, load.Result] = {}
    used: dict[str, dict[str, float]] = {}
    for round_number in range(rounds):
        for name, path_for in targets.items():
            load.drive("127.0.0.1", port, sessions, path_for, 0.5, clients)  # warm-up
            before = cpu.processes(server_pid, database)
            result = load.drive("127.0.0.1", port, sessions, path_for, seconds / rounds,
                                clients)
            spent = cpu.spent(before, cpu.processes(server_pid, database))
            results[name] = results[name] + result if name in results else result
            total = used.setdefault(name, dict.fromkeys(spent, 0.0))
            for part, seconds_spent in spent.items():
                total[part] += seconds_spent
            print(f"  round {round_number + 1}/{rounds}  {name:<28} {result.rps:>8.1f} req/s",
                  flush=True)
    summaries = {}
    for name, result in results.items():
        summaries[name] = result.summary()
        summaries[name]["cpu_ms_per_request"] = cpu.per_request(
            dict.fromkeys(used[name], 0.0), used[name], result.requests)
    return summaries


def load_baseline() -> dict | None:
    """The earlier run kept as the reference for before → after, if there is one."""
    path = os.path.join(RESULTS, "baseline.json")
    if not os.path.exists(path):
        return None
    with open(path) as kept:
        return json.load(kept)


def machine() -> dict[str, object]:
    return {"platform": platform.platform(), "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the tracker at scale.")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", generate.DEFAULT_URL))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--seconds", type=float, default=12.0, help="per page, all rounds")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds over every page and ceiling")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    today = date.today()
    sizes = generate.sizes_for(args.scale)
    if args.reuse and generate.database_ready(args.url, sizes):
        generate.migrate(args.url)
    else:
        print(f"Generating {sizes.cases:,} cases …", flush=True)
        generate.generate(args.url, sizes, today)
    small = generate.sizes_for(0.01)
    if generate.database_ready(SMALL_URL, small):
        generate.migrate(SMALL_URL)
    else:
        generate.generate(SMALL_URL, small, today)

    from bench import statements
    from bench.reminder_scan import time_reminder_scan

    print("Counting SQL statements per page (small vs large data) …", flush=True)
    statement_counts = statements.count_per_page(SMALL_URL, args.url)
    print("Timing the reminder scan against its raw SQL …", flush=True)
    scan = time_reminder_scan(args.url, today)

    load_at_start = os.getloadavg()[0]  # the machine is shared: say how busy it was
    port = free_port()
    server = start_gunicorn(args.url, port, args.workers)
    try:
        sessions = sessions_for(args.url, port, args.clients)
        print(f"Driving {len(PAGES)} pages and {len(CEILINGS)} ceilings, {args.clients} clients,"
              f" {args.seconds:.0f} s each in {args.rounds} rounds …", flush=True)
        measured = measure_pages(port, server.pid, sessions, args.seconds, args.clients,
                                 {**PAGES, **CEILINGS}, args.rounds, args.url.rsplit("/", 1)[1])
        pages = {name: measured[name] for name in PAGES}
        ceilings = {name: measured[name] for name in CEILINGS}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    busy = {"start": round(load_at_start, 2), "end": round(os.getloadavg()[0], 2)}
    print("Timing the case page's form saves on SQLite …", flush=True)
    from bench.sqlite_saves import measure as measure_sqlite_saves
    sqlite_saves = measure_sqlite_saves()
    print("Timing an import of 50,000 rows and exports of 100,000 cases …", flush=True)
    from bench.data_io import measure as measure_data_io
    data_io = measure_data_io()
    results = report.build(
        machine={**machine(), "load_average": busy},
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        sizes=sizes.as_dict(), pages=pages, ceilings=ceilings, statements=statement_counts,
        scan=scan, clients=args.clients, workers=args.workers, seconds=args.seconds,
        rounds=args.rounds, sqlite_saves=sqlite_saves)
    results["data_io"] = data_io
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "latest.json"), "w") as out:
        json.dump(results, out, indent=2)
    markdown = report.markdown(results, load_baseline())
    with open(os.path.join(RESULTS, "latest.md"), "w") as out:
        out.write(markdown)
    report.chart(results, os.path.join(RESULTS, "latest.png"))
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
