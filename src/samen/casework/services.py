"""Writes of casework. One service = one transaction: the change, its `TrackEvent` row, and the
side effects (e-mail) registered with `on_commit`.

The signaaltafel (`samen.meetings`) records its decisions with `track_decision_record` and
flags tracks with `track_flag_for_table`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samen import audit
from samen.accounts.models import Role, User
from samen.casework import deadlines, notice_mail, notices, permissions, workflow
from samen.casework.models import Case, CaseSignal, Notification, SignalTrack, TrackAction, TrackEvent, TrackNote
from samen.casework.notices import Notice
from samen.casework.workflow import Event, State
from samen.intake import services as intake_services
from samen.intake.models import PublicStatus, Signal
from samen.partners.models import ContactPoint, Organisation, OrganisationType
from samen.routing import engine as routing_engine
from samen.routing.engine import Decision

# --- helpers ------------------------------------------------------------------------------------


def _event(
    track: SignalTrack,
    kind: str,
    *,
    actor: Any = None,
    reason: str = "",
    reason_parts: dict | None = None,
    event: str = "",
    from_state: str = "",
    to_state: str = "",
) -> TrackEvent:
    """The timeline row of a change, and its audit entry in the same transaction.

    Every casework write passes through here, so every one is in the audit log: who, which
    signal, which category of data changed (no content). Words of our own go in as `reason_parts`
    (`_words`), shown in each reader's language; `reason` then keeps them in Dutch, for the record.
    """
    if reason_parts and not reason:
        reason = routing_engine.reason_in_dutch(reason_parts)
    user = actor if getattr(actor, "is_authenticated", False) else None
    row = TrackEvent.objects.create(
        track=track,
        kind=kind,
        event=event,
        from_state=from_state,
        to_state=to_state,
        actor=user,
        organisation_id=getattr(user, "organisation_id", None),
        reason=reason,
        reason_parts=reason_parts or {},
    )
    audit.record(
        actor=user or "system:casework",
        action=audit.Action.WRITE,
        object_type="signal",
        object_id=track.signal_id,
        fields=[_EVENT_FIELDS.get(kind, "status")],
        activity=audit.SIGNAL_TABLE if kind in (TrackEvent.Kind.FLAGGED, TrackEvent.Kind.DECISION) else audit.CASEWORK,
        origin=f"casework.{kind}",
    )
    return row


def _words(message: str, **values: str) -> dict:
    """An event's reason in our words as data, for `_event`: stored in one language, a sentence
    such as "Actie toegevoegd: …" read in Dutch by an English reader (and the other way round)."""
    return {"parts": [[message, values]]}


# The category of data each kind of timeline event writes: free text is what may name people.
_EVENT_FIELDS = {
    TrackEvent.Kind.ACTION: "free_text",
    TrackEvent.Kind.NOTE: "free_text",
    TrackEvent.Kind.DECISION: "free_text",
    TrackEvent.Kind.REPORTER_MESSAGE: "free_text",
    TrackEvent.Kind.FLAGGED: "free_text",
}


def _audit_case(case: Case, actor: Any, origin: str, signal_ids: Iterable[int]) -> None:
    audit.record_many(
        actor=actor,
        action=audit.Action.WRITE,
        object_type="signal",
        object_ids=list(signal_ids),
        fields=["case"],
        activity=audit.CASEWORK,
        origin=origin,
    )


def note_on_every_track(*, signal: Signal, actor: Any, said: dict) -> None:
    """A note on the timeline of each of the signal's tracks, as `reason_parts` (read in each
    reader's language) with its Dutch text: a correction of the signal concerns both sides."""
    TrackEvent.objects.bulk_create(
        TrackEvent(
            track=track,
            kind=TrackEvent.Kind.NOTE,
            actor=actor,
            organisation_id=actor.organisation_id,
            reason=routing_engine.reason_in_dutch(said),
            reason_parts=said,
            from_state=track.state,
            to_state=track.state,
        )
        for track in signal.tracks.all()
    )


