"""The notifications app's tasks: arguments are ids and names only, never personal data."""

from django_tasks import task

from cms.notifications import delivery, schedules


@task()
def deliver_message(message_id: int) -> str:
    return delivery.deliver(message_id)


@task()
def run_scheduled_job(job: str, period_key: str) -> str:
    return schedules.run_claimed(job, period_key)
