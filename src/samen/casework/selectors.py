"""Reads of casework, each with its access rule built in (`permissions.py`).

Every read of a signal's detail goes through `signal_get_for_user` and `signal_page`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Case, F, Max, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.casework import permissions, workflow
from samen.casework.models import Case as CaseModel
from samen.casework.models import CaseSignal, Notification, SignalTrack, TrackAction, TrackEvent, TrackNote
from samen.intake import receipts
from samen.intake.indicators import SITUATION_QUESTIONS, indicators_by_id
from samen.intake.models import REPORTER_DESCRIBED, PersonIdentity, ReporterContact, Signal, SignalPerson
from samen.privacy import policy
from samen.privacy.models import DataCategory, Purpose


def _today() -> datetime.date:
    return timezone.localdate()


def signals_visible_to(user: Any) -> QuerySet[Signal]:
    """Signals the access policy lets this user see (owners, transfers, reporters, agreements, break the glass)."""
    return policy.visible_signals(user, Purpose.CARE, category=DataCategory.STATUS)


def _with_overdue(tracks: QuerySet[SignalTrack], today: datetime.date) -> QuerySet[SignalTrack]:
    return tracks.annotate(
        is_overdue=Case(
            When(state__in=workflow.OPEN_STATES, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class QueueFilter:
    kind: str = ""
    state: str = ""
    overdue: bool = False
    mine: bool = False
    open_only: bool = True
    sort: str = "due"


SORTS = {
    "due": ("-is_overdue", "due_on", "pk"),
    # Tracks are opened when their signal is processed, so their own creation time orders by signal age.
    "new": ("-is_overdue", "-created_at", "-pk"),
    "old": ("-is_overdue", "created_at", "pk"),
}


def queue_for_user(user: Any, criteria: QueueFilter | None = None) -> QuerySet[SignalTrack]:
    """The tracks of the user's organisation, overdue first (offers: `transfers_offered_to`).

    Owner only, no OR with the offers: so the (owner, state, due_on) index answers it.
    """
    criteria = criteria or QueueFilter()
    if not permissions.is_case_worker(user):
        return SignalTrack.objects.none()
    tracks = SignalTrack.objects.filter(owner_id=user.organisation_id)
    today = _today()
    if criteria.kind:
        tracks = tracks.filter(kind=criteria.kind)
    if criteria.state:
        tracks = tracks.filter(state=criteria.state)
    elif criteria.open_only:
        tracks = tracks.filter(state__in=workflow.OPEN_STATES)
    if criteria.overdue:
        tracks = tracks.filter(state__in=workflow.OPEN_STATES, due_on__lt=today)
    if criteria.mine:
        tracks = tracks.filter(assignee=user)
    # No joins here: with joins the planner may start from the signals and scan them all; the
    # rows of one page get their related objects from `with_details`.
    return _with_overdue(tracks, today).order_by(*SORTS.get(criteria.sort, SORTS["due"]))


def transfers_offered_to(user: Any) -> list[SignalTrack]:
    """Tracks another organisation asks the user's organisation to take over."""
    if not permissions.is_case_worker(user):
        return []
    return list(
        SignalTrack.objects.filter(transfer_to_id=user.organisation_id, state=workflow.State.TRANSFER_PENDING)
        .select_related("signal", "owner")
        .annotate(asked_at=Max("events__at", filter=Q(events__event=workflow.Event.TRANSFER)))
        .order_by("due_on", "asked_at", "pk")
    )


def with_details(tracks: Iterable[SignalTrack]) -> list[SignalTrack]:
    """The same tracks (one page of a queue), in the same order, with signal, place, owner and
    assignee loaded in one query."""
    order = [t.pk for t in tracks]
    overdue = {t.pk: getattr(t, "is_overdue", False) for t in tracks}
    rows = SignalTrack.objects.filter(pk__in=order).select_related(
        "signal__municipality", "owner", "assignee", "transfer_to"
    )
    by_pk = {row.pk: row for row in rows}
    for pk, row in by_pk.items():
        row.is_overdue = overdue[pk]
    return [by_pk[pk] for pk in order if pk in by_pk]


def signal_get_for_user(user: Any, pk: int) -> Signal:
    """The signal with its tracks, or 404 when it does not exist or the user may not see it."""
    tracks = SignalTrack.objects.select_related("owner", "contact_point", "assignee", "transfer_to").order_by("kind")
    signal = (
        Signal.objects.select_related("municipality", "organisation")
        .prefetch_related(Prefetch("tracks", queryset=tracks))
        .filter(pk=pk)
        .first()
    )
    if signal is None or not permissions.can_view_signal(user, signal):
        raise Http404(_("There is no signal at this address, or you may not see it."))
    return signal


