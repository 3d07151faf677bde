"""Company and user administration rules. Each function owns its commit."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tracker.audit.services import diff, record, snapshot
from tracker.auth.models import User
from tracker.auth.passwords import hash_password, password_problem
from tracker.auth.services import AccountError, end_all_sessions, normalise_email
from tracker.companies.models import Company
from tracker.extensions import db
from tracker.permissions import Role
from tracker.rules.offsets import OffsetsError, parse_offsets

# A Hong Kong BR number: 8 digits (the branch/check suffix is optional).
BRN_PATTERN = re.compile(r"^\d{8}(-\d{3}-\d{2}-\d{2}-\d)?$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_company(name: str, brn: str, contact_email: str = "") -> Company:
    """Register a company; refuses a missing name, a malformed or duplicate BRN."""
    name, brn = name.strip(), brn.strip()
    if not name:
        raise AccountError("The company name is required.")
    if not BRN_PATTERN.match(brn):
        raise AccountError(f"Business registration number {brn!r} should be 8 digits.")
    if db.session.scalar(sa.select(Company.id).where(Company.brn == brn)):
        raise AccountError(f"A company with business registration number {brn} exists.")
    company = Company(name=name, brn=brn, contact_email=contact_email.strip())
    db.session.add(company)
    db.session.flush()
    record("create", "company", company.id, company_id=company.id, summary=name)
    db.session.commit()
    return company


def company_by_brn(brn: str) -> Company | None:
    return db.session.scalar(sa.select(Company).where(Company.brn == brn.strip()))


def create_user(
    company: Company, email: str, full_name: str, role: Role, password: str | None = None
) -> User:
    """Add a user to *company*. Without a password the user is invited to set one."""
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise AccountError(f"{email!r} is not a valid email address.")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError(f"A user with email {email} already exists.")
    if password is not None and (problem := password_problem(password)):
        raise AccountError(problem)
    user = User(company=company, email=email, full_name=full_name.strip() or email,
                role=Role(role).value,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    record("create", "user", user.id, company_id=company.id,
           changes={"email": [None, email], "role": [None, user.role]})
    db.session.commit()
    return user


def company_users(company_id: int) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.company_id == company_id).order_by(User.full_name)))


def _active_admin_count(company_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.company_id == company_id, User.active, User.role == Role.ADMIN.value)) or 0


def update_user(user: User, role: Role, active: bool) -> None:
    """Change a user's role or active flag, keeping at least one active admin."""
    losing_admin = user.active and user.role == Role.ADMIN and (role != Role.ADMIN or not active)
    if losing_admin and _active_admin_count(user.company_id) <= 1:
        raise AccountError("The company needs at least one active admin: "
                           "make someone else admin first.")
    changes: dict[str, list[str | bool]] = {}  # field: [before, after]
    if user.role != role.value:
        changes["role"] = [user.role, role.value]
        user.role = role.value
    if user.active != active:
        changes["active"] = [user.active, active]
        user.active = active
        if not active:
            end_all_sessions(user)
    if changes:
        record("update", "user", user.id, changes=changes, company_id=user.company_id)
        db.session.commit()


SETTINGS_FIELDS = ("name", "contact_email", "quota_reminder_offsets")


def update_company_settings(company: Company, name: str, contact_email: str,
                            reminder_offsets: str) -> None:
    """Save the company's name, contact e-mail and reminder offsets."""
    try:
        offsets = parse_offsets(reminder_offsets)
    except OffsetsError as error:
        # The view shows AccountError messages next to the field; nothing is saved.
        raise AccountError(str(error)) from None
    before = snapshot(company, SETTINGS_FIELDS)
    company.name = name.strip()
    company.contact_email = contact_email.strip()
    company.quota_reminder_offsets = ",".join(str(d) for d in offsets)
    if changes := diff(before, snapshot(company, SETTINGS_FIELDS)):
        record("update", "company", company.id, changes=changes, company_id=company.id)
    db.session.commit()
