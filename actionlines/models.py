"""The Geneva Plan of Action's action lines C1–C11, who facilitates them, and what they link to."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from documents.models import Paragraph, SearchableManager, SearchableQuerySet, english_vector

# C1…C11, and C7's sub-lines written as "C7 e-health".
ACTION_LINE_CODE_PATTERN = r"^C([1-9]|1[01])$|^C7 e-[a-z]+$"


class ActionLineQuerySet(SearchableQuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class ActionLine(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text="C1…C11, or 'C7 e-health'.")
    slug = models.SlugField(unique=True, help_text="The code in lower case: c5, c7-e-health.")
    official_title = models.CharField(max_length=300, help_text="As in the 2003 Plan of Action.")
    current_title = models.CharField(
        max_length=300, blank=True, help_text="Title in current ITU usage, where it differs."
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_lines"
    )
    order = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True, help_text="In the portal's own words.")
    source = models.TextField(blank=True)
    verified = models.BooleanField(
        default=True, help_text="Untick when a fact on this record is not confirmed."
    )
    unconfirmed_note = models.TextField(blank=True, help_text="What is not confirmed.")
    paragraphs = models.ManyToManyField(
        Paragraph, through="ParagraphLink", related_name="action_lines", blank=True
    )
    sdgs = models.ManyToManyField("SDG", through="SDGLink", related_name="action_lines", blank=True)
    search_vector = models.GeneratedField(
        expression=english_vector(
            ("code", "A"), ("official_title", "A"), ("current_title", "A"), ("summary", "B")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SearchableManager.from_queryset(ActionLineQuerySet)()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["order", "code"]
        indexes = [GinIndex(fields=["search_vector"], name="action_line_search_vector")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=ACTION_LINE_CODE_PATTERN), name="action_line_code_format"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(code__startswith="C7 "),
                name="only_c7_has_sub_lines",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("actionlines:action_line_detail", args=[self.slug])

    @property
    def title(self):
        return self.current_title or self.official_title


class ParagraphLink(models.Model):
    """A paragraph of an outcome document that sets out or bears on an action line."""

    class Kind(models.TextChoices):
        DEFINES = "defines", "Sets out the action line"
        RELATED = "related", "Bears on the action line"

    action_line = models.ForeignKey(ActionLine, on_delete=models.PROTECT, related_name="links")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RELATED)
    source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action_line", "paragraph__document__adopted_on", "paragraph__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "paragraph"], name="paragraph_linked_once_per_action_line"
            )
        ]

    def __str__(self):
        return f"{self.action_line.code} — {self.paragraph}"


class Organization(models.Model):
    slug = models.SlugField(unique=True)
    acronym = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200, blank=True, help_text="Full name, where sourced.")
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["acronym"]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("actionlines:organization_detail", args=[self.slug])


class Facilitation(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead facilitator"
        CO_FACILITATOR = "co_facilitator", "Co-facilitator"
        PARTNER = "partner", "Partner"

    action_line = models.ForeignKey(
        ActionLine, on_delete=models.PROTECT, related_name="facilitations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="facilitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    period = models.CharField(
        max_length=100, blank=True, help_text="When the role held, e.g. '2006' or 'since 2017'."
    )
    source = models.TextField(blank=True)
    verified = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action_line__order", "role", "organization__acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "organization", "role", "period"],
                name="facilitation_unique",
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_role_display()} of {self.action_line.code}"


class SDG(models.Model):
    """A Sustainable Development Goal, known here only by its number."""

    number = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG"
        verbose_name_plural = "SDGs"
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            )
        ]

    def __str__(self):
        return f"SDG {self.number}"


class SDGLink(models.Model):
    action_line = models.ForeignKey(ActionLine, on_delete=models.PROTECT, related_name="sdg_links")
    sdg = models.ForeignKey(SDG, on_delete=models.PROTECT, related_name="links")
    source = models.TextField(blank=True)
    verified = models.BooleanField(default=False, help_text="Confirmed against ITU's matrix.")

    class Meta:
        ordering = ["action_line__order", "sdg__number"]
        verbose_name = "SDG link"
        constraints = [
            models.UniqueConstraint(fields=["action_line", "sdg"], name="sdg_linked_once")
        ]

    def __str__(self):
        return f"{self.action_line.code} — {self.sdg}"


class Target(models.Model):
    """One of the ten indicative targets of Plan of Action paragraph 6."""

    letter = models.CharField(max_length=1, unique=True)
    label = models.CharField(max_length=200, help_text="A short label in the portal's words.")
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["letter"]
        constraints = [
            models.CheckConstraint(condition=Q(letter__regex=r"^[a-z]$"), name="target_letter")
        ]

    def __str__(self):
        return f"{self.letter}) {self.label}"
