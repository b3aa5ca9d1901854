"""`flush` that can empty the append-only audit table outside production mode (tests, demo resets).

In production mode the triggers stay, so a flush of a live database fails instead of erasing
the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from samen.audit import triggers


class Command(FlushCommand):
    def handle(self, **options) -> None:
        if settings.PRODUCTION:
            return super().handle(**options)
        connection = connections[options["database"]]
        triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
