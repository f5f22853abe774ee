from django.contrib import admin

from .models import SDG, ActionLine, Facilitation, Organization, ParagraphLink, SDGLink, Target


class FacilitationInline(admin.TabularInline):
    model = Facilitation
    extra = 0
    autocomplete_fields = ["organization"]


class ParagraphLinkInline(admin.TabularInline):
    model = ParagraphLink
    extra = 0
    autocomplete_fields = ["paragraph"]


class SDGLinkInline(admin.TabularInline):
    model = SDGLink
    extra = 0


@admin.register(ActionLine)
class ActionLineAdmin(admin.ModelAdmin):
    list_display = ["code", "official_title", "current_title", "parent", "verified"]
    list_filter = ["verified", "parent"]
    search_fields = ["code", "official_title", "current_title"]
    inlines = [FacilitationInline, ParagraphLinkInline, SDGLinkInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name"]
    search_fields = ["acronym", "name"]


@admin.register(Facilitation)
class FacilitationAdmin(admin.ModelAdmin):
    list_display = ["action_line", "organization", "role", "period", "verified"]
    list_filter = ["role", "verified", "organization"]


@admin.register(ParagraphLink)
class ParagraphLinkAdmin(admin.ModelAdmin):
    list_display = ["action_line", "paragraph", "kind"]
    list_filter = ["kind", "action_line"]
    autocomplete_fields = ["paragraph"]


admin.site.register(SDG)
admin.site.register(SDGLink)
admin.site.register(Target)
