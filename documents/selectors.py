"""Reads for the public document pages: lists with facets, a document laid out for reading.

Each function runs a fixed number of queries whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.text import slugify

from .models import Document, Event, Paragraph, Section, Theme

# --- Facets and pagination, shared by every list page -------------------------------------


@dataclass(frozen=True)
class FacetChoice:
    value: str
    label: str
    count: int
    selected: bool
    # Rendered with {% querystring request.GET choice.params %}: a click toggles the choice
    # and goes back to the first page.
    params: dict


@dataclass
class Facet:
    name: str
    label: str
    choices: list[FacetChoice] = field(default_factory=list)

    @property
    def selected(self):
        return next((choice for choice in self.choices if choice.selected), None)


def facet_build(*, name, label, rows, selected=None, selected_label=""):
    """A facet from ``(value, label, count)`` rows; the selected value stays listed at 0."""
    selected = "" if selected in (None, "") else str(selected)
    choices = []
    for value, choice_label, count in rows:
        value = str(value)
        choices.append(
            FacetChoice(
                value=value,
                label=str(choice_label),
                count=count,
                selected=value == selected,
                params={name: None if value == selected else value, "page": None},
            )
        )
    if selected and not any(choice.selected for choice in choices):
        choices.append(
            FacetChoice(selected, selected_label or selected, 0, True, {name: None, "page": None})
        )
    return Facet(name=name, label=label, choices=choices)


@dataclass
class PageResult:
    page: object
    message: str = ""


def paginate(*, queryset, number, per_page=20):
    """The requested page; a page past the end gives the last page and says so."""
    paginator = Paginator(queryset, per_page)
    if number > paginator.num_pages:
        return PageResult(
            paginator.page(paginator.num_pages),
            f"There is no page {number}: the list has {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}. Showing the last page.",
        )
    return PageResult(paginator.page(number))


# --- Visibility -------------------------------------------------------------------------------


def document_queryset_for(*, user):
    """Published documents; staff also see drafts (shown with a preview banner)."""
    queryset = Document.objects.select_related("event")
    if user.is_authenticated and user.is_staff:
        return queryset
    return queryset.published()


# --- Events -----------------------------------------------------------------------------------


def event_list():
    published = Document.objects.published().order_by("adopted_on", "slug")
    return Event.objects.prefetch_related(Prefetch("documents", queryset=published))


def event_get(*, slug):
    published = Document.objects.published().order_by("adopted_on", "slug")
    queryset = Event.objects.prefetch_related(Prefetch("documents", queryset=published))
    try:
        return queryset.get(slug=slug)
    except Event.DoesNotExist:
        raise Http404("No event at this address.") from None


# --- Document list ----------------------------------------------------------------------------


def document_list(*, filterset):
    """The page of documents and the three facets, each counted without its own filter."""
    filterset.errors  # noqa: B018 — validate before reading cleaned_data
    data = filterset.form.cleaned_data
    queryset = filterset.qs.select_related("event").order_by("adopted_on", "slug")
    result = paginate(queryset=queryset, number=filterset.page_number)

    event = data.get("event")
    event_rows = (
        filterset.qs_without("event")
        .order_by("event__start_date", "event__slug")
        .values_list("event__slug", "event__name", "event__start_date")
        .annotate(n=Count("pk"))
    )
    type_rows = filterset.qs_without("type").order_by().values_list("type").annotate(n=Count("pk"))
    type_labels = dict(Document.Type.choices)
    year_rows = (
        filterset.qs_without("year")
        .annotate(year=ExtractYear("adopted_on"))
        .order_by("year")
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    facets = [
        facet_build(
            name="event",
            label="Event",
            rows=[(slug, name, n) for slug, name, _start, n in event_rows],
            selected=event.slug if event else None,
            selected_label=event.name if event else "",
        ),
        facet_build(
            name="type",
            label="Type",
            rows=sorted(
                ((value, type_labels.get(value, value), n) for value, n in type_rows),
                key=lambda row: list(type_labels).index(row[0]) if row[0] in type_labels else 99,
            ),
            selected=data.get("type"),
            selected_label=type_labels.get(data.get("type"), ""),
        ),
        facet_build(
            name="year",
            label="Year adopted",
            rows=[(year, year, n) for year, n in year_rows],
            selected=data.get("year"),
        ),
    ]
    return {"page_obj": result.page, "page_message": result.message, "facets": facets}


# --- One document, laid out for reading -------------------------------------------------------


@dataclass
class SectionNode:
    section: Section
    depth: int
    children: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)

    @property
    def anchor(self):
        label = slugify(self.section.label)
        return f"section-{label}" if label else f"section-{self.section.pk}"

    @property
    def heading_level(self):
        return min(self.depth + 2, 4)


def _section_tree(sections):
    nodes = {}
    roots = []
    for section in sections:  # ordered by "order"
        nodes[section.pk] = SectionNode(section=section, depth=0)
    for section in sections:
        node = nodes[section.pk]
        parent = nodes.get(section.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)

    def set_depth(node, depth):
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots, nodes


def _section_for(paragraph, nodes):
    """The paragraph's own section, or else the narrowest section whose range holds it."""
    if paragraph.section_id in nodes:
        return nodes[paragraph.section_id]
    best = None
    for node in nodes.values():
        first, last = node.section.first_paragraph, node.section.last_paragraph
        in_range = first is not None and last is not None and first <= paragraph.number <= last
        if in_range and (best is None or node.depth > best.depth):
            best = node
    return best


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@dataclass
class Reading:
    """A document with its sections as a tree and each paragraph placed in its section."""

    document: Document
    toc: list  # root SectionNodes
    unsectioned: list  # paragraphs outside every section, shown first
    blocks: list  # SectionNodes in reading order (depth first)
    paragraph_total: int


