"""Which signals need a joint decision of a table, and why: the rule behind the agenda.

A signal is a candidate for a table when it lies in the table's region (its municipality belongs
to the region) and the track that gives the reason is owned by a member organisation:

1. flagged: the owner asked for a joint decision ("bring to the table");
2. overdue: an open track is past its deadline;
3. more than one organisation: an open track waits for a partner while another organisation owns
   the other track, or one of its open actions lies with another organisation than its owner, or
   a transfer to another organisation waits for an answer;
4. possible link: the linkage service found that two signals may concern the same person or place
   (`services.agenda_add_possible_link`), until the table has discussed it;
5. open actions: an action agreed at an earlier meeting of this table is not done yet (whatever
   the region rule says now: the table follows up what it agreed).

Each reason is a small dict (`models.reason_text` renders it in the reader's language). The
order of the agenda: open actions first, then flagged, transfers, more organisations, overdue,
possible links; within one reason the oldest signal first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Q

from samen.casework import workflow
from samen.casework.models import SignalTrack, TrackAction
from samen.geo.models import RegionKind
from samen.meetings.models import ItemAction, Meeting, PossibleLink, Reason, SignalTable

PRIORITY = [
    Reason.OPEN_ACTIONS,
    Reason.FLAGGED,
    Reason.TRANSFER,
    Reason.MULTI_ORGANISATION,
    Reason.OVERDUE,
    Reason.POSSIBLE_LINK,
]
_REGION_FIELD = {
    RegionKind.POLICE_UNIT: "police_unit",
    RegionKind.RIEC: "riec",
    RegionKind.SAFETY_REGION: "safety_region",
    RegionKind.PROVINCE: "province",
}


def region_filter(table: SignalTable, prefix: str = "signal__") -> Q:
    """Signals whose municipality lies in the table's region."""
    field = _REGION_FIELD.get(table.region.kind, "police_unit")
    return Q(**{f"{prefix}municipality__{field}_id": table.region_id})


def signal_in_region(table: SignalTable, signal) -> bool:
    field = _REGION_FIELD.get(table.region.kind, "police_unit")
    if signal.municipality is None:  # not known where: on no region's table until its owner sets it
        return False
    return getattr(signal.municipality, f"{field}_id") == table.region_id


def candidates(table: SignalTable, *, meeting: Meeting, today: datetime.date) -> dict[int, list[dict]]:
    """Signal id → reasons, for the agenda of `meeting`."""
    member_ids = set(table.members.values_list("pk", flat=True))
    found: dict[int, list[dict]] = defaultdict(list)

    other_organisation_actions = TrackAction.objects.filter(track=OuterRef("pk"), done_at__isnull=True).exclude(
        organisation_id=OuterRef("owner_id")
    )
    tracks = list(
        SignalTrack.objects.filter(region_filter(table), state__in=workflow.OPEN_STATES, owner_id__in=member_ids)
        .filter(
            Q(needs_joint_decision=True)
            | Q(due_on__lt=today)
            | Q(state__in=[workflow.State.WAITING, workflow.State.TRANSFER_PENDING])
            | Q(Exists(other_organisation_actions))
        )
        .select_related("owner")
        .order_by("signal_id", "kind")
    )
    action_partners: dict[int, set[str]] = defaultdict(set)
    for track_id, name, short_name in (
        TrackAction.objects.filter(track__in=[t.pk for t in tracks], done_at__isnull=True)
        .exclude(organisation_id=F("track__owner_id"))
        .values_list("track_id", "organisation__name", "organisation__short_name")
    ):
        action_partners[track_id].add(short_name or name)
    waiting = [t.signal_id for t in tracks if t.state == workflow.State.WAITING]
    owners: dict[int, set[int]] = defaultdict(set)
    for signal_id, owner_id in SignalTrack.objects.filter(signal_id__in=waiting).values_list("signal_id", "owner_id"):
        owners[signal_id].add(owner_id)
    for track in tracks:
        base = {"track": track.kind, "organisation": track.owner.short_name or track.owner.name}
        if track.needs_joint_decision:
            found[track.signal_id].append({"code": Reason.FLAGGED.value, **base})
        if track.state == workflow.State.TRANSFER_PENDING:
            found[track.signal_id].append({"code": Reason.TRANSFER.value, **base})
        if track.state == workflow.State.WAITING and len(owners[track.signal_id]) > 1:
            found[track.signal_id].append({"code": Reason.MULTI_ORGANISATION.value, **base})
        if action_partners[track.pk]:
            partners = ", ".join(sorted(action_partners[track.pk]))
            found[track.signal_id].append({"code": Reason.MULTI_ORGANISATION.value, "other": partners, **base})
        if track.due_on and track.due_on < today:
            found[track.signal_id].append({"code": Reason.OVERDUE.value, "date": track.due_on.isoformat(), **base})

    links = PossibleLink.objects.filter(table=table, discussed_at__isnull=True).select_related(
        "signal_a__municipality", "signal_b__municipality"
    )
    link_signals = {s.pk for link in links for s in (link.signal_a, link.signal_b)}
    with_member_owner = set(
        SignalTrack.objects.filter(signal_id__in=link_signals, owner_id__in=member_ids).values_list(
            "signal_id", flat=True
        )
    )
    for link in links:
        for this, other in ((link.signal_a, link.signal_b), (link.signal_b, link.signal_a)):
            if this.pk in with_member_owner and signal_in_region(table, this):
                found[this.pk].append(
                    {"code": Reason.POSSIBLE_LINK.value, "other": other.receipt_code, "note": link.note}
                )

    earlier_open = (
        ItemAction.objects.filter(item__meeting__table=table, action__done_at__isnull=True)
        .filter(Q(item__meeting__starts_at__lt=meeting.starts_at) | Q(item__meeting__status="held"))
        .exclude(item__meeting=meeting)
        # Without `order_by()` the model's ordering (created_at, pk) joins the SELECT DISTINCT,
        # and a signal with two open actions would get this reason twice.
        .order_by()
        .values_list("item__signal_id", flat=True)
        .distinct()
    )
    for signal_id in earlier_open:
        found[signal_id].insert(0, {"code": Reason.OPEN_ACTIONS.value})
    return dict(found)


def sort_key(signal_id: int, reasons: list[dict]) -> tuple[int, int]:
    ranks = [PRIORITY.index(Reason(r["code"])) for r in reasons]
    return (min(ranks) if ranks else len(PRIORITY), signal_id)
