"""Rate limits for the public pages, without storing anything about the client in the database.

The key is an HMAC of the client address with a salt made of SECRET_KEY and today's date, so
it changes every day and cannot be turned back into an address. Counts live only in Django's
cache, per clock hour, and expire with it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    """The client's address, used only as HMAC input and never stored.

    Behind a reverse proxy every request comes from the proxy; set
    `INTAKE_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"` and the entry the proxy appended
    (the last one; earlier ones are whatever the client claimed) is used instead.
    """
    header = getattr(settings, "INTAKE_CLIENT_ADDRESS_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(request: HttpRequest, *, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    salt = f"{settings.SECRET_KEY}:samen.intake.ratelimit:{today.isoformat()}".encode()
    address = client_address(request)
    return hmac.new(salt, address.encode(), hashlib.sha256).hexdigest()[:32]


def _window(request: HttpRequest, scope: str) -> tuple[str, int]:
    """This clock hour's cache key for the client in `scope`, and the seconds until the hour ends."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    return f"samen:rl:{scope}:{client_key(request)}:{window}", (window + 1) * WINDOW_SECONDS - now


def hit(request: HttpRequest, scope: str, limit: int) -> int | None:
    """Count one attempt; return the seconds to wait when over the limit, else None."""
    key, left = _window(request, scope)
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    return left if count > limit else None


def waiting(request: HttpRequest, scope: str, limit: int) -> int | None:
    """The seconds to wait when the client is already over the limit, counting no attempt.

    For a page shown again without being sent (a language switch): the wait it was told of must
    not disappear from it."""
    key, left = _window(request, scope)
    return left if cache.get(key, 0) > limit else None


def public_form_limit() -> int:
    return getattr(settings, "INTAKE_PUBLIC_RATE_LIMIT", 10)


def status_limit() -> int:
    return getattr(settings, "INTAKE_STATUS_RATE_LIMIT", 20)


def forgive(request: HttpRequest, scope: str) -> None:
    """Take back the attempt `hit` counted last: it stored nothing, through no fault of the client
    (the database was away), and sending it again must not run into the limit."""
    key, _left = _window(request, scope)
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile: nothing to take back
        pass
