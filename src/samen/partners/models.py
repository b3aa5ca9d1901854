"""The partner map: who works where on human trafficking, on what, with what goal, whom to call.

Routing reads it and people search it. Edits go through `services.py`, which keeps a
`ChangeRecord` of every change with who made it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Municipality, Region


class OrganisationType(models.TextChoices):
    POLICE = "police", _("Police (AVIM)")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour Inspectorate (NLA)")
    MUNICIPALITY = "municipality", _("Municipality")
    CARE_COORDINATOR = "care_coordinator", _("Care coordinator for trafficking")
    RIEC = "riec", _("RIEC")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    COMENSHA = "comensha", _("CoMensha")
    SHELTER = "shelter", _("Shelter")
    NGO = "ngo", _("NGO")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    PROSECUTION = "prosecution", _("Public Prosecution Service (OM)")
    IND = "ind", _("Immigration and Naturalisation Service (IND)")
    KMAR = "kmar", _("Royal Netherlands Marechaussee (KMar)")
    OTHER = "other", _("Other partner")


class ShelterKind(models.TextChoices):
    NONE = "", _("not a shelter")
    COSM = "cosm", _("COSM (categorical shelter)")
    OMM = "omm", _("OMM (shelter for victims with multiple problems)")
    WOMEN = "women", _("Women's shelter")
    MEN = "men", _("Men's shelter")
    MINORS = "minors", _("Protected shelter for minors")


class TargetGroupCode(models.TextChoices):
    MINORS = "minors", _("minors")
    ADULTS = "adults", _("adults")
    MEN = "men", _("men")
    WOMEN = "women", _("women")
    FAMILIES = "families", _("families")
    LVB = "lvb", _("people with a mild intellectual disability")
    UNDOCUMENTED = "undocumented", _("undocumented people")


class DomainCode(models.TextChoices):
    PREVENTION = "prevention", _("prevention")
    SIGNALLING = "signalling", _("signalling")
    CARE = "care", _("care")
    SHELTER = "shelter", _("shelter")
    INVESTIGATION = "investigation", _("investigation")
    PROSECUTION = "prosecution", _("prosecution")
    ADMINISTRATIVE = "administrative", _("administrative approach")


class _CodeTable(models.Model):
    """A small lookup table whose rows are the members of a TextChoices enum.

    The rows make many-to-many filters plain joins on SQLite and PostgreSQL alike; the labels
    stay in code so they are translated.
    """

    code = models.CharField(max_length=20, primary_key=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(dict(self.CHOICES.choices).get(self.code, self.code))


class TargetGroup(_CodeTable):
    CHOICES = TargetGroupCode

    class Meta(_CodeTable.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Domain(_CodeTable):
    CHOICES = DomainCode

    class Meta(_CodeTable.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class ExploitationForm(models.Model):
    """A form of exploitation from data/exploitation_forms.csv (art. 273f Sr and proposals)."""

    code = models.CharField(max_length=20, primary_key=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    level = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    legal_basis = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=200, blank=True)
    description_nl = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "nl").startswith("en") else self.description_nl

    @property
    def is_main_form(self) -> bool:
        return self.level == "hoofdvorm"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    shelter_kind = models.CharField(_("kind of shelter"), max_length=10, choices=ShelterKind.choices, blank=True)
    goal = models.CharField(_("goal"), max_length=300, help_text=_("What the organisation aims for, in one sentence."))
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("general phone number"), max_length=40, blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    based_in = models.ForeignKey(
        Municipality, verbose_name=_("based in"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_national = models.BooleanField(_("works nationally"), default=False)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions covered"), blank=True, related_name="organisations"
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities covered"), blank=True, related_name="organisations"
    )
    forms = models.ManyToManyField(ExploitationForm, verbose_name=_("forms of exploitation"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["type", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation", kwargs={"slug": self.slug})


class ContactPoint(models.Model):
    """A fixed point of contact: a named person or desk with a function and a backup."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contact_points")
    name = models.CharField(_("name"), max_length=120)
    function = models.CharField(_("function"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reachable = models.CharField(_("when reachable"), max_length=120, blank=True)
    is_available = models.BooleanField(
        _("available"), default=True, help_text=_("Untick while the contact point is away; calls go to the backup.")
    )
    backup = models.ForeignKey(
        "self",
        verbose_name=_("backup"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backs_up",
        help_text=_("Who takes over when this contact point is unavailable."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["organisation", "position", "name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return f"{self.name} ({self.function})"


class ChangeRecord(models.Model):
    """One change to an organisation or its contact points: who, when, what changed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.action} {self.organisation_id} {self.at:%Y-%m-%d %H:%M}"

    def changed(self) -> list[str]:
        """What changed, in the page's language: "naam", "Anna de Boer: telefoon", "contactpunt".

        The record keeps the fields' code names (`services`), which the history showed as they are:
        "short_name" on a Dutch page (found by exploratory testing).
        """
        shown = []
        for key in self.changes:
            contact, _colon, name = key.rpartition(": ")
            model = ContactPoint if contact else Organisation
            if key == "contact":
                shown.append(str(ContactPoint._meta.verbose_name))
                continue
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = name
            shown.append(f"{contact}: {label}" if contact else label)
        return shown
