from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "cms.places"
    label = "places"
    verbose_name = _("社区与小区")

    def ready(self):
        from cms.places import signals  # noqa: F401 (connects the receivers)
