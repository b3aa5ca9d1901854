"""The search form of the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.audit.codes import Action, ObjectType
from samen.audit.selectors import AuditFilter
from samen.web.fields import DateInput


class AuditSearchForm(forms.Form):
    user = forms.IntegerField(label=_("User number"), required=False, min_value=1)
    organisation = forms.IntegerField(label=_("Organisation number"), required=False, min_value=1)
    object_type = forms.ChoiceField(
        label=_("Object type"),
        required=False,
        # An old bookmark may name a type that no longer exists or was never one.
        error_messages={
            "invalid_choice": _("The audit log has no object type “%(value)s”. Choose a type from the list.")
        },
    )
    object_id = forms.RegexField(label=_("Object number"), regex=r"^[A-Za-z0-9_-]{0,40}$", required=False)
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("any action")), *Action.choices], required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sorted by label in the reader's language, so per form rather than once at import.
        types = sorted(ObjectType.choices, key=lambda choice: str(choice[1]).casefold())
        self.fields["object_type"].choices = [("", _("any type")), *types]

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            user_id=data["user"],
            organisation_id=data["organisation"],
            object_type=data["object_type"] or "",
            object_id=data["object_id"] or "",
            action=data["action"] or "",
            since=data["since"],
            until=data["until"],
        )
