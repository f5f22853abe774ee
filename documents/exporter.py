"""A document and its paragraphs as JSON, in the shape documents.importer reads back.

Sections and paragraphs refer to sections by their position in the `sections` list, so that
sections without a label survive the round trip. Publication status is written for the reader's
information but never imported (publishing is a separate, permitted act).
Action-line links are not part of the export: they belong to the actionlines app.
"""

import json

from .importer import EXPORT_FORMAT, EXPORT_VERSION


def document_export(*, document):
    """The document as a JSON-serialisable dict (deterministic: same data, same output)."""
    sections = list(document.sections.order_by("order", "pk"))
    index = {section.pk: i for i, section in enumerate(sections)}
    paragraphs = list(document.paragraphs.order_by("number").prefetch_related("themes"))
    theme_records = {t.pk: t for p in paragraphs for t in p.themes.all()}
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "document": {
            "slug": document.slug,
            "title": document.title,
            "short_title": document.short_title,
            "symbol": document.symbol,
            "event": document.event.slug,
            "type": document.type,
            "adopted_on": document.adopted_on.isoformat(),
            "official_url": document.official_url,
            "paragraph_count": document.paragraph_count,
            "paragraph_count_verified": document.paragraph_count_verified,
            "summary": document.summary,
            "source": document.source,
            "licence_note": document.licence_note,
            "status": document.status,
        },
        "themes": [
            {"slug": t.slug, "name": t.name, "description": t.description}
            for t in sorted(theme_records.values(), key=lambda t: t.slug)
        ],
        "sections": [
            {
                "label": s.label,
                "heading": s.heading,
                "parent": index.get(s.parent_id),
                "order": s.order,
                "first_paragraph": s.first_paragraph,
                "last_paragraph": s.last_paragraph,
                "verified": s.verified,
                "source": s.source,
            }
            for s in sections
        ],
        "paragraphs": [
            {
                "number": p.number,
                "section": index.get(p.section_id),
                "text": p.text,
                "summary": p.summary,
                "source": p.source,
                "verified": p.verified,
                "search_config": p.search_config,
                "themes": sorted(t.slug for t in p.themes.all()),
            }
            for p in paragraphs
        ],
    }


def document_export_json(*, document):
    return json.dumps(document_export(document=document), ensure_ascii=False, indent=2) + "\n"
