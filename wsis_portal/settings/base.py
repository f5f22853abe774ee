"""Settings shared by every environment: complete and safe for production.

Everything that differs between machines comes from the environment
(see the environment contract in the README).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", default=False)

INSECURE_DEVELOPMENT_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG=1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = INSECURE_DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "documents",
    "actionlines",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # SECURE_CSP below; nonces only where a template asks for one (the admin may).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Admin responses: Cache-Control private/no-store and X-Robots-Tag noindex.
    "wsis_portal.admin_security.AdminPrivacyMiddleware",
    # Must stay last: turns a locked-out login into a clear "locked out" response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wsis_portal.urls"
WSGI_APPLICATION = "wsis_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# The embedded cluster that `make run` starts; `make test` points DATABASE_URL at its own.
EMBEDDED_DATABASE_URL = "postgres://postgres@127.0.0.1:54329/wsis"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or EMBEDDED_DATABASE_URL,
        conn_max_age=600,
        conn_health_checks=True,
    )
}


def without_jit(database):
    """JIT compilation adds tens of milliseconds to large scans and never pays off for our
    queries. Added to whatever options the URL gave (sslmode, search_path...), not instead."""
    options = database.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return database


without_jit(DATABASES["default"])
# A streaming replica for anonymous public reads (wsis_portal/routers.py); writes, the admin
# and logged-in editors stay on the primary. Tests use the primary under this alias.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = without_jit(
        dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"], conn_max_age=600, conn_health_checks=True
        )
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["wsis_portal.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Admin login protection (django-axes): the lockout check runs before the password check.
AUTHENTICATION_BACKENDS = [
    "wsis_portal.admin_security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5  # failed logins from one address …
AXES_COOLOFF_TIME = timedelta(minutes=15)  # … are locked out for a while
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
# Behind a proxy, set this to the header that carries the client address, or every
# visitor shares the proxy's address: e.g. DJANGO_AXES_IP_HEADER=HTTP_X_FORWARDED_FOR.
AXES_IPWARE_META_PRECEDENCE_ORDER = [
    *env_list("DJANGO_AXES_IP_HEADER", ""),
    "REMOTE_ADDR",
]

# A document's change page edits every paragraph inline: a few hundred paragraphs send
# several thousand form fields, above Django's default limit of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# History (django-simple-history): reasons are free text; reverting is done by our own view.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# A CDN in front of the static files: DJANGO_STATIC_URL=https://cdn.example.org/static/
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Security headers (docs/deploying.md). Those that depend on TLS follow DJANGO_HTTPS, which the
# production settings turn on: set DJANGO_HTTPS=0 only to serve plain HTTP on a private host.
HTTPS = env_flag("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
if env_flag("DJANGO_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy without 'unsafe-inline': scripts and styles come from files. A
# template that needs an inline script gets a nonce ({{ csp_nonce }}); such a response is
# never stored in the page cache.
_static = urlsplit(STATIC_URL)
_static_origin = [f"{_static.scheme}://{_static.netloc}"] if _static.netloc else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *_static_origin],
    "style-src": [CSP.SELF, CSP.NONCE, *_static_origin],
    "img-src": [CSP.SELF, "data:", *_static_origin],
    "font-src": [CSP.SELF, *_static_origin],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
