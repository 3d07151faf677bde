"""The case page's form saves on SQLite, under gunicorn: the issue's 300 ms budget.

A new SQLite database is built by the migrations and filled by `flask seed-demo`
(the demo company: a case in each stage), then served by gunicorn exactly as
`make bench` serves PostgreSQL (bench/app.py, production settings). One client,
as one HR user works, repeats each of the case page's two main saves for a fixed
time, and the server time of each (the POST and the GET of the page it redirects
to, from the Server-Timing header) is recorded:

* the stage move (bench/pages.py case_save_form: submitted <-> additional
  information requested, on the demo's GEP case waiting for ImmD);
* the documents checklist's one save (checklist_save_form: one item's status
  turned between received and missing, every other item posted unchanged).

`make bench` runs it after the PostgreSQL pages; `python bench/sqlite_saves.py`
runs it alone and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import load, report  # noqa: E402
from bench.pages import TOKEN, case_save_form, hong_kong_today  # noqa: E402

CHECKLIST_FORM = re.compile(r'<form method="post" id="checklist-save"[^>]*?action="([^"]+)"',
                            re.S)
STATUS = re.compile(r'<select[^>]*name="status-([\w-]+)"[^>]*form="checklist-save">(.*?)</select>',
                    re.S)
RECEIVED = re.compile(r'name="received-([\w-]+)"[^>]*form="checklist-save"\s*value="([^"]*)"')


def checklist_save_form(html: str, _session: load.Session, _n: int
                        ) -> tuple[str, dict[str, str]] | None:
    """The documents checklist's save: every item as shown, one item's status turned
    (received <-> missing), as a user ticking one off. The item is the same every time
    (the first code in alphabetical order): the page lists settled items last, so "the
    first item shown" would change after each save."""
    form, token = CHECKLIST_FORM.search(html), TOKEN.search(html)
    items = STATUS.findall(html)
    if form is None or token is None or not items:
        return None
    received = dict(RECEIVED.findall(html))
    fields = {"csrf_token": token.group(1)}
    for code, options in items:
        chosen = re.search(r'<option value="(\w+)" selected', options)
        fields[f"status-{code}"] = chosen.group(1) if chosen else "missing"
        fields[f"received-{code}"] = received.get(code, "")
    code = min(code for code, _ in items)
    fields[f"status-{code}"] = "missing" if fields[f"status-{code}"] == "received" else "received"
    fields[f"received-{code}"] = hong_kong_today().isoformat()
    return form.group(1).replace("&amp;", "&"), fields


def _flask(env: dict[str, str], *args: str) -> str:
    """Run a `flask` command of the app on the bench's SQLite database; its output."""
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    return subprocess.run([flask, *args], cwd=ROOT, env={**env, "FLASK_APP": "wsgi"},
                          check=True, capture_output=True, text=True).stdout


def _demo_case(path: str) -> int:
    """The demo's case the stage move cycles: a GEP case waiting for ImmD."""
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT id FROM cases WHERE stage IN ('submitted', 'info_requested')"
                           " AND scheme = 'GEP' ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise RuntimeError("the demo company has no GEP case waiting for ImmD")
    return int(row[0])


def measure(seconds: float = 10.0) -> dict[str, dict]:
    """Build the demo database, serve it, and time each save for *seconds*: {save: summary}."""
    from bench.run import free_port, server_env, start_gunicorn

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.db")
        url = f"sqlite:///{path}"
        env = server_env(url)
        _flask(env, "db", "upgrade")
        credentials = os.path.join(folder, "credentials.txt")
        _flask(env, "seed-demo", "--credentials-file", credentials)
        with open(credentials) as kept:
            password = re.search(r"password: (\S+)", kept.read()).group(1)  # type: ignore[union-attr]
        case_id = _demo_case(path)
        port = free_port()
        server = start_gunicorn(url, port, 2)
        try:
            cookie = load.sign_in("127.0.0.1", port, "admin@demo.example", password)
            session = load.Session(cookie, 0, {})
            saves = {"stage move": load.FormSave(lambda s, n: f"/cases/{case_id}",
                                                 case_save_form),
                     "documents checklist": load.FormSave(lambda s, n: f"/cases/{case_id}",
                                                          checklist_save_form)}
            results = {}
            for name, save in saves.items():
                load.drive("127.0.0.1", port, [session], save, 1.0, 1)  # warm-up
                results[name] = load.drive("127.0.0.1", port, [session], save, seconds,
                                           1).summary()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per save")
    args = parser.parse_args(argv)
    results = measure(args.seconds)
    print(json.dumps(results, indent=2))
    print("\n".join(report.save_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
