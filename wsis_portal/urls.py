from django.contrib import admin
from django.urls import include, path

from actionlines import search_views
from actionlines import views as actionline_views
from documents import views as document_views

urlpatterns = [
    path("", actionline_views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("healthz", document_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("documents.urls")),
    path("", include("actionlines.urls")),
]
