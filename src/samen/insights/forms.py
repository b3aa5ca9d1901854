"""The GET forms that choose what a page shows, and the form to record an intervention."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.casework.workflow import Outcome, State
from samen.geo.models import Region
from samen.insights import dimensions
from samen.insights.aggregates import PERSONS, SIGNALS, TRACKS, Filters
from samen.insights.maps import MUNICIPALITY
from samen.insights.models import Intervention
from samen.intake.models import Channel, Gender, PersonRole, ReporterType, Sector
from samen.partners.models import ExploitationForm
from samen.routing.models import Track
from samen.web.text_limits import TextLimitsTold

ALL = [("", _("all"))]
LEVELS = [
    (MUNICIPALITY, _("municipality")),
    ("safety_region", _("safety region")),
    ("police_unit", _("police unit")),
    ("riec", _("RIEC region")),
    ("province", _("province")),
]
GRAINS = [("month", _("month")), ("quarter", _("quarter")), ("year", _("year"))]
SUBJECTS = [(SIGNALS, _("signals")), (PERSONS, _("persons in signals")), (TRACKS, _("tracks (victim and perpetrator)"))]
SIGNAL_BY = [
    ("period", _("period")),
    ("area", _("area")),
    ("form", _("form of exploitation")),
    ("sector", _("sector")),
    ("channel", _("channel")),
    ("reporter_type", _("reporter")),
]
PERSON_BY = [
    ("period", _("period")),
    ("area", _("area")),
    ("role", _("role")),
    ("age_band", _("age")),
    ("gender", _("gender")),
    ("nationality_group", _("nationality")),
]
TRACK_BY = [
    ("period", _("period")),
    ("area", _("area")),
    ("form", _("form of exploitation")),
    ("kind", _("track")),
    ("state", _("state")),
    ("outcome", _("outcome")),
    ("first_action", _("first action")),
]
# The values of the track dimensions (`kpis.first_action_status` for the first action).
TRACK_CHOICES: dict[str, list[tuple[str, object]]] = {
    "kind": list(Track.choices),
    "state": list(State.choices),
    "outcome": [*Outcome.choices, ("", _("none (open, or closed without follow-up)"))],
    "first_action": [
        ("on_time", _("within the deadline")),
        ("late", _("after the deadline")),
        ("overdue", _("none yet, deadline passed")),
        ("pending", _("none yet, deadline not passed")),
        ("no_deadline", _("no deadline")),
    ],
}
ANY_VALUE = "*"  # a filter's "all"; "" is a real category (unknown)


def form_name(form: ExploitationForm) -> str:
    return form.name_nl if (get_language() or "nl").startswith("nl") else form.name_en


def form_choices() -> list[tuple[str, str]]:
    return [
        *[(f.code, form_name(f)) for f in ExploitationForm.objects.filter(parent=None)],
        (dimensions.MULTIPLE_FORMS, str(_("several forms"))),
        ("", str(_("not stated"))),
    ]


def _month(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


class MonthField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=7, required=False, **kwargs)
        self.widget.input_type = "month"
        self.widget.attrs.update({"placeholder": "2025-01", "pattern": r"\d{4}-\d{2}"})

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        month = _month(text)
        if month is None:
            raise forms.ValidationError(_("Enter a month as year-month, for example 2025-03."))
        return month


# The filters whose "all" is `ANY_VALUE`.
FILTERS = (
    "form",
    "sector",
    "channel",
    "reporter_type",
    "role",
    "age_band",
    "gender",
    "nationality_group",
    "kind",
    "state",
    "outcome",
    "first_action",
)


class FilterForm(forms.Form):
    """Period, area and every dimension; each page shows the fields it uses."""

    subject = forms.ChoiceField(label=_("Count"), choices=SUBJECTS, required=False)
    by = forms.ChoiceField(label=_("Rows"), choices=SIGNAL_BY + PERSON_BY[2:] + TRACK_BY[3:], required=False)
    columns = forms.ChoiceField(
        label=_("Columns"), choices=[("", _("none")), *SIGNAL_BY, *PERSON_BY[2:], *TRACK_BY[3:]], required=False
    )
    grain = forms.ChoiceField(label=_("Period length"), choices=GRAINS, required=False)
    start = MonthField(label=_("From month"))
    end = MonthField(label=_("Up to and including month"))
    level = forms.ChoiceField(label=_("Area level"), choices=LEVELS, required=False)
    region = forms.CharField(
        label=_("Area code"),
        max_length=20,
        required=False,
        help_text=_("For example GM0599, VR17 or RE07; empty for the whole country."),
    )
    form = forms.ChoiceField(label=_("Form of exploitation"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[(ANY_VALUE, _("all")), *list(Sector.choices)]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[(ANY_VALUE, _("all")), *list(Channel.choices)]
    )
    reporter_type = forms.ChoiceField(
        label=_("Reporter"), required=False, choices=[(ANY_VALUE, _("all")), *list(ReporterType.choices)]
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[(ANY_VALUE, _("all")), *list(PersonRole.choices)]
    )
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=[(ANY_VALUE, _("all"))] + [(k, v) for k, v in dimensions.AGE_BANDS]
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[(ANY_VALUE, _("all")), *list(Gender.choices)]
    )
    nationality_group = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        choices=[(ANY_VALUE, _("all"))] + [(k, v) for k, v in dimensions.NATIONALITY_GROUPS],
    )
    kind = forms.ChoiceField(label=_("Track"), required=False, choices=[(ANY_VALUE, _("all")), *TRACK_CHOICES["kind"]])
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[(ANY_VALUE, _("all")), *TRACK_CHOICES["state"]]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[(ANY_VALUE, _("all")), *TRACK_CHOICES["outcome"]]
    )
    first_action = forms.ChoiceField(
        label=_("First action"), required=False, choices=[(ANY_VALUE, _("all")), *TRACK_CHOICES["first_action"]]
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None:
            # A filter left out of the query means "all". Said so in the data, the select shows
            # "all" rather than the "" category (unknown, none), which submitting would apply.
            data = data.copy()
            for name in FILTERS:
                data.setdefault(name, ANY_VALUE)
        super().__init__(data, *args, **kwargs)
        self.fields["form"].choices = [(ANY_VALUE, _("all")), *form_choices()]
        for name in FILTERS:
            # Unbound too: a select with no value shows the "" category, and "Show" then applied it.
            self.fields[name].initial = ANY_VALUE

    def value(self, name: str, default: str = "") -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default

    def clean(self):
        data = super().clean()
        region = (data.get("region") or "").strip().upper()
        level = data.get("level") or MUNICIPALITY
        if region:
            from samen.insights.maps import region_mapping, region_names

            known = region_names(level) if level != MUNICIPALITY else {c: c for c in region_mapping("province")}
            if region not in known:
                self.add_error("region", _("There is no area with this code at the chosen level."))
        data["region"] = region
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}

        def dim(name: str) -> str | None:
            raw = data.get(name, ANY_VALUE)
            return None if raw in (ANY_VALUE, None) else raw

        return Filters(
            start=data.get("start"),
            end=data.get("end"),
            level=data.get("level") or MUNICIPALITY,
            region=data.get("region", ""),
            form=dim("form"),
            sector=dim("sector"),
            channel=dim("channel"),
            reporter_type=dim("reporter_type"),
            role=dim("role"),
            age_band=dim("age_band"),
            gender=dim("gender"),
            nationality_group=dim("nationality_group"),
            kind=dim("kind"),
            state=dim("state"),
            outcome=dim("outcome"),
            first_action=dim("first_action"),
        )


class InterventionForm(TextLimitsTold, forms.ModelForm):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("kind", "name"))
    start = MonthField(label=_("In force from month"))
    form = forms.ChoiceField(label=_("Form of exploitation"), required=False)

    class Meta:
        model = Intervention
        fields = ["label", "region", "start", "form"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", _("every form"))] + [
            (f.code, form_name(f)) for f in ExploitationForm.objects.filter(parent=None)
        ]
        self.fields["start"].required = True
