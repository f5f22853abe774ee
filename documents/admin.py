"""The editors' admin: documents with their sections and paragraphs inline, history, import.

Action lines are attached to paragraphs in actionlines/admin.py, which extends the classes here
(documents never imports actionlines).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import services
from .diffs import Labels, record_changes
from .exporter import document_export_json
from .importer import MAX_IMPORT_BYTES, ImportFileError, document_import
from .models import Document, Event, Paragraph, Section, Theme

admin.site.site_header = "WSIS Outcomes Portal"
admin.site.site_title = "WSIS Outcomes Portal admin"
admin.site.index_title = "Editing content"

HISTORY_PAGE_SIZE = 30


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="Plain text with numbered paragraphs, the HTML of an ITU WSIS document page, "
        "or a JSON export from this portal. UTF-8."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Nothing was changed."
            )
        return upload


class HistoryAdminMixin:
    """A history page with field-level, word-by-word differences and one-click revert.

    Replaces the admin's LogEntry history with django-simple-history's records: every change,
    whether made here, by the importer or by a revert, with who made it and when.
    """

    object_history_template = "admin/editorial_history.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/<int:history_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    def related_history(self, request, obj):
        """Extra history shown under the record's own: [(title, [versions])]. Override."""
        return []

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        records = obj.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
        page = Paginator(records, HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
        versions = versions_with_changes(list(page.object_list), obj.history)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "versions": versions,
            "page": page,
            "related": self.related_history(request, obj),
            "can_revert": self.has_change_permission(request, obj),
            "revert_url_name": f"admin:{self.opts.app_label}_{self.opts.model_name}_revert",
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revert_view(self, request, object_id, history_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method != "POST" or not self.has_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(obj.history, history_id=history_id)
        try:
            services.history_revert(record=record, user=request.user)
        except services.RevertError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                f"{obj} is back to the version of {record.history_date:%Y-%m-%d %H:%M} UTC. "
                "The revert is itself in the history.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                args=[obj.pk],
            )
        )


class Version:
    def __init__(self, record, changes):
        self.record = record
        self.changes = changes

    @property
    def kind(self):
        return {"+": "Created", "~": "Changed", "-": "Deleted"}[self.record.history_type]


def versions_with_changes(records, manager):
    """Each record (newest first) with its differences from the version before it."""
    if not records:
        return []
    oldest = records[-1]
    before_oldest = (
        manager.filter(history_date__lte=oldest.history_date)
        .exclude(history_id=oldest.history_id)
        .order_by("-history_date", "-history_id")
        .first()
    )
    versions = []
    labels = Labels()
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else before_oldest
        versions.append(Version(record, record_changes(previous, record, labels)))
    return versions


