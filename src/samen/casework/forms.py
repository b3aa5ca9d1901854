"""Forms of the work pages; they validate, services write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import User
from samen.casework import message_names
from samen.casework.models import Case
from samen.casework.workflow import Event, Outcome, State
from samen.geo.fields import MunicipalityField, municipality_names
from samen.intake.forms import ProfessionalPersonForm
from samen.intake.identifier_kinds import identifier_kinds
from samen.intake.models import PersonRole, Signal
from samen.partners.models import Organisation, OrganisationType
from samen.partners.selectors import exploitation_form_choices
from samen.routing.models import Track
from samen.web.fields import DateInput, TypedTextField, due_not_in_the_past
from samen.web.text_limits import TextLimitsTold


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Track"), required=False, choices=[("", _("both tracks")), *Track.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all open states")), *State.choices])
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    mine = forms.BooleanField(label=_("Only assigned to me"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("due", _("deadline")), ("new", _("newest signal")), ("old", _("oldest signal"))],
    )


TRANSFER_TYPES = {
    Track.VICTIM: [
        OrganisationType.CARE_COORDINATOR,
        OrganisationType.VEILIG_THUIS,
        OrganisationType.COMENSHA,
        OrganisationType.MUNICIPALITY,
    ],
    Track.PERPETRATOR: [
        OrganisationType.POLICE,
        OrganisationType.LABOUR_INSPECTORATE,
        OrganisationType.KMAR,
        OrganisationType.RIEC,
        OrganisationType.MUNICIPALITY,
    ],
}


class TransitionForm(TextLimitsTold, forms.Form):
    # In the order the steps' forms show them: a refused step focuses the first field with a message.
    event = forms.ChoiceField(choices=Event.choices, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices])
    transfer_to = forms.ModelChoiceField(
        label=_("Transfer to"),
        required=False,
        queryset=Organisation.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("Choose one of the organisations in the list.")},
    )
    # Shown on the timeline of every owner: a 200,000-character reason was taken (found by exploratory testing).
    reason = TypedTextField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, kind: str = "", owner_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind:
            # Only organisations that can own this kind of track: a short list, quick to render.
            self.fields["transfer_to"].queryset = Organisation.objects.filter(
                is_active=True, type__in=TRANSFER_TYPES[kind]
            ).only("pk", "name")
        if owner_id is not None:
            # Not the owner itself: the step would be refused after the reason was typed.
            self.fields["transfer_to"].queryset = self.fields["transfer_to"].queryset.exclude(pk=owner_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        event = data.get("event")
        if event == Event.RECORD_OUTCOME and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome."))
        if (
            event in (Event.WAIVE, Event.TRANSFER, Event.REJECT_TRANSFER, Event.REOPEN)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give a reason."))
        if event == Event.TRANSFER and not data.get("transfer_to"):
            self.add_error("transfer_to", _("Choose the organisation."))
        if event == Event.TRANSFER and (kinds := identifier_kinds(data.get("reason") or "")):
            # Read by the organisation asked, which sees only the de-identified signal until it accepts
            # (found by exploratory testing: a name and a phone number reached it word for word).
            message = _(
                "This reason seems to hold %(kinds)s. The organisation you ask reads it before it may see who "
                "is involved: write it without, and refer to people by their role (the victim, the employer)."
            )
            self.add_error("reason", message % {"kinds": get_text_list(kinds, _("and"))})
        return data


class _PersonChoice(forms.ModelChoiceField):
    """People by their name, as the action lists show them; all work at the track's owner, so
    no organisation after the name (the signal table's form, which lists several, adds it)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ActionForm(TextLimitsTold, forms.Form):
    description = forms.CharField(
        label=_("Action"), max_length=300, error_messages={"required": _("Describe the action.")}
    )
    owner = _PersonChoice(
        label=_("Person (optional)"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("No one in particular"),
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput(), validators=[due_not_in_the_past])

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
            "last_name", "first_name", "username"
        )


class NoteForm(TextLimitsTold, forms.Form):
    # On the timeline of every owner, as a step's reason is (found in review: no limit).
    text = TypedTextField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note before you add it.")},
    )


