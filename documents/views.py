from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from .models import Document, Event, Paragraph


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return render(request, "documents/event_detail.html", {"event": event})


def document_detail(request, slug):
    document = get_object_or_404(Document.objects.published(), slug=slug)
    return render(request, "documents/document_detail.html", {"document": document})


def paragraph_detail(request, slug, number):
    paragraph = get_object_or_404(
        Paragraph.objects.published().select_related("document"), document__slug=slug, number=number
    )
    return render(request, "documents/paragraph_detail.html", {"paragraph": paragraph})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": "up"})
