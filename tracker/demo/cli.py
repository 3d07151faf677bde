"""`flask seed-demo`: a demo company with its users and sample data (tracker/demo/seed.py)."""

from __future__ import annotations

import os
import secrets

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from tracker.auth import services
from tracker.auth.models import User
from tracker.companies import services as companies
from tracker.demo import seed as demo
from tracker.extensions import db
from tracker.permissions import Role


@click.command("seed-demo")
@with_appcontext
@click.option("--credentials-file", type=click.Path(dir_okay=False), default=None,
              help="Also write the demo sign-in there (`make run` prints it after start-up).")
def seed_demo_command(credentials_file: str | None) -> None:
    """Create a demo company, its users and sample data when the database has no users yet."""
    if db.session.scalar(sa.select(sa.func.count(User.id))):
        click.echo("Users exist already; no demo account created.")
        return
    company = companies.company_by_brn("12345678") or companies.create_company(
        "Demo Technology Limited", "12345678", "hr@demo.example")
    password = secrets.token_urlsafe(12)
    admin = services.create_user(company, "admin@demo.example", "Demo Admin", Role.ADMIN,
                                 password)
    staff = services.create_user(company, "staff@demo.example", "CHAN Siu Ming", Role.STAFF,
                                 secrets.token_urlsafe(12))
    skipped = [] if demo.has_cases(company.id) else demo.fill(company, admin.id, staff.id)
    for step in skipped:
        click.echo(f"  demo step skipped: {step}")
    lines = ["Demo account created. Sign in at http://127.0.0.1:5000 with",
             "  email:    admin@demo.example", f"  password: {password}"]
    if credentials_file:
        with open(credentials_file, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(credentials_file, 0o600)
    click.echo("\n".join(lines))


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
