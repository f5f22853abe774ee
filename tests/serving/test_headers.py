"""Security headers, CSP and cookies with the production settings; `check --deploy` is clean."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def assert_security_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    return directives


def test_public_page_headers(client, production, browse_data):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    directives = assert_security_headers(response)
    # A cacheable public page carries no nonce: the same bytes are good for every reader.
    assert "nonce-" not in directives["script-src"]
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"].startswith('W/"')
    assert "Last-Modified" in response
    assert "Cookie" in response["Vary"] and "Accept-Encoding" in response["Vary"]
    assert not response.cookies


def test_admin_login_headers_and_cookies(client, production):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "ETag" not in response
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]


def test_admin_index_headers_for_an_editor(client, production, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


def test_session_cookie_is_secure_and_http_only(client, production, admin_user):
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin_user.username, "password": "password"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]


def test_plain_http_is_redirected_except_healthz(client, production):
    response = client.get("/documents/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/documents/"
    assert client.get("/healthz").status_code == 200


def test_logged_in_readers_get_private_pages(client, production, admin_user, browse_data):
    client.force_login(admin_user)
    response = client.get("/documents/tunis-agenda/", secure=True)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wsis_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }
    env.pop("DJANGO_HTTPS", None)
    env.pop("DJANGO_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
