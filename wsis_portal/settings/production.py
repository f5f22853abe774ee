"""Production: base.py with the TLS-dependent protections on unless told otherwise.

`make serve` uses it (with DJANGO_HTTPS=0 when it serves plain HTTP on this machine); see
docs/deploying.md for the environment a real deployment sets.
"""

import os

os.environ.setdefault("DJANGO_HTTPS", "1")

from .base import *  # noqa: E402,F403

# A production process never shows tracebacks, whatever DJANGO_DEBUG says, and never runs on
# the development key that DJANGO_DEBUG=1 allows.
DEBUG = False
if SECRET_KEY == INSECURE_DEVELOPMENT_KEY:  # noqa: F405
    raise ImproperlyConfigured(  # noqa: F405
        "DJANGO_SECRET_KEY is not set: production needs a key of its own."
    )

# Public pages: ETag/Last-Modified from the content version, 304s and the page cache. Added
# here rather than in base.py because it is a serving concern with one query of its own: the
# page tests pin their views' queries, and tests/serving runs the pages with this middleware.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.clickjacking.XFrameOptionsMiddleware"),
    "wsis_portal.middleware.PublicPageMiddleware",
)
# How long a rendered public page stays in the cache; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"wsis_portal": {"level": "INFO"}},
}
