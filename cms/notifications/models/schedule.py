"""One row per periodic job and period: the unique pair is the claim that makes a job run once per period
however many schedulers tick (``cms/notifications/schedules.py``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l


class ScheduledRun(models.Model):
    class RunState(models.TextChoices):
        RUNNING = "running", _l("运行中")
        DONE = "done", _l("完成")
        FAILED = "failed", _l("失败")

    job = models.CharField(_l("任务"), max_length=50)
    period_key = models.CharField(_l("周期"), max_length=30)
    state = models.CharField(
        _l("状态"), max_length=10, choices=RunState.choices, default=RunState.RUNNING
    )
    attempts = models.PositiveSmallIntegerField(_l("尝试次数"), default=1)
    claimed_at = models.DateTimeField(_l("领取时间"), default=timezone.now)
    finished_at = models.DateTimeField(_l("完成时间"), null=True, blank=True)
    result = models.CharField(_l("结果"), max_length=500, blank=True)

    class Meta:
        verbose_name = _l("定时任务运行")
        verbose_name_plural = _l("定时任务运行")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period_key"], name="scheduled_run_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} · {self.period_key}"
