"""Changing routing rules. The last fallback rule of a track cannot be removed or narrowed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samen.routing import engine
from samen.routing.models import RoutingRule


def _fallbacks(track: str, exclude_pk: int | None) -> int:
    rules = RoutingRule.objects.filter(track=track, is_active=True).exclude(pk=exclude_pk)
    return sum(1 for rule in rules if rule.is_fallback)


@transaction.atomic
def rule_save(*, rule: RoutingRule) -> RoutingRule:
    rule.full_clean()
    if rule.pk and not (rule.is_active and rule.is_fallback) and _fallbacks(rule.track, rule.pk) == 0:
        previous = RoutingRule.objects.get(pk=rule.pk)
        if previous.is_active and previous.is_fallback:
            raise ValidationError(
                _("This is the last national fallback of its track; a signal would be left without an owner.")
            )
    rule.save()
    transaction.on_commit(engine.invalidate)
    return rule


@transaction.atomic
def rule_delete(*, rule: RoutingRule) -> None:
    if rule.is_active and rule.is_fallback and _fallbacks(rule.track, rule.pk) == 0:
        raise ValidationError(
            _("This is the last national fallback of its track; a signal would be left without an owner.")
        )
    rule.delete()
    transaction.on_commit(engine.invalidate)
