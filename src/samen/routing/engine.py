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

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samen.partners.models import ExploitationForm
from samen.process_cache import ProcessCache
from samen.routing.models import RoutingRule, Track


@dataclass(frozen=True)
class SignalFacts:
    """What routing needs to know about a signal; nothing identifying."""

    municipality_id: int | None
    municipality_name: str
    region_ids: frozenset[int]
    region_names: dict[int, str | dict[str, str]]  # by language, as `_shown` reads it
    form_codes: frozenset[str]
    form_names: dict[str, dict[str, str]]  # code → {"nl": name, "en": name}
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
    # In Dutch: stored with the signal as the record of the decision, and sent in notifications.
    reason: str
    # The same reason as data (`reason_parts`), so a page can show it in its own language.
    reason_parts: dict = field(default_factory=dict, compare=False)


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


def reason_parts(rule: _Compiled, facts: SignalFacts) -> dict:
    """Why the rule's owner got the track, as data: each part an untranslated sentence and its
    values, read in any language by `reason_text`."""
    parts: list[list] = []
    if rule.municipality_id is not None:
        parts.append([gettext_noop("the signal concerns %(place)s"), {"place": facts.municipality_name}])
    if rule.region_id is not None:
        # An empty place is "the place", in the language of whoever reads it.
        place = {"place": facts.municipality_name, "region": facts.region_names.get(rule.region_id, "")}
        parts.append([gettext_noop("%(place)s lies in %(region)s"), place])
    if rule.age:
        minor, adult = gettext_noop("the victim is a minor"), gettext_noop("the victim is an adult")
        parts.append([minor if rule.age == "minor" else adult, {}])
    if rule.role:
        victim, perpetrator = (
            gettext_noop("a possible victim is involved"),
            gettext_noop("a possible perpetrator is involved"),
        )
        parts.append([victim if rule.role == "victim" else perpetrator, {}])
    if rule.form_codes is not None:
        codes = sorted(rule.form_codes & facts.form_codes)
        names = {
            lang: ", ".join(facts.form_names.get(c, {}).get(lang, c) for c in codes).lower() for lang in ("nl", "en")
        }
        parts.append(["", {"text": names}])
    if rule.channel:
        parts.append([gettext_noop("reported through channel %(channel)s"), {"channel": rule.channel}])
    if not parts and facts.municipality_id is None:
        parts.append([gettext_noop("national fallback: the reporter did not know the municipality"), {}])
    elif not parts:
        parts.append([gettext_noop("national fallback: no regional rule applies"), {}])
    return {"owner": rule.owner_name, "parts": parts}


def _shown(value: object) -> object:
    """A value of a reason in the active language: `{"word": msgid}` translated, a reference name
    `{"nl": …, "en": …}` in English for English readers (as `ExploitationForm.name`) and in Dutch
    for everyone else; any other value as it is."""
    if isinstance(value, dict) and "word" in value:
        return _(value["word"])
    if isinstance(value, dict) and "nl" in value:
        english = (translation.get_language() or "nl").startswith("en")
        return value.get("en", value["nl"]) if english else value["nl"]
    return value


def reason_text(reason: dict) -> str:
    """A reason from `reason_parts` in the active language: "Owner: part; part" (and the owner
    before a reroute, when `reason` names one). A `heading` message stands where an owner would;
    a value `{"word": msgid}` is a word translated too, and a reference name `{"nl": …, "en": …}`
    is read in the reader's language (older reasons hold such names in Dutch, as a string)."""
    words = []
    for message, values in reason.get("parts", []):
        if not message:  # names from the reference data
            words.append(str(_shown(values.get("text", ""))))
            continue
        if "place" in values and not values["place"]:
            values = {**values, "place": _("the place")}
        values = {key: _shown(v) for key, v in values.items()}
        words.append(_(message) % values)
    text = "; ".join(words)
    if reason.get("owner"):  # a reason without an owner reads as its parts alone
        text = f"{reason['owner']}: {text}"
    elif reason.get("heading"):
        text = f"{_(reason['heading'])}: {text}"
    if reason.get("previous"):
        text += " " + _("(before: %(organisation)s)") % {"organisation": reason["previous"]}
    return text


def reason_in_dutch(reason: dict) -> str:
    """The decision in words, in Dutch: it is stored with the signal and read by the chain."""
    with translation.override("nl"):
        return reason_text(reason)


def route(facts: SignalFacts, track: str) -> Decision:
    """The owner of one track of a signal, with the reason in words.

    Every track keeps an active rule without conditions (the national fallback, guarded by
    `services` on every write and by a system check), so the loop always ends in a decision;
    `NoOwnerError` means the rules were changed around those guards.
    """
    for rule in _rules()[track]:
        if _matches(rule, facts):
            parts = reason_parts(rule, facts)
            dutch = reason_in_dutch(parts)
            return Decision(track, rule.rule_id, rule.owner_id, rule.owner_name, rule.contact_point_id, dutch, parts)
    raise NoOwnerError(f"no routing rule and no fallback for the {track} track")


def route_both(facts: SignalFacts) -> tuple[Decision, Decision]:
    return route(facts, Track.VICTIM), route(facts, Track.PERPETRATOR)
