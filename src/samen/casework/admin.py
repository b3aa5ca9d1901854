from django.contrib import admin

from samen.casework.models import Case, CaseSignal, StateDeadline


@admin.register(StateDeadline)
class StateDeadlineAdmin(admin.ModelAdmin):
    list_display = ("kind", "state", "working_days")
    list_editable = ("working_days",)
    list_filter = ("kind",)


class CaseSignalInline(admin.TabularInline):
    model = CaseSignal
    raw_id_fields = ("signal", "added_by")
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "created_at")
    raw_id_fields = ("organisation", "created_by")
    inlines = [CaseSignalInline]
