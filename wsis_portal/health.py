"""Health and outage: `/healthz` for load balancers, and the 503 page when PostgreSQL is away.

Connections are persistent with health checks (`CONN_MAX_AGE`, `CONN_HEALTH_CHECKS`): a
connection broken by an outage fails its check at the next request and Django opens a new
one, so the site recovers by itself once the database is back, with no restart.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def database_status(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        # Drop the broken connection now rather than at the end of the request.
        connections[alias].close_if_unusable_or_obsolete()
        return "down"
    return "up"


@never_cache
def healthz(request):
    """200 when the primary (and the replica, if any) answer; 503 otherwise. JSON either way."""
    databases = {alias: database_status(alias) for alias in settings.DATABASES}
    up = all(status == "up" for status in databases.values())
    response = JsonResponse(
        {
            "status": "ok" if up else "unavailable",
            "database": databases["default"],
            "databases": databases,
        },
        status=200 if up else 503,
    )
    if not up:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: a database outage is a 503 with Retry-After and a short page, not a 500.

    Django calls it for any exception a view or middleware let through, with the exception
    still current; a write that failed this way was rolled back with its transaction, and the
    page tells the editor so.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OUTAGE_ERRORS):
        return django_server_error(request)
    logger.warning("Database unavailable: %s %s: %s", request.method, request.path, error)
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    content = loader.render_to_string(
        "503.html", {"was_write": request.method not in ("GET", "HEAD", "OPTIONS")}
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
