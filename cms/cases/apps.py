from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cms.cases"
    label = "cases"
    verbose_name = _("案件管理")

    def ready(self):
        from cms.cases import notices, signals  # noqa: F401 (registers the templates, connects the receivers)
