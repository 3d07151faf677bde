"""Operator commands: create a user (a company: companies/cli.py; the demo: demo/cli.py)."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from tracker.auth import services
from tracker.companies import services as companies
from tracker.companies.cli import fail
from tracker.permissions import Role


@click.command("create-user")
@with_appcontext
@click.option("--company-brn", required=True, help="BRN of the user's company.")
@click.option("--email", required=True, help="Sign-in e-mail.")
@click.option("--name", "full_name", default="", help="Full name (defaults to the e-mail).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.STAFF.value,
              show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(company_brn: str, email: str, full_name: str, role: str,
                        password_stdin: bool) -> None:
    """Create a user; the password is prompted for, or read from stdin."""
    company = companies.company_by_brn(company_brn)
    if company is None:
        fail(f"No company with business registration number {company_brn}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(company, email, full_name, Role(role), password)
    except services.AccountError as error:
        fail(str(error))
    click.echo(f"Created {user.role} {user.email} in {company.name}.")


def register(app: Flask) -> None:
    for command in (create_user_command,):
        app.cli.add_command(command)
