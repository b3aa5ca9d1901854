from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    name = "samen.vault"
    verbose_name = _("Identity vault")
