"""Signals as they come in: what was noticed, where, who is involved, and who reported it.

Identifying data of a person lives in `PersonIdentity`, a table of its own, so that the
privacy app can encrypt it and restrict who reads it. No IP address is ever stored.
Writes go through `services.signal_submit`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Municipality
from samen.partners.models import ExploitationForm, Organisation
from samen.vault.fields import BlindIndexField, VaultField

# Identities are sealed under the key of the organisation that reported the signal.
_SIGNAL_ORG = "person.signal.organisation_id"


class Channel(models.TextChoices):
    PUBLIC_WEB = "public_web", _("public web form")
    PROFESSIONAL_WEB = "professional_web", _("professional web form")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    WALK_IN = "walk_in", _("walk-in")
    API = "api", _("partner system (API)")


# The channels an intake officer may choose when entering a signal on behalf of a reporter.
OFFICER_CHANNELS = (Channel.PROFESSIONAL_WEB, Channel.PHONE, Channel.EMAIL, Channel.WALK_IN)


class ReporterType(models.TextChoices):
    # The public form's question may be skipped: then it is not known, not "a witness".
    UNKNOWN = "", _("unknown")
    SELF = "self", _("It is about me")
    WITNESS = "witness", _("I saw or heard something")
    RELATIVE = "relative", _("It is about someone I know")
    PROFESSIONAL = "professional", _("Professional")


# Who reported, in the third person: the choices above speak as the reporter does ("It is about
# me"), which reads wrongly on a professional's form and on the signal page.
REPORTER_DESCRIBED = {
    ReporterType.PROFESSIONAL: _("A professional"),
    ReporterType.SELF: _("The person it is about"),
    ReporterType.WITNESS: _("Someone who saw or heard something"),
    ReporterType.RELATIVE: _("Someone who knows the person it is about"),
}


class PublicStatus(models.TextChoices):
    """The coarse status a reporter sees; never the details of the handling."""

    RECEIVED = "received", _("Received")
    BEING_HANDLED = "being_handled", _("Being handled")
    HANDLED = "handled", _("Handled")


class Sector(models.TextChoices):
    UNKNOWN = "", _("unknown")
    AGRICULTURE = "agriculture", _("agriculture and horticulture")
    CONSTRUCTION = "construction", _("construction")
    HOSPITALITY = "hospitality", _("hospitality")
    CLEANING = "cleaning", _("cleaning")
    LOGISTICS = "logistics", _("transport and logistics")
    MEAT = "meat", _("meat processing")
    BEAUTY = "beauty", _("beauty and nail salons")
    DOMESTIC = "domestic", _("domestic work")
    SEX_WORK = "sex_work", _("sex work")
    CARE = "care", _("care")
    RETAIL = "retail", _("retail")
    ONLINE = "online", _("online")
    CRIME = "crime", _("criminal activities")
    OTHER = "other", _("other")


class Signal(models.Model):
    receipt_code = models.CharField(_("receipt code"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=200, help_text="Hash of the reporter's status secret.")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reporter_type = models.CharField(_("reporter"), max_length=20, choices=ReporterType.choices, blank=True)
    what = models.TextField(_("what was noticed"))
    # Empty when the reporter does not know where it happens (held in a house, driven to work):
    # routing then gives the signal to the national fallback, whose owner sets it once known.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    # Up to 300 typed under "Where exactly?", after an unknown place's name as typed (`forms`).
    place = models.CharField(_("place or address"), max_length=400, blank=True)
    when = models.CharField(_("when"), max_length=200, blank=True)
    acute_danger = models.BooleanField(_("acute danger"), default=False)
    forms = models.ManyToManyField(
        ExploitationForm, verbose_name=_("suspected forms of exploitation"), blank=True, related_name="signals"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_signals",
    )
    organisation_reference = models.CharField(_("reference of the organisation"), max_length=100, blank=True)
    # The language the reporter can be written to in: the public form's page language when it was
    # sent, or what a professional chose for the reporter; empty when not known. The handling
    # organisation writes its messages for the status page in it. Not identifying on its own: it
    # belongs to the signal's summary (`DataCategory.SUMMARY`), with the channel and the sector.
    language = models.CharField(_("language of the reporter"), max_length=10, choices=settings.LANGUAGES, blank=True)
    # Only for professionals; an anonymous reporter is never linked to a user.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_status = models.CharField(
        _("status"), max_length=20, choices=PublicStatus.choices, default=PublicStatus.RECEIVED
    )
    # What was noticed, the place and the persons' descriptions, de-identified, each as
    # [label, text]: the label ("" for what was noticed, "place" or a `PersonRole`) is shown in
    # the reader's language (`deidentified_description`).
    deidentified_parts = models.JSONField(_("de-identified description in parts"), default=list, blank=True)
    # The same in one text with its labels in Dutch, for the record; what older signals have.
    deidentified_text = models.TextField(_("de-identified description"), blank=True)
    # The short free texts, each a copy of its own (de-identified in one pass with the description,
    # `services.signal_deidentify`): shown wherever `when` would be to whoever may not read the
    # original text. Filled with `deidentified_parts`, at `deidentified_at`.
    deidentified_when = models.TextField(_("when, de-identified"), blank=True)
    deidentified_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.receipt_code

    @property
    def free_text_removed(self) -> bool:
        """Whether retention removed the free texts (`retention.services`): every intake route
        requires what was noticed, so it is empty for no other reason."""
        return not self.what

    @property
    def deidentified_description(self) -> str:
        """The de-identified copy of the free texts with its labels in the active language."""
        return described(self.deidentified_parts) if self.deidentified_parts else self.deidentified_text


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("possible victim")
    PERPETRATOR = "perpetrator", _("possible perpetrator")
    OTHER = "other", _("other person")


class Gender(models.TextChoices):
    UNKNOWN = "", _("unknown")
    FEMALE = "female", _("woman or girl")
    MALE = "male", _("man or boy")
    OTHER = "other", _("other")


class SignalPerson(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    age = models.CharField(_("approximate age"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    nationality = models.CharField(_("nationality or origin"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Age and nationality are free text too ("about 20, called Ana"), so whoever may not read the
    # original text reads these copies; the description is in the signal's `deidentified_parts`.
    deidentified_age = models.TextField(_("approximate age, de-identified"), blank=True)
    deidentified_nationality = models.TextField(_("nationality or origin, de-identified"), blank=True)
    consent = models.BooleanField(_("consents to being reported"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["signal", "position"]
        verbose_name = _("person in a signal")
        verbose_name_plural = _("persons in a signal")

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.signal_id})"


class PersonIdentity(models.Model):
    """Identifying data of one person; kept apart so it can be encrypted and access-checked."""

    person = models.OneToOneField(SignalPerson, on_delete=models.CASCADE, related_name="identity")
    # Encrypted at rest under the key of the reporting organisation (samen.vault); the uuid is
    # part of each value's associated data, so a value cannot be moved to another row.
    vault_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = VaultField(_("name"), blank=True, scope_from=_SIGNAL_ORG)
    birth_date = VaultField(_("date of birth"), kind="date", null=True, blank=True, scope_from=_SIGNAL_ORG)
    phone = VaultField(_("phone number"), blank=True, scope_from=_SIGNAL_ORG)
    address = VaultField(_("address"), blank=True, scope_from=_SIGNAL_ORG)
    bsn = VaultField(_("BSN"), blank=True, scope_from=_SIGNAL_ORG)
    # Special categories (AVG art. 9) and criminal-law data (AVG art. 10): sealed like the identity,
    # and shown only where the access policy allows those categories.
    health = VaultField(_("health and care needs"), blank=True, scope_from=_SIGNAL_ORG)
    criminal_law = VaultField(_("criminal-law data"), blank=True, scope_from=_SIGNAL_ORG)
    # Names this person was recorded under before a correction, one per line: the de-identified
    # copies must keep removing them (the free text may still say "Nowak" after "Nowakowska").
    former_names = VaultField(_("former names"), blank=True, scope_from=_SIGNAL_ORG)
    bsn_index = BlindIndexField(source="bsn", kind="bsn")
    phone_index = BlindIndexField(source="phone", kind="phone")

    class Meta:
        verbose_name = _("identity of a person")
        verbose_name_plural = _("identities of persons")

    def __str__(self) -> str:
        return f"identity of person {self.person_id}"


class SignalIndicator(models.Model):
    # No index of its own: the unique constraint's index starts with the signal and serves its
    # lookups; a second one cost every intake an index entry per indicator.
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="indicators", db_index=False)
    indicator_id = models.CharField(_("indicator"), max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signal", "indicator_id"], name="intake_indicator_once_per_signal")
        ]
        verbose_name = _("indicator of a signal")
        verbose_name_plural = _("indicators of a signal")

    def __str__(self) -> str:
        return self.indicator_id


class SignalAnswer(models.Model):
    """A situation question of the public form answered "yes"."""

    # No index of its own, as for SignalIndicator: the unique constraint's starts with the signal.
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question_key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signal", "question_key"], name="intake_answer_once")]

    def __str__(self) -> str:
        return self.question_key


class ReporterContact(models.Model):
    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="reporter_contact")
    vault_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = VaultField(_("name"), blank=True, scope_from="signal.organisation_id")
    phone = VaultField(_("phone number"), blank=True, scope_from="signal.organisation_id")
    email = VaultField(_("e-mail address"), blank=True, scope_from="signal.organisation_id")
    safe_way = VaultField(_("safest way to reach you"), blank=True, scope_from="signal.organisation_id")
    safe_time = VaultField(_("safest time to reach you"), blank=True, scope_from="signal.organisation_id")
    phone_index = BlindIndexField(source="phone", kind="phone")

    def __str__(self) -> str:
        return f"contact for {self.signal_id}"


class ReporterMessage(models.Model):
    """A message from the handling organisation to the reporter, shown on the status page."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="reporter_messages")
    text = models.TextField(_("message"))
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"message for {self.signal_id}"


class ApiToken(models.Model):
    """A bearer token of a partner system; only the SHA-256 of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who made or revoked it on the "API-koppelingen" page; empty for the operator's command and the demo.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.organisation} / {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IntakeOutbox(models.Model):
    """One row per stored signal, written in the same transaction: the hand-over to casework.

    Casework drains unprocessed rows (`casework.pipeline.drain_intake_outbox`); a row that is
    written is never lost, even when the task queue is down at the moment of intake.
    """

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"outbox {self.signal_id}"


def described(parts: list[list[str]]) -> str:
    """Labelled parts (`Signal.deidentified_parts`) as one text, the labels in the active language:
    "…\n\nPlace: …\n\nPossible perpetrator: …"."""
    labels = {"place": _("Place"), **dict(PersonRole.choices)}
    return "\n\n".join(
        f"{capfirst(labels.get(label, label))}: {text}" if label else text for label, text in parts if text
    )
