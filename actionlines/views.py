"""Public pages for the home page, action lines and organizations."""

from django.shortcuts import redirect, render

from . import selectors
from .filters import ActionLineFilter
from .models import ActionLine


def home(request):
    # The home page draws on both apps, and only actionlines may import documents.
    return render(request, "home.html", selectors.home_data())


def action_line_list(request):
    # ``q`` (search the action lines) is handled by the search work.
    filterset = ActionLineFilter(request.GET, queryset=ActionLine.objects.all())
    context = selectors.action_line_list(filterset=filterset)
    return render(request, "actionlines/action_line_list.html", {"filter": filterset, **context})


def action_line_detail(request, slug):
    if slug != slug.lower():  # /action-lines/C5/ → /action-lines/c5/
        return redirect("actionlines:action_line_detail", slug=slug.lower(), permanent=True)
    reading = selectors.action_line_for_reading(slug=slug)
    return render(
        request,
        "actionlines/action_line_detail.html",
        {"action_line": reading.line, "reading": reading},
    )


def organization_detail(request, slug):
    organization = selectors.organization_for_reading(slug=slug)
    return render(request, "actionlines/organization_detail.html", {"organization": organization})
