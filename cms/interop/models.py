"""Qiandeng and the systems around it: Open311 API clients and what they submitted, the extra questions a
service asks (Open311 attributes), and the 12345 hotline's work orders with the column mapping of its
spreadsheet.

All are kept by the committee office in the admin (``cms/interop/wagtail_hooks.py``, menu 对外接口); keys are
issued and revoked through ``cms/interop/keys.py``, work orders imported through ``cms/interop/hotline.py``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models import Case, CaseCategory
from cms.core.models import Record


class ApiClient(Record):
    """Another system allowed to submit requests through the Open311 API, with its own key and limit.

    Only a SHA-256 digest of the key is kept: the key itself is shown once, when it is issued.
    """

    name = models.CharField(_("客户端名称"), max_length=80, unique=True)
    note = models.TextField(_("用途说明"), blank=True)
    requests_per_hour = models.PositiveIntegerField(
        _("每小时提交上限"), default=60, help_text=_("超过后接口返回 429，下一小时恢复")
    )
    key_prefix = models.CharField(_("密钥前缀"), max_length=12, blank=True, editable=False)
    key_hash = models.CharField(
        _("密钥摘要"), max_length=64, blank=True, editable=False, db_index=True
    )
    issued_at = models.DateTimeField(_("密钥签发时间"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["key_hash"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")

    def __str__(self) -> str:
        return self.name

    @property
    def has_live_key(self) -> bool:
        return bool(self.key_hash) and self.revoked_at is None


class ApiSubmission(Record):
    """Which client submitted a case through the API (the case itself carries source "开放接口")."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="api_submission", verbose_name=_("诉求")
    )
    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("客户端")
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("接口提交记录")
        verbose_name_plural = _("接口提交记录")

    def __str__(self) -> str:
        return f"{self.client} · {self.case_id}"


class ServiceAttribute(Record):
    """An extra question a category asks API clients (an Open311 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("单行文本")
        NUMBER = "number", _("数字")
        DATETIME = "datetime", _("日期时间")
        TEXT = "text", _("多行文本")
        SINGLEVALUELIST = "singlevaluelist", _("单选")
        MULTIVALUELIST = "multivaluelist", _("多选")

    category = models.ForeignKey(
        CaseCategory,
        on_delete=models.CASCADE,
        related_name="api_attributes",
        verbose_name=_("诉求类别"),
    )
    code = models.CharField(_("代码"), max_length=40)
    description = models.CharField(_("问题"), max_length=200)
    datatype = models.CharField(_("类型"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("必填"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    # "key=name" per line, for the list types.
    values = models.TextField(_("选项"), blank=True, help_text=_("每行一个，格式：代码=名称"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="attribute_code_per_category")
        ]
        verbose_name = _("服务附加问题")
        verbose_name_plural = _("服务附加问题")

    def __str__(self) -> str:
        return f"{self.category} · {self.description}"

    def value_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.values.splitlines():
            key, _sep, name = line.partition("=")
            if key.strip():
                pairs.append((key.strip(), (name or key).strip()))
        return pairs


class HotlineColumn(Record):
    """Which column of the 12345 platform's spreadsheet holds which field: edited by the committee office
    when the platform renames its columns; seeded by a data migration with the platform's current headers."""

    class Field(models.TextChoices):
        ORDER_NUMBER = "order_number", _("工单编号")
        RECEIVED_AT = "received_at", _("受理时间")
        DEADLINE = "deadline", _("办理时限")
        CATEGORY = "category", _("诉求类别")
        COMMUNITY = "community", _("所在社区/小区")
        REPORTER_NAME = "reporter_name", _("来电人")
        REPORTER_PHONE = "reporter_phone", _("联系电话")
        TITLE = "title", _("标题")
        DESCRIPTION = "description", _("诉求内容")

    field = models.CharField(_("字段"), max_length=20, choices=Field.choices, unique=True)
    header = models.CharField(_("表头"), max_length=50, help_text=_("12345 平台导出表格中的列名"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("12345 工单列")
        verbose_name_plural = _("12345 工单列")

    def __str__(self) -> str:
        return f"{self.get_field_display()} ← {self.header}"


class HotlineOrder(Record):
    """A 12345 work order and the case it became; the platform's order number is unique, so a re-import
    updates the case instead of duplicating it."""

    order_number = models.CharField(_("工单编号"), max_length=40, unique=True)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="hotline_order", verbose_name=_("诉求")
    )
    deadline = models.DateTimeField(_("平台办理时限"))
    # A digest of the imported row: an unchanged row is skipped, a changed one updates the case.
    row_digest = models.CharField(_("导入行摘要"), max_length=64, editable=False)
    imported_at = models.DateTimeField(_("首次导入时间"), default=timezone.now, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("导入人"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("12345 工单")
        verbose_name_plural = _("12345 工单")

    def __str__(self) -> str:
        return self.order_number
