"""Forms of the privacy pages: sharing agreements, revoking, breaking the glass, reviewing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Region
from samen.partners.models import Organisation
from samen.privacy.models import DataCategory, Purpose, SharingAgreement
from samen.web.fields import DateInput, TypedTextField
from samen.web.text_limits import TextLimitsTold

AGREEMENT_FIELDS = ["name", "reference", "avg_basis", "sector_basis", "valid_from", "valid_until"]


class AgreementForm(TextLimitsTold, forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two organisations, your own among them."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Area"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Signals in these regions are covered; no region means the whole country."),
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories"), choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SharingAgreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parties"].initial = list(self.instance.parties.all())
            self.fields["regions"].initial = list(self.instance.regions.all())
            self.fields["purposes"].initial = self.instance.purposes
            self.fields["categories"].initial = self.instance.categories

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in AGREEMENT_FIELDS}
        data["parties"] = self.cleaned_data["parties"]
        data["regions"] = self.cleaned_data["regions"]
        data["purposes"] = list(self.cleaned_data["purposes"])
        data["categories"] = list(self.cleaned_data["categories"])
        return data


class RevokeForm(TextLimitsTold, forms.Form):
    reason = TypedTextField(label=_("Reason for revoking"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class BreakGlassForm(TextLimitsTold, forms.Form):
    reason = TypedTextField(
        label=_("Why do you need this access now?"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your access lasts one hour, is logged and is reviewed by the privacy officer."),
    )


class BreakGlassByCodeForm(TextLimitsTold, forms.Form):
    """Break the glass for a signal known by its receipt code (from a phone call, a letter, a partner)."""

    code = forms.CharField(
        label=_("Receipt code of the signal"), max_length=20, help_text=_("For example MH-7K3P-Q9XD.")
    )
    reason = BreakGlassForm.base_fields["reason"]


class ReviewForm(TextLimitsTold, forms.Form):
    """One per access to review on the page: its ids name the access, its fields' names do not."""

    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[("justified", _("justified")), ("unjustified", _("not justified"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a verdict.")},
    )
    note = TypedTextField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, access: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"review-{access}-%s")
        super().__init__(*args, **kwargs)
        self.access = access
