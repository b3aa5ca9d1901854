"""Signal table pages. Thin: selectors read and check access, services write, permissions decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samen.meetings import disclosure, permissions, selectors, services
from samen.meetings.forms import ActionForm, AttendeesForm, DecisionForm, MeetingPlanForm, table_users
from samen.meetings.models import AgendaItem, Meeting
from samen.web.not_allowed import form_on
from samen.web.refused import focus_first_error

# Each form of the meeting page posts to an address of its own; opened as a page, it leads back.
_ON_MEETING_PAGE = form_on("meetings:meeting", "table", "meeting", label=gettext_lazy("To the meeting"))


@login_required
def table_list(request: HttpRequest) -> HttpResponse:
    tables = list(selectors.tables_for_user(request.user))
    for table in tables:
        table.next = selectors.next_meeting(table)
    return render(request, "meetings/table_list.html", {"tables": tables})


@login_required
@require_http_methods(["GET", "POST"])
def table_detail(request: HttpRequest, table: str) -> HttpResponse:
    signal_table = selectors.table_get_for_user(request.user, table)
    can_plan = permissions.can_plan_meetings(request.user, signal_table)
    form = MeetingPlanForm(request.POST or None)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied(_("Only table members and coordinators plan meetings."))
        if form.is_valid():
            meeting = services.meeting_plan(table=signal_table, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The meeting has been planned and its agenda built."))
            return redirect(meeting)
        focus_first_error(form)
    upcoming, past = selectors.meetings_of(signal_table)
    context = {"table": signal_table, "upcoming": upcoming, "past": past, "can_plan": can_plan, "form": form}
    return render(request, "meetings/table.html", context)


def _item_rows(
    request: HttpRequest,
    meeting: Meeting,
    items: list[AgendaItem],
    *,
    origin: str,
    refused_item: int | None = None,
    notice: str = "",
    **refused,
) -> list[dict]:
    """The context of each agenda item, built one way for the meeting page and for the one item an
    htmx send swaps in: the same tracks (in `agenda_of`'s order), people and forms in both.
    `refused` (a `decision_form` or `action_form`) and `notice` belong to item `refused_item`."""
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    users = list(table_users(meeting.table)) if can_manage else []
    earlier = selectors.open_actions_from_earlier(meeting)
    access = disclosure.agenda_access(request.user, items)
    disclosure.record_summaries_read(request.user, items, access, origin=origin)
    rows = []
    for item in items:
        forms = refused if item.pk == refused_item else {}
        for form in forms.values():
            focus_first_error(form)
        tracks = list(item.signal.tracks.all())
        rows.append(
            {
                "meeting": meeting,
                "table": meeting.table,
                "item": item,
                "access": access[item.pk],
                "can_manage": can_manage,
                "details": permissions.can_see_item_details(request.user, item),
                "decision_form": forms.get("decision_form") or DecisionForm(item=item),
                "action_form": forms.get("action_form")
                or ActionForm(item=item, table=meeting.table, tracks=tracks, users=users),
                "earlier_actions": earlier.get(item.signal_id, []),
                "notice": notice if item.pk == refused_item else "",
            }
        )
    return rows


@login_required
def meeting_detail(request: HttpRequest, table: str, meeting: int) -> HttpResponse:
    the_meeting = selectors.meeting_get_for_user(request.user, table, meeting)
    return _meeting_page(request, the_meeting, origin="meetings.meeting_detail")


def _meeting_page(
    request: HttpRequest,
    the_meeting: Meeting,
    *,
    origin: str,
    refused_item: int | None = None,
    attendees_form: AttendeesForm | None = None,
    **refused,
) -> HttpResponse:
    """The meeting page; `refused` (a `decision_form` or `action_form`) is shown again at item `refused_item`,
    with its message at the field and the text as typed; a refused `attendees_form` in its own place."""
    items = selectors.agenda_of(the_meeting)
    can_manage = permissions.can_manage_meeting(request.user, the_meeting)
    if attendees_form is None:
        attendees_form = AttendeesForm(table=the_meeting.table)
    context = {
        "meeting": the_meeting,
        "table": the_meeting.table,
        "rows": _item_rows(request, the_meeting, items, origin=origin, refused_item=refused_item, **refused),
        "PAGE_ADDRESS": the_meeting.get_absolute_url(),  # also shown in answer to a form posted elsewhere
        "can_manage": can_manage,
        "attendees_form": None if not can_manage or the_meeting.is_held else attendees_form,
    }
    return render(request, "meetings/meeting.html", context)


def _managed_item(request: HttpRequest, table: str, meeting: int, item: int) -> tuple[Meeting, AgendaItem]:
    the_meeting = selectors.meeting_get_for_user(request.user, table, meeting)
    if not permissions.can_manage_meeting(request.user, the_meeting):
        raise PermissionDenied(_("Only table members and coordinators record what the table decides."))
    the_item = get_object_or_404(
        AgendaItem.objects.select_related("signal__municipality"), meeting=the_meeting, pk=item
    )
    the_item.meeting = the_meeting
    return the_meeting, the_item


def _render_item(request: HttpRequest, meeting: Meeting, item_pk: int, *, notice: str = "", **forms) -> HttpResponse:
    """The one agenda item an htmx send swaps in, built as the meeting page builds it (`_item_rows`)."""
    items = [i for i in selectors.agenda_of(meeting) if i.pk == item_pk]
    (row,) = _item_rows(
        request, meeting, items, origin="meetings.agenda_item", refused_item=item_pk, notice=notice, **forms
    )
    return render(request, "meetings/_item.html", row)


@login_required
@require_POST
@_ON_MEETING_PAGE
def decision_add(request: HttpRequest, table: str, meeting: int, item: int) -> HttpResponse:
    the_meeting, the_item = _managed_item(request, table, meeting, item)
    form = DecisionForm(request.POST, item=the_item)
    if form.is_valid():
        services.decision_record(
            item=the_item, text=form.cleaned_data["text"], actor=request.user, settled=form.cleaned_data["settled"]
        )
        if not request.htmx:
            messages.success(request, _("The decision has been recorded."))
            return redirect(the_meeting.get_absolute_url() + f"#item-{the_item.pk}")
        return _render_item(request, the_meeting, the_item.pk, notice=_("The decision has been recorded."))
    if request.htmx:
        return _render_item(request, the_meeting, the_item.pk, decision_form=form)  # htmx swaps only 2xx
    # The page again with the message at the field and the decision as typed: a redirect would drop both.
    messages.error(
        request, _("The decision could not be recorded: %(e)s") % {"e": " ".join(form.errors.get("text", []))}
    )
    return _meeting_page(
        request, the_meeting, origin="meetings.decision_add", refused_item=the_item.pk, decision_form=form
    )


@login_required
@require_POST
@_ON_MEETING_PAGE
def action_add(request: HttpRequest, table: str, meeting: int, item: int) -> HttpResponse:
    the_meeting, the_item = _managed_item(request, table, meeting, item)
    form = ActionForm(request.POST, item=the_item, table=the_meeting.table)
    if form.is_valid():
        data = form.cleaned_data
        services.action_record(
            item=the_item,
            track=data["track"],
            description=data["description"],
            organisation=data["organisation"],
            owner=data["owner"],
            due_on=data["due_on"],
            actor=request.user,
        )
        if not request.htmx:
            messages.success(request, _("The action has been recorded."))
            return redirect(the_meeting.get_absolute_url() + f"#item-{the_item.pk}")
        return _render_item(request, the_meeting, the_item.pk, notice=_("The action has been recorded."))
    if request.htmx:
        return _render_item(request, the_meeting, the_item.pk, action_form=form)  # htmx swaps only 2xx
    messages.error(request, _("The action could not be recorded; check the fields."))
    return _meeting_page(request, the_meeting, origin="meetings.action_add", refused_item=the_item.pk, action_form=form)


def _managed_meeting(request: HttpRequest, table: str, meeting: int) -> Meeting:
    the_meeting = selectors.meeting_get_for_user(request.user, table, meeting)
    if not permissions.can_manage_meeting(request.user, the_meeting):
        raise PermissionDenied(_("Only table members and coordinators manage meetings."))
    return the_meeting


@login_required
@require_POST
@_ON_MEETING_PAGE
def agenda_rebuild(request: HttpRequest, table: str, meeting: int) -> HttpResponse:
    the_meeting = _managed_meeting(request, table, meeting)
    try:
        items = services.agenda_build(meeting=the_meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda has been built: %(n)s items.") % {"n": len(items)})
    return redirect(the_meeting)


@login_required
@require_POST
@_ON_MEETING_PAGE
def meeting_held(request: HttpRequest, table: str, meeting: int) -> HttpResponse:
    the_meeting = _managed_meeting(request, table, meeting)
    form = AttendeesForm(request.POST, table=the_meeting.table)
    if form.is_valid():
        try:
            services.meeting_mark_held(
                meeting=the_meeting, attendees=form.cleaned_data["attendees"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting is marked as held; the next meeting has been planned."))
    else:
        # A person ticked who can no longer be chosen (left the table since the page was opened):
        # the page again with the ticks as sent and the message at the list, not a silent redirect.
        messages.error(request, _("The meeting has not been marked as held; see who attended."))
        return _meeting_page(request, the_meeting, origin="meetings.meeting_held", attendees_form=form)
    return redirect(the_meeting)


@login_required
@require_POST
@_ON_MEETING_PAGE
def minutes_finalise(request: HttpRequest, table: str, meeting: int) -> HttpResponse:
    the_meeting = _managed_meeting(request, table, meeting)
    try:
        services.minutes_finalise(meeting=the_meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes are final."))
    return redirect(the_meeting)


@login_required
def minutes(request: HttpRequest, table: str, meeting: int) -> HttpResponse:
    the_meeting = selectors.meeting_get_for_user(request.user, table, meeting)
    items = selectors.agenda_of(the_meeting)
    access = disclosure.agenda_access(request.user, items)
    disclosure.record_summaries_read(request.user, items, access, origin="meetings.minutes")
    for item in items:
        item.access = access[item.pk]
    context = {
        "meeting": the_meeting,
        "table": the_meeting.table,
        "items": items,
        "attendees": the_meeting.attendees.select_related("organisation").order_by("organisation__name", "last_name"),
    }
    return render(request, "meetings/minutes.html", context)
