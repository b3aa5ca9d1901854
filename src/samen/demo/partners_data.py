"""Demo organisations and contact points across the whole country.

Real organisation names with invented contact persons. A few realistic gaps are left on purpose
so the coverage view has something to show: Zeeland has no care coordinator, the care
coordinator in Limburg has no backup, and organ removal is only handled nationally.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from samen.demo.people import FakePeople
from samen.geo.models import Municipality, Region, RegionKind
from samen.partners.models import ContactPoint, Organisation, OrganisationType, ShelterKind

ALL_FORMS = ["SEKS", "ARBEID", "CRIM"]
ALL_DOMAINS = ["prevention", "signalling", "care", "shelter", "investigation", "prosecution", "administrative"]


@dataclass
class OrgSpec:
    slug: str
    name: str
    type: str
    goal: str
    short_name: str = ""
    national: bool = False
    regions: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=lambda: list(ALL_FORMS))
    target_groups: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    shelter_kind: str = ""
    based_in: str = ""
    contacts: int = 2
    backup: bool = True


POLICE_UNITS = {
    "RE01": "Noord-Nederland",
    "RE02": "Oost-Nederland",
    "RE03": "Midden-Nederland",
    "RE04": "Noord-Holland",
    "RE05": "Amsterdam",
    "RE06": "Den Haag",
    "RE07": "Rotterdam",
    "RE08": "Zeeland-West-Brabant",
    "RE09": "Oost-Brabant",
    "RE10": "Limburg",
}
UNIT_SEAT = {
    "RE01": "GM0014",
    "RE02": "GM0202",
    "RE03": "GM0344",
    "RE04": "GM0392",
    "RE05": "GM0363",
    "RE06": "GM0518",
    "RE07": "GM0599",
    "RE08": "GM0758",
    "RE09": "GM0796",
    "RE10": "GM0935",
}
CENTRAL_MUNICIPALITIES = [
    ("GM0363", ["SEKS", "ARBEID", "CRIM"]),
    ("GM0599", ["SEKS", "ARBEID", "CRIM"]),
    ("GM0518", ["SEKS", "ARBEID"]),
    ("GM0344", ["SEKS", "ARBEID", "CRIM"]),
    ("GM0772", ["ARBEID", "CRIM"]),
    ("GM0014", ["SEKS", "ARBEID"]),
    ("GM0855", ["SEKS", "CRIM"]),
    ("GM0479", ["ARBEID", "SEKS"]),
    ("GM0202", ["SEKS"]),
    ("GM0153", ["ARBEID"]),
    ("GM0935", ["SEKS", "CRIM"]),
    ("GM0193", ["ARBEID"]),
    ("GM0034", ["SEKS", "ARBEID"]),
    ("GM0080", ["SEKS"]),
    ("GM0796", ["ARBEID", "CRIM"]),
    ("GM0758", ["SEKS", "CRIM"]),
    ("GM1783", ["ARBEID"]),
    ("GM0687", ["ARBEID"]),
]
# Care coordination per police unit, with the deliberate gaps described in the module docstring.
CARE_COORDINATION = {
    "RE01": (["VR01", "VR02", "VR03"], True),
    "RE02": (["VR04", "VR05", "VR06", "VR07", "VR08"], True),
    "RE03": (["VR09", "VR25"], True),
    "RE04": (["VR10", "VR11", "VR12", "VR14"], True),
    "RE05": (["VR13"], True),
    "RE06": (["VR15", "VR16"], True),
    "RE07": (["VR17", "VR18"], True),
    "RE08": (["VR20"], True),
    "RE09": (["VR21", "VR22"], True),
    "RE10": (["VR23", "VR24"], False),
}


def _specs(safety_regions: list[Region], municipalities: dict[str, Municipality]) -> list[OrgSpec]:
    specs = [
        OrgSpec(
            "programmabureau-samen",
            "Programmabureau Samen",
            OrganisationType.OTHER,
            "Samen beheren als één route voor signalen van mensenhandel.",
            "Samen",
            national=True,
            forms=[],
            domains=["prevention"],
            contacts=1,
        ),
        OrgSpec(
            "comensha",
            "CoMensha (Coördinatiecentrum tegen Mensenhandel)",
            OrganisationType.COMENSHA,
            "Elk slachtoffer van mensenhandel in beeld en op de juiste plek voor opvang en zorg.",
            "CoMensha",
            national=True,
            forms=["SEKS", "ARBEID", "CRIM", "ORGAAN"],
            target_groups=["minors", "adults", "men", "women", "undocumented"],
            domains=["signalling", "care", "shelter"],
            based_in="GM0307",
            contacts=3,
        ),
        OrgSpec(
            "nla",
            "Nederlandse Arbeidsinspectie",
            OrganisationType.LABOUR_INSPECTORATE,
            "Arbeidsuitbuiting opsporen en eerlijk, gezond en veilig werk afdwingen.",
            "NLA",
            national=True,
            forms=["ARBEID", "ARBEID-BEDEL", "CRIM"],
            target_groups=["adults", "men", "women", "undocumented"],
            domains=["signalling", "investigation", "administrative"],
            based_in="GM0518",
            contacts=3,
        ),
        OrgSpec(
            "om",
            "Openbaar Ministerie – Landelijk Expertisecentrum Mensenhandel",
            OrganisationType.PROSECUTION,
            "Daders van mensenhandel vervolgen en slachtoffers recht doen.",
            "OM",
            national=True,
            forms=["SEKS", "ARBEID", "CRIM", "ORGAAN"],
            target_groups=["minors", "adults"],
            domains=["prosecution"],
            based_in="GM0518",
        ),
        OrgSpec(
            "ind",
            "Immigratie- en Naturalisatiedienst",
            OrganisationType.IND,
            "Verblijf regelen voor slachtoffers van mensenhandel onder de B8-regeling.",
            "IND",
            national=True,
            forms=["SEKS", "ARBEID", "CRIM", "ORGAAN"],
            target_groups=["adults", "minors", "undocumented"],
            domains=["care"],
            based_in="GM0772",
            contacts=1,
        ),
        OrgSpec(
            "kmar",
            "Koninklijke Marechaussee",
            OrganisationType.KMAR,
            "Mensenhandel en -smokkel aan de grens en op Schiphol signaleren en opsporen.",
            "KMar",
            national=True,
            forms=["SEKS", "SEKS-SUB3", "ARBEID", "CRIM"],
            target_groups=["adults", "minors", "undocumented"],
            domains=["signalling", "investigation"],
            based_in="GM0394",
        ),
        OrgSpec(
            "politie-landelijke-eenheid",
            "Politie – Landelijke Eenheid",
            OrganisationType.POLICE,
            "Complexe en grensoverschrijdende mensenhandel opsporen, waaronder orgaanverwijdering.",
            "LE",
            national=True,
            forms=["SEKS", "ARBEID", "CRIM", "ORGAAN"],
            target_groups=["adults", "minors"],
            domains=["investigation"],
            based_in="GM1581",
            contacts=1,
        ),
        OrgSpec(
            "cosm",
            "Categorale Opvang Slachtoffers Mensenhandel (COSM)",
            OrganisationType.SHELTER,
            "Veilige opvang in de bedenktijd voor buitenlandse slachtoffers zonder verblijfsrecht.",
            "COSM",
            national=True,
            target_groups=["adults", "men", "women", "undocumented"],
            domains=["shelter", "care"],
            shelter_kind=ShelterKind.COSM,
            contacts=3,
        ),
        OrgSpec(
            "omm",
            "Opvang Mensenhandel Multiproblematiek (OMM)",
            OrganisationType.SHELTER,
            "Opvang voor slachtoffers met een licht verstandelijke beperking, psychische of verslavingsproblemen.",
            "OMM",
            national=True,
            target_groups=["adults", "lvb", "women", "men"],
            domains=["shelter", "care"],
            shelter_kind=ShelterKind.OMM,
        ),
        OrgSpec(
            "mannenopvang-nederland",
            "Landelijke Mannenopvang Mensenhandel",
            OrganisationType.SHELTER,
            "Veilige opvang voor mannelijke slachtoffers van arbeids- en criminele uitbuiting.",
            "Mannenopvang",
            national=True,
            forms=["ARBEID", "CRIM"],
            target_groups=["men", "adults"],
            domains=["shelter"],
            shelter_kind=ShelterKind.MEN,
            contacts=1,
            backup=False,
        ),
        OrgSpec(
            "fier",
            "Fier",
            OrganisationType.NGO,
            "Jongeren en vrouwen beschermen tegen geweld en uitbuiting in afhankelijkheidsrelaties.",
            "Fier",
            national=True,
            forms=["SEKS", "CRIM"],
            target_groups=["minors", "women", "lvb"],
            domains=["care", "shelter", "prevention"],
            shelter_kind=ShelterKind.MINORS,
            based_in="GM0080",
        ),
        OrgSpec(
            "fairwork",
            "FairWork",
            OrganisationType.NGO,
            "Arbeidsmigranten informeren over hun rechten en slachtoffers van arbeidsuitbuiting bijstaan.",
            "FairWork",
            national=True,
            forms=["ARBEID", "ARBEID-BEDEL", "CRIM"],
            target_groups=["adults", "undocumented", "men", "women"],
            domains=["prevention", "signalling", "care"],
            based_in="GM0363",
        ),
        OrgSpec(
            "nidos",
            "Nidos",
            OrganisationType.OTHER,
            "Voogdij en bescherming voor alleenstaande minderjarige vreemdelingen.",
            "Nidos",
            national=True,
            forms=["SEKS", "ARBEID", "CRIM"],
            target_groups=["minors", "undocumented"],
            domains=["care"],
            based_in="GM0344",
            contacts=1,
        ),
        OrgSpec(
            "ckm",
            "Centrum tegen Kinderhandel en Mensenhandel",
            OrganisationType.NGO,
            "Kinderhandel en mensenhandel voorkomen door kennis, voorlichting en belangenbehartiging.",
            "CKM",
            national=True,
            forms=["SEKS", "ARBEID", "CRIM"],
            target_groups=["minors", "families"],
            domains=["prevention"],
            based_in="GM0344",
            contacts=1,
        ),
        OrgSpec(
            "nrm",
            "Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen",
            OrganisationType.OTHER,
            "Onafhankelijk zicht op de aard en omvang van mensenhandel en de aanpak ervan.",
            "NRM",
            national=True,
            forms=[],
            domains=["prevention"],
            contacts=1,
            backup=False,
        ),
        OrgSpec(
            "migrantennetwerk-oost-europa",
            "Steunpunt Oost-Europese Werknemers",
            OrganisationType.MIGRANT_ORGANISATION,
            "Poolse, Roemeense en Bulgaarse werknemers in hun eigen taal helpen bij uitbuiting en misstanden.",
            "SOEW",
            regions=["VR15", "VR17", "VR22", "VR23"],
            forms=["ARBEID"],
            target_groups=["adults", "men", "women"],
            domains=["signalling", "care"],
            based_in="GM1783",
        ),
        OrgSpec(
            "shop",
            "SHOP – Stichting Hulp en Opvang Prostitutie en Mensenhandel",
            OrganisationType.NGO,
            "Sekswerkers en slachtoffers van mensenhandel in de regio Haaglanden bijstaan.",
            "SHOP",
            regions=["VR15"],
            forms=["SEKS"],
            target_groups=["women", "adults", "undocumented"],
            domains=["care", "signalling"],
            based_in="GM0518",
        ),
        OrgSpec(
            "scharlaken-koord",
            "Scharlaken Koord",
            OrganisationType.NGO,
            "Vrouwen in de prostitutie ontmoeten, begeleiden en helpen uitstappen.",
            "Scharlaken Koord",
            municipalities=["GM0363", "GM0344", "GM0392", "GM0150"],
            forms=["SEKS"],
            target_groups=["women", "adults"],
            domains=["care", "signalling"],
            contacts=1,
            backup=False,
        ),
        OrgSpec(
            "sterk-huis",
            "Sterk Huis",
            OrganisationType.SHELTER,
            "Opvang en begeleiding voor slachtoffers van huiselijk geweld en mensenhandel in Midden-Brabant.",
            "Sterk Huis",
            regions=["VR20"],
            forms=["SEKS", "ARBEID"],
            target_groups=["women", "minors", "families"],
            domains=["shelter", "care"],
            shelter_kind=ShelterKind.WOMEN,
            based_in="GM0855",
        ),
        OrgSpec(
            "acm-hvo-querido",
            "HVO-Querido – Amsterdams Coördinatiepunt Mensenhandel",
            OrganisationType.CARE_COORDINATOR,
            "Slachtoffers van mensenhandel in Amsterdam snel naar opvang, zorg en recht begeleiden.",
            "ACM",
            regions=["VR13"],
            target_groups=["adults", "men", "women", "lvb", "undocumented"],
            domains=["care", "shelter"],
            based_in="GM0363",
            contacts=3,
        ),
    ]
    for code, name in POLICE_UNITS.items():
        specs.append(
            OrgSpec(
                f"politie-{code.lower()}",
                f"Politie eenheid {name} – AVIM",
                OrganisationType.POLICE,
                f"Mensenhandel opsporen en slachtoffers in eenheid {name} beschermen.",
                f"AVIM {name}",
                regions=[code],
                target_groups=["minors", "adults", "men", "women"],
                domains=["signalling", "investigation"],
                based_in=UNIT_SEAT[code],
                contacts=2,
            )
        )
        if code not in ("RE08", "RE09"):
            specs.append(
                OrgSpec(
                    f"riec-{code.lower()}",
                    f"RIEC {name if code != 'RE05' else 'Amsterdam-Amstelland'}",
                    OrganisationType.RIEC,
                    "Ondermijning en mensenhandel aanpakken met bestuurlijke, strafrechtelijke en "
                    "fiscale middelen samen.",
                    f"RIEC {name}",
                    regions=[f"RIEC-{code}"],
                    target_groups=["adults"],
                    domains=["administrative", "signalling"],
                    based_in=UNIT_SEAT[code],
                    contacts=1,
                )
            )
        if code != "RE05":
            coordinated, has_backup = CARE_COORDINATION[code]
            groups = ["adults", "men", "women", "undocumented"] + (["lvb"] if code in ("RE03", "RE06", "RE07") else [])
            specs.append(
                OrgSpec(
                    f"zorgcoordinatie-{code.lower()}",
                    f"Zorgcoördinatie Mensenhandel {name}",
                    OrganisationType.CARE_COORDINATOR,
                    "Elk slachtoffer in de regio snel een veilige plek, zorg en begeleiding bieden.",
                    f"ZC {name}",
                    regions=coordinated,
                    target_groups=groups,
                    domains=["care", "shelter", "signalling"],
                    based_in=UNIT_SEAT[code],
                    contacts=2 if has_backup else 1,
                    backup=has_backup,
                )
            )
    specs.append(
        OrgSpec(
            "taskforce-riec-brabant-zeeland",
            "Taskforce-RIEC Brabant-Zeeland",
            OrganisationType.RIEC,
            "Ondermijning en mensenhandel in Brabant en Zeeland integraal aanpakken.",
            "TF-RIEC",
            regions=["RIEC-RE08", "RIEC-RE09"],
            target_groups=["adults"],
            domains=["administrative", "signalling"],
            based_in="GM0796",
        )
    )
    for region in safety_regions:
        specs.append(
            OrgSpec(
                f"veilig-thuis-{region.code.lower()}",
                f"Veilig Thuis {region.name}",
                OrganisationType.VEILIG_THUIS,
                "Advies en meldingen bij huiselijk geweld, kindermishandeling en uitbuiting van minderjarigen.",
                f"VT {region.name}",
                regions=[region.code],
                forms=["SEKS", "CRIM"],
                target_groups=["minors", "families", "women"],
                domains=["signalling", "care"],
                contacts=1,
            )
        )
    for code, forms in CENTRAL_MUNICIPALITIES:
        municipality = municipalities[code]
        specs.append(
            OrgSpec(
                f"gemeente-{code.lower()}",
                f"Gemeente {municipality.plain_name}",
                OrganisationType.MUNICIPALITY,
                f"Uitbuiting in {municipality.plain_name} voorkomen, signaleren en bestuurlijk aanpakken.",
                municipality.plain_name,
                municipalities=[code],
                forms=forms,
                target_groups=["adults", "minors"] if "CRIM" in forms else ["adults"],
                domains=["prevention", "signalling", "administrative"],
                based_in=code,
                contacts=1,
            )
        )
    return specs


FUNCTIONS = {
    OrganisationType.POLICE: ["Coördinator AVIM", "Rechercheur mensenhandel", "Teamleider AVIM"],
    OrganisationType.CARE_COORDINATOR: ["Zorgcoördinator mensenhandel", "Zorgcoördinator (achterwacht)", "Teamleider"],
    OrganisationType.VEILIG_THUIS: ["Aandachtsfunctionaris uitbuiting"],
    OrganisationType.MUNICIPALITY: ["Ketenregisseur mensenhandel"],
    OrganisationType.RIEC: ["Programmamanager mensenhandel", "Analist"],
}
DEFAULT_FUNCTIONS = ["Contactpersoon mensenhandel", "Beleidsmedewerker", "Hulpverlener"]


@transaction.atomic
def seed_partners(seed: int = 2026) -> int:
    """Create the demo organisations once; an existing slug is left alone. Returns how many were new."""
    people = FakePeople(seed)
    regions = {r.code: r for r in Region.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    safety = sorted((r for r in regions.values() if r.kind == RegionKind.SAFETY_REGION), key=lambda r: r.code)
    existing = set(Organisation.objects.values_list("slug", flat=True))
    created = 0
    for spec in _specs(safety, municipalities):
        # Draw the same fake people whether or not the organisation already exists, so a re-run
        # never shifts the names of what comes after it.
        functions = FUNCTIONS.get(spec.type, DEFAULT_FUNCTIONS)
        contacts = [
            (people.name(), functions[i % len(functions)], people.landline(), people.rng.random())
            for i in range(spec.contacts)
        ]
        if spec.slug in existing:
            continue
        org = Organisation.objects.create(
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            type=spec.type,
            goal=spec.goal,
            is_national=spec.national,
            shelter_kind=spec.shelter_kind,
            based_in=municipalities.get(spec.based_in),
            phone=people.landline("0800"),
            email=f"info@{spec.slug}.demo.example",
        )
        org.regions.set([regions[c] for c in spec.regions])
        org.municipalities.set([municipalities[c] for c in spec.municipalities])
        org.forms.set(spec.forms)
        org.target_groups.set(spec.target_groups)
        org.domains.set(spec.domains)
        points = []
        for position, (name, function, phone, _r) in enumerate(contacts):
            local = name.lower().replace(" ", ".")
            points.append(
                ContactPoint.objects.create(
                    organisation=org,
                    name=name,
                    function=function,
                    phone=phone,
                    email=f"{local}@{spec.slug}.demo.example",
                    reachable="ma–vr 8:30–17:00"
                    if position
                    else "ma–vr 8:30–17:00, buiten kantoortijd via de achterwacht",
                    position=position,
                )
            )
        if spec.backup and len(points) > 1:
            for point, backup in zip(points, points[1:] + points[:1], strict=True):
                point.backup = backup
                point.save(update_fields=["backup"])
        created += 1
    return created
