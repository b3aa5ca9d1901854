from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "samen.routing"
    verbose_name = _("Routing")

    def ready(self) -> None:
        from samen.routing import checks  # noqa: F401 - registers the system check
