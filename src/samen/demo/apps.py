from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "samen.demo"
    verbose_name = _("Demo data")
