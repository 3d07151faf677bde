"""Application settings, read from environment variables only.

Every variable is documented in the README's "Configuration" section. The
classes differ only in what a development laptop, the test suite and a
production server need by default.
"""

from __future__ import annotations

import os
from datetime import timedelta
from uuid import uuid4

from celery.schedules import crontab

DEV_SECRET_KEY = "dev-only-insecure-secret-key"


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable, falling back to *default*."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_float(name: str, default: float) -> float:
    """Read a decimal environment variable, falling back to *default*."""
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def scan_time() -> tuple[int, int]:
    """REMINDER_SCAN_TIME ("HH:MM", Hong Kong time) as (hour, minute); default 09:00."""
    hour, _, minute = os.environ.get("REMINDER_SCAN_TIME", "09:00").partition(":")
    return int(hour), int(minute or 0)


def celery_settings(redis_url: str, queue: str) -> dict:
    """Celery's settings (lower-case names, as Celery spells them)."""
    hour, minute = scan_time()
    broker = os.environ.get("CELERY_BROKER_URL") or redis_url
    # Fail fast when the broker is down, so a web request that queues a task
    # answers in well under a second instead of hanging (health shows degraded).
    quick = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
    return {
        "broker_url": broker,
        "result_backend": os.environ.get("CELERY_RESULT_BACKEND") or redis_url,
        "task_ignore_result": True,  # the reminder ledger, not Celery, records outcomes
        "timezone": "Asia/Hong_Kong",
        "enable_utc": True,
        "task_default_queue": queue,
        # A task killed mid-run is redelivered; the ledger makes resending harmless.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 2,
        "task_publish_retry_policy": quick,
        "beat_schedule": {
            "reminders-daily-scan": {
                "task": "reminders.scan",
                "schedule": crontab(hour=hour, minute=minute),
            },
            "reminders-hourly-retry": {
                "task": "reminders.retry_failed",
                "schedule": crontab(minute=0),
            },
        },
    }


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # A relative SQLite path lands in Flask's instance/ folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///tracker.db")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Session settings for the app's own PostgreSQL connections (libpq "options").
    # - Parallel query off: every page reads a few rows through indexes, and
    #   starting parallel workers cost 5–20 ms per statement on the benchmark,
    #   far more than they saved.
    # - Custom plans always: companies differ wildly in size (20,000 cases next to
    #   200), and the generic plan PostgreSQL may switch a prepared statement to
    #   after its fifth run is planned for an average company: the case list of
    #   the largest one went from ~4 ms to ~190 ms on a connection's 11th request.
    #   Planning each time costs under 1 ms.
    # Empty: the server's defaults.
    POSTGRES_OPTIONS = os.environ.get(
        "POSTGRES_OPTIONS",
        "-c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan")
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    APP_TIMEZONE = os.environ.get("APP_TIMEZONE", "Asia/Hong_Kong")
    APP_BASE_URL = os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000")

    # Mail: with MAIL_SERVER set, mail goes out over SMTP; otherwise it is
    # written as .log files under MAIL_FILE_PATH for a developer to read.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "HK Sponsorship Tracker <no-reply@tracker.local>"
    )
    MAIL_TIMEOUT = env_int("MAIL_TIMEOUT", 10)
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH", "")  # default: instance/mail
    # Empty: "smtp" when MAIL_SERVER is set, else "file". "console" prints mail instead.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "")

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    # Sessions and sign-in (see the README's "Security" section).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Checked on every request against times stored in the signed session cookie.
    SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
    # The cookie's own signature expires then too, as a second line of defence.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_MAX_HOURS)
    # The cookie is sent only when the session changed (sign-in, a flash message, the
    # last-seen time once a minute: tracker/auth/sessions.py), not on every response.
    SESSION_REFRESH_EACH_REQUEST = False
    # Failed sign-ins allowed (Flask-Limiter syntax), counted in Redis under
    # LOGIN_THROTTLE_PREFIX: from browsers unknown to the account, per normalised
    # e-mail and per client IP; from a browser that signed in to it before (its
    # device cookie), per that browser (tracker/auth/throttle.py).
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_IP = os.environ.get("LOGIN_LIMIT_PER_IP", "30 per 15 minutes")
    LOGIN_LIMIT_PER_DEVICE = os.environ.get("LOGIN_LIMIT_PER_DEVICE", "10 per 15 minutes")
    LOGIN_THROTTLE_PREFIX = os.environ.get("LOGIN_THROTTLE_PREFIX", "tracker-login")
    # How long a browser stays a known device after its last sign-in.
    DEVICE_COOKIE_DAYS = env_int("DEVICE_COOKIE_DAYS", 90)
    DEVICE_COOKIE_NAME = "tracker-device"
    # Password-reset requests accepted per address (past it the answer is the same
    # and no e-mail goes out) and per client IP (past it: 429).
    RESET_LIMIT_PER_ADDRESS = os.environ.get("RESET_LIMIT_PER_ADDRESS", "3 per hour")
    RESET_LIMIT_PER_IP = os.environ.get("RESET_LIMIT_PER_IP", "20 per hour")
    # Invitations an admin may resend to one invitee (each mails a fresh link), like
    # the reset links per address above.
    INVITE_RESEND_LIMIT = os.environ.get("INVITE_RESEND_LIMIT", "3 per hour")
    # argon2id cost: a profile named in tracker/auth/passwords.py (HASH_PROFILES).
    # Raising it upgrades each stored hash at that user's next sign-in.
    PASSWORD_HASH_PROFILE = os.environ.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY")
    PASSWORD_RESET_MAX_AGE = env_int("PASSWORD_RESET_MAX_AGE", 3600)  # seconds
    INVITE_MAX_AGE = env_int("INVITE_MAX_AGE", 7 * 24 * 3600)
    # How long the link that confirms a new sign-in e-mail works.
    EMAIL_CHANGE_MAX_AGE = env_int("EMAIL_CHANGE_MAX_AGE", 24 * 3600)

    # Domain settings that officials or letters change (see tracker/rules/).
    TECHTAS_QUOTA_VALIDITY_MONTHS = env_int("TECHTAS_QUOTA_VALIDITY_MONTHS", 12)

    # Uploaded documents live outside any static folder.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", "")  # default: instance/uploads
    MAX_CONTENT_LENGTH = env_int("MAX_UPLOAD_MB", 10) * 1024 * 1024  # a whole request
    MAX_DOCUMENT_BYTES = env_int("MAX_DOCUMENT_MB", 8) * 1024 * 1024  # one uploaded file

    # Fixed "today" for demos and tests (YYYY-MM-DD); empty means the real date.
    TODAY_OVERRIDE = os.environ.get("TODAY_OVERRIDE", "")

    # Host names the app answers to; any other Host header gets 400 (Flask's TRUSTED_HOSTS).
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if h.strip()] or None
    # Behind N reverse proxies, trust N hops of X-Forwarded-For/-Proto (0: no proxy).
    PROXY_FIX_HOPS = env_int("PROXY_FIX_HOPS", 0)
    # Strict-Transport-Security max-age; 0 sends no HSTS header (only production sets it).
    HSTS_SECONDS = 0


    # Reminders (see the README's "Reminders" section).
    REMINDER_SCAN_TIME = "{:02d}:{:02d}".format(*scan_time())
    REMINDER_MAX_RETRIES = env_int("REMINDER_MAX_RETRIES", 5)
    # Attempts in all (retries, worker restarts, hourly retries) before a reminder is
    # left `failed` for a person to Resend.
    REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 10)
    REMINDER_RETRY_BASE_SECONDS = env_float("REMINDER_RETRY_BASE_SECONDS", 30)
    REMINDER_RETRY_MAX_SECONDS = env_float("REMINDER_RETRY_MAX_SECONDS", 1800)
    # How long a worker may hold a reminder it is sending before another may take it over.
    REMINDER_SEND_LEASE_SECONDS = env_float("REMINDER_SEND_LEASE_SECONDS", 300)
    # The hourly retry gives failed reminders claimed within this many days another go.
    REMINDER_RETRY_DAYS = env_int("REMINDER_RETRY_DAYS", 7)
    # Hourly (and when a worker starts): run today's scan if its time has passed
    # and it has not run, e.g. because the broker was down at 09:00.
    REMINDER_CATCH_UP = env_bool("REMINDER_CATCH_UP", True)
    # A folder for the embedded broker used when no Redis is reachable (`make run`).
    CELERY_FS_FOLDER = os.environ.get("CELERY_FS_FOLDER", "")  # default: instance/celery

    CELERY: dict = celery_settings(REDIS_URL, os.environ.get("CELERY_QUEUE", "tracker"))


