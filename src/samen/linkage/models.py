"""What the platform stores for linkage: encodings and possible-link notices.

An encoding row holds the keyed Bloom-filter encoding of one person in one signal and its keyed
blocking tokens, as bytes made by `samen.linkage.encoding.PersonEncoding.to_bytes` (about 1.1 kB),
with the schema version and the key version and fingerprint it was made under, and the keyed
phone tokens. No key and no plaintext
identifier is ever stored here (see the threat model in `samen.linkage`).

A possible link is a notice to the two owning organisations: which of their signals, which other
organisation, a score band and whether a phone token matched. It never holds or shows who the
person is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.intake.models import SignalPerson
from samen.partners.models import Organisation

PHONE_TOKEN_BYTES = 32


def tokens_from_bytes(raw: bytes | memoryview | None) -> list[str]:
    """Stored phone tokens (32 bytes each, concatenated) as the hex strings `phone_token` makes."""
    data = bytes(raw or b"")
    return [data[i : i + PHONE_TOKEN_BYTES].hex() for i in range(0, len(data), PHONE_TOKEN_BYTES)]


class PersonEncoding(models.Model):
    """The linkage encoding of one person of a signal, made for its owning organisation."""

    person = models.ForeignKey(SignalPerson, on_delete=models.CASCADE, related_name="linkage_encodings")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="linkage_encodings")
    schema_version = models.PositiveIntegerField()
    key_version = models.PositiveIntegerField()
    key_fingerprint = models.CharField(max_length=16, help_text="Hex of the key's fingerprint; not the key.")
    encoding = models.BinaryField()
    phone_tokens = models.BinaryField(blank=True, default=b"")
    # False when the person had no name, date of birth or phone number: stored so the person is
    # not looked at again under this key, and never compared.
    usable = models.BooleanField(default=True)
    # Whether a date of birth went into the encoding: names alone are too common to bother two
    # organisations with (see services.is_corroborated). Says nothing about the person.
    has_birth_date = models.BooleanField(default=False)
    matched_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the person was corrected after a possible link on this encoding was answered: kept,
    # never compared again, so the link keeps both organisations' answers; the person gets a new
    # encoding (`services.person_forget`).
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("linkage encoding")
        verbose_name_plural = _("linkage encodings")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "schema_version", "key_fingerprint"],
                condition=models.Q(superseded_at__isnull=True),
                name="linkage_encoding_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["key_fingerprint", "schema_version", "id"], name="linkage_encoding_index")]

    def __str__(self) -> str:
        return f"encoding {self.pk} (person {self.person_id})"

    def token_list(self) -> list[str]:
        """The phone tokens as hex strings, as `samen.linkage.phone_tokens.phone_token` makes them."""
        return tokens_from_bytes(self.phone_tokens)


class Band(models.TextChoices):
    """How sure the match is, in words; the raw score is not shown."""

    VERY_HIGH = "very_high", _("very high")
    HIGH = "high", _("high")


class Side(models.TextChoices):
    A = "a", "A"
    B = "b", "B"


class SideStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class Outcome(models.TextChoices):
    """What became of the notice once both sides answered (or one rejected)."""

    PENDING = "", _("waiting for both organisations")
    CASE = "case", _("grouped into one case")
    AGENDA = "agenda", _("put on the agenda of the signaaltafel")
    NO_TABLE = "no_table", _("confirmed, but no shared agreement or signaaltafel")
    REJECTED = "rejected", _("rejected")


class PossibleLink(models.Model):
    """A notice to two organisations: their signals may concern the same person."""

    encoding_a = models.ForeignKey(PersonEncoding, on_delete=models.CASCADE, related_name="+")
    encoding_b = models.ForeignKey(PersonEncoding, on_delete=models.CASCADE, related_name="+")
    organisation_a = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    organisation_b = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    band = models.CharField(_("likelihood"), max_length=12, choices=Band.choices)
    phone_match = models.BooleanField(_("same phone number"), default=False)
    status_a = models.CharField(max_length=10, choices=SideStatus.choices, default=SideStatus.OPEN)
    status_b = models.CharField(max_length=10, choices=SideStatus.choices, default=SideStatus.OPEN)
    # Each side's reason is shown to that side only: free text may name someone.
    reason_a = models.TextField(blank=True)
    reason_b = models.TextField(blank=True)
    decided_by_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at_a = models.DateTimeField(null=True, blank=True)
    decided_at_b = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True, default="")
    case_id = models.IntegerField(null=True, blank=True, help_text="The casework case made from the link.")
    table_id = models.IntegerField(null=True, blank=True, help_text="The signaaltafel the link was put before.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("possible link")
        verbose_name_plural = _("possible links")
        constraints = [
            models.UniqueConstraint(fields=["encoding_a", "encoding_b"], name="linkage_link_once_per_pair"),
            models.CheckConstraint(
                condition=models.Q(encoding_a__lt=models.F("encoding_b")), name="linkage_link_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation_a", "status_a"], name="linkage_link_org_a"),
            models.Index(fields=["organisation_b", "status_b"], name="linkage_link_org_b"),
        ]

    def __str__(self) -> str:
        return f"possible link {self.pk}"

    def side_of(self, organisation_id: int | None) -> str | None:
        """ "a" or "b" for one of the two organisations, None for any other."""
        if organisation_id is None:
            return None
        if organisation_id == self.organisation_a_id:
            return Side.A
        if organisation_id == self.organisation_b_id:
            return Side.B
        return None

    def status_of(self, side: str) -> str:
        return self.status_a if side == Side.A else self.status_b

    def other_organisation(self, side: str) -> Organisation:
        return self.organisation_b if side == Side.A else self.organisation_a

    def own_encoding(self, side: str) -> PersonEncoding:
        return self.encoding_a if side == Side.A else self.encoding_b

    @property
    def is_open(self) -> bool:
        return not self.outcome
