"""Issuing, replacing, revoking and finding a user's feed by its secret token.

The token is secrets.token_urlsafe(32): 256 bits, far past guessing. The database keeps
its SHA-256 only; a request's token is hashed and the stored hash compared in constant
time (hmac.compare_digest), so the answer's timing says nothing about a near miss.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa

from tracker.audit.services import record
from tracker.calendar.models import SCOPES, CalendarFeed
from tracker.clock import utcnow
from tracker.extensions import db


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user_id: int) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user_id))


def issue(user_id: int, company_id: int, scope: str) -> str:
    """A new secret URL token for the user (an old one stops working); returns the token,
    which is shown once and never stored."""
    if scope not in SCOPES:
        raise ValueError(scope)
    token = secrets.token_urlsafe(32)
    feed = feed_of(user_id) or CalendarFeed(user_id=user_id, company_id=company_id)
    feed.token_hash, feed.scope, feed.created_at = token_hash(token), scope, utcnow()
    db.session.add(feed)
    record("update", "user", user_id, summary="Calendar feed address issued",
           changes={"calendar_scope": [None, scope]})
    db.session.commit()
    return token


def revoke(user_id: int) -> bool:
    """Stop the user's feed (its URL answers 404); False if there was none."""
    feed = feed_of(user_id)
    if feed is None:
        return False
    db.session.delete(feed)
    record("update", "user", user_id, summary="Calendar feed address revoked")
    db.session.commit()
    return True


def find(token: str) -> CalendarFeed | None:
    """The feed whose token is *token*, or None."""
    if not token or len(token) > 100:
        return None
    wanted = token_hash(token)
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token_hash == wanted))
    if feed is None or not hmac.compare_digest(feed.token_hash, wanted):
        return None
    return feed
