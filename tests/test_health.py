"""GET /healthz reports the database and Redis."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite


def test_health_ok_when_both_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "redis": "ok", "status": "ok"}


def test_health_degraded_without_redis(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["redis"] == "down" and response.json["database"] == "ok"


def test_error_pages_use_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"HK Sponsorship Tracker" in response.data and b"Not found" in response.data
