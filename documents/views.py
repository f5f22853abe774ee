"""Public pages for events, documents and paragraphs. Parsing is in filters, reads in selectors."""

from django.shortcuts import render

from . import selectors
from .filters import DocumentFilter
from .models import Document
from .search import document_paragraphs_matching, search_terms_parse


def event_list(request):
    return render(request, "documents/event_list.html", {"events": selectors.event_list()})


def event_detail(request, slug):
    return render(request, "documents/event_detail.html", {"event": selectors.event_get(slug=slug)})


def document_list(request):
    filterset = DocumentFilter(request.GET, queryset=Document.objects.published())
    context = selectors.document_list(filterset=filterset)
    return render(request, "documents/document_list.html", {"filter": filterset, **context})


def document_detail(request, slug):
    reading = selectors.document_for_reading(slug=slug, user=request.user)
    terms = search_terms_parse(request.GET.get("q", ""))
    matches = None
    if not terms.is_empty and terms.has_lexemes:
        matches = list(document_paragraphs_matching(reading.document, terms))
    return render(
        request,
        "documents/document_detail.html",
        {"document": reading.document, "reading": reading, "terms": terms, "matches": matches},
    )


def paragraph_detail(request, slug, number):
    reading = selectors.paragraph_for_reading(slug=slug, number=number, user=request.user)
    paragraph = reading.paragraph
    return render(
        request,
        "documents/paragraph_detail.html",
        {
            "document": paragraph.document,
            "paragraph": paragraph,
            "reading": reading,
            "permalink": request.build_absolute_uri(paragraph.get_absolute_url()),
        },
    )