@dataclass
class PersonView:
    role: str
    age: str
    gender: str
    nationality: str
    # Free text: with the original text only (others read it in the de-identified copy).
    description: str = ""
    # Whether the person agreed to being reported; None when not asked or not known.
    consent: bool | None = None
    name: str = ""
    phone: str = ""
    birth_date: datetime.date | None = None
    address: str = ""
    bsn: str = ""
    health: str = ""
    criminal_law: str = ""
    pk: int = 0
    # The second and later person of a role ("possible victim 2"); 0 where the role has one.
    number: int = 0


@dataclass
class TrackView:
    track: SignalTrack
    is_overdue: bool
    can_act: bool
    can_decide_transfer: bool
    events: list[str] = field(default_factory=list)
    actions: list[TrackAction] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)
    picked_up: bool = False
    # Whether its follow-up (assignee, deadline, actions, notes) is shown to this user.
    details: bool = False
    # When the track was put up for transfer and why (the latest request), for the organisation asked.
    transfer_asked_at: datetime.datetime | None = None
    transfer_reason: str = ""


@dataclass
class ReporterContactView:
    """How the reporter may be reached, as they asked; empty parts they left out."""

    name: str
    phone: str
    email: str
    safe_way: str
    safe_time: str


@dataclass
class SignalPage:
    signal: Signal
    details: bool
    # Shown because the user's organisation is asked to take a track over, and on no other basis.
    offer_only: bool
    text: str
    text_is_original: bool
    persons: list[PersonView]
    tracks: list[TrackView]
    timeline: list[TrackEvent]
    cases: list[CaseModel]
    can_message_reporter: bool
    can_add_to_case: bool
    is_closed: bool
    reporter_messages: list[Any]
    # Whether the messages to the reporter are shown: to the owners, and to the organisation that reported it.
    reads_messages: bool
    # What this user does not see on the page, each with the access policy's reason.
    withheld: list[tuple[str, str]] = field(default_factory=list)
    # What the intake recorded besides the text: (label, value), in the order of the forms.
    about: list[tuple[str, str]] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    # The reporter's contact details, read only with the identities; None when not shown.
    contact: ReporterContactView | None = None
    # Whether the reporter left no way to reach them (shown with the identities only).
    no_contact: bool = False
    # The reporter's language by name, for whoever writes to them, when it is not the one messages
    # are written in by default (Dutch): the reporter reads them on the status page in their own.
    reply_language: str = ""


def _as_read(text: str, copy: str, *, original: bool, copied: bool) -> str:
    """A short free text as this viewer reads it: the original, its de-identified copy, or, while
    the background task is still making the copy, a note saying so instead of a missing row."""
    if original:
        return text
    if copied or not text:
        return copy
    return str(_("not ready yet (being de-identified)"))


def person_number(person: SignalPerson, persons: list[SignalPerson]) -> int:
    """The person's number among those of their role in the signal ("possible victim 2"), in the
    order of `persons`; 0 where the role has one person."""
    same_role = [other.pk for other in persons if other.role == person.role]
    return same_role.index(person.pk) + 1 if len(same_role) > 1 else 0


def _persons(user: Any, signal: Signal, *, access: permissions.SignalPageAccess) -> list[PersonView]:
    people = list(SignalPerson.objects.filter(signal=signal).order_by("position", "pk"))
    identities: dict[int, PersonIdentity] = {}
    if access.shows_sealed_data:
        identities = {i.person_id: i for i in PersonIdentity.objects.filter(person__signal=signal)}
    views = []
    original, copied = access.original_text.allowed, signal.deidentified_at is not None
    for p in people:
        view = PersonView(
            p.get_role_display(),
            _as_read(p.age, p.deidentified_age, original=original, copied=copied),
            p.get_gender_display() if p.gender else "",
            _as_read(p.nationality, p.deidentified_nationality, original=original, copied=copied),
        )
        view.consent = p.consent
        view.pk = p.pk
        view.number = person_number(p, people)
        if original:
            view.description = p.description
        identity = identities.get(p.pk)
        if identity is not None:
            if access.identities.allowed:
                view.name, view.phone, view.birth_date = identity.name, identity.phone, identity.birth_date
                view.address, view.bsn = identity.address, identity.bsn
            if access.special.allowed:
                view.health = identity.health
            if access.criminal_law.allowed:
                view.criminal_law = identity.criminal_law
        views.append(view)
    return views


