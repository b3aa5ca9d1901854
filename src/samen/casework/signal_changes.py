"""Correcting where a signal took place and which forms of exploitation it concerns, after intake.

An owner changes the municipality, the place or the forms; in one transaction the change is stored,
written on the timeline of every track and in the audit log, and, when the municipality or the forms
changed, the signal is routed again (`services.signal_reroute`), so ownership moves with the reason
in words. A change of the place alone routes nothing: the rules read the municipality, not the place.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samen import audit
from samen.casework import permissions, person_changes, services, shown_values
from samen.casework.models import SignalTrack
from samen.geo.models import Municipality
from samen.geo.selectors import municipalities_with_regions
from samen.intake import hooks
from samen.intake import services as intake_services
from samen.intake.models import Signal
from samen.partners.models import ExploitationForm
from samen.routing.facts import form_names

# What routing reads of the fields that can change here.
ROUTING_FIELDS = frozenset({"municipality", "forms"})


@dataclass(frozen=True)
class SignalChange:
    """What a change did: the fields that changed and the tracks that moved to another owner."""

    changed: tuple[str, ...] = ()
    moved: list[SignalTrack] = field(default_factory=list)

    @property
    def rerouted(self) -> bool:
        return bool(ROUTING_FIELDS & set(self.changed))


def _form_names(codes: Iterable[str]) -> dict:
    """The forms' names in Dutch and in English, read in the reader's language (`reason_text`)."""
    codes = sorted(codes)
    if not codes:
        return {"word": gettext_noop("none")}
    names = form_names()
    return {lang: ", ".join(names.get(code, {}).get(lang, code) for code in codes) for lang in ("nl", "en")}


def _description(
    *,
    before: Municipality | None,
    after: Municipality | None,
    forms_before: set[str],
    forms_after: set[str],
    changed: list[str],
    reason: str,
) -> dict:
    """The change in words, as `reason_parts` (`routing.engine.reason_text`), read in each reader's
    language; the names (of municipalities, and of forms, as the routing reasons give them) as they
    are, and the reason as typed. The place is named, never quoted: it is free text that an
    organisation asked to take a track over may not read."""
    not_known = {"word": gettext_noop("not known")}
    parts: list[list] = []
    if "municipality" in changed:
        parts.append(
            [
                gettext_noop("municipality %(before)s → %(after)s"),
                {"before": before.name if before else not_known, "after": after.name if after else not_known},
            ]
        )
    if "place" in changed:
        parts.append([gettext_noop("place or address changed"), {}])
    if "forms" in changed:
        parts.append(
            [
                gettext_noop("forms of exploitation %(before)s → %(after)s"),
                {"before": _form_names(forms_before), "after": _form_names(forms_after)},
            ]
        )
    if reason.strip():
        parts.append(["", {"text": reason.strip()}])
    return {"heading": gettext_noop("Signal changed"), "parts": parts}


_SHOWN_SALT = "samen.casework.signal_form"


def _as_compared(values: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values (initial or cleaned) as compared: the municipality's id, the forms in order."""
    municipality = values.get("municipality")
    return {
        "municipality": municipality.pk if municipality is not None else None,
        "place": (values.get("place") or "").strip(),
        "forms": sorted(values.get("form_codes") or []),
    }


def shown_digests(signal: Signal, values: Mapping[str, Any]) -> str:
    """What the change form showed (`shown_values`), from its initial values."""
    return shown_values.shown_digests(_SHOWN_SALT, signal.pk, _as_compared(values))


def changed_since_shown(signal: Signal, values: Mapping[str, Any], shown: str) -> set[str]:
    """What the user changed in the form: only that is written (`signal_change`'s `only`)."""
    return set(shown_values.changed_since_shown(_SHOWN_SALT, signal.pk, _as_compared(values), shown))


@transaction.atomic
def signal_change(
    *,
    signal: Signal,
    actor: Any,
    municipality: Municipality | None,
    place: str,
    form_codes: Iterable[str],
    reason: str = "",
    only: Collection[str] | None = None,
) -> SignalChange:
    """Change the signal's municipality, place and forms, and route it again if routing reads what changed.

    Only whoever may act on one of the signal's tracks may (`permissions.can_change_signal`); others
    get `PermissionDenied`; an unknown form code gives `ValidationError`. Changing nothing writes nothing.
    `municipality` may stay None on a signal whose reporter did not know it, never become None.
    With `only` ("municipality", "place", "forms": what the user changed in the form), the others
    keep what the signal says now, which a colleague may have changed since the form was opened.
    """
    # Lock the signal so two corrections at once are applied, and routed, one after the other.
    signal = (
        Signal.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .prefetch_related("tracks")
        .get(pk=signal.pk)
    )
    if not permissions.can_change_signal(actor, signal):
        raise PermissionDenied(_("Only an owner can change this signal."))
    place = place.strip()
    forms_before = set(signal.forms.values_list("code", flat=True))
    forms_after = set(form_codes)
    if only is not None:
        municipality = municipality if "municipality" in only else signal.municipality
        place = place if "place" in only else signal.place
        forms_after = forms_after if "forms" in only else forms_before
    unknown = forms_after - set(ExploitationForm.objects.filter(code__in=forms_after).values_list("code", flat=True))
    if unknown:
        raise ValidationError(_("Unknown form of exploitation: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    if municipality is None and signal.municipality_id is not None:
        raise ValidationError(_("Choose a municipality: a signal that has one keeps one."))
    changed = [
        name
        for name, differs in (
            ("municipality", (municipality.pk if municipality else None) != signal.municipality_id),
            ("place", place != signal.place),
            ("forms", forms_after != forms_before),
        )
        if differs
    ]
    if not changed:
        return SignalChange()
    if "place" in changed and person_changes.identities_removed(signal):
        raise ValidationError(person_changes.IDENTITIES_REMOVED, code="identities_removed")

    before = signal.municipality
    if municipality is not None:  # with its regions, which routing reads
        municipality = municipalities_with_regions().get(pk=municipality.pk)
    signal.municipality = municipality
    signal.place = place
    update = ["municipality", "place"]
    if "place" in changed:  # the de-identified text contains the place
        update += intake_services.deidentify_again(signal)
    signal.save(update_fields=update)
    if "forms" in changed:
        signal.forms.set(sorted(forms_after))
    if ROUTING_FIELDS & set(changed):  # what the insights count the signal by
        hooks.signal_corrected.send(
            sender=Signal,
            signal_id=signal.pk,
            municipality_before=before.code if before else "",
            forms_before=sorted(forms_before),
        )

    said = _description(
        before=before,
        after=municipality,
        forms_before=forms_before,
        forms_after=forms_after,
        changed=changed,
        reason=reason,
    )
    services.note_on_every_track(signal=signal, actor=actor, said=said)
    audit.record(
        actor=actor,
        action=audit.Action.WRITE,
        object_type="signal",
        object_id=signal.pk,
        fields=changed,
        activity=audit.CASEWORK,
        origin="casework.signal_change",
    )
    rerouted = bool(ROUTING_FIELDS & set(changed))
    moved = services.signal_reroute(signal=signal, actor=actor) if rerouted else []
    return SignalChange(changed=tuple(changed), moved=moved)
