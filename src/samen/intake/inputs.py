"""What a signal submission carries once validated, whatever channel it came through.

The forms and the API build a `SignalInput`; `services.signal_submit` stores it and answers with
a `SubmitResult`.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from samen.geo.models import Municipality
from samen.intake.models import PersonRole, ReporterType, Signal
from samen.partners.models import Organisation


class IdempotencyConflict(Exception):
    """The idempotency key was used before for a different payload."""


@dataclass
class IdentityInput:
    name: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    address: str = ""
    bsn: str = ""
    health: str = ""
    criminal_law: str = ""
    # Set by the forms, whose fields normalise the phone number (E.164) and the BSN (nine digits)
    # as the vault's blind index reads them; anything else is normalised when it is stored.
    normalised: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.name or self.birth_date or self.phone or self.address or self.bsn or self.health or self.criminal_law
        )


@dataclass
class PersonInput:
    role: str = PersonRole.OTHER
    age: str = ""
    gender: str = ""
    nationality: str = ""
    description: str = ""
    consent: bool | None = None
    identity: IdentityInput | None = None


@dataclass
class ContactInput:
    name: str = ""
    phone: str = ""
    email: str = ""
    safe_way: str = ""
    safe_time: str = ""
    # As on `IdentityInput`: the phone number is normalised already.
    normalised: bool = False


@dataclass
class SignalInput:
    """Validated data of one signal, whatever channel it came through."""

    what: str
    municipality: Municipality | None  # None: the reporter does not know where
    reporter_type: str = ReporterType.UNKNOWN
    place: str = ""
    when: str = ""
    acute_danger: bool = False
    persons: list[PersonInput] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    indicator_ids: list[str] = field(default_factory=list)
    form_codes: list[str] = field(default_factory=list)
    sector: str = ""
    organisation: Organisation | None = None
    organisation_reference: str = ""
    contact: ContactInput | None = None
    # A code of settings.LANGUAGES, or empty when not known (`Signal.language`).
    language: str = ""


@dataclass(frozen=True)
class SubmitResult:
    """What a submission answers: the stored signal's receipt and status, and whether it is new.

    Intake writes the signal's row without building a model instance (`storage`), so `signal`
    is read from the database on first use; the API and the forms need only the receipt.
    """

    signal_id: int
    receipt: str
    public_status: str
    created: bool
    # The plain secret is in the result of the request that created the signal, and of the same
    # send arriving again within moments (`services._existing`); never stored.
    secret: str | None = None

    @classmethod
    def of(cls, signal: Signal, *, created: bool, secret: str | None = None) -> SubmitResult:
        """The result for a signal that is already loaded (a retry finds the original)."""
        result = cls(signal.pk, signal.receipt_code, signal.public_status, created, secret)
        result.__dict__["signal"] = signal
        return result

    @functools.cached_property
    def signal(self) -> Signal:
        return Signal.objects.get(pk=self.signal_id)
