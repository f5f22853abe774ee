"""Site-wide search: paragraphs, action lines, documents and events in one ranked list.

It lives in actionlines because it reads both apps, and only actionlines may import documents.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q

from documents.models import Document, Event, Paragraph
from documents.search import CANDIDATE_LIMIT, QUERY_CONFIG, headline, highlight, paragraph_headline

from .models import ActionLine

# Conventional abbreviations of the outcome documents, as readers type them.
DOCUMENT_ALIASES = {
    "dop": "geneva-declaration",
    "declaration of principles": "geneva-declaration",
    "geneva declaration of principles": "geneva-declaration",
    "poa": "geneva-plan-of-action",
    "plan of action": "geneva-plan-of-action",
    "gpoa": "geneva-plan-of-action",
    "ta": "tunis-agenda",
    "tunis agenda for the information society": "tunis-agenda",
    "tc": "tunis-commitment",
}
ACTION_LINE_CODE = re.compile(r"^c\s?(?P<number>\d{1,2})(?:[\s-]+e-?\s?(?P<sub>[a-z]+))?$")
PARAGRAPH_REFERENCE = re.compile(
    r"^(?P<document>.+?)[\s,]*(?:para(?:graph)?\.?|§|¶)?\s*(?P<number>\d{1,4})$"
)
SUGGESTION_CACHE_SECONDS = 600
TYPES = {
    "paragraph": "Paragraph",
    "action_line": "Action line",
    "document": "Document",
    "event": "Event",
}


def _normalize(text):
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" .")


def _published_document_named(name):
    """The published document a reader names by abbreviation, slug, title, short title or symbol."""
    name = _normalize(name)
    documents = Document.objects.published()
    if name in DOCUMENT_ALIASES:
        return documents.filter(slug=DOCUMENT_ALIASES[name]).first()
    return documents.filter(
        Q(slug=name.replace(" ", "-"))
        | Q(title__iexact=name)
        | Q(short_title__iexact=name)
        | Q(symbol__iexact=name)
    ).first()


def shortcut_url(text):
    """The address a query names outright: an action line code, a document, a paragraph."""
    text = _normalize(text)
    if not text:
        return None
    if code := ACTION_LINE_CODE.match(text):
        slug = f"c{int(code['number'])}" + (f"-e-{code['sub']}" if code["sub"] else "")
        action_line = ActionLine.objects.filter(slug=slug).first()
        return action_line.get_absolute_url() if action_line else None
    if document := _published_document_named(text):
        return document.get_absolute_url()
    reference = PARAGRAPH_REFERENCE.match(text)
    if reference and (document := _published_document_named(reference["document"])):
        paragraph = document.paragraphs.filter(number=int(reference["number"])).first()
        return paragraph.get_absolute_url() if paragraph else None
    return None


# One statement rather than an ORM query with four subqueries: building and planning that one
# cost more than running it. Own titles and summary count in full; sub-lines, facilitators and
# linked paragraphs count like C-weighted matches.
ACTION_LINE_RANKS = """
WITH q AS (SELECT websearch_to_tsquery(%(config)s::regconfig, %(text)s) AS query),
own AS (
    SELECT a.id, ts_rank(a.search_vector, q.query) AS rank
    FROM actionlines_actionline a, q WHERE a.search_vector @@ q.query),
sub_lines AS (
    SELECT a.parent_id AS id, sum(ts_rank(a.search_vector, q.query)) AS rank
    FROM actionlines_actionline a, q
    WHERE a.parent_id IS NOT NULL AND a.search_vector @@ q.query GROUP BY a.parent_id),
facilitators AS (
    SELECT DISTINCT f.action_line_id AS id
    FROM actionlines_facilitation f JOIN actionlines_organization o ON o.id = f.organization_id, q
    WHERE to_tsvector(%(config)s::regconfig, concat_ws(' ', o.acronym, o.name)) @@ q.query),
paragraphs AS (
    SELECT l.action_line_id AS id, count(*) AS hits
    FROM actionlines_paragraphlink l
    JOIN documents_paragraph p ON p.id = l.paragraph_id
    JOIN documents_document d ON d.id = p.document_id, q
    WHERE d.status = 'published' AND p.search_vector @@ q.query GROUP BY l.action_line_id)
SELECT a.id,
       coalesce(own.rank, 0) + 0.4 * coalesce(sub_lines.rank, 0)
       + CASE WHEN facilitators.id IS NULL THEN 0 ELSE 0.2 END
       + 0.05 * least(coalesce(paragraphs.hits, 0), 10) AS rank
