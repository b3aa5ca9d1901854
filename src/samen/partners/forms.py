"""Forms for searching and editing the partner map."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Municipality, Region
from samen.geo.selectors import MunicipalityLookup, lookup_municipality
from samen.partners.models import (
    ContactPoint,
    DomainCode,
    ExploitationForm,
    Organisation,
    OrganisationType,
    TargetGroupCode,
)
from samen.web.fields import TypedTextField
from samen.web.text_limits import TextLimitsTold


def _blank(label):
    return [("", label)]


class PartnerSearchForm(forms.Form):
    gemeente = forms.CharField(
        label=_("Municipality or postcode"),
        required=False,
        max_length=80,
        help_text=_("For example Zaanstad, Den Haag or 1503."),
    )
    vorm = forms.ModelChoiceField(
        label=_("Form of exploitation"),
        queryset=ExploitationForm.objects.all(),
        required=False,
        empty_label=_("All forms"),
        to_field_name="code",
    )
    doelgroep = forms.ChoiceField(
        label=_("Target group"), required=False, choices=_blank(_("All target groups")) + TargetGroupCode.choices
    )
    domein = forms.ChoiceField(label=_("Domain"), required=False, choices=_blank(_("All domains")) + DomainCode.choices)
    type = forms.ChoiceField(
        label=_("Type of organisation"), required=False, choices=_blank(_("All types")) + OrganisationType.choices
    )
    q = forms.CharField(label=_("Name of the organisation"), required=False, max_length=80)

    lookup: MunicipalityLookup | None = None

    def clean_gemeente(self) -> Municipality | None:
        text = self.cleaned_data.get("gemeente", "").strip()
        if not text:
            return None
        self.lookup = lookup_municipality(text)
        if self.lookup.municipality is None:
            if self.lookup.candidates:
                names = ", ".join(m.name for m in self.lookup.candidates)
                raise forms.ValidationError(
                    self.lookup.error or _("More than one municipality fits: %(names)s. Choose one.") % {"names": names}
                )
            raise forms.ValidationError(self.lookup.error)
        return self.lookup.municipality


class OrganisationForm(TextLimitsTold, forms.ModelForm):
    """What an organisation administrator maintains about their own organisation."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    # Shown on the organisation's public page: a few paragraphs, not a document (200,000 characters were taken).
    description = TypedTextField(
        label=_("description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "goal",
            "description",
            "website",
            "phone",
            "email",
            "based_in",
            "forms",
            "target_groups",
            "domains",
        ]
        widgets = {
            "forms": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "domains": forms.CheckboxSelectMultiple,
        }

    def clean_name(self) -> str:
        return self._own("name")

    def clean_short_name(self) -> str:
        return self._own("short_name")

    def _own(self, field: str) -> str:
        """The name or short name as typed, refused when it is another organisation's name or short name.

        Reporters and partners find an organisation by its name, and many lists show the short one:
        an administrator gave theirs CoMensha's, and the map listed two, one with Zaanstad's phone
        number (found by exploratory testing). Compared without case, spacing or invisible characters.
        """
        value = " ".join(self.cleaned_data[field].split())
        if _name_key(value) == _name_key(getattr(self.instance, field) or ""):
            return value  # kept as it was: an edit of something else is not held up by an older clash
        others = Organisation.objects.exclude(pk=self.instance.pk).values_list("name", "short_name")
        if value and _name_key(value) in {_name_key(n) for pair in others for n in pair if n}:
            raise forms.ValidationError(
                _("Another organisation in the register has this name. Give your organisation's own name."),
                code="taken",
            )
        return value


def _name_key(name: str) -> str:
    """A name as compared with others: without case, invisible characters or extra spaces."""
    return " ".join("".join(ch for ch in name if unicodedata.category(ch) != "Cf").casefold().split())


class OrganisationScopeForm(OrganisationForm):
    """The national administrator also decides type, coverage and whether the organisation is active."""

    class Meta(OrganisationForm.Meta):
        fields = [
            *OrganisationForm.Meta.fields,
            "type",
            "shelter_kind",
            "is_national",
            "regions",
            "municipalities",
            "is_active",
        ]
        widgets = {
            **OrganisationForm.Meta.widgets,
            "regions": forms.SelectMultiple(attrs={"size": 10}),
            "municipalities": forms.SelectMultiple(attrs={"size": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.order_by("kind", "name")


class ContactPointForm(TextLimitsTold, forms.ModelForm):
    class Meta:
        model = ContactPoint
        fields = ["name", "function", "phone", "email", "reachable", "is_available", "backup", "position"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The order among a few contact points; SQLite stored 32768 in a small integer column.
        self.fields["position"].max_value = 999
        self.fields["position"].validators.append(MaxValueValidator(999))
        self.fields["position"].widget.attrs["max"] = 999
        backups = ContactPoint.objects.select_related("organisation").order_by("organisation__name", "name")
        if self.instance.pk:
            backups = backups.exclude(pk=self.instance.pk)
        self.fields["backup"].queryset = backups
        self.fields["backup"].label_from_instance = lambda cp: f"{cp.organisation.short_name or cp.organisation} – {cp}"
        self.fields["phone"].required = True
