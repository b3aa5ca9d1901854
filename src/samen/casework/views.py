"""Work pages for professionals. Thin: selectors read with access built in, services write,
permissions decide. No identifying data in URLs: ids only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samen import audit
from samen.accounts.security import has_recent_auth, recent_auth_redirect
from samen.casework import permissions, person_changes, selectors, services, signal_changes
from samen.casework.forms import (
    ActionForm,
    CaseForm,
    CaseMembershipForm,
    FlagForm,
    NoteForm,
    PersonAddForm,
    PersonChangeForm,
    QueueFilterForm,
    ReporterMessageForm,
    SignalChangeForm,
    TransitionForm,
)
from samen.casework.models import TrackAction
from samen.casework.workflow import Event, TransitionError, events_from
from samen.intake import permissions as intake_permissions
from samen.intake.fields import reporters_language
from samen.intake.models import Signal, SignalPerson
from samen.partners.models import Organisation
from samen.privacy import policy
from samen.privacy import services as privacy_services
from samen.privacy.auditing import legal_basis_of
from samen.privacy.forms import BreakGlassByCodeForm
from samen.routing import services as routing_services
from samen.routing.forms import RoutingRuleForm
from samen.routing.models import RoutingRule
from samen.web.not_allowed import form_on
from samen.web.refused import focus_first_error

# For whoever opens a form's address as a page: the page the form is on.
_ON_SIGNAL_PAGE = form_on("casework:signal", "pk", label=gettext_lazy("To the signal"))


def _require_worker(request: HttpRequest) -> None:
    if not permissions.is_case_worker(request.user):
        raise PermissionDenied(_("The work pages are for case workers and coordinators."))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    form = QueueFilterForm(request.GET or None)
    data: dict = {}
    if form.is_bound:
        # The valid filters still apply beside an odd one: "?overdue=on&state=closed" showed every
        # track with only the state's message (found by exploratory testing).
        form.is_valid()
        data = form.cleaned_data
    criteria = selectors.QueueFilter(
        kind=data.get("kind") or "",
        state=data.get("state") or "",
        overdue=bool(data.get("overdue")),
        mine=bool(data.get("mine")),
        sort=data.get("sort") or "due",
    )
    page = Paginator(selectors.queue_for_user(request.user, criteria), settings.PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    # One audit entry per signal the list discloses, written before the page is rendered.
    audit.record_many(
        actor=request.user,
        action=audit.Action.SEARCH,
        object_type="signal",
        object_ids=dict.fromkeys(track.signal_id for track in page.object_list),
        fields=["signal"],
        activity=audit.CASEWORK,
        origin="casework.queue",
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "rows": selectors.with_details(page.object_list),
        "offers": selectors.transfers_offered_to(request.user) if not request.htmx else [],
        "query": query.urlencode(),
    }
    template = "casework/_queue_results.html" if request.htmx else "casework/queue.html"
    return render(request, template, context)


def _again(empty: forms.Form, refused: forms.Form | None) -> forms.Form:
    """`refused` where it is the form `empty` stands in for (same form, same prefix), else `empty`."""
    if refused is not None and type(refused) is type(empty) and refused.prefix == empty.prefix:
        return refused
    return empty


def _signal_context(
    request: HttpRequest,
    signal: Signal,
    access: permissions.SignalPageAccess | None = None,
    refused: forms.Form | None = None,
) -> dict:
    """The signal page's context; `refused` is a form sent back (a step, an action, a message, ...),
    shown in its place with its message at its field and the text as typed."""
    page = selectors.signal_page(request.user, signal, access)
    org_id = request.user.organisation_id
    tracks = []
    for view in page.tracks:
        events = [e for e in events_from(view.track.state) if e not in (Event.ACCEPT_TRANSFER, Event.REJECT_TRANSFER)]
        prefix = f"t{view.track.pk}"
        refused_here = refused if isinstance(refused, TransitionForm) and refused.prefix == prefix else None
        # A form per step on the page, so a refused step's message shows at that step only; the
        # steps not refused share one empty form.
        empty = TransitionForm(prefix=prefix, kind=view.track.kind, owner_id=view.track.owner_id)
        refused_event = refused_here.data.get(f"{prefix}-event") if refused_here is not None else None
        step_forms = {
            event: refused_here if event == refused_event else empty
            for event in (Event.RECORD_OUTCOME, Event.WAIVE, Event.TRANSFER, Event.REOPEN, Event.REJECT_TRANSFER)
        }
        tracks.append(
            {
                "view": view,
                "events": events if view.can_act else [],
                "outcome_form": step_forms[Event.RECORD_OUTCOME],
                "waive_form": step_forms[Event.WAIVE],
                "transfer_form": step_forms[Event.TRANSFER],
                "reopen_form": step_forms[Event.REOPEN],
                "reject_form": step_forms[Event.REJECT_TRANSFER],
                "action_form": _again(
                    ActionForm(prefix=f"a{view.track.pk}", organisation_id=view.track.owner_id), refused
                ),
                "note_form": _again(NoteForm(prefix=f"n{view.track.pk}"), refused),
                "flag_form": _again(FlagForm(prefix=f"f{view.track.pk}"), refused),
            }
        )
    return {
        "page": page,
        "signal": signal,
        "tracks": tracks,
        "message_form": _again(ReporterMessageForm(), refused),
        "case_form": _again(CaseMembershipForm(organisation_id=org_id), refused),
        "can_manage_cases": page.can_add_to_case,
        "can_change": any(t["view"].can_act for t in tracks),  # = permissions.can_change_signal
        "can_correct_persons": page.details
        and not signal.free_text_removed
        and permissions.can_correct_persons(request.user, signal),
        # Others who may open a signal (an intake officer, a table member) get no links to work
        # pages that would refuse them.
        "shows_work_nav": permissions.is_case_worker(request.user),
        # The way back for whoever found the signal in their organisation's list of reported signals.
        "back_to_reported": bool(org_id)
        and signal.organisation_id == org_id
        and intake_permissions.can_list_reported_signals(request.user),
        "Event": Event,
    }


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = {"actor": request.user, "object_type": "signal", "object_id": pk, "activity": audit.CASEWORK}
    try:
        signal = selectors.signal_get_for_user(request.user, pk)
    except Http404:
        audit.record(**entry, action=audit.Action.READ, result=audit.Result.DENIED, origin="casework.signal_detail")
        raise
    # Identities, special-category and criminal-law data only after a password or TOTP check in the
    # last five minutes.
    access = permissions.signal_page_access(request.user, signal)
    if access.shows_sealed_data and (confirm := recent_auth_redirect(request)):
        return confirm
    return _signal_page(request, signal, access, origin="casework.signal_detail")


def _signal_page(
    request: HttpRequest,
    signal: Signal,
    access: permissions.SignalPageAccess,
    *,
    origin: str,
    refused: forms.Form | None = None,
) -> HttpResponse:
    """The signal page and the audit entry of what it shows; a refused form is shown again."""
    context = _signal_context(request, signal, access, refused)
    # Also shown in answer to a form posted elsewhere: the language switch leads back here.
    context["PAGE_ADDRESS"] = reverse("casework:signal", args=[signal.pk])
    page = context["page"]
    # The organisation only asked to take a track over reads the de-identified text and none of the
    # follow-up's free text (notes, actions, messages, reasons) but the transfer's own reason.
    fields = ["signal"] + (["person", "summary" if page.offer_only else "free_text"] if page.details else [])
    if page.reads_messages and not page.details:
        fields.append("free_text")  # the messages to the reporter, for the organisation that reported it
    if any(p.name or p.phone or p.birth_date or p.address or p.bsn for p in page.persons):
        fields.append("identity")
    if page.contact is not None:
        fields.append("reporter_contact")
    if any(p.health for p in page.persons):
        fields.append("special")
    if any(p.criminal_law for p in page.persons):
        fields.append("criminal")
    # Read through a sharing agreement: the entry carries the agreement's legal basis.
    basis = legal_basis_of(access.details)
    audit.record(
        actor=request.user,
        action=audit.Action.READ,
        object_type="signal",
        object_id=signal.pk,
        fields=fields,
        activity=audit.CASEWORK,
        legal_basis=basis,
        origin=origin,
    )
    return render(request, "casework/signal.html", context)


def _back(signal: Signal, anchor: str = "") -> HttpResponse:
    return redirect(reverse("casework:signal", args=[signal.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def track_transition(request: HttpRequest, pk: int, track_pk: int) -> HttpResponse:
    try:
        signal = selectors.signal_get_for_user(request.user, pk)
    except Http404:
        # A transfer rejected in another tab: the organisation no longer sees the signal.
        answer = request.POST.get(f"t{track_pk}-event") in (Event.ACCEPT_TRANSFER, Event.REJECT_TRANSFER)
        if answer and selectors.transfer_decided_by_own_organisation(request.user, pk, track_pk):
            messages.info(request, _("This transfer has already been decided; see the timeline."))
            return redirect("casework:queue")
        raise
    track = selectors.track_get_for_user(request.user, signal, track_pk)
    form = TransitionForm(request.POST, prefix=f"t{track.pk}", kind=track.kind, owner_id=track.owner_id)
    if not form.is_valid():
        # The page again with the message at the field and the reason as typed: a redirect would drop both.
        messages.error(request, _("This step has not been taken; see the track below."))
        return _refused_on_signal_page(request, signal, form, origin="casework.track_transition")
    data = form.cleaned_data
    try:
        services.track_transition_as(
            track=track,
            event=data["event"],
            actor=request.user,
            reason=data["reason"] or "",
            outcome=data["outcome"] or None,
            transfer_to=data["transfer_to"],
        )
    except TransitionError:
        messages.error(request, _("This step is not possible in the track's current state."))
        return _back(signal, f"track-{track.pk}")
    except PermissionDenied:
        transfer = data["event"] in (Event.ACCEPT_TRANSFER, Event.REJECT_TRANSFER)
        decided = transfer and not selectors.transfer_pending(track.pk)
        if not decided:
            raise
        # Accepted or rejected already (a second click, another tab): said so, not "no access".
        messages.info(request, _("This transfer has already been decided; see the timeline."))
        return _back(signal, f"track-{track.pk}") if _still_visible(request, pk) else redirect("casework:queue")
    messages.success(request, _done_message(data["event"], track))
    # After a transfer is rejected the receiving organisation no longer sees the signal.
    if _still_visible(request, pk):
        return _back(signal, f"track-{track.pk}")
    return redirect("casework:queue")


def _done_message(event: str, track: Any) -> str:
    """What the step did, in words: an accepted or rejected transfer changes who owns the track."""
    if event == Event.ACCEPT_TRANSFER:
        return _("Your organisation now owns this track: it follows it up, within its deadline.")
    if event == Event.REJECT_TRANSFER:
        owner = Organisation.objects.filter(pk=track.owner_id).values_list("name", flat=True).first() or ""
        return _("You rejected the transfer: the track stays with %(owner)s.") % {"owner": owner}
    return _("The track has been updated.")


def _still_visible(request: HttpRequest, pk: int) -> bool:
    try:
        selectors.signal_get_for_user(request.user, pk)
    except Http404:
        return False
    return True


def _acting_track(request: HttpRequest, pk: int, track_pk: int):
    signal = selectors.signal_get_for_user(request.user, pk)
    track = selectors.track_get_for_user(request.user, signal, track_pk)
    if not permissions.can_act_on_track(request.user, track):
        raise PermissionDenied(_("You may not change this track."))
    return signal, track


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def action_add(request: HttpRequest, pk: int, track_pk: int) -> HttpResponse:
    signal, track = _acting_track(request, pk, track_pk)
    form = ActionForm(request.POST, prefix=f"a{track.pk}", organisation_id=track.owner_id)
    if form.is_valid():
        services.action_add(
            track=track,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            actor=request.user,
        )
        messages.success(request, _("The action has been added."))
        return _back(signal, f"track-{track.pk}")
    # The page again with the message at the field and the description as typed: a redirect would drop both.
    messages.error(request, _("The action has not been added; see the track below."))
    return _refused_on_signal_page(request, signal, form, origin="casework.action_add")


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(TrackAction.objects.select_related("track"), pk=pk)
    if not permissions.can_complete_action(request.user, action):
        raise PermissionDenied(_("You may not change this action."))
    services.action_set_done(action=action, done=request.POST.get("done") == "1", actor=request.user)
    if request.POST.get("next") == "actions" or not _still_visible(request, action.track.signal_id):
        return redirect("casework:actions")
    return redirect(reverse("casework:signal", args=[action.track.signal_id]) + f"#track-{action.track_id}")


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def note_add(request: HttpRequest, pk: int, track_pk: int) -> HttpResponse:
    signal, track = _acting_track(request, pk, track_pk)
    form = NoteForm(request.POST, prefix=f"n{track.pk}")
    if not form.is_valid():
        messages.error(request, _("The note has not been added; see the track below."))
        return _refused_on_signal_page(request, signal, form, origin="casework.note_add")
    services.note_add(track=track, text=form.cleaned_data["text"], actor=request.user)
    messages.success(request, _("The note has been added."))
    return _back(signal, f"track-{track.pk}")


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def track_flag(request: HttpRequest, pk: int, track_pk: int) -> HttpResponse:
    signal, track = _acting_track(request, pk, track_pk)
    form = FlagForm(request.POST, prefix=f"f{track.pk}")
    if not form.is_valid():
        messages.error(request, _("The signaaltafel agenda has not been changed; see the track below."))
        return _refused_on_signal_page(request, signal, form, origin="casework.track_flag")
    if form.cleaned_data["flag"] and signal.municipality_id is None:
        # No table would ever list it: the signaaltafels meet per region.
        messages.error(request, _("The signaaltafels meet per region: set the municipality first."))
    else:
        services.track_flag_for_table(
            track=track, actor=request.user, reason=form.cleaned_data["reason"], flag=form.cleaned_data["flag"]
        )
        # The agendas are built by the worker (`meetings.agendas_refresh`, every few minutes), not here.
        if form.cleaned_data["flag"]:
            messages.success(
                request,
                _(
                    "The signaaltafel is asked for a joint decision; the signal comes on the agenda of its next "
                    "meeting within a few minutes."
                ),
            )
        else:
            messages.success(request, _("The request for a joint decision has been withdrawn."))
    return _back(signal, f"track-{track.pk}")


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def reporter_message(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get_for_user(request.user, pk)
    if not permissions.can_message_reporter(request.user, signal):
        raise PermissionDenied(_("Only an owning organisation can write to the reporter."))
    form = ReporterMessageForm(request.POST, signal=signal, sender=request.user)
    if form.is_valid():
        services.reporter_message_send(signal=signal, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("The reporter can read your message on the status page."))
        return _back(signal, "reporter")
    # The page again with the reason at the field and the text as typed: a redirect would drop it.
    messages.error(request, _("The message to the reporter has not been sent; see “Messages to the reporter” below."))
    return _refused_on_signal_page(request, signal, form, origin="casework.reporter_message")


def _refused_on_signal_page(request: HttpRequest, signal: Signal, form: forms.Form, *, origin: str) -> HttpResponse:
    """The signal page again with a refused form in its place: its message at the field, its text as typed,
    and the field in focus (the forms sit far down the page)."""
    focus_first_error(form)
    return _signal_page(request, signal, _access_without_step_up(request, signal), origin=origin, refused=form)


def _access_without_step_up(request: HttpRequest, signal: Signal) -> permissions.SignalPageAccess:
    """What the page shows when it comes back after a refused form, without a fresh password check.

    Asking for the password again is a redirect too; the sealed data waits for the next visit instead.
    """
    access = permissions.signal_page_access(request.user, signal)
    return access if has_recent_auth(request) else access.without_sealed_data()


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def reroute(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get_for_user(request.user, pk)
    if not permissions.can_change_signal(request.user, signal):
        raise PermissionDenied(_("Only an owner can route this signal again."))
    services.signal_reroute(signal=signal, actor=request.user)
    messages.success(request, _("The signal has been routed again; see the timeline."))
    return _back_or_queue(request, signal)


def _back_or_queue(request: HttpRequest, signal: Signal) -> HttpResponse:
    """Back to the signal, or to the queue once routing took the signal away from the user's organisation."""
    if _still_visible(request, signal.pk):
        return _back(signal, "timeline")
    return redirect("casework:queue")


