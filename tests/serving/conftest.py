"""The serving tests run the public pages with the production settings' middleware and headers."""

import importlib

import pytest
from django.core.cache import cache

# What production.py sets with DJANGO_HTTPS on (its default); base.py derives them from the
# environment at import, so the tests set them here. test_headers.py checks the real module with
# `check --deploy` in a fresh process.
HTTPS_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@pytest.fixture(scope="session")
def production_middleware():
    return importlib.import_module("wsis_portal.settings.production").MIDDLEWARE


@pytest.fixture
def production(settings, production_middleware):
    """pytest-django's `settings`, switched to production's serving settings (HTTPS on)."""
    settings.MIDDLEWARE = production_middleware
    for name, value in HTTPS_SETTINGS.items():
        setattr(settings, name, value)
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def production_http(production):
    """Production settings served over plain HTTP, as `make serve` does on one machine."""
    production.SECURE_SSL_REDIRECT = False
    return production
