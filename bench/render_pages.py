"""In-process render benchmark of the public pages: median and p95 server time, and queries per page.

Runs the real stack (URL routing, middleware, templates) with the production settings (DEBUG off, Redis
cache at REDIS_URL, hashed static files) through Django's test client, against a demo database of its own
(``bench/bench.sqlite3`` unless DATABASE_URL is set), built on first use.

    make bench                      # or: .venv/bin/python bench/render_pages.py [ROUNDS]
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

PAGES = {
    "home": "/",
    "studio": "/studio-06/",
    "news index": "/studio-06/news/",
    "news": "/studio-06/news/news-1/",
    "service": "/studio-06/services/service-1/",
    "search": "/search/?q=物业纠纷",
}


def measure(client: Client, url: str, rounds: int) -> tuple[float, float, int]:
    client.get(url)  # warm: renditions, caches
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # now: each later request clears the log
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], query_count


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    print(f"{connection.vendor}, {rounds} rounds per page")
    with override_settings(PAGE_CACHE_SECONDS=0):
        report("full render (page cache off: every cache miss)", client, rounds)
    report("served to anonymous visitors (page cache on)", client, rounds)


def report(title: str, client: Client, rounds: int) -> None:
    print(f"\n{title}")
    print(f"{'page':<12} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in PAGES.items():
        median, p95, queries = measure(client, url, rounds)
        print(f"{name:<12} {median:>10.2f} {p95:>8.2f} {queries:>8}")


if __name__ == "__main__":
    main()
