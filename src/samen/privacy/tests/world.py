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
from samen.testing.signal_tables import bring_to_table

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


def make_agreement(
    *,
    parties,
    regions=(),
    purposes=None,
    categories=None,
    valid_from=None,
    valid_until=None,
    revoked=False,
    name="Convenant test",
) -> SharingAgreement:
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
    workers: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def signal_id(self, scope: str) -> int:
        return UNKNOWN_ID if scope == "unknown" else self.signals[scope].pk


def build_world() -> World:
    utrecht = Municipality.objects.get(code="GM0344")
    region = utrecht.police_unit
    p = OrganisationFactory(name="Persona-organisatie", slug="persona", type=OrganisationType.MUNICIPALITY)
    orgs = {"P": p}
    for key in "ABCD":
        orgs[key] = OrganisationFactory(
            name=f"Organisatie {key}", slug=f"org-{key.lower()}", type=OrganisationType.CARE_COORDINATOR
        )
    today = timezone.localdate()
    agreements = {
        "shared": make_agreement(parties=[orgs["A"], p], regions=[region], name="Actief convenant"),
        "expired": make_agreement(
            parties=[orgs["B"], p], valid_until=today - dt.timedelta(days=1), name="Verlopen convenant"
        ),
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


# Object scopes for pages about something other than a signal: the object belongs to (or is about
# a signal owned by) the organisation of the scope; "unknown" is an id or slug nothing has.
OBJECT_SCOPES = ("own", "shared", "expired", "revoked", "other", "unknown")
SCOPE_ORG = {"own": "P", "shared": "A", "expired": "B", "revoked": "C", "other": "D"}
UNKNOWN_SLUG = "onbekende-tafel"


def add_objects(world: World) -> None:
    """Give every object page of casework, meetings, linkage and the vault an object per scope.

    Made through the apps' own services where they exist: `world.objects[kind][scope]` holds the
    URL keyword arguments of that object, e.g. `{"pk": 12}` or `{"table": "tafel-own", "meeting": 3}`.
    """
    from samen.casework import services as casework_services
    from samen.intake.models import PersonRole, SignalPerson
    from samen.linkage.models import Band, PossibleLink
    from samen.meetings import services as meetings_services
    from samen.routing.models import RoutingRule

    unknown = {
        "pk": UNKNOWN_ID,
        "table": UNKNOWN_SLUG,
        "meeting": UNKNOWN_ID,
        "item": UNKNOWN_ID,
        "person_id": UNKNOWN_ID,
        "signal_pk": UNKNOWN_ID,
    }
    objects: dict[str, dict[str, dict]] = {
        kind: {"unknown": unknown} for kind in ("action", "case", "routing_rule", "table", "person", "link")
    }
    region = world.signals["own"].municipality.police_unit
    workers = {
        key: UserFactory(username=f"worker-{key.lower()}", organisation=org, roles=[Role.CASE_WORKER])
        for key, org in world.orgs.items()
    }
    world.workers = workers
    links_with = {"own": "A", "shared": "D", "expired": "D", "revoked": "D", "other": "B"}
    for scope, key in SCOPE_ORG.items():
        org, signal, worker = world.orgs[key], world.signals[scope], workers[key]
        track = signal.tracks.get()
        action = casework_services.action_add(track=track, description=f"Actie {scope}", actor=worker)
        objects["action"][scope] = {"pk": action.pk}
        case = casework_services.case_create(title=f"Casus {scope}", actor=worker, signals=[signal])
        objects["case"][scope] = {"pk": case.pk, "signal_pk": signal.pk}
        rule = RoutingRule.objects.create(track="victim", priority=900, name=f"Regel {scope}", owner=org)
        objects["routing_rule"][scope] = {"pk": rule.pk}
        # A table of this organisation only, a meeting, and the signal on its agenda.
        table = meetings_services.table_create(
            name=f"Tafel {scope}", slug=f"tafel-{scope}", region=region, members=[org]
        )
        meeting = meetings_services.meeting_plan(table=table, starts_at=timezone.now() + dt.timedelta(days=7))
        bring_to_table(signal=signal, actor=worker, reason="Gezamenlijk besluit nodig.")
        item = meeting.items.get(signal=signal)
        objects["table"][scope] = {"table": table.slug, "meeting": meeting.pk, "item": item.pk}
        # A person of a signal the organisation owns (the subject access export).
        person = SignalPerson.objects.create(signal=signal, role=PersonRole.VICTIM, age="30")
        objects["person"][scope] = {"person_id": person.pk}
        # A possible link between this organisation and another (never P, except for "own").
        other = world.orgs[links_with[scope]]
        encodings = sorted(
            (_encoding(signal, org), _encoding(make_signal(municipality=signal.municipality, owner=other), other)),
            key=lambda e: e.pk,
        )
        link = PossibleLink.objects.create(
            encoding_a=encodings[0],
            encoding_b=encodings[1],
            organisation_a=encodings[0].organisation,
            organisation_b=encodings[1].organisation,
            band=Band.values[0],
        )
        objects["link"][scope] = {"pk": link.pk}
    # "reported": P reported the signal, D owns it; the person page is about signals.
    reported = SignalPerson.objects.create(signal=world.signals["reported"], role=PersonRole.VICTIM, age="30")
    objects["person"]["reported"] = {"person_id": reported.pk}
    world.objects = objects


def _encoding(signal, organisation):
    from samen.intake.models import PersonRole, SignalPerson
    from samen.linkage.models import PersonEncoding

    person = SignalPerson.objects.create(signal=signal, role=PersonRole.VICTIM, age="30")
    return PersonEncoding.objects.create(
        person=person,
        organisation=organisation,
        schema_version=1,
        key_version=1,
        key_fingerprint="0" * 16,
        encoding=b"\0" * 16,
    )
