"""Finding the person of an access request; recording and withdrawing exemptions from access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.intake.validators import validate_bsn
from samen.web.fields import DateInput, TypedTextField
from samen.web.text_limits import TextLimitsTold


class SubjectSearchForm(forms.Form):
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=20, validators=[validate_bsn])
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)

    def clean(self):
        data = super().clean()
        if not (data.get("bsn") or data.get("phone")):
            raise forms.ValidationError(_("Enter a BSN or a phone number."))
        return data


class ExemptionForm(TextLimitsTold, forms.Form):
    code = forms.CharField(
        label=_("Receipt code of the signal"), max_length=20, help_text=_("For example MH-7K3P-Q9XD.")
    )
    person = forms.IntegerField(
        label=_("Person number (optional)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Leave empty to exempt the whole signal. 1 is the first person listed on the signal."),
    )
    legal_ground = forms.CharField(
        label=_("Legal ground"), max_length=120, help_text=_("For example: UAVG art. 41 lid 1 sub d.")
    )
    review_date = forms.DateField(
        label=_("Review date"),
        widget=DateInput(),
        help_text=_("Until this date the item is left out of access requests; then you review the exemption."),
    )


class WithdrawForm(TextLimitsTold, forms.Form):
    """One per exemption in force on the page: its ids name the exemption, its field's name does not (the
    address does)."""

    reason = TypedTextField(
        label=_("Reason for withdrawing"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the exemption is withdrawn.")},
    )

    def __init__(self, *args: Any, exemption: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"withdraw-{exemption}-%s")
        super().__init__(*args, **kwargs)
        self.exemption = exemption
