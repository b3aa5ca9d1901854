"""Forms of the legal-hold pages: placing a hold on a signal by its receipt code, and lifting one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.web.fields import DateInput, TypedTextField
from samen.web.text_limits import TextLimitsTold


class LegalHoldForm(TextLimitsTold, forms.Form):
    code = forms.CharField(
        label=_("Receipt code of the signal"), max_length=20, help_text=_("For example MH-7K3P-Q9XD.")
    )
    reason = TypedTextField(
        label=_("Why must the signal be kept?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a criminal investigation or proceedings. Only privacy officers see this."),
    )
    review_date = forms.DateField(
        label=_("Review date"),
        widget=DateInput(),
        help_text=_("On this date you check whether the hold is still needed."),
    )


class LiftForm(TextLimitsTold, forms.Form):
    """One per active hold on the page: its ids name the hold, its field's name does not (the address does)."""

    reason = TypedTextField(
        label=_("Reason for lifting"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the hold can be lifted.")},
    )

    def __init__(self, *args: Any, hold: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"lift-{hold}-%s")
        super().__init__(*args, **kwargs)
        self.hold = hold
