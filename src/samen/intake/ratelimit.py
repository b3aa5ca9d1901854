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


def hit(request: HttpRequest, scope: str, limit: int) -> int | None:
    """Count one attempt; return the seconds to wait when over the limit, else None."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"samen:rl:{scope}:{client_key(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    if count > limit:
        return (window + 1) * WINDOW_SECONDS - now
    return None


def public_form_limit() -> int:
    return getattr(settings, "INTAKE_PUBLIC_RATE_LIMIT", 10)


def status_limit() -> int:
    return getattr(settings, "INTAKE_STATUS_RATE_LIMIT", 20)
