from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<slug:slug>/", views.document_detail, name="document_detail"),
    path("documents/<slug:slug>/<int:number>/", views.paragraph_detail, name="paragraph_detail"),
]
