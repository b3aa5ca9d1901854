from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from samen.routing import services
from samen.routing.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("track", "priority", "name", "owner", "region", "municipality", "form", "age", "role", "is_active")
    list_filter = ("track", "is_active", "age", "role")
    list_select_related = ("owner", "region", "municipality", "form")
    search_fields = ("name", "owner__name")
    autocomplete_fields = ("owner",)

    def save_model(self, request, obj, form, change):
        try:
            services.rule_save(rule=obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    def delete_model(self, request, obj):
        try:
            services.rule_delete(rule=obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
