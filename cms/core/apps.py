from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("公共模块")

    def ready(self):
        from cms.core import chain, signals  # noqa: F401 (signals: connects the receivers)
        from cms.core.models import PersonalDataAccess

        chain.register(
            "personal-data-access", PersonalDataAccess, PersonalDataAccess.vouched_content
        )
