"""Recorded legal exemptions from the right of access (e.g. UAVG art. 41 lid 1 sub d).

An exempted person or signal is left out of a subject-access export until its review date
passes or the exemption is withdrawn; each time that happens, the decision is written to the
audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.intake.models import Signal, SignalPerson


class Exemption(models.Model):
    person = models.ForeignKey(
        SignalPerson, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    signal = models.ForeignKey(
        Signal, verbose_name=_("signal"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    legal_ground = models.CharField(
        _("legal ground"), max_length=120, help_text=_("For example: UAVG art. 41 lid 1 sub d.")
    )
    review_date = models.DateField(_("review date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A withdrawn exemption withholds nothing; the row stays so the privacy officers can see why it ended.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("exemption from access")
        verbose_name_plural = _("exemptions from access")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(signal__isnull=False), name="vault_exemption_has_object"
            )
        ]

    def __str__(self) -> str:
        return f"exemption {self.pk}"
