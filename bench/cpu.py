"""CPU time per request, by who spent it: the app's workers, PostgreSQL, the load client.

All three share the machine's cores, so a page's requests per second are bounded
by the sum. Read from /proc (Linux): utime + stime of each process, before and
after a page is driven.

PostgreSQL's share counts only the backends connected to the bench database (the
machine's PostgreSQL also serves other work, whose backends come and go), and
the benchmark's gunicorn does not recycle its workers (bench/run.py): the CPU
time of a process that ends between the two readings would be lost.
"""

from __future__ import annotations

import os

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # the process ended between listing and reading
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def _postgres_pids(database: str | None) -> list[int]:
    """PostgreSQL's processes; with *database*, only the backends connected to it (a
    backend's title reads "postgres: [cluster:] user database host(port) state")."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() != "postgres":
                        continue
                with open(f"/proc/{entry}/cmdline") as cmdline:
                    title = cmdline.read().replace("\0", " ").split()
            except OSError:
                continue
            if database is None or database in title[1:]:
                pids.append(int(entry))
    return pids


Processes = dict[str, dict[int, float]]  # part -> {pid: CPU seconds so far}


def processes(server_pid: int, database: str | None = None) -> Processes:
    """CPU seconds so far of each process of each part: the gunicorn master and workers,
    PostgreSQL (the backends of *database*, or all of it), this process."""
    # The client first: CPU times only grow, so a process that is both (the test
    # passes its own pid as the server) never shows more as client than as app.
    client = {os.getpid(): _cpu_seconds(os.getpid())}
    app = [server_pid, *_children(server_pid)]
    return {"app": {pid: _cpu_seconds(pid) for pid in app},
            "database": {pid: _cpu_seconds(pid) for pid in _postgres_pids(database)},
            "client": client}


def snapshot(server_pid: int, database: str | None = None) -> dict[str, float]:
    """CPU seconds so far of each part (see `processes`)."""
    return {part: sum(used.values())
            for part, used in processes(server_pid, database).items()}


def spent(before: Processes, after: Processes) -> dict[str, float]:
    """CPU seconds each part spent between two readings: what each process still running
    spent, a process started between them counting whole. A process that ended between
    them (a pooled connection closed) is left out rather than counted negative."""
    return {part: sum(seconds - before[part].get(pid, 0.0)
                      for pid, seconds in after[part].items())
            for part in after}


def per_request(before: dict[str, float], after: dict[str, float], requests: int
                ) -> dict[str, float]:
    """Milliseconds of CPU per request for each part (nan-free: 0 without requests)."""
    if not requests:
        return {part: 0.0 for part in before}
    return {part: round((after[part] - before[part]) * 1000 / requests, 2) for part in before}
