"""Load the portal's reference data from fixtures/*.json (see fixtures/README.md).

Every record is matched by its natural key (slug, code, number…). Missing records are added;
existing ones are left exactly as an editor left them unless ``update=True``, which sets the
fields the fixtures give back to the fixture's values. Official paragraph texts are never
touched: the fixtures do not give them.
"""

import json
from collections import Counter
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from documents.models import Document, Event, Paragraph, Section, Theme

from .models import SDG, ActionLine, Facilitation, Organization, ParagraphLink, SDGLink, Target

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
FIXTURE_FILES = ("sources", "events", "documents", "themes", "actionlines")
OUTCOMES = ("created", "updated", "unchanged", "kept")


def reference_data_load(*, update=False, fixtures_dir=FIXTURES_DIR) -> dict:
    """Load the fixtures in one transaction.

    Returns ``{label: {"created": n, "updated": n, "unchanged": n, "kept": n}}`` per kind of
    record, where ``kept`` counts existing records that differ from the fixture and were left
    as they are (``update=False``).
    """
    fixtures = {
        name: json.loads((Path(fixtures_dir) / f"{name}.json").read_text(encoding="utf-8"))
        for name in FIXTURE_FILES
    }
    loader = _Loader(fixtures, update=update)
    with transaction.atomic():
        loader.load()
    return {label: {o: counts[o] for o in OUTCOMES} for label, counts in loader.counts.items()}


def _date(value):
    return date.fromisoformat(value) if value else None


def _expand(numbers):
    """[3, "5-7"] -> 3, 5, 6, 7"""
    for n in numbers:
        if isinstance(n, str):
            first, last = (int(x) for x in n.split("-"))
            yield from range(first, last + 1)
        else:
            yield n


def _section_tree(doc):
    """A document's fixture sections in reading order, as (data, parent data, depth)."""

    def walk(items, parent, depth):
        for s in items:
            yield s, parent, depth
            yield from walk(s.get("children", []), s, depth + 1)

    return list(walk(doc.get("sections", []), None, 0))


def _section_key(document_id, data):
    # Sections without a label (the Tunis Agenda's parts) are known by their heading.
    return (document_id, data.get("label") or data["heading"])


