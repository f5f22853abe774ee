from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import ActionLine, Organization


def home(request):
    # The home page draws on both apps, and only actionlines may import documents.
    return render(request, "home.html", {"counts": selectors.portal_counts()})


def action_line_detail(request, slug):
    action_line = get_object_or_404(ActionLine, slug=slug)
    return render(request, "actionlines/action_line_detail.html", {"action_line": action_line})


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return render(request, "actionlines/organization_detail.html", {"organization": organization})
