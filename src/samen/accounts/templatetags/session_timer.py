"""`{% session_timer %}`: the warning before an idle session ends, on every page of a logged-in user."""

from __future__ import annotations

from django import template

from samen.accounts import security

register = template.Library()


@register.inclusion_tag("accounts/_session_timer.html", takes_context=True)
def session_timer(context: template.Context) -> dict:
    user = context.get("user")
    verified = getattr(user, "is_authenticated", False) and getattr(user, "is_verified", lambda: False)()
    return {
        # A password-only session sees only the code step, which ends it or leads in at once.
        "shown": verified,
        "idle_seconds": security.idle_seconds(),
        "warn_seconds": security.warn_seconds(),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
        "PAGE_ADDRESS": context.get("PAGE_ADDRESS", ""),
    }
