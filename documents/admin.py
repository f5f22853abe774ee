from django.contrib import admin

from .models import Document, Event, Paragraph, Section, Theme


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "process", "city", "start_date", "verified"]
    list_filter = ["kind", "process", "verified"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "label", "heading", "parent", "first_paragraph", "last_paragraph", "verified"]
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["short_title", "symbol", "event", "type", "adopted_on", "status"]
    list_filter = ["status", "type", "event"]
    search_fields = ["title", "short_title", "symbol", "slug"]
    prepopulated_fields = {"slug": ["short_title"]}
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "first_paragraph", "last_paragraph", "verified"]
    list_filter = ["document"]
    search_fields = ["heading", "label"]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section", "verified"]
    list_filter = ["document", "verified", "themes"]
    search_fields = ["summary", "text"]
    list_select_related = ["document", "section"]
    autocomplete_fields = ["section"]
    filter_horizontal = ["themes"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
