"""GET parameters of the action-line list, validated by django-filter."""

from functools import cached_property

import django_filters
from django.db.models import Exists, OuterRef

from documents.filters import BrowseFilterSet
from documents.search import SearchTextFilter

from .models import SDG, ActionLine, Facilitation, Organization
from .search import action_line_ranks


class SDGField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        # Numbers only: a non-number would otherwise reach the database as a lookup value.
        if value not in self.empty_values and not str(value).isdigit():
            raise django_filters.fields.forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class SDGFilter(django_filters.ModelChoiceFilter):
    field_class = SDGField


class ActionLineFilter(BrowseFilterSet):
    """Organization and role describe one facilitation: ``org=itu&role=lead`` means ITU leads."""

    org = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(),
        to_field_name="slug",
        label="Facilitating organization",
        method="filter_by_facilitation",
        error_messages={"invalid_choice": "There is no organization “%(value)s”."},
    )
    role = django_filters.ChoiceFilter(
        choices=Facilitation.Role.choices,
        label="Role",
        method="filter_by_facilitation",
        error_messages={"invalid_choice": "“%(value)s” is not a facilitation role."},
    )
    sdg = SDGFilter(
        queryset=SDG.objects.all(),
        to_field_name="number",
        field_name="sdgs",
        label="Sustainable Development Goal",
        error_messages={
            "invalid_choice": "There is no SDG “%(value)s”: use a number from 1 to 17."
        },
    )

    q = SearchTextFilter(label="Search", method="filter_search")

    class Meta(BrowseFilterSet.Meta):
        model = ActionLine
        fields = ["q", "org", "role", "sdg"]

    @cached_property
    def search_ranks(self):
        """{pk: rank} of the action lines matching `q`, or None when there is no search."""
        terms = self.form.cleaned_data.get("q")
        if not terms or terms.is_empty or not terms.has_lexemes:
            return None
        return dict(action_line_ranks(terms))

    def filter_search(self, queryset, name, terms):
        if self.search_ranks is None:
            return queryset
        return queryset.filter(pk__in=list(self.search_ranks))

    def filter_by_facilitation(self, queryset, name, value):
        return queryset  # applied once, for both fields, in filter_queryset

    def filter_queryset(self, queryset, *, exclude=()):
        queryset = super().filter_queryset(queryset, exclude=exclude)
        data = self.form.cleaned_data
        conditions = {}
        if data.get("org") and "org" not in exclude:
            conditions["organization"] = data["org"]
        if data.get("role") and "role" not in exclude:
            conditions["role"] = data["role"]
        if conditions:
            facilitations = Facilitation.objects.filter(action_line=OuterRef("pk"), **conditions)
            queryset = queryset.filter(Exists(facilitations))
        return queryset
