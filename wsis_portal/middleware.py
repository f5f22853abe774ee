"""Public pages: conditional requests, a page cache, and the cache headers that go with them.

Every anonymous GET/HEAD of a public page reads one row, `wsis_content_version`, kept current
by PostgreSQL triggers on every content table (documents/migrations/0007_content_version.py),
whoever writes. Its version, with the code's release, is the page's ETag and part of its cache
key; its time is the Last-Modified. So:
- a conditional request whose ETag (or date) still matches gets `304` without running the view;
- a page already rendered for this version comes from the cache (local memory, or Redis with
  `CACHE_URL`), gzipped once at fill for the clients that accept it;
- an edit is seen by the next request, because the next request reads the new version.
Logged-in users and the admin are never cached: their responses are `private, no-store`.
"""

import gzip
import hashlib
import os
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.core.cache import cache as page_cache
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from . import routers

# The URL namespaces and names of the public pages; anything else (the admin, /healthz, a page
# added later) is left alone until it is listed here.
PUBLIC_NAMESPACES = {"documents", "actionlines"}
PUBLIC_NAMES = {"home", "search"}

MAX_CACHED_PATH = 2000  # longer addresses are served, not stored
MIN_GZIP_BYTES = 1024


def cache_seconds():
    """How long a rendered page is kept (PAGE_CACHE_SECONDS); 0 turns the page cache off but
    keeps ETags and 304s. Old versions' pages are never served, only left to expire."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def content_state(*, using=None):
    """(version, changed_at) of the published content, from the database the page reads.

    Usually the request's first query, it doubles as the persistent connection's health check
    (CONN_HEALTH_CHECKS), which would otherwise cost a `SELECT 1` round trip of its own: a
    connection that died since the last request fails here, is closed, and the query is retried
    once on a new one. A second failure is an outage (a 503, see health.py).
    """
    connection = connections[using or routers.read_alias()]
    for attempt in (1, 2):
        if connection.connection is not None and not connection.in_atomic_block:
            connection.health_check_done = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT version, changed_at FROM wsis_content_version WHERE id = 1")
                return cursor.fetchone()
        except (OperationalError, InterfaceError):
            if attempt == 2 or connection.in_atomic_block:
                raise
            connection.close()


@cache
def release():
    """A short fingerprint of the code, templates and static files being served.

    Part of every ETag and cache key, so that a deploy never answers 304 with, or serves from
    cache, a page rendered by the previous code. `DJANGO_RELEASE` (e.g. a git commit) overrides.
    """
    if os.environ.get("DJANGO_RELEASE"):
        return os.environ["DJANGO_RELEASE"][:16]
    digest = hashlib.sha256()
    roots = [settings.BASE_DIR / name for name in ("templates", "documents", "actionlines")]
    roots.append(settings.BASE_DIR / "wsis_portal")
    files = [
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and path.is_file()
    ]
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.is_file():
        files.append(manifest)
    for path in sorted(files):
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def is_anonymous(request):
    """Without a session cookie nobody is logged in: decided without touching the database."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_public_page(request):
    match = request.resolver_match
    if match is None:
        return False
    return bool(PUBLIC_NAMESPACES.intersection(match.namespaces)) or (
        not match.namespaces and match.url_name in PUBLIC_NAMES
    )


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


class PublicPageMiddleware:
    """ETag/Last-Modified, 304s and the page cache for anonymous readers of public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous_read = request.method in ("GET", "HEAD") and is_anonymous(request)
        if anonymous_read and not request.path.startswith("/admin/"):
            with routers.public_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)

        page = getattr(request, "_wsis_page", None)
        if page is not None:
            self.finish(request, response, page)
        elif is_public_page(request) and not anonymous_read:
            # A logged-in editor may be previewing unpublished text: never store it anywhere.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (
            request.method in ("GET", "HEAD") and is_anonymous(request) and is_public_page(request)
        ):
            return None
        version, changed_at = content_state()
        etag = f'W/"{version}-{release()}"'
        # HTTP dates have whole seconds; the triggers give each version its own second.
        last_modified = int(changed_at.timestamp())
        if last_modified > datetime.now(UTC).timestamp():
            last_modified = None  # never claim a change in the future
        request._wsis_page = {
            "etag": etag,
            "last_modified": last_modified,
            "key": self.cache_key(request, version),
        }
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            not_modified._wsis_from_cache = True
            return not_modified
        key = request._wsis_page["key"]
        cached = page_cache.get(key) if key and cache_seconds() else None
        if cached is None:
            return None
        response = HttpResponse(content_type=cached["content_type"])
        response._wsis_from_cache = True
        self.set_body(request, response, cached["body"], cached["gzip"])
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def cache_key(request, version):
        path = request.get_full_path()
        if len(path) > MAX_CACHED_PATH:
            return None
        # Pages contain absolute links (permalinks), so the scheme and host are part of the key.
        where = f"{request.scheme}://{request.get_host()}{path}"
        digest = hashlib.md5(where.encode(), usedforsecurity=False).hexdigest()
        return f"page:{release()}:{version}:{digest}"

    def finish(self, request, response, page):
        """Headers for every public response; store a fresh 200 when nothing personal is in it."""
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        if response.status_code not in (200, 304):
            return
        response["ETag"] = page["etag"]
        if page["last_modified"] is not None:
            response["Last-Modified"] = http_date(page["last_modified"])
        # Any cache (browser, CDN) may keep the page but must ask again before reusing it:
        # the answer is a cheap 304 until the content changes.
        patch_cache_control(response, public=True, no_cache=True)
        if getattr(response, "_wsis_from_cache", False) or response.status_code != 200:
            return
        if not self.storable(request, response):
            return
        body = response.content
        store = bool(page["key"] and cache_seconds())
        compressed = None
        if len(body) >= MIN_GZIP_BYTES and (store or accepts_gzip(request)):
            compressed = gzip.compress(body, compresslevel=6, mtime=0)
        if store:
            page_cache.set(
                page["key"],
                {"content_type": response["Content-Type"], "body": body, "gzip": compressed},
                cache_seconds(),
            )
            response["X-Page-Cache"] = "miss"
        self.set_body(request, response, body, compressed)

    @staticmethod
    def storable(request, response):
        nonce = getattr(request, "_csp_nonce", None)
        return not (
            response.streaming
            or response.cookies
            or response.has_header("Content-Encoding")
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
            # A page with a nonce or a CSRF token is for one response only.
            or nonce
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )

    @staticmethod
    def set_body(request, response, body, compressed):
        if compressed is not None and accepts_gzip(request):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
        else:
            response.content = body
        response["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
