"""The vocabulary of audit entries: actions, results, purposes and processing codes.

Kept free of models so every app can import it at any time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("read")
    SEARCH = "search", _("search")
    EXPORT = "export", _("export")
    WRITE = "write", _("write")
    DELETE = "delete", _("delete")
    BREAK_GLASS = "break_glass", _("break the glass")
    DENIED = "denied", _("denied")


class Result(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AuditUnavailable(Exception):
    """The audit entry could not be written: the caller must not disclose or change anything."""


# Processing activities (purpose + processing code + legal basis) the current code logs under.
# The privacy app's register may refine these; an entry without a processing code is refused.
INTAKE = ("intake", "SAMEN-INTAKE", "AVG art. 6(1)(e)")
CASEWORK = ("follow_up", "SAMEN-CASEWORK", "AVG art. 6(1)(e)")
SIGNAL_TABLE = ("joint_decision", "SAMEN-TABLE", "AVG art. 6(1)(e)")
PARTNER_MAP = ("partner_map", "SAMEN-PARTNERS", "AVG art. 6(1)(e)")
OVERSIGHT = ("oversight", "SAMEN-AUDIT", "AVG art. 5(2), 32")
SUBJECT_ACCESS = ("subject_access", "SAMEN-SAR", "AVG art. 15")
RETENTION = ("retention", "SAMEN-RETENTION", "AVG art. 5(1)(e)")
ADMINISTRATION = ("administration", "SAMEN-ADMIN", "AVG art. 6(1)(e)")
