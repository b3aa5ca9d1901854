"""Retention as data: how long each category of data is kept per outcome, legal holds, tombstones.

A `RetentionPolicy` says: data of this category, of signals closed with this outcome (blank:
any outcome), is deleted or anonymised this many days after closure. A `LegalHold` keeps a
signal whatever the policies say. A `Tombstone` records what was removed, when and under which
policy, without any of the content.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.intake.models import Signal


class Category(models.TextChoices):
    SIGNAL = "signal", _("the whole signal")
    IDENTITY = "identity", _("identifying data (identities and reporter contact)")
    FREE_TEXT = "free_text", _("free text (descriptions, notes)")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("delete")
    ANONYMISE = "anonymise", _("anonymise")


class RetentionPolicy(models.Model):
    category = models.CharField(_("data category"), max_length=20, choices=Category.choices)
    outcome = models.CharField(
        _("outcome"),
        max_length=30,
        blank=True,
        help_text=_("Leave empty for every outcome without a policy of its own."),
    )
    period_days = models.PositiveIntegerField(_("days after closure"))
    action = models.CharField(_("action"), max_length=10, choices=RetentionAction.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["category", "outcome"]
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        constraints = [models.UniqueConstraint(fields=["category", "outcome"], name="retention_one_policy_per_case")]

    def __str__(self) -> str:
        return f"{self.category}/{self.outcome or '*'}: {self.action} after {self.period_days} days"


class LegalHold(models.Model):
    signal = models.ForeignKey(Signal, verbose_name=_("signal"), on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(_("reason"), max_length=300)
    review_date = models.DateField(_("review date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the hold ended stays here for the privacy officers; the audit log holds codes only.
    lift_reason = models.CharField(_("reason for lifting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        return f"legal hold on {self.signal_id}"


class Tombstone(models.Model):
    """What was removed, when, under which policy. Never any content."""

    category = models.CharField(max_length=20, choices=Category.choices)
    action = models.CharField(max_length=10, choices=RetentionAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    policy = models.ForeignKey(RetentionPolicy, on_delete=models.PROTECT, related_name="tombstones")
    done_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-done_at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="retention_tombstone_object")]

    def __str__(self) -> str:
        return f"{self.action} {self.category} of {self.object_type} {self.object_id}"
