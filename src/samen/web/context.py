"""Template context shared by every page: site flags and the main menu for the user's roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Role
from samen.privacy.policy import AGGREGATE_ROLES


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone; empty set: every logged-in professional

    def visible_to(self, user) -> bool:
        if self.roles is None:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        return not self.roles or any(user.has_role(role) for role in self.roles)


_CASEWORK = frozenset({Role.CASE_WORKER, Role.COORDINATOR, Role.INTAKE_OFFICER, Role.TABLE_MEMBER})
_INSIGHTS = AGGREGATE_ROLES

# The menu says where each role works; the pages themselves still decide access.
MENU = [
    MenuItem(_("Report"), "intake:report"),
    MenuItem(_("Partner map"), "partners:search"),
    MenuItem(_("Regions"), "partners:regions"),
    MenuItem(_("Coverage"), "partners:coverage"),
    MenuItem(_("Work"), "casework:queue", _CASEWORK),
    MenuItem(_("Signal tables"), "meetings:tables", frozenset({Role.TABLE_MEMBER, Role.COORDINATOR})),
    MenuItem(_("Possible links"), "linkage:links", frozenset({Role.CASE_WORKER, Role.COORDINATOR})),
    MenuItem(_("Insights"), "insights:overview", _INSIGHTS),
    MenuItem(_("Agreements"), "privacy:agreements", frozenset({Role.PRIVACY_OFFICER})),
    MenuItem(_("Audit log"), "audit:search", frozenset({Role.PRIVACY_OFFICER})),
    MenuItem(_("Subject access"), "vault:subject_access", frozenset({Role.PRIVACY_OFFICER})),
]


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    menu = [(item.label, reverse(item.url_name)) for item in MENU if item.visible_to(user)]
    return {"SAMEN_PRODUCTION": settings.PRODUCTION, "LANGUAGES": settings.LANGUAGES, "MENU": menu}