class CachedChoicesMixin:
    """Inline rows share one list of choices per page: one query instead of one per row."""

    cached_choice_fields = ()

    def limit_choices(self, name, field, obj):
        """Narrow a field's queryset for `obj` (the parent being edited). Override."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name in self.cached_choice_fields:
            field = formset.form.base_fields.get(name)
            if field is None:
                continue
            self.limit_choices(name, field, obj)
            field.choices = list(field.choices)
            inner = getattr(field.widget, "widget", None)  # RelatedFieldWidgetWrapper
            if inner is not None:
                inner.choices = field.choices
        return formset


class SectionInline(CachedChoicesMixin, admin.TabularInline):
    model = Section
    fields = ["order", "label", "heading", "parent", "first_paragraph", "last_paragraph"]
    fields += ["verified"]
    extra = 0
    cached_choice_fields = ["parent"]

    def limit_choices(self, name, field, obj):
        field.queryset = obj.sections.all() if obj else Section.objects.none()


class ParagraphInline(CachedChoicesMixin, admin.StackedInline):
    model = Paragraph
    extra = 0
    show_change_link = True
    fieldsets = [
        (None, {"fields": [("number", "section"), "text", "summary"]}),
        ("Source, verification and themes", {"fields": ["source", "verified", "themes"]}),
    ]
    filter_horizontal = ["themes"]
    cached_choice_fields = ["section", "themes"]

    def limit_choices(self, name, field, obj):
        if name == "section":
            field.queryset = obj.sections.all() if obj else Section.objects.none()

    def get_queryset(self, request):
        # The document is joined for each row's title ("… ¶12"), not fetched once per row.
        return super().get_queryset(request).select_related("document").prefetch_related("themes")


@admin.register(Event)
class EventAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "process", "city", "start_date", "verified"]
    list_filter = ["kind", "process", "verified"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"


@admin.register(Document)
class DocumentAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = [
        "short_title",
        "symbol",
        "event",
        "type",
        "adopted_on",
        "status",
        "paragraphs_in_portal",
        "paragraph_count",
    ]
    list_filter = ["status", "type", "event"]
    list_select_related = ["event"]
    search_fields = ["title", "short_title", "symbol", "slug"]
    prepopulated_fields = {"slug": ["short_title"]}
    autocomplete_fields = ["event"]
    inlines = [SectionInline, ParagraphInline]
    actions = ["publish", "unpublish", "import_official_text"]
    change_form_template = "admin/documents/document/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paragraphs_in_portal=Count("paragraphs"))

    @admin.display(description="paragraphs here", ordering="paragraphs_in_portal")
    def paragraphs_in_portal(self, obj):
        return obj.paragraphs_in_portal

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")  # editors prepare drafts; publishers publish them
        return readonly

    @admin.action(permissions=["publish"], description="Publish selected documents")
    def publish(self, request, queryset):
        done = [d for d in queryset if services.document_publish(document=d, user=request.user)]
        self.message_user(request, f"Published {len(done)} document(s).", messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Unpublish selected documents (to draft)")
    def unpublish(self, request, queryset):
        done = [d for d in queryset if services.document_unpublish(document=d, user=request.user)]
        self.message_user(request, f"Unpublished {len(done)} document(s).", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Import official text…")
    def import_official_text(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one document.", messages.ERROR)
            return None
        return HttpResponseRedirect(
            reverse("admin:documents_document_import", args=[queryset.get().pk])
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="documents_document_import",
            ),
            path(
                "<int:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="documents_document_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, object_id):
        document = self.get_object(request, str(object_id))
        if document is None or not self.has_view_or_change_permission(request, document):
            raise PermissionDenied
        response = HttpResponse(
            document_export_json(document=document), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{document.slug}.json"'
        return response

    IMPORT_SESSION_KEY = "documents_import"

    def import_view(self, request, object_id):
        """Upload, dry-run report, confirm: the file waits in the session between the two."""
        document = self.get_object(request, str(object_id))
        if document is None or not self.has_change_permission(request, document):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import official text into {document}",
            "subtitle": None,
            "opts": self.opts,
            "original": document,
            "max_mb": MAX_IMPORT_BYTES // 1024 // 1024,
        }
        form = ImportUploadForm()
        pending = request.session.get(self.IMPORT_SESSION_KEY)
        if request.method == "POST" and "apply" in request.POST:
            if not pending or pending.get("document") != document.pk:
                self.message_user(request, "The upload has expired: upload it again.", "error")
                return HttpResponseRedirect(request.path)
            try:
                report = document_import(
                    document=document,
                    source=pending["data"].encode("utf-8"),
                    dry_run=False,
                    user=request.user,
                    filename=pending["filename"],
                )
            except ImportFileError as error:
                self.message_user(request, f"{error} Nothing was changed.", messages.ERROR)
            else:
                del request.session[self.IMPORT_SESSION_KEY]
                self.message_user(
                    request,
                    f"Imported {pending['filename']}: {len(report.new)} new, "
                    f"{len(report.changed)} changed, {len(report.matched)} unchanged paragraphs.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:documents_document_change", args=[document.pk])
                )
        elif request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                try:
                    report = document_import(document=document, source=data, dry_run=True)
                except ImportFileError as error:
                    form.add_error("file", f"{error} Nothing was changed.")
                else:
                    # The decoded text; it was checked to be UTF-8 by the dry run.
                    request.session[self.IMPORT_SESSION_KEY] = {
                        "document": document.pk,
                        "filename": upload.name,
                        "data": data.decode("utf-8-sig"),
                    }
                    context.update(report=report, filename=upload.name)
        context["form"] = form
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/documents/document/import.html", context)

    def related_history(self, request, obj):
        """A document's history also lists recent changes to its sections and paragraphs."""
        paragraphs = (
            Paragraph.history.filter(document_id=obj.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:50]
        )
        sections = (
            Section.history.filter(document_id=obj.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:20]
        )
        return [
            ("Recent paragraph changes", "documents", "paragraph", list(paragraphs)),
            ("Recent section changes", "documents", "section", list(sections)),
        ]


@admin.register(Section)
class SectionAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "document", "first_paragraph", "last_paragraph", "verified"]
    list_filter = ["document", "verified"]
    list_select_related = ["document"]
    search_fields = ["heading", "label", "document__short_title"]
    autocomplete_fields = ["document", "parent"]


@admin.register(Paragraph)
class ParagraphAdmin(HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "section", "has_text", "short_summary", "verified"]
    list_filter = ["document__status", "document", "verified", "themes"]
    search_fields = ["document__short_title", "document__slug", "=number", "summary", "text"]
    list_select_related = ["document", "section"]
    autocomplete_fields = ["document", "section"]
    filter_horizontal = ["themes"]
    fields = ["document", "number", "section", "text", "summary", "source", "verified", "themes"]

    @admin.display(boolean=True, description="official text")
    def has_text(self, obj):
        return bool(obj.text)

    @admin.display(description="summary")
    def short_summary(self, obj):
        summary = obj.summary
        return format_html("{}", summary[:80] + "…" if len(summary) > 80 else summary)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
