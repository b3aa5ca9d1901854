"""Writes of insights: recording an intervention (the only thing a person changes here)."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db import transaction

from samen.geo.models import Region
from samen.insights.models import Intervention


def intervention_create(*, region: Region, start: date, form: str, label: str, actor) -> Intervention:
    with transaction.atomic():
        intervention = Intervention.objects.create(
            region=region,
            start=date(start.year, start.month, 1),
            form=form or "",
            label=label,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        if apps.is_installed("samen.audit") and getattr(actor, "pk", None):
            from samen import audit

            audit.record(
                actor=actor,
                action=audit.Action.WRITE,
                object_type="intervention",
                object_id=intervention.pk,
                activity=("statistics", "SAMEN-INSIGHTS", "AVG art. 6(1)(e), 89"),
                origin="insights.intervention_create",
            )
    return intervention
