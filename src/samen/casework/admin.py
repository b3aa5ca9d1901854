from django.contrib import admin

from samen.casework.models import StateDeadline


@admin.register(StateDeadline)
class StateDeadlineAdmin(admin.ModelAdmin):
    list_display = ("kind", "state", "working_days")
    list_editable = ("working_days",)
    list_filter = ("kind",)


# Cases are not in the admin: they hold signals and free text, which only the work pages show,
# through the access policy.