def workers_of(organisation_id: int) -> list[User]:
    """Case workers and coordinators of an organisation: who is told about its tracks."""
    return list(
        User.objects.filter(
            organisation_id=organisation_id,
            is_active=True,
            role_assignments__role__in=permissions.WORKING_ROLES,
        ).distinct()
    )


def coordinators_for(track: SignalTrack) -> list[User]:
    """Coordinators of the owner and of the regional care coordinator of the signal's place.

    The regional care coordinator is found by the signal's police unit (or the safety region that
    some units' coordination is organised by) or by its municipality; it is told about every
    escalation in its region, whoever owns the track.
    """
    municipality = track.signal.municipality
    who = Q(organisation_id=track.owner_id)
    if municipality is None:
        # No region to tell: the owners of the signal's other track watch in its place (the
        # national fallbacks, as no regional rule could take it), so an escalation reaches someone.
        who |= Q(organisation_id__in=SignalTrack.objects.filter(signal_id=track.signal_id).values("owner_id"))
    else:
        region_ids = [municipality.police_unit_id, municipality.safety_region_id]
        who |= Q(organisation__type=OrganisationType.CARE_COORDINATOR) & (
            Q(organisation__regions__in=region_ids) | Q(organisation__municipalities=municipality)
        )
    return list(
        User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)
        .filter(who)
        .distinct()
        .order_by("pk")
    )


def notify(
    *,
    users: Iterable[User],
    track: SignalTrack | None,
    notice: Notice,
    contact_points: Iterable[ContactPoint] = (),
    subject: Notice | None = None,
) -> int:
    """In-app notification rows now; e-mail after the commit to the users and the contact points'
    addresses, each in its reader's language (`notice_mail`). Returns the number of users told."""
    users = list({u.pk: u for u in users}.values())
    text = notice.dutch()
    Notification.objects.bulk_create(
        Notification(user=u, track=track, text=text[:300], message=notice.message, values=notice.values) for u in users
    )
    notice_mail.send_after_commit(
        users=users,
        contact_points=contact_points,
        track_id=track.pk if track else None,
        notice=notice,
        subject=subject,
    )
    return len(users)


def track_label_value(track: SignalTrack) -> list:
    """ "slachtofferspoor MH-…" as a notice's value, shown in the reader's language."""
    return [notices.choice(track, "kind"), track.signal.receipt_code]


_NOT_TAKEN = frozenset({State.NEW, State.TRANSFER_PENDING})


def _sync_public_status(signal: Signal, *, replied: bool = False) -> None:
    """received → being handled (a track was taken, or the reporter `replied` to) → handled (both
    tracks closed).

    A track sent on to another organisation before anyone took it ("new" to "transfer requested")
    is not taken: the reporter was told "being handled" while nobody had looked at the signal
    (found by exploratory testing). A track taken before it was sent on had made it so already.

    Never back to "received": an accepted transfer returns the track to "new" for its new owner,
    but the reporter was told it is being handled, perhaps with a reply under it already. A reply
    under "received" said that nobody had looked at the signal yet (found by exploratory testing).
    """
    states = list(SignalTrack.objects.filter(signal=signal).values_list("state", flat=True))
    if states and all(s in workflow.CLOSED_STATES for s in states):
        status = PublicStatus.HANDLED
    elif replied or any(s not in _NOT_TAKEN for s in states) or signal.public_status != PublicStatus.RECEIVED:
        status = PublicStatus.BEING_HANDLED
    else:
        status = PublicStatus.RECEIVED
    if signal.public_status != status:
        Signal.objects.filter(pk=signal.pk).update(public_status=status)
        signal.public_status = status


def signal_is_closed(signal: Signal) -> bool:
    """A signal is closed when both tracks have an outcome or a reasoned waiver."""
    states = [t.state for t in signal.tracks.all()]
    return len(states) == 2 and all(s in workflow.CLOSED_STATES for s in states)


def _first_contact_point(organisation_id: int) -> ContactPoint | None:
    return ContactPoint.objects.filter(organisation_id=organisation_id).order_by("position", "pk").first()


# --- opening and routing -----------------------------------------------------------------------


