"""The audit log: one append-only, hash-chained row per read, search, export or write of personal data.

Rows hold identifiers and codes only: no names, no free text, no URLs or query strings. They
reference users, organisations and objects by number, never by foreign key, so deleting a user
or purging a signal never has to touch (and cannot touch) the log. Database triggers reject
UPDATE and DELETE (migration 0002); `AuditHead` holds the HMAC-keyed head of the chain so a
truncated tail is detected.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.audit.codes import Action, Result, field_labels, object_type_label, purpose_label


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("number"), unique=True)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor_id = models.BigIntegerField(_("user"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=60)
    organisation_id = models.BigIntegerField(_("on behalf of organisation"), null=True, blank=True, db_index=True)
    roles = models.CharField(_("roles"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    fields = models.CharField(_("data categories"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=60)
    processing_code = models.CharField(_("processing code"), max_length=60)
    legal_basis = models.CharField(_("legal basis"), max_length=120, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    origin = models.CharField(_("origin"), max_length=120)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object"),
            # An actor's entries by label, newest last: an API token's last use ("api-token:7").
            models.Index(fields=["actor_label", "seq"], name="audit_entry_actor_label"),
        ]

    def __str__(self) -> str:
        return f"audit {self.seq}"

    # The object type, fields and purpose hold codes without `choices`: a code logged before the vocabulary
    # knew it stays valid, and adding one needs no migration. Shown as labels, like `action`.
    def get_object_type_display(self) -> str:
        return object_type_label(self.object_type)

    def get_fields_display(self) -> str:
        return ", ".join(field_labels(self.fields))

    def get_purpose_display(self) -> str:
        return purpose_label(self.purpose)


class AuditHead(models.Model):
    """The head of the chain (one row): count, last hash and HMAC(key, count, last hash).

    The key comes from the environment, so whoever can write the database but not read the
    server's environment cannot cut entries off the end and fix up the head.
    """

    count = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head at {self.count}"
