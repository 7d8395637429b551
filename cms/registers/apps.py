from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "cms.registers"
    label = "registers"
    verbose_name = _("登记名册")

    def ready(self):
        from cms.exports import registry
        from cms.registers import exports, signals  # noqa: F401 (signals: connects the receivers)

        registry.register("register", exports.spreadsheet)