def track_open(*, signal: Signal, decision: Decision) -> tuple[SignalTrack, bool]:
    """Open one track with the routing decision as owner and reason; existing tracks are kept."""
    existing = SignalTrack.objects.filter(signal=signal, kind=decision.track).first()
    if existing is not None:
        return existing, False
    contact_id = decision.contact_point_id or getattr(_first_contact_point(decision.owner_id), "pk", None)
    track = SignalTrack.objects.create(
        signal=signal,
        kind=decision.track,
        owner_id=decision.owner_id,
        contact_point_id=contact_id,
        routing_rule_id=decision.rule_id,
        routing_reason=decision.reason,
        routing_reason_parts=decision.reason_parts,
        due_on=deadlines.due_on_for(decision.track, State.NEW),
    )
    _event(
        track, TrackEvent.Kind.OPENED, reason=decision.reason, reason_parts=decision.reason_parts, to_state=State.NEW
    )
    return track, True


@transaction.atomic
def signal_reroute(*, signal: Signal, actor: Any) -> list[SignalTrack]:
    """Route again after the place or forms changed; record the decision and move ownership if it changed.

    A track that moves starts anew at its new owner: state new, its deadline from today, nobody
    assigned, no transfer pending.
    """
    from samen.casework.pipeline import route_signal

    changed = []
    for decision in route_signal(signal):
        track = SignalTrack.objects.select_for_update().filter(signal=signal, kind=decision.track).first()
        if track is None:
            track, _created = track_open(signal=signal, decision=decision)
            changed.append(track)
            continue
        reason, parts = decision.reason, decision.reason_parts
        from_state = track.state
        if track.owner_id != decision.owner_id and not track.is_closed:
            previous = track.owner_id
            track.owner_id = decision.owner_id
            # The new owner starts it as if it had just come in, as after an accepted transfer: a
            # track that waited at the national fallback must not arrive overdue, nor one half
            # transferred stay waiting on an answer nobody will give.
            track.state = State.NEW
            track.due_on = deadlines.due_on_for(track.kind, State.NEW)
            track.escalated_for = None
            track.contact_point_id = decision.contact_point_id or getattr(
                _first_contact_point(decision.owner_id), "pk", None
            )
            track.assignee = None
            track.transfer_to = None
            track.routing_rule_id = decision.rule_id
            track.routing_reason, track.routing_reason_parts = reason, parts
            track.save()
            notice = Notice(
                gettext_noop("%(track)s was routed to your organisation."), {"track": track_label_value(track)}
            )
            notify(users=workers_of(track.owner_id), track=track, notice=notice)
            parts = {**parts, "previous": Organisation.objects.get(pk=previous).name}
            reason = routing_engine.reason_in_dutch(parts)
            changed.append(track)
        else:
            track.routing_reason, track.routing_reason_parts = reason, parts
            track.routing_rule_id = decision.rule_id
            track.save(update_fields=["routing_reason", "routing_reason_parts", "routing_rule_id", "updated_at"])
        _event(
            track,
            TrackEvent.Kind.REROUTED,
            actor=actor,
            reason=reason,
            reason_parts=parts,
            from_state=from_state,
            to_state=track.state,
        )
    return changed


# --- the state machine -------------------------------------------------------------------------


