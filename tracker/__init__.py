"""HK Sponsorship Tracker: work-visa sponsorship for Hong Kong employers."""

from __future__ import annotations

import os
from datetime import datetime

from flask import Flask
from flask_babel import gettext

from config import DEV_SECRET_KEY, Config, config_from_env
from tracker import i18n
from tracker.celery_app import celery_init_app
from tracker.clock import to_local, today
from tracker.extensions import bootstrap, csrf, db, login_manager, mail, migrate
from tracker.permissions import Role

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config_class: type[Config] | None = None, **overrides: object) -> Flask:
    """Build the Flask app for *config_class* (default: chosen by APP_ENV)."""
    app = Flask(__name__, template_folder=os.path.join(ROOT, "templates"),
                instance_path=os.path.join(ROOT, "instance"))
    app.config.from_object(config_class or config_from_env())
    app.config.update(overrides)
    check_production_settings(app)
    configure_database(app)
    prepare_folders(app)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_template_helpers(app)
    register_commands(app)
    celery_init_app(app)
    from tracker.main.errors import register as register_errorhandlers

    register_errorhandlers(app)
    return app


def check_production_settings(app: Flask) -> None:
    """Refuse to start in production with a weak secret key, cheap hashing or no TRUSTED_HOSTS."""
    from tracker.auth.passwords import HASH_PROFILES

    profile = app.config.get("PASSWORD_HASH_PROFILE")
    if profile not in HASH_PROFILES:
        raise RuntimeError(f"PASSWORD_HASH_PROFILE must be one of {', '.join(HASH_PROFILES)}.")
    if app.config.get("SESSION_COOKIE_SECURE") and not app.testing:
        if profile == "CHEAPEST":
            raise RuntimeError("PASSWORD_HASH_PROFILE=CHEAPEST is for the test suite only.")
        key = app.config.get("SECRET_KEY")
        if not key or key == DEV_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of 32+ characters in production."
            )
        if not app.config.get("TRUSTED_HOSTS"):
            raise RuntimeError(
                "TRUSTED_HOSTS must list the host names the app is served under in production "
                "(comma-separated), so a forged Host header is refused."
            )


def configure_database(app: Flask) -> None:
    """Pass POSTGRES_OPTIONS to every PostgreSQL connection the app opens."""
    options = app.config.get("POSTGRES_OPTIONS", "")
    if options and app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        engine = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        engine["connect_args"] = {**engine.get("connect_args", {}), "options": options}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine


def prepare_folders(app: Flask) -> None:
    """Default the mail and upload folders into instance/, and create them."""
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("MAIL_FILE_PATH"):
        app.config["MAIL_FILE_PATH"] = os.path.join(app.instance_path, "mail")
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    if not app.config.get("MAIL_BACKEND"):
        app.config["MAIL_BACKEND"] = "smtp" if app.config.get("MAIL_SERVER") else "file"
    if app.config["MAIL_BACKEND"] == "file":
        os.makedirs(app.config["MAIL_FILE_PATH"], exist_ok=True)


def register_extensions(app: Flask) -> None:
    import tracker.models  # noqa: F401 - register every model with the metadata
    from tracker.auth.services import load_user_from_session

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    i18n.init_app(app)
    bootstrap.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = i18n.N_("Please sign in to continue.")
    # Flask-Login translates the message when it flashes it (a lazy string cannot go
    # into the session cookie).
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user_from_session)


def register_blueprints(app: Flask) -> None:
    from tracker.advisor.views import bp as advisor_bp
    from tracker.audit_log.views import bp as audit_bp
    from tracker.auth.views import bp as auth_bp
    from tracker.calendar.views import bp as calendar_bp
    from tracker.candidates.views import bp as candidates_bp
    from tracker.cases.bulk_views import bp as case_bulk_bp
    from tracker.cases.dependant_views import bp as dependants_bp
    from tracker.cases.documents import bp as documents_bp
    from tracker.cases.views import bp as cases_bp
    from tracker.companies.views import bp as companies_bp
    from tracker.exports.printing import bp as printing_bp
    from tracker.exports.views import bp as exports_bp
    from tracker.imports.views import bp as imports_bp
    from tracker.main.views import bp as main_bp
    from tracker.people.views import bp as people_bp
    from tracker.portal import (  # noqa: F401 - their pages join portal_bp
        document_views,
        questionnaire_views,
    )
    from tracker.portal.hr_documents import bp as portal_documents_bp
    from tracker.portal.hr_views import bp as portal_hr_bp
    from tracker.portal.review_views import bp as portal_review_bp
    from tracker.portal.views import bp as portal_bp
    from tracker.quotas.views import bp as quotas_bp
    from tracker.reminders.views import bp as reminders_bp
    from tracker.reports.views import bp as reports_bp
    from tracker.search.views import bp as search_bp

    for blueprint in (main_bp, auth_bp, companies_bp, candidates_bp, cases_bp, documents_bp,
                      quotas_bp, audit_bp, reminders_bp, advisor_bp, people_bp, dependants_bp,
                      reports_bp, search_bp, case_bulk_bp, exports_bp, printing_bp,
                      imports_bp, calendar_bp, portal_bp, portal_hr_bp, portal_review_bp,
                      portal_documents_bp):
        app.register_blueprint(blueprint)


def register_security(app: Flask) -> None:
    """Headers, proxy and input guard; session lifetime; sign-in throttling; the
    candidate portal's session and its fence around HR's pages."""
    from tracker import security
    from tracker.auth import sessions, throttle
    from tracker.portal import guard
    from tracker.portal import throttle as portal_throttle

    security.init_app(app)
    sessions.init_app(app)
    guard.init_app(app)  # after the lifetime check, which may end the session
    throttle.init_app(app)
    portal_throttle.init_app(app)


def register_template_helpers(app: Flask) -> None:
    """Dates shown the Hong Kong way: DD/MM/YYYY, times in APP_TIMEZONE."""
    from tracker.forms_common import page_form_errors
    from tracker.rules.schemes import case_stage_label
    from tracker.text import hkd, hkdate, passport_name

    app.add_template_filter(hkdate)
    app.add_template_filter(hkd)
    # Plain text (titles, e-mails); pages mark up names with the _names.html macro.
    app.add_template_global(passport_name, "passport_name_text")
    # The error summary at the top of every page with a form (templates/_form_macros.html).
    app.add_template_global(page_form_errors)

    @app.template_filter("hkdatetime")
    def hkdatetime(value: datetime | None) -> str:
        return to_local(value).strftime("%d/%m/%Y %H:%M") if value else "—"

    @app.context_processor
    def inject_globals() -> dict[str, object]:
        # Stage labels per scheme: a QMAS case's "active" reads "Active (in Hong Kong)".
        return {"today": today(), "Role": Role, "case_stage_label": case_stage_label}


def register_commands(app: Flask) -> None:
    import tracker.portal.reminders  # noqa: F401 - plugs the candidates' reminders in (hooks)
    from tracker.auth.cli import register as register_accounts
    from tracker.companies.cli import register
    from tracker.demo.cli import register as register_demo
    from tracker.reminders.cli import register as register_reminders

    register(app)
    register_accounts(app)
    register_reminders(app)
    register_demo(app)
