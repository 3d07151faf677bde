"""HR user accounts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.clock import utcnow
from tracker.companies.models import Company
from tracker.extensions import Model
from tracker.permissions import Role


class User(UserMixin, Model):
    """A member of a company's HR team."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    # Stored lower-cased, so the unique index makes e-mail case-insensitive.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(10), default=Role.STAFF.value)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Bumped on sign-out, password change and deactivation: every cookie that
    # carries an older version stops working, which ends all sessions at once.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    last_sign_in_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Notification preferences.
    quota_reminders_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    daily_digest: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Interface language (tracker/i18n.LANGUAGES); None follows the browser.
    language: Mapped[str | None] = mapped_column(sa.String(10))

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        sa.CheckConstraint("role in ('admin', 'staff', 'viewer')", name="role_known"),
        sa.CheckConstraint("language IS NULL OR language IN ('en', 'zh_Hant')",
                           name="language_known"),
    )

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    def get_id(self) -> str:
        """Flask-Login session token: id plus session version (see session_version)."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def can(self, minimum: Role) -> bool:
        """True when this user's role is at least *minimum*."""
        return self.role_enum.rank >= minimum.rank
