"""Full-text search over paragraphs, documents and events.

Queries use web-search syntax ("exact phrase", or, -exclude) through PostgreSQL's
websearch_to_tsquery, which accepts any string without a syntax error.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchConfig

MAX_QUERY_LENGTH = 200
# Ranking every row that holds a common word costs hundreds of milliseconds at 400,000
# paragraphs. Only the first CANDIDATE_LIMIT matches found through the index are ranked;
# beyond that, counts are shown as "more than".
CANDIDATE_LIMIT = 300
QUERY_CONFIG = SearchConfig.ENGLISH

# Private-use characters mark highlights inside ts_headline's output, so that the rest
# of the snippet can be escaped before the marks become <mark> elements.
MARK_START, MARK_STOP = "\ue000", "\ue001"


@dataclass(frozen=True)
class SearchTerms:
    """A reader's query, cleaned of what PostgreSQL or the page cannot take."""

    text: str
    truncated: bool = False

    @property
    def is_empty(self):
        return not self.text

    @property
    def quoted(self):
        return '"' in self.text

    @cached_property
    def query(self):
        return SearchQuery(self.text, config=QUERY_CONFIG, search_type="websearch")

    @cached_property
    def has_lexemes(self):
        """False when the query holds only stop words or operators, e.g. 'the' or '&'."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0",
                [QUERY_CONFIG, self.text],
            )
            return cursor.fetchone()[0]


def search_terms_parse(raw) -> SearchTerms:
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs", "Co"} else char for char in raw or ""
    )
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    return SearchTerms(text=text[:MAX_QUERY_LENGTH].strip(), truncated=truncated)


class SearchTextField(forms.CharField):
    """A search box's text, cleaned into SearchTerms (empty terms when blank)."""

    def to_python(self, value):
        return search_terms_parse(value)

    def validate(self, value):
        pass  # any text is a valid query once cleaned


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


def headline(expression, query, *, config=QUERY_CONFIG, max_fragments=2):
    return SearchHeadline(
        expression,
        query,
        config=config,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=35,
        min_words=15,
        max_fragments=max_fragments,
        fragment_delimiter=" … ",
    )


def paragraph_headline(query):
    """A snippet from the official text and the summary, in the paragraph's own language."""
    return headline(
        Concat(F("text"), Value(" "), F("summary"), output_field=TextField()),
        query,
        config=F("search_config"),
    )


def highlight(snippet) -> SafeString:
    """Escape a ts_headline snippet, then turn its highlight marks into <mark> elements."""
    escaped = escape((snippet or "").strip())
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def document_paragraphs_matching(document, terms):
    """A document's paragraphs that match, in document order, with highlighted snippets."""
    paragraphs = (
        document.paragraphs.filter(search_vector=terms.query)
        .select_related("section")
        .annotate(snippet=paragraph_headline(terms.query))
        .order_by("number")
    )
    for paragraph in paragraphs:
        paragraph.highlighted = highlight(paragraph.snippet)
        yield paragraph
