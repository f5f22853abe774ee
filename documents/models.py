"""The summit's events and outcome documents, down to the numbered paragraph."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchRank, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords


class SearchConfig(models.TextChoices):
    """PostgreSQL text search configurations, one per language; see migration 0003."""

    ENGLISH = "english_unaccent", "English"
    FRENCH = "french_unaccent", "French"
    SPANISH = "spanish_unaccent", "Spanish"
    RUSSIAN = "russian", "Russian"
    ARABIC = "arabic", "Arabic"
    # PostgreSQL has no Chinese configuration: fall back to plain tokens.
    SIMPLE = "simple", "Other (no stemming)"


def english_vector(*weighted_fields):
    """A search vector for records that exist in English only (events, documents)."""
    parts = [SearchVector(f, weight=w, config=SearchConfig.ENGLISH) for f, w in weighted_fields]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined + part
    return combined


def weighted_vector(*weighted_fields):
    """A search vector built with the row's own configuration.

    A stored generated column needs an immutable expression, so the configuration is a
    literal in one branch per language rather than the column's value cast to regconfig.
    """

    def vector(config):
        combined = None
        for field, weight in weighted_fields:
            part = SearchVector(field, weight=weight, config=config)
            combined = part if combined is None else combined + part
        return combined

    return Case(
        *[
            When(search_config=Value(config), then=vector(config))
            for config in SearchConfig.values
            if config != SearchConfig.SIMPLE
        ],
        default=vector(SearchConfig.SIMPLE),
        output_field=SearchVectorField(),
    )


class SearchableQuerySet(models.QuerySet):
    def search(self, query):
        """Rows matching a SearchQuery, best first (pk keeps pagination stable)."""
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "pk")
        )


class SearchableManager(models.Manager):
    """Leaves the search vector out of every query: only the database reads it, and loading it
    would add about a kilobyte per row to every page."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class EventQuerySet(SearchableQuerySet):
    pass


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", "Conference"
        RESOLUTION = "resolution", "UN General Assembly resolution"
        SUMMIT_PHASE = "summit_phase", "Summit phase"
        MEETING = "meeting", "Meeting"
        FORUM = "forum", "Forum"
        REVIEW_EVENT = "review_event", "Review event"
        UNGA_MEETING = "unga_meeting", "UN General Assembly high-level meeting"
        PROCESS = "process", "Review process"

    class Process(models.TextChoices):
        WSIS = "wsis", "WSIS"
        WSIS_10 = "wsis+10", "WSIS+10"
        WSIS_20 = "wsis+20", "WSIS+20"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    process = models.CharField(max_length=10, choices=Process.choices, default=Process.WSIS)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the start date is known: a 'year' date shows only its year.",
    )
    participants = models.TextField(
        blank=True, help_text="Participant figures, worded exactly as the source gives them."
    )
    participants_source = models.TextField(blank=True)
    summary = models.TextField(blank=True, help_text="In the portal's own words.")
    source = models.TextField(blank=True, help_text="Where the facts above were read.")
    verified = models.BooleanField(
        default=True, help_text="Untick when a fact on this record is not confirmed by a source."
    )
    unconfirmed_note = models.TextField(
        blank=True, help_text="What is not confirmed, shown to readers."
    )
    search_vector = models.GeneratedField(
        expression=english_vector(("name", "A"), ("city", "B"), ("country", "B"), ("summary", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SearchableManager.from_queryset(EventQuerySet)()
    # Search vectors are derived data: the history keeps what editors wrote.
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("documents:event_detail", args=[self.slug])


class DocumentQuerySet(SearchableQuerySet):
    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)


class Document(models.Model):
    class Type(models.TextChoices):
        DECLARATION = "declaration", "Declaration"
        PLAN_OF_ACTION = "plan_of_action", "Plan of action"
        COMMITMENT = "commitment", "Commitment"
        AGENDA = "agenda", "Agenda"
        RESOLUTION = "resolution", "General Assembly resolution"
        STATEMENT = "statement", "Statement"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100)
    symbol = models.CharField(
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text="Leave empty when none is known.",
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="documents")
    type = models.CharField(max_length=20, choices=Type.choices)
    adopted_on = models.DateField()
    official_url = models.URLField(max_length=500, blank=True)
    paragraph_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of paragraphs in the official text, if known."
    )
    paragraph_count_verified = models.BooleanField(default=False)
    summary = models.TextField(blank=True, help_text="In the portal's own words.")
    source = models.TextField(blank=True, help_text="Where the facts above were read.")
    licence_note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    search_vector = models.GeneratedField(
        expression=english_vector(
            ("title", "A"), ("short_title", "A"), ("symbol", "A"), ("summary", "B")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SearchableManager.from_queryset(DocumentQuerySet)()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["adopted_on", "slug"]
        permissions = [("publish_document", "Can publish and unpublish documents")]
        constraints = [
            models.CheckConstraint(condition=~Q(symbol=""), name="document_symbol_null_not_empty"),
        ]

    def __str__(self):
        return self.short_title or self.title

    def get_absolute_url(self):
        return reverse("documents:document_detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Section(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    # RESTRICT, not CASCADE: deleting a section alone must not take its sub-sections with it,
    # but deleting the whole document still may.
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="children"
    )
    label = models.CharField(max_length=20, blank=True, help_text="For example B6 or C.")
    heading = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)
    first_paragraph = models.PositiveIntegerField(null=True, blank=True)
    last_paragraph = models.PositiveIntegerField(null=True, blank=True)
    verified = models.BooleanField(
        default=False, help_text="The heading and paragraph range are confirmed by a source."
    )
    source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "label"],
                condition=~Q(label=""),
                name="section_label_unique_in_document",
            ),
            models.CheckConstraint(
                condition=Q(first_paragraph__isnull=True)
                | Q(last_paragraph__isnull=True)
                | Q(last_paragraph__gte=models.F("first_paragraph")),
                name="section_range_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.heading}".strip()


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="In the portal's own words.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ParagraphQuerySet(SearchableQuerySet):
    def published(self):
        return self.filter(document__status=Document.Status.PUBLISHED)

    def best_matches(self, query, *, limit):
        """The best of the first `limit` matches, ranked.

        Ranking is bounded because a word found in most paragraphs would otherwise make
        PostgreSQL rank every one of them before choosing the top twenty.
        """
        candidates = self.filter(search_vector=query).order_by().values("pk")[:limit]
        return self.model.objects.filter(pk__in=candidates).search(query)


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(
        Section, on_delete=models.RESTRICT, null=True, blank=True, related_name="paragraphs"
    )
    number = models.PositiveIntegerField()
    text = models.TextField(
        blank=True, help_text="The official text, entered only through the importer or an editor."
    )
    summary = models.TextField(blank=True, help_text="Editorial summary in the portal's own words.")
    source = models.TextField(blank=True, help_text="Where the summary's facts were read.")
    verified = models.BooleanField(
        default=False, help_text="The summary is confirmed against the official text."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="paragraphs")
    search_config = models.CharField(
        max_length=20, choices=SearchConfig.choices, default=SearchConfig.ENGLISH
    )
    # The document title and section heading, copied here by a database trigger (migration
    # 0003) because a generated column can only read its own row.
    context = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=weighted_vector(("text", "A"), ("summary", "B"), ("context", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SearchableManager.from_queryset(ParagraphQuerySet)()
    # `context` is copied in by a trigger and the vector is generated: neither is editorial.
    history = HistoricalRecords(excluded_fields=["context", "search_vector"], m2m_fields=[themes])

    class Meta:
        ordering = ["document", "number"]
        indexes = [GinIndex(fields=["search_vector"], name="paragraph_search_vector")]
        constraints = [
            models.CheckConstraint(
                condition=Q(search_config__in=SearchConfig.values), name="paragraph_search_config"
            ),
            models.UniqueConstraint(
                fields=["document", "number"], name="paragraph_number_unique_in_document"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self):
        return f"{self.document} ¶{self.number}"

    def get_absolute_url(self):
        return reverse("documents:paragraph_detail", args=[self.document.slug, self.number])
