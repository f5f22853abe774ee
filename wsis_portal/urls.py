from django.contrib import admin
from django.urls import include, path

from actionlines import search_views
from actionlines import views as actionline_views
from wsis_portal import health

urlpatterns = [
    path("", actionline_views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("documents.urls")),
    path("", include("actionlines.urls")),
]

# A database outage answers 503 with Retry-After; any other error is the usual 500.
handler500 = "wsis_portal.health.server_error"
