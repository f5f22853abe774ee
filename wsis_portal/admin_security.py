"""Protections for the admin: never cached by shared caches, never indexed, login rate-limited.

This is project wiring (it concerns the admin site mounted in urls.py, not one domain app),
so it lives beside the settings that switch it on.
"""

from axes.backends import AxesStandaloneBackend
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class AdminPrivacyMiddleware:
    """Every response under the admin's prefix is private, unstored and not for search engines.

    Django's admin already sends `Cache-Control: private` on most views; this covers every
    response (login, static-free error pages, 404s under /admin/) and adds `no-store`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if request.path.startswith(self.prefix):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Logins without a request (`Client.login()` in tests, scripts) cannot be attributed to an
    address, so there is nothing to rate-limit; axes would raise instead of checking.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
