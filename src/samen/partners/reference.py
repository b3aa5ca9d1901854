"""Loading the partner-map reference data: forms of exploitation, target groups, domains."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from samen.partners.models import Domain, DomainCode, ExploitationForm, TargetGroup, TargetGroupCode
from samen.partners.selectors import forget_exploitation_forms

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_partner_reference() -> dict[str, int]:
    """Idempotent upsert of the code tables and data/exploitation_forms.csv."""
    for code in TargetGroupCode.values:
        TargetGroup.objects.get_or_create(code=code)
    for code in DomainCode.values:
        Domain.objects.get_or_create(code=code)
    with (DATA_DIR / "exploitation_forms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for position, row in enumerate(rows):
        ExploitationForm.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_nl": row["naam_nl"],
                "name_en": row["name_en"],
                "level": row["niveau"],
                "legal_basis": row["juridische_basis"],
                "status": row["status"],
                "description_nl": row["omschrijving_nl"],
                "description_en": row["description_en"],
                "position": position,
            },
        )
    for row in rows:
        if row["valt_onder"]:
            ExploitationForm.objects.filter(code=row["code"]).update(parent_id=row["valt_onder"])
    forget_exploitation_forms()
    transaction.on_commit(forget_exploitation_forms)
    return {"forms": ExploitationForm.objects.count()}


MAIN_FORMS = ("SEKS", "ARBEID", "CRIM", "ORGAAN")
