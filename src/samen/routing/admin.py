"""Routing rules in the admin. Every write goes through `services`, so the national fallback of
each track survives the edit form, the delete page and the bulk "delete selected" action alike;
a refusal is shown as an error, never as a success."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from samen.routing import services
from samen.routing.forms import RoutingRuleForm
from samen.routing.models import RoutingRule


def _delete_selected_keeping_fallbacks(modeladmin, request, queryset):
    """Django's "delete selected", refused as a whole when it would take a track's last fallback."""
    # One transaction from the check to the delete, which `delete_queryset` checks again under the lock.
    with transaction.atomic():
        try:
            services.rules_check_delete(rules=queryset)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        return delete_selected(modeladmin, request, queryset)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm  # validates the fallback guard, inside the admin's transaction
    list_display = ("track", "priority", "name", "owner", "region", "municipality", "form", "age", "role", "is_active")
    list_filter = ("track", "is_active", "age", "role")
    list_select_related = ("owner", "region", "municipality", "form")
    search_fields = ("name", "owner__name")
    autocomplete_fields = ("owner",)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Same name: the confirmation page posts back to "delete_selected".
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_keeping_fallbacks, name, description)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        with transaction.atomic():
            rule = self.get_object(request, unquote(object_id))
            if rule is not None:
                try:
                    services.rules_check_delete(rules=[rule])
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return HttpResponseRedirect(reverse("admin:routing_routingrule_change", args=[rule.pk]))
            return super().delete_view(request, object_id, extra_context)

    # The form and the pages above have refused what the guard refuses, in the same transaction;
    # should the service still refuse, the error propagates rather than a false success message.
    def save_model(self, request, obj, form, change):
        services.rule_save(rule=obj)

    def delete_model(self, request, obj):
        services.rule_delete(rule=obj)

    def delete_queryset(self, request, queryset):
        services.rules_delete(rules=queryset)