def _about(signal: Signal, *, with_place: bool, original: bool) -> list[tuple[str, str]]:
    """How, by whom and about when the signal came in: what the intake form asked besides the text.
    The place may be an address, so it is shown with the identities only, and so is the reporting
    organisation's reference, free text that may be a name or a BSN ("Kowalska 123456782"; found in
    review); "when" is free text, so whoever may not read the original text reads its de-identified copy."""
    rows = [
        (_("Channel"), signal.get_channel_display()),
        (_("Reported by"), REPORTER_DESCRIBED.get(signal.reporter_type, signal.get_reporter_type_display())),
        (_("Language of the reporter"), signal.get_language_display() if signal.language else ""),
        (
            _("When"),
            _as_read(
                signal.when, signal.deidentified_when, original=original, copied=signal.deidentified_at is not None
            ),
        ),
        (_("Place or address"), signal.place if with_place else ""),
        (_("Sector"), signal.get_sector_display() if signal.sector else ""),
        (_("Suspected forms of exploitation"), ", ".join(str(form) for form in signal.forms.all())),
        (_("Reporting organisation"), signal.organisation.name if signal.organisation_id else ""),
        (_("Its reference"), signal.organisation_reference if with_place else ""),
    ]
    return [(label, value) for label, value in rows if value]


def _indicators_and_answers(signal: Signal) -> tuple[list[str], list[str]]:
    known = indicators_by_id()
    indicators = [
        known[row.indicator_id].label_for() if row.indicator_id in known else row.indicator_id
        for row in signal.indicators.all()
    ]
    asked = {question.key: str(question.text) for question in SITUATION_QUESTIONS}
    answers = [asked.get(row.question_key, row.question_key) for row in signal.answers.all()]
    return indicators, answers


def _contact(signal: Signal) -> ReporterContactView | None:
    contact = ReporterContact.objects.filter(signal=signal).first()
    if contact is None:
        return None
    return ReporterContactView(contact.name, contact.phone, contact.email, contact.safe_way, contact.safe_time)


def signal_page(user: Any, signal: Signal, access: permissions.SignalPageAccess | None = None) -> SignalPage:
    """Everything the signal page shows this user, in a fixed number of queries (`access`: the
    policy's decisions, when the caller has them already)."""
    access = access or permissions.signal_page_access(user, signal)
    details, original = access.details.allowed, access.original_text.allowed
    tracks = list(signal.tracks.all())
    today = _today()
    views: list[TrackView] = []
    timeline: list[TrackEvent] = []
    # An organisation that is only asked to take a track over sees that track's follow-up, not the
    # other track's (the police's actions, whom a perpetrator track is assigned to).
    offer_only = details and access.details.basis == policy.Basis.TRANSFER
    shown = [t for t in tracks if not offer_only or t.transfer_to_id == user.organisation_id]
    actions: list[TrackAction] = []
    notes: list[TrackNote] = []
    if details:
        track_ids = [t.pk for t in shown]
        # Free text the owner wrote, in which people are named: the organisation asked reads it once it accepts.
        if not offer_only:
            actions = list(TrackAction.objects.filter(track_id__in=track_ids).select_related("organisation", "owner"))
            notes = list(TrackNote.objects.filter(track_id__in=track_ids).select_related("author"))
        timeline = list(
            TrackEvent.objects.filter(track_id__in=track_ids)
            .select_related("actor", "organisation", "track")
            .order_by("at", "pk")
        )
    for track in tracks:
        view = TrackView(
            track=track,
            is_overdue=track.state in workflow.OPEN_STATES and track.due_on is not None and track.due_on < today,
            can_act=permissions.can_act_on_track(user, track),
            can_decide_transfer=permissions.can_decide_transfer(user, track),
            picked_up=track.state != workflow.State.NEW,
            details=details and track in shown,
        )
        if view.details:
            view.actions = [a for a in actions if a.track_id == track.pk]
            view.notes = [n for n in notes if n.track_id == track.pk]
            if track.state == workflow.State.TRANSFER_PENDING:
                requests = [e for e in timeline if e.track_id == track.pk and e.event == workflow.Event.TRANSFER]
                if requests and track.transfer_to_id:
                    view.transfer_asked_at = requests[-1].at
                    view.transfer_reason = requests[-1].reason_for_transfer(track.transfer_to.name)
        views.append(view)
    if offer_only:
        timeline = _as_the_organisation_asked_reads_it(timeline)
    cases = (
        list(CaseModel.objects.filter(memberships__signal=signal, organisation_id=user.organisation_id))
        if details
        else []
    )
    contact = _contact(signal) if details and access.identities.allowed else None
    can_message_reporter = permissions.can_message_reporter(user, signal)
    reply_language = ""
    if details and can_message_reporter and signal.language and signal.language != settings.LANGUAGE_CODE:
        reply_language = str(signal.get_language_display())
    indicators, answers = _indicators_and_answers(signal) if details else ([], [])
    reads_messages = permissions.reads_reporter_messages(user, signal, access)
    return SignalPage(
        signal=signal,
        details=details,
        offer_only=offer_only,
        text=signal.what if original else signal.deidentified_description,
        text_is_original=original,
        persons=_persons(user, signal, access=access) if details else [],
        tracks=views,
        timeline=timeline,
        cases=cases,
        can_message_reporter=can_message_reporter,
        can_add_to_case=details and permissions.groups_into_cases(user, access.details),
        is_closed=bool(tracks) and all(t.state in workflow.CLOSED_STATES for t in tracks),
        reporter_messages=list(signal.reporter_messages.select_related("organisation")) if reads_messages else [],
        reads_messages=reads_messages,
        withheld=access.withheld(),
        about=_about(signal, with_place=access.identities.allowed, original=original) if details else [],
        indicators=indicators,
        answers=answers,
        contact=contact,
        no_contact=details and access.identities.allowed and contact is None,
        reply_language=reply_language,
    )


