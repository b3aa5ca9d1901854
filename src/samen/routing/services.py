"""Changing routing rules. No change may leave a track without its national fallback.

A fallback is an active rule without conditions (`RoutingRule.is_fallback`): `engine.route` ends in
it when no other rule matches, so it is what keeps every signal owned. Every path that changes rules
(the interface form, the admin's edit, its single delete and its bulk delete) goes through the
functions here. They lock the active rules of the tracks concerned, so two changes at the same time
cannot each remove "the other" fallback; call the checks and the write in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samen.routing import engine
from samen.routing.models import RoutingRule, Track


def _refusal(tracks: Iterable[str]) -> ValidationError:
    names = ", ".join(str(Track(track).label) for track in sorted(tracks))
    return ValidationError(
        _(
            "This change would leave the %(tracks)s without an active national fallback (an active rule "
            "without conditions), so a signal could be left without an owner. Add another fallback for "
            "this track first."
        ),
        code="last_fallback",
        params={"tracks": names},
    )


def _active_fallbacks(tracks: set[str]) -> list[RoutingRule]:
    """The active fallbacks of these tracks, their rows locked until the transaction ends."""
    rules = RoutingRule.objects.select_for_update().filter(track__in=tracks, is_active=True).order_by("pk")
    return [rule for rule in rules if rule.is_fallback]


def _check(*, removed: set[int], tracks: set[str], added: RoutingRule | None = None) -> None:
    """Refuse when a track that has a fallback now would have none once `removed` are gone and `added` is in."""
    before = _active_fallbacks(tracks)
    after = [rule for rule in before if rule.pk not in removed]
    if added is not None and added.is_active and added.is_fallback:
        after.append(added)
    emptied = {rule.track for rule in before} - {rule.track for rule in after}
    if emptied:
        raise _refusal(emptied)


@transaction.atomic
def rule_check(*, rule: RoutingRule) -> None:
    """Raise `ValidationError` if saving `rule` as it is now would take the last fallback from a track.

    Covers switching the fallback off, giving it a condition, and moving it to the other track.
    """
    if rule.pk is None:
        return  # a new rule only adds
    previous = RoutingRule.objects.filter(pk=rule.pk).values_list("track", flat=True).first()
    tracks = {rule.track} | ({previous} if previous else set())
    _check(removed={rule.pk}, tracks=tracks, added=rule)


@transaction.atomic
def rules_check_delete(*, rules: Iterable[RoutingRule]) -> None:
    """Raise `ValidationError` if deleting these rules together would take the last fallback from a track."""
    rules = list(rules)
    _check(removed={rule.pk for rule in rules}, tracks={rule.track for rule in rules})


@transaction.atomic
def rule_save(*, rule: RoutingRule) -> RoutingRule:
    rule.full_clean()
    rule_check(rule=rule)
    rule.save()
    transaction.on_commit(engine.invalidate)
    return rule


@transaction.atomic
def rules_delete(*, rules: Iterable[RoutingRule]) -> int:
    """Delete rules all together or, when that would leave a track without a fallback, none."""
    rules = list(rules)
    rules_check_delete(rules=rules)
    deleted, _per_model = RoutingRule.objects.filter(pk__in=[rule.pk for rule in rules]).delete()
    transaction.on_commit(engine.invalidate)
    return deleted


def rule_delete(*, rule: RoutingRule) -> None:
    rules_delete(rules=[rule])
