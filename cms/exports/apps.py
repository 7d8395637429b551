from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "cms.exports"
    label = "exports"
    verbose_name = _("导出")

    def ready(self):
        from cms.notifications import schedules

        schedules.register(
            schedules.Job(
                name="exports-cleanup",
                function="cms.exports.services.delete_expired",
                every=timedelta(hours=1),
            )
        )
