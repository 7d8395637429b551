from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "cms.interop"
    label = "interop"
    verbose_name = _("对外接口与数据交换")
