"""`make run`: start web, Celery worker and beat together; stop them together on Ctrl-C.

With no Redis answering at REDIS_URL the worker and beat use kombu's
embedded `filesystem://` broker (messages are files in instance/celery/),
and one line at start says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import redis

from config import Config

BIN = os.path.dirname(sys.executable)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTANCE = os.path.join(ROOT, "instance")
# Written by `flask seed-demo --credentials-file` (the Makefile's run target).
CREDENTIALS = os.path.join(INSTANCE, "demo-credentials.txt")
# The worker and beat log their banners for a few seconds after start.
SETTLE_SECONDS = 4.0


def redis_reachable(url: str, timeout: float = 0.5) -> bool:
    """True when a Redis server answers PING at *url*."""
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=timeout,
                                         socket_connect_timeout=timeout).ping())
    except (redis.RedisError, ValueError):
        return False


def broker_env(env: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """The children's environment, and the line to print when falling back."""
    if env.get("CELERY_BROKER_URL"):
        return env, None  # the operator chose a broker
    url = env.get("REDIS_URL") or Config.REDIS_URL
    if redis_reachable(url):
        return env, None
    folder = env.get("CELERY_FS_FOLDER") or "instance/celery"
    return ({**env, "CELERY_BROKER_URL": "filesystem://"},
            f"No Redis answers at {url}: background jobs use the embedded filesystem broker "
            f"in {folder}/ (start Redis or set REDIS_URL to use it).")


def commands() -> dict[str, list[str]]:
    """The processes of a development instance, by name."""
    celery = [os.path.join(BIN, "celery"), "-A", "wsgi.celery_app"]
    return {
        "web": [os.path.join(BIN, "flask"), "run", "--host", "127.0.0.1", "--port",
                os.environ.get("PORT", "5000")],
        # solo: one task at a time is plenty on a laptop, and starts fastest.
        "worker": [*celery, "worker", "--pool", "solo", "--loglevel", "INFO"],
        "beat": [*celery, "beat", "--loglevel", "INFO",
                 "--schedule", os.path.join(INSTANCE, "celerybeat-schedule")],
    }


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM every process still running, then wait; kill what does not stop."""
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(url: str, processes: dict[str, subprocess.Popen],
                  timeout: float = 30.0) -> bool:
    """True once *url* answers (the web server is listening), False if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and all(p.poll() is None for p in processes.values()):
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # it answered (503: Redis or the database is not up yet)
        except OSError:
            time.sleep(0.3)
    return False


def banner(url: str) -> str:
    """The closing lines: where to go, and the demo sign-in if `seed-demo` wrote one."""
    lines = ["", "=" * 64, f"Ready: open {url} - Ctrl-C stops all."]
    try:
        with open(CREDENTIALS, encoding="utf-8") as handle:
            lines += [line.rstrip() for line in handle if "@" in line or "password" in line]
    except OSError:
        pass
    return "\n".join([*lines, "=" * 64, ""])


def interrupt(_signum: int, _frame: object) -> None:
    """Ctrl-C (SIGINT) or SIGTERM to the runner stops everything."""
    raise KeyboardInterrupt


def main() -> int:
    """Start every process; when one exits or Ctrl-C is pressed, stop them all."""
    # Installed explicitly: a runner started in the background inherits SIGINT ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, interrupt)
    os.makedirs(INSTANCE, exist_ok=True)
    env, fallback = broker_env(dict(os.environ))
    if fallback:
        print(fallback, flush=True)
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=env)
                 for name, cmd in commands().items()}
    url = f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    print(f"Started {', '.join(processes)}.", flush=True)
    try:
        # Printed last, below the worker's and beat's start-up banners, where it stays on
        # screen (the demo's e-mail and password; nothing when no demo was seeded).
        if wait_until_up(f"{url}/healthz", processes):
            time.sleep(SETTLE_SECONDS)
        print(banner(url), flush=True)
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop(processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
