"""Reads that combine several models."""


from documents.models import Document, Event, Paragraph

from .models import ActionLine


def portal_counts():
    """The key figures on the home page."""
    return {
        "events": Event.objects.count(),
        "documents": Document.objects.published().count(),
        "paragraphs": Paragraph.objects.published().count(),
        "action_lines": ActionLine.objects.top_level().count(),
    }