def paragraphs_for_reading():
    """Paragraphs with their themes and action lines prefetched (two queries in all), as plain
    lists: a related manager per paragraph and template lookup is costly on long documents."""
    return Paragraph.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"), to_attr="theme_list"),
        Prefetch("action_lines", to_attr="action_line_list"),
    ).order_by("number")


def document_for_reading(*, slug, user):
    """A document, its sections and its paragraphs: five queries whatever its length."""
    try:
        document = document_queryset_for(user=user).get(slug=slug)
    except Document.DoesNotExist:
        raise Http404("No document at this address.") from None
    sections = list(Section.objects.filter(document=document).order_by("order", "pk"))
    paragraphs = list(paragraphs_for_reading().filter(document=document))
    roots, nodes = _section_tree(sections)
    unsectioned = []
    for paragraph in paragraphs:
        node = _section_for(paragraph, nodes)
        (node.paragraphs if node else unsectioned).append(paragraph)
    return Reading(
        document=document,
        toc=roots,
        unsectioned=unsectioned,
        blocks=list(_walk(roots)),
        paragraph_total=len(paragraphs),
    )


@dataclass
class ParagraphReading:
    paragraph: Paragraph
    section_path: list  # Sections from the outermost in
    previous: Paragraph | None
    next: Paragraph | None
    related: list  # other published paragraphs linked to the same action lines


RELATED_LIMIT = 20


def paragraph_for_reading(*, slug, number, user):
    """One paragraph, its section path and its neighbours: a fixed handful of queries."""
    documents = document_queryset_for(user=user)
    try:
        paragraph = (
            paragraphs_for_reading()
            .prefetch_related("targets")
            .select_related("document__event")
            .get(document__in=documents, document__slug=slug, number=number)
        )
    except Paragraph.DoesNotExist:
        raise Http404("No paragraph at this address.") from None
    document = paragraph.document
    sections = list(Section.objects.filter(document=document).order_by("order", "pk"))
    _roots, nodes = _section_tree(sections)
    node = _section_for(paragraph, nodes)
    path = []
    while node is not None:
        path.insert(0, node)
        node = nodes.get(node.section.parent_id)
    siblings = Paragraph.objects.filter(document=document).only("number", "document_id")
    # Through the reverse relation: documents never imports actionlines.
    related = (
        Paragraph.objects.published()
        .filter(action_lines__paragraphs=paragraph)
        .exclude(pk=paragraph.pk)
        .select_related("document")
        .distinct()
        .order_by("document__adopted_on", "document__slug", "number")[: RELATED_LIMIT + 1]
    )
    return ParagraphReading(
        paragraph=paragraph,
        section_path=path,
        previous=siblings.filter(number__lt=number).order_by("-number").first(),
        next=siblings.filter(number__gt=number).order_by("number").first(),
        related=list(related),
    )