@transaction.atomic
def track_transition(
    *,
    track: SignalTrack,
    event: str,
    actor: Any,
    reason: str = "",
    outcome: str | None = None,
    transfer_to: Organisation | None = None,
) -> SignalTrack:
    """Apply one event of the transition table to a track and write the event row.

    Raises `workflow.TransitionError` when the table or a guard refuses.
    """
    track = SignalTrack.objects.select_for_update(of=("self",)).select_related("signal").get(pk=track.pk)
    previous = None
    if event == Event.REJECT_TRANSFER:
        asked = track.events.filter(event=Event.TRANSFER).order_by("-pk").values_list("from_state", flat=True).first()
        previous = asked or None
    new_state = workflow.next_state(track.state, event, reason=reason, outcome=outcome, previous=previous)
    old_state = track.state
    if event == Event.TRANSFER:
        if transfer_to is None or transfer_to.pk == track.owner_id:
            raise workflow.TransitionError("a transfer needs another organisation")
        track.transfer_to = transfer_to
    elif event == Event.ACCEPT_TRANSFER:
        track.routing_reason_parts = _taken_over_reason(track)
        track.routing_reason = routing_engine.reason_in_dutch(track.routing_reason_parts)
        # Open actions the previous owner had on the track move with it: nobody there sees it now.
        track.actions.filter(done_at__isnull=True, organisation_id=track.owner_id).update(
            organisation_id=track.transfer_to_id, owner=None
        )
        track.owner_id = track.transfer_to_id
        track.contact_point = _first_contact_point(track.owner_id)
        track.transfer_to = None
        track.assignee = None
    elif event == Event.REJECT_TRANSFER:
        track.transfer_to = None
    elif event == Event.RECORD_OUTCOME:
        track.outcome = outcome or ""
        track.closing_reason = reason
    elif event == Event.WAIVE:
        track.outcome = ""
        track.closing_reason = reason
    elif event == Event.REOPEN:
        track.outcome = ""
        track.closing_reason = ""
    if event == Event.TAKE and track.assignee_id is None and getattr(actor, "is_authenticated", False):
        track.assignee = actor
    track.state = new_state
    track.due_on = deadlines.due_on_for(track.kind, new_state)
    track.escalated_for = None
    track.save()
    detail, said = reason, {}
    if outcome:
        # The outcome's label in the reader's language, then the reason as typed.
        with translation.override(None):
            label = str(workflow.Outcome(outcome).label)  # its msgid
        detail, said = "", {"parts": [[label, {}]] + ([["", {"text": reason}]] if reason else [])}
    if event == Event.TRANSFER and transfer_to is not None:
        detail = f"→ {transfer_to.name}: {reason}".rstrip(": ")
    _event(
        track,
        TrackEvent.Kind.TRANSITION,
        actor=actor,
        reason=detail,
        reason_parts=said,
        event=event,
        from_state=old_state,
        to_state=new_state,
    )
    _sync_public_status(track.signal)
    label = track_label_value(track)
    if event == Event.TRANSFER and transfer_to is not None:
        notice = Notice(
            gettext_noop("%(track)s: your organisation is asked to take this track over."), {"track": label}
        )
        notify(users=workers_of(transfer_to.pk), track=track, notice=notice)
    elif event in (Event.ACCEPT_TRANSFER, Event.REJECT_TRANSFER):
        answer = gettext_noop("accepted") if event == Event.ACCEPT_TRANSFER else gettext_noop("rejected")
        notice = Notice(
            gettext_noop("%(track)s: the transfer was %(answer)s."), {"track": label, "answer": {"word": answer}}
        )
        last = track.events.filter(event=Event.TRANSFER).order_by("-pk").first()
        notify(
            users=workers_of(last.organisation_id) if last and last.organisation_id else [], track=track, notice=notice
        )
    return track


def _taken_over_reason(track: SignalTrack) -> dict:
    """ "Why this owner" after a transfer: taken over from the previous owner on a day, for the
    reason it was asked, not the routing rule that chose the previous owner
    (`routing.engine.reason_text` reads it)."""
    names = dict(Organisation.objects.filter(pk__in=[track.owner_id, track.transfer_to_id]).values_list("pk", "name"))
    previous = names.get(track.owner_id, "")
    asked = track.events.filter(event=Event.TRANSFER).order_by("-pk").first()
    why = asked.reason_for_transfer(names.get(track.transfer_to_id, "")) if asked else ""
    day = timezone.localdate().strftime("%d-%m-%Y")
    parts: list[list] = [
        [gettext_noop("taken over from %(organisation)s on %(day)s"), {"organisation": previous, "day": day}]
    ]
    if why:
        parts.append(["", {"text": why}])
    return {"owner": "", "parts": parts}


