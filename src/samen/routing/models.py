"""Routing rules as data: priority-ordered rows that say who owns which track of a signal.

A rule matches on the signal's place (a municipality, or a region it lies in), a form of
exploitation, minor/adult, the person's role and the channel; an empty condition matches
anything. The first matching rule per track, by priority, decides the owner. Coordinators and
administrators edit these rows; `engine.py` evaluates them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Municipality, Region
from samen.partners.models import ContactPoint, ExploitationForm, Organisation


class Track(models.TextChoices):
    VICTIM = "victim", _("victim track")
    PERPETRATOR = "perpetrator", _("perpetrator track")


class AgeCondition(models.TextChoices):
    ANY = "", _("any age")
    MINOR = "minor", _("minor")
    ADULT = "adult", _("adult")


class RoleCondition(models.TextChoices):
    ANY = "", _("any role")
    VICTIM = "victim", _("possible victim")
    PERPETRATOR = "perpetrator", _("possible perpetrator")


class ChannelCondition(models.TextChoices):
    ANY = "", _("any channel")
    PUBLIC = "public", _("public form")
    PROFESSIONAL = "professional", _("professional")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    WALK_IN = "walk_in", _("walk-in")
    API = "api", _("partner system")


class RoutingRule(models.Model):
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    priority = models.PositiveIntegerField(_("priority"), help_text=_("Lower numbers are tried first."))
    name = models.CharField(_("name"), max_length=160)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.CASCADE
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE)
    form = models.ForeignKey(
        ExploitationForm,
        verbose_name=_("form of exploitation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("A main form also matches its sub-forms."),
    )
    age = models.CharField(_("age"), max_length=8, choices=AgeCondition.choices, blank=True)
    role = models.CharField(_("role of the person"), max_length=12, choices=RoleCondition.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=ChannelCondition.choices, blank=True)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="routing_rules"
    )
    contact_point = models.ForeignKey(
        ContactPoint, verbose_name=_("contact point"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["track", "priority", "pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(municipality__isnull=False) & models.Q(region__isnull=False)),
                name="routing_rule_place_is_municipality_or_region",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_track_display()} #{self.priority}: {self.name}"

    @property
    def is_fallback(self) -> bool:
        return not any([self.municipality_id, self.region_id, self.form_id, self.age, self.role, self.channel])
