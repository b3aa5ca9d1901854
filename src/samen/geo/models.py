"""Dutch geography: municipalities and the regions they belong to, and PC4 postcodes.

All of it is public reference data loaded from the CSV files in `data/` (see data/SOURCES.md).
A region is one row whatever its kind, so the partner map can say "covers region X" for a
province, a safety region, a police unit or a RIEC region alike.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("province")
    SAFETY_REGION = "safety_region", _("safety region")
    POLICE_UNIT = "police_unit", _("police unit")
    RIEC = "riec", _("RIEC region")


class Region(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    official_name = models.CharField(_("official name"), max_length=160, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        # Not inside an f-string: makemessages does not find a string there, and "Safety region"
        # stayed English on the Dutch pages.
        if self.kind == RegionKind.POLICE_UNIT:
            kind = _("Police unit")
        elif self.kind == RegionKind.SAFETY_REGION:
            kind = _("Safety region")
        elif self.kind == RegionKind.PROVINCE:
            kind = _("Province")
        else:
            return self.name
        return f"{kind} {self.name}"


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=120)
    plain_name = models.CharField(_("name without suffix"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    province = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="province_municipalities")
    safety_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="safety_region_municipalities")
    police_unit = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="police_unit_municipalities")
    riec = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="riec_municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def regions(self) -> list[Region]:
        return [self.safety_region, self.police_unit, self.riec, self.province]

    @property
    def region_ids(self) -> list[int]:
        return [self.safety_region_id, self.police_unit_id, self.riec_id, self.province_id]


class MunicipalityAlias(models.Model):
    """Another name people use for a municipality: Den Haag for 's-Gravenhage."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["search_name"], name="geo_alias_unique_search_name")]

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A four-digit postcode area, assigned to one municipality (an approximation at borders)."""

    pc4 = models.CharField(_("postcode"), max_length=4, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, related_name="postcodes")
    place = models.CharField(_("place"), max_length=120, blank=True)

    class Meta:
        ordering = ["pc4"]

    def __str__(self) -> str:
        return self.pc4
