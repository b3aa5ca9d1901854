"""The intake forms. The public form, the professional form and the API share these classes."""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import uuid
import weakref
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.bidi import isolated
from samen.geo.models import Municipality
from samen.geo.selectors import lookup_municipality
from samen.intake.fields import BirthDateField, BSNField, DistinctChoicesField, PhoneNumberField
from samen.intake.indicators import SITUATION_QUESTIONS, indicator_ids_for_answers, load_indicators
from samen.intake.models import (
    OFFICER_CHANNELS,
    REPORTER_DESCRIBED,
    Channel,
    Gender,
    PersonRole,
    ReporterType,
    Sector,
)
from samen.intake.services import ContactInput, IdentityInput, PersonInput, SignalInput
from samen.intake.validators import (
    MAX_AGE_YEARS,
    validate_age_fits_birth_date,
    validate_not_a_future_date,
    validate_reference_is_no_personal_data,
)
from samen.partners.models import Organisation
from samen.partners.selectors import exploitation_form_choices
from samen.plain_digits import ascii_digits
from samen.web.about_whom import AboutWhom
from samen.web.fields import TypedCharField, TypedTextField
from samen.web.text_limits import TextLimitsTold

PUBLIC_REPORTER_TYPES = [
    c for c in ReporterType.choices if c[0] not in (ReporterType.PROFESSIONAL, ReporterType.UNKNOWN)
]
# The same kinds of reporter as a professional names them, for themselves or a caller.
PROFESSIONAL_REPORTER_TYPES = list(REPORTER_DESCRIBED.items())
PERSON_PREFIXES = (PersonRole.VICTIM, PersonRole.PERPETRATOR, PersonRole.OTHER)


class ContactChoice:
    ANONYMOUS = "anonymous"
    CONTACT = "contact"
    CHOICES = [
        ("anonymous", _("No, I want to stay anonymous")),
        ("contact", _("Yes, you may contact me")),
    ]


_CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "safe_way", "safe_time")


class _IdempotencyKeyField(forms.CharField):
    """The hidden key the form page hands out, so that a report sent twice is stored once.

    A key that fails the field's checks (longer than 64 characters, a NUL, only spaces: only a
    page that was tampered with sends one) is not an error, which the reporter could neither see
    nor fix and which came back on every send. It cleans to a digest of itself instead, so the
    same form sent twice is still stored once.
    """

    def clean(self, value: Any) -> str:
        try:
            key = super().clean(value)
        except forms.ValidationError:
            key = ""
        if key or value in self.empty_values:
            return key
        return "sha256:" + hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()