FROM actionlines_actionline a
LEFT JOIN own ON own.id = a.id
LEFT JOIN sub_lines ON sub_lines.id = a.id
LEFT JOIN facilitators ON facilitators.id = a.id
LEFT JOIN paragraphs ON paragraphs.id = a.id
WHERE own.id IS NOT NULL OR sub_lines.id IS NOT NULL
   OR facilitators.id IS NOT NULL OR paragraphs.id IS NOT NULL
ORDER BY rank DESC, a."order", a.id
"""


def action_line_ranks(terms):
    """(pk, rank) of the action lines matching the search terms, best first."""
    with connection.cursor() as cursor:
        cursor.execute(ACTION_LINE_RANKS, {"config": QUERY_CONFIG, "text": terms.text})
        return cursor.fetchall()


def suggestion_for(text):
    """The query with each unknown word replaced by the closest known one, or None.

    The vocabulary is every word of the published titles, headings and summaries (of
    paragraphs, a bounded sample), so that the cost stays small whatever the corpus size.
    Suggestions are cached per version of the content: readers repeat the same misspellings.
    """
    words = re.findall(r"[^\W\d_]{3,}", text.lower())[:6]
    if not words:
        return None
    with connection.cursor() as cursor:
        # Kept by triggers on every content table (documents/migrations/0007_content_version.py).
        cursor.execute("SELECT version FROM wsis_content_version WHERE id = 1")
        version = cursor.fetchone()[0]
    replacements = cache.get_or_set(
        f"search-suggestions:{version}:{hashlib.sha1(' '.join(words).encode()).hexdigest()}",
        lambda: _closest_known_words(words),
        SUGGESTION_CACHE_SECONDS,
    )
    if not replacements:
        return None
    return re.sub(
        r"[^\W\d_]{3,}",
        lambda m: replacements.get(m.group(0).lower(), m.group(0)),
        text,
    )


def _closest_known_words(words):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH vocabulary AS (
                SELECT word FROM ts_stat($$
                    SELECT to_tsvector('simple', concat_ws(' ', code, official_title,
                                                           current_title, summary))
                      FROM actionlines_actionline
                    UNION ALL SELECT to_tsvector('simple', concat_ws(' ', title, summary))
                      FROM documents_document WHERE status = 'published'
                    UNION ALL SELECT to_tsvector('simple', s.heading)
                      FROM documents_section s JOIN documents_document d ON d.id = s.document_id
                      WHERE d.status = 'published'
                    UNION ALL SELECT to_tsvector('simple', concat_ws(' ', name, description))
                      FROM documents_theme
                    UNION ALL SELECT to_tsvector('simple', concat_ws(' ', name, summary))
                      FROM documents_event
                    UNION ALL (SELECT to_tsvector('simple', concat_ws(' ', p.summary, p.text))
                      FROM documents_paragraph p JOIN documents_document d ON d.id = p.document_id
                      WHERE d.status = 'published' LIMIT 500)
                $$)
                WHERE length(word) > 2
            )
            SELECT DISTINCT ON (input) input, word
              FROM unnest(%s::text[]) AS input, vocabulary
             WHERE word %% input
               AND NOT EXISTS (SELECT 1 FROM vocabulary known WHERE known.word = input)
             ORDER BY input, similarity(word, input) DESC, word
            """,
            [words],
        )
        return dict(cursor.fetchall())


@dataclass
class Hit:
    kind: str
    pk: int
    rank: float
    object: object = None
    snippet: str = ""

    @property
    def kind_label(self):
        return TYPES[self.kind]


@dataclass
class SearchResults:
    hits: list
    paragraph_count: int
    counts: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)

    @property
    def total(self):
        return len(self.hits)

    @property
    def more_than(self):
        """True when paragraph matches were cut at CANDIDATE_LIMIT: totals are a floor."""
        return self.paragraph_count >= CANDIDATE_LIMIT


