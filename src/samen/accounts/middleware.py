"""Middleware of the login: a second factor for every professional, and limits on a session's life.

Order in settings: after `django_otp.middleware.OTPMiddleware` (which tells whether the session is
verified with a device).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from samen.accounts import security

# Pages a password-only session may open: the second step itself, enrolment, logging out,
# switching language. Everything else sends it to the second step.
SECOND_STEP_OPEN = frozenset({"accounts:otp", "accounts:enrol", "accounts:logout", "accounts:login", "set_language"})


def _url_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


class TwoFactorRequiredMiddleware:
    """A session that passed the password but not the TOTP step reaches nothing but that step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            if request.path_info.startswith(settings.STATIC_URL):
                return self.get_response(request)
            if _url_name(request) not in SECOND_STEP_OPEN:
                target = "accounts:otp" if user.totpdevice_set.filter(confirmed=True).exists() else "accounts:enrol"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """Log out after 30 idle minutes or 12 hours in all, whatever the cookie says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            seen = session.get(security.SESSION_SEEN_AT)
            started = session.get(security.SESSION_LOGIN_AT)
            if (
                seen is None
                or started is None
                or now - seen > security.idle_seconds()
                or now - started > security.absolute_seconds()
            ):
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            session[security.SESSION_SEEN_AT] = int(now)
        return self.get_response(request)


class NoStoreMiddleware:
    """No page is kept in a browser or proxy cache: most carry personal data, and the rest are cheap."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
