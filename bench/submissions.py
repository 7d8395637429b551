"""Online submissions one app process sustains: the real form view (validation, rate-limit counters in
Redis, reference with its unique check, history, receipt page) through Django's test client, no attachments.

    .venv/bin/python bench/submissions.py [COUNT] [--runs N] [--threads N] [--reuse]

PostgreSQL ``qiandeng_bench`` and Redis db 1 by default (``DATABASE_URL``, ``REDIS_URL``). Each request comes
from its own client address and phone, so the rate limits count but never refuse. ``--reuse`` skips the
migrations, static files and demo places a first run set up. Prints each run (submissions per second by
the clock and by this process's CPU time alone, the load average), then the median of the runs.

``--threads 1`` (the default) submits one after the other: every wait (the round trips, PostgreSQL's WAL
flush at COMMIT) adds to the time. ``--threads 4`` is the process as deployed (``docker/entrypoint.sh``:
gunicorn with 4 threads per worker): while one request waits for the database, another runs.
"""

import argparse
import itertools
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_bench")
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
    RATELIMIT_CLIENT_IP_HEADER="",
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connections  # noqa: E402
from django.test import Client  # noqa: E402

from cms.cases.models import Case, CaseCategory  # noqa: E402
from cms.demo import places as places_demo  # noqa: E402
from cms.places.models import Estate  # noqa: E402

WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=500, help="submissions per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="requests served at once")
    parser.add_argument("--reuse", action="store_true", help="the database a first run set up")
    args = parser.parse_args()
    args.count -= args.count % args.threads  # the same number for each thread
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        places_demo.load()  # the form offers the demo's 10 communities and 40 estates
    cache.clear()  # the bench's own Redis db: earlier runs' rate-limit counters go
    category = CaseCategory.objects.filter(studio__code="06", name="投诉").get()
    estate = Estate.objects.order_by("pk").first()
    form = {
        "category": category.pk,
        "place": f"e{estate.pk}",
        "title": "压力测试诉求",
        "description": "用于测量提交吞吐量的合成诉求。",
        "reporter_name": "测试居民",
        "consent": "on",
    }
    numbers = itertools.count(1)  # a new client address and phone for each submission

    def submit(count: int, errors: list) -> None:
        client = Client()
        data = dict(form)
        try:
            submit_each(client, data, count, errors)
        finally:
            connections.close_all()  # this thread's own database connection

    def submit_each(client: Client, data: dict, count: int, errors: list) -> None:
        for _ in range(count):
            n = next(numbers)
            data["reporter_phone"] = f"138{n:08d}"  # one phone each: counted, never refused
            # What the WSGI handler does around every request (the test client skips it): a kept
            # connection is checked again (CONN_HEALTH_CHECKS) before the request's first query.
            close_old_connections()
            response = client.post(
                "/issues/new/", data, REMOTE_ADDR=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"
            )
            if response.status_code != 200 or b'id="reference"' not in response.content:
                errors.append(n)

    def submit_in_threads(count: int) -> int:
        errors: list = []
        workers = [
            threading.Thread(target=submit, args=(count // args.threads, errors))
            for _ in range(args.threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return len(errors)

    submit_in_threads(WARM_UP)
    print(
        f"{args.runs} runs of {args.count} submissions, one process, {args.threads} thread(s), "
        f"{os.environ['DATABASE_URL']}"
    )
    print("run | per second | by CPU time alone | waits/submission | errors | cases | load average")
    rates = []
    for run in range(1, args.runs + 1):
        before = Case.objects.count()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        wall, cpu = time.perf_counter(), time.process_time()
        errors = submit_in_threads(args.count)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        waits = resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw - usage.ru_nvcsw
        created = Case.objects.count() - before
        rates.append(args.count / wall)
        load = "/".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"{run} | {args.count / wall:.0f} | {args.count / cpu:.0f} | {waits / args.count:.1f} "
            f"| {errors} | {created} | {load}"
        )
    print(
        f"median {statistics.median(rates):.0f} per second, lowest {min(rates):.0f}, "
        f"highest {max(rates):.0f}"
    )


if __name__ == "__main__":
    main()
