"""Reads that combine several models: the home page, the action-line list with its facets,
one action line, one organization. Each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from documents.models import Document, Event, Paragraph
from documents.selectors import facet_build

from .models import ActionLine, Facilitation, Organization, ParagraphLink, SDGLink

PUBLISHED = Document.Status.PUBLISHED
ROLE_ORDER = list(Facilitation.Role.values)  # lead, co-facilitator, partner


def portal_counts():
    """The key figures on the home page."""
    return {
        "events": Event.objects.count(),
        "documents": Document.objects.published().count(),
        "paragraphs": Paragraph.objects.published().count(),
        "action_lines": ActionLine.objects.top_level().count(),
    }


def home_data():
    """Everything the home page shows: the timeline's events and the key figures."""
    return {"events": list(Event.objects.order_by("start_date", "slug")), "counts": portal_counts()}


def _facilitations():
    return Facilitation.objects.select_related("organization")


def _by_role(facilitations):
    return sorted(
        facilitations,
        key=lambda f: (ROLE_ORDER.index(f.role), f.organization.acronym, f.period),
    )


# --- The list ---------------------------------------------------------------------------------


@dataclass
class ListEntry:
    line: ActionLine
    matched: bool = True  # False: shown only as the parent of matching sub-lines
    sub_lines: list = field(default_factory=list)


def _list_tree(lines):
    entries = {}
    roots = []
    for line in lines:
        if line.parent_id is None:
            entries[line.pk] = ListEntry(line)
            roots.append(entries[line.pk])
    for line in lines:
        if line.parent_id is not None:
            parent = entries.get(line.parent_id)
            if parent is None:
                parent = entries[line.parent_id] = ListEntry(line.parent, matched=False)
                roots.append(parent)
            parent.sub_lines.append(line)
    roots.sort(key=lambda entry: (entry.line.order, entry.line.code))
    for entry in roots:
        entry.line.facilitations_by_role = _by_role(entry.line.facilitations.all())
        for sub_line in entry.sub_lines:
            sub_line.facilitations_by_role = _by_role(sub_line.facilitations.all())
    return roots


def _ranked_entries(lines, ranks):
    """Search results: a flat list, best match first (sub-lines stand on their own)."""
    lines = sorted(lines, key=lambda line: (-ranks.get(line.pk, 0), line.order))
    for line in lines:
        line.facilitations_by_role = _by_role(line.facilitations.all())
    return [ListEntry(line) for line in lines]


def action_line_list(*, filterset):
    """The action lines matching the filters, C7's sub-lines nested, and three facets;
    with a search query, the matching lines ranked instead."""
    filterset.errors  # noqa: B018 — validate before reading cleaned_data
    data = filterset.form.cleaned_data
    lines = list(
        filterset.qs.select_related("parent")
        .annotate(
            paragraph_count=Count(
                "links", filter=Q(links__paragraph__document__status=PUBLISHED), distinct=True
            )
        )
        .prefetch_related(Prefetch("facilitations", queryset=_facilitations()))
        .order_by("order", "code")
    )
    org, role = data.get("org"), data.get("role")

    org_rows = Facilitation.objects.filter(action_line__in=filterset.qs_without("org"))
    if role:
        org_rows = org_rows.filter(role=role)
    org_rows = (
        org_rows.order_by("organization__acronym")
        .values_list("organization__slug", "organization__acronym")
        .annotate(n=Count("action_line", distinct=True))
    )
    role_rows = Facilitation.objects.filter(action_line__in=filterset.qs_without("role"))
    if org:
        role_rows = role_rows.filter(organization=org)
    role_labels = dict(Facilitation.Role.choices)
    role_rows = (
        role_rows.order_by().values_list("role").annotate(n=Count("action_line", distinct=True))
    )
    sdg_rows = (
        SDGLink.objects.filter(action_line__in=filterset.qs_without("sdg"))
        .order_by("sdg__number")
        .values_list("sdg__number")
        .annotate(n=Count("action_line", distinct=True))
    )
    sdg = data.get("sdg")
    facets = [
        facet_build(
            name="org",
            label="Facilitating organization",
            rows=list(org_rows),
            selected=org.slug if org else None,
            selected_label=org.acronym if org else "",
        ),
        facet_build(
            name="role",
            label="Role",
            rows=sorted(
                ((value, role_labels[value], n) for value, n in role_rows),
                key=lambda row: ROLE_ORDER.index(row[0]),
            ),
            selected=role,
            selected_label=role_labels.get(role, ""),
        ),
        facet_build(
            name="sdg",
            label="Sustainable Development Goal",
            rows=[(number, f"SDG {number}", n) for number, n in sdg_rows],
            selected=sdg.number if sdg else None,
            selected_label=f"SDG {sdg.number}" if sdg else "",
        ),
    ]
    ranks = filterset.search_ranks
    searching = ranks is not None
    return {
        "entries": _ranked_entries(lines, ranks) if searching else _list_tree(lines),
        "match_count": len(lines),
        "facets": facets,
        "terms": data.get("q"),
        "searching": searching,
    }


# --- One action line --------------------------------------------------------------------------


@dataclass
class ActionLineReading:
    line: ActionLine
    facilitations: list
    defining_links: list  # the Plan of Action paragraph(s) that set it out
    related_links: list  # every other linked paragraph, in document order

    @property
    def sdgs_unconfirmed(self):
        """True when no SDG link is confirmed: one flag for the list instead of one each."""
        links = self.line.sdg_links.all()
        return bool(links) and not any(link.verified for link in links)


def action_line_for_reading(*, slug):
    """An action line with its facilitators, sub-lines, SDGs and linked paragraphs: 5 queries."""
    try:
        line = (
            ActionLine.objects.select_related("parent")
            .prefetch_related(
                Prefetch("sub_lines", queryset=ActionLine.objects.order_by("order", "code")),
                Prefetch("facilitations", queryset=_facilitations()),
                Prefetch("sdg_links", queryset=SDGLink.objects.select_related("sdg")),
            )
            .get(slug=slug)
        )
    except ActionLine.DoesNotExist:
        raise Http404("No action line at this address.") from None
    links = list(
        ParagraphLink.objects.filter(action_line=line, paragraph__document__status=PUBLISHED)
        .select_related("paragraph__document")
        .order_by(
            "paragraph__document__adopted_on", "paragraph__document__slug", "paragraph__number"
        )
    )
    return ActionLineReading(
        line=line,
        facilitations=_by_role(line.facilitations.all()),
        defining_links=[link for link in links if link.kind == ParagraphLink.Kind.DEFINES],
        related_links=[link for link in links if link.kind != ParagraphLink.Kind.DEFINES],
    )


def organization_for_reading(*, slug):
    """An organization and the action lines it facilitates, in which role: 2 queries."""
    try:
        organization = Organization.objects.prefetch_related(
            Prefetch(
                "facilitations",
                queryset=Facilitation.objects.select_related("action_line__parent").order_by(
                    "action_line__order", "action_line__code", "role"
                ),
            )
        ).get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404("No organization at this address.") from None
    return organization
