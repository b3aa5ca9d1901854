from django.contrib import admin

from samen.partners.models import ChangeRecord, ContactPoint, ExploitationForm, Organisation


class ContactPointInline(admin.StackedInline):
    model = ContactPoint
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ["backup"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "is_national", "is_active")
    list_filter = ("type", "is_national", "is_active")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("regions", "municipalities", "forms", "target_groups", "domains")
    inlines = [ContactPointInline]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ("name", "function", "organisation", "is_available")
    search_fields = ("name", "function", "organisation__name")
    list_select_related = ("organisation",)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("organisation", "action", "actor_label", "at")
    readonly_fields = ("organisation", "actor", "actor_label", "at", "action", "changes")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ExploitationForm)