@login_required
@require_http_methods(["GET", "POST"])
def signal_change(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get_for_user(request.user, pk)
    if not permissions.can_change_signal(request.user, signal):
        raise PermissionDenied(_("Only an owner can change this signal."))
    initial = {
        "municipality": signal.municipality,
        "place": signal.place,
        "form_codes": list(signal.forms.values_list("code", flat=True)),
    }
    form = SignalChangeForm(
        request.POST if request.method == "POST" else None, initial=initial, placed=signal.municipality_id is not None
    )
    # What the form showed when it was opened, carried along when it comes back refused.
    shown = request.POST.get("shown", "") if request.method == "POST" else signal_changes.shown_digests(signal, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = signal_changes.signal_change(
                signal=signal,
                actor=request.user,
                municipality=data["municipality"],
                place=data["place"],
                form_codes=data["form_codes"],
                reason=data["reason"],
                only=signal_changes.changed_since_shown(signal, data, shown),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not change.changed:
                messages.info(request, _("Nothing was changed."))
                return _back(signal)
            if not _still_visible(request, signal.pk):
                # Routed away from the user's organisation: the timeline is out of reach, so say where it went.
                owners = sorted({t.owner.name for t in signal.tracks.select_related("owner")})
                message = _(
                    "The signal has been changed and routed again. It now belongs to %(owners)s; "
                    "your organisation no longer has it."
                )
                messages.success(request, message % {"owners": get_text_list(owners, _("and"))})
            elif change.rerouted:
                messages.success(request, _("The signal has been changed and routed again; see the timeline."))
            else:
                messages.success(request, _("The signal has been changed; see the timeline."))
            return _back_or_queue(request, signal)
    # The form shows the place, free text of the signal: a read of it.
    audit.record(
        actor=request.user,
        action=audit.Action.READ,
        object_type="signal",
        object_id=signal.pk,
        fields=["signal", "free_text"],
        activity=audit.CASEWORK,
        origin="casework.signal_change",
    )
    return render(request, "casework/signal_change.html", {"signal": signal, "form": form, "shown": shown})


def _is_valid_for_reporter(form: PersonChangeForm, signal: Signal) -> bool:
    """Phone numbers read for the signal's reporter's language, as at intake, not for the case worker's page."""
    with reporters_language(signal.language):
        return form.is_valid()


@login_required
@require_http_methods(["GET", "POST"])
def person_change(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    signal = selectors.signal_get_for_user(request.user, pk)
    if not permissions.can_correct_persons(request.user, signal):
        raise PermissionDenied(_("Only a case worker of an owner can correct the people in this signal."))
    # The form is filled with the person's identity: shown, as on the signal page, only after a
    # password or code check in the last five minutes. A form sent back shows what was typed.
    if request.method == "GET" and (confirm := recent_auth_redirect(request)):
        return confirm
    person = get_object_or_404(SignalPerson, pk=person_pk, signal=signal)
    persons = list(SignalPerson.objects.filter(signal=signal).order_by("position", "pk"))
    stored = person_changes.stored_values(person) if request.method == "GET" else {}
    form = PersonChangeForm(
        request.POST if request.method == "POST" else None,
        initial=stored if request.method == "GET" else None,  # ConsentField shows None as "not asked"
        role=person.role,
        special=permissions.can_correct_special(request.user, signal),
        criminal_law=permissions.can_correct_criminal_law(request.user, signal),
    )
    # What the form showed when it was opened, carried along when it comes back refused.
    shown = request.POST.get("shown", "") if request.method == "POST" else ""
    if request.method == "GET":
        shown = person_changes.shown_digests(person.pk, form.as_cleaned(stored))
    if request.method == "POST" and _is_valid_for_reporter(form, signal):
        try:
            changed = person_changes.person_change(
                signal=signal,
                person_id=person.pk,
                actor=request.user,
                values=person_changes.changed_since_shown(person.pk, form.values(), shown),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The person has been corrected; see the timeline."))
            else:
                messages.info(request, _("Nothing was changed."))
            return _back(signal, "people")
    if request.method == "GET":  # a form sent back shows what was typed, not what is stored
        audit.record(
            actor=request.user,
            action=audit.Action.READ,
            object_type="person",
            object_id=person.pk,
            fields=person_changes.audit_categories(form.values_fields()),
            activity=audit.CASEWORK,
            origin="casework.person_change",
        )
    context = {
        "signal": signal,
        "form": form,
        "person_label": person_changes.person_label(person, persons),
        "shown": shown,
    }
    return render(request, "casework/person_change.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A person who became known after intake. The form shows nothing stored: no fresh check is asked."""
    signal = selectors.signal_get_for_user(request.user, pk)
    if not permissions.can_correct_persons(request.user, signal):
        raise PermissionDenied(_("Only a case worker of an owner can add a person to this signal."))
    form = PersonAddForm(
        request.POST if request.method == "POST" else None,
        special=permissions.can_correct_special(request.user, signal),
        criminal_law=permissions.can_correct_criminal_law(request.user, signal),
    )
    if request.method == "POST" and _is_valid_for_reporter(form, signal):
        try:
            person_changes.person_add(
                signal=signal,
                role=form.cleaned_data["role"],
                actor=request.user,
                values=form.values(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person has been added; see the timeline."))
            return _back(signal, "people")
    return render(request, "casework/person_change.html", {"signal": signal, "form": form, "adding": True})


@login_required
@require_POST
@_ON_SIGNAL_PAGE
def case_membership(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get_for_user(request.user, pk)
    if not permissions.can_add_to_case(request.user, signal):
        raise PermissionDenied(_("You may not group this signal."))
    form = CaseMembershipForm(request.POST, organisation_id=request.user.organisation_id)
    if form.is_valid():
        case = form.cleaned_data["case"]
        if case is None:
            case = services.case_create(title=form.cleaned_data["title"].strip(), actor=request.user)
        services.case_add_signal(case=case, signal=signal, actor=request.user)
        messages.success(request, _("The signal is part of the case."))
        return _back(signal, "cases")
    messages.error(request, _("The signal has not been added to a case; see “Cases” below."))
    return _refused_on_signal_page(request, signal, form, origin="casework.case_membership")


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    page = Paginator(selectors.actions_open_for_user(request.user), settings.PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    # The descriptions are free text about a signal: one entry per signal the page shows.
    audit.record_many(
        actor=request.user,
        action=audit.Action.READ,
        object_type="signal",
        object_ids=dict.fromkeys(a.track.signal_id for a in page.object_list),
        fields=["free_text"],
        activity=audit.CASEWORK,
        origin="casework.my_actions",
    )
    return render(request, "casework/actions.html", {"page": page})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), settings.PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "casework/notifications.html", {"page": page})


@login_required
@require_POST
@form_on("casework:notifications", label=gettext_lazy("To your notifications"))
def notifications_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    services.notifications_mark_read(user=request.user, ids=ids)
    return redirect("casework:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def cases(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    form = CaseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            case = services.case_create(title=form.cleaned_data["title"], actor=request.user)
            return redirect("casework:case", pk=case.pk)
        focus_first_error(form)  # below a page of cases
    page = Paginator(selectors.cases_for(request.user), settings.PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "casework/cases.html", {"page": page, "form": form})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    memberships = list(selectors.case_signals(case, request.user))
    audit.record_many(
        actor=request.user,
        action=audit.Action.READ,
        object_type="signal",
        object_ids=[m.signal_id for m in memberships],
        fields=["signal", "case"],
        activity=audit.CASEWORK,
        origin="casework.case_detail",
    )
    return render(request, "casework/case.html", {"case": case, "memberships": memberships})


@login_required
@require_POST
@form_on("casework:case", "pk", label=gettext_lazy("To the case"))
def case_remove_signal(request: HttpRequest, pk: int, signal_pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    # Only a signal the case page lists: one the user cannot see answered 302 where an absent one
    # answered 404, telling that it sat in the case (found by exploratory testing).
    membership = get_object_or_404(selectors.case_signals(case, request.user), signal_id=signal_pk)
    signal = membership.signal
    services.case_remove_signal(case=case, signal=signal, actor=request.user)
    messages.success(request, _("The signal has been removed from the case."))
    return redirect("casework:case", pk=case.pk)


def _require_routing_editor(request: HttpRequest) -> None:
    if not permissions.can_edit_routing(request.user):
        raise PermissionDenied(_("Routing rules are edited by coordinators and the national administrator."))


@login_required
def routing_rules(request: HttpRequest) -> HttpResponse:
    _require_routing_editor(request)
    rules = RoutingRule.objects.select_related("owner", "region", "municipality", "form").order_by(
        "track", "priority", "pk"
    )
    page = Paginator(rules, 50).get_page(request.GET.get("pagina"))
    return render(request, "casework/routing.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_routing_editor(request)
    rule = get_object_or_404(RoutingRule, pk=pk) if pk else None
    form = RoutingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            routing_services.rule_save(rule=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The routing rule has been saved."))
            return redirect("casework:routing")
    return render(request, "casework/routing_edit.html", {"form": form, "rule": rule})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    """Break the glass for a signal known by its receipt code; then straight to its page.

    The policy decides who may (`BREAK_GLASS`: professionals who work on records); the privacy
    service records the access for an hour and puts it before the privacy officer.
    """
    if not policy.may(request.user, policy.Action.BREAK_GLASS):
        raise PermissionDenied(_("Only professionals who work on records may break the glass."))
    form = BreakGlassByCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signal = selectors.signal_by_receipt_code(form.cleaned_data["code"])
        if signal is None:
            form.add_error("code", _("No signal has this receipt code. Check the code and try again."))
        elif permissions.can_see_identities(request.user, signal):
            # Nothing to open, and nothing for the privacy officer to review.
            messages.info(request, _("You already have access to this signal: you need no emergency access."))
            return redirect("casework:signal", signal.pk)
        else:
            try:
                privacy_services.break_glass_open(actor=request.user, signal=signal, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.warning(
                    request, _("You have access to this signal for one hour. The privacy officer reviews it.")
                )
                return redirect("casework:signal", signal.pk)
    return render(request, "casework/break_glass.html", {"form": form})
