"""Running queued tasks in this process: the tests and the benches drain the database queue with the
worker `manage.py db_worker` runs (its claim and its ``run_task``), instead of an inline backend.

Only the loop differs: db_worker closes "old" connections between tasks, which would end a test's
transaction.
"""

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


def run_queued_tasks(*, max_tasks: int | None = None, backend_name: str = "default") -> int:
    """Runs the ready tasks of the database backend (those enqueued while running too); returns how
    many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    ran = 0
    while max_tasks is None or ran < max_tasks:
        ready = DBTaskResult.objects.ready().filter(backend_name=backend_name)
        with exclusive_transaction(ready.db):
            task_result = ready.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1
    return ran
