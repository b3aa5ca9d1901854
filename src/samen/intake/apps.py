from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "samen.intake"
    verbose_name = _("Intake of signals")