class _Loader:
    def __init__(self, fixtures, *, update):
        self.f = fixtures
        self.update = update
        self.counts = {}

    def source(self, data, prefix=""):
        """The source text: the note, then one line per source key of the reference sheet."""
        lines = [data[f"{prefix}source_note"]] if data.get(f"{prefix}source_note") else []
        lines += [f"{k}: {self.f['sources'][k]}" for k in data.get(f"{prefix}sources", [])]
        return "\n".join(lines)

    def sync(self, label, queryset, rows, *, key):
        """Add the rows (dicts of field values) whose natural key is missing from queryset.

        With update, existing records that differ get the rows' values; otherwise they are
        kept. ``key`` maps a model instance to its natural key. Returns {key: record}.
        """
        model = queryset.model
        fields = list(rows[0]) if rows else []
        attnames = [model._meta.get_field(f).attname for f in fields]
        existing = {key(obj): obj for obj in queryset.all()}
        counts = self.counts.setdefault(label, Counter())
        result, new, changed = {}, [], []
        for row in (model(**values) for values in rows):
            obj = existing.get(key(row))
            if obj is None:
                new.append(row)
            elif all(getattr(obj, a) == getattr(row, a) for a in attnames):
                counts["unchanged"] += 1
            elif self.update:
                for a in attnames:
                    setattr(obj, a, getattr(row, a))
                changed.append(obj)
            else:
                counts["kept"] += 1
            result[key(row)] = row if obj is None else obj
        model.objects.bulk_create(new)
        if changed:
            model.objects.bulk_update(changed, fields)
        counts["created"] += len(new)
        counts["updated"] += len(changed)
        return result

    def load(self):
        events = self.load_events()
        documents = self.load_documents(events)
        self.load_sections(documents)
        paragraphs = self.load_paragraphs(documents)
        self.load_themes(paragraphs)
        self.load_action_lines(paragraphs)

    # documents app ---------------------------------------------------------------------------

    def load_events(self):
        rows = [
            {
                "slug": e["slug"],
                "name": e["name"],
                "kind": e["kind"],
                "process": e.get("process", Event.Process.WSIS),
                "city": e.get("city", ""),
                "country": e.get("country", ""),
                "venue": e.get("venue", ""),
                "start_date": _date(e["start_date"]),
                "end_date": _date(e.get("end_date")),
                "date_precision": e.get("date_precision", Event.Precision.DAY),
                "participants": e.get("participants", ""),
                "participants_source": self.source(e, "participants_"),
                "summary": e.get("summary", ""),
                "source": self.source(e),
                "verified": e.get("verified", True),
                "unconfirmed_note": e.get("unconfirmed_note", ""),
            }
            for e in self.f["events"]
        ]
        return self.sync("events", Event.objects.all(), rows, key=lambda o: o.slug)

    def load_documents(self, events):
        rows = [
            {
                "slug": d["slug"],
                "title": d["title"],
                "short_title": d["short_title"],
                "symbol": d.get("symbol"),
                "event": events[d["event"]],
                "type": d["type"],
                "adopted_on": _date(d["adopted_on"]),
                "official_url": d.get("official_url", ""),
                "paragraph_count": d.get("paragraph_count"),
                "paragraph_count_verified": d.get("paragraph_count_verified", False),
                "summary": d.get("summary", ""),
                "source": self.source(d),
                "licence_note": d.get("licence_note", ""),
                "status": d.get("status", Document.Status.PUBLISHED),
            }
            for d in self.f["documents"]
        ]
        return self.sync("documents", Document.objects.all(), rows, key=lambda o: o.slug)

    def load_sections(self, documents):
        tree = [
            (documents[doc["slug"]], order, *item)
            for doc in self.f["documents"]
            for order, item in enumerate(_section_tree(doc), start=1)
        ]
        self.sections = {}
        for level in range(max((depth for *_, depth in tree), default=-1) + 1):
            rows = [
                {
                    "document": document,
                    "label": s.get("label", ""),
                    "heading": s["heading"],
                    "parent": self.sections[_section_key(document.pk, parent)] if parent else None,
                    "order": order,
                    "first_paragraph": s["paragraphs"][0] if "paragraphs" in s else None,
                    "last_paragraph": s["paragraphs"][1] if "paragraphs" in s else None,
                    "verified": s.get("verified", False),
                    "source": self.source(s),
                }
                for document, order, s, parent, depth in tree
                if depth == level  # parents before their children
            ]
            self.sections |= self.sync(
                "sections",
                Section.objects.filter(document__in=documents.values()),
                rows,
                key=lambda o: (o.document_id, o.label or o.heading),
            )

    def innermost_section(self, doc, document, number):
        """The fixture section with the narrowest paragraph range that holds number."""
        holding = [
            s
            for s, _, _ in _section_tree(doc)
            if "paragraphs" in s and s["paragraphs"][0] <= number <= s["paragraphs"][1]
        ]
        if not holding:
            return None
        narrowest = min(holding, key=lambda s: s["paragraphs"][1] - s["paragraphs"][0])
        return self.sections[_section_key(document.pk, narrowest)]

    def load_paragraphs(self, documents):
        """One record per official paragraph (or only the noted ones); never the text."""
        rows = []
        for doc in self.f["documents"]:
            document = documents[doc["slug"]]
            notes = {int(n): p for n, p in doc.get("paragraphs", {}).items()}
            numbers = range(1, doc["paragraph_count"] + 1) if doc.get("all_paragraphs") else notes
            for number in sorted(numbers):
                note = notes.get(number, {})
                rows.append(
                    {
                        "document": document,
                        "number": number,
                        "section": self.innermost_section(doc, document, number),
                        "summary": note.get("summary", ""),
                        "source": self.source(note),
                        "verified": note.get("verified", False),
                    }
                )
        by_id = self.sync(
            "paragraphs",
            Paragraph.objects.filter(document__in=documents.values()).defer("text"),
            rows,
            key=lambda o: (o.document_id, o.number),
        )
        slug_of = {d.pk: slug for slug, d in documents.items()}
        return {(slug_of[doc_id], n): p for (doc_id, n), p in by_id.items()}

    def load_themes(self, paragraphs):
        rows = [
            {"slug": t["slug"], "name": t["name"], "description": t.get("description", "")}
            for t in self.f["themes"]
        ]
        themes = self.sync("themes", Theme.objects.all(), rows, key=lambda o: o.slug)
        through = Paragraph.themes.through
        links = [
            {"paragraph": paragraphs[(slug, n)], "theme": themes[t["slug"]]}
            for t in self.f["themes"]
            for slug, numbers in t["paragraphs"].items()
            for n in _expand(numbers)
        ]
        self.sync(
            "paragraph themes",
            through.objects.filter(theme__in=themes.values()),
            links,
            key=lambda o: (o.paragraph_id, o.theme_id),
        )

    # actionlines app -------------------------------------------------------------------------

    def load_action_lines(self, paragraphs):
        data = self.f["actionlines"]
        organizations = self.sync(
            "organizations",
            Organization.objects.all(),
            [
                {
                    "slug": o["slug"],
                    "acronym": o["acronym"],
                    "name": o.get("name", ""),
                    "url": o.get("url", ""),
                }
                for o in data["organizations"]
            ],
            key=lambda o: o.slug,
        )

        lines = {}
        for sub_lines in (False, True):  # parents before their sub-lines
            rows = [
                {
                    "code": a["code"],
                    "slug": a["slug"],
                    "official_title": a["official_title"],
                    "current_title": a.get("current_title", ""),
                    "parent": lines[a["parent"]] if a.get("parent") else None,
                    "order": a["order"],
                    "summary": a.get("summary", ""),
                    "source": self.source(a),
                    "verified": a.get("verified", True),
                    "unconfirmed_note": a.get("unconfirmed_note", ""),
                }
                for a in data["action_lines"]
                if bool(a.get("parent")) == sub_lines
            ]
            lines |= self.sync("action lines", ActionLine.objects.all(), rows, key=lambda o: o.code)

        self.sync(
            "paragraph links",
            ParagraphLink.objects.filter(action_line__in=lines.values()),
            [
                {
                    "action_line": lines[a["code"]],
                    "paragraph": paragraphs[(p["document"], p["number"])],
                    "kind": p.get("kind", ParagraphLink.Kind.RELATED),
                    "source": self.source(p),
                }
                for a in data["action_lines"]
                for p in a.get("paragraphs", [])
                + (data["paragraphs_on_every_action_line"] if not a.get("parent") else [])
            ],
            key=lambda o: (o.action_line_id, o.paragraph_id),
        )
        self.sync(
            "facilitations",
            Facilitation.objects.filter(action_line__in=lines.values()),
            [
                {
                    "action_line": lines[a["code"]],
                    "organization": organizations[f["organization"]],
                    "role": f["role"],
                    "period": f.get("period", ""),
                    "source": self.source(f),
                    "verified": f.get("verified", True),
                    "note": f.get("note", ""),
                }
                for a in data["action_lines"]
                for f in a.get("facilitations", [])
            ],
            key=lambda o: (o.action_line_id, o.organization_id, o.role, o.period),
        )

        sdgs = self.sync(
            "SDGs", SDG.objects.all(), [{"number": n} for n in range(1, 18)], key=lambda o: o.number
        )
        mapping_source = self.source(data["sdg_mapping"])
        self.sync(
            "SDG links",
            SDGLink.objects.filter(action_line__in=lines.values()),
            [
                {
                    "action_line": lines[a["code"]],
                    "sdg": sdgs[n],
                    "source": mapping_source,
                    "verified": False,  # a third-party mapping, whatever the fixture says
                }
                for a in data["action_lines"]
                for n in a.get("sdgs", [])
            ],
            key=lambda o: (o.action_line_id, o.sdg_id),
        )

        targets = data["targets"]
        paragraph = paragraphs[(targets["paragraph"]["document"], targets["paragraph"]["number"])]
        self.sync(
            "targets",
            Target.objects.all(),
            [
                {
                    "letter": t["letter"],
                    "label": t["label"],
                    "paragraph": paragraph,
                    "source": self.source(targets),
                }
                for t in targets["items"]
            ],
            key=lambda o: o.letter,
        )
