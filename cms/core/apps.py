from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("公共模块")

    def ready(self):
        from cms.core import signals  # noqa: F401 (connects the receivers)
