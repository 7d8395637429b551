from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cms.projects"
    label = "projects"
    verbose_name = _("项目台账")

    def ready(self):
        from cms.projects import signals  # noqa: F401 (connects the receivers)
