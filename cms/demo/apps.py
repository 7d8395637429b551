from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Synthetic demo content for ``make run``, the benches and the tests' shared site: above every other
    app, imported by none of them."""

    name = "cms.demo"
    label = "demo"
    verbose_name = _("演示内容")
