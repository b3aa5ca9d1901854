"""A small world for access tests: one persona organisation and a signal per object scope.

Scopes, seen from the persona's organisation `P`:
- own: a track of the signal is owned by `P`;
- shared: owned by `A`, with an agreement in force between `A` and `P` covering the area;
- expired / revoked: owned by `B` / `C`, with an agreement that expired / was revoked;
- other: owned by `D`, no agreement;
- reported: `P` reported the signal, `D` owns it (status only);
- unknown: an id no signal has.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from samen.accounts.models import Role
from samen.casework.models import SignalTrack
from samen.geo.models import Municipality
from samen.intake.models import Signal
from samen.partners.models import OrganisationType
from samen.privacy.models import AvgBasis, DataCategory, Purpose, SectorBasis, SharingAgreement
from samen.testing.factories import OrganisationFactory, UserFactory

SCOPES = ("own", "shared", "expired", "revoked", "other", "reported", "unknown")
ROLES = tuple(Role.values)
UNKNOWN_ID = 987_654_321
_counter = itertools.count(1)


def make_signal(*, municipality, owner=None, reporter=None, assignee=None) -> Signal:
    n = next(_counter)
    signal = Signal.objects.create(
        receipt_code=f"TST-{n:06d}",
        secret_hash="x",
        channel="professional_web",
        reporter_type="professional",
        what=f"Testsignaal {n}",
        municipality=municipality,
        organisation=reporter,
        idempotency_key=f"privacy-test-{n}-{timezone.now().timestamp()}",
        fingerprint="f" * 64,
        deidentified_text="[persoon] werkt lange dagen.",
    )
    if owner is not None:
        SignalTrack.objects.create(signal=signal, kind="victim", owner=owner, assignee=assignee)
    return signal


def make_agreement(*, parties, regions=(), purposes=None, categories=None, valid_from=None, valid_until=None,
                   revoked=False, name="Convenant test") -> SharingAgreement:
    today = timezone.localdate()
    agreement = SharingAgreement.objects.create(
        name=name,
        purposes=list(purposes if purposes is not None else Purpose.values),
        categories=list(categories if categories is not None else DataCategory.values),
        avg_basis=AvgBasis.PUBLIC_TASK,
        sector_basis=SectorBasis.WPG_20,
        valid_from=valid_from or today - dt.timedelta(days=365),
        valid_until=valid_until,
        revoked_at=timezone.now() if revoked else None,
    )
    agreement.parties.set(parties)
    agreement.regions.set(regions)
    return agreement


@dataclass
class World:
    persona_org: object
    orgs: dict
    signals: dict
    agreements: dict
    users: dict = field(default_factory=dict)

    def signal_id(self, scope: str) -> int:
        return UNKNOWN_ID if scope == "unknown" else self.signals[scope].pk


def build_world() -> World:
    utrecht = Municipality.objects.get(code="GM0344")
    region = utrecht.police_unit
    p = OrganisationFactory(name="Persona-organisatie", slug="persona", type=OrganisationType.MUNICIPALITY)
    orgs = {"P": p}
    for key in "ABCD":
        orgs[key] = OrganisationFactory(name=f"Organisatie {key}", slug=f"org-{key.lower()}",
                                        type=OrganisationType.CARE_COORDINATOR)
    today = timezone.localdate()
    agreements = {
        "shared": make_agreement(parties=[orgs["A"], p], regions=[region], name="Actief convenant"),
        "expired": make_agreement(parties=[orgs["B"], p], valid_until=today - dt.timedelta(days=1),
                                  name="Verlopen convenant"),
        "revoked": make_agreement(parties=[orgs["C"], p], revoked=True, name="Ingetrokken convenant"),
    }
    signals = {
        "own": make_signal(municipality=utrecht, owner=p),
        "shared": make_signal(municipality=utrecht, owner=orgs["A"]),
        "expired": make_signal(municipality=utrecht, owner=orgs["B"]),
        "revoked": make_signal(municipality=utrecht, owner=orgs["C"]),
        "other": make_signal(municipality=utrecht, owner=orgs["D"]),
        "reported": make_signal(municipality=utrecht, owner=orgs["D"], reporter=p),
    }
    world = World(persona_org=p, orgs=orgs, signals=signals, agreements=agreements)
    for role in ROLES:
        world.users[role] = UserFactory(username=f"persona-{role}", organisation=p, roles=[role])
    return world
