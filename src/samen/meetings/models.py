"""Signal tables (signaaltafels) per region, their meetings, agenda items, decisions and actions.

A table's members are organisations; the people who sit at it are users of those organisations
(see `permissions.py`). An agenda item points at a signal and says in words why it is there
(`AgendaItem.reasons`, a list of codes with details, rendered in the reader's language). Actions
of the table are casework `TrackAction`s, linked to the item through `ItemAction`, so they show
in the owner's own action list. Writes go through `services.py`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.casework.models import TrackAction
from samen.geo.models import Region
from samen.intake.models import Signal
from samen.partners.models import Organisation


class SignalTable(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="tables")
    members = models.ManyToManyField(Organisation, verbose_name=_("member organisations"), related_name="signal_tables")
    chair = models.ForeignKey(
        Organisation, verbose_name=_("chair"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("meets every (days)"), default=21, help_text=_("21 means once every three weeks.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("signal table")
        verbose_name_plural = _("signal tables")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:table", kwargs={"table": self.slug})


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")


class Meeting(models.Model):
    table = models.ForeignKey(SignalTable, verbose_name=_("table"), on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, default="online", help_text=_('An address, or "online".'))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="table_meetings"
    )
    agenda_built_at = models.DateTimeField(null=True, blank=True)
    minutes_finalised_at = models.DateTimeField(_("minutes finalised"), null=True, blank=True)
    minutes_finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["table", "status", "starts_at"], name="meetings_next")]

    def __str__(self) -> str:
        return f"{self.table} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs={"table": self.table.slug, "meeting": self.pk})

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_online(self) -> bool:
        return self.place.strip().lower() == "online"


class Reason(models.TextChoices):
    """Why a signal is on the agenda; `AgendaItem.reason_texts` turns each into a sentence."""

    FLAGGED = "flagged", _("brought to the table by its owner")
    OVERDUE = "overdue", _("past its deadline")
    MULTI_ORGANISATION = "multi_organisation", _("concerns more than one organisation")
    TRANSFER = "transfer", _("transfer between organisations")
    POSSIBLE_LINK = "possible_link", _("possible link with another signal")
    OPEN_ACTIONS = "open_actions", _("open actions from an earlier meeting")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    signal = models.ForeignKey(Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="+")
    # [{"code": Reason, "track": "victim"|"perpetrator"|"", "organisation": name, "date": iso, "other": code}]
    reasons = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [models.UniqueConstraint(fields=["meeting", "signal"], name="meetings_signal_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.signal_id}"

    @property
    def reason_codes(self) -> list[str]:
        return [r.get("code", "") for r in self.reasons]

    def reason_texts(self) -> list[str]:
        """Each reason as a sentence a professional understands, in the current language."""
        return [reason_text(r) for r in self.reasons]


def _track_label(kind: str) -> str:
    return {"victim": gettext("The victim track"), "perpetrator": gettext("The perpetrator track")}.get(
        kind, gettext("A track")
    )


def reason_text(reason: dict) -> str:
    code = reason.get("code", "")
    params = {
        "track": _track_label(reason.get("track", "")),
        "organisation": reason.get("organisation", ""),
        "other": reason.get("other", ""),
        "note": reason.get("note", ""),
        "date": "",
    }
    if reason.get("date"):
        params["date"] = datetime.date.fromisoformat(reason["date"]).strftime("%d-%m-%Y")
    if code == Reason.FLAGGED:
        return gettext("%(track)s: %(organisation)s asks the table for a joint decision.") % params
    if code == Reason.OVERDUE:
        return gettext("%(track)s at %(organisation)s is past its deadline of %(date)s.") % params
    if code == Reason.MULTI_ORGANISATION and params["other"]:
        return gettext("%(track)s at %(organisation)s has an open action with %(other)s.") % params
    if code == Reason.MULTI_ORGANISATION:
        return (
            gettext(
                "%(track)s at %(organisation)s waits for a partner while another organisation owns the other track."
            )
            % params
        )
    if code == Reason.TRANSFER:
        return (
            gettext("%(track)s: %(organisation)s asked another organisation to take it over; the answer is pending.")
            % params
        )
    if code == Reason.POSSIBLE_LINK:
        text = gettext("Possibly concerns the same person or place as signal %(other)s.") % params
        return f"{text} {params['note']}".strip()
    if code == Reason.OPEN_ACTIONS:
        return gettext("Actions agreed at an earlier meeting are still open.")
    return str(code)


class TableDecision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ItemAction(models.Model):
    """An action agreed at the table: the casework action, and the item where it was agreed."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="item_actions")
    action = models.OneToOneField(TrackAction, on_delete=models.CASCADE, related_name="table_item")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.action_id}"


class PossibleLink(models.Model):
    """Two signals that may concern the same person or place, for the table to discuss (from linkage)."""

    table = models.ForeignKey(SignalTable, on_delete=models.CASCADE, related_name="possible_links")
    signal_a = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    signal_b = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    discussed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "signal_a", "signal_b"], name="meetings_link_once_per_table")
        ]

    def __str__(self) -> str:
        return f"{self.signal_a_id}~{self.signal_b_id}"
