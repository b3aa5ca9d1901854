"""Finding the person of an access request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.intake.validators import validate_bsn


class SubjectSearchForm(forms.Form):
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=20, validators=[validate_bsn])
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)

    def clean(self):
        data = super().clean()
        if not (data.get("bsn") or data.get("phone")):
            raise forms.ValidationError(_("Enter a BSN or a phone number."))
        return data