def track_transition_as(
    *,
    track: SignalTrack,
    event: str,
    actor: Any,
    reason: str = "",
    outcome: str | None = None,
    transfer_to: Organisation | None = None,
) -> SignalTrack:
    """`track_transition` for a user acting through the interface: checks who may fire the event."""
    track = SignalTrack.objects.get(pk=track.pk)  # decide on the stored owner, not a stale copy
    allowed = (
        permissions.can_decide_transfer(actor, track)
        if event in (Event.ACCEPT_TRANSFER, Event.REJECT_TRANSFER)
        else permissions.can_act_on_track(actor, track)
    )
    if not allowed:
        raise PermissionDenied(_("You may not change this track."))
    return track_transition(
        track=track, event=event, actor=actor, reason=reason, outcome=outcome, transfer_to=transfer_to
    )


@transaction.atomic
def track_assign(*, track: SignalTrack, assignee: User | None, actor: Any) -> SignalTrack:
    if assignee is not None and assignee.organisation_id != track.owner_id:
        raise ValidationError(_("Only a member of the owning organisation can be assigned."))
    track.assignee = assignee
    track.save(update_fields=["assignee", "updated_at"])
    _event(track, TrackEvent.Kind.ASSIGNED, actor=actor, reason=assignee.get_full_name() if assignee else "")
    return track


