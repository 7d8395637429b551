from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("公共模块")

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.core import chain, signals  # noqa: F401 (signals: connects the receivers)
        from cms.core.models import PersonalDataAccess
        from cms.core.permission_names import rename_permissions

        chain.register(
            "personal-data-access", PersonalDataAccess, PersonalDataAccess.vouched_content
        )
        # After every app's migrations, so that the permissions Django has just created are renamed too.
        post_migrate.connect(rename_permissions, dispatch_uid="cms.core.rename_permissions")
