"""Casework fixtures: the demo partner map, accounts and routing rules, and a way to file a signal."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from samen.accounts.models import User
from samen.casework import pipeline, services
from samen.casework.models import SignalTrack
from samen.casework.workflow import Event
from samen.geo.models import Municipality
from samen.intake.models import Channel, PersonRole, ReporterType, Signal
from samen.intake.services import IdentityInput, PersonInput, SignalInput, fingerprint_of, signal_submit
from samen.partners.models import Organisation
from samen.routing import engine
from samen.routing.models import Track


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    """Demo organisations, accounts and routing rules (Rotterdam: care coordinator RE07 + police RE07)."""
    from samen.demo.accounts_data import seed_accounts
    from samen.demo.partners_data import seed_partners
    from samen.routing.demo_rules import seed_routing_rules

    seed_partners()
    seed_accounts()
    with django_capture_on_commit_callbacks(execute=True):
        seed_routing_rules()
    engine.invalidate()
    yield
    engine.invalidate()


def file_signal(
    *,
    place: str | None = "Rotterdam",
    age: str = "25",
    forms: tuple[str, ...] = (),
    organisation: Organisation | None = None,
    name: str = "Anna Nowak",
    persons: list[PersonInput] | None = None,
    where_exactly: str = "",
    **more: Any,
) -> tuple[Signal, str]:
    """A signal through intake's own service; returns the signal and the reporter's secret.

    `place` names the municipality (None: the reporter did not know it); `where_exactly` is the
    signal's place as typed.
    `more` are further fields of `SignalInput` (contact, answers, when, ...)."""
    key = f"test:{uuid.uuid4()}"
    data = SignalInput(
        what=f"{name} werkt zeven dagen per week in een nagelsalon en slaapt daar ook.",
        municipality=Municipality.objects.get(name=place) if place else None,
        reporter_type=ReporterType.PROFESSIONAL if organisation else ReporterType.WITNESS,
        persons=persons
        or [
            PersonInput(
                role=PersonRole.VICTIM, age=age, gender="female", nationality="Pools", identity=IdentityInput(name=name)
            ),
            PersonInput(role=PersonRole.PERPETRATOR, description="Eigenaar van de salon."),
        ],
        form_codes=list(forms),
        organisation=organisation,
        place=where_exactly,
        **more,
    )
    channel = Channel.PROFESSIONAL_WEB if organisation else Channel.PUBLIC_WEB
    result = signal_submit(data=data, channel=channel, actor=None, idempotency_key=key, fingerprint=fingerprint_of(key))
    return result.signal, result.secret or ""


def user(username: str) -> User:
    return User.objects.get(username=username)


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def offer_to_zorg(signal: Signal, reason: str = "Verhuisd") -> SignalTrack:
    """The coordinator asks zorg's organisation (Midden-Nederland) to take the victim track over;
    returns that track."""
    victim = signal.tracks.get(kind=Track.VICTIM)
    services.track_transition(
        track=victim,
        event=Event.TRANSFER,
        actor=user("coordinator"),
        reason=reason,
        transfer_to=org("zorgcoordinatie-re03"),
    )
    return victim


@pytest.fixture
def signal(world) -> Signal:
    """Rotterdam, adult victim, reported by CoMensha: care coordinator RE07 and police RE07 own it."""
    filed, _secret = file_signal(place="Rotterdam", organisation=org("comensha"))
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=filed.pk)
