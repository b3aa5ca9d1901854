from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "samen.insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from samen.insights.corrections import count_correction
        from samen.intake.hooks import signal_corrected

        signal_corrected.connect(count_correction, dispatch_uid="insights.count_correction")
