import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "cms.registers"
    label = "registers"
    verbose_name = _("登记名册")

    def ready(self):
        from cms.exports import registry
        from cms.notifications import schedules
        from cms.registers import exports, signals  # noqa: F401 (signals: connects the receivers)

        registry.register("register", exports.spreadsheet)
        schedules.register(
            schedules.Job(
                name="register-retention",
                function="cms.registers.retention.run",
                every=datetime.timedelta(days=1),
                at=datetime.time(3, 30),
            )
        )