# --- actions, notes, reporter --------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    track: SignalTrack,
    description: str,
    actor: Any,
    organisation: Organisation | None = None,
    owner: User | None = None,
    due_on: datetime.date | None = None,
) -> TrackAction:
    organisation_id = organisation.pk if organisation else (owner.organisation_id if owner else track.owner_id)
    action = TrackAction.objects.create(
        track=track,
        description=description,
        organisation_id=organisation_id,
        owner=owner,
        due_on=due_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(
        track,
        TrackEvent.Kind.ACTION,
        actor=actor,
        reason_parts=_words(gettext_noop("Action added: %(a)s"), a=description),
    )
    if owner is not None and owner != actor:
        # The description is free text and may name people: it stays in the app, not in e-mail.
        notice = Notice(gettext_noop("New action for you on %(track)s."), {"track": track_label_value(track)})
        notify(users=[owner], track=track, notice=notice)
    return action


@transaction.atomic
def action_set_done(*, action: TrackAction, done: bool, actor: Any) -> TrackAction:
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    label = gettext_noop("Action done: %(a)s") if done else gettext_noop("Action reopened: %(a)s")
    _event(action.track, TrackEvent.Kind.ACTION, actor=actor, reason_parts=_words(label, a=action.description))
    return action


@transaction.atomic
def note_add(*, track: SignalTrack, text: str, actor: Any) -> TrackNote:
    note = TrackNote.objects.create(track=track, text=text, author=actor)
    _event(track, TrackEvent.Kind.NOTE, actor=actor, reason_parts=_words(gettext_noop("Note added")))
    return note


@transaction.atomic
def reporter_message_send(*, signal: Signal, text: str, actor: Any) -> None:
    """A message the reporter reads on the public status page; recorded on the owner's tracks."""
    if not permissions.can_message_reporter(actor, signal):
        raise PermissionDenied(_("Only an owning organisation can write to the reporter."))
    intake_services.reporter_message_add(signal=signal, text=text, organisation=actor.organisation)
    _sync_public_status(signal, replied=True)
    for track in signal.tracks.filter(owner_id=actor.organisation_id):
        # The text itself lives once, with the reporter message; the timeline says that one was sent.
        said = _words(gettext_noop("Message sent to the reporter."))
        _event(track, TrackEvent.Kind.REPORTER_MESSAGE, actor=actor, reason_parts=said)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


# --- signaaltafel hooks ------------------------------------------------------------------------


@transaction.atomic
def track_flag_for_table(*, track: SignalTrack, actor: Any, reason: str, flag: bool = True) -> SignalTrack:
    """The owner asks the signaaltafel for a joint decision (or withdraws the request)."""
    track.needs_joint_decision = flag
    track.save(update_fields=["needs_joint_decision", "updated_at"])
    if flag:
        _event(track, TrackEvent.Kind.FLAGGED, actor=actor, reason=reason)
    else:
        _event(
            track, TrackEvent.Kind.FLAGGED, actor=actor, reason_parts=_words(gettext_noop("Removed from the agenda"))
        )
    return track


@transaction.atomic
def track_decision_record(
    *,
    track: SignalTrack,
    decision: str,
    actor: Any,
    action_description: str = "",
    action_organisation: Organisation | None = None,
    action_due_on: datetime.date | None = None,
    settled: bool = True,
) -> TrackAction | None:
    """A decision of the signaaltafel on a track, optionally with an action for an organisation.

    `settled` takes the track off the agenda. The decision lands on the track's timeline.
    """
    _event(track, TrackEvent.Kind.DECISION, actor=actor, reason=decision)
    if settled and track.needs_joint_decision:
        track.needs_joint_decision = False
        track.save(update_fields=["needs_joint_decision", "updated_at"])
    if action_description:
        return action_add(
            track=track,
            description=action_description,
            actor=actor,
            organisation=action_organisation,
            due_on=action_due_on,
        )
    return None


# --- escalation --------------------------------------------------------------------------------


def escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Escalate every overdue open track once per deadline to the contact point's backup and the
    regional coordinator, by e-mail and in-app notification, and record it on the timeline."""
    today = today or timezone.localdate()
    overdue = (
        SignalTrack.objects.filter(state__in=workflow.OPEN_STATES, due_on__lt=today)
        .filter(Q(escalated_for__isnull=True) | ~Q(escalated_for=F("due_on")))
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(overdue):
        with transaction.atomic():
            track = (
                # Lock the track row only: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
                SignalTrack.objects.select_for_update(of=("self",))
                .select_related("signal__municipality", "contact_point__backup", "owner")
                .get(pk=pk)
            )
            if track.escalated_for == track.due_on or track.is_closed:
                continue
            backup = track.contact_point.backup if track.contact_point else None
            coordinators = coordinators_for(track)
            notice = Notice(
                gettext_noop("%(track)s at %(owner)s is past its deadline of %(due)s."),
                {
                    "track": track_label_value(track),
                    "owner": track.owner.name,
                    "due": track.due_on.strftime("%d-%m-%Y") if track.due_on else "",
                },
            )
            who = [str(backup)] if backup else []
            who += [u.get_full_name() or u.username for u in coordinators]
            said = (
                _words(gettext_noop("Escalated to %(who)s."), who=", ".join(who))
                if who
                else _words(gettext_noop("Escalated to nobody (no backup or coordinator)."))
            )
            notify(
                users=coordinators,
                track=track,
                notice=notice,
                contact_points=[backup] if backup else [],
                subject=notice,
            )
            track.escalated_for = track.due_on
            track.save(update_fields=["escalated_for"])
            _event(track, TrackEvent.Kind.ESCALATED, reason_parts=said, from_state=track.state, to_state=track.state)
            count += 1
    return count


# --- cases ---------------------------------------------------------------------------------------


@transaction.atomic
def case_create(*, title: str, actor: User, signals: Iterable[Signal] = ()) -> Case:
    if not permissions.can_manage_cases(actor):
        raise PermissionDenied(_("Only case workers can make cases."))
    case = Case.objects.create(title=title, organisation_id=actor.organisation_id, created_by=actor)
    for signal in signals:
        case_add_signal(case=case, signal=signal, actor=actor)
    return case


@transaction.atomic
def case_add_signal(*, case: Case, signal: Signal, actor: User) -> CaseSignal:
    membership, created = CaseSignal.objects.get_or_create(case=case, signal=signal, defaults={"added_by": actor})
    if created:
        _audit_case(case, actor, "casework.case_add_signal", [signal.pk])
    return membership


@transaction.atomic
def case_remove_signal(*, case: Case, signal: Signal, actor: User) -> None:
    deleted, _rows = CaseSignal.objects.filter(case=case, signal=signal).delete()
    if deleted:
        _audit_case(case, actor, "casework.case_remove_signal", [signal.pk])
