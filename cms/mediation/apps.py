from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "cms.mediation"
    label = "mediation"
    verbose_name = _("纠纷调解")
