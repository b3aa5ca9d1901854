"""Demo sharing agreements: one convenant per police-unit region, some expired and one revoked."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from samen.geo.models import Region, RegionKind
from samen.partners.models import Organisation
from samen.privacy.models import AvgBasis, DataCategory, Purpose, SectorBasis, SharingAgreement

UNITS = {
    "RE01": ("Noord-Nederland", "gm0014"),
    "RE02": ("Oost-Nederland", "gm0202"),
    "RE03": ("Midden-Nederland", "gm0344"),
    "RE04": ("Noord-Holland", "gm0392"),
    "RE05": ("Amsterdam", "gm0363"),
    "RE06": ("Den Haag", "gm0518"),
    "RE07": ("Rotterdam", "gm0599"),
    "RE08": ("Zeeland-West-Brabant", "gm0855"),
    "RE09": ("Oost-Brabant", "gm0796"),
    "RE10": ("Limburg", "gm0935"),
}
# A realistic mix: two agreements ran out and were not renewed in time, one was revoked.
EXPIRED = {"RE08", "RE10"}
REVOKED = {"RE09"}


@transaction.atomic
def seed_agreements() -> int:
    """Create the demo agreements once (by reference); returns how many were new."""
    existing = set(SharingAgreement.objects.values_list("reference", flat=True))
    organisations = {o.slug: o for o in Organisation.objects.all()}
    regions = {r.code: r for r in Region.objects.filter(kind=RegionKind.POLICE_UNIT)}
    created = 0
    for code, (name, seat) in UNITS.items():
        reference = f"CONV-MH-{code}-2024"
        if reference in existing:
            continue
        slugs = [
            f"politie-{code.lower()}",
            f"riec-{code.lower()}",
            f"zorgcoordinatie-{code.lower()}",
            "nla",
            f"gemeente-{seat}",
        ]
        parties = [organisations[s] for s in slugs if s in organisations]
        if len(parties) < 2:
            continue
        agreement = SharingAgreement.objects.create(
            name=f"Convenant Mensenhandel {name}",
            reference=reference,
            purposes=[Purpose.CARE, Purpose.INVESTIGATION, Purpose.ADMINISTRATIVE, Purpose.JOINT_DECISION],
            categories=[
                DataCategory.STATUS,
                DataCategory.SUMMARY,
                DataCategory.FREE_TEXT,
                DataCategory.IDENTIFYING,
                DataCategory.CRIMINAL,
            ],
            avg_basis=AvgBasis.PUBLIC_TASK,
            sector_basis=SectorBasis.WPG_20,
            valid_from=dt.date(2024, 1, 1),
            valid_until=dt.date(2025, 6, 30) if code in EXPIRED else dt.date(2027, 12, 31),
            revoked_at=timezone.now() if code in REVOKED else None,
            revoked_reason="Partijen herzien het convenant na de invoering van de Wgs." if code in REVOKED else "",
        )
        agreement.parties.set(parties)
        if code in regions:
            agreement.regions.set([regions[code]])
        created += 1
    # A care-only agreement without police data: care coordinators and shelters nationally.
    if "CONV-ZORG-2025" not in existing:
        care = [o for o in organisations.values() if o.type in ("care_coordinator", "shelter", "comensha")]
        if len(care) >= 2:
            agreement = SharingAgreement.objects.create(
                name="Zorgconvenant opvang slachtoffers mensenhandel",
                reference="CONV-ZORG-2025",
                purposes=[Purpose.CARE],
                categories=[DataCategory.STATUS, DataCategory.SUMMARY, DataCategory.SPECIAL],
                avg_basis=AvgBasis.SPECIAL_CARE,
                valid_from=dt.date(2025, 1, 1),
                valid_until=dt.date(2028, 12, 31),
            )
            agreement.parties.set(care)
            created += 1
    return created
