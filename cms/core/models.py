"""Shared page base and site-wide settings, used by every public page type in ``cms.studios``."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page
from wagtail.search import index

from cms.core.page_cache import cacheable_page
from cms.core.search import segment

SITE_CONTACT_CACHE_KEY = "core:site-contact"


class Record(models.Model):
    """A record kept by staff (a case, a note, a volunteer), as opposed to published content.

    Wagtail's reference index ("where is this used") would otherwise cost queries on every save.
    """

    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True


class PrivateFile(Record):
    """A file staff uploaded (a case's photo, a project's evidence, an inspector's photo): checked by its
    content, kept in private storage under a random name and served only after an access check, never by
    its address. Subclasses add ``file`` (their storage path) and what the file belongs to."""

    content_type = models.CharField(_("文件类型"), max_length=50, editable=False)
    original_name = models.CharField(_("原文件名"), max_length=200, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class BasePage(Page):
    """Every public page: indexes a segmented copy of its text so that Chinese words are found.

    Subclasses list the fields whose text is searchable in ``searchable_fields``.
    """

    searchable_fields: tuple[str, ...] = ()

    search_fields = Page.search_fields + [
        index.SearchField("segmented_text"),
        index.AutocompleteField("segmented_text"),
    ]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        return cacheable_page(super().serve(request, *args, **kwargs))

    def get_view_restrictions(self):
        # Found with the route and kept with it (cms.core.routing): no query per request.
        remembered = self.__dict__.get("remembered_view_restrictions")
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()

    def segmented_text(self) -> str:
        parts = [self.title, self.search_description]
        for name in self.searchable_fields:
            field = self._meta.get_field(name)
            value = getattr(self, name)
            if hasattr(field, "get_searchable_content"):
                parts.extend(field.get_searchable_content(value))
            elif value:
                parts.append(str(value))
        return segment(" ".join(p for p in parts if p))


@register_setting(icon="site")
class SiteContact(BaseGenericSetting):
    """The organiser's contact shown in every page footer (设置 → 网站联系信息)."""

    organiser = models.CharField(
        _("主办单位"), max_length=100, default="桂城街道基层治理工作委员会"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=60, blank=True)

    panels = [
        FieldPanel("organiser"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("office_hours"),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = _("网站联系信息")
        verbose_name_plural = _("网站联系信息")

    @classmethod
    def cached(cls) -> "SiteContact":
        """The footer's contact, from the shared cache: every page shows it, it changes rarely."""
        contact = cache.get(SITE_CONTACT_CACHE_KEY)
        if contact is None:
            contact = cls.load()
            cache.set(SITE_CONTACT_CACHE_KEY, contact, timeout=None)
        return contact

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(SITE_CONTACT_CACHE_KEY)


class PersonalDataAccess(models.Model):
    """Who read or took out personal data, and when (PIPL: log who viewed or exported it).

    Written by ``cms.core.audit.record`` from the views that show names, phones or ID numbers unmasked,
    serve attachments, print documents with parties, or export. Read-only in the admin (设置 → 个人信息访问记录)
    for the committee office; never edited.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("查看")
        DOWNLOAD = "download", _("下载附件")
        PRINT = "print", _("打印")
        EXPORT = "export", _("导出")
        # The retention job (cms.cases.retention): no user, the subject says what was anonymised.
        ANONYMISE = "anonymise", _("保存期满匿名化")

    # Empty for what a scheduled job did (``audit.record_job``).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用户"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    subject = models.CharField(_("对象"), max_length=200)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.subject}"

    def vouched_content(self) -> dict:
        """What the tamper-evident chain vouches for (``cms.core.chain``, kind "personal-data-access")."""
        return {"user": self.user_id, "at": self.at, "action": self.action, "subject": self.subject}


class ChainHead(models.Model):
    """The last link of one tamper-evident chain (``cms.core.chain``): locked while a link is appended."""

    name = models.CharField(_("链条"), max_length=40, primary_key=True)
    position = models.PositiveIntegerField(_("链接数"))
    last_hash = models.CharField(_("末尾摘要"), max_length=64)

    class Meta:
        verbose_name = _("防篡改链条")
        verbose_name_plural = _("防篡改链条")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class ChainLink(models.Model):
    """One record's link in a tamper-evident chain (``cms.core.chain``); written once, never edited."""

    chain = models.CharField(_("链条"), max_length=40)
    position = models.PositiveIntegerField(_("位置"))
    object_pk = models.CharField(_("记录编号"), max_length=40)
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    previous_hash = models.CharField(_("前一链接摘要"), max_length=64)
    link_hash = models.CharField(_("链接摘要"), max_length=64)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="chain_link_position_unique")
        ]
        verbose_name = _("防篡改链接")
        verbose_name_plural = _("防篡改链接")

    def __str__(self) -> str:
        return f"{self.chain} #{self.position}"
