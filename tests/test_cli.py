"""Operator commands: good input creates rows, bad input exits 1 with one line."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tracker.auth.models import User
from tracker.extensions import db

pytestmark = pytest.mark.sqlite


def test_create_company_and_user(app, runner):
    result = runner.invoke(args=["create-company", "--name", "Acme HK Ltd", "--brn", "87654321"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "--company-brn", "87654321", "--email",
                                 "Boss@Acme.example", "--role", "admin", "--password-stdin"],
                           input="a strong enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "boss@acme.example"))
        assert user.role == "admin" and user.company.brn == "87654321"


@pytest.mark.parametrize("args,message", [
    (["create-company", "--name", "X", "--brn", "12"], "should be 8 digits"),
    (["create-company", "--name", " ", "--brn", "11112222"], "name is required"),
    (["create-user", "--company-brn", "99999999", "--email", "a@b.example",
      "--password-stdin"], "No company"),
])
def test_bad_input_exits_1_with_one_line(runner, args, message):
    result = runner.invoke(args=args, input="a strong enough password\n")
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_duplicate_brn_and_weak_password(runner, make):
    company = make.company()
    result = runner.invoke(args=["create-company", "--name", "Again", "--brn", company.brn])
    assert result.exit_code == 1 and "exists" in result.output
    result = runner.invoke(args=["create-user", "--company-brn", company.brn, "--email",
                                 "weak@example.com", "--password-stdin"], input="short\n")
    assert result.exit_code == 1 and "at least 12" in result.output


def test_help_is_available(runner):
    for command in ("create-company", "create-user"):
        result = runner.invoke(args=[command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_seed_demo_only_when_empty(runner, make):
    first = runner.invoke(args=["seed-demo"])
    assert "admin@demo.example" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "no demo account" in second.output
