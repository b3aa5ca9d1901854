"""Django app configuration of linkage: the workflow around the database-free core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "samen.linkage"
    label = "linkage"
    verbose_name = _("Linkage")

    def ready(self) -> None:
        from samen.intake.hooks import person_corrected
        from samen.linkage.services import person_forget

        person_corrected.connect(person_forget, dispatch_uid="linkage.person_forget")
