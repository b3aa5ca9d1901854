"""Who may see and do what at a signal table. One predicate per question.

Members of a table are the active users of its member organisations who hold the role
`table_member`, `coordinator` or `case_worker`: the case workers bring signals to the table and
carry out its actions, so they read its agenda and decisions too. Only `table_member` and
`coordinator` record what the table decides (`can_manage_meeting`).

A member sees of each signal only its de-identified summary (de-identified text, roles, ages,
gender, forms, municipality). Whether the details of the follow-up are opened to them is asked of
the access policy of `samen.privacy` (`can_see_item_details`). Never `PersonIdentity`.
"""

from __future__ import annotations

from typing import Any

from samen.accounts.models import Role
from samen.intake.models import Signal
from samen.meetings.models import AgendaItem
from samen.privacy import policy
from samen.privacy.models import DataCategory, Purpose

SEATED_ROLES = (Role.TABLE_MEMBER, Role.COORDINATOR, Role.CASE_WORKER)
RECORDING_ROLES = (Role.TABLE_MEMBER, Role.COORDINATOR)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


def _member_ids(table: Any) -> set[int]:
    """Member organisation ids; uses prefetched members when present."""
    cached = getattr(table, "_member_ids", None)
    if cached is None:
        cached = {o.pk for o in table.members.all()}
        table._member_ids = cached
    return cached


def is_member_organisation(organisation_id: int | None, table: Any) -> bool:
    return organisation_id is not None and organisation_id in _member_ids(table)


def can_view_table(user: Any, table: Any) -> bool:
    """Seated users of a member organisation: the agenda, decisions, actions and minutes."""
    return (
        _active(user)
        and is_member_organisation(user.organisation_id, table)
        and any(user.has_role(role) for role in SEATED_ROLES)
    )


def can_manage_meeting(user: Any, meeting: Any) -> bool:
    """Plan meetings, rebuild the agenda, record decisions and actions: table members and coordinators
    of a member organisation of an active table, until the minutes are finalised."""
    table = meeting.table
    return (
        can_view_table(user, table)
        and table.is_active
        and meeting.minutes_finalised_at is None
        and any(user.has_role(role) for role in RECORDING_ROLES)
    )


def can_plan_meetings(user: Any, table: Any) -> bool:
    return can_view_table(user, table) and table.is_active and any(user.has_role(role) for role in RECORDING_ROLES)


def can_see_item_details(user: Any, item: Any) -> bool:
    """The follow-up details behind an agenda item (a link to the casework signal page): the access
    policy decides, for the de-identified summary and the purpose of a joint decision at the table
    (owners of a track, an organisation asked to take one over, a sharing agreement in force that
    covers it). Everyone else at the table reads the summary on the agenda only. The casework page
    itself asks the access policy again.

    Decided for the whole agenda at once (`policy.visible_signals`, a fixed number of queries) and
    kept on the meeting for this user, so an agenda of any length costs the same.
    """
    if not _active(user):
        return False
    meeting = item.meeting
    cache = meeting.__dict__.setdefault("_details_visible", {})
    if user.pk not in cache:
        agenda = Signal.objects.filter(pk__in=AgendaItem.objects.filter(meeting=meeting).values("signal_id"))
        visible = policy.visible_signals(user, Purpose.JOINT_DECISION, category=DataCategory.SUMMARY, queryset=agenda)
        cache[user.pk] = (
            set(AgendaItem.objects.filter(meeting=meeting).values_list("signal_id", flat=True)),
            set(visible.values_list("pk", flat=True)),
        )
    on_agenda, visible_ids = cache[user.pk]
    if item.signal_id in on_agenda:
        return item.signal_id in visible_ids
    # An item added after the agenda was read: ask for this signal alone.
    return policy.may(
        user, policy.Action.VIEW, item.signal, category=DataCategory.SUMMARY, purpose=Purpose.JOINT_DECISION
    )
