"""Forms of the signal table pages; one per item get a prefix so ids stay unique on the meeting page."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import User
from samen.casework.models import SignalTrack
from samen.meetings.minutes_text import validate_no_identifiers
from samen.meetings.models import AgendaItem, SignalTable
from samen.meetings.permissions import SEATED_ROLES
from samen.web.fields import DateInput, TypedTextField, due_not_in_the_past
from samen.web.text_limits import TextLimitsTold


class DecisionForm(TextLimitsTold, forms.Form):
    text = TypedTextField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What the table decided, without names or other identifying data."),
        error_messages={"required": _("Write down what the table decided.")},
    )
    settled = forms.BooleanField(label=_("This settles the request for a joint decision"), required=False, initial=True)

    def __init__(self, *args, item: AgendaItem, **kwargs):
        kwargs.setdefault("prefix", f"decision-{item.pk}")
        super().__init__(*args, **kwargs)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        validate_no_identifiers(text)
        return text


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        org = obj.organisation.short_name or obj.organisation.name if obj.organisation else ""
        return f"{obj.get_full_name() or obj.username} ({org})"


class _TrackChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: SignalTrack) -> str:
        return f"{obj.get_kind_display()} ({obj.owner.short_name or obj.owner.name})"


def preselected_track(tracks: Iterable[SignalTrack]) -> SignalTrack | None:
    """The track a new action starts on: none, so the table chooses, because an action on the
    wrong track lands in the wrong organisation's follow-up and nobody may notice. Only when one
    track of the signal is still open is that one chosen in advance: it is the track the table
    follows up, and a closed track can still be chosen on purpose."""
    open_tracks = [track for track in tracks if not track.is_closed]
    return open_tracks[0] if len(open_tracks) == 1 else None


class ActionForm(TextLimitsTold, forms.Form):
    description = forms.CharField(
        label=_("Action"), max_length=300, error_messages={"required": _("Describe the action.")}
    )
    track = _TrackChoice(
        label=_("Track"),
        queryset=SignalTrack.objects.none(),
        empty_label=_("Choose a track"),
        error_messages={"required": _("Choose the track this action belongs to.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Carried out by"),
        queryset=None,
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the organisation that carries out the action.")},
    )
    owner = _UserChoice(
        label=_("Person (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No one in particular"),
    )
    due_on = forms.DateField(
        label=_("Due on"),
        widget=DateInput(),
        validators=[due_not_in_the_past],
        error_messages={"required": _("Give the date by which the action must be done.")},
    )

    def __init__(self, *args, item: AgendaItem, table: SignalTable, tracks=None, users=None, **kwargs):
        kwargs.setdefault("prefix", f"action-{item.pk}")
        super().__init__(*args, **kwargs)
        # Ordered as `selectors.agenda_of` prefetches them: the page and a refused form list the
        # tracks alike, with or without `tracks`.
        track = self.fields["track"]
        track.queryset = SignalTrack.objects.filter(signal_id=item.signal_id).select_related("owner").order_by("kind")
        if tracks is not None:
            track.choices = [("", track.empty_label)] + [(t.pk, track.label_from_instance(t)) for t in tracks]
        if not self.is_bound:
            chosen = preselected_track(tracks if tracks is not None else track.queryset)
            track.initial = chosen.pk if chosen else None
        organisation = self.fields["organisation"]
        organisation.queryset = table.members.all()
        organisation.choices = [("", organisation.empty_label)] + [(o.pk, o.name) for o in table.members.all()]
        self.fields["owner"].queryset = table_users(table)
        if users is not None:
            self.fields["owner"].choices = [("", self.fields["owner"].empty_label)] + [
                (u.pk, self.fields["owner"].label_from_instance(u)) for u in users
            ]

    def clean_description(self) -> str:
        description = self.cleaned_data["description"]
        validate_no_identifiers(description)
        return description

    def clean(self):
        data = super().clean()
        owner, organisation = data.get("owner"), data.get("organisation")
        if owner and organisation and owner.organisation_id != organisation.pk:
            self.add_error("owner", _("This person does not work at the organisation you chose."))
        return data


def table_users(table: SignalTable):
    return (
        User.objects.filter(
            is_active=True,
            organisation__in=table.members.all(),
            role_assignments__role__in=SEATED_ROLES,
        )
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "last_name", "username")
    )


class MeetingPlanForm(TextLimitsTold, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Give the date and time of the meeting.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        initial="online",
        help_text=_('An address, or "online".'),
        error_messages={"required": _('Give an address, or "online".')},
    )


class _UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _UserChoice.label_from_instance(self, obj)


class AttendeesForm(forms.Form):
    attendees = _UsersChoice(
        label=_("Who attended"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Someone ticked can no longer be chosen: they left the table. Tick who attended again.")
        },
    )

    def __init__(self, *args, table: SignalTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = table_users(table)
