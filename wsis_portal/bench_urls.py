"""Bench-only URLs (wsis_portal.settings.bench): a view that does nothing but answer.

The admin stays mounted because the production middleware looks up its address.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path


def minimal(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("", minimal), path("admin/", admin.site.urls)]