class FlagForm(TextLimitsTold, forms.Form):
    reason = TypedTextField(
        label=_("Why a joint decision is needed"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    flag = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReporterMessageForm(TextLimitsTold, forms.Form):
    """A message for the status page; one pasted longer than the limit is refused whole, not cut."""

    text = TypedTextField(
        label=_("Message to the reporter"),
        help_text=_("The reporter reads this on the status page. Write nothing that identifies anyone."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": _("Write a message for the reporter."),
            "null_characters_not_allowed": _(
                "The message contains a character that cannot be stored (a NUL character, often shown as �). "
                "Remove it and send the message again."
            ),
        },
    )

    def __init__(self, *args: Any, signal: Signal | None = None, sender: User | None = None, **kwargs: Any) -> None:
        """With the `signal` and its `sender`, the names Samen knows there are refused too (`message_names`)."""
        super().__init__(*args, **kwargs)
        self.signal, self.sender = signal, sender

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        # Whoever holds the receipt code and secret reads it: the reporter, or whoever has their
        # phone (found by exploratory testing: a name, a phone number and a BSN went out word for word).
        known: list[tuple[str, list[str]]] = []
        if self.signal is not None and self.sender is not None:
            known = message_names.names_a_message_must_not_hold(signal=self.signal, sender=self.sender)
        if kinds := identifier_kinds(text, known):
            if {str(message_names.SIGNAL_PEOPLE), str(message_names.STAFF)} & set(kinds):
                message = _(
                    "This message seems to hold %(kinds)s. Whoever has the receipt code and the secret reads it on "
                    "the status page, and that may not be the reporter: write it without. Refer to people by their "
                    "role (your relative, the employer) and sign with the name of your organisation, not your own."
                )
            else:
                message = _(
                    "This message seems to hold %(kinds)s. Whoever has the receipt code and the secret reads it on "
                    "the status page: write it without. Your organisation's general phone number or e-mail address "
                    "may be given."
                )
            raise ValidationError(message % {"kinds": get_text_list(kinds, _("and"))}, code="identifying")
        return text


class CaseMembershipForm(TextLimitsTold, forms.Form):
    case = forms.ModelChoiceField(label=_("Existing case"), required=False, queryset=Case.objects.none())
    title = forms.CharField(label=_("Or a new case with title"), required=False, max_length=200)

    def __init__(self, *args: Any, organisation_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(organisation_id=organisation_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A title refused at its field (too long) was given: asking for one would contradict it.
        given = "case" in self.errors or "title" in self.errors
        if not given and not data.get("case") and not (data.get("title") or "").strip():
            # At a field, so it is focused and read out with it: the list of cases while there is one
            # to choose, else the title, the only way left.
            if self.fields["case"].queryset.exists():
                self.add_error("case", _("Choose a case or give a title for a new one."))
            else:
                self.add_error("title", NEW_CASE_TITLE_REQUIRED)
        return data


NEW_CASE_TITLE_REQUIRED = _("Give the new case a title.")


class CaseForm(TextLimitsTold, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": NEW_CASE_TITLE_REQUIRED})


def _no_identifiers_on_timeline(text: str) -> None:
    # Kept with the timeline as long as the signal is, after the person's details are corrected or erased.
    if kinds := identifier_kinds(text):
        message = _(
            "This reason seems to hold %(kinds)s. Every organisation that follows the signal up reads the "
            "timeline: write it without, and give the person's details in the fields above."
        )
        raise ValidationError(message % {"kinds": get_text_list(kinds, _("and"))}, code="identifying")


def _timeline_reason() -> TypedTextField:
    """Why a correction was made: free text on the timeline, which every owner's reader sees."""
    return TypedTextField(
        label=_("Why (optional)"),
        required=False,
        max_length=500,
        help_text=_("Shown on the timeline. Write nothing that identifies anyone."),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_identifiers_on_timeline],
    )


class SignalChangeForm(TextLimitsTold, forms.Form):
    """Where the signal took place and which forms of exploitation it concerns, as an owner corrects them."""

    municipality = MunicipalityField(
        label=_("Municipality"),
        help_text=_("The municipality, a town or village in it, or a postcode."),
        error_messages={"required": _("Enter a municipality or a postcode.")},
        widget=forms.TextInput(attrs={"list": "municipality-names"}),
    )
    place = forms.CharField(
        label=_("Place or address (optional)"),
        required=False,
        # As the signal holds it: up to 300 typed under "Where exactly?" after a town that fits none.
        max_length=400,
        help_text=_("A street, a building, a company or a website."),
    )
    form_codes = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        required=False,
        choices=exploitation_form_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose forms of exploitation from the list.")},
    )
    reason = _timeline_reason()

    def __init__(self, *args: Any, placed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not placed:  # its reporter did not know the town: forms and place can be set before it is known
            self.fields["municipality"].required = False
            self.fields["municipality"].help_text = _(
                "The municipality, a town or village in it, or a postcode. Leave it empty while it is not known."
            )

    @property
    def municipality_names(self) -> list[str]:
        """What the browser offers as the user types in the municipality box."""
        return municipality_names()


def _numbers_as_text(values: dict[str, Any]) -> dict[str, Any]:
    """An empty phone number or BSN as the identity stores it: "" (the fields clean it to None)."""
    return {**values, "phone": values.get("phone") or "", "bsn": values.get("bsn") or ""}


class PersonChangeForm(ProfessionalPersonForm):
    """A person of a signal as an owner's case worker corrects them (`person_changes`): the fields of
    the professional form, without the prefix of a person block, and with a reason for the timeline.

    Health and criminal-law data are in the form only for whoever may see them (`special`, `criminal_law`).
    """

    reason = _timeline_reason()

    def __init__(self, *args: Any, role: str, special: bool, criminal_law: bool, **kwargs: Any) -> None:
        super().__init__(*args, role=role, prefix=None, **kwargs)
        # About someone else, always: the reporter's own wording ("Your age") is for the public form.
        for name in ("age", "nationality"):
            self.fields[name].label = ProfessionalPersonForm.base_fields[name].label
        self.fields["description"].help_text = ProfessionalPersonForm.base_fields["description"].help_text
        self.fields["birth_date"].widget.format = "%d-%m-%Y"
        if not self.asks_consent:
            del self.fields["consent"]
        if not special:
            del self.fields["health"]
        if not criminal_law:
            del self.fields["criminal_law"]

    # One person on the page: no person's name in front of its messages (`form_problems`).
    @property
    def legend(self) -> str:
        return ""

    @property
    def role_label(self) -> str:
        return ""

    def values_fields(self) -> list[str]:
        """The person's fields in this form (health and criminal-law data only where shown)."""
        return [name for name in self.fields if name not in ("reason", "role")]

    def as_cleaned(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        """Stored values of this form's fields as the form would clean them when sent untouched: a
        phone number or BSN stored as typed ("06-12345678") in its normal form."""
        cleaned = {}
        for name in self.values_fields():
            field, value = self.fields[name], stored.get(name)
            try:
                cleaned[name] = field.clean(field.prepare_value(value))
            except ValidationError:  # stored before a rule that refuses it now: compared as stored
                cleaned[name] = value
        return _numbers_as_text(cleaned)

    def values(self) -> dict[str, Any]:
        """The person's fields as `person_changes.person_change` takes them."""
        return _numbers_as_text({name: self.cleaned_data[name] for name in self.values_fields()})


class PersonAddForm(PersonChangeForm):
    """A person who became known after intake (`person_changes.person_add`): who they are first."""

    role = forms.ChoiceField(
        label=_("Who is this person?"),
        choices=[("", _("Choose…")), *((value, capfirst(label)) for value, label in PersonRole.choices)],
        error_messages={"required": _("Choose who this person is.")},
    )
    field_order = ["role"]

    def __init__(self, *args: Any, special: bool, criminal_law: bool, **kwargs: Any) -> None:
        # Consent is asked whatever the role; it is not stored for a possible perpetrator.
        super().__init__(*args, role=PersonRole.OTHER, special=special, criminal_law=criminal_law, **kwargs)
        self.fields["consent"].help_text = _("Not stored for a possible perpetrator.")
