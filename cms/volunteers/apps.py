from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "cms.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self):
        from cms.core import chain
        from cms.exports import registry
        from cms.volunteers import exports, signals  # noqa: F401 (signals: connects the receivers)
        from cms.volunteers.models import Certificate

        chain.register("volunteer-certificate", Certificate, Certificate.vouched_content)
        registry.register("izhiyuan", exports.spreadsheet)
