"""Meetings fixtures: the demo partner world, a table for Rotterdam (police unit RE07), and signals."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samen.casework import pipeline
from samen.casework import services as casework_services
from samen.casework.models import SignalTrack
from samen.casework.tests.conftest import file_signal, org, user, world
from samen.geo.models import Region
from samen.intake.models import Signal
from samen.meetings import services
from samen.meetings.models import AgendaItem, Meeting, SignalTable
from samen.routing.models import Track

RE07_MEMBERS = ["politie-re07", "zorgcoordinatie-re07", "gemeente-gm0599", "riec-re07", "nla"]


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def make_table(code: str = "RE07", members: list[str] | None = None, name: str = "") -> SignalTable:
    return services.table_create(
        name=name or f"Signaaltafel {code}",
        region=Region.objects.get(code=code),
        members=[org(slug) for slug in (members if members is not None else RE07_MEMBERS)],
        chair=org("gemeente-gm0599") if code == "RE07" else None,
        cadence_days=21,
    )


def plan(table: SignalTable, days: int = 7) -> Meeting:
    return services.meeting_plan(table=table, starts_at=timezone.now() + datetime.timedelta(days=days))


def signal_with_tracks(place: str = "Rotterdam", **kwargs) -> tuple[Signal, SignalTrack, SignalTrack]:
    signal, _secret = file_signal(place=place, **kwargs)
    pipeline.drain_intake_outbox()
    found = {t.kind: t for t in SignalTrack.objects.filter(signal=signal).select_related("owner")}
    return signal, found[Track.VICTIM], found[Track.PERPETRATOR]


@pytest.fixture
def table(world):
    return make_table()


@pytest.fixture
def chair():
    """A table member of the municipality of Rotterdam."""
    from samen.accounts.models import Role
    from samen.testing.factories import UserFactory

    return UserFactory(
        username="voorzitter",
        first_name="Vera",
        last_name="Voorzitter",
        organisation=org("gemeente-gm0599"),
        roles=[Role.TABLE_MEMBER],
    )


@pytest.fixture
def agenda(table):
    """A planned meeting with one flagged signal on its agenda."""
    signal, victim, perpetrator = signal_with_tracks(name="Katarzyna Wiśniewska")
    casework_services.track_flag_for_table(track=victim, actor=user("coordinator"), reason="Opvang")
    meeting = plan(table)
    item = AgendaItem.objects.get(meeting=meeting, signal=signal)
    return meeting, item, victim, perpetrator


__all__ = ["agenda", "chair", "make_table", "org", "plan", "signal_with_tracks", "table", "user", "world"]
