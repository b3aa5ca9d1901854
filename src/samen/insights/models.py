"""Summary tables of the phenomenon picture, and the interventions the waterbed page tests.

The summary tables hold counts only: no signal id, no text, no identity. Each has one row per
combination of its dimensions and a count `n`; a page is a GROUP BY over the smallest table
that has the dimensions it needs (see `aggregates.CUBES`). Months are stored as the first day of
the month; quarters and years are derived, as are regions (from the municipality code through
geo). The signal and person tables are kept up to date incrementally by
`aggregates.refresh_insights`, which remembers how far it got in `Watermark`; the track tables
are recounted by the same refresh when tracks changed (`tracks`), since a track's state changes
after it is counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Region


class _Count(models.Model):
    n = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}: {self.n}"


class SignalCount(_Count):
    """Signals per month x municipality x form x sector x channel x reporter type (finest grain)."""

    month = models.DateField()
    municipality = models.CharField(max_length=6)
    form = models.CharField(max_length=20, blank=True)
    sector = models.CharField(max_length=20, blank=True)
    channel = models.CharField(max_length=20)
    reporter_type = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "municipality", "form", "sector", "channel", "reporter_type"],
                name="insights_signalcount_key",
            )
        ]
        indexes = [models.Index(fields=["municipality", "month"], name="insights_sc_area_month")]


class SignalAreaCount(_Count):
    """Roll-up: signals per month x municipality x form (maps, trends, regions, waterbed)."""

    month = models.DateField()
    municipality = models.CharField(max_length=6)
    form = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "municipality", "form"], name="insights_signalareacount_key")
        ]
        indexes = [models.Index(fields=["municipality", "month"], name="insights_sac_area_month")]


class SignalRegionCount(_Count):
    """Roll-up by region: signals per level x region x month x form (regions, waterbed, maps).

    One row set per region level (safety region, police unit, RIEC, province), so a page at a
    region level reads a few thousand rows instead of mapping every municipality row.
    """

    level = models.CharField(max_length=20)
    region = models.CharField(max_length=20)
    month = models.DateField()
    form = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "region", "month", "form"], name="insights_signalregioncount_key")
        ]
        indexes = [models.Index(fields=["level", "month"], name="insights_src_level_month")]


class SignalNationalCount(_Count):
    """Roll-up without geography: signals per month x form x sector x channel x reporter type."""

    month = models.DateField()
    form = models.CharField(max_length=20, blank=True)
    sector = models.CharField(max_length=20, blank=True)
    channel = models.CharField(max_length=20)
    reporter_type = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "form", "sector", "channel", "reporter_type"], name="insights_signalnationalcount_key"
            )
        ]


class PersonCount(_Count):
    """Persons in signals per month x municipality x role x age band x gender x nationality group."""

    month = models.DateField()
    municipality = models.CharField(max_length=6)
    role = models.CharField(max_length=20)
    age_band = models.CharField(max_length=10, blank=True)
    gender = models.CharField(max_length=10, blank=True)
    nationality_group = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "municipality", "role", "age_band", "gender", "nationality_group"],
                name="insights_personcount_key",
            )
        ]
        indexes = [models.Index(fields=["municipality", "month"], name="insights_pc_area_month")]


class PersonNationalCount(_Count):
    """Roll-up without geography: persons per month x role x age band x gender x nationality group."""

    month = models.DateField()
    role = models.CharField(max_length=20)
    age_band = models.CharField(max_length=10, blank=True)
    gender = models.CharField(max_length=10, blank=True)
    nationality_group = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "role", "age_band", "gender", "nationality_group"],
                name="insights_personnationalcount_key",
            )
        ]


class _TrackCount(_Count):
    """Victim and perpetrator tracks, counted by `tracks.refresh_track_counts` (see there for the rules)."""

    month = models.DateField()
    form = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=12)
    state = models.CharField(max_length=20)
    outcome = models.CharField(max_length=30, blank=True)
    first_action = models.CharField(max_length=12)

    class Meta:
        abstract = True


TRACK_KEY = ["month", "form", "kind", "state", "outcome", "first_action"]


class TrackCount(_TrackCount):
    """Tracks per month x municipality x form x kind x state x outcome x first action (finest grain)."""

    municipality = models.CharField(max_length=6)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", *TRACK_KEY], name="insights_trackcount_key")]
        indexes = [models.Index(fields=["municipality", "month"], name="insights_tc_area_month")]


class TrackRegionCount(_TrackCount):
    """Roll-up by region: tracks per level x region x the other dimensions (one row set per level)."""

    level = models.CharField(max_length=20)
    region = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "region", *TRACK_KEY], name="insights_trackregioncount_key")
        ]
        indexes = [models.Index(fields=["level", "month"], name="insights_trc_level_month")]


class TrackNationalCount(_TrackCount):
    """Roll-up without geography: tracks per month x form x kind x state x outcome x first action."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=TRACK_KEY, name="insights_tracknationalcount_key")]


class Watermark(models.Model):
    """How far the incremental refresh got: every signal with id <= last_signal_id is counted.

    The track tables keep their own row (``tracks``): there ``last_signal_id`` holds the last
    track event seen when the tracks were counted, and ``refreshed_at`` when that was.
    """

    name = models.CharField(max_length=40, unique=True)
    last_signal_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_signal_id}"


class KpiSnapshot(models.Model):
    """The programme goals' raw figures, computed by the refresh task and read by the KPI page.

    Counts and durations only (no signal id, no person). Suppression is applied when the page
    is drawn, like for every other summary table.
    """

    computed_at = models.DateTimeField(db_index=True)
    figures = models.JSONField()

    def __str__(self) -> str:
        return f"KPIs at {self.computed_at:%Y-%m-%d %H:%M}"


class Intervention(models.Model):
    """A measure taken in a region from a month on (a raid, a permit regime, a campaign).

    Recorded so the waterbed page can test whether signals moved elsewhere afterwards.
    """

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("in force from"), help_text=_("The first day of the first month it applies."))
    form = models.CharField(
        _("form of exploitation"), max_length=20, blank=True, help_text=_("Leave empty when it targets every form.")
    )
    label = models.CharField(_("description"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "label"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return self.label
