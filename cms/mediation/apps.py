from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "cms.mediation"
    label = "mediation"
    verbose_name = _("纠纷调解")

    def ready(self):
        from cms.cases import retention
        from cms.core import chain
        from cms.mediation.models import MediationFile
        from cms.mediation.retention import anonymise_parties

        chain.register("mediation-agreement", MediationFile, MediationFile.agreement_content)
        retention.register("mediation-parties", anonymise_parties)
