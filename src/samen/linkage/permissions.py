"""Who may see and answer a possible link. One predicate per question.

Only the case workers and coordinators of the two organisations whose signals are linked see a
notice; nobody sees the other organisation's signal through it, and nobody sees who the person is.
"""

from __future__ import annotations

from typing import Any

from samen.casework.permissions import is_case_worker


def can_view_links(user: Any) -> bool:
    """The possible-links pages are for case workers and coordinators of an organisation."""
    return is_case_worker(user)


def can_view_link(user: Any, link: Any) -> bool:
    """A case worker of one of the two organisations of the link."""
    return can_view_links(user) and link.side_of(user.organisation_id) is not None


def can_decide(user: Any, link: Any) -> bool:
    """Confirm or reject: a case worker of one of the two organisations (each for its own side)."""
    return can_view_link(user, link)