class DevelopmentConfig(Config):
    """Laptop defaults: embedded SQLite, mail to files."""

    DEBUG = False


# One name per test session, for the Redis keys and the Celery queue it uses.
TEST_SESSION_TAG = f"tracker-test-{os.getpid()}-{uuid4().hex[:8]}"


class TestConfig(Config):
    """The test suite builds its own database and passes its URL in."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    # Each test session counts sign-in failures under its own Redis keys.
    LOGIN_THROTTLE_PREFIX = TEST_SESSION_TAG
    WTF_CSRF_ENABLED = False
    # Every sign-in and new user would otherwise pay the production hashing cost.
    PASSWORD_HASH_PROFILE = "CHEAPEST"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # The reminder fault tests start a worker with MAIL_BACKEND=smtp and a real SMTP server.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "locmem")
    SERVER_NAME = None
    # Short delays so the fault tests finish in seconds.
    REMINDER_MAX_RETRIES = env_int("REMINDER_MAX_RETRIES", 3)
    REMINDER_RETRY_BASE_SECONDS = env_float("REMINDER_RETRY_BASE_SECONDS", 0.2)
    REMINDER_RETRY_MAX_SECONDS = env_float("REMINDER_RETRY_MAX_SECONDS", 1)
    REMINDER_SEND_LEASE_SECONDS = env_float("REMINDER_SEND_LEASE_SECONDS", 3)
    MAIL_TIMEOUT = env_int("MAIL_TIMEOUT", 2)
    # Tests pin their dates; a scan on the real date would only add noise.
    REMINDER_CATCH_UP = env_bool("REMINDER_CATCH_UP", False)
    # A queue of this test session's own, so parallel runs on one Redis never
    # take each other's tasks (the test worker is given the same name).
    CELERY = celery_settings(Config.REDIS_URL, os.environ.get("CELERY_QUEUE") or TEST_SESSION_TAG)


class ProductionConfig(Config):
    """Production: secure cookies, a real secret key required."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure,
    # host-only and for path "/", so a sibling subdomain cannot plant one.
    SESSION_COOKIE_NAME = "__Host-session"
    DEVICE_COOKIE_NAME = "__Host-device"
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the settings class named by APP_ENV (default: development)."""
    name = os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]
