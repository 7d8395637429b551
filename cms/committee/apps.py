from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "cms.committee"
    label = "committee"
    verbose_name = _("基层治理委员会")

    def ready(self):
        from cms.committee import report, signals  # noqa: F401 (signals: connects the receivers)
        from cms.exports import registry

        registry.register("monthly-report", report.spreadsheet)
