"""Demo step: persons who recur in signals of different regions, owned by different organisations.

Made-up people, written down differently by each reporter: a typo, the family name first, another
way of writing the date of birth or the phone number. Each signal goes in through intake's
`signal_submit` with a professional's identity data, is routed by casework's pipeline, and is then
encoded and matched under the public demo key (outside production mode only). The demo users see
the notices: `zorg` (care coordinator Midden-Nederland), `coordinator` (care coordinator Rotterdam)
and `politie` (police Rotterdam).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samen.accounts.models import Role, User
from samen.casework import pipeline
from samen.geo.models import Municipality
from samen.intake.models import Channel, Gender, PersonRole, ReporterType
from samen.intake.services import IdentityInput, PersonInput, SignalInput, fingerprint_of, signal_submit
from samen.linkage import services
from samen.linkage.normalise import parse_birth_date
from samen.partners.models import Organisation

_KEY = "demo-linkage"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    place: str
    reporter: str  # slug of the reporting organisation
    role: str
    name: str
    birth_date: str  # as the reporter wrote it
    phone: str
    gender: str
    what: str


# Fictitious persons; every name, date and number is invented for the demo.
PEOPLE = [
    DemoPerson("olena-1", "Utrecht", "comensha", PersonRole.VICTIM, "Olena Kovalenko", "1998-03-14", "06-12345678",
               Gender.FEMALE, "Jonge vrouw werkt 's nachts in een massagesalon en mag haar telefoon niet houden."),
    DemoPerson("olena-2", "Rotterdam", "comensha", PersonRole.VICTIM, "Kovalenko, Olena", "14 maart 1998",
               "+31 6 1234 5678", Gender.FEMALE, "Vrouw bij de huisarts; woont met zes anderen boven een salon."),
    DemoPerson("ahmed-1", "Amersfoort", "comensha", PersonRole.VICTIM, "Ahmed El Amrani", "02-05-2001", "",
               Gender.MALE, "Jongeman werkt zonder contract in een autowasstraat en slaapt in de loods."),
    DemoPerson("ahmed-2", "Schiedam", "comensha", PersonRole.VICTIM, "Achmed el-Amrani", "2 mei 2001", "",
               Gender.MALE, "Man in de bouw draagt zijn loon af aan een 'bemiddelaar'."),
    DemoPerson("viktor-1", "Rotterdam", "comensha", PersonRole.PERPETRATOR, "Viktor Sokolov", "1979-11-02",
               "0687654321", Gender.MALE, "Man haalt elke ochtend busjes met arbeiders op en houdt hun paspoorten."),
    DemoPerson("viktor-2", "Utrecht", "comensha", PersonRole.PERPETRATOR, "Wiktor Sokolow", "02-11-1979",
               "+31 6 87654321", Gender.MALE, "Bemiddelaar verhuurt kamers aan uitzendkrachten tegen woekerprijzen."),
    DemoPerson("irina-1", "Nieuwegein", "comensha", PersonRole.VICTIM, "Irina Popescu", "1995-08-30", "",
               Gender.FEMALE, "Vrouw werkt in een nagelstudio en slaapt achter in de zaak."),
    DemoPerson("irina-2", "Rotterdam", "comensha", PersonRole.PERPETRATOR, "Popescu Irina", "30.08.1995", "",
               Gender.FEMALE, "Vrouw werft meisjes voor 'werk in de horeca' en regelt hun reis."),
]  # fmt: skip


def _submit(person: DemoPerson) -> None:
    idempotency_key = f"{_KEY}:{person.key}"
    # Intake stores a date: the reporter's way of writing it is read as a professional's form would.
    born = parse_birth_date(person.birth_date)
    birth_date = dt.date(born.year, born.month, born.day) if born and born.month and born.day else None
    data = SignalInput(
        what=person.what,
        municipality=Municipality.objects.get(name=person.place),
        reporter_type=ReporterType.PROFESSIONAL,
        persons=[
            PersonInput(
                role=person.role,
                age="",
                gender=person.gender,
                identity=IdentityInput(name=person.name, birth_date=birth_date, phone=person.phone),
            )
        ],
        organisation=Organisation.objects.filter(slug=person.reporter).first(),
    )
    # Called in to the reporting organisation's intake officer, where the demo has one.
    officer = (
        User.objects.filter(organisation=data.organisation, role_assignments__role=Role.INTAKE_OFFICER)
        .order_by("username")
        .first()
    )
    signal_submit(
        data=data,
        channel=Channel.PHONE if officer else Channel.PROFESSIONAL_WEB,
        actor=officer,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint_of(idempotency_key),
    )


def seed_linkage() -> str:
    """File the recurring persons, route them, then encode and match everything under the demo key."""
    for person in PEOPLE:
        _submit(person)
    pipeline.drain_intake_outbox()
    report = services.encode_pending(limit=10_000)
    return f"{report.encoded} persons encoded, {report.links} possible links"
