"""Issuing, replacing, revoking and finding a user's feed by its secret token.

The token is HMAC-SHA256(the app's SECRET_KEY, a random 256-bit seed), URL-safe: 256
bits, far past guessing. The database keeps the seed and the token's SHA-256, never the
token: the seed is useless without the key, which lives outside the database. Deriving
the token again lets the account page show its owner the address at any time (an owner
adding the calendar on a second device expects to copy it again), and nothing secret
travels in the session cookie. A request's token is hashed and the stored hash compared
in constant time (hmac.compare_digest), so the answer's timing says nothing about a near
miss.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from flask import current_app

from tracker.audit.services import record
from tracker.calendar.models import SCOPES, CalendarFeed
from tracker.clock import utcnow
from tracker.extensions import db


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_for(seed: str) -> str:
    """The secret token of *seed* under the app's key (43 URL-safe characters)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, b"calendar-feed:" + seed.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def feed_of(user_id: int) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user_id))


def token_of(feed: CalendarFeed) -> str | None:
    """The feed's token for its owner's page; None when it cannot be derived (a feed from
    before seeds were kept, or the key changed since: the old address may still work,
    but only a new one can be shown)."""
    if not feed.seed:
        return None
    token = token_for(feed.seed)
    return token if hmac.compare_digest(token_hash(token), feed.token_hash) else None


def issue(user_id: int, company_id: int, scope: str) -> str:
    """A new secret URL token for the user (an old one stops working); returns the token."""
    if scope not in SCOPES:
        raise ValueError(scope)
    seed = secrets.token_hex(32)
    token = token_for(seed)
    feed = feed_of(user_id) or CalendarFeed(user_id=user_id, company_id=company_id)
    feed.token_hash, feed.seed, feed.scope, feed.created_at = (token_hash(token), seed, scope,
                                                                utcnow())
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
