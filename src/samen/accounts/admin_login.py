"""What Django's admin login page does in Samen: the admin's own form would skip the throttle and
the TOTP step, so whoever is not logged in is sent to ours.

Whoever is logged in already (both steps) does not log in again: a member of staff goes on to the
page asked for, anyone else is told "no access". Sending them to our login page showed its form
under a header that said they were logged in, and logging in again led back there: a loop (found by
exploratory testing with the national administrator, who is no staff).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from samen.accounts.redirects import local_next


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    target = local_next(request, request.GET.get("next"), reverse("admin:index"))
    user = request.user
    # A password-only session never gets here: TwoFactorRequiredMiddleware sends it to the second step.
    if user.is_authenticated and user.is_verified():
        if admin.site.has_permission(request):
            return redirect(target)
        raise PermissionDenied(_("You are logged in, but the management pages are for the platform's staff only."))
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
