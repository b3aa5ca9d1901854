"""Demo routing rules that cover the whole country on both tracks.

Victim track: minors go to Veilig Thuis of their safety region; adults to the regional care
coordinator (Amsterdam: the Amsterdam coordination point); where no coordinator exists (Zeeland
in the demo) the national fallback, CoMensha, takes the signal. Perpetrator track: labour
exploitation goes to the Labour Inspectorate, everything else to the AVIM of the police unit,
with the national unit as the fallback.
"""

from __future__ import annotations

from django.db import transaction

from samen.geo.models import Region, RegionKind
from samen.partners.models import Organisation
from samen.routing import engine
from samen.routing.models import RoutingRule, Track

UNITS = ["RE01", "RE02", "RE03", "RE04", "RE05", "RE06", "RE07", "RE08", "RE09", "RE10"]
COORDINATED = {
    "RE01": ["RE01"],
    "RE02": ["RE02"],
    "RE03": ["RE03"],
    "RE04": ["RE04"],
    "RE06": ["RE06"],
    "RE07": ["RE07"],
    "RE08": ["VR20"],
    "RE09": ["RE09"],
    "RE10": ["RE10"],
}


@transaction.atomic
def seed_routing_rules() -> int:
    if RoutingRule.objects.exists():
        return 0
    orgs = {o.slug: o for o in Organisation.objects.prefetch_related("contact_points")}
    regions = {r.code: r for r in Region.objects.all()}
    rules: list[RoutingRule] = []

    def add(track, priority, name, owner_slug, **conditions):
        owner = orgs[owner_slug]
        contact = next(iter(owner.contact_points.all()), None)
        rules.append(
            RoutingRule(track=track, priority=priority, name=name, owner=owner, contact_point=contact, **conditions)
        )

    for region in sorted((r for r in regions.values() if r.kind == RegionKind.SAFETY_REGION), key=lambda r: r.code):
        add(
            Track.VICTIM,
            100,
            f"Minderjarigen in {region.name}",
            f"veilig-thuis-{region.code.lower()}",
            region=region,
            age="minor",
        )
    add(Track.VICTIM, 200, "Amsterdam", "acm-hvo-querido", region=regions["RE05"])
    for unit, codes in COORDINATED.items():
        for code in codes:
            add(
                Track.VICTIM,
                300,
                f"Zorgcoördinatie {regions[code].name}",
                f"zorgcoordinatie-{unit.lower()}",
                region=regions[code],
            )
    add(Track.VICTIM, 9000, "Landelijk vangnet", "comensha")

    add(Track.PERPETRATOR, 100, "Arbeidsuitbuiting", "nla", form_id="ARBEID")
    for unit in UNITS:
        add(Track.PERPETRATOR, 300, f"AVIM {regions[unit].name}", f"politie-{unit.lower()}", region=regions[unit])
    add(Track.PERPETRATOR, 9000, "Landelijk vangnet", "politie-landelijke-eenheid")
    RoutingRule.objects.bulk_create(rules)
    transaction.on_commit(engine.invalidate)
    return len(rules)
