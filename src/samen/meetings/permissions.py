"""Who may see and do what at a signal table. One predicate per question.

Members of a table are the active users of its member organisations who hold the role
`table_member`, `coordinator` or `case_worker`: the case workers bring signals to the table and
carry out its actions, so they read its agenda and decisions too. Only `table_member` and
`coordinator` record what the table decides (`can_manage_meeting`).

Until the access policy of `samen.privacy` takes these over, a member sees of each signal only
its de-identified summary (de-identified text, roles, ages, gender, forms, municipality). The
details of the follow-up stay with the organisations that own a track
(`can_see_item_details`), exactly as casework decides. Never `PersonIdentity`.
"""

from __future__ import annotations

from typing import Any

from samen.accounts.models import Role
from samen.casework import permissions as casework_permissions

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
    """The follow-up details behind an agenda item (a link to the casework signal page): only an
    organisation that owns a track of the signal or is asked to take one over. Everyone else at the
    table reads the de-identified summary. The casework page itself asks the access policy again.

    Reads the prefetched tracks, so a whole agenda costs no extra query; when `samen.privacy`
    takes this over, decide for the whole agenda at once (`policy.visible_signals`).
    """
    if not _active(user):
        return False
    org = user.organisation_id
    return any(t.owner_id == org or t.transfer_to_id == org for t in item.signal.tracks.all())


def can_bring_to_table(user: Any, track: Any) -> bool:
    """The owner of a track asks the table for a joint decision."""
    return casework_permissions.can_act_on_track(user, track)
