"""Follow-up of signals: two tracks per signal, their events, actions, notes, deadlines, cases.

Writes go through `services.py`; reads that need access control through `selectors.py`. Every
change of a track leaves a `TrackEvent` row written in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.casework.notices import Notice
from samen.casework.workflow import Event, Outcome, State
from samen.intake.models import Signal
from samen.partners.models import ContactPoint, Organisation
from samen.routing.engine import reason_text
from samen.routing.models import Track


class SignalTrack(models.Model):
    """One side of the follow-up of a signal: the victim track or the perpetrator track."""

    signal = models.ForeignKey(Signal, verbose_name=_("signal"), on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(_("track"), max_length=12, choices=Track.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="tracks"
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tracks",
    )
    routing_rule_id = models.IntegerField(null=True, blank=True)
    routing_reason = models.TextField(_("reason for the owner"), blank=True)
    # The same reason as data (`samen.routing.engine.reason_parts`), shown in the page's language.
    routing_reason_parts = models.JSONField(default=dict, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    escalated_for = models.DateField(null=True, blank=True, help_text="The deadline that was last escalated.")
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    transfer_to = models.ForeignKey(
        Organisation,
        verbose_name=_("transfer requested to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_transfers",
    )
    needs_joint_decision = models.BooleanField(_("needs a decision of the signaaltafel"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [models.UniqueConstraint(fields=["signal", "kind"], name="casework_one_track_per_kind")]
        indexes = [
            models.Index(fields=["owner", "state", "due_on"], name="casework_track_queue"),
            models.Index(fields=["state", "due_on"], name="casework_track_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signal_id}"

    @property
    def is_closed(self) -> bool:
        return self.state in (State.OUTCOME, State.WAIVED)

    @property
    def routing_reason_shown(self) -> str:
        """Why this owner, in the active language; a reason stored before it was kept as data, in Dutch."""
        return reason_text(self.routing_reason_parts) if self.routing_reason_parts else self.routing_reason


class TrackEvent(models.Model):
    """One thing that happened to a track: who, what, from, to, why, when."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        TRANSITION = "transition", _("state changed")
        REROUTED = "rerouted", _("routed again")
        ESCALATED = "escalated", _("escalated")
        ACTION = "action", _("action")
        NOTE = "note", _("note")
        ASSIGNED = "assigned", _("assigned")
        FLAGGED = "flagged", _("put on the signaaltafel agenda")
        DECISION = "decision", _("decision of the signaaltafel")
        REPORTER_MESSAGE = "reporter_message", _("message to the reporter")

    track = models.ForeignKey(SignalTrack, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.CharField(max_length=20, choices=Event.choices, blank=True)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    # A routing decision's reason as data, when the event is one (`SignalTrack.routing_reason_parts`).
    reason_parts = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        # A track's timeline, and the first action per track that the track summary reads with a
        # correlated MIN(at): by this index the plan no longer depends on fresh statistics.
        indexes = [models.Index(fields=["track", "at"], name="casework_event_track_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.track_id} {self.at:%Y-%m-%d}"

    def reason_for_transfer(self, receiver: str) -> str:
        """Why a transfer was asked: a transfer's event reads "→ receiver: reason"
        (`services.track_transition`)."""
        return self.reason.removeprefix(f"→ {receiver}").removeprefix(":").strip()

    @property
    def reason_shown(self) -> str:
        """The reason in the active language where it is a routing decision; else as written."""
        return reason_text(self.reason_parts) if self.reason_parts else self.reason


class TrackAction(models.Model):
    track = models.ForeignKey(SignalTrack, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="track_actions",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class TrackNote(models.Model):
    track = models.ForeignKey(SignalTrack, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class StateDeadline(models.Model):
    """How many working days a track may stay in a state; data an administrator edits."""

    kind = models.CharField(_("track"), max_length=12, choices=Track.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        ordering = ["kind", "state"]
        verbose_name = _("deadline per state")
        verbose_name_plural = _("deadlines per state")
        constraints = [models.UniqueConstraint(fields=["kind", "state"], name="casework_deadline_once")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.state}: {self.working_days}"


class Notification(models.Model):
    """An in-app message to one user about a track."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    track = models.ForeignKey(SignalTrack, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)  # in Dutch, for the record (e-mail goes in each reader's language)
    # The words again as a message and its values (`notices.Notice`), shown in the reader's language;
    # empty in rows from before they were kept.
    message = models.CharField(max_length=300, blank=True, default="")
    values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="casework_notification_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def shown(self) -> str:
        """The text in the active language."""
        if not self.message:
            return self.text
        return Notice(self.message, self.values).text()


class Case(models.Model):
    """A casus: signals about the same situation, followed up together."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cases"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title


class CaseSignal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="case_memberships")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "signal"], name="casework_signal_once_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.signal_id}"
