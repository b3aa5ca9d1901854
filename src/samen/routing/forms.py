"""The form for a routing rule, used by the coordinators' interface and the admin alike."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.forms.models import construct_instance

from samen.routing import services
from samen.routing.models import RoutingRule
from samen.web.text_limits import TextLimitsTold


class RoutingRuleForm(TextLimitsTold, forms.ModelForm):
    """Refuses, as a form error, an edit that would leave a track without its national fallback."""

    class Meta:
        model = RoutingRule
        fields = [
            "track",
            "priority",
            "name",
            "municipality",
            "region",
            "form",
            "age",
            "role",
            "channel",
            "owner",
            "contact_point",
            "is_active",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            # The rule as it would be saved, on a copy: the instance itself is filled in after `clean`.
            candidate = construct_instance(self, copy.copy(self.instance), self._meta.fields, self._meta.exclude)
            services.rule_check(rule=candidate)  # its ValidationError becomes a non-field error
        return data
