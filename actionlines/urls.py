from django.urls import path

from . import views

app_name = "actionlines"
urlpatterns = [
    path("action-lines/", views.action_line_list, name="action_line_list"),
    path("action-lines/<slug:slug>/", views.action_line_detail, name="action_line_detail"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
]
