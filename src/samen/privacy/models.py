"""Sharing agreements (convenants) between organisations, and break-the-glass accesses.

The access policy (`policy.py`) reads these rows on every decision: an agreement that expires or
is revoked stops access at once. Writes go through `services.py`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    """Categories of the fields of a signal; each is shared, or not, on its own."""

    STATUS = "status", _("status")
    SUMMARY = "summary", _("de-identified summary")
    FREE_TEXT = "free_text", _("free text")
    IDENTIFYING = "identifying", _("identifying data")
    SPECIAL = "special", _("special categories (health, sexual life)")
    CRIMINAL = "criminal", _("criminal-law data")


class Purpose(models.TextChoices):
    """Why data is processed; an agreement lists the purposes it allows sharing for."""

    CARE = "care", _("care and safety of a victim")
    INVESTIGATION = "investigation", _("criminal investigation")
    ADMINISTRATIVE = "administrative", _("administrative approach")
    JOINT_DECISION = "joint_decision", _("joint decision at the signaaltafel")
    STATUS = "status", _("informing the reporter of the status")
    STATISTICS = "statistics", _("statistics and policy")
    AUDIT = "audit", _("supervision of the processing (audit)")


class AvgBasis(models.TextChoices):
    LEGAL_OBLIGATION = "6.1.c", _("AVG art. 6(1)(c): legal obligation")
    VITAL_INTEREST = "6.1.d", _("AVG art. 6(1)(d): vital interest")
    PUBLIC_TASK = "6.1.e", _("AVG art. 6(1)(e): task in the public interest")
    SPECIAL_SUBSTANTIAL = "9.2.g", _("AVG art. 9(2)(g) with UAVG art. 23: substantial public interest")
    SPECIAL_CARE = "9.2.h", _("AVG art. 9(2)(h): health or social care")
    CRIMINAL = "10", _("AVG art. 10 with UAVG art. 31-33: criminal-law data")


class SectorBasis(models.TextChoices):
    NONE = "", _("none (no police or justice data)")
    WPG_16 = "wpg16", _("Wpg art. 16: sharing within the police")
    WPG_19 = "wpg19", _("Wpg art. 19: joint processing with partners")
    WPG_20 = "wpg20", _("Wpg art. 20: sharing with third parties under an agreement")
    WJSG_39F = "wjsg39f", _("Wjsg art. 39f: justice data to partners")
    WGS = "wgs", _("Wgs: data processing by partnerships")


# Organisation types whose data fall under the Wpg or the Wjsg.
POLICE_OR_JUSTICE_TYPES = frozenset({"police", "prosecution", "kmar"})


class SharingAgreement(models.Model):
    """A convenant: parties, purposes, data categories, legal basis and a period of validity."""

    name = models.CharField(_("name"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    parties = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("parties"), related_name="sharing_agreements"
    )
    regions = models.ManyToManyField(
        "geo.Region",
        verbose_name=_("area"),
        blank=True,
        related_name="sharing_agreements",
        help_text=_("Signals in these regions are covered; no region means the whole country."),
    )
    purposes = models.JSONField(_("purposes"), default=list)
    categories = models.JSONField(_("data categories"), default=list)
    avg_basis = models.CharField(_("legal basis (AVG)"), max_length=10, choices=AvgBasis.choices)
    sector_basis = models.CharField(
        _("ground in the Wpg, Wjsg or Wgs"), max_length=10, choices=SectorBasis.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("sharing agreement")
        verbose_name_plural = _("sharing agreements")

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        if self.revoked_at is not None:
            return False
        if day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    @property
    def is_active(self) -> bool:
        return self.is_active_on()

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("revoked"))
        today = timezone.localdate()
        if today < self.valid_from:
            return str(_("not yet in force"))
        if self.valid_until is not None and today > self.valid_until:
            return str(_("expired"))
        return str(_("in force"))

    def purpose_labels(self) -> list[str]:
        return [str(label) for code, label in Purpose.choices if code in self.purposes]

    def category_labels(self) -> list[str]:
        return [str(label) for code, label in DataCategory.choices if code in self.categories]

    @property
    def basis_text(self) -> str:
        text = self.get_avg_basis_display()
        if self.sector_basis:
            text = f"{text}; {self.get_sector_basis_display()}"
        return str(text)


class BreakGlassAccess(models.Model):
    """Access to one signal outside the rules, with a stated reason, for a short time, reviewed later."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    signal = models.ForeignKey("intake.Signal", on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review"), blank=True)
    review_verdict = models.CharField(_("verdict"), max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        indexes = [models.Index(fields=["user", "signal", "expires_at"], name="privacy_glass_lookup")]

    def __str__(self) -> str:
        return f"break the glass {self.user_id} → {self.signal_id}"

    @property
    def is_active(self) -> bool:
        return timezone.now() < self.expires_at
