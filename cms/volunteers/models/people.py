"""Volunteers and their service teams, kept by each studio (志愿服务条例 2017; MCA Order 67).

Registered in the admin by ``cms/volunteers/wagtail_hooks.py`` (志愿服务 → 志愿者 / 服务队).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from cms.core.models import Record
from cms.studios.models import Studio


class Team(Record):
    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="teams", verbose_name=_("工作室")
    )
    name = models.CharField(_("服务队名称"), max_length=100)
    # The leader verifies the team's service records alongside each activity's organiser.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("队长"),
    )
    description = models.TextField(_("简介"), blank=True)
    public = models.BooleanField(_("在工作室页面公开"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["studio__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "name"], name="team_name_per_studio")
        ]
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")

    def __str__(self) -> str:
        return self.name


class Volunteer(Record):
    class Gender(models.TextChoices):
        FEMALE = "f", _("女")
        MALE = "m", _("男")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        PAUSED = "paused", _("暂停")
        LEFT = "left", _("已退出")

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("登记工作室")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    skills = TaggableManager(_("技能"), blank=True, help_text=_("多个技能用逗号分隔"))
    party_member = models.BooleanField(_("党员"), default=False)
    izhiyuan_number = models.CharField(_("i志愿编号"), max_length=30, blank=True)
    teams = models.ManyToManyField(
        Team, related_name="members", blank=True, verbose_name=_("所属服务队")
    )
    joined_on = models.DateField(_("加入日期"), default=timezone.localdate)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    consented_at = models.DateTimeField(
        _("同意隐私告知的时间"), help_text=_("登记前须征得本人同意（个人信息保护法）。")
    )

    history = HistoricalRecords(excluded_fields=["consented_at"])

    class Meta:
        ordering = ["studio__code", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "phone"], name="one_volunteer_per_phone")
        ]
        # The admin search finds a volunteer by their whole phone or i志愿 number (the name by trigrams,
        # migration 0005 on PostgreSQL).
        indexes = [
            models.Index(fields=["phone"], name="volunteers_phone_idx"),
            models.Index(fields=["izhiyuan_number"], name="volunteers_izhiyuan_idx"),
        ]
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")

    def __str__(self) -> str:
        return self.name
