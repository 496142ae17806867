"""Reviewer accounts: the rules for names and passwords, the password hash, and signing in.

Passwords are hashed with scrypt (Werkzeug's ``generate_password_hash``: a random salt per account,
N=2^15, r=8, p=1, stored as one self-describing string), so a stolen database gives no password back
cheaply. The store (storage.reviewers) keeps the hash only.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from storage.db import Database
from storage.reviewers import ReviewerExists, ReviewerRecord, ReviewerRepository

__all__ = ["AccountError", "ReviewerExists", "ReviewerRecord", "add", "authenticate", "check_name",
           "check_password", "hash_password", "session_valid", "set_password"]

NAME = re.compile(r"[\w.@-]{1,64}")
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
KDF = "scrypt"


class AccountError(ValueError):
    """A name or password the rules refuse, told in one line."""


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise AccountError(f"bad reviewer name {name!r}: 1 to 64 letters, digits, '.', '_', '@' or '-'")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"password too long: at most {MAX_PASSWORD} characters")
    return password


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=KDF)


def add(db: Database, name: str, password: str) -> ReviewerRecord:
    """A new account (AccountError for a bad name or password, ReviewerExists for a taken name)."""
    return ReviewerRepository(db).add(check_name(name), hash_password(check_password(password)), datetime.now(UTC))


def set_password(db: Database, name: str, password: str) -> bool:
    """A new password for an account, ending its sessions; False if there is no such account."""
    return ReviewerRepository(db).set_password(check_name(name), hash_password(check_password(password)),
                                               datetime.now(UTC))


@cache
def _decoy_hash() -> str:
    return hash_password("not a password of anyone")


def authenticate(db: Database, name: str, password: str) -> ReviewerRecord | None:
    """The account if the password is its own (recording the sign-in), else None.

    An unknown name costs the same hash as a wrong password, so timing does not tell which names exist."""
    repo = ReviewerRepository(db)
    reviewer = repo.get(name) if NAME.fullmatch(name) and len(password) <= MAX_PASSWORD else None
    if reviewer is None:
        check_password_hash(_decoy_hash(), password[:MAX_PASSWORD])
        return None
    if not check_password_hash(reviewer.password_hash, password):
        return None
    repo.signed_in(reviewer.id, datetime.now(UTC))
    return reviewer


def session_valid(reviewer: ReviewerRecord, signed_in_at: float) -> bool:
    """A session begun at ``signed_in_at`` (a POSIX time) is still good: not ended by a sign-out or new password."""
    return signed_in_at >= reviewer.sessions_valid_after.timestamp()
