"""Professionals who log in: each belongs to one organisation and holds one or more roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.web.languages import PROFESSIONAL

# The languages a professional can work in: those of the professional pages, not the public form's seven.
WORKING_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code in PROFESSIONAL]


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", _("intake officer")
    CASE_WORKER = "case_worker", _("case worker")
    COORDINATOR = "coordinator", _("coordinator")
    TABLE_MEMBER = "table_member", _("table member")
    ANALYST = "analyst", _("analyst")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
    ORGANISATION_ADMIN = "organisation_admin", _("organisation administrator")
    NATIONAL_ADMIN = "national_admin", _("national administrator")


class User(AbstractUser):
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    function = models.CharField(_("function"), max_length=120, blank=True)
    # Saved when the user switches language while logged in (`samen.accounts.languages`). Empty
    # until then: Dutch for e-mail, and a login leaves the browser's language as it is.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=WORKING_LANGUAGES,
        blank=True,
        default="",
        help_text=_("The language of the pages after logging in and of the e-mail Samen sends; Dutch until chosen."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.role_codes

    @property
    def working_language(self) -> str:
        """The language chosen, or Dutch (the site's language) while none is."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def role_labels(self) -> list[str]:
        return [str(label) for code, label in Role.choices if code in self.role_codes]


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="accounts_role_once_per_user")]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.get_role_display()
