from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "cms.studios"
    label = "studios"
    verbose_name = _("工作室与门户页面")

    def ready(self):
        from cms.studios import signals  # noqa: F401 (connects the receivers)
