"""The search form of the audit log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.audit.codes import Action
from samen.audit.selectors import AuditFilter


class AuditSearchForm(forms.Form):
    user = forms.IntegerField(label=_("User number"), required=False, min_value=1)
    organisation = forms.IntegerField(label=_("Organisation number"), required=False, min_value=1)
    object_type = forms.RegexField(
        label=_("Object type"), regex=r"^[a-z_]{0,40}$", required=False, help_text=_("For example signal or person.")
    )
    object_id = forms.RegexField(label=_("Object number"), regex=r"^[A-Za-z0-9_-]{0,40}$", required=False)
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("any action")), *Action.choices], required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

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
