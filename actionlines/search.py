"""Site-wide search: paragraphs, action lines, documents and events in one ranked list.

It lives in actionlines because it reads both apps, and only actionlines may import documents.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Least

from documents.models import Document, Event, Paragraph, Theme
from documents.search import CANDIDATE_LIMIT, QUERY_CONFIG, headline, highlight, paragraph_headline

from .models import ActionLine, Organization

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


def _document_names():
    """Every name a reader may give a published document, mapped to its slug."""
    names = dict(DOCUMENT_ALIASES)
    for slug, title, short_title, symbol in Document.objects.published().values_list(
        "slug", "title", "short_title", "symbol"
    ):
        for name in (slug, slug.replace("-", " "), title, short_title, symbol):
            if name:
                names[_normalize(name)] = slug
    return names


def shortcut_url(text):
    """The address a query names outright: an action line code, a paragraph, a document."""
    text = _normalize(text)
    if not text:
        return None
    code = ACTION_LINE_CODE.match(text)
    if code:
        slug = f"c{int(code['number'])}" + (f"-e-{code['sub']}" if code["sub"] else "")
        action_line = ActionLine.objects.filter(slug=slug).first()
        return action_line.get_absolute_url() if action_line else None
    names = _document_names()
    if text in names:
        return Document(slug=names[text]).get_absolute_url()
    reference = PARAGRAPH_REFERENCE.match(text)
    if reference and _normalize(reference["document"]) in names:
        paragraph = (
            Paragraph.objects.published()
            .filter(document__slug=names[_normalize(reference["document"])])
            .filter(number=int(reference["number"]))
            .select_related("document")
            .first()
        )
        return paragraph.get_absolute_url() if paragraph else None
    return None


def action_lines_search(query):
    """Action lines ranked by their own titles and summary, then their sub-lines,
    facilitators and linked paragraphs (each of those counting like a C-weighted match)."""
    sub_line_rank = (
        ActionLine.objects.filter(parent=OuterRef("pk"), search_vector=query)
        .order_by()
        .values("parent")
        .annotate(total=Sum(SearchRank(F("search_vector"), query)))
        .values("total")
    )
    facilitator_matches = Organization.objects.annotate(
        vector=SearchVector("acronym", "name", config=QUERY_CONFIG)
    ).filter(vector=query, facilitations__action_line=OuterRef("pk"))
    paragraph_matches = (
        Paragraph.objects.published()
        .filter(links__action_line=OuterRef("pk"), search_vector=query)
        .order_by()
        .values("links__action_line")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ActionLine.objects.annotate(
            own_rank=SearchRank(F("search_vector"), query),
            sub_line_rank=Coalesce(Subquery(sub_line_rank), 0.0, output_field=FloatField()),
            facilitator_rank=Cast(Exists(facilitator_matches), IntegerField()),
            paragraph_hits=Coalesce(Subquery(paragraph_matches), 0),
        )
        .annotate(
            rank=F("own_rank")
            + 0.4 * F("sub_line_rank")
            + 0.2 * F("facilitator_rank")
            + 0.05 * Least(F("paragraph_hits"), Value(10)),
        )
        .filter(
            Q(search_vector=query)
            | Q(sub_line_rank__gt=0)
            | Q(facilitator_rank__gt=0)
            | Q(paragraph_hits__gt=0)
        )
        .order_by("-rank", "order")
    )


def suggestion_for(text):
    """The query with each unknown word replaced by the closest known one, or None.

    The vocabulary is every word of the titles, headings and summaries (of paragraphs, a
    bounded sample), so that the cost stays small whatever the corpus size. Suggestions are
    cached for a while: readers repeat the same misspellings.
    """
    words = re.findall(r"[^\W\d_]{3,}", text.lower())[:6]
    if not words:
        return None
    replacements = cache.get_or_set(
        f"search-suggestions:{hashlib.sha1(' '.join(words).encode()).hexdigest()}",
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
                    UNION ALL SELECT to_tsvector('simple', heading) FROM documents_section
                    UNION ALL SELECT to_tsvector('simple', concat_ws(' ', name, description))
                      FROM documents_theme
                    UNION ALL SELECT to_tsvector('simple', concat_ws(' ', name, summary))
                      FROM documents_event
                    UNION ALL (SELECT to_tsvector('simple', concat_ws(' ', summary, text))
                      FROM documents_paragraph LIMIT 500)
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


def site_search(*, query, filters):
    """Ranked hits of every type for a SearchQuery, narrowed by the validated filters.

    Only (type, pk, rank) are fetched here; `hits_fill` loads the page's objects.
    """
    kind = filters.get("type")
    paragraphs = Paragraph.objects.published()
    documents = Document.objects.published()
    events = Event.objects.all()
    action_lines = ActionLine.objects.all()
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
        action_lines = action_lines.filter(pk=action_line.pk)
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
            for pk, r in action_lines_search(query)
            .filter(pk__in=action_lines.values("pk"))
            .values_list("pk", "rank")
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


def paragraph_facets(paragraph_ranks):
    """How many matching paragraphs fall in each document, event, theme and action line.

    Documents and events are counted here from the ranked rows, which carry each paragraph's
    document; themes and action lines take one query each.
    """
    if not paragraph_ranks:
        return {}
    per_document = Counter(document_id for _, _, document_id in paragraph_ranks)
    per_event = Counter()
    documents = []
    for pk, slug, title, event_slug, event_name in Document.objects.filter(
        pk__in=per_document
    ).values_list("pk", "slug", "short_title", "event__slug", "event__name"):
        documents.append((slug, title, per_document[pk]))
        per_event[(event_slug, event_name)] += per_document[pk]
    # One array parameter rather than a thousand: compiling and parsing stays cheap.
    ids = RawSQL("SELECT unnest(%s::bigint[])", ([pk for pk, _, _ in paragraph_ranks],))
    return {
        "document": _most_first(documents),
        "event": _most_first((slug, name, n) for (slug, name), n in per_event.items()),
        "theme": _counts(Theme.objects.filter(paragraphs__in=ids), "slug", "name"),
        "action_line": _counts(ActionLine.objects.filter(links__paragraph__in=ids), "slug", "code"),
    }


def _most_first(rows):
    return sorted(rows, key=lambda row: (-row[2], row[1]))


def _counts(queryset, value, label):
    """(value, label, count) rows, most frequent first."""
    return list(
        queryset.order_by()
        .values_list(value, label)
        .annotate(count=Count("pk"))
        .order_by("-count", label)
    )


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
            .annotate(snippet=paragraph_headline(query))
        )
    if ids := wanted.get("action_line"):
        loaded["action_line"] = ActionLine.objects.filter(pk__in=ids).annotate(
            snippet=headline(F("summary"), query)
        )
    if ids := wanted.get("document"):
        loaded["document"] = Document.objects.filter(pk__in=ids).annotate(
            snippet=headline(F("summary"), query)
        )
    if ids := wanted.get("event"):
        loaded["event"] = Event.objects.filter(pk__in=ids).annotate(
            snippet=headline(F("summary"), query)
        )
    by_key = {(kind, obj.pk): obj for kind, objs in loaded.items() for obj in objs}
    for hit in hits:
        hit.object = by_key[(hit.kind, hit.pk)]
        hit.snippet = highlight(hit.object.snippet)
    return hits
