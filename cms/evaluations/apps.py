from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "cms.evaluations"
    label = "evaluations"
    verbose_name = _("评估")

    def ready(self):
        from cms.evaluations import signals  # noqa: F401 (connects the receivers)
