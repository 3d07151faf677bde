"""Operator command: create a company (users and the demo account: auth/cli.py)."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask import Flask
from flask.cli import with_appcontext

from tracker.companies import services
from tracker.companies.services import CompanyError


def fail(message: str) -> NoReturn:
    """Print one readable line to stderr and exit 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.command("create-company")
@with_appcontext
@click.option("--name", required=True, help="Legal name of the company.")
@click.option("--brn", required=True, help="Business registration number (8 digits).")
@click.option("--contact-email", default="", help="Company contact e-mail.")
def create_company_command(name: str, brn: str, contact_email: str) -> None:
    """Register a company (tenant)."""
    try:
        company = services.create_company(name, brn, contact_email)
    except CompanyError as error:
        fail(str(error))
    click.echo(f"Created company {company.name} (BRN {company.brn}).")


def register(app: Flask) -> None:
    app.cli.add_command(create_company_command)
