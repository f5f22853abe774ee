import django_filters
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from documents.models import Document, Event, Paragraph, Theme
from documents.search import search_terms_parse
from documents.selectors import facet_build

from .models import ActionLine
from .search import TYPES, hits_fill, shortcut_url, site_search, suggestion_for

RESULTS_PER_PAGE = 20
FACET_TITLES = {
    "type": "Type",
    "document": "Document",
    "event": "Event",
    "action_line": "Action line",
    "theme": "Theme",
}


class SiteSearchFilter(django_filters.FilterSet):
    """Validates the search page's filters; `q` itself is cleaned by search_terms_parse."""

    type = django_filters.ChoiceFilter(choices=list(TYPES.items()))
    document = django_filters.ModelChoiceFilter(
        queryset=Document.objects.published(), to_field_name="slug"
    )
    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all(), to_field_name="slug")
    action_line = django_filters.ModelChoiceFilter(
        queryset=ActionLine.objects.all(), to_field_name="slug"
    )
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all(), to_field_name="slug")

    class Meta:
        model = Paragraph
        fields = []


def search(request):
    filterset = SiteSearchFilter(request.GET)
    filterset.form.is_valid()  # invalid filters are reported and left out; valid ones apply
    filters = {k: v for k, v in filterset.form.cleaned_data.items() if v}
    terms = search_terms_parse(request.GET.get("q", ""))
    context = {"terms": terms, "form": filterset.form, "filters": filters}
    if terms.is_empty or not terms.has_lexemes:
        return render(request, "actionlines/search.html", context)
    if not filters and (url := shortcut_url(terms.text)):
        return redirect(url)

    results = site_search(query=terms.query, filters=filters)
    if results.total < 3 and (suggestion := suggestion_for(terms.text)):
        context["suggestion"] = suggestion
        # A quoted query is taken as meant; an unquoted one that found nothing shows the
        # suggestion's results, saying so.
        if results.total == 0 and not terms.quoted:
            suggested = search_terms_parse(suggestion)
            results = site_search(query=suggested.query, filters=filters)
            context["searched"] = suggested
    searched = context.setdefault("searched", terms)
    page = Paginator(results.hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    hits_fill(page.object_list, searched.query)
    context.update(results=results, page_obj=page, facets=search_facets(results, filters))
    return render(request, "actionlines/search.html", context)


def search_facets(results, filters):
    """The type facet from the hit counts, then the paragraph facets of the current query."""
    kind = filters.get("type")
    facets = [
        facet_build(
            name="type",
            label=FACET_TITLES["type"],
            rows=[(k, label, results.counts[k]) for k, label in TYPES.items() if results.counts[k]],
            selected=kind,
            selected_label=TYPES.get(kind, ""),
        )
    ]
    for name, rows in results.facets.items():
        chosen = filters.get(name)
        facets.append(
            facet_build(
                name=name,
                label=FACET_TITLES[name],
                rows=rows,
                selected=chosen.slug if chosen else None,
                selected_label=str(chosen or ""),
            )
        )
    return facets
