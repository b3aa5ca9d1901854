"""The vocabulary of audit entries: actions, results, object types, field categories, purposes and
processing codes.

Kept free of models so every app can import it at any time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


# Object types and field categories are short words that other apps translate in other senses
# ("case", "contact point", "status"); a context of their own keeps the log's labels its own.


class ObjectType(models.TextChoices):
    """What an entry is about. The entry stores the code; the log's page shows the label.

    A code logged before it was added here is shown as it is (`object_type_label`).
    """

    ADMIN = "admin", pgettext_lazy("audit object type", "admin page")
    API_TOKEN = "api_token", pgettext_lazy("audit object type", "API token")
    AUDIT_LOG = "audit_log", pgettext_lazy("audit object type", "audit log")
    BREAK_GLASS_ACCESS = "break_glass_access", pgettext_lazy("audit object type", "break-the-glass access")
    CASE = "case", pgettext_lazy("audit object type", "case")
    CONTACT_POINT = "contact_point", pgettext_lazy("audit object type", "contact point")
    EXEMPTION = "exemption", pgettext_lazy("audit object type", "exemption from access")
    INSIGHTS_TABLE = "insights_table", pgettext_lazy("audit object type", "Insights table")
    INTERVENTION = "intervention", pgettext_lazy("audit object type", "intervention")
    LEGAL_HOLD = "legal_hold", pgettext_lazy("audit object type", "legal hold")
    LINKAGE_ENCODING = "linkage_encoding", pgettext_lazy("audit object type", "linkage encoding")
    ORGANISATION = "organisation", pgettext_lazy("audit object type", "organisation")
    PERSON = "person", pgettext_lazy("audit object type", "person")
    POSSIBLE_LINK = "possible_link", pgettext_lazy("audit object type", "possible link")
    # The privacy pages as a whole, for a refusal that concerns no one object.
    PRIVACY = "privacy", pgettext_lazy("audit object type", "privacy management")
    SHARING_AGREEMENT = "sharing_agreement", pgettext_lazy("audit object type", "sharing agreement")
    SIGNAL = "signal", pgettext_lazy("audit object type", "signal")


class FieldCategory(models.TextChoices):
    """Which kinds of data an entry's action touched (its `fields`), as the code logs them.

    Apps name some data in words of their own (the reporter's contact details are "contact" at
    intake and "reporter_contact" on the signal page; identifying data "identifying" in the privacy
    policy and "identity" elsewhere): the stored codes stay as they are, each with its label.
    """

    AUDIT = "audit", pgettext_lazy("audit field category", "audit log")
    CASE = "case", pgettext_lazy("audit field category", "case")
    CONTACT = "contact", pgettext_lazy("audit field category", "contact details")
    CRIMINAL = "criminal", pgettext_lazy("audit field category", "criminal-law data")
    FOLLOW_UP = "follow_up", pgettext_lazy("audit field category", "follow-up")
    FORMS = "forms", pgettext_lazy("audit field category", "forms of exploitation")
    FREE_TEXT = "free_text", pgettext_lazy("audit field category", "free text")
    IDENTIFYING = "identifying", pgettext_lazy("audit field category", "identifying data")
    IDENTITY = "identity", pgettext_lazy("audit field category", "identity details")
    MUNICIPALITY = "municipality", pgettext_lazy("audit field category", "municipality")
    PERSON = "person", pgettext_lazy("audit field category", "people")
    PLACE = "place", pgettext_lazy("audit field category", "place or address")
    REPORTER_CONTACT = "reporter_contact", pgettext_lazy("audit field category", "reporter's contact details")
    SIGNAL = "signal", pgettext_lazy("audit field category", "signal")
    SIGNAL_STATUS = "signal_status", pgettext_lazy("audit field category", "status of the signal")
    SPECIAL = "special", pgettext_lazy("audit field category", "special category data")
    STATUS = "status", pgettext_lazy("audit field category", "status")
    SUMMARY = "summary", pgettext_lazy("audit field category", "de-identified summary")


class AuditPurpose(models.TextChoices):
    """Why an entry's access happened: the purposes of the processing activities below, and those of
    the privacy policy (`samen.privacy.models.Purpose`) that the policy's decisions are logged under."""

    ADMINISTRATION = "administration", pgettext_lazy("audit purpose", "administration of Samen")
    ADMINISTRATIVE = "administrative", pgettext_lazy("audit purpose", "administrative approach")
    AUDIT = "audit", pgettext_lazy("audit purpose", "supervision of the processing")
    CARE = "care", pgettext_lazy("audit purpose", "care and safety of a victim")
    FOLLOW_UP = "follow_up", pgettext_lazy("audit purpose", "follow-up of signals")
    INTAKE = "intake", pgettext_lazy("audit purpose", "receiving signals")
    INVESTIGATION = "investigation", pgettext_lazy("audit purpose", "criminal investigation")
    JOINT_DECISION = "joint_decision", pgettext_lazy("audit purpose", "joint decision at the signaaltafel")
    LINKAGE = "linkage", pgettext_lazy("audit purpose", "linking signals about the same person")
    OVERSIGHT = "oversight", pgettext_lazy("audit purpose", "oversight of the audit log")
    PARTNER_MAP = "partner_map", pgettext_lazy("audit purpose", "the partner map")
    RETENTION = "retention", pgettext_lazy("audit purpose", "retention periods")
    STATISTICS = "statistics", pgettext_lazy("audit purpose", "statistics and policy")
    STATUS = "status", pgettext_lazy("audit purpose", "informing the reporter of the status")
    SUBJECT_ACCESS = "subject_access", pgettext_lazy("audit purpose", "a data subject's request for access")


def purpose_label(code: str) -> str:
    """The purpose in the reader's language; a code this vocabulary does not know, as it is."""
    return _label(AuditPurpose, code)


def object_type_label(code: str) -> str:
    """The object type in the reader's language; a code this vocabulary does not know, as it is."""
    return _label(ObjectType, code)


def field_labels(fields: str) -> list[str]:
    """An entry's comma-separated field categories in the reader's language, unknown codes as they are."""
    return [_label(FieldCategory, code) for code in fields.split(",") if code]


def _label(vocabulary: type[models.TextChoices], code: str) -> str:
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return code


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
