from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _l


class NotificationsConfig(AppConfig):
    name = "cms.notifications"
    label = "notifications"
    verbose_name = _l("通知")

    def ready(self):
        from cms.notifications import schedules

        schedules.register(
            schedules.Job(
                name="outbox-sweep",
                function="cms.notifications.outbox.sweep",
                every=timedelta(minutes=1),
            )
        )
        # Run by a task worker like every job: /readyz sees the worker alive (cms.core.health).
        schedules.register(
            schedules.Job(
                name="worker-heartbeat", function="cms.core.health.beat", every=timedelta(minutes=1)
            )
        )
