"""Flask extensions, created unbound here and bound to the app in create_app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_bootstrap import Bootstrap5
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Delete, MetaData, Update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic revisions are reproducible on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as FSAModel

    class Model(FSAModel, Base):
        """What db.Model is at run time: Base's body on Flask-SQLAlchemy's mixins.

        mypy cannot take a base class from an attribute of an instance (python/mypy#8603).
        """

else:
    Model = db.Model


def rows_changed(statement: Update | Delete) -> int:
    """Run an UPDATE or DELETE (without RETURNING); how many rows it changed.

    Session.execute returns a CursorResult for these, as SQLAlchemy documents, but is
    typed to return a plain Result, which has no rowcount (sqlalchemy#9185).
    """
    result = db.session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


migrate = Migrate(render_as_batch=True)  # batch mode so SQLite can ALTER tables
login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
mail = Mail()
