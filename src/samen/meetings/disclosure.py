"""What a seated member reads of each agenda item, decided by the access policy, and its audit entries.

The agenda shows every item's reasons, decisions and actions to everyone at the table; the signal's
de-identified summary (municipality, forms, roles, ages, gender, track owners, de-identified text)
only where `samen.privacy.policy` allows the summary for a joint decision: the owners of a track,
an organisation asked to take one over, or a sharing agreement in force that covers it. Elsewhere
the page says why it is withheld. Every summary shown is logged, with the legal basis it rests on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from samen import audit
from samen.meetings.models import AgendaItem
from samen.privacy import policy
from samen.privacy.auditing import legal_basis_of
from samen.privacy.models import DataCategory, Purpose


def agenda_access(user: Any, items: Iterable[AgendaItem]) -> dict[int, policy.Decision]:
    """Agenda item id → the policy's decision on reading its signal's summary for a joint decision."""
    items = list(items)
    decisions = policy.decide_many(
        user,
        policy.Action.VIEW,
        {item.signal_id: item.signal for item in items}.values(),
        category=DataCategory.SUMMARY,
        purpose=Purpose.JOINT_DECISION,
    )
    return {item.pk: decisions[item.signal_id] for item in items}


def record_summaries_read(
    user: Any, items: Iterable[AgendaItem], decisions: dict[int, policy.Decision], *, origin: str
) -> None:
    """One audit entry per summary shown, grouped by the legal basis each access rests on.

    Written before the page is rendered; raises `AuditUnavailable` (answered 503, nothing shown)
    when the entries cannot be written.
    """
    by_basis: dict[str, list[int]] = defaultdict(list)
    for item in items:
        decision = decisions[item.pk]
        if decision.allowed:
            by_basis[legal_basis_of(decision)].append(item.signal_id)
    entries = [
        entry
        for basis, signal_ids in by_basis.items()
        for entry in audit.build_entries(
            actor=user,
            action=audit.Action.READ,
            object_type="signal",
            object_ids=dict.fromkeys(signal_ids),
            fields=["summary"],
            activity=audit.SIGNAL_TABLE,
            legal_basis=basis,
            origin=origin,
        )
    ]
    audit.append_entries(entries)
