import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cms.cases"
    label = "cases"
    verbose_name = _("案件管理")

    def ready(self):
        from cms.cases import deadline_scan, exports, notices, signals  # noqa: F401 (templates, receivers)
        from cms.exports import registry
        from cms.notifications import schedules

        registry.register("cases", exports.spreadsheet)

        schedules.register(
            schedules.Job(
                name="deadline-scan",
                function="cms.cases.deadline_scan.scan",
                every=datetime.timedelta(minutes=15),
            )
        )
        schedules.register(
            schedules.Job(
                name="morning-digest",
                function="cms.cases.digest.send",
                every=datetime.timedelta(days=1),
                at=datetime.time(7, 30),
            )
        )
        schedules.register(
            schedules.Job(
                name="retention",
                function="cms.cases.retention.run",
                every=datetime.timedelta(days=1),
                at=datetime.time(3, 0),
                timeout=datetime.timedelta(hours=2),
            )
        )
