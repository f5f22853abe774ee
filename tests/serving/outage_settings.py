"""Production settings for the outage test's gunicorn, with plain static storage (no
collectstatic needed, as in wsis_portal.settings.test)."""

from wsis_portal.settings.production import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
