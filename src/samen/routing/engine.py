"""Evaluating routing rules: plain data in, a decision with its reason in words out.

Rules are compiled once into tuples of integers and codes and kept per process until a rule
changes (`invalidate()`), so a decision is a short loop without database queries. When no other
rule matches, the national fallback decides: the track's active rule without conditions, which
matches every signal. There is no fallback organisation outside the rules: `services` refuses every
change that would leave a track without such a rule (interface, admin edit, admin single and bulk
delete) and a system check warns when the data lacks one, so no signal is ever without an owner.
Should the rules still be broken, `route` raises `NoOwnerError` and the signal stays in the intake
outbox, to be routed on the next run, rather than being given an owner nobody chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from samen.partners.models import ExploitationForm
from samen.process_cache import ProcessCache
from samen.routing.models import RoutingRule, Track


@dataclass(frozen=True)
class SignalFacts:
    """What routing needs to know about a signal; nothing identifying."""

    municipality_id: int | None
    municipality_name: str
    region_ids: frozenset[int]
    region_names: dict[int, str]
    form_codes: frozenset[str]
    form_names: dict[str, str]
    is_minor: bool | None
    roles: frozenset[str]
    channel: str


@dataclass(frozen=True)
class Decision:
    track: str
    rule_id: int | None
    owner_id: int
    owner_name: str
    contact_point_id: int | None
    reason: str


@dataclass(frozen=True)
class _Compiled:
    rule_id: int
    track: str
    municipality_id: int | None
    region_id: int | None
    form_codes: frozenset[str] | None
    age: str
    role: str
    channel: str
    owner_id: int
    owner_name: str
    contact_point_id: int | None
    name: str
    fallback: bool


class NoOwnerError(RuntimeError):
    """Raised only when no rule matches, not even a fallback: rules changed around `services`; the check warns."""


def _current_version() -> tuple:
    from django.db.models import Count, Max

    row = RoutingRule.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (row["n"], row["last"])


def _compile() -> dict[str, list[_Compiled]]:
    rules = RoutingRule.objects.filter(is_active=True).select_related("owner", "form").order_by("priority", "pk")
    compiled: dict[str, list[_Compiled]] = {Track.VICTIM: [], Track.PERPETRATOR: []}
    children: dict[str, set[str]] = {}
    for code, parent in ExploitationForm.objects.values_list("code", "parent_id"):
        if parent:
            children.setdefault(parent, set()).add(code)
    for rule in rules:
        forms = frozenset({rule.form_id, *children.get(rule.form_id, ())}) if rule.form_id else None
        compiled[rule.track].append(
            _Compiled(
                rule.pk,
                rule.track,
                rule.municipality_id,
                rule.region_id,
                forms,
                rule.age,
                rule.role,
                rule.channel,
                rule.owner_id,
                rule.owner.name,
                rule.contact_point_id,
                rule.name,
                rule.is_fallback,
            )
        )
    return compiled


# Compiled rules per process; another process's edit is picked up within a second.
_cache = ProcessCache(_compile, _current_version)


def invalidate() -> None:
    _cache.invalidate()


def _rules() -> dict[str, list[_Compiled]]:
    return _cache.get()


def _matches(rule: _Compiled, facts: SignalFacts) -> bool:
    if rule.municipality_id is not None and rule.municipality_id != facts.municipality_id:
        return False
    if rule.region_id is not None and rule.region_id not in facts.region_ids:
        return False
    if rule.form_codes is not None and not (rule.form_codes & facts.form_codes):
        return False
    if rule.age and (facts.is_minor is None or (rule.age == "minor") != facts.is_minor):
        return False
    if rule.role and rule.role not in facts.roles:
        return False
    return not (rule.channel and rule.channel != facts.channel)


def _reason(rule: _Compiled, facts: SignalFacts) -> str:
    """The decision in words, in Dutch: it is stored with the signal and read by the chain."""
    with translation.override("nl"):
        return _reason_text(rule, facts)


def _reason_text(rule: _Compiled, facts: SignalFacts) -> str:
    parts: list[str] = []
    if rule.municipality_id is not None:
        parts.append(_("the signal concerns %(place)s") % {"place": facts.municipality_name})
    if rule.region_id is not None:
        parts.append(
            _("%(place)s lies in %(region)s")
            % {"place": facts.municipality_name or _("the place"), "region": facts.region_names.get(rule.region_id, "")}
        )
    if rule.age:
        parts.append(_("the victim is a minor") if rule.age == "minor" else _("the victim is an adult"))
    if rule.role:
        parts.append(
            _("a possible victim is involved") if rule.role == "victim" else _("a possible perpetrator is involved")
        )
    if rule.form_codes is not None:
        names = [facts.form_names.get(code, code) for code in sorted(rule.form_codes & facts.form_codes)]
        parts.append(", ".join(names).lower())
    if rule.channel:
        parts.append(_("reported through channel %(channel)s") % {"channel": rule.channel})
    if not parts:
        parts.append(_("national fallback: no regional rule applies"))
    return f"{rule.owner_name}: " + "; ".join(parts)


def route(facts: SignalFacts, track: str) -> Decision:
    """The owner of one track of a signal, with the reason in words.

    Every track keeps an active rule without conditions (the national fallback, guarded by
    `services` on every write and by a system check), so the loop always ends in a decision;
    `NoOwnerError` means the rules were changed around those guards.
    """
    for rule in _rules()[track]:
        if _matches(rule, facts):
            return Decision(
                track, rule.rule_id, rule.owner_id, rule.owner_name, rule.contact_point_id, _reason(rule, facts)
            )
    raise NoOwnerError(f"no routing rule and no fallback for the {track} track")


def route_both(facts: SignalFacts) -> tuple[Decision, Decision]:
    return route(facts, Track.VICTIM), route(facts, Track.PERPETRATOR)
