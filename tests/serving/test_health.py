"""/healthz, and the 503 that a database error becomes (the live outage is test_outage.py)."""

import pytest
from django.db import OperationalError
from django.test import Client

from wsis_portal import middleware

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "databases": {"default": "up"}}
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_the_database_down(client, monkeypatch):
    def broken(alias):
        return "down"

    monkeypatch.setattr("wsis_portal.health.database_status", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response["Retry-After"] == "30"


@pytest.fixture
def unreachable(monkeypatch):
    def content_state(*, using=None):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(middleware, "content_state", content_state)


def test_a_database_error_on_a_public_page_is_a_503(production_http, unreachable):
    response = Client(raise_request_exception=False).get("/documents/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert b"Temporarily unavailable" in response.content
    assert b"Traceback" not in response.content and b"5432" not in response.content
    assert "Content-Security-Policy" in response


def test_a_write_that_failed_tells_the_editor(production_http, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("django.contrib.auth.forms.AuthenticationForm.clean", fail)
    response = Client(raise_request_exception=False).post("/admin/login/", {"username": "x"})
    assert response.status_code == 503
    assert b"Your change was not saved" in response.content


def test_other_errors_stay_500(production_http, monkeypatch):
    def content_state(*, using=None):
        raise ValueError("a bug")

    monkeypatch.setattr(middleware, "content_state", content_state)
    response = Client(raise_request_exception=False).get("/documents/")
    assert response.status_code == 500
    assert "Retry-After" not in response
