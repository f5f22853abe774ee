from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple

from documents.admin import DocumentAdmin, HistoryAdminMixin, ParagraphAdmin, ParagraphInline
from documents.models import Document, Paragraph

from .models import SDG, ActionLine, Facilitation, Organization, ParagraphLink, SDGLink, Target

# Linking paragraphs to action lines, from the document and paragraph pages.
#
# A paragraph's action lines are the reverse side of ActionLine.paragraphs (through
# ParagraphLink), and documents must not import actionlines. So the document admin cannot know
# about them; instead this module, which may import documents, re-registers Document and
# Paragraph with subclasses of their admins that add the action lines. documents/admin.py stays
# complete on its own; everything about action lines lives here.


class PrefetchedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """The admin's autocomplete, rendering its selected options from prefetched objects.

    The stock widget runs one query per rendered form to label the selected options; a document
    page renders hundreds of paragraph forms.
    """

    selected_objects = None

    def optgroups(self, name, value, attr=None):
        chosen = self.selected_objects
        if chosen is None or {str(o.pk) for o in chosen} != {str(v) for v in value if v}:
            return super().optgroups(name, value, attr)
        label = self.choices.field.label_from_instance
        options = [
            self.create_option(name, obj.pk, label(obj), True, index)
            for index, obj in enumerate(chosen)
        ]
        return [(None, options, 0)]


def action_lines_field():
    # The autocomplete goes through ParagraphLink.action_line, a real ForeignKey, so that the
    # admin's autocomplete view can check it (it cannot follow a reverse many-to-many).
    return forms.ModelMultipleChoiceField(
        queryset=ActionLine.objects.all(),
        required=False,
        widget=PrefetchedAutocompleteSelectMultiple(
            ParagraphLink._meta.get_field("action_line"), admin.site
        ),
        help_text="New links are recorded as 'bears on the action line'; edit the link itself "
        "(Paragraph links) to say a paragraph sets the action line out or to give a source.",
    )


class ParagraphWithActionLinesForm(forms.ModelForm):
    """A paragraph form with its action lines; changes are saved as ParagraphLink rows."""

    action_lines = action_lines_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            chosen = list(self.instance.action_lines.all())  # prefetched by the admin
            self.fields["action_lines"].initial = [a.pk for a in chosen]
            self.fields["action_lines"].widget.selected_objects = chosen

    def _save_m2m(self):
        super()._save_m2m()
        wanted = {a.pk: a for a in self.cleaned_data.get("action_lines", [])}
        current = {link.action_line_id: link for link in self.instance.links.all()}
        # One save or delete per link (not a bulk query) so that each is in the history.
        for action_line_id, link in current.items():
            if action_line_id not in wanted:
                link.delete()
        for action_line_id, action_line in wanted.items():
            if action_line_id not in current:
                ParagraphLink.objects.create(paragraph=self.instance, action_line=action_line)


class ParagraphWithActionLinesInline(ParagraphInline):
    form = ParagraphWithActionLinesForm
    fieldsets = [
        (None, {"fields": [("number", "section"), "text", "summary", "action_lines"]}),
        *ParagraphInline.fieldsets[1:],
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("action_lines", "links")


class DocumentWithActionLinesAdmin(DocumentAdmin):
    inlines = [
        ParagraphWithActionLinesInline if inline is ParagraphInline else inline
        for inline in DocumentAdmin.inlines
    ]


class LinkInline(admin.TabularInline):
    """A paragraph's links to action lines, with their kind and source."""

    model = ParagraphLink
    fk_name = "paragraph"
    extra = 0
    autocomplete_fields = ["action_line"]
    fields = ["action_line", "kind", "source"]


class ParagraphWithLinksAdmin(ParagraphAdmin):
    inlines = [*ParagraphAdmin.inlines, LinkInline]

    def related_history(self, request, obj):
        links = (
            ParagraphLink.history.filter(paragraph_id=obj.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:50]
        )
        return [("Action-line links", "actionlines", "paragraphlink", list(links))]


admin.site.unregister(Document)
admin.site.register(Document, DocumentWithActionLinesAdmin)
admin.site.unregister(Paragraph)
admin.site.register(Paragraph, ParagraphWithLinksAdmin)


class FacilitationInline(admin.TabularInline):
    model = Facilitation
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "period", "verified", "source", "note"]


class ParagraphLinkInline(admin.TabularInline):
    model = ParagraphLink
    extra = 0
    autocomplete_fields = ["paragraph"]
    fields = ["paragraph", "kind", "source"]


class SDGLinkInline(admin.TabularInline):
    model = SDGLink
    extra = 0


@admin.register(ActionLine)
class ActionLineAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["code", "official_title", "current_title", "parent", "verified"]
    list_filter = ["verified", "parent"]
    list_select_related = ["parent"]
    search_fields = ["code", "official_title", "current_title"]
    autocomplete_fields = ["parent"]
    inlines = [FacilitationInline, ParagraphLinkInline, SDGLinkInline]

    def related_history(self, request, obj):
        facilitations = (
            Facilitation.history.filter(action_line_id=obj.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:50]
        )
        links = (
            ParagraphLink.history.filter(action_line_id=obj.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:50]
        )
        return [
            ("Facilitations", "actionlines", "facilitation", list(facilitations)),
            ("Paragraph links", "actionlines", "paragraphlink", list(links)),
        ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name"]
    search_fields = ["acronym", "name"]


@admin.register(Facilitation)
class FacilitationAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["action_line", "organization", "role", "period", "verified"]
    list_filter = ["role", "verified", "organization"]
    list_select_related = ["action_line", "organization"]
    autocomplete_fields = ["action_line", "organization"]


@admin.register(ParagraphLink)
class ParagraphLinkAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["action_line", "paragraph", "kind"]
    list_filter = ["kind", "action_line"]
    list_select_related = ["action_line", "paragraph__document"]
    autocomplete_fields = ["action_line", "paragraph"]


admin.site.register(SDG)
admin.site.register(SDGLink)
admin.site.register(Target)
