"""The answer to a possible link: confirm or reject, with a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.web.fields import TypedTextField
from samen.web.text_limits import TextLimitsTold


class DecisionForm(TextLimitsTold, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirm", _("Confirm: it is probably the same person")),
            ("reject", _("Reject: not the same person")),
        ],
        widget=forms.RadioSelect,
    )
    reason = TypedTextField(
        label=_("Reason"),
        help_text=_("Seen by your own organisation only. Do not write names or other identifying data."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