def site_search(*, terms, filters):
    """Ranked hits of every type for the search terms, narrowed by the validated filters.

    Only (type, pk, rank) are fetched here; `hits_fill` loads the page's objects.
    """
    kind, query = filters.get("type"), terms.query
    paragraphs = Paragraph.objects.published()
    documents = Document.objects.published()
    events = Event.objects.all()
    if document := filters.get("document"):
        paragraphs = paragraphs.filter(document=document)
        documents = documents.filter(pk=document.pk)
        events = events.filter(documents=document)
    if event := filters.get("event"):
        paragraphs = paragraphs.filter(document__event=event)
        documents = documents.filter(event=event)
        events = events.filter(pk=event.pk)
    if action_line := filters.get("action_line"):
        paragraphs = paragraphs.filter(links__action_line=action_line)
    if theme := filters.get("theme"):
        paragraphs = paragraphs.filter(themes=theme)
    narrowed_to_paragraphs = bool(filters.get("action_line") or theme)

    paragraph_ranks = list(
        paragraphs.best_matches(query, limit=CANDIDATE_LIMIT).values_list(
            "pk", "rank", "document_id"
        )
    )
    hits_by_kind = {"paragraph": [Hit("paragraph", pk, r) for pk, r, _ in paragraph_ranks]}
    if not narrowed_to_paragraphs or action_line:
        hits_by_kind["action_line"] = [
            Hit("action_line", pk, r)
            for pk, r in action_line_ranks(terms)
            if action_line is None or pk == action_line.pk
        ]
    if not narrowed_to_paragraphs:
        hits_by_kind["document"] = [
            Hit("document", pk, r) for pk, r in documents.search(query).values_list("pk", "rank")
        ]
        hits_by_kind["event"] = [
            Hit("event", pk, r) for pk, r in events.search(query).values_list("pk", "rank")
        ]
    counts = {k: len(hits_by_kind.get(k, [])) for k in TYPES}
    shown = [h for k, hits in hits_by_kind.items() if kind in (None, "", k) for h in hits]
    shown.sort(key=lambda h: (-h.rank, list(TYPES).index(h.kind), h.pk))
    return SearchResults(
        hits=shown,
        paragraph_count=len(paragraph_ranks),
        counts=counts,
        facets=paragraph_facets(paragraph_ranks),
    )


# Themes and action lines of the matching paragraphs, counted in one statement.
THEME_AND_ACTION_LINE_COUNTS = """
SELECT 'theme', t.slug, t.name, count(*)
FROM documents_paragraph_themes pt JOIN documents_theme t ON t.id = pt.theme_id
WHERE pt.paragraph_id = ANY(%(ids)s) GROUP BY t.slug, t.name
UNION ALL
SELECT 'action_line', a.slug, a.code, count(*)
FROM actionlines_paragraphlink l JOIN actionlines_actionline a ON a.id = l.action_line_id
WHERE l.paragraph_id = ANY(%(ids)s) GROUP BY a.slug, a.code
"""


def paragraph_facets(paragraph_ranks):
    """How many matching paragraphs fall in each document, event, theme and action line.

    Documents and events are counted from the ranked rows, which carry each paragraph's
    document; themes and action lines take one statement together.
    """
    if not paragraph_ranks:
        return {}
    per_document = Counter(document_id for _, _, document_id in paragraph_ranks)
    per_event = Counter()
    facets = {"document": [], "event": [], "theme": [], "action_line": []}
    for pk, slug, title, event_slug, event_name in Document.objects.filter(
        pk__in=per_document
    ).values_list("pk", "slug", "short_title", "event__slug", "event__name"):
        facets["document"].append((slug, title, per_document[pk]))
        per_event[(event_slug, event_name)] += per_document[pk]
    facets["event"] = [(slug, name, n) for (slug, name), n in per_event.items()]
    with connection.cursor() as cursor:
        cursor.execute(THEME_AND_ACTION_LINE_COUNTS, {"ids": [pk for pk, _, _ in paragraph_ranks]})
        for facet, value, label, count in cursor.fetchall():
            facets[facet].append((value, label, count))
    return {name: sorted(rows, key=lambda row: (-row[2], row[1])) for name, rows in facets.items()}


def hits_fill(hits, query):
    """Load the objects and highlighted snippets of one page of hits: one query per type."""
    wanted = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.pk)
    loaded = {}
    if ids := wanted.get("paragraph"):
        loaded["paragraph"] = (
            Paragraph.objects.filter(pk__in=ids)
            .select_related("document", "section")
            .defer("document__search_vector")
            .annotate(snippet=paragraph_headline(query))
        )
    for kind, model in (("action_line", ActionLine), ("document", Document), ("event", Event)):
        if ids := wanted.get(kind):
            loaded[kind] = model.objects.filter(pk__in=ids).annotate(
                snippet=headline(F("summary"), query)
            )
    by_key = {(kind, obj.pk): obj for kind, objs in loaded.items() for obj in objs}
    for hit in hits:
        hit.object = by_key[(hit.kind, hit.pk)]
        hit.snippet = highlight(hit.object.snippet)
    return hits