class SignalForm(TextLimitsTold, forms.Form):
    """What the public form asks; everything a professional fills in starts here.

    No text is cut short at its limit: one that is too long is refused with how much too long it
    is (`TextLimitsTold`), and comes back whole to be shortened.
    """

    # The order of the page (report.html), so its list of problems follows the page: the person
    # blocks come just before `more_forms_before` (`web.templatetags.samen.form_problems`).
    field_order = ("idempotency_key", "acute_danger", "reporter_type", "what", "where", "where_choice")
    more_forms_before = "answers"

    idempotency_key = _IdempotencyKeyField(widget=forms.HiddenInput, required=False, max_length=64)
    acute_danger = forms.BooleanField(
        label=_("Someone is in danger right now"),
        required=False,
        help_text=_("If so, call 112 first: this form does not reach the emergency services."),
    )
    what = TypedTextField(
        label=AboutWhom(_("What did you notice?"), _("What happened to you?")),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        # Fits both wordings of the label: what the reporter noticed, or what happened to them.
        error_messages={"required": _("Write in a few words what happened.")},
        help_text=AboutWhom(
            _("Tell it in your own words. What did you see or hear? Who was there?"),
            _("Tell it in your own words. What happened, and who was involved?"),
        ),
    )
    where = TypedCharField(
        label=_("In which municipality or postcode area?"),
        max_length=80,
        widget=forms.TextInput(attrs={"data-required-unless": "where_unknown"}),  # web/required-unless.js
        # A reporter driven to work, or held in a house, may not know the town. A guessed "nearest town"
        # would send the signal to that region's owners; not knowing sends it to the national fallback.
        help_text=format_lazy(
            "{} {}",
            _("For example Rotterdam, Den Haag or 3011."),
            _("Do you not know the town? Then tick “I do not know in which town it is”."),
        ),
        error_messages={
            "required": format_lazy(
                "{} {}",
                _("Enter a municipality or a postcode."),
                _("Do you not know the town? Then tick “I do not know in which town it is”."),
            )
        },
    )
    # Held in a house or driven to work, a reporter may know no town at all: the signal then goes
    # to the national fallback (`routing`), whose owner sets the municipality once it is known.
    where_unknown = forms.BooleanField(
        label=_("I do not know in which town it is"),
        required=False,
        help_text=_("Then tell under “Where exactly?” what you know about the place."),
    )
    # Offered only when `where` fits more than one municipality (`clean_where`): one click
    # instead of typing the name again, which a reporter may not know how to spell.
    where_choice = forms.CharField(
        label=_("Which municipality do you mean?"), required=False, max_length=10, widget=forms.RadioSelect
    )
    place = TypedCharField(
        label=_("Where exactly? (optional)"),
        required=False,
        max_length=300,
        help_text=_("A street, a building, a company or a website."),
    )
    when = TypedCharField(
        label=AboutWhom(_("When did you notice this? (optional)"), _("When did this happen? (optional)")),
        required=False,
        max_length=200,
        help_text=_("A date, or for example 'last summer' or 'every weekend'."),
        validators=[validate_not_a_future_date],
    )
    reporter_type = forms.ChoiceField(
        label=_("How do you know about this?"),
        choices=PUBLIC_REPORTER_TYPES,
        required=False,
        widget=forms.RadioSelect,
    )
    answers = DistinctChoicesField(
        label=_("What fits the situation? Tick what you know."),
        choices=[(q.key, AboutWhom(q.text, q.text_self)) for q in SITUATION_QUESTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_choice = forms.ChoiceField(
        label=_("May we contact you?"),
        choices=ContactChoice.CHOICES,
        initial=ContactChoice.ANONYMOUS,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "If you stay anonymous, nobody can contact you. With the receipt code and the secret you can "
            "still read the status of your report and messages about it."
        ),
    )
    contact_name = TypedCharField(label=_("Your name (optional)"), required=False, max_length=200)
    contact_phone = PhoneNumberField(
        label=_("Your phone number"),
        required=False,
        ask_home_country=True,
        max_length=40,
        # Without a country code a number is read as Dutch: "0712 345 678" from Romania would reach a stranger.
        help_text=_("A number from abroad? Start with its country code, for example +48 512 345 678."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
    )
    safe_way = TypedCharField(
        label=_("What is the safest way to reach you?"),
        required=False,
        max_length=300,
        help_text=_("For example: only text messages, or do not leave a voicemail."),
    )
    safe_time = TypedCharField(label=_("When is it safe to contact you?"), required=False, max_length=200)

    municipality: Municipality | None = None
    # A town typed with "I do not know" ticked that fits no municipality (`clean_where`).
    where_unread = ""
    contact_given_anonymously = _(
        "You gave contact details but chose to stay anonymous. Choose “Yes, you may contact me”, "
        "or empty the contact fields."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.where_is_unknown:
            # A copy: a `validation_only` form shares its field objects with every other instance.
            self.fields["where"] = copy.copy(self.fields["where"])
            self.fields["where"].required = False

    @property
    def where_is_unknown(self) -> bool:
        """Whether the reporter ticked that they do not know the town."""
        field = self.fields.get("where_unknown")
        name = self.add_prefix("where_unknown")
        return field is not None and bool(field.widget.value_from_datadict(self.data, self.files, name))

    def clean_where(self) -> Municipality | None:
        """The municipality typed, or None when the reporter does not know it.

        With "I do not know" ticked, a name that fits no municipality (or more than one) is no
        error: it is kept in front of the place (`place_as_given`), for whoever finds out where.
        """
        text = self.cleaned_data.get("where", "").strip()
        if not text and self.where_is_unknown:
            return None
        lookup = lookup_municipality(text)
        # For the API, which answers with the candidates as data (`api._errors`).
        self.where_candidates = list(zip(lookup.candidates, lookup.candidate_names, strict=True))
        if lookup.municipality is not None:
            return lookup.municipality
        if lookup.candidates:
            # Offered again even when one was chosen: the form may come back for another
            # field, and the choice must not get lost then. On a copy of the field: a
            # `validation_only` form shares its field objects with every form of its class, and
            # the choices would show on every visitor's empty form.
            field = self.fields["where_choice"] = copy.deepcopy(self.fields["where_choice"])
            field.widget.choices = list(zip((m.code for m in lookup.candidates), lookup.candidate_names, strict=True))
            chosen = self.data.get(self.add_prefix("where_choice"))
            for municipality in lookup.candidates:
                if municipality.code == chosen:
                    return municipality
        if self.where_is_unknown:
            self.where_unread = text
            return None
        if lookup.candidates and not lookup.error:
            # Django's own catalogue has the list separator: "، " in Arabic.
            names = gettext(", ").join(isolated(name) for name in lookup.candidate_names)
            raise forms.ValidationError(
                _("More than one municipality fits: %(names)s. Choose one.") % {"names": names},
                code="ambiguous_municipality",
            )
        # None fits (with or without near names to offer).
        raise forms.ValidationError(lookup.error, code="unknown_municipality")

    def place_as_given(self) -> str:
        """The place, after the name of a town that fits none when the reporter does not know it."""
        place = self.cleaned_data.get("place", "")
        return " – ".join(part for part in (self.where_unread, place) if part)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("contact_choice") == ContactChoice.CONTACT and not (
            data.get("contact_phone") or data.get("contact_email")
        ):
            # A phone number or an address that was given but is wrong has its own message already.
            if "contact_phone" not in self.errors and "contact_email" not in self.errors:
                message = _("Give a phone number or an e-mail address, or choose to stay anonymous.")
                self.add_error("contact_phone", forms.ValidationError(message, code="no_way_to_reach"))
        elif data.get("contact_choice") != ContactChoice.CONTACT and any(
            str(self.data.get(self.add_prefix(name)) or "").strip() for name in _CONTACT_FIELDS
        ):
            # Stored as anonymous, the details typed would be dropped without a word: ask instead.
            message = self.contact_given_anonymously
            self.add_error("contact_choice", forms.ValidationError(message, code="contact_given_anonymously"))
        return data

    @property
    def about_self(self) -> bool:
        """Whether the reporter said the report is about them, so the questions speak to them."""
        # After a language switch the answers are the initial values (`form_pages.as_typed`).
        chosen = self.data.get(self.add_prefix("reporter_type")) if self.is_bound else self.initial.get("reporter_type")
        return chosen == ReporterType.SELF

    # ---------------------------------------------------------------- building the input

    def contact_input(self) -> ContactInput | None:
        d = self.cleaned_data
        if d.get("contact_choice") != ContactChoice.CONTACT:
            return None
        return ContactInput(
            name=d["contact_name"],
            phone=d["contact_phone"] or "",
            email=d["contact_email"],
            safe_way=d["safe_way"],
            safe_time=d["safe_time"],
            normalised=True,
        )

    def to_input(self, persons: list[PersonInput]) -> SignalInput:
        d = self.cleaned_data
        answers = list(d.get("answers") or [])
        return SignalInput(
            what=d["what"],
            municipality=d["where"],
            reporter_type=d.get("reporter_type") or ReporterType.UNKNOWN,
            place=self.place_as_given(),
            when=d["when"],
            acute_danger=d["acute_danger"],
            persons=persons,
            answers=answers,
            indicator_ids=list(indicator_ids_for_answers(answers)),
            contact=self.contact_input(),
        )


def _reworded(field: forms.Field, label: str, **changes: Any) -> forms.Field:
    """A copy of `field` asked in other words: the same checks under another label (and choices)."""
    copied = copy.deepcopy(field)
    copied.label = label
    for name, value in changes.items():
        setattr(copied, name, value)
    return copied


def _indicator_choices() -> list[tuple[str, str]]:
    return [(i.id, i.id) for i in load_indicators()]


class ProfessionalSignalForm(SignalForm):
    """The public form plus the indicator checklist, forms, sector and the organisation's reference."""

    # As report_professional.html shows them (see `SignalForm.field_order`).
    field_order = (
        *("idempotency_key", "acute_danger", "channel", "reporter_type", "organisation_reference", "what"),
        *("where", "where_choice", "where_unknown", "place", "when", "sector", "exploitation_forms", "indicators"),
        *("answers", "language"),
    )
    more_forms_before = "indicators"

    channel = forms.ChoiceField(
        label=_("How did the signal come in?"),
        choices=[(c.value, c.label) for c in OFFICER_CHANNELS],
        initial=Channel.PROFESSIONAL_WEB,
        required=False,
    )
    reporter_type = forms.ChoiceField(
        label=_("Who reports?"), choices=PROFESSIONAL_REPORTER_TYPES, initial=ReporterType.PROFESSIONAL, required=False
    )
    # What was noticed, and when, asked without "you": an intake officer types up what a caller tells.
    what = _reworded(
        SignalForm.base_fields["what"],
        _("What was noticed?"),
        help_text=_("As the reporter tells it: what was seen or heard? Who was there?"),
    )
    when = _reworded(SignalForm.base_fields["when"], _("When was this noticed? (optional)"))
    # The contact questions about the reporter, in the third person: a professional fills them in
    # for themselves or for the person whose report they take down. The same fields and checks.
    contact_choice = _reworded(
        SignalForm.base_fields["contact_choice"],
        _("May the handling organisation contact the reporter?"),
        choices=[
            (ContactChoice.ANONYMOUS, _("No, the reporter stays anonymous")),
            (ContactChoice.CONTACT, _("Yes, the reporter may be contacted")),
        ],
        help_text=_(
            "If the reporter stays anonymous, nobody can contact them. With the receipt code and the secret "
            "they can still read the status and messages."
        ),
    )
    contact_name = _reworded(SignalForm.base_fields["contact_name"], _("Name of the reporter (optional)"))
    contact_phone = _reworded(SignalForm.base_fields["contact_phone"], _("Phone number of the reporter"))
    contact_email = _reworded(SignalForm.base_fields["contact_email"], _("E-mail address of the reporter"))
    safe_way = _reworded(SignalForm.base_fields["safe_way"], _("What is the safest way to reach the reporter?"))
    safe_time = _reworded(SignalForm.base_fields["safe_time"], _("When is it safe to contact the reporter?"))
    where = _reworded(
        SignalForm.base_fields["where"],
        SignalForm.base_fields["where"].label,
        help_text=format_lazy(
            "{} {}",
            _("For example Rotterdam, Den Haag or 3011."),
            _("Not known? Then tick “The town is not known”."),
        ),
        error_messages={
            "required": format_lazy(
                "{} {}", _("Enter a municipality or a postcode."), _("Not known? Then tick “The town is not known”.")
            )
        },
    )
    where_unknown = _reworded(
        SignalForm.base_fields["where_unknown"],
        _("The town is not known"),
        help_text=_("Then describe under “Where exactly?” what is known about the place."),
    )
    contact_given_anonymously = _(
        "Contact details were given but the reporter stays anonymous. Choose “Yes, the reporter may be contacted”, "
        "or empty the contact fields."
    )
    exploitation_forms = DistinctChoicesField(
        label=_("Suspected forms of exploitation"),
        choices=exploitation_form_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, required=False)
    organisation_reference = TypedCharField(
        label=_("Your organisation's own reference (optional)"),
        required=False,
        max_length=100,
        help_text=_("A case number, not a name or a BSN."),
        validators=[validate_reference_is_no_personal_data],
    )
    indicators = DistinctChoicesField(
        label=_("Indicators"), choices=_indicator_choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    # The public form records its page language; here someone says it for the reporter (a caller who
    # speaks Polish), so that the handling organisation writes its messages on the status page in it.
    language = forms.ChoiceField(
        label=_("In which language can we reply to the reporter?"),
        choices=[("", _("not known")), *settings.LANGUAGES],
        required=False,
        help_text=_("Messages to the reporter appear on the status page, also when the reporter stays anonymous."),
    )

    def __init__(self, *args: Any, may_choose_channel: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_choose_channel:
            del self.fields["channel"]
            return
        # An intake officer types up a call, an e-mail or a visit: with a default, a forgotten
        # choice recorded a call as a web form by a professional (found by exploratory testing).
        for name, message in (
            ("channel", _("Choose how the signal came in.")),
            ("reporter_type", _("Choose who reports.")),
        ):
            field = self.fields[name]
            field.required, field.initial = True, None
            field.choices = [("", _("Make a choice")), *field.choices]
            field.error_messages = {**field.error_messages, "required": message}

    def to_signal_input(self, persons: list[PersonInput], organisation: Organisation | None) -> SignalInput:
        data = self.to_input(persons)
        d = self.cleaned_data
        data.reporter_type = d.get("reporter_type") or ReporterType.PROFESSIONAL
        data.indicator_ids = list(dict.fromkeys([*data.indicator_ids, *d.get("indicators", [])]))
        data.form_codes = list(d.get("exploitation_forms") or [])
        data.sector = d.get("sector", "")
        data.organisation = organisation
        data.organisation_reference = d.get("organisation_reference", "")
        data.language = d.get("language", "")
        return data

    def stated_language(self) -> str:
        """The reporter's language as the form states it, before it is checked; "" when not known."""
        value = self.data.get(self.add_prefix("language"), "")
        return value if value in dict(settings.LANGUAGES) else ""

    def chosen_channel(self) -> str:
        return self.cleaned_data.get("channel") or Channel.PROFESSIONAL_WEB


class PersonForm(TextLimitsTold, forms.Form):
    """One person in the situation, as the public sees them: no identifying data."""

    age = TypedCharField(
        label=_("Approximate age"), required=False, max_length=40, help_text=_("For example 'about 20'.")
    )
    # "No answer", not the model's "unknown": the same list asks a reporter about themselves.
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[(Gender.UNKNOWN, _("no answer")), *Gender.choices[1:]], required=False
    )
    nationality = TypedCharField(label=_("Nationality or origin"), required=False, max_length=100)
    description = TypedTextField(
        label=_("Description"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do they look like, what do they do?"),
    )

    def clean_age(self) -> str:
        age = self.cleaned_data.get("age", "")
        # A number no one can be: "-5", "200", also with a word ("200 lat", "ok. 150", found by
        # exploratory testing). Words, ranges and years of birth ("geboren 1990") stay free.
        bare = ascii_digits(age).replace(" ", "")
        numbers = re.findall(r"\d+", bare)
        impossible = re.fullmatch(r"-?\d+", bare) and not 0 <= int(bare) <= MAX_AGE_YEARS
        if impossible or (len(numbers) == 1 and MAX_AGE_YEARS < int(numbers[0]) < 1000):
            raise forms.ValidationError(_("Give an age between 0 and 120, or describe it in words."), code="age_range")
        # Stored with ASCII digits: the case workers who read "٢٥" or "２５" read 25.
        return ascii_digits(age)

    def __init__(self, *args: Any, role: str = PersonRole.OTHER, number: int = 1, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", role if number == 1 else f"{role}-{number}")
        super().__init__(*args, **kwargs)
        self.role = role
        # The second and later person of a role, added on the professional form ("victim-2").
        self.number = number
        # The reporter, after "It is about me". Not in a `validation_only` form: its instances share
        # their field objects, which must never change (nor would anyone read the labels).
        if role == PersonRole.VICTIM and not isinstance(self.base_fields, _FieldsSharedOnCopy):
            self.fields["age"].label = AboutWhom(self.fields["age"].label, _("Your age"))
            self.fields["nationality"].label = AboutWhom(
                self.fields["nationality"].label, _("Your nationality or origin")
            )
            self.fields["description"].help_text = AboutWhom(
                self.fields["description"].help_text,
                _("Anything about yourself that helps, for example what work you do."),
            )

    @property
    def role_label(self) -> str:
        return str(PersonRole(self.role).label)

    @property
    def legend(self) -> AboutWhom | str:
        """The heading of the person block; the possible victim is the reporter after "It is about me"."""
        label = capfirst(self.role_label)
        if self.number > 1:
            return f"{label} {self.number}"
        return AboutWhom(label, _("You (possible victim)")) if self.role == PersonRole.VICTIM else label

    def is_filled(self) -> bool:
        return self.is_bound and self.has_changed()

    def to_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(
            role=self.role, age=d["age"], gender=d["gender"], nationality=d["nationality"], description=d["description"]
        )


class ConsentField(forms.NullBooleanField):
    """Yes, no, or not asked or not known (None)."""

    def to_python(self, value: Any) -> bool | None:
        # "on": the tick box this field was, sent from a page opened before it changed.
        return True if value == "on" else super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        # A block added to a sent form has no answer in the data: it starts on "not asked", as a new form does.
        return {None: "unknown", True: "true", False: "false", "on": "true"}.get(value, value)


class ProfessionalPersonForm(PersonForm):
    """A person with identifying data, stored apart in PersonIdentity."""

    # Three answers: an empty tick box was stored as "no", a refusal nobody had asked for.
    consent = ConsentField(
        label=_("Does this person agree to being reported?"),
        required=False,
        initial="unknown",
        widget=forms.RadioSelect(
            choices=[("unknown", _("not asked or not known")), ("true", _("yes")), ("false", _("no"))]
        ),
    )
    name = TypedCharField(label=_("Name"), required=False, max_length=200)
    birth_date = BirthDateField(
        label=_("Date of birth"), required=False, help_text=_("For example 14-03-1998 or 14 March 1998.")
    )
    # A victim's "0722 123 456" from Romania, read as Dutch, is a landline in Alkmaar.
    phone = PhoneNumberField(label=_("Phone number"), required=False, ask_home_country=True, max_length=40)
    address = TypedCharField(label=_("Address"), required=False, max_length=300)
    bsn = BSNField(label=_("BSN"), required=False, max_length=20)
    health = TypedTextField(
        label=_("Health and care needs"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Injuries, pregnancy, medication, mental health: only what the follow-up needs."),
    )
    criminal_law = TypedTextField(
        label=_("Criminal-law data"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Known suspicions, convictions or police contacts. Only the owners' case workers see it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            validate_age_fits_birth_date(data.get("age") or "", data.get("birth_date"))
        except forms.ValidationError as error:
            self.add_error("age", error)
        return data

    @property
    def asks_consent(self) -> bool:
        """Whether the form asks if this person agrees to being reported: not a possible perpetrator."""
        return self.role != PersonRole.PERPETRATOR

    def to_input(self) -> PersonInput:
        person = super().to_input()
        d = self.cleaned_data
        # None when not asked or not known; an API body may say it for any role.
        person.consent = d["consent"]
        person.identity = IdentityInput(
            name=d["name"],
            birth_date=d["birth_date"],
            phone=d["phone"] or "",
            address=d["address"],
            bsn=d["bsn"] or "",
            health=d["health"],
            criminal_law=d["criminal_law"],
            normalised=True,
        )
        return person


class _FieldsSharedOnCopy(dict):
    """`base_fields` that a form instance shares instead of deep-copying (see `validation_only`)."""

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


# Per shared field object of a `validation_only` form: what it cleans to when its value is
# omitted from the data, or _UNKNOWN while that has not been worked out (or gave an error).
_omitted_values: weakref.WeakKeyDictionary[forms.Field, Any] = weakref.WeakKeyDictionary()
_UNKNOWN = object()
# Values that cannot be changed in place, so each form may have the one worked out before.
_IMMUTABLE = frozenset({str, bool, int, type(None)})


def _cleaned_when_omitted(field: forms.Field, data: Any, files: Any, key: str) -> Any:
    """What `field` cleans to when the data hold no value for it, worked out once per field.

    The API posts a handful of the forms' forty fields; cleaning the empty value of every other
    one again on each request was half of validating. A field that refuses an omitted value
    (a required one) is cleaned each time, so its error is raised as before.
    """
    known = _omitted_values.get(field, _UNKNOWN)
    if known is _UNKNOWN:
        known = field.clean(field.widget.value_from_datadict(data, files, key))
        _omitted_values[field] = known
    return known if type(known) in _IMMUTABLE else copy.copy(known)


@functools.cache
def _clean_hooks(form_class: type) -> frozenset[str]:
    """The field names for which `form_class` has a `clean_<name>` method."""
    return frozenset(name.removeprefix("clean_") for name in dir(form_class) if name.startswith("clean_"))


class _CleanWithoutBoundFields:
    """Django's `_clean_fields` (forms/forms.py, 5.2) without building a BoundField per field.

    A BoundField evaluates its field's translated help text when it is made; for a form that
    is only validated, that was a fifth of the API's CPU time. Same order, same `clean_<name>`
    hooks, same errors. A field whose widget says its value was omitted gets the value it
    cleaned to the first time it was omitted (`_cleaned_when_omitted`). The `clean_<name>`
    hooks are looked up on the form's class, once (`_clean_hooks`), not per field and request.
    """

    def _clean_fields(self) -> None:
        hooks = _clean_hooks(type(self))
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            try:
                if field.widget.value_omitted_from_data(self.data, self.files, key):
                    self.cleaned_data[name] = _cleaned_when_omitted(field, self.data, self.files, key)
                else:
                    self.cleaned_data[name] = field.clean(field.widget.value_from_datadict(self.data, self.files, key))
                if name in hooks:
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except forms.ValidationError as error:
                self.add_error(name, error)


def validation_only(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """A subclass of `form_class` for validating data that no one sees as a form (the API).

    Django deep-copies every field and widget for each form instance, so that a view may change
    them before rendering, and builds a BoundField per field while cleaning; for a form that is
    only validated, those were most of the cost of validation. Instances share the class's field
    objects (each still has its own field dict, so removing a field is fine) and must never
    change a field or be rendered.
    """
    if any(f.disabled or isinstance(f, forms.FileField) for f in form_class.base_fields.values()):
        raise TypeError("validation_only does not handle disabled fields or file fields")
    subclass = type(
        f"{form_class.__name__}ForValidation",
        (_CleanWithoutBoundFields, form_class),
        {"__module__": form_class.__module__},
    )
    subclass.base_fields = _FieldsSharedOnCopy(subclass.base_fields)
    return subclass


# Person blocks a form holds at most, the three fixed ones included.
MAX_PERSON_BLOCKS = 30
_ADDED_BLOCK = re.compile(rf"({'|'.join(PERSON_PREFIXES)})-([2-9]|[1-9]\d)")


def added_person_blocks(data: Any) -> list[tuple[str, int]]:
    """The person blocks added with "Add a person" on the professional form, as (role, number),
    from its hidden `person_blocks` field ("victim-2 other-2"); anything else in it is ignored."""
    found = {
        (match.group(1), int(match.group(2)))
        for token in str((data or {}).get("person_blocks", ""))[:1_000].split()
        if (match := _ADDED_BLOCK.fullmatch(token))
    }
    return sorted(found)[: MAX_PERSON_BLOCKS - len(PERSON_PREFIXES)]


def with_added_person_block(blocks: list[tuple[str, int]], role: str) -> list[tuple[str, int]]:
    """`blocks` and one more for `role`, numbered after its last; as they are when full."""
    if role not in PERSON_PREFIXES or len(blocks) + len(PERSON_PREFIXES) >= MAX_PERSON_BLOCKS:
        return blocks
    number = max((n for r, n in blocks if r == role), default=1) + 1
    return sorted([*blocks, (role, number)])


def person_forms(
    form_class: type[PersonForm], data: Any = None, added: list[tuple[str, int]] | None = None
) -> list[PersonForm]:
    """The person blocks of the web forms: a possible victim, a possible perpetrator and another
    person, each followed by the blocks of its role that were `added`."""
    blocks = sorted(
        [(role, 1) for role in PERSON_PREFIXES] + list(added or []), key=lambda b: (PERSON_PREFIXES.index(b[0]), b[1])
    )
    return [form_class(data, role=role, number=number) for role, number in blocks]


def persons_are_valid(persons: list[PersonForm]) -> bool:
    """Every person block is valid, and no BSN is given for two of them (`repeated_bsns`)."""
    valid = all([person.is_valid() for person in persons])  # each block checked, to show its messages
    bsns = [getattr(person, "cleaned_data", {}).get("bsn") for person in persons]
    for later, first in repeated_bsns(bsns).items():
        persons[later].add_error(
            "bsn", forms.ValidationError(same_bsn_message(str(persons[first].legend)), code="same_bsn")
        )
        valid = False
    return valid


def repeated_bsns(bsns: list[str | None]) -> dict[int, int]:
    """Per position whose BSN an earlier one has, that earlier position.

    A BSN is one person's: the same number for the victim and the perpetrator is a typing mistake,
    stored without a word until now (found by exploratory testing). The later one says so.
    """
    first_at: dict[str, int] = {}
    repeated: dict[int, int] = {}
    for position, bsn in enumerate(bsns):
        if not bsn:
            continue
        if bsn in first_at:
            repeated[position] = first_at[bsn]
        else:
            first_at[bsn] = position
    return repeated


def same_bsn_message(person: str) -> str:
    return _("This BSN is also given for %(person)s. A BSN belongs to one person: check both.") % {"person": person}


# Codes, not words or a password: no spelling help, no capital letters to correct, and nothing a
# browser offers to save, where the next person on a shared phone would find it.
_CODE_INPUT = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class ReportedSearchForm(forms.Form):
    code_or_reference = forms.CharField(
        label=_("Receipt code or your own reference"),
        max_length=100,
        help_text=_("For example MH-7K3P-Q9XD, or the reference your organisation gave the signal."),
        widget=forms.TextInput(attrs=_CODE_INPUT),
        error_messages={"required": _("Type a receipt code or your own reference.")},
    )


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        # Room for a code typed with a space between every character ("M H - 8 9 K D - K H M P"),
        # which the field's maxlength cut short without a word (found by exploratory testing).
        max_length=40,
        help_text=_("For example MH-7K3P-Q9XD."),
        widget=forms.TextInput(attrs=_CODE_INPUT),
        error_messages={
            "required": format_lazy(
                "{} {}",
                _("Enter the receipt code you received when you sent your report."),
                _("For example MH-7K3P-Q9XD."),
            )
        },
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=60,
        widget=forms.TextInput(attrs=_CODE_INPUT),
        help_text=_("The secret you wrote down when you sent the report."),
        error_messages={"required": _("Enter the secret you received with the receipt code.")},
    )


class ApiTokenForm(forms.Form):
    name = TypedCharField(
        label=_("Name of the link"),
        max_length=100,
        help_text=_("The system that will use it, so that you recognise it later. For example: case system."),
        error_messages={"required": _("Give the link a name.")},
    )
    # Used once: the same POST sent again (Reload, Back) creates no second token (`api_token_views`).
    once = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = uuid.uuid4().hex
