"""The XLSX export of 100,000 cases on PostgreSQL, built the way production builds it: the office asks for
it (the request queues a job), then a separate process, like ``manage.py db_worker``, runs the task. That
process's peak RSS is reported whole (Django's start-up included), with its CPU time and the task's own
time; median of a few runs.

    .venv/bin/python bench/case_export.py           # builds a qiandeng_xlsx_bench database, then measures
    .venv/bin/python bench/case_export.py --reuse   # measures again on the database the last run built

The database is created afresh with the demo and filled to 100,000 cases as ``case_admin.py`` fills it.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_xlsx_bench")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_admin import TARGET, fill, fresh_database, peak_rss_mb  # sets up the environment

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def main() -> None:
    if "--worker" in sys.argv:
        return worker(int(sys.argv[-1]))
    reuse = "--reuse" in sys.argv  # measure again on the database the last run built
    started = time.perf_counter()
    if not reuse:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the admin's manifest
    if not reuse:
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        fill(TARGET)
        print(f"database built in {time.perf_counter() - started:.0f} s")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(
        f"{'run':>4} {'rows':>8} {'MB file':>8} {'task s':>7} {'task CPU s':>11} "
        f"{'process s':>10} {'process CPU s':>14} {'RSS MB before':>14} {'peak RSS MB':>12}"
    )
    results = []
    for run in range(1, RUNS + 1):
        job_id = ask_for_export()
        start = time.perf_counter()
        output = subprocess.run(
            [sys.executable, __file__, "--worker", str(job_id)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        process_seconds = time.perf_counter() - start
        rows, size, task_s, task_cpu, cpu, before, peak = output.split()
        results.append((float(task_s), process_seconds, int(peak)))
        print(
            f"{run:>4} {rows:>8} {int(size) / 1e6:>8.1f} {task_s:>7} {task_cpu:>11} "
            f"{process_seconds:>10.1f} {cpu:>14} {before:>14} {peak:>12}"
        )
    task_s, process_s, peak = (statistics.median(column) for column in zip(*results, strict=True))
    print(f"median: task {task_s:.1f} s, worker process {process_s:.1f} s, peak RSS {peak:.0f} MB")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


def ask_for_export() -> int:
    """The office asks for every case as XLSX, as in the admin; returns the queued job's id."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import resolve

    client = Client()
    client.force_login(get_user_model().objects.get(username="office"))
    response = client.get("/admin/cases/export.xlsx")
    return resolve(response["Location"]).kwargs["pk"]


def worker(job_id: int) -> None:
    """In the child: start Django as a worker does, run the export's task, print what it cost."""
    import django

    django.setup()
    from cms.exports import services
    from cms.exports.models import ExportJob

    before = peak_rss_mb()
    start, start_cpu = time.perf_counter(), time.process_time()
    assert services.build(job_id) == "done"
    task_s, task_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    peak = peak_rss_mb()
    job = ExportJob.objects.get(pk=job_id)
    size = job.file.size
    job.file.delete()  # the bench leaves no files behind
    print(
        job.rows_done,
        size,
        f"{task_s:.1f}",
        f"{task_cpu:.1f}",
        f"{time.process_time():.1f}",
        before,
        peak,
    )


if __name__ == "__main__":
    main()
