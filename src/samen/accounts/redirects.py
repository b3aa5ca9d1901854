"""Where to go after a step (login, re-authentication, break the glass): only a path on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    """`candidate` when it is a path on this site such as "/werk/", else `default`.

    Only a path that starts with one slash: another host must not receive someone who has just
    logged in, and `redirect()` reads a value without "/" or "." as a view name, so a crafted
    `?next=-1` would end in a server error.
    """
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure())
    ):
        return candidate
    return default