def _as_the_organisation_asked_reads_it(timeline: list[TrackEvent]) -> list[TrackEvent]:
    """The offered track's timeline for the organisation asked to take it over, before it accepts:
    what happened, when, and in which organisation, without the reasons as written (an action's
    description, a note, a message to the reporter, a person added, a signaaltafel decision: free
    text that may name someone) nor the names of the owner's staff. Only the reason of each track's
    latest transfer request stays: it was written for this reader and checked for identifiers
    (`forms.TransitionForm`). The rows are the page's own copies, never saved."""
    latest_request = {e.track_id: e for e in timeline if e.event == workflow.Event.TRANSFER}
    for event in timeline:
        event.actor = None
        if latest_request.get(event.track_id) is not event:
            event.reason, event.reason_parts = "", {}
    return timeline


def track_get_for_user(user: Any, signal: Signal, track_pk: int) -> SignalTrack:
    for track in signal.tracks.all():
        if track.pk == track_pk:
            return track
    raise Http404(_("This signal has no such track."))


def actions_open_for_user(user: Any) -> QuerySet[TrackAction]:
    """Open actions for the user, or for their organisation without a named person: overdue first,
    then by due date, actions without a date last (`is_overdue` annotated)."""
    if not permissions.is_case_worker(user):
        return TrackAction.objects.none()
    return (
        TrackAction.objects.filter(done_at__isnull=True)
        .filter(Q(owner=user) | Q(owner__isnull=True, organisation_id=user.organisation_id))
        .annotate(
            is_overdue=Case(
                When(due_on__lt=_today(), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .select_related("track__signal", "organisation")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("track__signal").order_by("read_at", "-created_at")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def cases_for(user: Any) -> QuerySet[CaseModel]:
    from django.db.models import Count

    if not getattr(user, "organisation_id", None):
        return CaseModel.objects.none()
    # The signals the case page lists, not those the user can no longer see (found by exploratory
    # testing: "2 signalen" over a page with one told that a hidden signal sat in the case).
    visible = Q(memberships__signal__in=signals_visible_to(user))
    return (
        CaseModel.objects.filter(organisation_id=user.organisation_id)
        .annotate(n_signals=Count("memberships", filter=visible, distinct=True))
        .order_by("-created_at", "-pk")
    )


def case_get_for_user(user: Any, pk: int) -> CaseModel:
    case = CaseModel.objects.filter(pk=pk).first()
    if case is None or not permissions.can_view_case(user, case):
        raise Http404(_("There is no case at this address, or you may not see it."))
    return case


def case_signals(case: CaseModel, user: Any) -> QuerySet[CaseSignal]:
    """The case's signals this user may still see: an agreement can lapse after a link was confirmed."""
    return (
        case.memberships.filter(signal__in=signals_visible_to(user))
        .select_related("signal__municipality")
        .prefetch_related("signal__tracks__owner")
    )


def signal_by_receipt_code(code: str) -> Signal | None:
    """The signal with this receipt code (in any spelling: case, spaces, dashes), or None.

    No access rule here: only breaking the glass looks a signal up by code, and it asks the policy.
    """
    return Signal.objects.filter(receipt_code=receipts.normalise_code(code)).first()


def transfer_pending(track_id: int) -> bool:
    """Whether the track's transfer still waits for the receiving organisation's answer."""
    return SignalTrack.objects.filter(pk=track_id, transfer_to__isnull=False).exists()


def transfer_decided_by_own_organisation(user: Any, signal_pk: int, track_pk: int) -> bool:
    """Whether the user's organisation accepted or rejected a transfer of this signal's track.

    After a rejection the organisation no longer sees the signal, so an answer from a second tab
    would find no signal: it is told the transfer was decided instead. It learns nothing it did
    not do itself; any other user gets False."""
    if not permissions.is_case_worker(user) or not user.organisation_id:
        return False
    return TrackEvent.objects.filter(
        track_id=track_pk,
        track__signal_id=signal_pk,
        event__in=(workflow.Event.ACCEPT_TRANSFER, workflow.Event.REJECT_TRANSFER),
        organisation_id=user.organisation_id,
    ).exists()
