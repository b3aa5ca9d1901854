"""Writing privacy events to the audit log.

The audit app (`samen.audit`) owns the append-only log. Privacy only calls its service; until that
app is installed, events go to the `samen.privacy` logger so nothing is lost silently.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import apps

logger = logging.getLogger("samen.privacy")


def audit(*, actor, action: str, obj=None, result: str = "allowed", reason: str = "", purpose: str = "",
          request=None) -> None:
    """Record one privacy event: who, what, on which object, allowed or denied, and why."""
    if apps.is_installed("samen.audit"):
        services = importlib.import_module("samen.audit.services")
        record = getattr(services, "record", None) or importlib.import_module("samen.audit").record
        try:
            record(actor=actor, action=action, obj=obj, result=result, reason=reason, purpose=purpose,
                   request=request)
            return
        except TypeError:
            # The audit service's keywords differ: fall back to the common core.
            record(actor=actor, action=action, obj=obj)
            return
    logger.info(
        "privacy %s by %s on %s: %s (%s)", action, getattr(actor, "pk", None), getattr(obj, "pk", None), result,
        reason,
    )
