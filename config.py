"""Application settings, read from environment variables only.

Every variable is documented in the README's "Configuration" section. The
classes differ only in what a development laptop, the test suite and a
production server need by default.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

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


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # A relative SQLite path lands in Flask's instance/ folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///tracker.db")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
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
    # Failed sign-ins allowed per normalised e-mail and per client IP (Flask-Limiter
    # syntax), counted in Redis under LOGIN_THROTTLE_PREFIX.
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_IP = os.environ.get("LOGIN_LIMIT_PER_IP", "30 per 15 minutes")
    LOGIN_THROTTLE_PREFIX = os.environ.get("LOGIN_THROTTLE_PREFIX", "tracker-login")
    PASSWORD_RESET_MAX_AGE = env_int("PASSWORD_RESET_MAX_AGE", 3600)  # seconds
    INVITE_MAX_AGE = env_int("INVITE_MAX_AGE", 7 * 24 * 3600)

    # Domain settings that officials or letters change (see tracker/rules/).
    TECHTAS_QUOTA_VALIDITY_MONTHS = env_int("TECHTAS_QUOTA_VALIDITY_MONTHS", 12)

    # Uploaded documents live outside any static folder.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", "")  # default: instance/uploads
    MAX_CONTENT_LENGTH = env_int("MAX_UPLOAD_MB", 10) * 1024 * 1024

    # Fixed "today" for demos and tests (YYYY-MM-DD); empty means the real date.
    TODAY_OVERRIDE = os.environ.get("TODAY_OVERRIDE", "")

    # Host names the app answers to; any other Host header gets 400 (Flask's TRUSTED_HOSTS).
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if h.strip()] or None
    # Behind N reverse proxies, trust N hops of X-Forwarded-For/-Proto (0: no proxy).
    PROXY_FIX_HOPS = env_int("PROXY_FIX_HOPS", 0)
    # Strict-Transport-Security max-age; 0 sends no HSTS header (only production sets it).
    HSTS_SECONDS = 0

    CELERY: dict = {}


class DevelopmentConfig(Config):
    """Laptop defaults: embedded SQLite, mail to files."""

    DEBUG = False


class TestConfig(Config):
    """The test suite builds its own database and passes its URL in."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    # Each test session counts sign-in failures under its own Redis keys.
    LOGIN_THROTTLE_PREFIX = f"tracker-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "locmem"
    SERVER_NAME = None


class ProductionConfig(Config):
    """Production: secure cookies, a real secret key required."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure,
    # host-only and for path "/", so a sibling subdomain cannot plant one.
    SESSION_COOKIE_NAME = "__Host-session"
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
