"""Authentication hardening: login throttling, session timestamps and recent re-authentication.

- Throttle: after `LOGIN_MAX_FAILURES` wrong passwords for one username the account is locked for
  `LOGIN_LOCKOUT_SECONDS`. Counted per username whether it exists or not, on the shared cache, and
  the message never says which of the two was wrong (no user enumeration).
- Session: `login_at` (absolute limit, 12 hours) and `seen_at` (idle limit, 30 minutes), checked by
  `middleware.SessionLimitsMiddleware`.
- Recent authentication: `auth_at` is set on every password or TOTP check; `require_recent_auth`
  asks again when it is older than five minutes (before identities are revealed or data exported).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
SESSION_LOGIN_AT = "samen_login_at"
SESSION_SEEN_AT = "samen_seen_at"
SESSION_AUTH_AT = "samen_auth_at"


def idle_seconds() -> int:
    return int(getattr(settings, "SAMEN_SESSION_IDLE_SECONDS", 30 * 60))


def warn_seconds() -> int:
    """How long before the idle limit a page warns; at most half of that limit."""
    return min(int(getattr(settings, "SAMEN_SESSION_WARN_SECONDS", 5 * 60)), idle_seconds() // 2)


def absolute_seconds() -> int:
    return int(settings.SESSION_COOKIE_AGE)


def recent_auth_seconds() -> int:
    return int(getattr(settings, "SAMEN_RECENT_AUTH_SECONDS", 5 * 60))


def _key(username: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return f"samen:login-failures:{digest}"


def login_is_locked(username: str) -> bool:
    return int(cache.get(_key(username), 0)) >= LOGIN_MAX_FAILURES


def login_failed(username: str) -> int:
    """Count one wrong password; the lock lasts from the last failure."""
    key = _key(username)
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, LOGIN_LOCKOUT_SECONDS)
    return count


def login_succeeded(username: str) -> None:
    cache.delete(_key(username))


def mark_authenticated(request, *, fresh_login: bool = False) -> None:
    now = int(time.time())
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
    if fresh_login or SESSION_LOGIN_AT not in request.session:
        request.session[SESSION_LOGIN_AT] = now


def has_recent_auth(request) -> bool:
    auth_at = request.session.get(SESSION_AUTH_AT)
    return auth_at is not None and time.time() - auth_at <= recent_auth_seconds()


def recent_auth_redirect(request) -> HttpResponse | None:
    """For views that reveal identities only to some users: a redirect to confirm, or None when recent."""
    if has_recent_auth(request):
        return None
    return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': request.get_full_path()})}")


def require_recent_auth(view: Callable) -> Callable:
    """Ask for the password or a TOTP code again when the last check is more than five minutes old."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(request.user, "is_authenticated", False):
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        if not has_recent_auth(request):
            return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
