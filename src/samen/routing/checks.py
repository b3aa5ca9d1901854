"""A system check that every track has a national fallback once rules exist."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def fallback_per_track(app_configs, **kwargs):
    from samen.routing.models import RoutingRule, Track

    try:
        rules = list(RoutingRule.objects.filter(is_active=True))
    except DatabaseError:
        return []  # before migrations
    if not rules:
        return []
    missing = [t for t in Track.values if not any(r.track == t and r.is_fallback for r in rules)]
    return [
        Warning(f"Routing track {t!r} has no active fallback rule; some signals would get no owner.", id="routing.W001")
        for t in missing
    ]
