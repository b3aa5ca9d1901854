"""The access policy: one place that answers "may this user do this, to this, for this purpose?".

    decide(user, action, signal, category=..., purpose=...) -> Decision
    decide_many(user, action, signals, ...) -> {signal id: Decision}
    may(...) -> bool
    visible_signals(user, purpose, category=...) -> QuerySet of signals

Relationships that give access to a signal record, in the order they are tried:

1. assignee of one of its tracks;
2. member (case worker, coordinator, table member, intake officer) of an organisation that owns one
   of its tracks; identifying, special-category and criminal-law data, and changes, only for its case
   workers and coordinators; an organisation asked to take a track over sees the status and the de-identified summary;
3. break the glass: a stated reason, time-limited, reviewed by the privacy officer;
4. table member of an organisation that is party to a sharing agreement in force that covers the
   purpose, the data category and the signal's area, with an owner of the signal as another party;
5. the reporting organisation: the status only.

Analysts see aggregates only, never a record; privacy officers see the audit only; administrators
manage, they do not read records. A privacy officer manages the sharing agreements its own
organisation is a party to, and no others. No setting or flag switches a check off, and `is_superuser`
gives nothing by itself: superuser access is its own action that needs a reason and is audited.

Agreements and break-the-glass rows are read from the database at every decision (nothing is cached
beyond the call), so a revoked or expired agreement stops access at once.

Casework sits above privacy in the layering: tracks are read through the reverse relation
`signal.tracks` (`owner_id`, `assignee_id`), never by importing casework.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.accounts.models import Role
from samen.privacy.models import BreakGlassAccess, DataCategory, Purpose, SharingAgreement


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_AUDIT = "view_audit"
    MANAGE_AGREEMENTS = "manage_agreements"
    BREAK_GLASS = "break_glass"
    REPORT = "report"
    REPORT_ON_BEHALF = "report_on_behalf"
    LIST_REPORTED = "list_reported"
    SUPERUSER_ACCESS = "superuser_access"


class Basis(StrEnum):
    NONE = ""
    BREAK_GLASS = "break_glass"
    ASSIGNEE = "assignee"
    OWNER = "owner_organisation"
    TRANSFER = "transfer_receiver"
    AGREEMENT = "agreement"
    REPORTER = "reporting_organisation"
    ROLE = "role"
    SUPERUSER = "superuser"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    basis: Basis = Basis.NONE
    agreement: SharingAgreement | None = None

    def __bool__(self) -> bool:
        return self.allowed


# Roles that work on records; the others work on aggregates, the audit or administration.
RECORD_ROLES = frozenset({Role.CASE_WORKER, Role.COORDINATOR, Role.TABLE_MEMBER, Role.INTAKE_OFFICER})
# Roles that see the aggregated figures of `samen.insights`.
AGGREGATE_ROLES = frozenset({Role.ANALYST, Role.COORDINATOR, Role.TABLE_MEMBER, Role.NATIONAL_ADMIN})
# Roles that may change a record of their own organisation.
CHANGE_ROLES = frozenset({Role.CASE_WORKER, Role.COORDINATOR})
# Purposes of the follow-up; the owning organisation works for any of them.
CASEWORK_PURPOSES = frozenset({Purpose.CARE, Purpose.INVESTIGATION, Purpose.ADMINISTRATIVE, Purpose.JOINT_DECISION})
RECORD_ACTIONS = frozenset({Action.VIEW, Action.CHANGE, Action.EXPORT})
# Need to know inside the owning organisation: identities, special categories and criminal-law data
# are for its case workers and coordinators, not for everyone with a record role there.
SENSITIVE = frozenset({DataCategory.IDENTIFYING, DataCategory.SPECIAL, DataCategory.CRIMINAL})
# An organisation asked to take a track over decides on the status and the de-identified summary.
RECEIVER_CATEGORIES = frozenset({DataCategory.STATUS, DataCategory.SUMMARY})


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _has_any(user, roles) -> bool:
    return any(user.has_role(role) for role in roles)


def _deny(reason: str) -> Decision:
    return Decision(False, reason)


def active_agreements(*, organisation_id: int | None = None, day=None):
    """Agreements in force today (fresh from the database), optionally those with this party."""
    day = day or timezone.localdate()
    qs = SharingAgreement.objects.filter(revoked_at__isnull=True, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    if organisation_id is not None:
        qs = qs.filter(parties=organisation_id)
    return qs.prefetch_related("parties", "regions")


def _signal_regions(signal) -> set[int]:
    m = signal.municipality
    if m is None:  # the reporter did not know where: in no region, so no regional agreement covers it
        return set()
    return {m.province_id, m.safety_region_id, m.police_unit_id, m.riec_id}


def agreement_covers(agreement: SharingAgreement, signal, owners: set[int], *, category: str, purpose: str) -> bool:
    """Does this agreement let its parties see this category of this signal for this purpose?"""
    if purpose not in agreement.purposes or category not in agreement.categories:
        return False
    parties = {o.pk for o in agreement.parties.all()}
    if not owners & parties:
        return False
    regions = {r.pk for r in agreement.regions.all()}
    return not regions or bool(regions & _signal_regions(signal))


def _tracks(signal) -> list[tuple[int, int | None, int | None]]:
    """(owner, assignee, organisation asked to take over) per track; prefetched tracks are used."""
    tracks = getattr(signal, "tracks", None)
    if tracks is None:
        return []
    return [(t.owner_id, t.assignee_id, getattr(t, "transfer_to_id", None)) for t in tracks.all()]


class _Lookups:
    """The rows a decision may need beyond the signal: read at most once per call, only when asked.

    One `decide` makes its own; `decide_many` shares one over all its signals, so deciding for a
    whole agenda or list costs the same few queries however long it is.
    """

    def __init__(self, user, signal_ids=None) -> None:
        self.user, self.signal_ids = user, signal_ids
        self._glass: set[int] | None = None
        self._agreements: list[SharingAgreement] | None = None

    def break_glass(self, signal) -> bool:
        if self._glass is None:
            rows = BreakGlassAccess.objects.filter(user=self.user, expires_at__gt=timezone.now())
            ids = self.signal_ids if self.signal_ids is not None else [signal.pk]
            self._glass = set(rows.filter(signal__in=ids).values_list("signal_id", flat=True))
        return signal.pk in self._glass

    def agreements(self) -> list[SharingAgreement]:
        if self._agreements is None:
            self._agreements = list(active_agreements(organisation_id=self.user.organisation_id))
        return self._agreements


def decide(
    user, action: str, obj=None, *, category: str = DataCategory.STATUS, purpose: str = Purpose.CARE, reason: str = ""
) -> Decision:
    """Decide one access. `obj` is a signal for record actions, a sharing agreement (or None) for
    MANAGE_AGREEMENTS, and None for the others."""
    return _decide(user, action, obj, category=category, purpose=purpose, reason=reason, lookups=_Lookups(user))


def decide_many(
    user, action: str, signals, *, category: str = DataCategory.STATUS, purpose: str = Purpose.CARE
) -> dict[int, Decision]:
    """`decide` for each of several signals (with their tracks prefetched): signal id → decision.

    The same rules as `decide`, with agreements and break-the-glass rows read once for all of them.
    """
    signals = list(signals)
    lookups = _Lookups(user, [signal.pk for signal in signals])
    return {
        signal.pk: _decide(user, action, signal, category=category, purpose=purpose, lookups=lookups)
        for signal in signals
    }


def _decide(user, action: str, obj, *, category: str, purpose: str, lookups: _Lookups, reason: str = "") -> Decision:
    action = Action(action)
    if not _active(user):
        return _deny(_("You are not logged in."))

    if action is Action.SUPERUSER_ACCESS:
        if not user.is_superuser:
            return _deny(_("Only a superuser can use superuser access."))
        if not reason.strip():
            return _deny(_("Superuser access needs a stated reason."))
        return Decision(True, _("Superuser access with a stated reason; it is logged."), Basis.SUPERUSER)

    if action is Action.VIEW_AGGREGATES:
        # The phenomenon picture is for analysts, the regional coordinators and tables, and the
        # national administrator; it shows suppressed counts only, never a record.
        if _has_any(user, AGGREGATE_ROLES):
            return Decision(True, _("You see aggregated figures, with small numbers suppressed."), Basis.ROLE)
        return _deny(
            _("Only analysts, coordinators, table members and the national administrator see aggregated figures.")
        )
    if action is Action.VIEW_AUDIT:
        if user.has_role(Role.PRIVACY_OFFICER):
            return Decision(True, _("Privacy officers supervise the audit log."), Basis.ROLE)
        return _deny(_("Only privacy officers see the audit log."))
    if action is Action.MANAGE_AGREEMENTS:
        if obj is not None:
            return agreement_parties_decision(user, [party.pk for party in obj.parties.all()])
        if user.has_role(Role.PRIVACY_OFFICER):
            return Decision(True, _("Privacy officers manage sharing agreements."), Basis.ROLE)
        return _deny(_("Only privacy officers manage sharing agreements."))
    if action is Action.REPORT:
        return Decision(True, _("Every professional may report a signal."), Basis.ROLE)
    if action is Action.REPORT_ON_BEHALF:
        if user.has_role(Role.INTAKE_OFFICER):
            return Decision(True, _("Intake officers enter signals on behalf of reporters."), Basis.ROLE)
        return _deny(_("Only intake officers enter signals on behalf of a reporter."))
    if action is Action.LIST_REPORTED:
        # The list of the signals an organisation reported shows what the reporting-organisation
        # basis below shows of each one: their status.
        if _has_any(user, RECORD_ROLES) and user.organisation_id:
            return Decision(True, _("Your organisation sees the status of the signals it reported."), Basis.REPORTER)
        return _deny(_("Only professionals who work on records see the signals their organisation reported."))
    if action is Action.BREAK_GLASS:
        if _has_any(user, RECORD_ROLES) and user.organisation_id:
            return Decision(True, _("Professionals who work on records may break the glass with a reason."), Basis.ROLE)
        return _deny(_("Only professionals who work on records may break the glass."))

    # Record actions from here on.
    if obj is None:
        return _deny(_("There is nothing to access."))
    category = DataCategory(category)
    purpose = Purpose(purpose)
    signal = obj
    tracks = _tracks(signal)
    owners = {owner for owner, _assignee, _transfer in tracks}
    receivers = {transfer for _owner, _assignee, transfer in tracks if transfer}
    record_role = _has_any(user, RECORD_ROLES)

    if purpose in CASEWORK_PURPOSES:
        if any(assignee == user.pk for _owner, assignee, _transfer in tracks) and record_role:
            return Decision(True, _("A track of this signal is assigned to you."), Basis.ASSIGNEE)
        owner_member = record_role and user.organisation_id in owners
        need_to_know = (action is not Action.CHANGE and category not in SENSITIVE) or _has_any(user, CHANGE_ROLES)
        if owner_member and need_to_know:
            return Decision(True, _("Your organisation owns a track of this signal."), Basis.OWNER)
        if owner_member and action is Action.CHANGE:
            return _deny(_("Only case workers and coordinators change a signal."))
        if (
            action is Action.VIEW
            and record_role
            and user.organisation_id in receivers
            and category in RECEIVER_CATEGORIES
        ):
            return Decision(True, _("Your organisation is asked to take over a track of this signal."), Basis.TRANSFER)
        # Asked only when no ordinary relationship applies, so an owner's page costs no query here.
        if action is Action.VIEW and record_role and lookups.break_glass(signal):
            return Decision(
                True, _("You broke the glass for this signal; the access is logged and reviewed."), Basis.BREAK_GLASS
            )
        if action is Action.VIEW and user.has_role(Role.TABLE_MEMBER) and user.organisation_id:
            for agreement in lookups.agreements():
                if agreement_covers(agreement, signal, owners, category=category, purpose=purpose):
                    return Decision(
                        True,
                        _("Shared through the sharing agreement “%(name)s”.") % {"name": agreement.name},
                        Basis.AGREEMENT,
                        agreement,
                    )

    if (
        action is Action.VIEW
        and category is DataCategory.STATUS
        and purpose in (Purpose.STATUS, *CASEWORK_PURPOSES)
        and user.organisation_id
        and signal.organisation_id == user.organisation_id
        and record_role
    ):
        return Decision(True, _("Your organisation reported this signal; it sees the status."), Basis.REPORTER)
    if record_role and user.organisation_id in owners and purpose in CASEWORK_PURPOSES:
        # Only sensitive data come here (`need_to_know`): an intake officer was told that their
        # organisation only reported the signal, under its full description (found by exploratory testing).
        return _deny(
            _("Identifying and sensitive data are for the case workers and coordinators of the owning organisation.")
        )
    if record_role and user.organisation_id in receivers and purpose in CASEWORK_PURPOSES:
        # Also when it reported the signal: it reads the de-identified signal as the one asked, not as the reporter.
        return _deny(_("Your organisation is asked to take over a track of this signal: it sees this once it accepts."))
    if record_role and user.organisation_id and signal.organisation_id == user.organisation_id:
        reported = _(
            "Your organisation reported this signal: it sees its status and who follows it up, not what was reported."
        )
        return _deny(reported)

    if user.has_role(Role.ANALYST) and not record_role:
        return _deny(_("Analysts see aggregated figures, never a single signal."))
    if user.has_role(Role.PRIVACY_OFFICER) and not record_role:
        return _deny(_("Privacy officers see the audit log, not the signals themselves."))
    return _deny(_("No relationship or sharing agreement gives you access to this for this purpose."))


def agreement_parties_decision(user, party_ids) -> Decision:
    """May this user create, change or revoke a sharing agreement between these organisations (ids)?

    Only a privacy officer of one of the parties: an officer answers for what its own organisation
    shares, not for what others agree among themselves (an officer of one municipality opened, changed
    and revoked other regions' agreements, and made new ones between two other organisations: found by
    exploratory testing). So a new or changed agreement keeps the officer's own organisation as a
    party. No role manages all agreements: the national administrator manages routing, not sharing.
    `decide(user, MANAGE_AGREEMENTS, agreement)` asks this of the agreement's current parties, and
    `agreements_managed_by` lists the agreements for which the answer is yes.
    """
    if not _active(user):
        return _deny(_("You are not logged in."))
    if not user.has_role(Role.PRIVACY_OFFICER):
        return _deny(_("Only privacy officers manage sharing agreements."))
    if not user.organisation_id or user.organisation_id not in {int(pk) for pk in party_ids}:
        return _deny(_("Your organisation must be one of the parties: you manage only its own sharing agreements."))
    return Decision(True, _("Your organisation is a party to this sharing agreement."), Basis.ROLE)


def agreements_managed_by(user) -> QuerySet[SharingAgreement]:
    """The agreements this user may open, change and revoke (see `agreement_parties_decision`)."""
    if not _active(user) or not user.has_role(Role.PRIVACY_OFFICER) or not user.organisation_id:
        return SharingAgreement.objects.none()
    return SharingAgreement.objects.filter(parties=user.organisation_id)


def may(
    user, action: str, obj=None, *, category: str = DataCategory.STATUS, purpose: str = Purpose.CARE, reason: str = ""
) -> bool:
    return decide(user, action, obj, category=category, purpose=purpose, reason=reason).allowed


def _signal_model():
    return apps.get_model("intake", "Signal")


def _tracks_installed() -> bool:
    """Casework adds `signal.tracks`; before it is installed no signal has an owner."""
    return "tracks" in {f.name for f in _signal_model()._meta.get_fields()}


def visible_signals_q(user, purpose: str = Purpose.CARE, *, category: str = DataCategory.STATUS) -> Q | None:
    """The filter behind `visible_signals`; None means nothing is visible."""
    if not _active(user) or not _has_any(user, RECORD_ROLES):
        return None
    purpose = Purpose(purpose)
    category = DataCategory(category)
    q = Q(pk__in=[])
    if purpose in CASEWORK_PURPOSES:
        glass_ids = BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now()).values("signal_id")
        q |= Q(pk__in=glass_ids)
        if _tracks_installed():
            q |= Q(tracks__assignee=user.pk)
        if user.organisation_id and _tracks_installed():
            if category not in SENSITIVE or _has_any(user, CHANGE_ROLES):
                q |= Q(tracks__owner=user.organisation_id)
            if category in RECEIVER_CATEGORIES:
                q |= Q(tracks__transfer_to=user.organisation_id)
            if user.has_role(Role.TABLE_MEMBER):
                for agreement in active_agreements(organisation_id=user.organisation_id):
                    if purpose not in agreement.purposes or category not in agreement.categories:
                        continue
                    part = Q(tracks__owner__in=[o.pk for o in agreement.parties.all()])
                    regions = [r.pk for r in agreement.regions.all()]
                    if regions:
                        part &= (
                            Q(municipality__province__in=regions)
                            | Q(municipality__safety_region__in=regions)
                            | Q(municipality__police_unit__in=regions)
                            | Q(municipality__riec__in=regions)
                        )
                    q |= part
    if category is DataCategory.STATUS and user.organisation_id and purpose in (Purpose.STATUS, *CASEWORK_PURPOSES):
        q |= Q(organisation=user.organisation_id)
    return q


def visible_signals(
    user, purpose: str = Purpose.CARE, *, category: str = DataCategory.STATUS, queryset: QuerySet | None = None
) -> QuerySet:
    """Signals this user may see (this category of, for this purpose): for lists, searches, exports."""
    qs = queryset if queryset is not None else _signal_model().objects.all()
    q = visible_signals_q(user, purpose, category=category)
    if q is None:
        return qs.none()
    # A subquery keeps the outer queryset free of joins (no duplicates, orderable, countable).
    return qs.filter(pk__in=_signal_model().objects.filter(q).values("pk"))


def check(
    user,
    action: str,
    obj=None,
    *,
    category: str = DataCategory.STATUS,
    purpose: str = Purpose.CARE,
    reason: str = "",
    origin: str = "privacy",
) -> Decision:
    """`decide`, and write what must be accounted for to the audit log.

    Denials, break-the-glass reads and superuser access are logged here; ordinary allowed reads are
    logged by the view that discloses the data (it knows which fields it shows).
    """
    from samen.privacy.auditing import audit

    decision = decide(user, action, obj, category=category, purpose=purpose, reason=reason)
    if not decision.allowed:
        audit(actor=user, action=str(action), obj=obj, result="denied", origin=origin, fields=[category])
    elif decision.basis in (Basis.BREAK_GLASS, Basis.SUPERUSER):
        audit(
            actor=user,
            action="break_glass" if decision.basis is Basis.BREAK_GLASS else "superuser_access",
            obj=obj,
            origin=origin,
            fields=[category],
        )
    return decision
