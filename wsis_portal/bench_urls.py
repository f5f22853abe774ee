"""Bench-only URLs (wsis_portal.settings.bench): a view that does nothing but answer."""

from django.http import HttpResponse
from django.urls import path


def minimal(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("", minimal)]
