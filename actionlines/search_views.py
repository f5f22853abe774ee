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

    context.update(search_page(terms=terms, filters=filters, page=request.GET.get("page")))
    return render(request, "actionlines/search.html", context)


def search_page(*, terms, filters, page):
    """Everything the result page shows but the form: the query work, timed by bench/search.py."""
    context = {"searched": terms}
    results = site_search(terms=terms, filters=filters)
    if results.total < 3 and (suggestion := suggestion_for(terms.text)):
        context["suggestion"] = suggestion
        # A quoted query is taken as meant; an unquoted one that found nothing shows the
        # suggestion's results, saying so.
        if results.total == 0 and not terms.quoted:
            context["searched"] = search_terms_parse(suggestion)
            results = site_search(terms=context["searched"], filters=filters)
    page_obj = Paginator(results.hits, RESULTS_PER_PAGE).get_page(page)
    hits_fill(page_obj.object_list, context["searched"].query)
    return {
        **context,
        # Paragraph matches stop at CANDIDATE_LIMIT: the total is then a floor.
        "total_is_floor": results.more_than and filters.get("type") in (None, "paragraph"),
        "results": results,
        "page_obj": page_obj,
        "facets": search_facets(results, filters),
    }


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
    for name in ("document", "event", "action_line", "theme"):
        rows, chosen = results.facets.get(name, []), filters.get(name)
        if not rows and not chosen:
            continue
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
