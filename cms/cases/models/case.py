"""A resident issue (居民诉求) handled by one studio: the record, its states and its deadlines.

Registered in the admin by ``cms/cases/wagtail_hooks.py``; every change goes through ``cms/cases/services.py``,
which writes the revision history (django-simple-history) with who and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.cases.models.catalogue import CaseCategory, HandlingUnit, Priority
from cms.core.history import OnceBuiltHistoryManager
from cms.core.list_counts import ListCounts
from cms.core.models import Record
from cms.places.models import Community, Estate
from cms.studios.models import Studio


class Status(models.TextChoices):
    AWAITING_ROUTING = "awaiting_routing", _("待分派")
    RECEIVED = "received", _("受理")
    ASSIGNED = "assigned", _("已派单")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已办结")
    FOLLOWED_UP = "followed_up", _("已回访")
    CLOSED = "closed", _("已归档")
    RETURNED = "returned", _("已退单")
    # A duplicate closed into an earlier case (``merged_into``); the committee office can undo it.
    MERGED = "merged", _("已合并")


# States in which the resident is still owed something: deadlines run, overdue is possible.
OPEN_STATUSES = (Status.AWAITING_ROUTING, Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)


class Source(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    PHONE = "phone", _("来电")
    ONLINE = "online", _("网上提交")
    REFERRAL = "referral", _("转办")
    INSPECTION = "inspection", _("巡查发现")
    # Submitted by another system through the Open311 GeoReport v2 API (``cms.interop``).
    API = "api", _("开放接口")
    # A work order of the city's 12345 hotline platform, imported from its spreadsheet (``cms.interop``).
    HOTLINE = "hotline12345", _("12345热线")
    # A registered rider or driver reporting what they saw on their rounds (``cms.registers``).
    OBSERVER = "observer", _("新就业群体观察员")


class Kind(models.TextChoices):
    ISSUE = "issue", _("居民诉求")
    # A property or neighbour dispute under mediation: its file lives in ``cms.mediation``, and its
    # transitions follow the file's steps (``cms.mediation.services``), not the case actions.
    MEDIATION = "mediation", _("纠纷调解")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


def overdue_condition(now=None) -> Q:
    """Open, and past the handling deadline or past the first-contact deadline without a contact."""
    now = now or timezone.now()
    late = Q(handling_due__lt=now) | Q(first_contacted_at__isnull=True, first_contact_due__lt=now)
    return late & Q(status__in=OPEN_STATUSES)


def is_overdue(status, first_contacted_at, first_contact_due, handling_due, now=None) -> bool:
    """``overdue_condition`` for one case already loaded (an instance or an exported row)."""
    if status not in OPEN_STATUSES:
        return False
    now = now or timezone.now()
    late_contact = first_contacted_at is None and first_contact_due < now
    return late_contact or handling_due < now


class CaseQuerySet(ListCounts, models.QuerySet):
    def counted(self) -> "CaseQuerySet":
        """The cases figures count: a duplicate merged into an earlier case is that case, counted once."""
        return self.exclude(status=Status.MERGED)

    def overdue(self, now=None):
        return self.filter(overdue_condition(now))

    def not_overdue(self, now=None):
        return self.exclude(overdue_condition(now))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Case(Record):
    # Lifecycle fields are editable only through services; the admin's forms list the fields staff may type.
    reference = models.CharField(_("编号"), max_length=20, unique=True, editable=False)
    retrieval_code_hash = models.CharField(_("查询码摘要"), max_length=64, editable=False)
    # Both empty only while a case awaits routing by the committee office ("not sure" online submissions).
    studio = models.ForeignKey(
        Studio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("工作室"),
    )
    category = models.ForeignKey(
        CaseCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("类别"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.ISSUE)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    # Where the issue is: a community (社区/村) and, when known, one of its estates; the text holds a
    # street address, or the place as typed when it is not in the list (其他/不确定).
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("社区/村"),
    )
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("小区"),
    )
    location_text = models.CharField(_("详细地址或位置"), max_length=200, blank=True)
    reporter_name = models.CharField(_("反映人姓名"), max_length=50)
    reporter_phone = models.CharField(_("反映人电话"), max_length=20)
    contact_time = models.CharField(_("方便联系时间"), max_length=50, blank=True)
    # The resident asked for progress by SMS (public form): receipt, assignment, resolution.
    sms_opt_in = models.BooleanField(_("短信通知"), default=False)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("承办人"),
    )
    handling_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("承办单位"),
    )
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now, editable=False)
    first_contact_due = models.DateTimeField(_("首次联系时限"))
    first_contacted_at = models.DateTimeField(_("首次联系时间"), null=True)
    handling_due = models.DateTimeField(_("办理时限"))
    resolved_at = models.DateTimeField(_("办结时间"), null=True)
    closed_at = models.DateTimeField(_("归档时间"), null=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    satisfaction = models.CharField(
        _("回访评价"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    return_reason = models.TextField(_("退单理由"), blank=True)
    # Set while the case is merged into an earlier one (status MERGED): its reporter follows that case.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_duplicates",
        verbose_name=_("已合并至"),
    )
    # Optimistic lock: an edit saved against an older version is refused (services.update_case).
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    history = HistoricalRecords(
        excluded_fields=["version", "retrieval_code_hash"], history_manager=OnceBuiltHistoryManager
    )
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            # The lists' order (newest first, then by id as modeladmin adds it), walked in the index: a
            # deep page of a million cases reads ids from the index alone (cms.core.list_counts).
            models.Index(fields=["-received_at", "-id"], name="cases_case_list_order"),
            models.Index(fields=["studio", "-received_at", "-id"], name="cases_case_studio_order"),
            models.Index(fields=["studio", "status", "-received_at"]),
            models.Index(fields=["status", "-received_at"]),
            models.Index(fields=["status", "handling_due"]),
            # The committee's 12-month trend counts received and resolved cases month by month: every
            # studio's from the first index alone, a studio's from the second (cms.committee.rates
            # .monthly_trend). A million entries each dashboard: kept narrow (30 MB, not the 93 MB of
            # an index that also held the places), as they stream through the memory the month's
            # figures, read at the same time, need. Narrowed by place, the trend reads the next index.
            models.Index(
                fields=["received_at"],
                include=["resolved_at"],
                condition=~Q(status="merged"),
                name="cases_case_trend",
            ),
            models.Index(
                fields=["studio", "received_at"],
                include=["resolved_at"],
                condition=~Q(status="merged"),
                name="cases_case_studio_trend",
            ),
            # A month's figures (counts by five groupings, medians) read from this index alone: every
            # column they filter, group and count by, so ~90,000 cases of a million are read as index
            # entries, not as wide rows (cms.committee.rates.report); the trend narrowed by place too.
            # SQLite ignores INCLUDE, which leaves it the trend's first index twice: a small cost on a
            # development database, for one definition on both.
            models.Index(
                fields=["received_at"],
                include=[
                    "resolved_at",
                    "first_contact_due",
                    "first_contacted_at",
                    "handling_due",
                    "studio",
                    "category",
                    "handling_unit",
                    "community",
                    "estate",
                    "status",
                    "satisfaction",
                ],
                condition=~Q(status="merged"),
                name="cases_case_figures",
            ),
            # The admin search finds a case by the reporter's whole phone number.
            models.Index(fields=["reporter_phone"], name="cases_case_phone_idx"),
        ]
        verbose_name = _("居民诉求")
        verbose_name_plural = _("居民诉求")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def place_label(self) -> str:
        """Community · estate · address, as far as known (reads the place rows: select them with the case)."""
        parts = [self.community, self.estate, self.location_text]
        return " · ".join(str(p) for p in parts if p)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return is_overdue(
            self.status, self.first_contacted_at, self.first_contact_due, self.handling_due
        )
