"""Forms of the legal-hold pages: placing a hold on a signal by its receipt code, and lifting one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LegalHoldForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code of the signal"), max_length=20, help_text=_("For example MH-7K3P-Q9XD.")
    )
    reason = forms.CharField(
        label=_("Why must the signal be kept?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a criminal investigation or proceedings. Only privacy officers see this."),
    )
    review_date = forms.DateField(
        label=_("Review date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("On this date you check whether the hold is still needed."),
    )


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Reason for lifting"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
