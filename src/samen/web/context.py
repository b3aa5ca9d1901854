"""Template context shared by every page: site flags and the main menu for the user's roles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Role
from samen.casework.permissions import can_edit_routing, is_case_worker
from samen.intake.permissions import can_list_reported_signals, can_report_as_professional
from samen.partners.permissions import can_edit_organisation
from samen.privacy.policy import AGGREGATE_ROLES


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone; empty set: every logged-in professional
    # The page's own access question, where it has one: a link that can only answer 403 is no help.
    allowed: Callable[[Any], bool] | None = None
    # The address's arguments for this user, for a page of their own (their organisation).
    args: Callable[[Any], list[Any]] | None = None

    def visible_to(self, user) -> bool:
        if self.allowed is not None:
            return self.allowed(user)
        if self.roles is None:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        return not self.roles or any(user.has_role(role) for role in self.roles)


_INSIGHTS = AGGREGATE_ROLES


def _reports_in_public(user: Any) -> bool:
    """The public form for everyone but professionals: it never links a signal to them."""
    return not can_report_as_professional(user)


def _finds_signals_only_through_reports(user: Any) -> bool:
    """The list of reported signals in the menu for who has no work queue (the intake officer);
    case workers reach it from the professional form."""
    return can_list_reported_signals(user) and not is_case_worker(user)


def _administers_own_organisation(user: Any) -> bool:
    """An organisation administrator reaches the page where it keeps its organisation up to date:
    without this it was found only through "Mijn account" (found by exploratory testing)."""
    # Asked first, without a query: every page renders the menu.
    admin = getattr(user, "is_authenticated", False) and user.has_role(Role.ORGANISATION_ADMIN)
    if not (admin and user.organisation_id):
        return False
    return can_edit_organisation(user, user.organisation)


def _edits_routing_without_a_queue(user: Any) -> bool:
    """The national administrator keeps the routing rules; a coordinator finds them among the work pages."""
    return can_edit_routing(user) and not is_case_worker(user)


# The menu says where each role works; the pages themselves still decide access.
MENU = [
    MenuItem(_("Report"), "intake:report", allowed=_reports_in_public),
    MenuItem(_("Report a signal"), "intake:report_professional", allowed=can_report_as_professional),
    MenuItem(_("Reported signals"), "intake:reported", allowed=_finds_signals_only_through_reports),
    MenuItem(_("Partner map"), "partners:search"),
    MenuItem(_("Regions"), "partners:regions"),
    MenuItem(_("Coverage"), "partners:coverage"),
    MenuItem(_("Work"), "casework:queue", allowed=is_case_worker),
    MenuItem(
        _("My organisation"),
        "partners:organisation",
        allowed=_administers_own_organisation,
        args=lambda user: [user.organisation.slug],
    ),
    MenuItem(_("Routing rules"), "casework:routing", allowed=_edits_routing_without_a_queue),
    MenuItem(_("Signal tables"), "meetings:tables", frozenset({Role.TABLE_MEMBER, Role.COORDINATOR})),
    MenuItem(_("Possible links"), "linkage:links", frozenset({Role.CASE_WORKER, Role.COORDINATOR})),
    MenuItem(_("Insights"), "insights:overview", _INSIGHTS),
    MenuItem(_("Agreements"), "privacy:agreements", frozenset({Role.PRIVACY_OFFICER})),
    MenuItem(_("Audit log"), "audit:search", frozenset({Role.PRIVACY_OFFICER})),
    MenuItem(_("Subject access"), "vault:subject_access", frozenset({Role.PRIVACY_OFFICER})),
]


def _password_only(user: Any) -> bool:
    """Past the password, not yet the code: every link but the second step would lead back to it."""
    return getattr(user, "is_authenticated", False) and hasattr(user, "is_verified") and not user.is_verified()


def page_address(request: HttpRequest) -> str:
    """Where the language switch leads back to: this page's address, or for a page shown in answer to
    a form (a refused one, say) the page the form was on. The form's own address only takes a POST;
    a switch leading there would end on an empty "405 Method Not Allowed"."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc and url_has_allowed_host_and_scheme(
        referer.geturl(), allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlunsplit(("", "", referer.path, referer.query, ""))
    return "/"


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    items = [] if _password_only(user) else [item for item in MENU if item.visible_to(user)]
    menu = [(item.label, reverse(item.url_name, args=item.args(user) if item.args else None)) for item in items]
    return {
        "SAMEN_PRODUCTION": settings.PRODUCTION,
        "LANGUAGES": settings.LANGUAGES,
        "MENU": menu,
        "PAGE_ADDRESS": page_address(request),
    }
