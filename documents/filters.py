"""GET parameters of the document pages, validated by django-filter.

Every parameter a list page accepts is a field of its FilterSet's form, ``page`` included,
so a bad value becomes a form error shown on the page instead of an exception.
"""

import django_filters
from django import forms

from .models import Document, Event


class BrowseForm(forms.Form):
    """Fields every list page accepts besides its filters."""

    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": "The page number must be a whole number.",
            "min_value": "The page number must be 1 or more.",
            "max_value": "That page number is too large.",
        },
    )


class BrowseFilterSet(django_filters.FilterSet):
    """A FilterSet that also validates ``page`` and can leave filters out (for facet counts).

    An invalid parameter is left out of ``cleaned_data`` by the form, so it is ignored and its
    error is shown; the other filters still apply.
    """

    class Meta:
        form = BrowseForm

    def filter_queryset(self, queryset, *, exclude=()):
        for name, value in self.form.cleaned_data.items():
            if name in self.filters and name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def qs_without(self, *names):
        """The queryset filtered by every valid parameter except ``names``."""
        self.errors  # noqa: B018 — validates the form, as FilterSet.qs does
        return self.filter_queryset(self.queryset.all(), exclude=names)

    @property
    def page_number(self):
        self.errors  # noqa: B018 — cleaned_data holds the valid fields after validation
        return self.form.cleaned_data.get("page") or 1

    def error_messages(self):
        """Each invalid parameter with what was wrong, for the page's message box."""
        return [
            (self.form.fields[name].label or name, error)
            for name, errors in self.errors.items()
            for error in errors
        ]


class YearField(forms.IntegerField):
    default_error_messages = {"invalid": "The year must be a four-digit number, like 2005."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault(
            "error_messages",
            {
                "min_value": "There are no documents before 1900.",
                "max_value": "There are no documents after 2100.",
            },
        )
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class DocumentFilter(BrowseFilterSet):
    event = django_filters.ModelChoiceFilter(
        queryset=Event.objects.all(),
        to_field_name="slug",
        label="Event",
        error_messages={"invalid_choice": "There is no event “%(value)s”."},
    )
    type = django_filters.ChoiceFilter(
        choices=Document.Type.choices,
        label="Type",
        error_messages={"invalid_choice": "“%(value)s” is not a document type."},
    )
    year = YearFilter(field_name="adopted_on", lookup_expr="year", label="Year adopted")

    class Meta(BrowseFilterSet.Meta):
        model = Document
        fields = ["event", "type", "year"]
